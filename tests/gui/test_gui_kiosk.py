"""The ticket kiosk against a real server (uvicorn, in a thread) and a fake ESC/POS printer on a pty.

Touch a category → the server issues the ticket and the slip's decoded bytes carry its number and
category; a booking code on the keypad and an ID card swipe (the reader simulator, real serial code)
check in; server down → the offline notice and nothing printed, then it recovers by itself; printer
down → the number is shown anyway; the grid adapts to portrait and landscape; Esc asks for the password.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

TESTS = Path(__file__).resolve().parent.parent
for helpers in ("sync", "printer"):  # queue_helpers, escpos_decode and fake_printer live there
    if str(TESTS / helpers) not in sys.path:
        sys.path.insert(0, str(TESTS / helpers))

from escpos_decode import decode  # noqa: E402
from fake_printer import ONLINE, FakeSerialPrinter  # noqa: E402

from hallclient.config import Settings  # noqa: E402
from queue_helpers import ALL_DAY, HALL, configure_hall, device_token, free_port, serving  # noqa: E402

with warnings.catch_warnings():  # Starlette prefers httpx2 for its test client (as tests/sync/conftest.py says)
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from hallclient.devices.idcard.simulator import Latencies, ReaderSimulator  # noqa: E402
from hallclient.devices.printer import printing  # noqa: E402
from hallclient.domain.masking import mask_id_number  # noqa: E402
from hallclient.domain.workdays import WorkCalendar  # noqa: E402
from hallclient.errors import HallError  # noqa: E402
from hallclient.paths import resource_path  # noqa: E402
from hallclient.protocol.accounts import hash_password  # noqa: E402
from hallclient.server import queue_admin  # noqa: E402
from hallclient.server.app import create_app  # noqa: E402
from hallclient.server.clock import utcnow  # noqa: E402
from hallclient.sync.kiosk import Kiosk, Outcome  # noqa: E402
from hallclient.sync.queue_client import QueueClient  # noqa: E402
from hallclient.sync.transport import make_http  # noqa: E402
from hallclient.ui.devices import ReaderAdapter  # noqa: E402
from hallclient.ui.kiosk import NET_THREAD, PRINTER_THREAD, KioskWindow  # noqa: E402
from hallclient.ui.kiosk_sizes import wrap_to_width  # noqa: E402

RESIDENT = "110101199001011237"  # resources/cards/resident.json, 张三
ELDERLY = "110105195003150027"  # resources/cards/elderly.json, 李秀英 (born 1950: 60+)


@pytest.fixture
def hall(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:
    monkeypatch.setattr(WorkCalendar, "is_workday", lambda _self, _day: True)  # booking today, any day
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    configure_hall(app.state.db, ["01"])
    yield app
    app.state.db.dispose()


@pytest.fixture
def printer() -> Iterator[FakeSerialPrinter]:
    fake = FakeSerialPrinter(ONLINE)
    yield fake
    fake.close()


def serial_uri(fake: FakeSerialPrinter) -> str:
    return f"serial:{fake.path}?baudrate=115200&status_timeout=0.3"


class KioskRig:
    """A kiosk screen wired like ``app.run_kiosk``; ``stop()`` ends its threads and connection."""

    def __init__(self, qtbot: Any, url: str, token: str, printer_uri: str, *, windowed: bool = True,
                 exit_password: str = "", timeout: httpx.Timeout | None = None) -> None:  # fmt: skip
        settings = Settings(server_url=url, device_token=token, printer_uri=printer_uri, hall_name="市民中心")
        if timeout is None:
            self.kiosk = Kiosk.connect(settings)
        else:  # shorter than the kiosk's own, so a test does not wait 8 s
            self.kiosk = Kiosk(QueueClient(make_http(url, "", token, timeout=timeout)), settings)
        self.window = KioskWindow(self.kiosk, windowed=windowed, exit_password=exit_password)
        self.window.retry_ms = 200
        qtbot.addWidget(self.window)
        self.window.resize(1080, 1920)
        self.window.show()
        self.window.start()

    def stop(self) -> None:
        self.window.shutdown()
        self.kiosk.close()


@pytest.fixture
def rig(qtbot: Any, hall: FastAPI, printer: FakeSerialPrinter) -> Iterator[KioskRig]:
    token = device_token(hall, "K1")
    with serving(hall) as url:
        kiosk = KioskRig(qtbot, url, token, serial_uri(printer))
        qtbot.waitUntil(lambda: "A" in kiosk.window.category_buttons, timeout=10000)
        yield kiosk
        kiosk.stop()


def printed(fake: FakeSerialPrinter) -> Any:
    """The slip the fake printer received, decoded (after the four DLE EOT status queries)."""
    deadline = time.monotonic() + 5
    while b"\x1dV" not in fake.received and time.monotonic() < deadline:  # GS V: the cut ends the slip
        time.sleep(0.02)
    return decode(bytes(fake.received)[12:])


def touch(qtbot: Any, button: Any, times: int = 1) -> None:
    for _ in range(times):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def outcome_of(qtbot: Any, window: KioskWindow, touch: Any) -> Outcome:
    with qtbot.waitSignal(window.outcome_shown, timeout=15000) as shown:
        touch()
    outcome: Outcome = shown.args[0]
    return outcome


def book(app: FastAPI, id_number: str, name: str) -> str:
    _key_id, key = queue_admin.add_portal_key(app.state.db, HALL, "小程序")
    portal = TestClient(app, headers={"X-Api-Key": key})
    today = (utcnow() + timedelta(hours=8)).date().isoformat()  # the hall's day (UTC+8)
    booking = {"category": "A", "day": today, "slot": ALL_DAY, "id_number": id_number, "name": name}
    response = portal.post("/v1/queue/appointments", json=booking)
    assert response.status_code == 200, response.text
    return str(response.json()["code"])


def test_touching_a_category_prints_a_ticket_with_its_number_and_category(qtbot, rig, printer):
    window = rig.window
    closed = window.category_buttons["C"]
    assert not closed.isEnabled() and "暂停取号" in closed.text()
    assert "企业开办" in window.category_buttons["A"].text() and "等候 0 人" in window.category_buttons["A"].text()
    button = window.category_buttons["A"]
    outcome = outcome_of(qtbot, window, lambda: touch(qtbot, button, times=2))  # a double tap
    assert outcome.print_error == "" and outcome.ticket.source == "kiosk"
    assert window.stack.currentWidget() is window.result
    assert window.number.text() == "A001" and window.category_label.text() == "企业开办"
    assert "您前面还有 0 人" in window.ahead.text() and "请取走号票" in window.print_note.text()
    slip = printed(printer)
    assert slip.line("A001").width >= 2 and "企业开办" in slip.text and slip.cuts == ["full"]
    qtbot.waitUntil(lambda: "等候 1 人" in window.category_buttons["A"].text(), timeout=10000)  # one ticket only
    assert rig.kiosk.hall().categories[0].waiting == 1
    window.result_ms = 0
    window.show_ticket(outcome.ticket)  # the number goes home by itself
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=5000)


def test_green_channel_button_then_category_gives_a_green_ticket(qtbot, rig, printer):
    window = rig.window
    qtbot.mouseClick(window.disabled, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.pregnant, Qt.MouseButton.LeftButton)  # one reason at a time
    assert window.pregnant.isChecked() and not window.disabled.isChecked()
    outcome = outcome_of(qtbot, window, lambda: touch(qtbot, window.category_buttons["B"]))
    assert (outcome.ticket.number, outcome.ticket.green_reason) == ("B001", "孕妇")
    assert "绿色通道：孕妇" in window.category_label.text()
    assert "人资社保（绿色通道）" in printed(printer).text.replace("\n", "")
    window.go_home()
    assert not window.pregnant.isChecked()  # the next citizen starts afresh


def test_booking_code_on_the_keypad_checks_in_and_a_second_use_is_refused(qtbot, rig, hall, printer):
    window = rig.window
    code = book(hall, RESIDENT, "张三")
    qtbot.mouseClick(window.appointment, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.keypad
    for key in code[:-1]:
        qtbot.mouseClick(window.keypad.buttons[key], Qt.MouseButton.LeftButton)
    assert not window.keypad.ok.isEnabled()  # 8 characters or nothing
    qtbot.mouseClick(window.keypad.buttons[code[-1]], Qt.MouseButton.LeftButton)
    outcome = outcome_of(qtbot, window, lambda: qtbot.mouseClick(window.keypad.ok, Qt.MouseButton.LeftButton))
    assert (outcome.ticket.source, outcome.ticket.number, outcome.ticket.applicant_name) == (
        "appointment",
        "A001",
        "张三",
    )
    assert "A001" in printed(printer).text
    window.go_home()
    window.show_keypad()
    for key in code:
        window.keypad.press(key)
    qtbot.mouseClick(window.keypad.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已签到过" in window.message.text(), timeout=10000)
    assert window.message.text() == f"预约码 {code} 已签到过，不能重复使用"  # one sentence, no HTTP status


@pytest.fixture
def reader(rig: KioskRig) -> Iterator[ReaderSimulator]:
    simulator = ReaderSimulator(latencies=Latencies.instant())
    simulator.start()
    adapter = ReaderAdapter(simulator.port, rig.window)
    adapter.card_read.connect(rig.window.card_read)
    adapter.start()
    yield simulator
    adapter.stop()
    simulator.close()


def swipe(simulator: ReaderSimulator, card: str) -> None:
    simulator.remove_card()
    simulator.insert_card(resource_path("cards", card))


def test_id_swipe_checks_in_today_and_without_appointment_offers_the_categories(qtbot, rig, hall, reader, printer):
    window = rig.window
    book(hall, RESIDENT, "张三")
    outcome = outcome_of(qtbot, window, lambda: swipe(reader, "resident.json"))
    masked = mask_id_number(RESIDENT)  # least privilege: only the window that calls the ticket sees the number
    assert (outcome.ticket.source, outcome.ticket.id_number, window.number.text()) == ("appointment", masked, "A001")
    assert "A001" in printed(printer).text
    window.go_home()
    swipe(reader, "elderly.json")  # no appointment: choose, with the applicant attached
    qtbot.waitUntil(lambda: window.banner.isVisible() and "李秀英" in window.banner.text(), timeout=15000)
    assert window.applicant is not None and window.applicant.id_number == ELDERLY
    outcome = outcome_of(qtbot, window, lambda: touch(qtbot, window.category_buttons["B"]))
    ticket = outcome.ticket
    assert (ticket.number, ticket.id_number, ticket.applicant_name, ticket.source) == (
        "B001",
        mask_id_number(ELDERLY),
        "李秀英",
        "kiosk",
    )
    assert ticket.green_reason == "60 周岁以上"  # from the card's birth date, nobody touched a button
    window.go_home()
    assert window.applicant is None and not window.banner.isVisible()


@pytest.mark.logs_expected("hallclient.ui.kiosk")
def test_server_down_says_so_prints_nothing_and_recovers_by_itself(qtbot, hall, printer):
    token = device_token(hall, "K1")
    port = free_port()
    rig = KioskRig(qtbot, f"http://127.0.0.1:{port}", token, serial_uri(printer))  # nothing listens yet
    window = rig.window
    try:
        qtbot.waitUntil(lambda: window.offline_label.isVisible(), timeout=20000)
        assert window.offline_label.text() == "取号服务暂不可用，请到咨询台"
        assert not window.grid_host.isVisible() and not window.appointment.isEnabled()
        window.take("A")  # even if a touch got through
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.message_page and not window.busy, timeout=20000)
        assert window.message.text() == "取号服务暂不可用，请到咨询台"
        time.sleep(0.3)
        assert printer.received == b"", "a kiosk without the server prints nothing"
        with serving(hall, port):
            qtbot.waitUntil(lambda: "A" in window.category_buttons and not window.offline, timeout=30000)
            window.go_home()
            assert window.grid_host.isVisible() and not window.offline_label.isVisible()
            outcome = outcome_of(qtbot, window, lambda: window.take("A"))
            assert outcome.ticket.number == "A001"
    finally:
        rig.stop()


@pytest.mark.logs_expected("hallclient.ui.kiosk")
def test_printer_down_still_shows_the_number(qtbot, hall):
    token = device_token(hall, "K1")
    with serving(hall) as url:
        rig = KioskRig(qtbot, url, token, f"tcp://127.0.0.1:{free_port()}")  # nobody listens there
        window = rig.window
        try:
            qtbot.waitUntil(lambda: "A" in window.category_buttons, timeout=10000)
            outcome = outcome_of(qtbot, window, lambda: window.take("A"))
            assert outcome.print_error.startswith("已取号 A001，但号票打印失败")
            assert window.number.text() == "A001" and window.stack.currentWidget() is window.result
            assert "号票未能打印" in window.print_note.text() and "请记下您的号码" in window.print_note.text()
        finally:
            rig.stop()


def test_no_server_call_or_print_runs_on_the_gui_thread_or_the_db_thread(qtbot, rig, hall, printer, monkeypatch):
    window = rig.window
    requests: list[tuple[str, str]] = []
    prints: list[str] = []
    rig.kiosk.client.http.event_hooks["request"].append(
        lambda request: requests.append((request.method, threading.current_thread().name))
    )
    real_print = printing.print_layout

    def recorded_print(*args: Any, **kwargs: Any) -> Any:
        prints.append(threading.current_thread().name)
        return real_print(*args, **kwargs)

    monkeypatch.setattr(printing, "print_layout", recorded_print)
    outcome_of(qtbot, window, lambda: touch(qtbot, window.category_buttons["A"]))
    window.go_home()
    code = book(hall, RESIDENT, "张三")
    outcome_of(qtbot, window, lambda: window.check_in_code(code))
    window.refresh()
    qtbot.waitUntil(lambda: not window._refreshing, timeout=10000)
    assert {method for method, _thread in requests} == {"GET", "POST"} and len(requests) >= 4
    assert {thread for _method, thread in requests} == {NET_THREAD}  # not MainThread, not hallclient-db
    assert prints == [PRINTER_THREAD, PRINTER_THREAD]


@pytest.mark.logs_expected("hallclient.ui.kiosk")
def test_a_hung_printer_does_not_delay_the_next_ticket(qtbot, rig, monkeypatch):
    window = rig.window
    gates = {"A001": threading.Event(), "B001": threading.Event()}

    def hung_print(layout: Any, uri: str, *args: Any, **kwargs: Any) -> Any:
        number = next(number for number in gates if number in str(layout))
        assert gates[number].wait(20)
        if number == "A001":
            raise HallError("打印机无响应")
        return None

    monkeypatch.setattr(printing, "print_layout", hung_print)
    window.take("A")
    qtbot.waitUntil(lambda: window.number.text() == "A001", timeout=10000)  # shown before its slip is out
    assert window.print_note.text() == "正在打印号票…"
    window.go_home()
    window.take("B")  # the next citizen, while the first slip still hangs
    qtbot.waitUntil(lambda: window.number.text() == "B001", timeout=10000)
    assert not gates["A001"].is_set()
    with qtbot.waitSignal(window.outcome_shown, timeout=10000) as first:
        gates["A001"].set()
    assert first.args[0].ticket.number == "A001" and "打印机无响应" in first.args[0].print_error
    assert window.print_note.text() == "正在打印号票…"  # the first slip's failure is not shown on B001
    with qtbot.waitSignal(window.outcome_shown, timeout=10000) as second:
        gates["B001"].set()
    assert second.args[0] == Outcome(second.args[0].ticket, "") and window.number.text() == "B001"
    assert window.print_note.text() == "请取走号票，留意叫号"


class LostTicketAnswers:
    """The hall's ASGI app, except that a ticket request is carried out and its answer never leaves the server."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.ticket_posts = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or (scope["method"], scope["path"]) != ("POST", "/v1/queue/tickets"):
            await self.app(scope, receive, send)
            return
        self.ticket_posts += 1
        answer: list[Any] = []

        async def held(message: Any) -> None:
            answer.append(message)

        await self.app(scope, receive, held)  # the ticket is issued...
        while (await receive())["type"] != "http.disconnect":  # ...and held until the kiosk gives up
            await asyncio.sleep(0.05)
        for message in answer:  # too late: nobody reads it
            await send(message)


