"""The screen registry: every screen and command of the main window, declared once.

The menus, their shortcuts, which entries need a signed-in clerk or a role, and which screens are
windows of the session (hidden by the lock screen, closed on switching clerk and at exit) all come from
:data:`SCREENS`. The banner after a save and the F1 help name shortcuts through :func:`shortcut`, so
they only name keys that are bound. Shortcuts are ones no focused widget takes for itself (a line edit
takes Ctrl+E as end-of-line, so 邀请评价 is Ctrl+Shift+E).

To add a screen: write its widget, add an ``open_…`` method to ``MainWindow`` that builds it (with
``MainWindow.track`` when it is a window of the session), and add one :class:`Screen` here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from hallclient.ui.mainwindow import MainWindow


@dataclass(frozen=True)
class Screen:
    """One menu entry: a screen or a command.

    ``permission``: a ``services.roles.Permission`` value the clerk's role must have (None: every role).
    ``during_lock``: stays usable on the lock screen (switching clerk). ``open`` runs it on the main window.
    """

    name: str
    menu: str
    label: Callable[[], str]
    shortcut: str
    open: Callable[[MainWindow], object]
    needs_sign_in: bool = True
    permission: str | None = None
    during_lock: bool = False


SCREENS: tuple[Screen, ...] = (
    Screen(
        "intake", "work", lambda: QCoreApplication.translate("MainWindow", "受理"), "Ctrl+1", lambda w: w.show_intake()
    ),
    Screen(
        "bundle",
        "work",
        lambda: QCoreApplication.translate("MainWindow", "一件事一次办"),
        "Ctrl+Shift+M",
        lambda w: w.open_bundle(),
    ),
    Screen(
        "enquiry",
        "work",
        lambda: QCoreApplication.translate("MainWindow", "首问登记"),
        "F12",
        lambda w: w.open_enquiry(),
    ),
    Screen(
        "assistance",
        "work",
        lambda: QCoreApplication.translate("MainWindow", "帮办代办（不含办件）"),
        "Ctrl+Shift+A",
        lambda w: w.open_assistance(),
    ),
    Screen(
        "rate",
        "work",
        lambda: QCoreApplication.translate("MainWindow", "邀请评价"),
        "Ctrl+Shift+E",
        lambda w: w.rate_last(),
    ),
    Screen(
        "print",
        "work",
        lambda: QCoreApplication.translate("MainWindow", "打印预览 / 补打"),
        "Ctrl+P",
        lambda w: w.print_last(),
    ),
    Screen(
        "guide",
        "work",
        lambda: QCoreApplication.translate("MainWindow", "打印办事指南"),
        "Ctrl+Shift+G",
        lambda w: w.open_guide(),
    ),
    Screen(
        "print_queue",
        "work",
        lambda: QCoreApplication.translate("MainWindow", "打印队列"),
        "Ctrl+Shift+P",
        lambda w: w.open_print_queue(),
    ),
    Screen(
        "day_close",
        "work",
        lambda: QCoreApplication.translate("MainWindow", "日结"),
        "Ctrl+Shift+D",
        lambda w: w.open_day_close(),
    ),
    Screen(
        "cases", "view", lambda: QCoreApplication.translate("MainWindow", "办件查询"), "F11", lambda w: w.show_cases()
    ),
    Screen(
        "supervisor",
        "view",
        lambda: QCoreApplication.translate("MainWindow", "统计与督办"),
        "Ctrl+Shift+T",
        lambda w: w.open_supervisor(),
        permission="supervise",
    ),
    Screen(
        "hall_view",
        "view",
        lambda: QCoreApplication.translate("MainWindow", "大厅实况"),
        "Ctrl+Shift+O",
        lambda w: w.open_hall_view(),
        permission="supervise",
    ),
    Screen(
        "sync",
        "view",
        lambda: QCoreApplication.translate("MainWindow", "同步状态与隔离区"),
        "",
        lambda w: w.open_sync(),
    ),
    Screen("zh_CN", "view", lambda: "中文", "", lambda w: w.set_language("zh_CN"), needs_sign_in=False),
    Screen("en", "view", lambda: "English", "", lambda w: w.set_language("en"), needs_sign_in=False),
    Screen("lock", "session", lambda: QCoreApplication.translate("MainWindow", "锁屏"), "Ctrl+L", lambda w: w.lock()),
    Screen(
        "switch",
        "session",
        lambda: QCoreApplication.translate("MainWindow", "切换人员"),
        "Ctrl+Shift+Q",
        lambda w: w.switch_clerk(),
        during_lock=True,
    ),
    Screen(
        "help",
        "help",
        lambda: QCoreApplication.translate("MainWindow", "键盘操作"),
        "F1",
        lambda w: w.help.toggle(),
        needs_sign_in=False,
    ),
    Screen(
        "log",
        "help",
        lambda: QCoreApplication.translate("MainWindow", "运行日志"),
        "",
        lambda w: w.open_log(),
        needs_sign_in=False,
    ),
)


#: 叫号, the calling strip of the intake screen (``ui/calling.py``): Ctrl+Shift+letter keys (mostly pinyin: J 叫号,
#: K 开始, H 挂起, Y 转移, W 办完, S 暂停,
#: X 现场取号; R 重呼, N 过号, B 回呼, I check-In 预约签到), which no line edit takes. Not Shift+F keys: Qt's key
#: mapper (X11) may report Shift+F2 as F2 too, which the intake binds while its fields have focus, and a press that
#: matches two shortcuts fires neither. None uses a letter whose Ctrl+letter is bound (D, G, L, P), Ctrl+Shift+Z
#: (redo), Ctrl+Shift+U (the input method's Unicode entry) or Ctrl+Shift+F (simplified/traditional in Chinese input
#: methods); tests/gui/test_gui_shortcuts.py checks that no press can match two shortcuts.
CALLING: tuple[Screen, ...] = (
    Screen(
        "queue_call",
        "queue",
        lambda: QCoreApplication.translate("MainWindow", "叫号"),
        "Ctrl+Shift+J",
        lambda w: w.intake.calling.call_next(),
    ),
    Screen(
        "queue_recall",
        "queue",
        lambda: QCoreApplication.translate("MainWindow", "重呼"),
        "Ctrl+Shift+R",
        lambda w: w.intake.calling.recall(),
    ),
    Screen(
        "queue_start",
        "queue",
        lambda: QCoreApplication.translate("MainWindow", "开始办理"),
        "Ctrl+Shift+K",
        lambda w: w.intake.calling.start(),
    ),
    Screen(
        "queue_no_show",
        "queue",
        lambda: QCoreApplication.translate("MainWindow", "过号"),
        "Ctrl+Shift+N",
        lambda w: w.intake.calling.no_show(),
    ),
    Screen(
        "queue_hold",
        "queue",
        lambda: QCoreApplication.translate("MainWindow", "挂起"),
        "Ctrl+Shift+H",
        lambda w: w.intake.calling.hold(),
    ),
    Screen(
        "queue_call_back",
        "queue",
        lambda: QCoreApplication.translate("MainWindow", "回呼"),
        "Ctrl+Shift+B",
        lambda w: w.intake.calling.call_back(),
    ),
    Screen(
        "queue_transfer",
        "queue",
        lambda: QCoreApplication.translate("MainWindow", "转移"),
        "Ctrl+Shift+Y",
        lambda w: w.intake.calling.transfer(),
    ),
    Screen(
        "queue_finish",
        "queue",
        lambda: QCoreApplication.translate("MainWindow", "办结"),
        "Ctrl+Shift+W",
        lambda w: w.intake.calling.finish(),
    ),
    Screen(
        "queue_pause",
        "queue",
        lambda: QCoreApplication.translate("MainWindow", "暂停 / 恢复服务"),
        "Ctrl+Shift+S",
        lambda w: w.intake.calling.toggle_pause(),
    ),
    Screen(
        "queue_walk_in",
        "queue",
        lambda: QCoreApplication.translate("MainWindow", "窗口取号"),
        "Ctrl+Shift+X",
        lambda w: w.intake.calling.walk_in(),
    ),
    Screen(
        "queue_check_in",
        "queue",
        lambda: QCoreApplication.translate("MainWindow", "预约签到"),
        "Ctrl+Shift+I",
        lambda w: w.intake.calling.check_in(),
    ),
)
SCREENS = SCREENS + CALLING

#: The menus, in menu-bar order: key and label.
MENUS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("work", lambda: QCoreApplication.translate("MainWindow", "办理(&W)")),
    ("queue", lambda: QCoreApplication.translate("MainWindow", "叫号(&Q)")),
    ("view", lambda: QCoreApplication.translate("MainWindow", "查看(&V)")),
    ("session", lambda: QCoreApplication.translate("MainWindow", "人员(&S)")),
    ("help", lambda: QCoreApplication.translate("MainWindow", "帮助(&H)")),
)

BY_NAME: dict[str, Screen] = {screen.name: screen for screen in SCREENS}


def shortcut(name: str) -> str:
    """The key bound to a registered screen or command (what banners and the help name)."""
    return BY_NAME[name].shortcut
