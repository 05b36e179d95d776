"""One case: its facts, its materials, every event on a timeline, and the actions its state allows.

The snapshot is read on the DB thread into plain data; actions run there too and reload the view when
committed. Illegal transitions are explained on the dialog, nothing is half-saved (each action is one
service transaction).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
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

from hallclient.domain.case import FORWARDED_CHANNELS, CaseAction, Decision, available_actions
from hallclient.domain.catalog import MaterialForm, MatterType
from hallclient.domain.events import EventType
from hallclient.domain.masking import mask_phone
from hallclient.domain.waybill import Carrier
from hallclient.services import cases, forwarding
from hallclient.services.case_view import CaseSnapshot, load_snapshot
from hallclient.services.cases import CaseResult
from hallclient.services.context import Actor, Services
from hallclient.ui.context import AppContext
from hallclient.ui.forwarding import PostDialog, ask_files
from hallclient.ui.labels import (
    carrier_label,
    channel_label,
    dated,
    decision_label,
    event_label,
    fill,
    form_label,
    forward_step_label,
    matter_type_label,
    notice_kind_label,
    rating_label,
    shared_label,
    slip_kind_label,
    status_label,
)
from hallclient.ui.ops import Changes, Failure, QueryOp, WriteOp, Written, case_written
from hallclient.ui.widgets import ERROR_STYLE, ConfirmDialog, DeliveryDialog, MaterialsDialog, ReasonDialog, if_alive

CaseCommand = Callable[[Services, Actor], CaseResult]


@dataclass(frozen=True)
class CaseActionEntry:
    """One button of the case detail: a new case action is one more entry in :func:`case_action_entries`.

    ``command`` asks the clerk what the action needs (a reason, the delivery) and returns the service call,
    or None (cancelled, or an entry that writes nothing itself); ``confirmation`` is the question asked
    before it runs, naming what will be printed; ``enabled`` decides the button from the case
    (``available_actions`` for the lifecycle's actions).
    """

    key: str
    label: Callable[[MatterType | None], str]
    command: Callable[[CaseDetailDialog, CaseSnapshot], CaseCommand | None]
    enabled: Callable[[CaseSnapshot], bool]
    confirmation: Callable[[CaseSnapshot], str] | None = None


def _allows(action: CaseAction) -> Callable[[CaseSnapshot], bool]:
    return lambda snapshot: action in available_actions(snapshot, snapshot.forwarding)


def _printed(event: EventType) -> str:
    from hallclient.services.slips import SLIP_FOR_EVENT

    kind = SLIP_FOR_EVENT.get(event)
    return (
        fill(QCoreApplication.translate("CaseDetailDialog", "将打印：%1"), slip_kind_label(kind.value))
        if kind is not None
        else QCoreApplication.translate("CaseDetailDialog", "不打印凭证")
    )


def _decision_text(decision: Decision) -> Callable[[MatterType | None], str]:
    return lambda matter_type: fill(
        QCoreApplication.translate("CaseDetailDialog", "办结·%1"), decision_label(decision, matter_type)
    )


def _completion_confirmation(decision: Decision) -> Callable[[CaseSnapshot], str]:
    def text(snapshot: CaseSnapshot) -> str:
        words = decision_label(decision, snapshot.matter_type)
        return fill(
            QCoreApplication.translate("CaseDetailDialog", "办件 %1 将以“%2”办结，办结后不能再中止、延期或撤回。\n%3"),
            snapshot.case_no,
            words,
            _printed(EventType.CASE_COMPLETED),
        )

    return text


def _ask_reason(
    title: str,
    prompt: str,
    make: Callable[[CaseDetailDialog, str, int], CaseCommand],
    *,
    days: bool = False,
    required: bool = True,
) -> Callable[[CaseDetailDialog, CaseSnapshot], CaseCommand | None]:
    def command(dialog: CaseDetailDialog, _snapshot: CaseSnapshot) -> CaseCommand | None:
        answer = ReasonDialog.ask(dialog, title, prompt, days=days, required=required)
        return None if answer is None else make(dialog, answer[0], answer[1])

    return command


def _deny(dialog: CaseDetailDialog, snapshot: CaseSnapshot) -> CaseCommand | None:
    words = decision_label(Decision.DENIED, snapshot.matter_type)
    answer = ReasonDialog.ask(
        dialog, words, fill(QCoreApplication.translate("CaseDetailDialog", "%1的理由（将告知申请人）："), words)
    )
    if answer is None:
        return None
    case_id, note = snapshot.id, answer[0]
    return lambda services, actor: cases.complete(services, actor, case_id, Decision.DENIED, note)


def _collect(dialog: CaseDetailDialog, snapshot: CaseSnapshot) -> CaseCommand | None:
    answer = DeliveryDialog.ask(dialog, _printed(EventType.CASE_COLLECTED))
    if answer is None:
        return None
    case_id, (method, recipient, carrier) = snapshot.id, answer
    return lambda services, actor: cases.collect(services, actor, case_id, method, recipient, carrier)


def _forward_files(dialog: CaseDetailDialog, snapshot: CaseSnapshot) -> CaseCommand | None:
    files = ask_files(dialog)
    if files is None:
        return None
    case_id = snapshot.id
    return lambda services, actor: forwarding.record_step(
        services, actor, case_id, CaseAction.FORWARD_FILES, files=files
    )


def _forward_post(dialog: CaseDetailDialog, snapshot: CaseSnapshot) -> CaseCommand | None:
    answer = PostDialog.ask(dialog, _printed(EventType.CASE_FORWARD_POSTED))
    if answer is None:
        return None
    case_id, (carrier, waybill) = snapshot.id, answer
    return lambda services, actor: forwarding.record_step(
        services, actor, case_id, CaseAction.FORWARD_POST, carrier=carrier, waybill=waybill
    )


def _forward_step(action: CaseAction) -> Callable[[CaseDetailDialog, CaseSnapshot], CaseCommand]:
    def command(_dialog: CaseDetailDialog, snapshot: CaseSnapshot) -> CaseCommand:
        case_id = snapshot.id
        return lambda services, actor: forwarding.record_step(services, actor, case_id, action)

    return command


def _forward_confirmation(action: CaseAction) -> Callable[[CaseSnapshot], str]:
    return lambda snapshot: fill(
        QCoreApplication.translate("CaseDetailDialog", "登记办件 %1“%2”（今天）？"),
        snapshot.case_no,
        forward_step_label(action),
    )


def _supplement(dialog: CaseDetailDialog, snapshot: CaseSnapshot) -> CaseCommand | None:
    printed = fill(
        QCoreApplication.translate(
            "CaseDetailDialog", "必需材料全部补齐时受理，%1；只补交一部分时登记已收材料，办件继续待补正"
        ),
        _printed(EventType.CASE_SUPPLEMENTED),
    )
    chosen = MaterialsDialog.ask(dialog, snapshot.missing, printed)
    if chosen is None:
        return None
    case_id, calendar = snapshot.id, dialog.ctx.calendar
    return lambda services, actor: cases.supplement(services, actor, case_id, calendar, received=chosen)


def _resume(dialog: CaseDetailDialog, snapshot: CaseSnapshot) -> CaseCommand:
    case_id, calendar = snapshot.id, dialog.ctx.calendar
    return lambda services, actor: cases.resume(services, actor, case_id, calendar)


def _extend(dialog: CaseDetailDialog, reason: str, days: int) -> CaseCommand:
    case_id, calendar = dialog.case_id, dialog.ctx.calendar
    return lambda services, actor: cases.extend(services, actor, case_id, days, reason, calendar)


def _side(action: Callable[[CaseDetailDialog], object]) -> Callable[[CaseDetailDialog, CaseSnapshot], None]:
    """An entry that writes nothing through the table (it opens another screen or runs its own op)."""

    def command(dialog: CaseDetailDialog, _snapshot: CaseSnapshot) -> None:
        action(dialog)

    return command


def case_action_entries() -> tuple[CaseActionEntry, ...]:
    """The case detail's buttons, in order."""
    return (
        CaseActionEntry(
            "supplement",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "补正材料已收"),
            _supplement,
            _allows(CaseAction.SUPPLEMENT),
        ),
        CaseActionEntry(
            "supply_deficiency",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "容缺材料补齐"),
            lambda _dialog, snapshot: lambda services, actor: cases.supply_deficiency(services, actor, snapshot.id),
            _allows(CaseAction.SUPPLY_DEFICIENCY),
        ),
        CaseActionEntry(
            "approve",
            _decision_text(Decision.APPROVED),
            lambda _dialog, snapshot: (
                lambda services, actor: cases.complete(services, actor, snapshot.id, Decision.APPROVED)
            ),
            _allows(CaseAction.APPROVE),
            _completion_confirmation(Decision.APPROVED),
        ),
        CaseActionEntry(
            "deny",
            _decision_text(Decision.DENIED),
            _deny,
            _allows(CaseAction.DENY),
            _completion_confirmation(Decision.DENIED),
        ),
        CaseActionEntry(
            "collect",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "取件/送达"),
            _collect,
            _allows(CaseAction.COLLECT),
        ),
        CaseActionEntry(
            "forward_files",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "电子转递材料"),
            _forward_files,
            _allows(CaseAction.FORWARD_FILES),
        ),
        CaseActionEntry(
            "forward_files_ack",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "对方确认收到"),
            _forward_step(CaseAction.FORWARD_FILES_ACK),
            _allows(CaseAction.FORWARD_FILES_ACK),
            _forward_confirmation(CaseAction.FORWARD_FILES_ACK),
        ),
        CaseActionEntry(
            "forward_post",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "邮寄原件"),
            _forward_post,
            _allows(CaseAction.FORWARD_POST),
        ),
        CaseActionEntry(
            "forward_received",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "对方已签收"),
            _forward_step(CaseAction.FORWARD_RECEIVED),
            _allows(CaseAction.FORWARD_RECEIVED),
            _forward_confirmation(CaseAction.FORWARD_RECEIVED),
        ),
        CaseActionEntry(
            "forward_result",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "结果已返回"),
            _forward_step(CaseAction.FORWARD_RESULT),
            _allows(CaseAction.FORWARD_RESULT),
            _forward_confirmation(CaseAction.FORWARD_RESULT),
        ),
        CaseActionEntry(
            "suspend",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "中止"),
            _ask_reason(
                QCoreApplication.translate("CaseDetailDialog", "中止"),
                QCoreApplication.translate("CaseDetailDialog", "中止原因："),
                lambda dialog, reason, _days: (
                    lambda services, actor: cases.suspend(services, actor, dialog.case_id, reason)
                ),
            ),
            _allows(CaseAction.SUSPEND),
        ),
        CaseActionEntry(
            "resume",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "恢复"),
            _resume,
            _allows(CaseAction.RESUME),
        ),
        CaseActionEntry(
            "extend",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "延期"),
            _ask_reason(
                QCoreApplication.translate("CaseDetailDialog", "延期"),
                QCoreApplication.translate("CaseDetailDialog", "延期原因（将告知申请人）与天数："),
                _extend,
                days=True,
            ),
            _allows(CaseAction.EXTEND),
        ),
        CaseActionEntry(
            "withdraw",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "撤回"),
            _ask_reason(
                QCoreApplication.translate("CaseDetailDialog", "撤回"),
                QCoreApplication.translate("CaseDetailDialog", "申请人撤回申请的说明："),
                lambda dialog, reason, _days: (
                    lambda services, actor: cases.withdraw(services, actor, dialog.case_id, reason)
                ),
                required=False,
            ),
            _allows(CaseAction.WITHDRAW),
        ),
        CaseActionEntry(
            "reveal",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "查看完整证件号"),
            _side(lambda dialog: dialog.reveal()),
            lambda snapshot: snapshot.applicant_kind == "person",
        ),
        CaseActionEntry(
            "reprint",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "补打 [Ctrl+P]"),
            _side(lambda dialog: dialog.reprint_requested.emit(dialog.case_id)),
            lambda _snapshot: True,
        ),
        CaseActionEntry(
            "rate",
            lambda _t: QCoreApplication.translate("CaseDetailDialog", "邀请评价"),
            _side(lambda dialog: dialog.rate_requested.emit(dialog.case_id)),
            lambda _snapshot: True,
        ),
    )


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
        self.bundle_box = QGroupBox(self.tr("一件事"), self)  # shown for a case taken in with a 一件事
        bundle_layout = QVBoxLayout(self.bundle_box)
        self.bundle_label = QLabel(self.bundle_box)
        bundle_layout.addWidget(self.bundle_label)
        self.bundle_cases = QListWidget(self.bundle_box)
        self.bundle_cases.setMaximumHeight(96)
        bundle_layout.addWidget(self.bundle_cases)
        self.bundle_box.setVisible(False)
        layout.addWidget(self.bundle_box)
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
        self.entries = case_action_entries()
        self.buttons: dict[str, QPushButton] = {}
        for entry in self.entries:
            button = QPushButton(entry.label(None), self)
            button.setAutoDefault(False)
            button.setObjectName(f"action_{entry.key}")
            button.clicked.connect(lambda _checked=False, chosen=entry: self.trigger(chosen))
            actions.addWidget(button)
            self.buttons[entry.key] = button
        layout.addLayout(actions)
        self.buttons["reprint"].setShortcut("Ctrl+P")
        self.ctx.changed.connect(self._on_changed)
        self._show_decision_words(None)
        self._enable_actions()
        self.reload()

    def _show_decision_words(self, matter_type: MatterType | None) -> None:
        """Button texts that follow the matter's type: 准予许可 only for a licence, 予以给付 for a payment …"""
        for entry in self.entries:
            self.buttons[entry.key].setText(entry.label(matter_type))

    # -- loading ------------------------------------------------------------------------------------
    def reload(self) -> None:
        case_id = self.case_id
        QueryOp(self.ctx, parent=self, fn=lambda services: load_snapshot(services, case_id)).success(
            self._show
        ).failure(self._failed).run()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(self.case_id) and shiboken6.isValid(self):
            self.reload()

    @if_alive
    def _failed(self, failure: Failure) -> None:
        self._busy = False
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setText(failure.message)
        self._enable_actions()

    @if_alive
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
            (self.tr("承诺办结"), _d(snapshot, "promised_date")),
            (self.tr("法定期限"), _d(snapshot, "statutory_date")),
            (self.tr("补正期限"), _d(snapshot, "notice_deadline")),
            (self.tr("容缺补齐期限"), _d(snapshot, "supply_deadline")),
            (self.tr("事项类型"), matter_type_label(snapshot.matter_type)),
            (
                self.tr("办理结果"),
                decision_label(snapshot.decision, snapshot.matter_type) if snapshot.decision else "—",
            ),
            (
                self.tr("受理人"),
                fill(self.tr("%1（窗口 %2）"), snapshot.clerk_name, snapshot.window),
            ),
        ]
        if snapshot.channel in FORWARDED_CHANNELS:
            details = snapshot.channel_details
            facts.append((self.tr("协议地区"), str(details.get("partner_region", "")) or "—"))
            if details.get("waybill_no"):  # cases recorded before the forwarding steps: the intake's free text
                facts.append((self.tr("运单号"), str(details["waybill_no"])))
        for wait in snapshot.waiting:
            late = wait in snapshot.overdue
            text = fill(self.tr("待“%1”（上一步 %2）"), forward_step_label(wait.step), wait.since.isoformat())
            facts.append((self.tr("转递超期") if late else self.tr("转递进度"), text))
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
            shown.setTextFormat(Qt.TextFormat.PlainText)  # what people typed (a reason, a name) is never markup
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addWidget(key, row, 0, Qt.AlignmentFlag.AlignTop)
            self.facts.addWidget(shown, row, 1)
        self.facts.setRowStretch(len(facts), 1)
        self.materials.setRowCount(len(snapshot.materials))
        for row, (name, form, received, copies, pages, deficient, certificate_no) in enumerate(snapshot.materials):
            values = [
                name,
                form_label(MaterialForm(form)),
                self.tr("✓") if received else self.tr("缺"),
                shared_label(certificate_no) if certificate_no else f"{copies}/{pages}",
                self.tr("容缺") if deficient else "",
            ]
            for column, value in enumerate(values):
                self.materials.setItem(row, column, QTableWidgetItem(value))
        self.materials.resizeColumnsToContents()
        self.timeline.clear()
        for entry in snapshot.timeline:
            text = f"{entry.at[:16].replace('T', ' ')}　{event_label(entry.type)}　{entry.actor_name or entry.actor}"
            detail = _event_detail(entry.payload, snapshot.matter_type, entry.type)
            self.timeline.addItem(QListWidgetItem(text + (f"\n    {detail}" if detail else "")))
        self._show_bundle(snapshot)
        self._show_decision_words(snapshot.matter_type)
        self._enable_actions()
        self.loaded.emit()

    def _show_bundle(self, snapshot: CaseSnapshot) -> None:
        """The bundle's progress as a whole and each sibling case with its status (this case marked)."""
        bundle = snapshot.bundle
        self.bundle_box.setVisible(bundle is not None)
        self.bundle_cases.clear()
        if bundle is None:
            return
        progress = fill(self.tr("%1/%2 已办结"), str(bundle.done), str(len(bundle.cases)))
        self.bundle_label.setText(f"【{bundle.name}】　{progress}")
        for case in bundle.cases:
            mark = self.tr("（本件）") if case.case_id == snapshot.id else ""
            self.bundle_cases.addItem(f"{case.case_no}　{case.matter_name}　{status_label(case.status)}{mark}")

    def _enable_actions(self) -> None:
        snapshot = self.snapshot
        for entry in self.entries:
            self.buttons[entry.key].setEnabled(snapshot is not None and entry.enabled(snapshot) and not self._busy)

    # -- actions ------------------------------------------------------------------------------------
    def trigger(self, entry: CaseActionEntry) -> None:
        """Ask what the entry needs (reason, delivery, confirmation), then run its command as a write op."""
        snapshot = self.snapshot
        if self._busy or snapshot is None or not entry.enabled(snapshot):
            return
        command = entry.command(self, snapshot)
        if command is None:
            return
        if entry.confirmation is not None and not ConfirmDialog.ask(
            self, entry.label(snapshot.matter_type), entry.confirmation(snapshot)
        ):
            return
        self._run(command)

    def _run(self, command: CaseCommand) -> None:
        self._busy = True
        self.error.clear()
        self._enable_actions()
        actor = self.ctx.require_actor()
        WriteOp(self.ctx, parent=self, fn=lambda services: case_written(command(services, actor))).success(
            self._acted
        ).failure(self._failed).with_progress(self.tr("正在保存…")).run()

    @if_alive
    def _acted(self, _result: CaseResult) -> None:
        self._busy = False  # the changes signal has reloaded the snapshot

    def reveal(self) -> None:
        answer = ReasonDialog.ask(self, self.tr("查看完整证件号"), self.tr("查看目的（将记录在案）："))
        if answer is None:
            return
        actor, case_id = self.ctx.require_actor(), self.case_id

        def reveal(services: Services) -> Written[str]:
            return Written(
                cases.reveal_id_number(services, actor, case_id, answer[0]), Changes(case_ids=frozenset({case_id}))
            )

        WriteOp(self.ctx, parent=self, fn=reveal).success(self._revealed).failure(self._failed).run()

    @if_alive
    def _revealed(self, number: str) -> None:
        self.error.setStyleSheet("color: #0b5cad;")
        self.error.setText(fill(self.tr("完整证件号码（已记录查看）：%1"), number))


