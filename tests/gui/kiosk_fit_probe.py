"""Run by test_gui_kiosk.py in its own process, on offscreen screens of given sizes (a Qt offscreen config
file): shows the kiosk full screen on each and prints, as JSON, what every visible text needs and gets.

Usage: ``QT_QPA_PLATFORM=offscreen:configfile=SCREENS.json python kiosk_fit_probe.py COUNTS`` where COUNTS
lists how many categories the hall has, comma-separated (each a hall of its own). One JSON object per hall,
screen and page on stdout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics, QScreen
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QStyle, QStyleOptionButton, QWidget

from hallclient.config import Settings
from hallclient.protocol.queue import CategoryCount, HallState, TicketOut
from hallclient.sync.kiosk import Applicant, Kiosk
from hallclient.sync.queue_client import QueueClient
from hallclient.sync.transport import make_http
from hallclient.ui import setup
from hallclient.ui.kiosk import KioskWindow

NAMES = ["企业开办", "人资社保", "不动产登记（转移登记、抵押登记、预告登记）", "公积金", "税务综合服务", "出入境",
         "医保", "户籍", "交通违法处理", "婚姻登记", "公证", "残联", "民政", "水电气", "法律援助",
         "退役军人"]  # fmt: skip
LONGEST_MESSAGE = "未收到服务器应答，您的号可能已经生成。请不要重复取号，请到咨询台"


def hall(count: int) -> HallState:
    categories = [
        CategoryCount(category=chr(ord("A") + i), name=NAMES[i % len(NAMES)], waiting=i * 7, open=i != 2)
        for i in range(count)
    ]
    return HallState(hall="main", name="市民中心", categories=categories, windows=[], recent=[])


def ticket(name: str) -> TicketOut:
    return TicketOut(
        id="t1",
        number="AB001",
        hall="main",
        category="AB",
        category_name=name,
        state="waiting",
        source="kiosk",
        green=True,
        green_reason="残疾人",
        applicant_name="",
        id_number="",
        window="",
        target_window="",
        recalls=0,
        issued_at="2026-03-10T09:00:00+08:00",
        called_at="",
        case_no="",
        note="",
        waiting_before=123,
    )


def texts(window: KioskWindow) -> list[dict[str, Any]]:
    """Every visible label and button on screen: where it is in the window, what its text needs."""
    found: list[dict[str, Any]] = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, QLabel | QPushButton) or not widget.isVisibleTo(window) or not widget.text():
            continue
        metrics = QFontMetrics(widget.font())
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        inside = widget.contentsRect()
        if isinstance(widget, QPushButton):  # where the style draws the text: inside the padding and border
            option = QStyleOptionButton()
            widget.initStyleOption(option)
            inside = widget.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, widget)
        if isinstance(widget, QLabel) and widget.wordWrap():
            needed_height = widget.heightForWidth(widget.width()) - (widget.height() - inside.height())
            needed_width = 0
        else:
            lines = widget.text().split("\n")
            needed_width = max(metrics.horizontalAdvance(line) for line in lines)
            needed_height = len(lines) * metrics.height()
        found.append({"name": widget.objectName(), "text": widget.text(), "rect": rect.getRect(),
                      "width": inside.width(), "height": inside.height(),
                      "needed_width": needed_width, "needed_height": needed_height})  # fmt: skip
    return found


def report(app: QApplication, screen: QScreen, count: int) -> None:
    """The kiosk full screen on ``screen``, each page in turn, one JSON line per page."""
    kiosk = Kiosk(QueueClient(make_http("http://127.0.0.1:9")), Settings())
    window = KioskWindow(kiosk)
    window.refresh_ms = window.retry_ms = 10**8  # nothing to fetch: the hall is given
    window.setScreen(screen)
    window._hall_loaded(hall(count))
    window.present()

    def number() -> None:
        shown = ticket(NAMES[2])
        window.show_ticket(shown)
        window._printed(shown, "打印机缺纸")  # the longest note under the number

    def offline() -> None:
        window.go_home()
        window._hall_failed(OSError("unreachable"))

    pages: dict[str, Callable[[], object]] = {
        "home": lambda: None,
        "swiped": lambda: window._issued(None, Applicant(id_number="110101199001011237", name="欧阳娜娜")),
        "keypad": window.show_keypad,
        "number": number,
        "message": lambda: window._say(LONGEST_MESSAGE),
        "offline": offline,
    }
    for page, show in pages.items():
        show()
        app.processEvents()
        minimum = window.minimumSizeHint()
        line = {"categories": count, "screen": screen.geometry().getRect(), "page": page,
                "window": window.geometry().getRect(), "full_screen": window.isFullScreen(),
                "minimum": [minimum.width(), minimum.height()], "texts": texts(window)}  # fmt: skip
        print(json.dumps(line, ensure_ascii=False))
    window.shutdown()
    window.close()
    kiosk.close()


def main() -> None:
    app = QApplication(sys.argv[:1])
    setup.load_fonts(app)
    setup.install_language(app, "zh_CN")
    for count in sys.argv[1].split(","):
        for screen in app.screens():
            report(app, screen, int(count))


if __name__ == "__main__":
    main()
