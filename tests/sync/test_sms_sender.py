"""The SMS sender end to end: a window's notices travel with sync, the server renders and sends them through a
real SMPP server process (tests/sms/smsc.py), each exactly once, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import hypothesis  # noqa: F401 — loaded before the lifespan test loads trio: trio's hypothesis hook warns otherwise
import pytest
from sms_helpers import Smsc, assembled, running_smsc
from sqlalchemy import delete, select
from sync_helpers import Enrolled, intake

from hallclient.domain.case import Decision
from hallclient.domain.events import EventRecord
from hallclient.server import clock
from hallclient.server.db import Database
from hallclient.server.sms.admin import add_optout, import_templates
from hallclient.server.sms.models import SmsMessage
from hallclient.server.sms.sender import SenderConfig, figures, run_once
from hallclient.server.sms.uri import gateway_for
from hallclient.services import cases
from hallclient.services.context import Actor, Services
from hallclient.store.eventlog import iter_events
from hallclient.sync.batching import batches
from hallclient.sync.transport import SyncClient

TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "sms-templates.toml"
DAYTIME = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 11:00 in the hall (+08:00)


@pytest.fixture(scope="module")
def smsc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Smsc]:
    with running_smsc(tmp_path_factory.mktemp("smsc")) as server:
        yield server


@pytest.fixture
def daytime(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The server's clock, settable by the test: starts at 11:00 hall time."""
    now = [DAYTIME]
    monkeypatch.setattr(clock, "source", lambda: now[0])
    return now


@pytest.fixture
def templated(server_db: Database) -> Database:
    import_templates(server_db, TEMPLATES)
    return server_db


def messages(db: Database) -> dict[str, SmsMessage]:
    with db.session() as session:
        return {row.kind + ":" + row.case_no: row for row in session.scalars(select(SmsMessage))}


def new_submits(smsc: Smsc, before: int) -> list[dict[str, object]]:
    return smsc.submits()[before:]


def test_notices_travel_with_sync_render_on_the_server_and_go_once_even_when_the_batch_is_resent(
    services: Services, clerk: Actor, enrolled: Enrolled, templated: Database, smsc: Smsc, daytime: list[datetime]
) -> None:
    case = intake(services, clerk)
    cases.complete(services, clerk, case.case_id, Decision.APPROVED)
    enrolled.syncer.run_once()
    before = len(smsc.submits())
    gateway = gateway_for(smsc.uri())
    try:
        first = run_once(templated, gateway, holder="a")
        (batch,) = batches(list(iter_events_of(services)))  # the window sends the same batch again
        again = SyncClient(enrolled.http).upload(batch.body(services.device_id, "2026-03-02T11:00:05+08:00"))
        assert {result.status for result in again.results} == {"duplicate"}
        second = run_once(templated, gateway, holder="a")
        import time

        time.sleep(0.3)  # the receipts the SMSC sends after each submit
        third = run_once(templated, gateway, holder="a")
    finally:
        gateway.close()
    assert (first.taken_in, first.sent, second.taken_in, second.sent) == (3, 3, 0, 0)
    sent = new_submits(smsc, before)
    assert all(item["dest"] == "8613800000000" and item["data_coding"] == 8 for item in sent)
    texts = assembled(sent)
    assert len(texts) == 3
    assert texts[0] == (f"【西湖区政务服务中心】张三您好，您申请的“国有建设用地使用权及房屋所有权转移登记”已受理，"
                        f"办件编号{case.case_no}，承诺2026-03-09前办结。咨询电话0571-87000000。")  # fmt: skip
    # UCS-2 big-endian at the byte level, after the 6-byte UDH: 【 is U+3010, 西 is U+897F.
    assert bytes.fromhex(str(sent[0]["short_message"]))[6:10] == bytes.fromhex("3010897f")
    invitation = texts[2]
    rows = messages(templated)
    code = rows[f"rating_invite:{case.case_no}"].rating_code
    assert code and f"https://zwfw.example.gov.cn/r/{code}" in invitation
    assert third.receipts + second.receipts + first.receipts == 3  # one per message: its last part asks
    assert {row.status for row in messages(templated).values()} == {"delivered"}


