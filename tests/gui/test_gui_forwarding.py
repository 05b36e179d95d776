"""The 通办 screens: the intake picks a partner region from the published list (filtered by matter and channel),
the case detail offers each forwarding step from the domain's table, shows each on the timeline, and alerts
when a step is overdue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from hallclient.domain.case import CaseAction, Channel, Outcome
from hallclient.domain.idnumber import check_digit
from hallclient.domain.waybill import Carrier
from hallclient.services import cases, forwarding
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.partners import apply_partner
from hallclient.store.models import Enquiry
from hallclient.ui.forwarding import PostDialog
from hallclient.ui.widgets import ConfirmDialog

MATTER = "330106-BDC-001"
CONTACT = [{"name": "李敏", "phone": "028-12345678"}]
PARTNERS = {
    "p-cd": {"name": "四川省成都市", "province": "四川省", "matters": [MATTER], "contacts": CONTACT, "active": True},
    "p-nb": {"name": "浙江省宁波市", "province": "浙江省", "matters": [MATTER], "contacts": CONTACT, "active": True},
    "p-gy": {"name": "贵州省贵阳市", "province": "贵州省", "matters": ["other"], "contacts": CONTACT, "active": True},
}


@pytest.fixture(autouse=True)
def partners(services):
    with services.store.write() as session:
        for key, data in PARTNERS.items():
            apply_partner(session, key, data)


def test_the_intake_offers_only_the_partners_of_the_matter_and_channel(qtbot, window, ctx, idle):
    intake = window.intake
    intake.new_intake()  # each new intake reloads the published list
    idle()
    matter = next(m for m in ctx.catalog.matters if m.code == MATTER)
    intake.channel.set_matter(matter)
    intake.channel.set_channel(Channel.CROSS_PROVINCE)
    combo = intake.channel.partner
    assert [combo.itemText(i) for i in range(combo.count())] == ["四川省成都市（四川省）"]
    assert intake.channel.details_dict()["partner_region"] == "四川省成都市"
    intake.channel.set_channel(Channel.PROVINCE_WIDE)  # the hall (330106) is in 浙江省
    assert [combo.itemText(i) for i in range(combo.count())] == ["浙江省宁波市（浙江省）"]
    assert intake.channel.details_dict() == {"partner_region": "浙江省宁波市"}
    intake.channel.set_matter(None)
    intake.channel.set_channel(Channel.ON_SITE)
    assert intake.channel.details_dict() == {}


def _forwarded_case(services, clerk, ctx) -> str:
    first17 = "33010619800101123"
    request = IntakeRequest(
        matter_code=MATTER,
        applicant=Applicant(name="赵六", id_number=first17 + check_digit(first17), phone="13900000000"),
        outcome=Outcome.ACCEPT,
        materials=tuple(ReceivedMaterial(code, True, 1, 2) for code in ("M1", "M2", "M3", "M4")),
        channel=Channel.CROSS_PROVINCE,
        channel_details={"partner_region": "四川省成都市", "forwarding": "post"},
    )
    return cases.record_intake(services, clerk, request, ctx.calendar).case_id


def _facts(dialog) -> list[str]:
    grid = dialog.facts
    return [w.text() for i in range(grid.count()) if isinstance(w := grid.itemAt(i).widget(), QLabel)]


def test_forwarding_steps_from_the_case_detail_in_order_with_an_overdue_alert(
    qtbot, window, services, clerk, ctx, idle, monkeypatch
):
    monkeypatch.setattr(ConfirmDialog, "ask", staticmethod(lambda *_args: True))
    monkeypatch.setattr(PostDialog, "ask", classmethod(lambda _cls, _parent, _printed: (Carrier.EMS, "EA123456785CN")))
    case_id = _forwarded_case(services, clerk, ctx)
    dialog = window.open_case(case_id)
    idle()
    enabled = {key for key, button in dialog.buttons.items() if button.isEnabled()}
    assert {"forward_files", "forward_post"} <= enabled
    assert not {"forward_files_ack", "forward_received", "forward_result"} & enabled
    dialog.buttons["forward_post"].click()
    idle()
    timeline = [dialog.timeline.item(i).text() for i in range(dialog.timeline.count())]
    posted = next(text for text in timeline if "原件已寄出" in text)  # then the applicant's 邮寄寄出 SMS notice
    assert "EA123456785CN" in posted and "EMS" in posted
    assert not dialog.buttons["forward_post"].isEnabled() and dialog.buttons["forward_received"].isEnabled()
    assert "转递进度" in _facts(dialog)
    now = services.clock()
    services.clock = lambda: now + timedelta(days=14)  # two weeks later, still not signed for
    dialog.reload()
    idle()
    facts = _facts(dialog)
    assert "转递超期" in facts and any("待“对方已签收原件”" in text for text in facts)
    dialog.buttons["forward_received"].click()
    idle()
    with services.store.read() as session:
        assert [s.step for s in forwarding.steps_of(session, case_id)] == [
            CaseAction.FORWARD_POST,
            CaseAction.FORWARD_RECEIVED,
        ]
    assert "转递超期" not in _facts(dialog)


def test_an_enquiry_is_tagged_with_its_channel_and_partner(qtbot, window, services, idle):
    dialog = window.open_enquiry()
    idle()
    assert not dialog.partner.isEnabled()  # no channel, no partner
    dialog.subject.setText("成都社保关系转移")
    dialog.channel.setCurrentIndex(dialog.channel.findData("cross_province"))
    names = [dialog.partner.itemText(i) for i in range(dialog.partner.count())]
    assert names == ["（未指定协议地区）", "四川省成都市（四川省）", "浙江省宁波市（浙江省）", "贵州省贵阳市（贵州省）"]
    dialog.partner.setCurrentIndex(dialog.partner.findData("四川省成都市"))
    with qtbot.waitSignal(dialog.recorded, timeout=5000):
        dialog.save()
    with services.store.read() as session:
        [row] = session.scalars(select(Enquiry)).all()
    assert (row.channel, row.partner_region) == ("cross_province", "四川省成都市")
