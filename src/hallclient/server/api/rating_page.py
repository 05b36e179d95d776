"""``/r/{code}``: the page behind the link of the SMS rating invitation (短信评价页).

A small mobile-first Chinese page: the hall's name, the case's matter and date (no personal data), the five
levels and a reason, optional as at the window
(``ui/rating.py``), posted as a plain form (no JavaScript, no external assets; a strict CSP). The
code in the address is the capability: a post carries it in its path, so a form elsewhere cannot rate
without it, and it goes through the same path and limits as ``POST /v1/ratings/sms``. Whatever the
citizen typed is escaped wherever it is shown.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from hallclient import config
from hallclient.domain.rating import LEVELS
from hallclient.server.auth import database
from hallclient.server.db import Database

router = APIRouter(tags=["rating-page"], include_in_schema=False)  # a web page, not the /v1 API
MAX_FORM_BYTES = 4096  # five levels and a 200-character reason fit many times over
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ margin: 0 auto; max-width: 32em; padding: 1em; font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  font-size: 18px; line-height: 1.6; color: #1b1b1b; }}
h1 {{ font-size: 1.3em; }} .error {{ color: #b00020; }}
label.level {{ display: block; padding: .6em; margin: .3em 0; border: 1px solid #bbb; border-radius: .4em; }}
textarea {{ width: 100%; box-sizing: border-box; font-size: 1em; }}
button {{ width: 100%; padding: .8em; font-size: 1.1em; margin-top: 1em; }}
</style></head>
<body><h1>{hall}</h1>
{body}
</body></html>
"""


def _page(hall: str, title: str, body: str, status: int = 200) -> HTMLResponse:
    text = PAGE.format(title=html.escape(title), hall=html.escape(hall), body=body)
    return HTMLResponse(text, status_code=status, headers=HEADERS)


def _notice(message: str, status: int) -> HTMLResponse:
    """A plain page for a code that cannot rate: what happened and whom to call."""
    settings = config.load()
    body = (
        f'<p id="message">{html.escape(message)}</p>'
        f"<p>如有疑问，请致电 {html.escape(settings.hall_name)}：{html.escape(settings.hall_phone)}。</p>"
    )
    return _page(settings.hall_name, "服务评价", body, status)


def _form(code: str, matter: str, day: str, level: int | None, reason: str, error: str) -> HTMLResponse:
    levels = "".join(
        f'<label class="level"><input type="radio" name="level" value="{value}" required'
        f"{' checked' if value == level else ''}> {label}</label>"
        for value, label in sorted(LEVELS.items(), reverse=True)
    )
    body = (
        f"<p>请为您办理的“{html.escape(matter)}”（{html.escape(day)}）评价本次服务。</p>"
        + (f'<p class="error" id="error">{html.escape(error)}</p>' if error else "")
        + f'<form method="post" action="/r/{html.escape(code)}">{levels}'
        '<p><label for="reason">如不满意，请告诉我们原因（可不填，最多 200 字）：</label>'
        f'<textarea id="reason" name="reason" rows="4" maxlength="200">{html.escape(reason)}</textarea></p>'
        '<button type="submit" id="submit">提交评价</button></form>'
    )
    return _page(config.load().hall_name, "服务评价", body)


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


def _looked_up(db: Database, code: str, ip: str) -> HTMLResponse | tuple[str, str]:
    """The invitation's (matter, day), or the page saying why it cannot rate. An unknown code counts against the
    address's limit, so guessing codes through the page is as limited as through the API."""
    from hallclient.server.sms.ratings import RatingRefused, count_attempt, invitation

    with db.session() as session:
        found = invitation(session, code) if 4 <= len(code) <= 16 and code.isalnum() else None
    if found is None:
        try:
            with db.session() as session:
                count_attempt(session, code, ip)
        except RatingRefused as refused:
            return _notice(str(refused), refused.status)
        return _notice("评价链接无效，请核对短信中的链接。", 404)
    if found.rated:
        return _notice("本次服务已经评价过，感谢您的监督。", 409)
    if found.expired:
        return _notice("评价链接已过期。", 410)
    return found.matter, found.day.isoformat()


@router.get("/r/{code}", response_class=HTMLResponse)
async def rating_page(code: str, request: Request, db: Database = Depends(database)) -> HTMLResponse:
    found = await run_in_threadpool(_looked_up, db, code, _client(request))
    if isinstance(found, HTMLResponse):
        return found
    return _form(code, found[0], found[1], None, "", "")


@router.post("/r/{code}", response_class=HTMLResponse)
async def rate_on_page(code: str, request: Request, db: Database = Depends(database)) -> HTMLResponse:
    from hallclient.server.sms.ratings import MAX_REASON, RatingRefused, rate_with_limits

    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return _notice("提交的内容过长。", 413)
    fields = parse_qs(body.decode("utf-8", errors="replace"), max_num_fields=8)
    level_text = (fields.get("level") or [""])[0]
    reason = (fields.get("reason") or [""])[0].strip()
    found = await run_in_threadpool(_looked_up, db, code, _client(request))
    if isinstance(found, HTMLResponse):
        return found
    level = int(level_text) if level_text.isdigit() and int(level_text) in LEVELS else None
    error = ""
    if level is None:
        error = "请选择一个评价等级。"
    elif len(reason) > MAX_REASON:
        error = f"原因最多 {MAX_REASON} 字。"
    if error or level is None:
        return _form(code, found[0], found[1], level, reason[:MAX_REASON], error)
    try:
        await run_in_threadpool(rate_with_limits, db, code, _client(request), level, reason)
    except RatingRefused as refused:
        if refused.status == 409:
            return _notice("本次服务已经评价过，感谢您的监督。", 409)
        return _notice(str(refused), refused.status)
    body_html = f'<p id="thanks">感谢您的评价（{html.escape(LEVELS[level])}）！</p><p>您的意见将转交大厅跟进。</p>'
    return _page(config.load().hall_name, "感谢评价", body_html)
