"""Frozen smoke test: build the bundle from build.spec and run what IT runs on a fresh window PC.

Slow (a PyInstaller build, ~1 min) but part of CI: a missing data file or hidden import only shows up here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pkg_helpers import parse_rows

from hallclient import __version__

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("pyinstaller")
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(base / "dist"),
            "--workpath",
            str(base / "work"),
            str(ROOT / "build.spec"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    folder = base / "dist" / "hallclient"
    print(f"frozen build: {time.monotonic() - started:.0f} s")
    return folder


def _env(folder: Path) -> dict[str, str]:
    values = {k: v for k, v in os.environ.items() if k != "HALLCLIENT_RESOURCES"}
    values.update(
        HALLCLIENT_CONFIG=str(folder / "config.toml"),
        HALLCLIENT_DATA_DIR=str(folder / "data"),
        HALLCLIENT_LOG_DIR=str(folder / "logs"),
        QT_QPA_PLATFORM="offscreen",
    )
    return values


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return _env(tmp_path)


def run(exe: Path, *args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=timeout, env=env, cwd="/")


@pytest.fixture(scope="module")
def frozen_demo(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo store made by the frozen exe itself (migrations, catalog, calendar all from the bundle)."""
    folder = tmp_path_factory.mktemp("frozen-demo")
    db = folder / "demo.sqlite3"
    done = run(
        bundle / "hallclient-console",
        "demo",
        "seed",
        "--db",
        str(db),
        "--days",
        "1",
        "--cases-per-day",
        "3",
        env=_env(folder),
    )
    assert done.returncode == 0, done.stderr
    return db


def test_bundle_layout(bundle: Path) -> None:
    assert (bundle / "hallclient").is_file() and (bundle / "hallclient-console").is_file()
    internal = bundle / "_internal"
    for relative in (
        "resources/fonts/wqy-microhei.ttc",
        "resources/fonts/HanaMinB-ExtB-F.ttf",
        "resources/regions/gbt2260-history.tsv",
        "resources/translations/hallclient_en.qm",
        "migrations/env.py",
        "migrations/server/env.py",
        "escpos/capabilities.json",
    ):
        assert (internal / relative).is_file(), relative
    assert not list(internal.rglob("*.ts")), "translation sources must not ship"
    assert not list(internal.rglob("libQt6Qml*")) and not list(internal.rglob("libQt6WebEngine*"))


def test_frozen_version(bundle: Path, env: dict[str, str]) -> None:
    done = run(bundle / "hallclient-console", "--version", env=env)
    assert (done.returncode, done.stdout.strip()) == (0, f"hallclient {__version__}")


def test_frozen_selftest_passes_on_its_own_demo_store(bundle: Path, env: dict[str, str], frozen_demo: Path) -> None:
    done = run(bundle / "hallclient-console", "selftest", "--db", str(frozen_demo), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = parse_rows(done.stdout)
    for name in (
        "database.integrity",
        "database.schema",
        "database.events",
        "font.primary",
        "font.fallback",
        "font.rare",
        "translation.en",
    ):
        assert rows[name][0] == "OK", (name, rows[name])
    assert str(bundle / "_internal" / "resources" / "fonts") in rows["font.primary"][1]


def test_frozen_selftest_names_an_absent_printer(bundle: Path, env: dict[str, str], frozen_demo: Path) -> None:
    Path(env["HALLCLIENT_CONFIG"]).write_text(
        'config_version = 2\n[printer]\nuri = "tcp://127.0.0.1:1"\n', encoding="utf-8"
    )
    done = run(bundle / "hallclient-console", "selftest", "--db", str(frozen_demo), env=env)
    assert done.returncode == 1
    rows = parse_rows(done.stdout)
    assert [name for name, (status, _) in rows.items() if status == "FAIL"] == ["printer"]
    assert done.stderr.strip() == "selftest: 1 项失败：printer"


def test_frozen_gui_shows_its_window(bundle: Path, env: dict[str, str], frozen_demo: Path) -> None:
    done = run(bundle / "hallclient", "--db", str(frozen_demo), env={**env, "HALLCLIENT_STARTUP_PROBE": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ready "), done.stdout


def test_frozen_slip_preview_and_pdf_tally(
    bundle: Path, env: dict[str, str], frozen_demo: Path, tmp_path: Path
) -> None:
    preview = tmp_path / "slip.png"
    done = run(bundle / "hallclient-console", "printer", "test", "--printer", f"preview:{preview}", env=env)
    assert done.returncode == 0, done.stderr
    assert preview.read_bytes().startswith(b"\x89PNG")
    pdf = tmp_path / "tally.pdf"
    today = time.strftime("%Y-%m-%d")
    done = run(
        bundle / "hallclient-console", "tally", "--date", today, "--out", str(pdf), "--db", str(frozen_demo), env=env
    )
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
