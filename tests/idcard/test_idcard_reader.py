"""The background reader loop against the simulator: reports, suppression, re-plugging, stopping."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hallclient.devices.idcard import CardData, ReaderLoop, ReaderState
from hallclient.devices.idcard.simulator import Latencies, ReaderSimulator


class Recorder:
    """Collects callbacks from the loop's thread."""

    def __init__(self) -> None:
        self.cards: list[CardData] = []
        self.states: list[tuple[ReaderState, str]] = []
        self._changed = threading.Condition()

    def on_card(self, card: CardData) -> None:
        with self._changed:
            self.cards.append(card)
            self._changed.notify_all()

    def on_state(self, state: ReaderState, message: str) -> None:
        with self._changed:
            self.states.append((state, message))
            self._changed.notify_all()

    def wait_for(self, condition: Callable[[], bool], timeout: float = 3.0) -> None:
        with self._changed:
            assert self._changed.wait_for(condition, timeout), f"timed out; states={self.states}"

    def seen(self, state: ReaderState) -> bool:
        return any(s is state for s, _ in self.states)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def link(tmp_path: Path) -> Path:
    return tmp_path / "ttyIDCARD"


@pytest.fixture
def running(recorder: Recorder, link: Path) -> Iterator[tuple[ReaderSimulator, ReaderLoop]]:
    with ReaderSimulator("resident", latencies=Latencies.instant(), link=link) as sim:
        loop = ReaderLoop(sim.port, recorder.on_card, recorder.on_state, poll_interval=0.05, reconnect_interval=0.2)
        loop.start()
        try:
            yield sim, loop
        finally:
            loop.stop()


def test_idcard_loop_reports_a_card_left_on_the_reader_once(
    running: tuple[ReaderSimulator, ReaderLoop], recorder: Recorder
) -> None:
    recorder.wait_for(lambda: len(recorder.cards) == 1)
    time.sleep(0.6)  # a dozen more polls with the card still there
    assert [card.name for card in recorder.cards] == ["张三"]
    states = [state for state, _ in recorder.states]
    assert states[:4] == [ReaderState.CONNECTING, ReaderState.READY, ReaderState.READING, ReaderState.READY]


def test_idcard_loop_reports_each_new_presentation(
    running: tuple[ReaderSimulator, ReaderLoop], recorder: Recorder
) -> None:
    sim, _ = running
    recorder.wait_for(lambda: len(recorder.cards) == 1)
    sim.remove_card()
    time.sleep(0.2)
    sim.insert_card("foreign_2017")
    recorder.wait_for(lambda: len(recorder.cards) == 2)
    sim.insert_card("resident")  # the same person again, after taking the card away
    recorder.wait_for(lambda: len(recorder.cards) == 3)
    assert [card.card_type for card in recorder.cards] == ["resident", "foreign_permanent", "resident"]


def test_idcard_loop_suppresses_a_reader_that_keeps_finding_the_same_card(recorder: Recorder) -> None:
    with ReaderSimulator("resident", latencies=Latencies.instant(), refind_same_card=True) as sim:
        loop = ReaderLoop(sim.port, recorder.on_card, recorder.on_state, poll_interval=0.05)
        loop.start()
        recorder.wait_for(lambda: len(recorder.cards) == 1)
        time.sleep(0.6)
        loop.stop()
        reads = sum(1 for command in sim.commands if command.cmd == 0x30 and command.para == 0x01)
    assert reads > 3 and len(recorder.cards) == 1


def test_idcard_loop_survives_unplug_and_replug(
    running: tuple[ReaderSimulator, ReaderLoop], recorder: Recorder
) -> None:
    sim, _ = running
    recorder.wait_for(lambda: len(recorder.cards) == 1)
    sim.unplug()
    recorder.wait_for(lambda: recorder.states[-1][0] is ReaderState.DISCONNECTED)
    assert "已拔出" in recorder.states[-1][1] or "无法打开" in recorder.states[-1][1]
    sim.replug()
    recorder.wait_for(lambda: recorder.states[-1][0] is ReaderState.READY)
    time.sleep(0.3)
    assert len(recorder.cards) == 1  # the card still lying there is not reported twice
    sim.remove_card()
    time.sleep(0.15)
    sim.insert_card("hmt_residence")
    recorder.wait_for(lambda: len(recorder.cards) == 2)


