"""The supervisor's 考核 tab on a seeded store: ranking, breakdown, drill-down, findings, publishing, exports."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hallclient.config import Settings
from hallclient.demo import seed
from hallclient.domain.assessment import Assessment, Subject, total_of
from hallclient.services.context import Actor, Services
from hallclient.services.findings import list_findings
from hallclient.services.users import authenticate
from hallclient.store.bootstrap import device_id, open_store
from hallclient.store.models import Department
from hallclient.ui.context import AppContext, open_everything
from hallclient.ui.supervisor.assessment import AssessmentPanel, grade_colour
from hallclient.ui.tasks import TaskManager

TODAY = date(2026, 3, 13)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("assess") / "seeded.sqlite3"
    store = open_store(path)
    seed(Services(store=store, settings=Settings(), device_id=device_id(store)), days=2, cases_per_day=10, seed=5,
         today=TODAY)  # fmt: skip
    store.close()
    return path


@pytest.fixture
def demo(seeded_db: Path, tmp_path: Path) -> Iterator[Services]:
    path = tmp_path / "hall.sqlite3"
    shutil.copy(seeded_db, path)
    store = open_store(path, upgrade=False)
    services = Services(store=store, settings=Settings(), device_id=device_id(store),
                        clock=lambda: datetime(2026, 3, 13, 18, 0).astimezone())  # fmt: skip
    yield services
    store.close()


@pytest.fixture
def demo_ctx(demo: Services) -> Iterator[AppContext]:
    tasks = TaskManager()
    context = AppContext(demo.settings, tasks)
    context.adopt(open_everything(demo))
    yield context
    tasks.shutdown()


@pytest.fixture
def evidence_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Evidence files go to a test folder, not the user's data folder."""
    folder = tmp_path / "evidence"
    monkeypatch.setattr("hallclient.services.findings.evidence_dir", lambda: folder)
    return folder


def _panel(qtbot: Any, ctx: AppContext, actor: Actor, period: str = "2026Q1", subject: str = "department") -> Any:
    panel = AssessmentPanel(ctx, actor)
    qtbot.addWidget(panel)
    panel.set_period(period)
    panel.subject.setCurrentIndex(panel.subject.findData(subject))
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.compute()
    return panel


def _supervisor(demo: Services) -> Actor:
    return authenticate(demo, "zhaomin", "demo1234")


def _event_count(services: Services) -> int:
    from hallclient.store.eventlog import iter_events

    with services.store.read() as session:
        return sum(1 for _ in iter_events(session))


def _row(assessment: Assessment, label: str) -> Any:
    return next(row for row in assessment.rows if row.label == label)


def test_tab_shows_the_ranking_with_ties_grades_and_notes(qtbot: Any, demo: Services, demo_ctx: AppContext) -> None:
    panel = _panel(qtbot, demo_ctx, _supervisor(demo))
    assessment = panel.assessment
    assert assessment is not None and assessment.subject is Subject.DEPARTMENT and len(assessment.rows) >= 3
    model = panel.ranking_model
    assert model.rowCount() == len(assessment.rows)
    assert [model.horizontalHeaderItem(i).text() for i in range(model.columnCount())] == [
        "名次", "部门", "得分", "等次", "奖惩措施",
    ]  # fmt: skip
    shown = [
        (model.item(r, 0).text(), model.item(r, 1).text(), model.item(r, 2).text()) for r in range(model.rowCount())
    ]
    assert shown == [(str(row.rank), row.label, f"{row.total:.2f}") for row in assessment.rows]
    ranks = [row.rank for row in assessment.rows]
    assert len(set(ranks)) < len(ranks)  # the seed has ties: they show the same rank
    for r, row in enumerate(assessment.rows):
        assert model.item(r, 3).background().color() == grade_colour(assessment, row.grade)
    assert panel.notes.isVisibleTo(panel) and "本机无排队数据" in panel.notes.text()
    assert "未发布（草稿）" in panel.summary.text()
    assert not panel.server_choice.isEnabled() and panel.server_choice.toolTip()  # no server: says why


def test_selecting_a_row_shows_its_breakdown_and_the_evidence(qtbot: Any, demo: Services, demo_ctx: AppContext) -> None:
    panel = _panel(qtbot, demo_ctx, _supervisor(demo))
    assert panel.assessment is not None
    last = panel.assessment.rows[-1]  # the lowest: something was deducted
    panel.select_key(last.key)
    assert last.label in panel.breakdown_title.text() and f"{last.total:.2f}" in panel.breakdown_title.text()
    model = panel.breakdown_model
    assert model.rowCount() == len(last.breakdown)
    assert [model.item(r, 1).text() for r in range(model.rowCount())] == [s.indicator.name for s in last.breakdown]
    deducted = next(i for i, score in enumerate(last.breakdown) if score.evidence and not score.indicator.is_bonus)
    panel.breakdown.selectRow(deducted)
    score = last.breakdown[deducted]
    texts = [panel.evidence.item(i).text() for i in range(panel.evidence.count())]
    assert any(score.evidence[0].ref in text for text in texts)
    assert panel.drill_button.isEnabled()
    panel.drill_down()
    qtbot.waitUntil(lambda: panel.drill_dialog is not None, timeout=10_000)
    dialog = panel.drill_dialog
    assert dialog is not None and dialog.list.count() >= 1
    assert score.indicator.name in dialog.windowTitle()
    dialog.close()


