"""The intake workspace: applicant, matter, materials, channel and outcome on one screen.

Keyboard-first: F2 applicant, F3 matter search, F4 materials, F5 new intake, F6–F10 the outcomes,
Ctrl+D agent, Ctrl+G green channel; on top the calling strip (叫号, Ctrl+Shift keys, ``ui/calling.py``).
Before anything is recorded the outcome is previewed with its deadlines computed by the same domain
function the service uses; the service then validates again and commits on the DB thread, and only the
committed result is handed on (printing, rating, and the called ticket's finish with the case number).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain import case as lifecycle
from hallclient.domain.case import CaseState, IllegalTransition, Outcome
from hallclient.domain.catalog import Bundle, Matter
from hallclient.domain.partners import province_of
from hallclient.errors import HallError
from hallclient.fonts import uncovered, uncovered_message
from hallclient.services import cases
from hallclient.services.bundles import BundleResult
from hallclient.services.cases import Applicant, CaseResult, FieldError, IntakeRequest
from hallclient.services.partners import load_partners
from hallclient.services.queue_links import TicketRef
from hallclient.ui.applicant import ApplicantPanel
from hallclient.ui.bundle_intake import BundleIntakeDialog, BundlePicker
from hallclient.ui.calling import CallingPanel
from hallclient.ui.certificates import CertificateLine
from hallclient.ui.channel import ChannelPanel
from hallclient.ui.context import AppContext
from hallclient.ui.labels import dated, fill, outcome_label, provisional_explained
from hallclient.ui.materials import MaterialChecklist, id_card_only_note
from hallclient.ui.matter_search import MatterSearch
from hallclient.ui.ops import Failure, QueryOp, WriteOp, case_written
from hallclient.ui.outcome import OUTCOME_KEYS, ConfirmStrip, OutcomeButtons
from hallclient.ui.screens import shortcut
from hallclient.ui.styles import WARNING_STYLE
from hallclient.ui.widgets import ConfirmDialog

if TYPE_CHECKING:  # the queue's wire models (pydantic) load when a queue server is configured
    from hallclient.protocol.queue import TicketOut


@dataclass(frozen=True)
class _TicketFill:
    """The called ticket that filled the applicant, and the applicant as filled (to tell a clerk's edit)."""

    ticket_id: str
    number: str
    applicant: tuple[Applicant, bool]


def _section(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setStyleSheet("font-weight: bold; color: #0b5cad;")
    return label


class IntakeWorkspace(QWidget):
    """Signals:
    recorded(object): a ``CaseResult`` was committed (printing and the rating window listen).
    message(str): a one-line note for the status bar.
    """

    recorded = Signal(object)
    message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._committing = False
        self.last_result: CaseResult | None = None
        self._filled: _TicketFill | None = None  # the ticket whose applicant filled the form, and what it filled
        self.stale_ticket = ""  # the number of an ended ticket whose applicant stays in a form the clerk edited
        outer = QVBoxLayout(self)
        self.calling: CallingPanel = CallingPanel(ctx, self, form=self._queue_applicant)
        outer.addWidget(self.calling)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(splitter, 1)

        # The applicant column scrolls: opening the agent panel must not grow the window past a 1366×768 screen.
        left_scroll = QScrollArea(splitter)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left = QWidget(left_scroll)
        left_scroll.setWidget(left)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        self.applicant = ApplicantPanel("applicant", self.tr("申请人 [F2]"), allow_organisation=True, parent=left)
        left_layout.addWidget(self.applicant)
        self.agent_toggle = QCheckBox(self.tr("代办人办理（帮办代办）[Ctrl+D]"), left)
        left_layout.addWidget(self.agent_toggle)
        self.agent = ApplicantPanel("agent", self.tr("代办人"), allow_organisation=False, parent=left)
        self.agent.setVisible(False)
        left_layout.addWidget(self.agent)
        self.channel = ChannelPanel(left)
        left_layout.addWidget(self.channel)
        left_layout.addStretch(1)

        middle = QWidget(splitter)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(4, 0, 4, 0)
        middle_layout.addWidget(_section(self.tr("事项 [F3]"), middle))
        self.search = MatterSearch(middle)
        middle_layout.addWidget(self.search, 1)

        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 0, 0, 0)
        right_layout.addWidget(_section(self.tr("材料清单 [F4]　空格=已收　R=容缺　Ctrl+A=全部已收"), right))
        self.materials = MaterialChecklist(right)
        right_layout.addWidget(self.materials, 1)
        self.material_summary = QLabel(right)
        right_layout.addWidget(self.material_summary)
        self.certificates = CertificateLine(ctx, self.applicant, self.materials, right)  # 电子证照 lookup
        right_layout.addWidget(self.certificates)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 4)
        splitter.setSizes([360, 360, 480])

        self.confirm = ConfirmStrip(self)
        outer.addWidget(self.confirm)
        self.result = QLabel(self)
        self.result.setObjectName("intake_result")
        self.result.setWordWrap(True)
        self.result.setVisible(False)
        self.result.setStyleSheet("#intake_result { background: #e6f4ea; border: 1px solid #1e7b34; padding: 6px; }")
        outer.addWidget(self.result)
        bottom = QHBoxLayout()
        self.outcomes = OutcomeButtons(self)
        bottom.addWidget(self.outcomes, 1)
        outer.addLayout(bottom)

        self._install_actions()
        self.applicant.green_suggested.connect(self._green_suggested)
        self.agent_toggle.toggled.connect(self._agent_toggled)
        self.search.matter_chosen.connect(self._matter_chosen)
        self.search.guide_requested.connect(self.open_guide)
        self.search.bundle_chosen.connect(self.open_bundle)
        self.bundle_dialog: BundleIntakeDialog | None = None  # 一件事 intake, while open (a swipe goes there)
        self.materials.changed.connect(self._materials_changed)
        self.calling.ticket_called.connect(self._ticket_called)
        self.calling.ticket_left.connect(self._ticket_left)
        self.outcomes.requested.connect(self.preview)
        self.confirm.confirmed.connect(self.commit)
        self.confirm.cancelled.connect(self.materials.setFocus)
        for signal in (self.applicant.changed, self.agent.changed, self.channel.changed):
            signal.connect(self._form_changed)
        self.ctx.ready.connect(self._on_ready)
        if self.ctx.is_ready:
            self._on_ready()
        self._materials_changed()

    def ask_new_intake(self) -> None:
        """F5: the next applicant; a half-filled form is cleared only when the clerk confirms."""
        if self.is_dirty() and not ConfirmDialog.ask(
            self, self.tr("新办件"), self.tr("当前受理尚未保存，清空后填写的内容将丢失。确定清空？")
        ):
            return
        self.new_intake()

    # -- setup --------------------------------------------------------------------------------------
    def _install_actions(self) -> None:
        def add(key: str, slot: Any) -> QAction:
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            return action

        add("F2", self.applicant.focus_first)
        add("F3", self.search.focus)
        add("F4", self.focus_materials)
        add("F5", self.ask_new_intake)
        add("Ctrl+D", self.agent_toggle.toggle)
        add("Ctrl+G", self.applicant.green.toggle)
        add("Escape", self._escape)
        for outcome, key in OUTCOME_KEYS:
            add(key, lambda _checked=False, o=outcome: self.preview(o))

    def open_guide(self, matter: Matter | None = None) -> QWidget | None:
        """打印办事指南: the preview of ``matter`` (default: the one the search shows), or a line saying to pick one."""
        from hallclient.ui.guide import open_guide

        dialog = open_guide(self.ctx, matter or self.search.current(), self)
        if dialog is None:
            self.ctx.tasks.failed.emit(self.tr("请先在事项搜索（F3）中选中一个事项，再打印办事指南"))
        return dialog

    def _on_ready(self) -> None:
        self.search.set_index(self.ctx.index, self.ctx.catalog)
        today = self.ctx.today()
        self.applicant.set_today(today)
        self.agent.set_today(today)
        self._load_partners()

    def _load_partners(self) -> None:
        """The published partner regions for the channel panel's picker (refreshed for each new intake)."""
        province = province_of(self.ctx.settings.hall_code)
        QueryOp(self.ctx, parent=self, fn=load_partners).success(
            lambda partners: self.channel.set_partners(partners, province)
        ).run()

    # -- form state ---------------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return not self.applicant.is_empty() or self.search.chosen is not None

    def new_intake(self) -> None:
        """Clear everything for the next citizen (F5)."""
        self.applicant.clear()
        self._filled = None
        self.stale_ticket = ""
        self.agent.clear()
        self.agent_toggle.setChecked(False)
        self.channel.clear()
        self.search.clear()
        self.materials.set_matter(None)
        self.certificates.reset()
        self.channel.set_matter(None)
        if self.ctx.is_ready:
            self._load_partners()
        self.confirm.hide_strip()
        self.applicant.focus_first()

    def focus_materials(self) -> None:
        self.materials.setFocus()
        if self.materials.rowCount() and self.materials.currentRow() < 0:
            self.materials.setCurrentCell(0, 3)

    def reader_target(self) -> ApplicantPanel:
        """Where a card swipe goes: the agent when proxy handling is on and the applicant is filled (or the
        agent panel has focus), otherwise the applicant."""
        if self.agent_toggle.isChecked() and (
            not self.applicant.is_empty() or self.agent.isAncestorOf(self.focusWidget())
        ):
            return self.agent
        return self.applicant

    def fill_from_card(self, card: dict[str, Any], raw: bytes | None = None) -> list[str]:
        if self.bundle_dialog is not None and self.bundle_dialog.isVisible():
            return self.bundle_dialog.fill_from_card(card, raw)
        self.result.setVisible(False)
        target = self.reader_target()
        warnings = target.fill_from_card(card, raw)
        if target is self.applicant:
            self.certificates.follow()  # a swipe is a new applicant: asked at once
        return warnings

    # -- 一件事一次办 (ui/bundle_intake.py) ---------------------------------------------------------------
    def choose_bundle(self) -> None:
        """The menu's way in: pick one of the catalog's bundles."""
        picker = BundlePicker(self.ctx.catalog.bundles, self)
        if picker.exec() and picker.chosen is not None:
            self.open_bundle(picker.chosen)

    def open_bundle(self, bundle: Bundle) -> BundleIntakeDialog:
        dialog = BundleIntakeDialog(self.ctx, bundle, self, ticket=self.calling.serving())
        dialog.recorded.connect(self._bundle_recorded)
        dialog.finished.connect(lambda _code: setattr(self, "bundle_dialog", None))
        self.bundle_dialog = dialog
        dialog.open()
        return dialog

    def _bundle_recorded(self, result: BundleResult) -> None:
        ticket = self.bundle_dialog.ticket if self.bundle_dialog is not None else None
        numbers = "、".join(case.case_no for case in result.cases)
        text = fill(self.tr("一件事已记录：%1 件办件 %2"), str(len(result.cases)), numbers)
        self.new_intake()
        self.result.setText(text)
        self.result.setVisible(True)
        self.message.emit(text)
        self.calling.case_saved(numbers, ticket)

    def _queue_applicant(self) -> tuple[str, str]:
        """The applicant a walk-in ticket carries: the resident ID number (a person's ID card only) and name."""
        person = self.applicant.applicant()
        if person.kind != "person":
            return "", person.name
        return (person.id_number if person.id_type == "id_card" else ""), person.name

    def _ticket_called(self, ticket: TicketOut) -> None:
        """The called citizen's name and ID number (when the ticket has them) fill an empty applicant form;
        a form the clerk already started is left alone, and the strip says so. A form already holding this
        ticket's applicant (a walk-in or check-in taken from it) belongs to the ticket, its name completed."""
        if not (ticket.applicant_name or ticket.id_number) or "*" in ticket.id_number:
            return
        if self._holds_applicant_of(ticket):
            if not self.applicant.name.text().strip():
                self.applicant.name.setText(ticket.applicant_name)
            self._filled = _TicketFill(ticket.id, ticket.number, self._applicant_now())
            self.stale_ticket = ""
            return
        if self.is_dirty():
            self.message.emit(fill(self.tr("表单已有内容：未自动填入 %1 号的申请人（F5 清空后可重填）"), ticket.number))
            return
        self.result.setVisible(False)
        self.applicant.fill_from_ticket(ticket.applicant_name, ticket.id_number)
        self._filled = _TicketFill(ticket.id, ticket.number, self._applicant_now())
        self.stale_ticket = ""

    def _holds_applicant_of(self, ticket: TicketOut) -> bool:
        id_number, name = self._queue_applicant()
        if not (id_number or name):
            return False
        same_id = id_number.upper() == ticket.id_number.upper()
        return same_id and (not name or name == ticket.applicant_name) and (bool(id_number) or bool(name))

    def _applicant_now(self) -> tuple[Applicant, bool]:
        return self.applicant.applicant(), self.applicant.green.isChecked()

    def _ticket_left(self, ticket: TicketOut) -> None:
        """The ticket whose applicant filled the form ended or left this window: its applicant must not be
        saved for the next citizen. An untouched fill is cleared; one the clerk edited stays, with a warning
        in the strip now and in the preview before the next save."""
        filled = self._filled
        if filled is None or filled.ticket_id != ticket.id:
            return
        self._filled = None
        if self._applicant_now() == filled.applicant:
            self.applicant.clear()
            self.confirm.hide_strip()
            return
        self.stale_ticket = filled.number
        self.calling.warn(self._stale_warning())

    def _stale_warning(self) -> str:
        return fill(self.tr("申请人信息来自已结束的 %1 号，请核对"), self.stale_ticket)

    def _escape(self) -> None:
        if self.confirm.isVisible():
            self.confirm.cancel_preview()

    def _form_changed(self) -> None:
        if self.confirm.isVisible() and not self._committing:
            self.confirm.hide_strip()

    def _green_suggested(self, suggested: bool) -> None:
        if suggested and not self.applicant.green.isChecked():
            self.applicant.green.setChecked(True)
            self.message.emit(self.tr("申请人年满 60 周岁，已建议绿色通道（Ctrl+G 取消）"))

    def _agent_toggled(self, on: bool) -> None:
        self.agent.setVisible(on)
        if not on:
            self.agent.clear()
        else:
            self.agent.focus_first()

    def _matter_chosen(self, matter: Matter) -> None:
        self.materials.set_matter(matter)
        self.certificates.reset()  # the checklist is new: the lookup is asked again for this matter
        self.certificates.follow()
        self.channel.set_matter(matter)
        self.confirm.hide_strip()
        self.focus_materials()

    def _materials_changed(self) -> None:
        received, missing, deficient = self.materials.summary()
        if self.materials.matter is None:
            self.material_summary.setText(self.tr("先选择事项 (F3)"))
            return
        text = fill(self.tr("已收 %1 项，缺 %2 项，容缺 %3 项"), str(received), str(missing), str(deficient))
        if self.materials.shared_count():
            text += fill(self.tr("（其中电子证照共享 %1 项）"), str(self.materials.shared_count()))
        if id_card_only_note(self.materials.matter):
            text += "\n" + self.tr("一证通办：纸质材料只收居民身份证")
        self.material_summary.setText(text)
        if self.confirm.isVisible() and not self._committing:
            self.confirm.hide_strip()

    # -- outcome ------------------------------------------------------------------------------------
    def build_request(self, outcome: Outcome, extras: dict[str, Any] | None = None) -> IntakeRequest:
        matter = self.search.chosen
        extras = extras or {}
        return IntakeRequest(
            matter_code=matter.code if matter else "",
            applicant=self.applicant.applicant(),
            outcome=outcome,
            materials=self.materials.received_materials(),
            agent=self.agent.applicant() if self.agent_toggle.isChecked() else None,
            channel=self.channel.channel(),
            channel_details=self.channel.details_dict(),
            green_channel=self.applicant.green.isChecked(),
            refusal_reason=str(extras.get("refusal_reason", "")),
            competent_body=str(extras.get("competent_body", "")),
            supply_deadline=extras.get("supply_deadline"),
        )

    def show_field_error(self, field: str, message: str) -> None:
        """Put a service's field error next to the field it names."""
        if field == "matter":
            self.search.focus()
            self.confirm.show_preview(Outcome.ACCEPT, "", error=message)
            return
        if field == "materials":
            self.focus_materials()
            return
        for panel in (self.applicant, self.agent, self.channel):
            if panel.show_error(field, message):
                return

    def _check(self, outcome: Outcome, request: IntakeRequest, matter: Matter) -> lifecycle.Transition:
        """The service's own validation and deadline computation, run before confirming (pure, no DB)."""
        today = self.ctx.today()
        cases.validate_request(request, matter, today)
        missing, deficient = cases.missing_and_deficient(request, matter)
        if deficient and outcome in (Outcome.ACCEPT, Outcome.COMPLETE_IMMEDIATELY):
            raise IllegalTransition(self.tr("有材料标为容缺：请选择“容缺受理”"))
        reason = request.refusal_reason or (self.tr("（待填写）") if outcome is Outcome.REFUSE else "")
        return lifecycle.intake(
            outcome,
            matter,
            today,
            self.ctx.calendar,
            missing=missing if outcome is not Outcome.REFUSE else (),
            deficient=deficient if outcome is Outcome.ACCEPT_WITH_DEFICIENCY else (),
            refusal_reason=reason,
            competent_body=request.competent_body,
            supply_deadline=request.supply_deadline,
        )

    def preview(self, outcome: Outcome) -> None:
        """Show what ``outcome`` would record, or why it cannot be recorded yet."""
        if self._committing or not self.ctx.is_ready:
            return
        self.result.setVisible(False)
        matter = self.search.chosen
        if matter is None:
            self.confirm.show_preview(outcome, "", error=self.tr("请先选择事项（F3 搜索）"))
            self.search.focus()
            return
        self.applicant.clear_errors()
        self.agent.clear_errors()
        if self.stale_ticket:
            self.calling.warn(self._stale_warning())
        request = self.build_request(outcome)
        try:
            transition = self._check(outcome, request, matter)
        except FieldError:  # every bad field at once, each next to its field
            errors = cases.field_errors(request, matter, self.ctx.today())
            self.confirm.show_preview(outcome, "", error="；".join(str(field_error) for field_error in errors))
            for field_error in reversed(errors):  # the first one ends with the focus
                self.show_field_error(field_error.field, str(field_error))
            return
        except HallError as error:
            self.confirm.show_preview(outcome, self._summary(outcome, request, matter, None), error=str(error))
            return
        state = transition.state
        self.confirm.show_preview(
            outcome,
            self._summary(outcome, request, matter, transition),
            supply_default=state.supply_deadline or state.promised_date,
            supply_max=state.promised_date,
        )

    def _summary(
        self, outcome: Outcome, request: IntakeRequest, matter: Matter, transition: lifecycle.Transition | None
    ) -> str:
        applicant = request.applicant
        names = {item.code: item.name for item in matter.materials}
        missing, deficient = cases.missing_and_deficient(request, matter)
        lines = [fill(self.tr("申请人：%1　事项：%2"), html.escape(applicant.name) or "—", html.escape(matter.name))]
        if self.stale_ticket:  # an ended ticket's applicant, edited by the clerk: seen before the save
            lines.append(f"<span style='color:#b3261e'>{html.escape(self._stale_warning())}</span>")
        for warning in self.applicant.card_warnings:  # an expired card must be seen before the case is saved
            text = html.escape(fill(self.tr("证件提醒：%1"), warning))
            lines.append(f"<span style='color:#b3261e'>{text}</span>")
        state = transition.state if transition else None
        if outcome is Outcome.ACCEPT and state:
            lines.append(self._dates_line(state, matter))
        elif outcome is Outcome.NOTIFY_MISSING:
            if missing:
                lines.append(self.tr("一次性告知缺少：") + "、".join(html.escape(names[c]) for c in missing))
            if state and state.notice_deadline:
                lines.append(
                    fill(
                        self.tr("补正期限：%1（5 个工作日）；补齐后自补正次日重新起算时限"),
                        dated(state.notice_deadline, "notice_deadline" in state.provisional),
                    )
                )
        elif outcome is Outcome.REFUSE:
            lines.append(self.tr("须写明理由；通知书告知申请人依法申请行政复议或提起行政诉讼的权利"))
        elif outcome is Outcome.ACCEPT_WITH_DEFICIENCY:
            if deficient:
                lines.append(self.tr("容缺材料：") + "、".join(html.escape(names[c]) for c in deficient))
            if state:
                lines.append(self._dates_line(state, matter))
                lines.append(self.tr("容缺受理通知书一式两份；补齐期限不得晚于承诺办结日期"))
        elif outcome is Outcome.COMPLETE_IMMEDIATELY and state:
            lines.append(fill(self.tr("即办件，当场办结（%1）"), str(state.promised_date)))
        if request.green_channel:
            lines.append(self.tr("绿色通道"))
        if state and state.provisional:
            lines.append(f'<span style="{WARNING_STYLE}">{html.escape(provisional_explained())}</span>')
        people = [request.applicant, *([request.agent] if request.agent else [])]
        typed = " ".join(f"{p.name} {p.address} {p.representative_name}" for p in people)
        no_glyph = uncovered_message(uncovered(typed))  # said before the case is recorded and its slip queued
        if no_glyph:
            lines.append(f'<span style="{WARNING_STYLE}">{html.escape(no_glyph)}</span>')
        return "<br>".join(lines)

    def _dates_line(self, state: CaseState, matter: Matter) -> str:
        return fill(
            self.tr("承诺办结日期：%1（%2 个工作日，自受理次日起算）　法定期限：%3（%4 个工作日）"),
            dated(state.promised_date, "promised_date" in state.provisional),
            str(matter.promised_days),
            dated(state.statutory_date, "statutory_date" in state.provisional),
            str(matter.statutory_days),
        )

    def commit(self, outcome: Outcome, extras: dict[str, Any]) -> None:
        """Record on the DB thread; the form is cleared only once the case is safely committed."""
        if self._committing:
            return
        matter = self.search.chosen
        if matter is None:
            return
        request = self.build_request(outcome, extras)
        if outcome is not Outcome.ACCEPT_WITH_DEFICIENCY:
            request = replace(request, supply_deadline=None)
        try:
            self._check(outcome, request, matter)
        except FieldError as error:
            self.show_field_error(error.field, str(error))
            self.confirm.error.setText(str(error))
            self.confirm.error.setVisible(True)
            return
        except HallError as error:
            self.confirm.error.setText(str(error))
            self.confirm.error.setVisible(True)
            if outcome is Outcome.ACCEPT_WITH_DEFICIENCY:
                self.confirm.supply_row.set_error(str(error))
            return
        self._committing = True
        self.confirm.ok.setEnabled(False)
        actor, calendar = self.ctx.require_actor(), self.ctx.calendar
        ticket = self.calling.serving()  # the citizen's queue ticket: the link is kept with the case
        WriteOp(
            self.ctx,
            parent=self,
            fn=lambda services: case_written(cases.record_intake(services, actor, request, calendar, ticket=ticket)),
        ).success(lambda result: self._committed(result, ticket)).failure(self._commit_failed).with_progress(
            self.tr("正在保存办件…")
        ).run()

    def _committed(self, result: CaseResult, ticket: TicketRef | None = None) -> None:
        self._committing = False
        self.last_result = result
        matter = self.search.chosen
        if matter is not None:
            self.ctx.index.bump(matter.code, 1.0)
        label = outcome_label(result.state.outcome)
        state = result.state
        when_field = "promised_date" if state.promised_date else "notice_deadline"
        when = getattr(state, when_field)
        text = fill(self.tr("已记录：%1　办件编号 %2"), label, result.case_no)
        if when:
            text += fill(self.tr("　期限 %1"), dated(when, when_field in state.provisional))
        text += fill(self.tr("　[%1 打印预览 · %2 邀请评价 · F5 下一位]"), shortcut("print"), shortcut("rate"))
        self.new_intake()
        self.result.setText(text)
        self.result.setVisible(True)
        self.message.emit(text)
        self.calling.case_saved(result.case_no, ticket)
        self.recorded.emit(result)

    def _commit_failed(self, failure: Failure) -> None:
        error, message = failure.error, failure.message
        self._committing = False
        self.confirm.ok.setEnabled(True)
        self.confirm.error.setText(self.tr("未保存：") + message)
        self.confirm.error.setVisible(True)
        if isinstance(error, FieldError):
            self.show_field_error(error.field, message)