@pytest.mark.logs_expected("hallclient.ui.kiosk")
def test_a_lost_answer_is_not_asked_again_and_sends_the_citizen_to_the_desk(qtbot, hall, printer):
    token = device_token(hall, "K1")
    losing = LostTicketAnswers(hall)
    with serving(losing) as url:
        rig = KioskRig(qtbot, url, token, serial_uri(printer), timeout=httpx.Timeout(1.5, connect=1.0))
        window = rig.window
        try:
            qtbot.waitUntil(lambda: "A" in window.category_buttons, timeout=10000)
            touch(qtbot, window.category_buttons["A"])
            assert window.message.text() == "正在取号，请稍候…"
            qtbot.waitUntil(lambda: not window.busy, timeout=10000)
            assert window.stack.currentWidget() is window.message_page
            assert "可能已经生成" in window.message.text() and "请到咨询台" in window.message.text()
            qtbot.waitUntil(lambda: not window.offline and "等候 1 人" in window.category_buttons["A"].text(),
                            timeout=10000)  # fmt: skip
            assert losing.ticket_posts == 1  # one ticket issued, never asked for again
            assert printer.received == b""  # no slip for a number the kiosk never learnt
        finally:
            rig.stop()


def test_grid_has_two_columns_in_portrait_and_three_in_landscape(qtbot, rig):
    window = rig.window
    window.resize(1080, 1920)
    qtbot.waitUntil(lambda: window.columns() == 2)
    assert window.grid.getItemPosition(window.grid.indexOf(window.category_buttons["C"]))[:2] == (1, 0)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.columns() == 3)
    qtbot.waitUntil(lambda: window.grid.indexOf(window.category_buttons.get("C")) >= 0)
    assert window.grid.getItemPosition(window.grid.indexOf(window.category_buttons["C"]))[:2] == (0, 2)


