"""Sign-in and the lock screen (same page, two modes).

Locked: the clerk's own password unlocks and keeps the work in progress; "switch clerk" signs out so
another clerk can sign in without restarting. Password checks (argon2, deliberately slow) run on the DB
thread so typing never stalls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallclient.ui.context import AppContext
from hallclient.ui.ops import Failure, QueryOp

if TYPE_CHECKING:
    from hallclient.services.context import Actor, Services
from hallclient.ui.styles import ERROR_STYLE
from hallclient.ui.textfill import fill


class LoginPage(QWidget):
    """Signals:
    signed_in(object): the credentials were right (an ``Actor``).
    language_requested(str): the clerk picked another UI language.
    switch_requested(): on the lock screen, another clerk wants to sign in.

    ``demo_accounts`` (username, password, display name, role) are listed on the page in demo mode, in
    a label of their own so store opening, sign-in errors and lock/unlock never wipe them.
    """

    signed_in = Signal(object)
    language_requested = Signal(str)
    switch_requested = Signal()

    def __init__(
        self,
        ctx: AppContext,
        language: str,
        parent: QWidget | None = None,
        *,
        demo_accounts: Sequence[tuple[str, str, str, str]] = (),
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locked_as: Actor | None = None
        self._pending = False
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame(self)
        card.setObjectName("login_card")
        card.setStyleSheet("#login_card { background: white; border: 1px solid #d0d7de; border-radius: 8px; }")
        card.setMinimumWidth(420)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 24, 28, 24)
        self.hall = QLabel(ctx.settings.hall_name, card)
        # Alignment through the style sheet: Qt's enum namespace is not loaded before the first paint.
        self.hall.setStyleSheet("font-size: 20px; font-weight: bold; color: #0b5cad; qproperty-alignment: AlignCenter;")
        layout.addWidget(self.hall)
        self.title = QLabel(card)
        self.title.setStyleSheet("font-size: 15px; qproperty-alignment: AlignCenter;")
        layout.addWidget(self.title)
        form = QFormLayout()
        self.username = QLineEdit(card)
        self.username.setObjectName("username")
        form.addRow(self.tr("用户名"), self.username)
        self.password = QLineEdit(card)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("密码"), self.password)
        # Two plain buttons rather than a combo box: item data would load every Qt enum before first paint.
        self.language = QWidget(card)
        choices = QHBoxLayout(self.language)
        choices.setContentsMargins(0, 0, 0, 0)
        self.language_buttons: dict[str, QPushButton] = {}
        for code, label in (("zh_CN", "中文"), ("en", "English")):
            button = QPushButton(label, self.language)
            button.setCheckable(True)
            button.setChecked(code == language)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, value=code: self._choose_language(value))
            choices.addWidget(button)
            self.language_buttons[code] = button
        choices.addStretch(1)
        form.addRow(self.tr("语言 / Language"), self.language)
        layout.addLayout(form)
        self.error = QLabel(card)
        self.error.setObjectName("login_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.status = QLabel(card)
        self.status.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.status)
        self.demo_hint = QLabel(card)
        self.demo_hint.setObjectName("demo_hint")
        self.demo_hint.setStyleSheet(
            "#demo_hint { background: #fff8e1; border: 1px solid #f0c36d; border-radius: 4px; padding: 6px; }"
        )
        if demo_accounts:
            from PySide6.QtCore import Qt

            self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.setText(self._demo_text(demo_accounts))
        self.demo_hint.setVisible(bool(demo_accounts))
        layout.addWidget(self.demo_hint)
        buttons = QHBoxLayout()
        self.switch = QPushButton(self.tr("切换人员"), card)
        self.switch.setAutoDefault(False)
        self.switch.setVisible(False)
        buttons.addWidget(self.switch)
        buttons.addStretch(1)
        self.submit = QPushButton(self.tr("登录"), card)
        self.submit.setObjectName("login_submit")
        self.submit.setDefault(True)
        buttons.addWidget(self.submit)
        layout.addLayout(buttons)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.attempt)
        self.submit.clicked.connect(self.attempt)
        self.switch.clicked.connect(self.switch_requested)
        ctx.ready.connect(self._ready)
        ctx.open_failed.connect(self._open_failed)
        self.set_locked(None)
        if not ctx.is_ready:
            self.status.setText(self.tr("正在打开本地数据库…"))
        if demo_accounts:
            self.username.setText(demo_accounts[0][0])

    def _demo_text(self, accounts: Sequence[tuple[str, str, str, str]]) -> str:
        roles = {"clerk": self.tr("窗口人员"), "supervisor": self.tr("值班长"), "admin": self.tr("管理员")}
        lines = [self.tr("演示模式 · 可用账号（用户名 / 密码）：")]
        for username, password, display_name, role in accounts:
            lines.append(fill(self.tr("%1 / %2　%3（%4）"), username, password, display_name, roles.get(role, role)))
        return "\n".join(lines)

    def _choose_language(self, code: str) -> None:
        for value, button in self.language_buttons.items():
            button.setChecked(value == code)
        self.language_requested.emit(code)

    def set_locked(self, actor: Actor | None) -> None:
        """``actor`` set: lock screen for that clerk; None: a normal sign-in."""
        self.locked_as = actor
        self.password.clear()
        self.error.clear()
        window = self.ctx.settings.window
        if actor is None:
            self.title.setText(fill(self.tr("综合窗口 %1 号 · 人员登录"), window))
            self.username.setReadOnly(False)
            self.submit.setText(self.tr("登录"))
        else:
            self.title.setText(fill(self.tr("已锁屏 · %1（窗口 %2）"), actor.display_name, window))
            self.username.setText(actor.username)
            self.username.setReadOnly(True)
            self.submit.setText(self.tr("解锁"))
        self.switch.setVisible(actor is not None)
        self.language.setEnabled(actor is None)

    def focus(self) -> None:
        if self.locked_as is not None or self.username.text():
            self.password.setFocus()
        else:
            self.username.setFocus()

    def _ready(self) -> None:
        self.status.clear()
        self.hall.setText(self.ctx.settings.hall_name)
        self.set_locked(self.locked_as)
        if self._pending:
            self._pending = False
            self.attempt()

    def _open_failed(self, message: str) -> None:
        self.status.clear()
        self.error.setText(self.tr("无法打开本地数据库：") + message)

    def attempt(self) -> None:
        username = self.username.text().strip()
        password = self.password.text()
        if not username:
            self.error.setText(self.tr("请输入用户名"))
            self.username.setFocus()
            return
        if not password:
            self.error.setText(self.tr("请输入密码"))
            self.password.setFocus()
            return
        if not self.ctx.is_ready:
            self._pending = True
            self.status.setText(self.tr("正在打开本地数据库，稍候自动登录…"))
            return
        self.error.clear()
        self.submit.setEnabled(False)
        self.status.setText(self.tr("正在验证…"))

        def check(services: Services) -> Actor:
            from hallclient.services import users  # argon2 and SQLAlchemy load on the DB thread

            return users.authenticate(services, username, password)

        QueryOp(self.ctx, parent=self, fn=check).success(self._accepted).failure(self._sign_in_failed).run()

    def _accepted(self, actor: Actor) -> None:
        self.submit.setEnabled(True)
        self.status.clear()
        if self.locked_as is not None and actor.user_id != self.locked_as.user_id:
            self.error.setText(self.tr("锁屏只能由本人解锁；其他人员请点“切换人员”"))
            return
        self.password.clear()
        self.signed_in.emit(actor)

    def _sign_in_failed(self, failure: Failure) -> None:
        self.submit.setEnabled(True)
        self.status.clear()
        self.password.clear()
        self.password.setFocus()
        message = failure.message
        if message == "用户名或密码错误":
            message = self.tr("用户名或密码错误")
        self.error.setText(message)
