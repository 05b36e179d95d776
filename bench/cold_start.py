"""Cold start to a usable main window, side by side with a bare PySide6 window in the same run.

Each sample is a fresh process (bytecode cached, as installed, same interpreter and flags); the time is from
spawning it to the line ``ready`` it prints after its window's first paint event has been handled (a zero
timer started from that paint event, see ``hallclient.ui.firstpaint``; a zero timer next to ``show()``
fires before anything is drawn). Both sides maximise their window and wait the same way. For the app,
the "usable main window" is the sign-in screen, painted with its Chinese text in the bundled font and
accepting typing: that is the first thing a clerk uses; the store, devices and work screens load after
it (the store on the DB thread). Bare and app samples alternate so machine load hits both alike.
Goal (issue 18): app median <= 1.2 x bare median.

Run: ``.venv/bin/python bench/cold_start.py [--runs N]`` (offscreen unless a DISPLAY is set).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The same wait as hallclient.ui.firstpaint.after_first_paint (the app's probe): the window's first paint
# event, then a zero timer, so the whole first paint pass has run. A zero timer next to show() alone
# would fire before anything is drawn.
BARE = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1366, 800)
def probe():
    print("ready", flush=True)
    window.close()
    app.quit()
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            window.removeEventFilter(self)
            QTimer.singleShot(0, probe)
        return False
first_paint = FirstPaint(window)
window.installEventFilter(first_paint)
window.showMaximized()
app.exec()
"""

APP = """
import sys
from hallclient.app import run_gui
sys.exit(run_gui(demo=False, db=sys.argv[1], lang=None))
"""


def sample(code: str, args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("ready"):
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError(f"no ready line (exit {process.wait()})")
    process.wait(timeout=60)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hallclient-startup-"))
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    # Bytecode is cached (in a temp prefix, not the source tree), as in an installed bundle; with
    # PYTHONDONTWRITEBYTECODE every run would recompile our modules while the bare window has none.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        PYTHONPYCACHEPREFIX=str(work / "pycache"),
        HALLCLIENT_STARTUP_PROBE="1",
        HALLCLIENT_CONFIG_DIR=str(work / "config"),
        HALLCLIENT_DATA_DIR=str(work / "data"),
        HALLCLIENT_LOG_DIR=str(work / "log"),
        PYTHONPATH=str(ROOT / "src"),
    )
    db = str(work / "startup.sqlite3")
    sample(APP, [db], env)  # first run creates and migrates the store and caches bytecode
    sample(BARE, [], env)
    bare: list[float] = []
    app: list[float] = []
    for _ in range(args.runs):
        bare.append(sample(BARE, [], env))
        app.append(sample(APP, [db], env))
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    ratio = app_median / bare_median
    print(f"runs: {args.runs} each, platform: {env.get('QT_QPA_PLATFORM', 'display')}")
    print(f"bare PySide6 window  median {bare_median * 1000:.0f} ms  (min {min(bare) * 1000:.0f})")
    print(f"hallclient sign-in   median {app_median * 1000:.0f} ms  (min {min(app) * 1000:.0f})")
    print(f"ratio {ratio:.2f} x  (goal <= 1.20: {'met' if ratio <= 1.2 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