def test_idcard_loop_starts_before_the_reader_is_plugged_in(recorder: Recorder, link: Path) -> None:
    loop = ReaderLoop(str(link), recorder.on_card, recorder.on_state, poll_interval=0.05, reconnect_interval=0.1)
    loop.start()
    try:
        recorder.wait_for(lambda: recorder.seen(ReaderState.DISCONNECTED))
        with ReaderSimulator("elderly", latencies=Latencies.instant(), link=link):
            recorder.wait_for(lambda: len(recorder.cards) == 1)
    finally:
        loop.stop()
    assert recorder.cards[0].name == "李秀英"


def test_idcard_loop_reports_a_card_removed_mid_read_and_recovers(
    running: tuple[ReaderSimulator, ReaderLoop], recorder: Recorder
) -> None:
    sim, _ = running
    recorder.wait_for(lambda: len(recorder.cards) == 1)
    sim.faults.remove_mid_read = True
    sim.insert_card("elderly")
    recorder.wait_for(lambda: "请重新放置证件" in recorder.states[-1][1])
    assert recorder.states[-1][0] is ReaderState.READY and "0x41" in recorder.states[-1][1]
    sim.insert_card("elderly")
    recorder.wait_for(lambda: len(recorder.cards) == 2)
    assert recorder.cards[-1].name == "李秀英"


def test_idcard_loop_reports_a_broken_sam_as_error(recorder: Recorder) -> None:
    with ReaderSimulator("resident", latencies=Latencies.instant()) as sim:
        sim.faults.forced_status, sim.faults.forced_command = 0x66, (0x11, 0xFF)
        loop = ReaderLoop(sim.port, recorder.on_card, recorder.on_state, reconnect_interval=0.1)
        loop.start()
        try:
            recorder.wait_for(lambda: recorder.seen(ReaderState.ERROR))
            sim.faults.forced_status = None  # the SAM recovers: the loop reconnects on its own
            recorder.wait_for(lambda: len(recorder.cards) == 1)
        finally:
            loop.stop()
    assert "未经授权" in next(message for state, message in recorder.states if state is ReaderState.ERROR)


def test_idcard_loop_stops_promptly_in_the_middle_of_a_slow_read(recorder: Recorder) -> None:
    with ReaderSimulator("resident", baud=9600, latencies=Latencies()) as sim:
        loop = ReaderLoop(sim.port, recorder.on_card, recorder.on_state, baud=9600)
        loop.start()
        recorder.wait_for(lambda: recorder.seen(ReaderState.READING))
        time.sleep(0.3)  # inside the 0.7 s device time + 1.35 s wire time of the read
        started = time.monotonic()
        loop.stop()
        elapsed = time.monotonic() - started
    assert elapsed < 0.5 and not loop.is_running()
    assert recorder.cards == [] and recorder.states[-1] == (ReaderState.DISCONNECTED, "读卡器已停止")


@pytest.mark.logs_expected("hallclient.devices.idcard.reader")
def test_idcard_loop_callback_errors_do_not_kill_the_thread(recorder: Recorder) -> None:
    def explode(card: CardData) -> None:
        recorder.on_card(card)
        raise RuntimeError("GUI bug")

    with ReaderSimulator("resident", latencies=Latencies.instant()) as sim:
        loop = ReaderLoop(sim.port, explode, recorder.on_state, poll_interval=0.05)
        loop.start()
        try:
            recorder.wait_for(lambda: len(recorder.cards) == 1)
            sim.remove_card()
            time.sleep(0.15)
            sim.insert_card("expired")
            recorder.wait_for(lambda: len(recorder.cards) == 2)
            assert loop.is_running()
        finally:
            loop.stop()