def _answer_password(text: str) -> None:
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    keypad = dialog.keypad  # type: ignore[attr-defined]
    for key in text:
        keypad.press(key)
    keypad.ok.click()


def test_esc_asks_for_the_exit_password_in_full_screen(qtbot, hall, printer):
    token = device_token(hall, "K1")
    with serving(hall) as url:
        rig = KioskRig(qtbot, url, token, serial_uri(printer), windowed=False, exit_password=hash_password("2468"))
        window = rig.window
        try:
            QTimer.singleShot(100, lambda: _answer_password("1357"))
            qtbot.keyClick(window, Qt.Key.Key_Escape)
            assert window.isVisible() and window.message.text() == "密码错误"
            QTimer.singleShot(100, lambda: _answer_password("2468"))
            qtbot.keyClick(window, Qt.Key.Key_Escape)
            assert not window.isVisible()
        finally:
            rig.stop()


def test_kiosk_texts_come_in_english_from_the_translation(qtbot, qapp):
    from hallclient.ui import setup

    assert setup.install_language(qapp, "en")
    try:
        kiosk = Kiosk(QueueClient(make_http("http://127.0.0.1:9")), Settings())
        window = KioskWindow(kiosk, windowed=True)
        qtbot.addWidget(window)
        assert window.appointment.text() == "Appointment check-in"
        assert window.offline_label.text().startswith("Tickets are not available right now")
        assert window.keypad.ok.text() == "OK"
        kiosk.close()
    finally:
        setup.install_language(qapp, "zh_CN")


