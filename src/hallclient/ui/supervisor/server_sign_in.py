"""Signing the supervisor in on the server (``POST /v1/login``), for the figures only the server has.

The queue lives on the server; its figures and the live hall need the supervisor's own server session, so
the 排队 tab and the live hall view ask for the password once and keep the token for the session
(``AppContext.server_token``, cleared at sign-out). The call runs on the network thread.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from hallclient.services.context import Services
from hallclient.ui.context import AppContext
from hallclient.ui.ops import Failure, NetworkOp


def server_configured(ctx: AppContext) -> bool:
    return bool(ctx.settings.server_url and ctx.settings.device_token)


class ServerSignIn(QWidget):
    """Signals: signed_in() once ``ctx.server_token`` is set; refused(str) with the one-line reason."""

    signed_in = Signal()
    refused = Signal(str)

    def __init__(self, ctx: AppContext, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.username = ctx, username
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.button = QPushButton()
        self.message = QLabel()
        self.message.setStyleSheet("color: #b3261e;")
        layout = QHBoxLayout(self)
        for widget in (self.prompt, self.password, self.button, self.message):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.button.clicked.connect(self.sign_in)
        self.password.returnPressed.connect(self.sign_in)
        self.retranslate()

    def retranslate(self) -> None:
        if server_configured(self.ctx):
            self.prompt.setText(self.tr("排队数据在中心服务器上：请输入您在服务器上的密码"))
        else:
            self.prompt.setText(self.tr("本机未连接中心服务器（请信息管理员配置并登记本机）：排队数据只在服务器上"))
        self.password.setVisible(server_configured(self.ctx))
        self.button.setVisible(server_configured(self.ctx))
        self.password.setPlaceholderText(self.tr("密码"))
        self.button.setText(self.tr("登录服务器"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def sign_in(self) -> None:
        password = self.password.text()
        if not password or not server_configured(self.ctx):
            return
        username = self.username

        def work(services: Services) -> str:
            from hallclient.reports.server import sign_in

            settings = services.settings
            return sign_in(settings.server_url, settings.device_token, username, password, ca_file=settings.ca_file)

        self.button.setEnabled(False)
        self.message.setText("")
        NetworkOp(self.ctx, parent=self, fn=work).success(self._signed_in).failure(self._refused).run()

    def _signed_in(self, token: str) -> None:
        self.ctx.server_token = token
        self.password.clear()
        self.button.setEnabled(True)
        self.signed_in.emit()

    def _refused(self, failure: Failure) -> None:
        self.button.setEnabled(True)
        self.message.setText(failure.message)
        self.refused.emit(failure.message)
