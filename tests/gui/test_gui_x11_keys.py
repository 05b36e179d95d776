"""The calling keys and the intake's F keys typed on a real X keyboard (Xvfb, xdotool) while the focus is in a line
edit: the path QTest does not take (the X11 key mapper, and Qt's search for every shortcut a press may stand for),
where Shift+F2 once did nothing. Skipped where Xvfb or xdotool is missing (dev.sh installs both for the tests)."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence

from hallclient.ui.screens import shortcut

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")), reason="needs Xvfb and xdotool (dev.sh installs them)"
)
HERE = Path(__file__).parent


class Counter:
    """The x11_counter.py program on its own X display, and the lines it reports."""

    def __init__(self, display: str, process: subprocess.Popen[str]) -> None:
        self.display = display
        self.process = process
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert process.stdout is not None
        stdout = process.stdout

        def read() -> None:
            for line in stdout:
                self.lines.put(line.strip())

        self.reader = threading.Thread(target=read, daemon=True)
        self.reader.start()

    def expect(self, prefix: str, timeout: float = 20) -> str:
        """The next reported line starting with ``prefix`` (failing on an ambiguous shortcut on the way)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {prefix!r} within {timeout} s; seen {self.seen}") from None
            self.seen.append(line)
            assert not line.startswith("AMBIGUOUS"), line
            if line.startswith(prefix):
                return line

    def key(self, keys: str) -> None:
        subprocess.run(["xdotool", "key", "--clearmodifiers", keys], check=True, env=self._env(), timeout=20)

    def _env(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.display}


def _xdotool_keys(name: str) -> str:
    """The registered key of ``name`` in xdotool's spelling (Ctrl+Shift+J -> ctrl+shift+j)."""
    text = QKeySequence(shortcut(name)).toString()
    return "+".join(part if part.startswith("F") and part[1:].isdigit() else part.lower() for part in text.split("+"))


@pytest.fixture
def counter(tmp_path: Path) -> Iterator[Counter]:
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    program: subprocess.Popen[str] | None = None
    running: Counter | None = None
    try:
        assert xvfb.stdout is not None
        display = f":{xvfb.stdout.readline().strip()}"
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": os.pathsep.join(sys.path)}
        program = subprocess.Popen([sys.executable, str(HERE / "x11_counter.py"), str(tmp_path), "--seconds", "150"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)  # fmt: skip
        running = Counter(display, program)
        yield running
    finally:
        if program is not None:
            assert program.stdin is not None
            program.stdin.close()
            try:
                program.wait(30)
            except subprocess.TimeoutExpired:
                program.kill()
                program.wait(10)
            if running is not None:
                running.reader.join(10)  # it reads to the end of the output before the pipe is closed
            assert program.stdout is not None
            program.stdout.close()
        xvfb.terminate()
        xvfb.wait(10)
        assert xvfb.stdout is not None
        xvfb.stdout.close()


def test_calling_keys_work_from_the_id_field_and_the_matter_search_on_a_real_x_keyboard(counter):
    window = counter.expect("READY", timeout=90).split()[1]
    env = counter._env()
    subprocess.run(["xdotool", "mousemove", "650", "400"], check=True, env=env, timeout=20)  # focus follows it
    subprocess.run(["xdotool", "windowfocus", "--sync", window], check=True, env=env, timeout=20)
    counter.key("F2")
    counter.expect("FOCUS id")
    counter.key(_xdotool_keys("queue_call"))
    assert counter.expect("TICKET A001") == "TICKET A001 called 0"
    counter.key("F3")
    counter.expect("FOCUS search")
    counter.key(_xdotool_keys("queue_recall"))
    assert counter.expect("TICKET A001") == "TICKET A001 called 1"
    counter.key("F4")
    counter.expect("FOCUS materials")
    counter.key("F2")
    counter.expect("FOCUS id")
    counter.key(_xdotool_keys("queue_start"))
    assert counter.expect("TICKET A001") == "TICKET A001 serving 1"
    counter.key("F3")
    counter.expect("FOCUS search")
    counter.key(_xdotool_keys("queue_hold"))
    assert counter.expect("TICKET") == "TICKET - - -"