def test_the_kiosk_shows_full_screen_and_a_staff_window_does_not(qtbot):
    for windowed in (False, True):
        kiosk = Kiosk(QueueClient(make_http("http://127.0.0.1:9")), Settings())
        window = KioskWindow(kiosk, windowed=windowed)
        qtbot.addWidget(window)
        window.present()
        assert window.isFullScreen() is not windowed
        screen = window.screen()
        if windowed:  # a staff window fits the staff's screen too
            assert screen.availableGeometry().contains(window.frameGeometry().topLeft())
            assert window.height() <= screen.availableGeometry().height() and window.height() > window.width()
        else:
            assert window.geometry() == screen.geometry()
        assert window.minimumSizeHint().height() <= window.height()
        window.close()
        kiosk.close()


def test_category_texts_wrap_between_chinese_characters_never_inside_a_word_or_before_a_closing_mark(qapp):
    font = QFont(qapp.font())
    font.setPixelSize(20)
    metrics = QFontMetrics(font)
    width = metrics.horizontalAdvance("C  不动产登记（") + 1
    assert wrap_to_width("C  不动产登记（转移登记）\n暂停取号", metrics, width) == [
        "C  不动产登记",  # the code and the name stay together; 避尾: "（" never ends a line
        "（转移登记）",
        "暂停取号",
    ]
    assert wrap_to_width("不动产登记，转移", metrics, metrics.horizontalAdvance("不动产登记") + 1) == [
        "不动产登",  # 避头: "，" never starts a line, it takes "记" along
        "记，转移",
    ]
    assert wrap_to_width("Business registration", metrics, metrics.horizontalAdvance("Business regis")) == [
        "Business",
        "registration",
    ]
    for lines in (wrap_to_width(name, metrics, 120) for name in ("不动产登记（转移登记、抵押登记、预告登记）",)):
        assert all(metrics.horizontalAdvance(line) <= 120 for line in lines) and "".join(lines).startswith("不动产")


