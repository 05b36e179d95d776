"""The hall display (综合显示屏): ``/display/{hall}`` and ``/display/{hall}/window/{window}``.

Plain HTML a TV browser or LED controller opens; it receives the hall's state over Server-Sent Events
(``/display/{hall}/events``) from the in-process broadcaster (fed, on PostgreSQL, by this worker's
:mod:`~hallclient.server.queue_notify` listener), so screens never poll the database. Only
masked names (王*芳) leave the server here, and no token is needed: the page shows what the hall's
screens show anyway. An unknown hall is a 404 with a Chinese page. Each new call is read aloud from
``/display/{hall}/voice/{ticket}-{window}.wav`` (``hallclient.server.voice``), queued in one ``<audio>``.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator
from functools import partial

import psycopg
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse

from hallclient.protocol.queue import HallState
from hallclient.server import queue, queue_notify, voice
from hallclient.server.auth import database
from hallclient.server.db import Database
from hallclient.server.queue_live import broadcaster_of

router = APIRouter(prefix="/display", tags=["display"], include_in_schema=False)  # web pages, not the /v1 API
HALL_CODE = re.compile(r"^[0-9a-z_-]{1,32}$")
HALL = Path(pattern=HALL_CODE.pattern)
WINDOW = Path(pattern=r"^[0-9A-Za-z_-]{1,16}$")
KEEPALIVE_SECONDS = 15.0

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ margin: 0; background: #0b2545; color: #fff; font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }}
h1 {{ text-align: center; font-size: 4vh; margin: 2vh 0; }}
#current {{ text-align: center; font-size: 9vh; color: #ffd166; min-height: 12vh; }}
table {{ width: 94%; margin: 0 3%; border-collapse: collapse; font-size: 3.5vh; }}
td, th {{ padding: 0.6vh 1vw; border-bottom: 1px solid #13315c; text-align: left; }}
.cols {{ display: flex; gap: 2vw; }} .cols > div {{ flex: 1; }}
#alerts {{ position: fixed; bottom: 0; width: 100%; }}
#alerts > div {{ display: none; background: #c1121f; text-align: center; border-top: 1px solid #0b2545; }}
</style></head>
<body data-hall="{hall}" data-window="{window}" data-site-windows="{site_windows}">
<h1 id="title">{title}</h1>
<div id="current"></div>
<div class="cols">
<div><table><thead><tr><th>号码</th><th>窗口</th><th>姓名</th></tr></thead><tbody id="recent"></tbody></table></div>
<div id="side"><table><thead><tr><th>业务</th><th>等候人数</th></tr></thead><tbody id="waiting"></tbody></table></div>
</div>
<div id="alerts">
<div id="offline">与服务器的连接中断，正在重连……</div>
<div id="voice-blocked">浏览器阻止了自动播放，语音叫号未播出：请点一下屏幕，或按 docs/queue.md 允许自动播放</div>
<div id="voice-failed">语音叫号播放失败，请检查服务器的语音文件（resources/voice）</div>
</div>
<audio id="voice" preload="auto"></audio>
<script>
const hall = document.body.dataset.hall, only = document.body.dataset.window;
// ?site=CODE: only the calls of that site's windows (and the sites under it); every window otherwise.
const siteWindows = document.body.dataset.siteWindows ? new Set(document.body.dataset.siteWindows.split(",")) : null;
function ours(c) {{ return (!only || c.window === only) && (!siteWindows || siteWindows.has(c.window)); }}
function cell(text) {{ const td = document.createElement("td"); td.textContent = text; return td; }}
function row(...texts) {{
  const tr = document.createElement("tr"); texts.forEach(t => tr.appendChild(cell(t))); return tr;
}}
function render(state) {{
  const calls = state.recent.filter(ours);
  const latest = calls[0];
  document.getElementById("current").textContent = latest ? `请 ${{latest.number}} 号到 ${{latest.window}} 号窗口` : "";
  const recent = document.getElementById("recent"); recent.replaceChildren();
  calls.forEach(c => recent.appendChild(row(c.number, c.window, c.name)));
  const waiting = document.getElementById("waiting"); waiting.replaceChildren();
  if (only) {{
    const w = state.windows.find(w => w.window === only);
    waiting.appendChild(row("状态", !w ? "" : w.state === "paused" ? "暂停服务" : w.ticket || "空闲"));
  }} else {{
    state.categories.forEach(c =>
      waiting.appendChild(row(`${{c.category}} ${{c.name}}`, c.open ? String(c.waiting) : "暂停")));
  }}
}}
// Voice (语音叫号): each new call (a recall too) is read from /display/HALL/voice/NUMBER-WINDOW.wav, one
// after another through one <audio>. On by default on the hall page, off on a window's page; ?voice=0|1.
const asked = new URLSearchParams(location.search).get("voice");
const voiceOn = asked === null ? !only : asked !== "0";
const audio = document.getElementById("voice"), blocked = document.getElementById("voice-blocked");
const failed = document.getElementById("voice-failed");
const pending = [], voiceLog = [];  // voiceLog: "play URL" / "ended URL" / "error URL", for the tests
let seen = null, speaking = false, started = false;
function speakNext() {{
  if (speaking || !pending.length) return;
  speaking = true; started = false; audio.src = pending.shift();
  audio.play().catch(err => {{
    if (err.name === "NotAllowedError") blocked.style.display = "block";  // waits for a click, then plays
  }});
}}
function finished(kind) {{ voiceLog.push(`${{kind}} ${{audio.src}}`); speaking = false; speakNext(); }}
audio.onplaying = () => {{  // "playing" fires again after a stall: the log names each announcement's start once
  blocked.style.display = failed.style.display = "none";
  if (!started) {{ started = true; voiceLog.push(`play ${{audio.src}}`); }}
}};
audio.onended = () => finished("ended");
audio.onerror = () => {{ failed.style.display = "block"; finished("error"); }};
document.addEventListener("click", () => {{ if (speaking && audio.paused) audio.play(); }});
function announce(state) {{
  const calls = state.recent.filter(ours);
  const keys = calls.map(c => `${{c.number}}|${{c.window}}|${{c.at}}`);
  if (seen !== null && voiceOn) {{  // calls made before the page opened are not read out
    calls.filter((c, i) => !seen.has(keys[i])).reverse().forEach(c => pending.push(
      `/display/${{hall}}/voice/${{encodeURIComponent(c.number)}}-${{encodeURIComponent(c.window)}}.wav`));
    speakNext();
  }}
  seen = new Set(keys);
}}
const source = new EventSource(`/display/${{hall}}/events`);
source.onmessage = e => {{
  document.getElementById("offline").style.display = "none";
  const state = JSON.parse(e.data); render(state); announce(state);
}};
source.onerror = () => {{ document.getElementById("offline").style.display = "block"; }};
</script></body></html>
"""