def test_recording_a_finding_through_the_dialog_changes_that_rows_score(
    qtbot: Any, demo: Services, demo_ctx: AppContext, evidence_home: Path, tmp_path: Path
) -> None:
    panel = _panel(qtbot, demo_ctx, _supervisor(demo), subject="staff")
    before = panel.assessment
    assert before is not None
    lijun = _row(before, "李军")
    panel.select_key(lijun.key)
    dialog = panel.open_finding_dialog()
    assert dialog.staff.currentData() == "lijun"  # the selected staff member is preselected
    dialog.kind.setCurrentIndex(dialog.kind.findData("mystery_visit"))
    dialog.points.setValue(-2)
    dialog.window_no.setText("05")
    dialog.note.setPlainText("明察暗访：办件时使用手机")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 a photo")
    dialog.evidence.setText(str(photo))
    with qtbot.waitSignal(panel.finding_saved, timeout=10_000), qtbot.waitSignal(panel.loaded, timeout=10_000):
        dialog.submit()
    after = panel.assessment
    assert after is not None and not dialog.isVisible()
    changed = _row(after, "李军")
    old = {score.indicator.id: score for score in lijun.breakdown}
    moved = [score for score in changed.breakdown if score.points != old[score.indicator.id].points]
    assert len(moved) == 1 and moved[0].indicator.finding_kind in ("*", "mystery_visit")
    assert old[moved[0].indicator.id].points - moved[0].points == 2  # exactly its points
    assert any("办件时使用手机" in evidence.text for evidence in moved[0].evidence)
    assert changed.total == total_of(changed.breakdown) < lijun.total
    others = {row.key: row.total for row in after.rows if row.key != lijun.key}
    assert others == {row.key: row.total for row in before.rows if row.key != lijun.key}
    findings = panel.findings.model
    assert findings.rowCount() == 1 and findings.item(0, 2).text() == "李军" and findings.item(0, 4).text() == "-2"
    assert len(list(evidence_home.iterdir())) == 1  # the evidence file kept under its hash


def test_bad_input_in_the_finding_dialog_shows_a_message_and_stores_nothing(
    qtbot: Any, demo: Services, demo_ctx: AppContext, evidence_home: Path
) -> None:
    panel = _panel(qtbot, demo_ctx, _supervisor(demo), subject="staff")
    events = _event_count(demo)
    dialog = panel.open_finding_dialog()
    dialog.points.setValue(-2)
    dialog.submit()  # no description
    assert dialog.error.text() == "请填写情况说明" and dialog.isVisible()
    dialog.note.setPlainText("离岗")
    dialog.points.setValue(0)
    dialog.submit()
    assert "分值不能为 0" in dialog.error.text()
    dialog.points.setValue(-2)
    dialog.evidence.setText("/nonexistent/photo.jpg")
    dialog.submit()
    assert "佐证材料不存在" in dialog.error.text()
    assert list_findings(demo) == [] and not evidence_home.exists() and _event_count(demo) == events


def test_a_refusal_of_the_service_stays_in_the_dialog(qtbot: Any, demo: Services, demo_ctx: AppContext) -> None:
    """A finding in a quarter already published is refused by the service: shown inline, input kept, no row."""
    supervisor = _supervisor(demo)
    panel = _panel(qtbot, demo_ctx, supervisor, period="2025Q4")
    publish = panel.open_publish_dialog()
    assert publish is not None
    publish.password.setText("wrong")
    with qtbot.waitSignal(panel.failed, timeout=10_000, raising=False):
        publish.submit()
    qtbot.waitUntil(lambda: publish.error.text() != "", timeout=10_000)
    assert publish.isVisible()
    publish.password.setText("demo1234")
    with qtbot.waitSignal(panel.published, timeout=10_000) as blocker, qtbot.waitSignal(panel.loaded, timeout=10_000):
        publish.submit()
    assert blocker.args == [1] and panel.version == 1 and "已发布 第 1 版" in panel.summary.text()
    again = panel.open_publish_dialog()
    assert again is not None and again.needs_reason
    again.password.setText("demo1234")
    again.submit()
    assert again.error.text() == "再次发布须填写更正原因"
    again.close()

    dialog = panel.open_finding_dialog()
    assert dialog.day.date().toPython() == date(2025, 12, 31)  # a past quarter: its last day, not today
    dialog.day.setDate(date(2025, 12, 20))
    dialog.note.setPlainText("巡查：窗口无人")
    dialog.points.setValue(-1)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=10_000)
    assert "已发布考核结果" in dialog.error.text() and dialog.isVisible()
    assert dialog.note.toPlainText() == "巡查：窗口无人" and dialog.buttons.isEnabled()
    assert list_findings(demo) == []


