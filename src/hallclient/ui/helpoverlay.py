"""F1: every key of the client on one overlay, so the keyboard-first flow is discoverable."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from hallclient.ui.screens import shortcut


class HelpOverlay(QWidget):
    """A translucent panel over the main window; any key or click closes it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("help_overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#help_overlay { background: rgba(20, 24, 32, 245); } QLabel { color: white; }")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 40, 60, 40)
        title = QLabel(self.tr("键盘操作一览（按任意键关闭）"), self)
        title.setStyleSheet("font-size: 22px; font-weight: bold;")
        outer.addWidget(title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        for index, (key, text) in enumerate(self.keys()):
            column = (index // 12) * 2
            row = index % 12
            key_label = QLabel(key, self)
            key_label.setStyleSheet("font-size: 16px; font-weight: bold; color: #ffd54f;")
            grid.addWidget(key_label, row, column)
            label = QLabel(text, self)
            label.setStyleSheet("font-size: 16px;")
            grid.addWidget(label, row, column + 1)
        outer.addLayout(grid)
        outer.addStretch(1)
        self.setVisible(False)
        parent.installEventFilter(self)

    def keys(self) -> list[tuple[str, str]]:
        return [
            ("F1", self.tr("本帮助")),
            ("F2", self.tr("申请人（证件号码）")),
            ("F3", self.tr("事项搜索")),
            ("F4", self.tr("材料清单")),
            ("F5", self.tr("新办件（清空）")),
            ("F6", self.tr("受理")),
            ("F7", self.tr("一次性告知")),
            ("F8", self.tr("不予受理")),
            ("F9", self.tr("容缺受理")),
            ("F10", self.tr("即办")),
            ("F11", self.tr("办件查询")),
            ("F12", self.tr("首问登记")),
            (shortcut("assistance"), self.tr("帮办代办（数字键 1–5 选类型）")),
            ("Enter / Esc", self.tr("确认 / 返回")),
            (self.tr("空格 / R"), self.tr("材料：已收 / 容缺")),
            ("Ctrl+A", self.tr("材料全部已收")),
            ("Ctrl+D", self.tr("代办人")),
            ("Ctrl+G", self.tr("绿色通道")),
            (shortcut("print"), self.tr("打印预览 / 补打")),
            (shortcut("rate"), self.tr("邀请评价")),
            (shortcut("guide"), self.tr("打印办事指南")),
            (shortcut("lock"), self.tr("锁屏")),
            (shortcut("switch"), self.tr("切换人员")),
            ("Alt+1…7", self.tr("办件列表筛选")),
            (shortcut("queue_call"), self.tr("叫号（下一位）")),
            (shortcut("queue_recall"), self.tr("重呼")),
            (shortcut("queue_start"), self.tr("开始办理")),
            (shortcut("queue_no_show"), self.tr("过号")),
            (shortcut("queue_hold"), self.tr("挂起（回呼等候）")),
            (shortcut("queue_call_back"), self.tr("回呼")),
            (shortcut("queue_transfer"), self.tr("转移")),
            (shortcut("queue_finish"), self.tr("办结当前号")),
            (shortcut("queue_pause"), self.tr("暂停 / 恢复服务")),
            (shortcut("queue_walk_in"), self.tr("窗口取号（现场群众，在本窗口办理）")),
            (shortcut("queue_check_in"), self.tr("预约签到（预约码或身份证号）")),
        ]

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
        else:
            self.popup()

    def popup(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.hide()
        event.accept()

    def mousePressEvent(self, event: object) -> None:
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if parent is not None and watched is parent and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(parent.rect())
        return False
