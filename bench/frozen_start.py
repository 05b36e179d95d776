"""Start-up time of the frozen bundle against the source checkout, measured in the same run.

Run: ``.venv/bin/python bench/frozen_start.py [--bundle dist/hallclient] [--repeat 7]``. Without ``--bundle`` the
bundle is built from build.spec into a temp dir first. Goal: frozen ≤ 2 s to a usable window.

Three starts per side, each a fresh process:
- ``--version``: interpreter + bootloader + CLI parser (every command module is imported);
- ``selftest --db demo``: a real console job (config, SQLite, Alembic, fonts, hash chain);
- GUI: the windowed exe to its first painted window (``HALLCLIENT_STARTUP_PROBE`` makes app.py print
  ``ready`` once the window is shown), offscreen when there is no display.
The first run of each is reported apart ("first"); the page cache is not dropped, so "first" is the first
start after the build rather than a cold boot.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GOAL_SECONDS = 2.0


def build(out: Path) -> tuple[Path, float]:
    started = time.perf_counter()
    subprocess.run(
        [
            PYTHON,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "work"),
            str(ROOT / "build.spec"),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    return out / "dist" / "hallclient", time.perf_counter() - started


def timed(command: list[str], env: dict[str, str], until_line: str | None = None) -> float:
    """Seconds from spawn to exit, or to the first stdout line starting with ``until_line``."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    elapsed: float | None = None
    if until_line is not None:
        for line in process.stdout:
            if line.startswith(until_line):
                elapsed = time.perf_counter() - started
                break
    process.stdout.read()
    code = process.wait(timeout=300)
    if elapsed is None:
        elapsed = time.perf_counter() - started
    if code not in (0, 1) or (until_line is not None and elapsed is None):
        raise SystemExit(f"{' '.join(command)} failed with exit code {code}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, help="an existing dist/hallclient folder (default: build one)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (default 7)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="hallclient-bench-frozen-"))
    env = {k: v for k, v in os.environ.items() if k != "HALLCLIENT_RESOURCES"}
    env.update(
        HALLCLIENT_CONFIG=str(work / "config.toml"),
        HALLCLIENT_DATA_DIR=str(work / "data"),
        HALLCLIENT_LOG_DIR=str(work / "logs"),
    )
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"

    if args.bundle:
        bundle, build_seconds = args.bundle, None
    else:
        print("building the bundle from build.spec …", flush=True)
        bundle, build_seconds = build(work)
    size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file() and not f.is_symlink())

    demo = work / "demo.sqlite3"
    subprocess.run(
        [PYTHON, "-m", "hallclient", "demo", "seed", "--db", str(demo), "--days", "5", "--cases-per-day", "20"],
        check=True,
        env=env,
        capture_output=True,
    )

    source = [PYTHON, "-m", "hallclient"]
    console, windowed = [str(bundle / "hallclient-console")], [str(bundle / "hallclient")]
    probe_env = {**env, "HALLCLIENT_STARTUP_PROBE": "1"}
    cases = [
        ("--version", ["--version"], env, None),
        ("selftest", ["selftest", "--db", str(demo)], env, None),
        ("GUI to first window", ["--db", str(demo)], probe_env, "ready"),
    ]
    results: list[tuple[str, str, float, float]] = []
    for label, arguments, case_env, marker in cases:
        for side, prefix in (("frozen", windowed if marker else console), ("source", source)):
            runs = [timed([*prefix, *arguments], case_env, marker) for _ in range(args.repeat)]
            results.append((label, side, runs[0], statistics.median(runs[1:] or runs)))

    print(f"\nbundle: {bundle}  size {size / 1e6:.0f} MB" + (f"  build {build_seconds:.0f} s" if build_seconds else ""))
    print(f"runs per measurement: {args.repeat} (median excludes the first run)\n")
    print(f"{'start':<22}{'side':<8}{'first':>8}{'median':>9}")
    for label, side, first, median in results:
        print(f"{label:<22}{side:<8}{first:>7.2f}s{median:>8.2f}s")
    gui = next(median for label, side, _first, median in results if side == "frozen" and label.startswith("GUI"))
    verdict = "meets" if gui <= GOAL_SECONDS else "MISSES"
    print(f"\nfrozen GUI to first window: median {gui:.2f} s — {verdict} the {GOAL_SECONDS:.0f} s goal")
    shutil.rmtree(work, ignore_errors=True)  # the demo store and, unless --bundle was given, a 250 MB build
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