def iter_events_of(services: Services) -> Iterator[EventRecord]:
    with services.store.read() as session:
        yield from list(iter_events(session, services.device_id))


def test_a_long_chinese_text_goes_in_parts_of_67_with_a_concatenation_header(smsc: Smsc) -> None:
    text = "【西湖区政务服务中心】" + "".join(chr(0x4E00 + i) for i in range(130))  # 141 characters → 3 parts
    exact = "【西湖区政务服务中心】" + "办" * 59  # 70: still one SMS
    before = len(smsc.submits())
    gateway = gateway_for(smsc.uri())
    try:
        long_sent = gateway.send("13800000001", text, "n-long")
        single = gateway.send("13800000001", exact, "n-single")
    finally:
        gateway.close()
    assert (long_sent.parts, single.parts) == (3, 1)
    parts = new_submits(smsc, before)
    bodies = [bytes.fromhex(str(item["short_message"])) for item in parts[:3]]
    ref = bodies[0][3]
    for seq, (item, body) in enumerate(zip(parts[:3], bodies, strict=True), start=1):
        assert (item["esm_class"], item["data_coding"]) == (0x40, 8)
        assert body[:6] == bytes([0x05, 0x00, 0x03, ref, 3, seq])
        assert len(body) - 6 <= 67 * 2
    assert [item["registered_delivery"] for item in parts[:3]] == [0, 0, 1]  # the receipt of the last part
    assert b"".join(body[6:] for body in bodies) == text.encode("utf-16-be")
    assert (parts[3]["esm_class"], bytes.fromhex(str(parts[3]["short_message"]))) == (0, exact.encode("utf-16-be"))


@pytest.mark.logs_expected("hallclient.server.sms")
def test_refused_bind_rejected_number_and_throttling_each_keep_the_message_with_its_reason(
    services: Services, clerk: Actor, enrolled: Enrolled, templated: Database, smsc: Smsc, daytime: list[datetime]
) -> None:
    from dataclasses import replace

    import sync_helpers
    from sync_helpers import PERSON

    for phone in ("13900000000", "13911111111"):
        sync_helpers.PERSON = replace(PERSON, phone=phone)
        try:
            intake(services, clerk)
        finally:
            sync_helpers.PERSON = PERSON
    enrolled.syncer.run_once()
    config = SenderConfig(max_attempts=3, backoff_seconds=60)
    refused = gateway_for(smsc.uri(password="wrong"))
    result = run_once(templated, refused, holder="a", config=config)
    refused.close()
    assert result.sent == 0 and "拒绝登录" in result.held
    assert {(row.status, row.attempts) for row in messages(templated).values()} == {("queued", 0)}
    assert any("拒绝登录" in row.reason for row in messages(templated).values())  # said where status shows it

    gateway = gateway_for(smsc.uri())
    try:
        for _ in range(4):
            daytime[0] = daytime[0].replace(hour=daytime[0].hour + 1)  # past every backoff (60 s, 120 s, …)
            run_once(templated, gateway, holder="a", config=config)
    finally:
        gateway.close()
    by_phone = {row.phone: row for row in messages(templated).values()}
    rejected, throttled = by_phone["13900000000"], by_phone["13911111111"]
    assert (rejected.status, rejected.attempts) == ("failed", 1)
    assert rejected.reason == "短信中心拒收（0x0B Invalid Destination Address）"
    assert throttled.status == "failed" and throttled.reason.startswith("重试 3 次仍失败：短信中心拒收（0x58")


