"""A window client signed in and idle has not imported what only other commands use (issue 18).

The start-up path is the real one (``run_gui`` in a fresh process, offscreen, on a current store): each of
these libraries costs 5-55 MB in every window PC, and one stray module-level import brings it back.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

PASSWORD = "secret123"  # the conftest's accounts

#: Export, server, network, catalog-file, migration and wire-model libraries a signed-in clerk does not use.
HEAVY = (
    "pypinyin",
    "reportlab",
    "openpyxl",
    "xlsxwriter",
    "fastapi",
    "starlette",
    "uvicorn",
    "httpx",
    "alembic",
    "mako",
    "pydantic",
    "PIL",
    "fontTools",
    "uuid6",
)

SIGN_IN_AND_LIST_MODULES = f"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from hallclient.app import run_gui
from hallclient.ui.mainwindow import MainWindow

app = QApplication(sys.argv[:1])
state = {{"asked": False}}

def tick():
    window = next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow)), None)
    if window is None or not window.ctx.is_ready:
        return
    if not state["asked"]:
        window.login.username.setText("wangfang")
        window.login.password.setText({PASSWORD!r})
        window.login.attempt()
        state["asked"] = True
    elif window.ctx.actor is not None and window.ctx.tasks.pending == 0:
        import linecache
        print("MODULES " + json.dumps(sorted(sys.modules)), flush=True)
        print("CACHED_SOURCES " + str(len(linecache.cache)), flush=True)
        app.quit()

timer = QTimer()
timer.timeout.connect(tick)
timer.start(20)
QTimer.singleShot(60000, app.quit)
run_gui(demo=False, db=sys.argv[1], lang=None)
"""


def test_signed_in_client_has_not_imported_export_server_or_network_libraries(
    template_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "store.sqlite3"
    shutil.copy(template_db, db)
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HALLCLIENT_CONFIG_DIR=str(tmp_path / "config"),
        HALLCLIENT_DATA_DIR=str(tmp_path / "data"),
        HALLCLIENT_LOG_DIR=str(tmp_path / "log"),
        PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parents[2] / "src"), env.get("PYTHONPATH", "")]),
    )
    done = subprocess.run(
        [sys.executable, "-c", SIGN_IN_AND_LIST_MODULES, str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("MODULES ")]
    assert lines, f"the client did not sign in (exit {done.returncode}): {done.stderr[-2000:]}"
    modules = json.loads(lines[0].removeprefix("MODULES "))
    assert "hallclient.ui.intake" in modules and "argon2" in modules  # it did sign in and build the screen
    loaded = sorted({name.split(".")[0] for name in modules} & set(HEAVY))
    assert loaded == []
    # PySide6's import hook reads every imported module's source into linecache (~550 files, ~20 MB); the app
    # drops it once the DB thread is idle
    [cached] = [int(line.split()[1]) for line in done.stdout.splitlines() if line.startswith("CACHED_SOURCES ")]
    assert cached < 50


def test_the_sign_in_window_loads_no_domain_module_before_its_first_paint() -> None:
    """Cold start (bench/cold_start.py): the sign-in window's modules need ``fill``, not the domain's enums."""
    code = "import sys, hallclient.app, hallclient.ui.mainwindow; print(sorted(sys.modules))"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "hallclient.ui.mainwindow" in done.stdout
    assert "'hallclient.domain." not in done.stdout and "sqlalchemy" not in done.stdout
