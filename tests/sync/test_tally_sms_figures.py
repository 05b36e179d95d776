"""短信发送条数 end to end: notices sent by the server through the ``file:`` gateway reach the tally exports
(PDF, XLSX) as the supervisor fetches them (``GET /v1/tallies``), equal to a count of the server's messages;
an older server without ``sms`` still gives a tally that says so; a local tally says the window sends none."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sync_helpers import Enrolled, intake

from hallclient.cli import main
from hallclient.domain.case import Decision
from hallclient.domain.notices import KIND_LABELS, NoticeKind
from hallclient.domain.tally import Period
from hallclient.reports.export_pdf import write_pdf
from hallclient.reports.export_xlsx import write_xlsx
from hallclient.reports.server import fetch_tallies
from hallclient.server import admin, clock
from hallclient.server.db import Database
from hallclient.server.sms.admin import import_templates
from hallclient.server.sms.models import SmsMessage
from hallclient.server.sms.sender import run_once
from hallclient.server.sms.templates import part_count
from hallclient.server.sms.uri import gateway_for
from hallclient.services import cases
from hallclient.services.context import Actor, Services
from hallclient.services.tallies import local_tallies
from queue_helpers import serving

TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "sms-templates.toml"
PERIOD = Period(date(2026, 3, 1), date(2026, 3, 31))
COLUMNS = ("sent", "delivered", "failed", "suppressed", "queued", "parts")


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def _hand_count(db: Database) -> dict[str, dict[str, int]]:
    """Per kind, from the server's messages themselves (not through the figures code)."""
    counts: dict[str, Counter[str]] = {}
    with db.session() as session:
        for row in session.scalars(select(SmsMessage)):
            count = counts.setdefault(row.kind, Counter())
            if row.status in ("sent", "delivered"):
                count["sent"] += 1
                count["parts"] += part_count(row.text)
            if row.status in ("delivered", "failed", "suppressed"):
                count[row.status] += 1
            if row.status in ("queued", "sending"):
                count["queued"] += 1
    return {kind: {name: count[name] for name in COLUMNS} for kind, count in counts.items()}


