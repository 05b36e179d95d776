"""The CLI: --version, --help everywhere, usage errors and failures as one line with exit code 2."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from hallclient import __version__
from hallclient.cli import build_parser, main


def _all_command_paths() -> list[list[str]]:
    paths: list[list[str]] = []

    def walk(parser: argparse.ArgumentParser, prefix: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    paths.append([*prefix, name])
                    walk(sub, [*prefix, name])

    walk(build_parser(), [])
    return paths


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"hallclient {__version__}"


@pytest.mark.parametrize("path", _all_command_paths(), ids=" ".join)
def test_every_command_has_help(path: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([*path, "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：hallclient " + " ".join(path))


def test_core_commands_exist() -> None:
    names = {" ".join(path) for path in _all_command_paths()}
    assert {"db upgrade", "db check", "db backup", "demo seed", "config show", "config path"} <= names


def test_usage_error_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "frobnicate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("hallclient: ")


def test_missing_database_for_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "check", "--db", str(tmp_path / "none.sqlite3")]) == 2
    assert "不存在" in capsys.readouterr().err


def test_corrupt_database_file_gives_one_line_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "hallclient", "db", "check", "--db", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_backup_then_check_the_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.sqlite3"
    assert main(["db", "upgrade", "--db", str(db)]) == 0
    assert main(["db", "backup", "--db", str(db), "--out", str(tmp_path / "copy.sqlite3")]) == 0
    assert main(["db", "check", "--db", str(tmp_path / "copy.sqlite3")]) == 0
    assert "事件哈希链 ok" in capsys.readouterr().out
