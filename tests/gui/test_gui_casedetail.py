"""Case detail: timeline and the actions a case's state allows (supplement, completion, suspension)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from hallclient.domain.case import CaseStatus, Outcome
from hallclient.domain.idnumber import check_digit
from hallclient.services import cases
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.store.models import Case, Event
from hallclient.ui.widgets import ConfirmDialog, DeliveryDialog, MaterialsDialog, ReasonDialog


@pytest.fixture(autouse=True)
def _clerk_confirms(monkeypatch):
    """The clerk confirms every question, ticks every missing material and hands over at the window."""
    monkeypatch.setattr(ConfirmDialog, "ask", staticmethod(lambda *_args: True))
    every = classmethod(lambda _cls, _parent, missing, _printed: [code for code, _name in missing])
    monkeypatch.setattr(MaterialsDialog, "ask", every)
    monkeypatch.setattr(DeliveryDialog, "ask", classmethod(lambda _cls, _parent, _printed: ("window", "", None)))


def _id() -> str:
    first17 = "33010619800101123"
    return first17 + check_digit(first17)


def record(services, clerk, ctx, outcome: Outcome, received=(True, True, True, True), deficient=()) -> str:
    materials = tuple(
        ReceivedMaterial(code, got, 1 if got else 0, 2 if got else 0, code in deficient)
        for code, got in zip(("M1", "M2", "M3", "M4"), received, strict=True)
    )
    request = IntakeRequest(
        matter_code="330106-BDC-001",
        applicant=Applicant(name="赵六", id_number=_id(), phone="13900000000"),
        outcome=outcome,
        materials=materials,
    )
    return cases.record_intake(services, clerk, request, ctx.calendar).case_id


def status(services, case_id: str) -> CaseStatus:
    with services.store.read() as session:
        return CaseStatus(session.get(Case, case_id).status)


def open_detail(window, idle, case_id):
    dialog = window.open_case(case_id)
    idle()
    assert dialog.snapshot is not None
    return dialog


def test_supplement_from_detail_accepts_the_case(qtbot, window, services, clerk, ctx, idle):
    case_id = record(services, clerk, ctx, Outcome.NOTIFY_MISSING, received=(True, False, False, True))
    dialog = open_detail(window, idle, case_id)
    assert dialog.buttons["supplement"].isEnabled()
    assert not dialog.buttons["approve"].isEnabled()
    assert dialog.timeline.count() == 2  # the notice and its SMS (一次性告知)
    dialog.buttons["supplement"].click()
    idle()
    assert status(services, case_id) is CaseStatus.ACCEPTED
    assert dialog.snapshot.status is CaseStatus.ACCEPTED
    assert dialog.timeline.count() == 4
    assert "补正" in dialog.timeline.item(2).text()
    assert "受理通知　139****0000" in dialog.timeline.item(3).text()  # the SMS it queued, phone masked
    assert not dialog.buttons["supplement"].isEnabled()


def test_complete_then_collect_from_detail(qtbot, window, services, clerk, ctx, idle):
    case_id = record(services, clerk, ctx, Outcome.ACCEPT)
    dialog = open_detail(window, idle, case_id)
    dialog.buttons["approve"].click()
    idle()
    assert status(services, case_id) is CaseStatus.COMPLETED
    assert dialog.buttons["collect"].isEnabled() and not dialog.buttons["approve"].isEnabled()
    dialog.buttons["collect"].click()
    idle()
    assert status(services, case_id) is CaseStatus.COLLECTED
    sms = "短信通知（待中心发送）"
    assert [dialog.timeline.item(i).text().split("　")[1] for i in range(6)] == [
        "受理", sms, "办结", sms, sms, "取件/送达"]  # fmt: skip


def test_deficiency_blocks_approval_until_supplied(qtbot, window, services, clerk, ctx, idle):
    case_id = record(
        services, clerk, ctx, Outcome.ACCEPT_WITH_DEFICIENCY, received=(True, True, False, True), deficient=("M3",)
    )
    dialog = open_detail(window, idle, case_id)
    assert not dialog.buttons["approve"].isEnabled()
    dialog.buttons["supply_deficiency"].click()
    idle()
    assert dialog.buttons["approve"].isEnabled()
    dialog.buttons["approve"].click()
    idle()
    assert status(services, case_id) is CaseStatus.COMPLETED


def test_suspend_asks_for_a_reason_and_cancel_changes_nothing(
    qtbot, window, services, clerk, ctx, idle, monkeypatch: pytest.MonkeyPatch
):
    case_id = record(services, clerk, ctx, Outcome.ACCEPT)
    dialog = open_detail(window, idle, case_id)
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a, **k: None))
    dialog.buttons["suspend"].click()
    idle()
    assert status(services, case_id) is CaseStatus.ACCEPTED
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a, **k: ("等待现场勘验", 0)))
    dialog.buttons["suspend"].click()
    idle()
    assert status(services, case_id) is CaseStatus.SUSPENDED
    assert dialog.buttons["resume"].isEnabled()


def test_revealing_the_full_id_number_is_logged(
    qtbot, window, services, clerk, ctx, idle, monkeypatch: pytest.MonkeyPatch
):
    case_id = record(services, clerk, ctx, Outcome.ACCEPT)
    dialog = open_detail(window, idle, case_id)
    assert _id() not in dialog.snapshot.applicant_id  # masked by default
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a, **k: ("核对身份", 0)))
    dialog.buttons["reveal"].click()
    idle()
    assert _id() in dialog.error.text()
    with services.store.read() as session:
        viewed = session.scalars(select(Event).where(Event.type == "case.id_number_viewed")).all()
    assert len(viewed) == 1 and "核对身份" in viewed[0].payload


def test_timeline_names_the_clerk_by_display_name(qtbot, window, services, clerk, ctx, idle):
    case_id = record(services, clerk, ctx, Outcome.ACCEPT)
    dialog = open_detail(window, idle, case_id)
    line = dialog.timeline.item(0).text()
    assert line.splitlines()[0].split("　")[2] == "王芳" and "wangfang" not in line


def test_timeline_falls_back_to_the_username_for_an_unknown_actor(services, clerk, ctx):
    from hallclient.services.queries import display_names
    from hallclient.store.models import User
    from hallclient.ui.casedetail import load_snapshot

    case_id = record(services, clerk, ctx, Outcome.ACCEPT)
    with services.store.read() as session:
        assert display_names(session, {"wangfang", "system:bad_review", ""}) == {"wangfang": "王芳"}
    with services.store.write() as session:  # the account was renamed since; the log keeps the old name
        session.execute(update(User).where(User.username == "wangfang").values(username="wangfang2"))
    entry = load_snapshot(services, case_id).timeline[0]
    assert (entry.actor, entry.actor_name) == ("wangfang", "wangfang")


def _fact(dialog, name: str) -> str:
    layout = dialog.facts
    for row in range(layout.rowCount()):
        key = layout.itemAtPosition(row, 0)
        if key is not None and key.widget().text() == name:
            return layout.itemAtPosition(row, 1).widget().text()
    raise AssertionError(f"no fact {name}")


def test_completion_choice_uses_the_words_of_the_matter_type(
    qtbot, window, services, clerk, ctx, idle, monkeypatch: pytest.MonkeyPatch
):
    """330106-BDC-001 is a 行政确认: its decision is 予以确认（登记）, never 准予许可."""
    case_id = record(services, clerk, ctx, Outcome.ACCEPT)
    dialog = open_detail(window, idle, case_id)
    assert dialog.buttons["approve"].text() == "办结·予以确认（登记）"
    assert dialog.buttons["deny"].text() == "办结·不予确认（登记）"
    assert _fact(dialog, "事项类型") == "行政确认"
    asked: list[tuple[str, str]] = []

    def ask(cls: object, parent: object, title: str, prompt: str, **_: object) -> tuple[str, int]:
        asked.append((title, prompt))
        return "不符合登记条件", 0

    monkeypatch.setattr(ReasonDialog, "ask", classmethod(ask))
    dialog.buttons["deny"].click()
    idle()
    assert asked == [("不予确认（登记）", "不予确认（登记）的理由（将告知申请人）：")]
    assert _fact(dialog, "办理结果") == "不予确认（登记）"
    assert "许可" not in dialog.timeline.item(1).text()


def test_a_licence_keeps_its_licence_words(qtbot, window, services, clerk, ctx, idle):
    request = IntakeRequest(
        matter_code="330106-SC-002",
        applicant=Applicant(name="赵六", id_number=_id(), phone="13900000000"),
        outcome=Outcome.ACCEPT,
        materials=(ReceivedMaterial("S1", True, 1, 1), ReceivedMaterial("S2", True, 1, 1)),
    )
    case_id = cases.record_intake(services, clerk, request, ctx.calendar).case_id
    dialog = open_detail(window, idle, case_id)
    assert (dialog.buttons["approve"].text(), dialog.buttons["deny"].text()) == ("办结·准予许可", "办结·不予许可")


def test_what_people_typed_is_shown_as_text_never_as_markup(qtbot, window, services, clerk, ctx, idle):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from hallclient.services.ratings import record_rating

    case_id = record(services, clerk, ctx, Outcome.ACCEPT)
    record_rating(services, clerk, level=2, case_id=case_id, reason="<b>等太久</b><img src=x>")
    dialog = open_detail(window, idle, case_id)
    shown = [label for label in dialog.findChildren(QLabel) if "等太久" in label.text()]
    assert len(shown) == 1
    assert shown[0].textFormat() == Qt.TextFormat.PlainText  # the tags stay visible characters, not bold or an image
    assert "<b>等太久</b><img src=x>" in shown[0].text()