def _d(snapshot: CaseSnapshot, name: str) -> str:
    return dated(getattr(snapshot, name), name in snapshot.provisional, "—")


def _event_detail(payload: dict[str, Any], matter_type: MatterType | None, event_type: str = "") -> str:
    labels = (
        ("promised_date", QCoreApplication.translate("CaseDetailDialog", "承诺")),
        ("notice_deadline", QCoreApplication.translate("CaseDetailDialog", "补正期限")),
        ("supply_deadline", QCoreApplication.translate("CaseDetailDialog", "补齐期限")),
        ("reason", QCoreApplication.translate("CaseDetailDialog", "原因")),
        ("decision", QCoreApplication.translate("CaseDetailDialog", "结果")),
        ("days", QCoreApplication.translate("CaseDetailDialog", "天数")),
        ("purpose", QCoreApplication.translate("CaseDetailDialog", "目的")),
        ("label", QCoreApplication.translate("CaseDetailDialog", "评价")),
        ("carrier", QCoreApplication.translate("CaseDetailDialog", "承运方")),
        ("waybill", QCoreApplication.translate("CaseDetailDialog", "运单号")),
        ("files", QCoreApplication.translate("CaseDetailDialog", "文件")),
    )
    shown = dict(payload)
    notice = []
    if event_type in (EventType.NOTICE_QUEUED, EventType.NOTICE_SKIPPED):
        notice.append(notice_kind_label(payload["kind"]))
        if payload.get("phone"):
            notice.append(mask_phone(str(payload["phone"])))
        if payload.get("not_before"):
            when = str(payload["not_before"])[:16].replace("T", " ")
            notice.append(fill(QCoreApplication.translate("CaseDetailDialog", "%1 起发送"), when))
        shown.pop("decision", None)
    if shown.get("decision") in {d.value for d in Decision}:
        shown["decision"] = decision_label(Decision(shown["decision"]), matter_type)
    if shown.get("carrier") in {c.value for c in Carrier}:
        shown["carrier"] = carrier_label(Carrier(shown["carrier"]))
    if isinstance(shown.get("files"), list):
        shown["files"] = "、".join(f"{f.get('name')}（SHA-256 {str(f.get('sha256'))[:12]}…）" for f in shown["files"])
    parts = notice + [f"{label} {shown[key]}" for key, label in labels if shown.get(key)]
    missing = payload.get("missing")
    if missing:
        parts.append(fill(QCoreApplication.translate("CaseDetailDialog", "缺 %1 项"), str(len(missing))))
    return "　".join(parts)