NOT_FOUND = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>没有这个大厅</title></head>
<body><h1>没有大厅「{hall}」</h1><p>请检查显示屏地址：/display/大厅代码</p></body></html>"""


def _page(hall: str, title: str, window: str = "", site_windows: str = "") -> HTMLResponse:
    return HTMLResponse(PAGE.format(hall=html.escape(hall), window=html.escape(window), title=html.escape(title),
                                    site_windows=html.escape(site_windows)))  # fmt: skip


def _site_windows(db: Database, site: str) -> tuple[str, str] | None:
    """(site name, its windows and those of the sites under it, comma-separated) or None for an unknown site; the
    root site means every window ("")."""
    from sqlalchemy import select

    from hallclient.domain.sites import ROOT_SITE
    from hallclient.server.models import Device
    from hallclient.server.site_models import ServerSite
    from hallclient.server.sites import SiteError, site_codes

    with db.session() as session:
        try:
            codes = site_codes(session, site)
        except SiteError:
            return None
        name = session.scalar(select(ServerSite.name).where(ServerSite.code == site)) or site
        if site == ROOT_SITE:
            return name, ""
        query = select(Device.window).where(Device.site_code.in_(codes), Device.revoked_at.is_(None)).distinct()
        return name, ",".join(sorted(session.scalars(query))) or "-"  # "-": a site without windows shows no call


def _unknown(hall: str) -> HTMLResponse:
    return HTMLResponse(NOT_FOUND.format(hall=html.escape(hall)), status_code=404)


def _state_json(db: Database, hall: str) -> str | None:
    state = _state_or_none(db, hall)
    return state.model_dump_json() if state is not None else None


def _state_or_none(db: Database, hall: str) -> HallState | None:
    try:
        return queue.display_state(db, hall)
    except queue.QueueNotFound:
        return None


@router.get("/{hall}", response_class=HTMLResponse, summary="The hall screen (?site=CODE: that site's windows)")
def hall_page(
    hall: str = HALL, site: str | None = Query(default=None, max_length=32), db: Database = Depends(database)
) -> HTMLResponse:
    state = _state_or_none(db, hall)
    if state is None:
        return _unknown(hall)
    if not site:
        return _page(hall, f"{state.name} · 叫号")
    found = _site_windows(db, site)
    if found is None:
        return HTMLResponse(
            f"<h1>没有站点「{html.escape(site)}」</h1><p>站点编码见 hallclient server site list</p>", 404
        )
    name, windows = found
    return _page(hall, f"{name} · 叫号", site_windows=windows)


@router.get("/{hall}/window/{window}", response_class=HTMLResponse, summary="One window's small screen")
def window_page(hall: str = HALL, window: str = WINDOW, db: Database = Depends(database)) -> HTMLResponse:
    state = _state_or_none(db, hall)
    if state is None:
        return _unknown(hall)
    if window not in {item.window for item in state.windows}:
        return HTMLResponse(f"<h1>大厅「{html.escape(hall)}」没有 {html.escape(window)} 号窗口</h1>", 404)
    return _page(hall, f"{window} 号窗口", window)


@router.get("/{hall}/voice/{call}", summary="The spoken call 请 {ticket} 号到 {window} 号窗口办理, twice (WAV)")
def voice_call(hall: str, call: str, db: Database = Depends(database)) -> Response:
    """``/display/main/voice/A001-05.wav``: only a ticket of one of the hall's categories at one of its windows."""
    try:
        ticket, window = voice.parse_call(call)
    except voice.VoiceError as exc:
        return PlainTextResponse(str(exc), status_code=400)
    state = _state_or_none(db, hall) if HALL_CODE.match(hall) else None
    if state is None:
        return PlainTextResponse(f"没有大厅「{hall[:32]}」", status_code=404)
    prefix = ticket.rstrip("0123456789")
    if prefix not in {item.category for item in state.categories}:
        return PlainTextResponse(f"大厅「{hall}」没有 {prefix} 类业务", status_code=404)
    if window not in {item.window for item in state.windows}:
        return PlainTextResponse(f"大厅「{hall}」没有 {window} 号窗口", status_code=404)
    try:
        audio = voice.announcement(ticket, window)
    except voice.VoiceUnavailable as exc:
        return PlainTextResponse(str(exc), status_code=503)
    return Response(audio, media_type="audio/wav", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/{hall}/events", summary="Server-Sent Events: the hall's state after every change")
async def events(request: Request, hall: str = HALL, db: Database = Depends(database)) -> StreamingResponse:
    hub = broadcaster_of(request.app.state)
    subscription = hub.subscribe(hall)  # before reading the state, so no change falls in between
    try:  # PostgreSQL: this worker hears the other workers' changes (listening before the state is read)
        await run_in_threadpool(queue_notify.listener_of, request.app.state, db, hub, partial(_state_json, db))
    except psycopg.OperationalError:
        hub.unsubscribe(subscription)
        return StreamingResponse(iter(["数据库暂不可用，请稍后重试\n".encode()]), status_code=503,
                                 media_type="text/plain; charset=utf-8")  # fmt: skip
    try:
        state = await run_in_threadpool(queue.display_state, db, hall)
    except queue.QueueNotFound:
        hub.unsubscribe(subscription)
        return StreamingResponse(
            iter([f"没有大厅「{hall}」\n".encode()]), status_code=404, media_type="text/plain; charset=utf-8"
        )

    async def stream() -> AsyncIterator[str]:
        try:
            yield f"retry: 2000\ndata: {state.model_dump_json()}\n\n"
            while True:
                try:
                    message = await asyncio.wait_for(subscription.messages.get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    yield ": keepalive\n\n"
                    continue
                yield f"data: {message}\n\n"
        finally:
            hub.unsubscribe(subscription)

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