def test_quiet_hours_hold_messages_until_the_morning(
    services: Services, clerk: Actor, enrolled: Enrolled, templated: Database, smsc: Smsc, daytime: list[datetime]
) -> None:
    intake(services, clerk)
    enrolled.syncer.run_once()
    daytime[0] = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)  # 22:30 in the hall
    gateway = gateway_for(smsc.uri())
    try:
        night = run_once(templated, gateway, holder="a")
        daytime[0] = datetime(2026, 3, 2, 23, 59, tzinfo=UTC)  # 07:59
        dawn = run_once(templated, gateway, holder="a")
        daytime[0] = datetime(2026, 3, 3, 0, 0, tzinfo=UTC)  # 08:00
        morning = run_once(templated, gateway, holder="a")
    finally:
        gateway.close()
    assert (night.sent, dawn.sent, morning.sent) == (0, 0, 1)
    assert night.held.startswith("免打扰时段（21:00-08:00）")


def test_opt_out_list_suppresses_with_the_reason_and_logs_mask_the_phone(
    services: Services,
    clerk: Actor,
    enrolled: Enrolled,
    templated: Database,
    tmp_path: Path,
    daytime: list[datetime],
    caplog: pytest.LogCaptureFixture,
) -> None:
    intake(services, clerk)
    cases.complete(services, clerk, intake(services, clerk).case_id, Decision.APPROVED)
    enrolled.syncer.run_once()
    assert add_optout(templated, "138-0000-0000") is True
    assert add_optout(templated, "13800000000") is False
    gateway = gateway_for(f"file:{tmp_path / 'sms.jsonl'}")
    with caplog.at_level(logging.INFO, logger="hallclient.server.sms"):
        result = run_once(templated, gateway, holder="a")
    assert (result.sent, result.suppressed) == (0, 4)
    assert {row.reason for row in messages(templated).values()} == {"已退订（服务器退订名单）"}
    assert not (tmp_path / "sms.jsonl").exists()
    with templated.session() as session:
        session.execute(delete(SmsMessage))
        from hallclient.server.sms.models import SmsOptOut

        session.execute(delete(SmsOptOut))
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="hallclient.server.sms"):
        result = run_once(templated, gateway, holder="a")
    assert result.sent == 4
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "138****0000" in logged and "13800000000" not in logged
    lines = (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and json.loads(lines[0])["phone"] == "13800000000"


def test_deficiency_reminder_waits_for_its_day_and_is_dropped_once_the_material_is_in(
    services: Services, clerk: Actor, enrolled: Enrolled, templated: Database, tmp_path: Path, daytime: list[datetime]
) -> None:
    from datetime import date

    from sync_helpers import PERSON

    from hallclient.domain.case import Outcome
    from hallclient.domain.workdays import WorkCalendar
    from hallclient.services.cases import IntakeRequest, ReceivedMaterial, record_intake

    materials = (*(ReceivedMaterial(code, True, 1, 1) for code in ("M1", "M2", "M3")),
                 ReceivedMaterial("M4", False, deficient=True))  # fmt: skip
    request = IntakeRequest(matter_code="XK0001", applicant=PERSON, outcome=Outcome.ACCEPT_WITH_DEFICIENCY,
                            materials=materials, supply_deadline=date(2026, 3, 9))  # fmt: skip
    kept = record_intake(services, clerk, request, WorkCalendar.load_default())
    supplied = record_intake(services, clerk, request, WorkCalendar.load_default())
    cases.supply_deficiency(services, clerk, supplied.case_id)
    enrolled.syncer.run_once()
    gateway = gateway_for(f"file:{tmp_path / 'sms.jsonl'}")
    today = run_once(templated, gateway, holder="a")
    assert today.sent == 2  # the two 受理 notices; the reminders wait for 2026-03-06 09:00
    daytime[0] = datetime(2026, 3, 6, 1, 0, tzinfo=UTC)  # 09:00 hall time
    due = run_once(templated, gateway, holder="a")
    assert (due.sent, due.suppressed) == (1, 1)
    rows = messages(templated)
    assert rows[f"deficiency_reminder:{kept.case_no}"].status == "sent"
    assert rows[f"deficiency_reminder:{supplied.case_no}"].reason == "容缺材料已补齐或办件已结束，无需提醒"


def test_two_senders_on_one_database_never_send_the_same_message(
    services: Services, clerk: Actor, enrolled: Enrolled, templated: Database, tmp_path: Path, daytime: list[datetime]
) -> None:
    import threading

    for _ in range(5):
        intake(services, clerk)
    enrolled.syncer.run_once()
    out = tmp_path / "sms.jsonl"
    results = []

    def sender(name: str) -> None:
        gateway = gateway_for(f"file:{out}")
        results.append(run_once(templated, gateway, holder=name))

    threads = [threading.Thread(target=sender, args=(f"s{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(set(ids)) == 5
    assert sorted(result.leased for result in results) == [False, True]


def test_figures_count_sent_delivered_and_failed_per_day_and_kind(
    services: Services, clerk: Actor, enrolled: Enrolled, templated: Database, tmp_path: Path, daytime: list[datetime]
) -> None:
    cases.complete(services, clerk, intake(services, clerk).case_id, Decision.APPROVED)
    enrolled.syncer.run_once()
    run_once(templated, gateway_for(f"file:{tmp_path / 'sms.jsonl'}"), holder="a")
    from hallclient.server.sms.templates import part_count

    with templated.session() as session:
        rows = figures(session, datetime(2026, 3, 1).date(), datetime(2026, 3, 31).date())
        bad = session.scalar(select(SmsMessage).where(SmsMessage.kind == "ready"))
        assert bad is not None
        bad.status, bad.reason = "failed", "未送达（UNDELIV）"  # as a receipt would mark it
    parts = {row.kind: part_count(row.text) for row in messages(templated).values()}
    assert [(row["day"], row["kind"], row["sent"], row["failed"], row["parts"]) for row in rows] == [
        ("2026-03-02", "accepted", 1, 0, parts["accepted"]),
        ("2026-03-02", "rating_invite", 1, 0, parts["rating_invite"]),
        ("2026-03-02", "ready", 1, 0, parts["ready"]),
    ]
    with templated.session() as session:
        after = figures(session, datetime(2026, 3, 2).date(), datetime(2026, 3, 2).date())
    assert [(row["kind"], row["sent"], row["failed"]) for row in after][2] == ("ready", 0, 1)
    answer = enrolled.http.get("/v1/tallies", params={"from": "2026-03-02", "to": "2026-03-02"})
    assert answer.status_code in (401, 403)  # supervisors only: the figures come with the tallies


def test_no_templates_holds_everything_and_says_why(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database, tmp_path: Path, daytime: list[datetime]
) -> None:
    intake(services, clerk)
    enrolled.syncer.run_once()
    result = run_once(server_db, gateway_for(f"file:{tmp_path / 'sms.jsonl'}"), holder="a")
    assert (result.taken_in, result.sent) == (1, 0)
    assert "尚未导入短信模板" in result.held
    assert {row.status for row in messages(server_db).values()} == {"queued"}  # kept, not failed


def test_serve_runs_the_sender_in_the_background_and_stops_it_with_the_app(
    services: Services, clerk: Actor, enrolled: Enrolled, templated: Database, db_url: str, tmp_path: Path,
    daytime: list[datetime],
) -> None:  # fmt: skip
    import asyncio

    from hallclient.server.app import create_app
    from hallclient.server.sms.models import SmsLease

    intake(services, clerk)
    enrolled.syncer.run_once()
    out = tmp_path / "served.jsonl"
    served = create_app(db_url, sms_gateway=f"file:{out}")

    async def serving() -> None:
        async with served.router.lifespan_context(served):  # the lifespan starts the sender thread …
            for _ in range(600):
                if out.exists():
                    return
                await asyncio.sleep(0.05)

    asyncio.run(serving())
    # … and stopping the app stops it and gives the lease back at once (another process may take over).
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    with templated.session() as session:
        lease = session.get(SmsLease, "sender")
        released = daytime[0].astimezone(UTC).replace(tzinfo=None)
        assert lease is not None and lease.holder.startswith("serve-") and lease.expires_at <= released