@pytest.fixture
def sent(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Database:  # fmt: skip
    """Two cases (one completed) on 2026-03-02, their notices sent; one marked delivered, one failed, one
    left queued, as receipts and a later round would leave them."""
    monkeypatch.setattr(clock, "source", lambda: datetime(2026, 3, 2, 3, 0, tzinfo=UTC))  # 11:00 in the hall
    import_templates(server_db, TEMPLATES)
    cases.complete(services, clerk, intake(services, clerk).case_id, Decision.APPROVED)
    intake(services, clerk)
    enrolled.syncer.run_once()
    assert run_once(server_db, gateway_for(f"file:{tmp_path / 'sms.jsonl'}"), holder="t").sent == 4
    with server_db.session() as session:
        rows = {row.kind: row for row in session.scalars(select(SmsMessage).order_by(SmsMessage.notice_id))}
        rows["accepted"].status = "delivered"
        rows["ready"].status, rows["ready"].reason = "failed", "未送达（UNDELIV）"
        rows["rating_invite"].status = "queued"
    admin.add_user(server_db, "zhao", "赵敏", "supervisor", "secret123")
    return server_db


def _fetch(url: str, token: str) -> Any:
    login = httpx.post(f"{url}/v1/login", json={"username": "zhao", "password": "secret123"},
                       headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    boss = login.json()["user_token"]
    return boss, fetch_tallies(url, token, boss, PERIOD, ["window", "department"])


def test_exports_show_the_servers_sms_counts_equal_to_a_hand_count(
    app: FastAPI, sent: Database, enrolled: Enrolled, services: Services, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    hand = _hand_count(sent)
    assert hand == {
        "accepted": dict(sent=2, delivered=1, failed=0, suppressed=0, queued=0, parts=hand["accepted"]["parts"]),
        "ready": dict(sent=0, delivered=0, failed=1, suppressed=0, queued=0, parts=0),
        "rating_invite": dict(sent=0, delivered=0, failed=0, suppressed=0, queued=1, parts=0),
    }
    with serving(app) as url:
        boss, tallies = _fetch(url, enrolled.token)
        config = tmp_path / "config.toml"
        config.write_text(f'config_version = 2\n[server]\nurl = "{url}"\ndevice_token = "{enrolled.token}"\n',
                          encoding="utf-8")  # fmt: skip
        monkeypatch.setenv("HALLCLIENT_CONFIG", str(config))
        args = ["tally", "--from", "2026-03-01", "--to", "2026-03-31", "--out", str(tmp_path / "cli.pdf"),
                "--server", url, f"--user-token={boss}"]  # fmt: skip
        assert main(args) == 0
    printed = capsys.readouterr()
    sent_total = sum(count["sent"] for count in hand.values())
    assert printed.err == "" and f"短信发送条数 {sent_total}（送达 1，失败 1，待发 1，" in printed.out
    assert "短信发送条数" in _pdf_text(tmp_path / "cli.pdf")
    tally = tallies["window"]
    assert tally.sms is not None and tally.sms.provided and tallies["department"].sms == tally.sms
    by_kind = {row.kind: {name: getattr(row, name) for name in COLUMNS} for row in tally.sms.by_kind()}
    assert by_kind == hand
    total = {name: sum(count[name] for count in hand.values()) for name in COLUMNS}

    write_pdf(tally, tmp_path / "t.pdf")
    text = re.sub(r"[ \t]+", " ", _pdf_text(tmp_path / "t.pdf"))
    assert "短信" in text and "计费条数" in text and "服务器未提供短信统计" not in text
    for kind, count in hand.items():
        numbers = " ".join(str(count[name]) for name in COLUMNS)
        assert f"{KIND_LABELS[NoticeKind(kind)]} {numbers}" in text, kind
    assert "短信发送条数 " + " ".join(str(total[name]) for name in COLUMNS) in text
    assert "本机统计不含短信" not in text

    write_xlsx(tallies, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["短信"]
    values = [list(row) for row in sheet.iter_rows(values_only=True) if any(cell is not None for cell in row)]
    assert values[0] == ["日期", "短信类型", "发送", "送达", "失败", "未发（退订/无号码）", "待发", "计费条数"]
    body = {row[1]: row[2:] for row in values[1:-1]}
    assert all(row[0] == "2026-03-02" for row in values[1:-1])
    assert body == {KIND_LABELS[NoticeKind(kind)]: [count[name] for name in COLUMNS] for kind, count in hand.items()}
    assert values[-1] == [None, "短信发送条数", *[total[name] for name in COLUMNS]]

    local = local_tallies(services, PERIOD)["window"]
    write_pdf(local, tmp_path / "local.pdf")
    assert "短信由中心服务器发送，本机统计不含短信" in _pdf_text(tmp_path / "local.pdf").replace("\n", "")


def test_an_older_server_without_sms_figures_still_gives_the_tally_and_says_so(
    app: FastAPI, sent: Database, enrolled: Enrolled, tmp_path: Path
) -> None:
    with serving(app) as url:
        boss, _ = _fetch(url, enrolled.token)
        headers = {"Authorization": f"Bearer {enrolled.token}", "X-User-Token": boss}
        answer = httpx.get(f"{url}/v1/tallies", params={"from": "2026-03-01", "to": "2026-03-31"}, headers=headers)
    sms: dict[str, Any] = {}  # no "sms" member: as servers before the SMS figures
    older = FastAPI()
    older.get("/v1/tallies")(lambda: {"tallies": answer.json()["tallies"], **sms})
    with serving(older) as url:
        tallies = fetch_tallies(url, enrolled.token, boss, PERIOD, ["window"])
        sms["sms"] = [{"day": "2026-03-02", "kind": "ready", "sent": "many"}]
        garbled = fetch_tallies(url, enrolled.token, boss, PERIOD, ["window"])["window"]
    assert garbled.total.cases == 2 and garbled.sms is not None and not garbled.sms.provided
    assert garbled.sms.notes[0].startswith("服务器返回的短信统计无法识别")
    tally = tallies["window"]
    assert tally.total.cases == 2 and tally.sms is not None and not tally.sms.provided
    write_pdf(tally, tmp_path / "old.pdf")
    assert "服务器未提供短信统计" in _pdf_text(tmp_path / "old.pdf").replace("\n", "")
    write_xlsx(tallies, tmp_path / "old.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "old.xlsx")["短信"]
    assert any("服务器未提供短信统计" in str(row[0]) for row in sheet.iter_rows(values_only=True))
