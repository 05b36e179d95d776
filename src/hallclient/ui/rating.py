"""好差评: the citizen-facing rating window.

On a second screen when the PC has one (the screen facing the citizen), otherwise a dialog turned to
the citizen. Five large buttons, none preselected and none reachable by the clerk's Enter key (they
take no keyboard focus), an optional reason for the two bad levels, and an explicit flag when the clerk
enters the rating on the citizen's behalf — that flag is recorded with the rating.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallclient.services import ratings
from hallclient.services.context import Services
from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill, rating_label
from hallclient.ui.ops import Changes, Failure, WriteOp, Written
from hallclient.ui.widgets import ERROR_STYLE

_COLOURS = {5: "#1e7b34", 4: "#2e8b57", 3: "#5f6368", 2: "#c26401", 1: "#b3261e"}


class RatingWindow(QWidget):
    """Signals: rated(int): a rating was committed (its level)."""

    rated = Signal(int)

    def __init__(self, ctx: AppContext, case_id: str | None, case_no: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.case_id = case_id
        self.level: int | None = None
        self.on_second_screen = False
        self.setWindowTitle(self.tr("服务评价"))
        self.setObjectName("rating_window")
        self.setStyleSheet("#rating_window { background: #fbfbfd; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        title = QLabel(self.tr("请您对本次服务进行评价"), self)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 26px; font-weight: bold;")
        layout.addWidget(title)
        actor = ctx.actor
        who = fill(self.tr("窗口 %1 · 工作人员 %2"), ctx.settings.window, actor.display_name if actor else "")
        subtitle = QLabel(who + (f" · {case_no}" if case_no else ""), self)
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle.setStyleSheet("font-size: 15px; color: #5f6368;")
        layout.addWidget(subtitle)
        row = QHBoxLayout()
        self.buttons: dict[int, QPushButton] = {}
        for level in sorted(ratings.LEVELS, reverse=True):
            button = QPushButton(rating_label(level), self)
            button.setObjectName(f"rate_{level}")
            button.setMinimumSize(150, 110)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
            button.setCheckable(True)
            button.setStyleSheet(
                f"QPushButton {{ font-size: 22px; color: white; background: {_COLOURS[level]}; border-radius: 10px; }}"
                f"QPushButton:checked {{ border: 5px solid #202124; }}"
            )
            button.clicked.connect(lambda _c=False, value=level: self.choose(value))
            row.addWidget(button)
            self.buttons[level] = button
        layout.addLayout(row)
        self.reason_label = QLabel(self.tr("请告诉我们不满意的原因（可不填）："), self)
        self.reason_label.setStyleSheet("font-size: 15px;")
        layout.addWidget(self.reason_label)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("rating_reason")
        self.reason.setFixedHeight(80)
        layout.addWidget(self.reason)
        bottom = QHBoxLayout()
        self.on_behalf = QCheckBox(self.tr("工作人员代为录入（群众口述评价）"), self)
        self.on_behalf.setObjectName("rating_on_behalf")
        bottom.addWidget(self.on_behalf)
        bottom.addStretch(1)
        self.submit = QPushButton(self.tr("提交评价"), self)
        self.submit.setObjectName("rating_submit")
        self.submit.setMinimumHeight(44)
        self.submit.setAutoDefault(False)
        self.submit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bottom.addWidget(self.submit)
        self.cancel = QPushButton(self.tr("不评价 [Esc]"), self)
        self.cancel.setObjectName("rating_cancel")
        self.cancel.setMinimumHeight(44)
        self.cancel.setAutoDefault(False)
        self.cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel.clicked.connect(self.close)
        bottom.addWidget(self.cancel)
        layout.addLayout(bottom)

        self.message = QLabel(self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("font-size: 18px;")
        layout.addWidget(self.message)
        self.submit.clicked.connect(self.submit_rating)
        self._set_reason_visible(False)
        self.submit.setEnabled(False)

    def choose(self, level: int) -> None:
        """The citizen pressed a level; bad levels ask for a reason, good ones are recorded at once."""
        self.level = level
        for value, button in self.buttons.items():
            button.setChecked(value == level)
        self.message.setStyleSheet("font-size: 18px;")
        self.message.clear()
        bad = ratings.is_bad_review(level)
        self._set_reason_visible(bad)
        self.submit.setEnabled(True)
        if bad:
            self.reason.setFocus()
        else:
            self.submit_rating()

    def _set_reason_visible(self, visible: bool) -> None:
        self.reason_label.setVisible(visible)
        self.reason.setVisible(visible)
        self.submit.setVisible(visible)

    def submit_rating(self) -> None:
        if self.level is None:
            self.message.setStyleSheet(f"font-size: 18px; {ERROR_STYLE}")
            self.message.setText(self.tr("请选择一个评价等级"))
            return
        level, reason = self.level, self.reason.toPlainText().strip() if ratings.is_bad_review(self.level) else ""
        on_behalf = self.on_behalf.isChecked()
        actor, case_id = self.ctx.require_actor(), self.case_id
        for button in self.buttons.values():
            button.setEnabled(False)
        self.submit.setEnabled(False)

        def work(services: Services) -> Written[str]:
            rating_id = ratings.record_rating(
                services, actor, level=level, case_id=case_id, reason=reason, on_behalf=on_behalf
            )
            return Written(rating_id, Changes(case_ids=frozenset({case_id}) if case_id else frozenset()))

        WriteOp(self.ctx, parent=self, fn=work).success(lambda _id: self._done(level)).failure(self._failed).run()

    def _done(self, level: int) -> None:
        self.message.setText(self.tr("感谢您的评价！"))
        self.rated.emit(level)
        QTimer.singleShot(1500, self, self.close)

    def _failed(self, failure: Failure) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)
        self.submit.setEnabled(True)
        self.message.setStyleSheet(f"font-size: 18px; {ERROR_STYLE}")
        self.message.setText(failure.message)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the window unrated (the citizen declines); nothing is recorded."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def present(self) -> None:
        """Full screen on the citizen's screen when there is a second one, else a window on this one."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            self.on_second_screen = True
            self.setGeometry(screens[1].geometry())
            self.showFullScreen()
        else:
            self.on_second_screen = False
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
            self.resize(900, 420)
            self.show()
        self.raise_()
        self.activateWindow()
