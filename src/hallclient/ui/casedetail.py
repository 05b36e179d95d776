"""One case: its facts, its materials, every event on a timeline, and the actions its state allows.

The snapshot is read on the DB thread into plain data; actions run there too and reload the view when
committed. Illegal transitions are explained on the dialog, nothing is half-saved (each action is one
service transaction).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.case import CaseStatus, Channel, Decision
from hallclient.domain.catalog import MaterialForm
from hallclient.domain.masking import mask_id_number, mask_name
from hallclient.errors import HallError
from hallclient.services import cases
from hallclient.services.cases import CaseResult
from hallclient.ui import queries
from hallclient.ui.context import AppContext
from hallclient.ui.labels import channel_label, decision_label, event_label, form_label, rating_label, status_label
from hallclient.ui.widgets import ERROR_STYLE, ReasonDialog


@dataclass(frozen=True)
class TimelineEntry:
    at: str
    type: str
    actor: str  # the username, as in the event log
    payload: dict[str, Any]
    actor_name: str = ""  # the display name, resolved when loading; the username for unknown actors


@dataclass(frozen=True)
class CaseSnapshot:
    id: str
    case_no: str
    matter_name: str
    status: CaseStatus
    applicant_name: str
    applicant_id: str
    applicant_kind: str
    phone: str
    agent_name: str
    channel: Channel
    channel_details: dict[str, Any]
    green_channel: bool
    received_at: datetime
    promised_date: date | None
    statutory_date: date | None
    notice_deadline: date | None
    supply_deadline: date | None
    deficiency_open: bool
    decision: Decision | None
    clerk_name: str
    window: str
    refusal_reason: str
    materials: tuple[tuple[str, str, bool, int, int, bool], ...]
    timeline: tuple[TimelineEntry, ...]
    ratings: tuple[tuple[int, bool, str], ...]


def load_snapshot(ctx_services: Any, case_id: str) -> CaseSnapshot:
    """Runs on the DB thread."""
    with ctx_services.store.read() as session:
        row = cases.get_case(session, case_id)
        if row is None:
            raise HallError(f"办件不存在：{case_id}")
        events = cases.case_events(session, case_id)
        ratings = queries.ratings_for_case(session, case_id)
        names = queries.display_names(session, {event.actor for event in events})
        agent = row.agent or {}
        return CaseSnapshot(
            id=row.id,
            case_no=row.case_no,
            matter_name=row.matter_name,
            status=CaseStatus(row.status),
            applicant_name=row.applicant_name
            if row.applicant_kind == "organisation"
            else mask_name(row.applicant_name),
            applicant_id=row.applicant_id_number
            if row.applicant_kind == "organisation"
            else mask_id_number(row.applicant_id_number),
            applicant_kind=row.applicant_kind,
            phone=row.applicant_phone,
            agent_name=mask_name(str(agent.get("name", ""))) if agent else "",
            channel=Channel(row.channel),
            channel_details=dict(row.channel_details or {}),
            green_channel=row.green_channel,
            received_at=row.received_at,
            promised_date=row.promised_date,
            statutory_date=row.statutory_date,
            notice_deadline=row.notice_deadline,
            supply_deadline=row.supply_deadline,
            deficiency_open=row.deficiency_open,
            decision=Decision(row.decision) if row.decision else None,
            clerk_name=row.clerk_name,
            window=row.window,
            refusal_reason=row.refusal_reason,
            materials=tuple(
                (item.name, item.form, item.received, item.copies, item.pages, item.tolerated) for item in row.materials
            ),
            timeline=tuple(
                TimelineEntry(e.device_time, e.type, e.actor, dict(e.payload), names.get(e.actor, e.actor))
                for e in events
            ),
            ratings=tuple((r.level, r.on_behalf, r.reason) for r in ratings),
        )


_OPEN = {CaseStatus.AWAITING_SUPPLEMENT, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED}


class CaseDetailDialog(QDialog):
    """Signals:
    changed(object): an action committed (a ``CaseResult``; printing listens).
    reprint_requested(str): the clerk asked to reprint this case's latest slip.
    rate_requested(str): invite the citizen to rate this case.
    """

    changed = Signal(object)
    reprint_requested = Signal(str)
    rate_requested = Signal(str)
    loaded = Signal()

    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.snapshot: CaseSnapshot | None = None
        self._busy = False
        self.setWindowTitle(self.tr("办件详情"))
        self.resize(980, 640)
        layout = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setStyleSheet("font-size: 15px;")
        layout.addWidget(self.header)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        facts_box = QGroupBox(self.tr("办件信息"), splitter)
        self.facts = QGridLayout(facts_box)
        materials_box = QGroupBox(self.tr("材料"), splitter)
        materials_layout = QVBoxLayout(materials_box)
        self.materials = QTableWidget(0, 5, materials_box)
        self.materials.setHorizontalHeaderLabels(
            [self.tr("材料名称"), self.tr("形式"), self.tr("已收"), self.tr("份数/页数"), self.tr("容缺")]
        )
        self.materials.verticalHeader().setVisible(False)
        self.materials.horizontalHeader().setStretchLastSection(False)
        self.materials.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        materials_layout.addWidget(self.materials)
        timeline_box = QGroupBox(self.tr("时间线"), splitter)
        timeline_layout = QVBoxLayout(timeline_box)
        self.timeline = QListWidget(timeline_box)
        self.timeline.setWordWrap(True)
        timeline_layout.addWidget(self.timeline)
        splitter.setSizes([320, 340, 320])
        layout.addWidget(splitter, 1)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        actions = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text in (
            ("supplement", self.tr("补正材料已收")),
            ("supply_tolerated", self.tr("容缺材料补齐")),
            ("approve", self.tr("办结·准予")),
            ("deny", self.tr("办结·不予许可")),
            ("collect", self.tr("取件/送达")),
            ("suspend", self.tr("中止")),
            ("resume", self.tr("恢复")),
            ("extend", self.tr("延期")),
            ("withdraw", self.tr("撤回")),
            ("reveal", self.tr("查看完整证件号")),
            ("reprint", self.tr("补打 [Ctrl+P]")),
            ("rate", self.tr("邀请评价")),
        ):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.setObjectName(f"action_{key}")
            actions.addWidget(button)
            self.buttons[key] = button
        layout.addLayout(actions)
        self.buttons["supplement"].clicked.connect(self.do_supplement)
        self.buttons["supply_tolerated"].clicked.connect(self.do_supply_tolerated)
        self.buttons["approve"].clicked.connect(lambda: self.do_complete(Decision.APPROVED))
        self.buttons["deny"].clicked.connect(lambda: self.do_complete(Decision.DENIED))
        self.buttons["collect"].clicked.connect(self.do_collect)
        self.buttons["suspend"].clicked.connect(self.do_suspend)
        self.buttons["resume"].clicked.connect(self.do_resume)
        self.buttons["extend"].clicked.connect(self.do_extend)
        self.buttons["withdraw"].clicked.connect(self.do_withdraw)
        self.buttons["reveal"].clicked.connect(self.do_reveal)
        self.buttons["reprint"].clicked.connect(lambda: self.reprint_requested.emit(self.case_id))
        self.buttons["reprint"].setShortcut("Ctrl+P")
        self.buttons["rate"].clicked.connect(lambda: self.rate_requested.emit(self.case_id))
        self._enable_actions()
        self.reload()

    # -- loading ------------------------------------------------------------------------------------
    def reload(self) -> None:
        services, case_id = self.ctx.services, self.case_id
        self.ctx.run(lambda: load_snapshot(services, case_id), self._show, self._failed)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.error.setText(str(error))
        self._enable_actions()

    def _show(self, snapshot: CaseSnapshot) -> None:
        self.snapshot = snapshot
        self._busy = False
        deficiency = self.tr("　容缺待补") if snapshot.deficiency_open else ""
        self.header.setText(
            f"<b>{html.escape(snapshot.case_no)}</b>　{html.escape(snapshot.matter_name)}　"
            f"<span style='color:#0b5cad'>{status_label(snapshot.status)}{deficiency}</span>"
        )
        while self.facts.count():
            item = self.facts.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.deleteLater()
        facts: list[tuple[str, str]] = [
            (self.tr("申请人"), snapshot.applicant_name),
            (self.tr("证件号码"), snapshot.applicant_id),
            (self.tr("联系电话"), snapshot.phone),
            (self.tr("代办人"), snapshot.agent_name or "—"),
            (self.tr("办理渠道"), channel_label(snapshot.channel)),
            (self.tr("绿色通道"), self.tr("是") if snapshot.green_channel else self.tr("否")),
            (self.tr("受理时间"), snapshot.received_at.strftime("%Y-%m-%d %H:%M")),
            (self.tr("承诺办结"), _d(snapshot.promised_date)),
            (self.tr("法定期限"), _d(snapshot.statutory_date)),
            (self.tr("补正期限"), _d(snapshot.notice_deadline)),
            (self.tr("容缺补齐期限"), _d(snapshot.supply_deadline)),
            (self.tr("办理结果"), decision_label(snapshot.decision) if snapshot.decision else "—"),
            (
                self.tr("受理人"),
                self.tr("%1（窗口 %2）").replace("%1", snapshot.clerk_name).replace("%2", snapshot.window),
            ),
        ]
        if snapshot.channel is Channel.CROSS_PROVINCE:
            details = snapshot.channel_details
            facts.append((self.tr("协作地区"), str(details.get("partner_region", ""))))
            facts.append((self.tr("运单号"), str(details.get("waybill_no", "—"))))
        if snapshot.refusal_reason:
            facts.append((self.tr("不予受理理由"), snapshot.refusal_reason))
        for level, on_behalf, reason in snapshot.ratings:
            text = rating_label(level) + (self.tr("（代为录入）") if on_behalf else "")
            text += f"：{reason}" if reason else ""
            facts.append((self.tr("评价"), text))
        for row, (name, value) in enumerate(facts):
            key = QLabel(name, self)
            key.setStyleSheet("color: #5f6368;")
            shown = QLabel(value, self)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addWidget(key, row, 0, Qt.AlignmentFlag.AlignTop)
            self.facts.addWidget(shown, row, 1)
        self.facts.setRowStretch(len(facts), 1)
        self.materials.setRowCount(len(snapshot.materials))
        for row, (name, form, received, copies, pages, tolerated) in enumerate(snapshot.materials):
            values = [
                name,
                form_label(MaterialForm(form)),
                self.tr("✓") if received else self.tr("缺"),
                f"{copies}/{pages}",
                self.tr("容缺") if tolerated else "",
            ]
            for column, value in enumerate(values):
                self.materials.setItem(row, column, QTableWidgetItem(value))
        self.materials.resizeColumnsToContents()
        self.timeline.clear()
        for entry in snapshot.timeline:
            text = f"{entry.at[:16].replace('T', ' ')}　{event_label(entry.type)}　{entry.actor_name or entry.actor}"
            detail = _event_detail(entry.payload)
            self.timeline.addItem(QListWidgetItem(text + (f"\n    {detail}" if detail else "")))
        self._enable_actions()
        self.loaded.emit()

    def _enable_actions(self) -> None:
        snapshot = self.snapshot
        status = snapshot.status if snapshot else None
        can = {
            "supplement": status is CaseStatus.AWAITING_SUPPLEMENT,
            "supply_tolerated": bool(snapshot and snapshot.deficiency_open)
            and status in (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED),
            "approve": status is CaseStatus.ACCEPTED and not (snapshot and snapshot.deficiency_open),
            "deny": status is CaseStatus.ACCEPTED,
            "collect": status is CaseStatus.COMPLETED,
            "suspend": status is CaseStatus.ACCEPTED,
            "resume": status is CaseStatus.SUSPENDED,
            "extend": status in (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED),
            "withdraw": status in _OPEN,
            "reveal": snapshot is not None and snapshot.applicant_kind == "person",
            "reprint": snapshot is not None,
            "rate": snapshot is not None,
        }
        for key, button in self.buttons.items():
            button.setEnabled(can[key] and not self._busy)

    # -- actions ------------------------------------------------------------------------------------
    def _act(self, work: Callable[[], CaseResult]) -> None:
        if self._busy:
            return
        self._busy = True
        self.error.clear()
        self._enable_actions()
        self.ctx.run(work, self._acted, self._failed, label=self.tr("正在保存…"))

    def _acted(self, result: CaseResult) -> None:
        self.ctx.case_changed.emit(result.case_id)
        self.changed.emit(result)
        self.reload()

    def _args(self) -> tuple[Any, Any, str]:
        return self.ctx.services, self.ctx.require_actor(), self.case_id

    def do_supplement(self) -> None:
        services, actor, case_id = self._args()
        calendar = self.ctx.calendar
        self._act(lambda: cases.supplement(services, actor, case_id, calendar))

    def do_supply_tolerated(self) -> None:
        services, actor, case_id = self._args()
        self._act(lambda: cases.supply_tolerated(services, actor, case_id))

    def do_complete(self, decision: Decision) -> None:
        services, actor, case_id = self._args()
        note = ""
        if decision is Decision.DENIED:
            answer = ReasonDialog.ask(self, self.tr("不予许可"), self.tr("不予许可的理由（将告知申请人）："))
            if answer is None:
                return
            note = answer[0]
        self._act(lambda: cases.complete(services, actor, case_id, decision, note))

    def do_collect(self) -> None:
        services, actor, case_id = self._args()
        self._act(lambda: cases.collect(services, actor, case_id, "window"))

    def do_suspend(self) -> None:
        answer = ReasonDialog.ask(self, self.tr("中止"), self.tr("中止原因："))
        if answer is None:
            return
        services, actor, case_id = self._args()
        self._act(lambda: cases.suspend(services, actor, case_id, answer[0]))

    def do_resume(self) -> None:
        services, actor, case_id = self._args()
        calendar = self.ctx.calendar
        self._act(lambda: cases.resume(services, actor, case_id, calendar))

    def do_extend(self) -> None:
        answer = ReasonDialog.ask(self, self.tr("延期"), self.tr("延期原因（将告知申请人）与天数："), days=True)
        if answer is None:
            return
        services, actor, case_id = self._args()
        calendar = self.ctx.calendar
        self._act(lambda: cases.extend(services, actor, case_id, answer[1], answer[0], calendar))

    def do_withdraw(self) -> None:
        answer = ReasonDialog.ask(self, self.tr("撤回"), self.tr("申请人撤回申请的说明："), required=False)
        if answer is None:
            return
        services, actor, case_id = self._args()
        self._act(lambda: cases.withdraw(services, actor, case_id, answer[0]))

    def do_reveal(self) -> None:
        answer = ReasonDialog.ask(self, self.tr("查看完整证件号"), self.tr("查看目的（将记录在案）："))
        if answer is None:
            return
        services, actor, case_id = self._args()

        def shown(number: str) -> None:
            self.error.setStyleSheet("color: #0b5cad;")
            self.error.setText(self.tr("完整证件号码（已记录查看）：%1").replace("%1", number))
            self.reload()

        self.ctx.run(lambda: cases.reveal_id_number(services, actor, case_id, answer[0]), shown, self._failed)


def _d(day: date | None) -> str:
    return day.isoformat() if day else "—"


def _event_detail(payload: dict[str, Any]) -> str:
    labels = (
        ("promised_date", QCoreApplication.translate("CaseDetailDialog", "承诺")),
        ("notice_deadline", QCoreApplication.translate("CaseDetailDialog", "补正期限")),
        ("supply_deadline", QCoreApplication.translate("CaseDetailDialog", "补齐期限")),
        ("reason", QCoreApplication.translate("CaseDetailDialog", "原因")),
        ("decision", QCoreApplication.translate("CaseDetailDialog", "结果")),
        ("days", QCoreApplication.translate("CaseDetailDialog", "天数")),
        ("purpose", QCoreApplication.translate("CaseDetailDialog", "目的")),
        ("label", QCoreApplication.translate("CaseDetailDialog", "评价")),
    )
    shown = dict(payload)
    if shown.get("decision") in {d.value for d in Decision}:
        shown["decision"] = decision_label(Decision(shown["decision"]))
    parts = [f"{label} {shown[key]}" for key, label in labels if shown.get(key)]
    missing = payload.get("missing")
    if missing:
        parts.append(QCoreApplication.translate("CaseDetailDialog", "缺 %1 项").replace("%1", str(len(missing))))
    return "　".join(parts)
