"""日结 (close of day) for the clerk's window: the day's figures, signed by re-entering the password.

The services refuse while events are unsynced; the dialog says so up front and offers the way out the
rules allow — an offline bundle file that a supervisor imports on the server. The summary is read and the
close is written on the DB thread.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill
from hallclient.ui.ops import Failure, QueryOp, WriteOp, Written
from hallclient.ui.widgets import ERROR_STYLE, if_alive

if TYPE_CHECKING:
    from hallclient.services.context import Actor
    from hallclient.services.day_close import DayCloseResult


def load_day(services: Any, day: date) -> tuple[int, dict[str, Any]]:
    """Unsynced events and the window's figures of ``day`` (DB thread)."""
    from hallclient.services.day_close import day_summary, unsynced_count

    return unsynced_count(services), day_summary(services, day)


class DayCloseDialog(QDialog):
    """Signals: closed(object): the day was closed (``DayCloseResult``); loaded(): the summary is shown."""

    closed = Signal(object)
    loaded = Signal()

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self.day = ctx.today()
        self.unsynced = 0
        self.bundle_path: Path | None = None
        self.signed: DayCloseResult | None = None
        self.setWindowTitle(fill(self.tr("日结 — %1 号窗口 %2"), ctx.settings.window, self.day.isoformat()))
        self.summary = QLabel(self.tr("正在统计…"), self)
        self.summary.setWordWrap(True)
        self.sync_note = QLabel(self)
        self.sync_note.setWordWrap(True)
        self.bundle_label = QLabel(self)
        self.bundle_button = QPushButton(self.tr("导出离线数据包…"), self)
        self.bundle_button.clicked.connect(self.choose_bundle)
        bundle_row = QHBoxLayout()
        bundle_row.addWidget(self.bundle_label, 1)
        bundle_row.addWidget(self.bundle_button)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("再次输入登录密码以签署"))
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("签署人"), QLabel(actor.display_name, self))
        form.addRow(self.tr("密码"), self.password)
        buttons = QDialogButtonBox(self)
        self.sign_button = buttons.addButton(self.tr("签署日结"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setEnabled(False)
        self.sign_button.clicked.connect(self.sign)
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.sync_note)
        layout.addLayout(bundle_row)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.password.returnPressed.connect(self.sign)
        self._show_bundle()
        day = self.day
        QueryOp(ctx, parent=self, fn=lambda services: load_day(services, day)).success(self._loaded).failure(
            self._failed
        ).run()
        self.resize(560, 520)

    @if_alive
    def _loaded(self, result: tuple[int, dict[str, Any]]) -> None:
        self.unsynced, summary = result
        self.summary.setText(self.summary_html(summary))
        if self.unsynced:
            self.sync_note.setText(
                fill(
                    self.tr("尚有 %1 条事件未同步到服务器：请先同步，或导出离线数据包交值班长导入后再日结。"),
                    str(self.unsynced),
                )
            )
            self.sync_note.setStyleSheet(ERROR_STYLE)
        else:
            self.sync_note.setText(self.tr("所有事件均已同步。"))
            self.sync_note.setStyleSheet("")
        self._show_bundle()
        self.sign_button.setEnabled(True)
        self.password.setFocus()
        self.loaded.emit()

    def summary_html(self, summary: dict[str, Any]) -> str:
        from hallclient.domain.case import Channel, Outcome
        from hallclient.ui.labels import channel_label, outcome_label

        def known(label: Any, key: str, kind: Any) -> str:
            try:
                return str(label(kind(key)))
            except ValueError:
                return key

        outcomes = "，".join(f"{known(outcome_label, k, Outcome)} {v}" for k, v in summary["outcomes"].items() if v)
        channels = "，".join(f"{known(channel_label, k, Channel)} {v}" for k, v in summary["channels"].items() if v)
        clerks = "，".join(f"{html.escape(name)} {count}" for name, count in summary["by_clerk"].items())
        rows = [
            (self.tr("受理办件"), str(summary["cases"])),
            (self.tr("受理结果"), outcomes or "—"),
            (self.tr("办理渠道"), channels or "—"),
            (self.tr("已办结"), str(summary["completed"])),
            (self.tr("代办 / 绿色通道"), f"{summary['assisted']} / {summary['green_channel']}"),
            (self.tr("差评"), str(summary["bad_reviews"])),
            (self.tr("首问登记"), str(summary["enquiries"])),
            (self.tr("投诉"), str(summary["complaints"])),
            (self.tr("超期 / 临近到期"), f"{summary['overdue']} / {summary['near_due']}"),
            (self.tr("按人员"), clerks or "—"),
        ]
        body = "".join(f"<tr><td>{html.escape(k)}</td><td><b>{v}</b></td></tr>" for k, v in rows)
        return f"<table cellspacing='4'>{body}</table>"

    def _show_bundle(self) -> None:
        self.bundle_label.setVisible(bool(self.unsynced))
        self.bundle_button.setVisible(bool(self.unsynced))
        if self.bundle_path is None:
            self.bundle_label.setText(self.tr("未选择离线数据包"))
        else:
            self.bundle_label.setText(fill(self.tr("离线数据包：%1"), str(self.bundle_path)))

    def choose_bundle(self) -> None:
        suggested = f"hallclient-{self.ctx.settings.window}-{self.day:%Y%m%d}.json"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出离线数据包"), suggested,
                                              self.tr("离线数据包 (*.json)"))  # fmt: skip
        if path:
            self.bundle_path = Path(path)
            self.error.clear()
            self._show_bundle()

    def sign(self) -> None:
        if not self.sign_button.isEnabled():
            return
        password = self.password.text()
        if not password:
            self.error.setText(self.tr("请输入密码以签署日结"))
            return
        if self.unsynced and self.bundle_path is None:
            self.error.setText(self.tr("有未同步事件：请先导出离线数据包"))
            return
        from hallclient.services.day_close import close_day

        actor, day, bundle = self.actor, self.day, self.bundle_path
        self.sign_button.setEnabled(False)
        self.error.clear()
        WriteOp(
            self.ctx,
            parent=self,
            fn=lambda services: Written(close_day(services, actor, password, day=day, bundle_path=bundle)),
        ).success(self._done).failure(self._failed).with_progress(self.tr("日结")).run()

    @if_alive
    def _done(self, result: DayCloseResult) -> None:
        self.signed = result
        self.password.clear()
        self.password.setEnabled(False)
        self.bundle_button.setEnabled(False)
        note = fill(self.tr("日结已签署，签名 %1"), result.signature[:16])
        if result.bundle is not None:
            note += "\n" + fill(
                self.tr("离线数据包已导出（%1 条事件），请交值班长导入服务器"), len(result.bundle.events)
            )
        self.sync_note.setText(note)
        self.sync_note.setStyleSheet("color: #1e7b34;")
        self.closed.emit(result)

    @if_alive
    def _failed(self, failure: Failure) -> None:
        self.error.setText(failure.message)
        self.sign_button.setEnabled(self.signed is None)
        self.password.selectAll()
        self.password.setFocus()
