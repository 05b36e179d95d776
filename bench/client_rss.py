"""Resident memory (RSS) of the window client, side by side with a bare PySide6 window in the same run.

Each sample is a fresh process on the same platform (offscreen unless a DISPLAY is set, e.g. under
Xvfb). The bare side shows a window with a label and idles. The app side starts ``hallclient`` the
normal way (``run_gui``) on a copy of a seeded demo store (``hallclient demo seed``) with a file
printer, signs in as a clerk, idles, then records intakes through the real intake screen, typed as a
clerk types them (F2 ID number, Tab name, Tab phone, F3 pinyin search, Ctrl+A all materials, F6,
Enter), each with its receipt printed. RSS is read from /proc/self/status after each phase has idled.

Goals (issue 18): signed in and idle <= 2.0 x bare; after 200 intakes <= 2.2 x bare; after 1,000
intakes no more than 10 MB above the 200-intake figure (the leak check).

Run: ``.venv/bin/python bench/client_rss.py [--runs N] [--intakes 1000]``; medians over the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTLE_MS = 1500  # idle time before each reading: deferred work (usage, case list, sync probe) has run
CHECKPOINT = 200


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def child_bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.setCentralWidget(QLabel("hello", window))
    window.resize(1366, 800)
    window.show()

    def report() -> None:
        print(json.dumps({"idle": rss_mb()}), flush=True)
        app.quit()

    QTimer.singleShot(SETTLE_MS, report)
    app.exec()


def child_app(db: str, intakes: int) -> None:
    """Drive the real client: a generator of wait conditions ticked by a timer on the GUI thread."""
    from collections.abc import Callable, Iterator

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from hallclient.app import run_gui

    app = QApplication(sys.argv[:1])
    figures: dict[str, float] = {}

    def main_window() -> object:
        from hallclient.ui.mainwindow import MainWindow

        return next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow)), None)

    def settle() -> Iterator[Callable[[], bool]]:
        window = main_window()
        yield lambda: window.ctx.tasks.pending == 0  # type: ignore[attr-defined]
        for _ in range(SETTLE_MS // 50):
            yield lambda: True
        yield lambda: window.ctx.tasks.pending == 0  # type: ignore[attr-defined]

    def script() -> Iterator[Callable[[], bool]]:
        yield lambda: main_window() is not None
        window = main_window()
        ctx = window.ctx  # type: ignore[attr-defined]
        yield lambda: ctx.is_ready
        window.login.username.setText("wangfang")  # type: ignore[attr-defined]
        window.login.password.setText("demo1234")  # type: ignore[attr-defined]
        window.login.attempt()  # type: ignore[attr-defined]
        yield lambda: ctx.actor is not None
        yield from settle()
        figures["idle"] = rss_mb()
        figures["idle_modules"] = len(sys.modules)
        yield from intake_loop(window, intakes)
        app.quit()

    def intake_loop(window: object, count: int) -> Iterator[Callable[[], bool]]:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QInputMethodEvent
        from PySide6.QtTest import QTest

        from hallclient.domain.idnumber import check_digit

        no = Qt.KeyboardModifier.NoModifier

        def key(k: Qt.Key, modifier: Qt.KeyboardModifier = no) -> None:
            QTest.keyClick(QApplication.focusWidget(), k, modifier)

        def typed(text: str) -> None:
            for char in text:
                widget = QApplication.focusWidget()
                if char.isascii():
                    QTest.keyClicks(widget, char)
                else:
                    event = QInputMethodEvent()
                    event.setCommitString(char)
                    QApplication.sendEvent(widget, event)

        intake = window.intake  # type: ignore[attr-defined]
        for number in range(1, count + 1):
            first17 = f"330106{1950 + number % 50}{1 + number % 12:02d}{1 + number % 28:02d}{number % 1000:03d}"
            before = intake.last_result
            window.activateWindow()  # type: ignore[attr-defined]
            key(Qt.Key.Key_F2)
            typed(first17 + check_digit(first17))
            key(Qt.Key.Key_Tab)
            typed("张三丰")
            key(Qt.Key.Key_Tab)
            typed("13800001234")
            key(Qt.Key.Key_F3)
            typed("QR00106002")
            key(Qt.Key.Key_Return)
            key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            key(Qt.Key.Key_F6)
            key(Qt.Key.Key_Return)
            yield lambda before=before: intake.last_result is not before
            if intake.last_result is None:
                raise RuntimeError(f"intake {number} was not recorded: {intake.result.text()}")
            if number in (CHECKPOINT, count):
                yield from settle()
                figures[f"after_{number}"] = rss_mb()

    steps = script()
    condition: list[Callable[[], bool]] = [next(steps)]
    timer = QTimer()

    def tick() -> None:
        try:
            while condition[0]():
                condition[0] = next(steps)
        except StopIteration:
            timer.stop()

    timer.timeout.connect(tick)
    timer.start(50)
    run_gui(demo=False, db=db, lang=None)
    print(json.dumps(figures), flush=True)


def sample(args: list[str], env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env, timeout=3600, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{args[:2]} exited {done.returncode}: {done.stderr[-2000:]}")
    return json.loads(lines[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--intakes", type=int, default=1000)
    parser.add_argument("--child", choices=("bare", "app"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "bare":
        child_bare()
        return 0
    if args.child == "app":
        child_app(args.db, args.intakes)
        return 0
    work = Path(tempfile.mkdtemp(prefix="hallclient-rss-"))
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    (work / "config").mkdir()
    (work / "config" / "config.toml").write_text(
        f'config_version = 2\n[window]\nlock_minutes = 0\n[printer]\nuri = "file:{work / "slips.bin"}"\n',
        encoding="utf-8",
    )
    env.update(
        HALLCLIENT_CONFIG_DIR=str(work / "config"),
        HALLCLIENT_DATA_DIR=str(work / "data"),
        HALLCLIENT_LOG_DIR=str(work / "log"),
        PYTHONPATH=str(ROOT / "src"),
    )
    seeded = work / "seeded.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "hallclient", "demo", "seed", "--db", str(seeded), "--days", "20"],
        env=env,
        check=True,
        capture_output=True,
    )
    bare: list[float] = []
    app: dict[str, list[float]] = {}
    for _ in range(args.runs):
        bare.append(sample(["--child", "bare"], env)["idle"])
        db = work / "run.sqlite3"
        shutil.copy(seeded, db)
        for name, value in sample(["--child", "app", "--db", str(db), "--intakes", str(args.intakes)], env).items():
            app.setdefault(name, []).append(value)
        db.unlink()
    shutil.rmtree(work, ignore_errors=True)
    base = statistics.median(bare)
    idle = statistics.median(app["idle"])
    at_200 = statistics.median(app[f"after_{CHECKPOINT}"])
    last = statistics.median(app[f"after_{args.intakes}"])
    print(f"runs: {args.runs}, platform: {env.get('QT_QPA_PLATFORM', 'display')}, medians")
    print(f"bare PySide6 window + label   {base:6.1f} MB")
    print(f"hallclient signed in, idle    {idle:6.1f} MB  {idle / base:.2f} x  (goal <= 2.0)")
    print(f"after {CHECKPOINT} intakes             {at_200:6.1f} MB  {at_200 / base:.2f} x  (goal <= 2.2)")
    grown = last - at_200
    print(f"after {args.intakes} intakes            {last:6.1f} MB  +{grown:.1f} MB over {CHECKPOINT} (goal <= 10)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
