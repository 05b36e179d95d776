"""The 通办 slips through the real services and print queue, their ESC/POS bytes decoded: the receipt shows the
channel, partner region and waybill; posting the originals prints the 材料流转单; delivery by post prints its
carrier and waybill."""

from __future__ import annotations

from pathlib import Path

from escpos_decode import decode
from sqlalchemy import select

from hallclient.devices.printer.queue import PrintQueue
from hallclient.devices.printer.slips import ReceiptData, SlipKind
from hallclient.domain.case import CaseAction, Channel, Decision, Outcome
from hallclient.domain.waybill import Carrier
from hallclient.domain.workdays import WorkCalendar
from hallclient.services import cases, forwarding
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.services.partners import apply_partner
from hallclient.services.slips import build_slip
from hallclient.store.models import PrintJob

PERSON = Applicant(name="张三", id_number="11010519491231002X", phone="13800000000")
PARTNER = {"name": "四川省成都市", "province": "四川省", "matters": ["XK0001"], "active": True,
           "contacts": [{"name": "李敏", "phone": "028-12345678"}]}  # fmt: skip


def _printed(services: Services, event_id: str) -> str:
    with services.store.read() as session:
        job = session.scalar(select(PrintJob).where(PrintJob.event_id == event_id))
        assert job is not None and job.payload is not None, "no slip queued with the event"
        return "".join(part.strip() for part in decode(job.payload).text.split("\n"))


def test_forwarding_slips_decode_to_what_travels(
    services: Services, clerk: Actor, calendar: WorkCalendar, tmp_path: Path
) -> None:
    services.settings = services.settings.__class__(printer_uri=f"file:{tmp_path / 'p.bin'}", paper_width=80)
    services.print_queue = PrintQueue(services.store)
    with services.store.write() as session:
        apply_partner(session, "p-cd", PARTNER)
    materials = (ReceivedMaterial("M1", True, 1, 3), ReceivedMaterial("M2", True, 2, 2),
                 ReceivedMaterial("M3", True, 1, 1), ReceivedMaterial("M4", True, 1, 1))  # fmt: skip
    request = IntakeRequest("XK0001", PERSON, Outcome.ACCEPT, materials, channel=Channel.CROSS_PROVINCE,
                            channel_details={"partner_region": "四川省成都市", "forwarding": "post"})  # fmt: skip
    case = cases.record_intake(services, clerk, request, calendar)
    receipt = _printed(services, case.event.id)
    assert "办理渠道：跨省通办" in receipt and "协议地区：四川省成都市" in receipt
    assert "邮件单号" not in receipt  # not posted yet

    posted = forwarding.record_step(services, clerk, case.case_id, CaseAction.FORWARD_POST, carrier=Carrier.EMS,
                                    waybill="EA123456785CN")  # fmt: skip
    transfer = _printed(services, posted.event.id)
    for phrase in ("材料流转单", f"受理编号：{case.case_no}", "协议地区：四川省成都市", "对方联系人：李敏 028-12345678",
                   "承运方：EMS", "运单号：EA123456785CN", "随附材料（4项，共5份）", "身份证明 原件及复印件 2份2页",
                   "移交人签名", "承运人签名", "接收人签名", "张*"):  # fmt: skip
        assert phrase in transfer, phrase
    assert "11010519491231002X" not in transfer

    forwarding.record_step(services, clerk, case.case_id, CaseAction.FORWARD_RECEIVED)
    forwarding.record_step(services, clerk, case.case_id, CaseAction.FORWARD_RESULT)
    cases.complete(services, clerk, case.case_id, Decision.APPROVED)
    delivered = cases.collect(services, clerk, case.case_id, "post", "SF1234567890123", Carrier.SF)
    completion = _printed(services, delivered.event.id)
    assert "领取方式：邮寄送达（顺丰速运）" in completion and "邮件单号：SF1234567890123" in completion
    with services.store.read() as session:  # a reprint of the receipt now names the originals' waybill
        row = cases.get_case(session, case.case_id)
        assert row is not None
        reprinted = build_slip(session, row, SlipKind.RECEIPT, services.settings)
    assert isinstance(reprinted, ReceiptData) and reprinted.waybill_no == "EA123456785CN"