#: Screens from the smallest supported to the kiosk's own (1080p portrait and landscape), in logical pixels.
SCREENS = [(1080, 1920), (1920, 1080), (1024, 768), (1280, 1024), (1366, 768), (768, 1024)]
GREEN_AND_APPOINTMENT = {"残疾人优先", "孕妇优先", "预约签到"}


def fit_report(tmp_path: Path, counts: list[int]) -> list[dict[str, Any]]:
    """``kiosk_fit_probe.py`` in its own process, on offscreen screens of ``SCREENS``' sizes side by side."""
    screens, x = [], 0
    for index, (width, height) in enumerate(SCREENS):
        screens.append({"name": f"s{index}", "x": x, "y": 0, "width": width, "height": height, "logicalDpi": 96})
        x += width
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    probe = Path(__file__).with_name("kiosk_fit_probe.py")
    done = subprocess.run(
        [sys.executable, str(probe), ",".join(map(str, counts))], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_kiosk_fits_every_screen_from_1024x768_to_1080p_portrait_and_landscape(tmp_path):
    report = fit_report(tmp_path, [3, 16])
    assert {(line["categories"], tuple(line["screen"][2:])) for line in report} == {
        (count, size) for count in (3, 16) for size in SCREENS
    }
    for line in report:
        where = f"{line['categories']} categories, screen {line['screen'][2:]}, page {line['page']}"
        assert line["window"] == line["screen"] and line["full_screen"], where  # covers it exactly
        width, height = line["screen"][2:]
        assert line["minimum"][0] <= width and line["minimum"][1] <= height, where
        for text in line["texts"]:
            x, y, w, h = text["rect"]
            assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, f"{where}: {text['text']!r} off screen"
            assert text["needed_width"] <= text["width"], f"{where}: {text['text']!r} cut at the side"
            assert text["needed_height"] <= text["height"], f"{where}: {text['text']!r} cut at the bottom"
        shown = {text["text"] for text in line["texts"]}
        categories = [text for text in line["texts"] if text["name"] == "category"]
        if line["page"] in ("home", "swiped"):
            assert len(categories) == line["categories"] and shown >= GREEN_AND_APPOINTMENT, where
            assert all(text["rect"][3] >= 60 for text in categories), f"{where}: buttons too small to touch"
        if line["page"] == "number":
            number = next(text for text in line["texts"] if text["name"] == "kioskNumber")
            assert number["text"] == "AB001" and number["rect"][3] >= height // 8, where  # big