def test_exports_of_the_shown_assessment(qtbot: Any, demo: Services, demo_ctx: AppContext, tmp_path: Path) -> None:
    import subprocess

    panel = _panel(qtbot, demo_ctx, _supervisor(demo))
    assert panel.assessment is not None
    for fmt in ("pdf", "xlsx", "csv"):
        target = tmp_path / f"通报.{fmt}"
        with qtbot.waitSignal(panel.exported, timeout=20_000) as blocker:
            panel.export_to(target, fmt)
        assert blocker.args == [str(target)] and target.stat().st_size > 0
    text = subprocess.run(["pdftotext", str(tmp_path / "通报.pdf"), "-"], capture_output=True, text=True).stdout
    assert "部门业务考核情况通报" in text and panel.assessment.rows[0].label in text


def test_the_supervisor_window_has_the_tab_and_computes_it_when_shown(
    qtbot: Any, demo: Services, demo_ctx: AppContext
) -> None:
    from hallclient.ui.supervisor import SupervisorWindow

    window = SupervisorWindow(demo_ctx, _supervisor(demo))
    qtbot.addWidget(window)
    window.show()
    panel = window.assessment_panel
    assert panel is not None and window.tabs.tabText(window.tabs.indexOf(panel)) == "考核"
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        window.tabs.setCurrentWidget(panel)
    assert panel.period_text() == "2026Q1" and panel.ranking_model.rowCount() > 0
    clerk = SupervisorWindow(demo_ctx, authenticate(demo, "wangfang", "demo1234"))
    qtbot.addWidget(clerk)
    assert clerk.assessment_panel is None  # a clerk sees their own window's figures only


def test_appeal_and_decision_from_the_findings_list(qtbot: Any, demo: Services, demo_ctx: AppContext) -> None:
    from hallclient.services.findings import FindingInput, record_finding

    supervisor = _supervisor(demo)
    panel = _panel(qtbot, demo_ctx, supervisor, subject="staff")
    assert panel.assessment is not None
    baseline = _row(panel.assessment, "李军").total
    recorded = record_finding(demo, supervisor, FindingInput("lijun", "video_check", -3, "视频抽查：离岗 20 分钟"))
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.compute()
    assert _row(panel.assessment, "李军").total < baseline
    panel.findings.table.selectRow(0)
    assert panel.findings.selected().id == recorded.finding_id
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.appeal(recorded.finding_id, "当时系统故障，按规定离岗报修")
    assert panel.findings.model.item(0, 6).text() == "申诉中" and panel.findings.model.item(0, 7).text()
    assert _row(panel.assessment, "李军").total < baseline  # an appeal pending does not suspend the finding
    with qtbot.waitSignal(panel.failed, timeout=10_000) as refused:
        panel.decide(recorded.finding_id, True, "属实")  # the recorder cannot review their own finding
    assert "登记人不能复核" in refused.args[0] and panel.findings.model.item(0, 6).text() == "申诉中"

    other = _panel(qtbot, demo_ctx, authenticate(demo, "admin", "admin1234"), subject="staff")
    with qtbot.waitSignal(other.loaded, timeout=10_000):
        other.decide(recorded.finding_id, True, "核实为系统故障，撤销扣分")
    assert other.findings.model.item(0, 6).text() == "申诉成立，已撤销"
    assert _row(other.assessment, "李军").total == baseline  # overturned: it no longer counts


def test_staff_ranking_names_each_staff_members_department(qtbot: Any, demo: Services, demo_ctx: AppContext) -> None:
    panel = _panel(qtbot, demo_ctx, _supervisor(demo), subject="staff")
    assessment = panel.assessment
    assert assessment is not None and assessment.subject is Subject.STAFF
    with demo.store.read() as session:
        names = {row.code: row.name for row in session.scalars(select(Department))}
    model = panel.ranking_model
    assert model.horizontalHeaderItem(2).text() == "所属部门"
    shown = [model.item(r, 2).text() for r in range(model.rowCount())]
    assert shown == [names.get(row.department, row.department) for row in assessment.rows]
    assert any(row.department in names for row in assessment.rows) and not set(shown) & set(names)  # no bare code
