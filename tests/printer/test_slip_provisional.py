"""A date counted over a year the calendar lacks is printed 暂定, with a line saying why; never after the recount."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from escpos_decode import decode

from hallclient.devices.printer.escpos_render import render_escpos
from hallclient.devices.printer.layout import build_layout
from hallclient.devices.printer.slips import SlipKind
from hallclient.domain.case import Outcome
from hallclient.services import cases
from hallclient.services.calendar import import_calendar_file
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.services.slips import build_slip
from hallclient.store.bootstrap import load_calendar
from workday_helpers import SHANGHAI, SettableClock, write_calendar

PERSON = Applicant(kind="person", name="张三", id_type="id_card", id_number="11010519491231002x")
ALL = tuple(ReceivedMaterial(code, True, 1, 1) for code in ("M1", "M2", "M3", "M4"))


def printed(services: Services, case_id: str, kind: SlipKind) -> str:
    with services.store.read() as session:
        case = cases.get_case(session, case_id)
        assert case is not None
        slip = build_slip(session, case, kind, services.settings)
    text = decode(render_escpos(build_layout(slip, 80))).text
    return "".join(part.strip() for part in text.split("\n"))


def test_receipt_and_notice_print_provisional_dates_as_such_until_recounted(
    services: Services, clerk: Actor, clock: SettableClock, tmp_path: Path
) -> None:
    clock.moment = datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI)
    calendar = load_calendar(services.store)
    accepted = cases.record_intake(services, clerk, IntakeRequest("XK0001", PERSON, Outcome.ACCEPT, ALL), calendar)
    notice = cases.record_intake(
        services, clerk, IntakeRequest("XK0001", PERSON, Outcome.NOTIFY_MISSING, ALL[:1]), calendar
    )
    receipt_text = printed(services, accepted.case_id, SlipKind.RECEIPT)
    assert "承诺办结：2027-01-04（暂定）" in receipt_text
    assert "暂定：节假日未公布，按周一至五推算，公布后重算" in receipt_text
    notice_text = printed(services, notice.case_id, SlipKind.NOTICE)
    assert "补正期限：2027-01-04（暂定）" in notice_text  # Dec 29, 30, 31, Jan 1, Jan 4

    import_calendar_file(services, write_calendar(tmp_path))

    receipt_text = printed(services, accepted.case_id, SlipKind.RECEIPT)
    assert "承诺办结：2027-01-05" in receipt_text and "暂定" not in receipt_text
    assert "补正期限：2027-01-05" in printed(services, notice.case_id, SlipKind.NOTICE)
