"""``hallclient tally``: formats, server fallback, bad input as one line with exit code 2."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from hallclient.cli import main


def test_tally_csv_from_the_local_store(seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "clerks.csv"
    code = main(["tally", "--from", "2026-03-09", "--to", "2026-03-13", "--by", "clerk", "--out", str(out),
                 "--db", str(seeded.path)])  # fmt: skip
    assert code == 0
    assert "办件 90 件" in capsys.readouterr().out
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][0] == "窗口人员" and rows[-1][:2] == ["合计", "90"]


def test_server_down_falls_back_to_local_and_says_so(
    seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HALLCLIENT_USER_TOKEN", "token")
    config = tmp_path / "config.toml"
    config.write_text(f'config_version = 2\n[store]\ndb_path = "{seeded.path}"\n', encoding="utf-8")
    monkeypatch.setenv("HALLCLIENT_CONFIG", str(config))
    out = tmp_path / "t.xlsx"
    code = main(["tally", "--date", "2026-03-10", "--out", str(out), "--server", "http://127.0.0.1:9"])
    captured = capsys.readouterr()
    assert code == 0 and out.exists()
    assert "服务器不可用" in captured.err and "改用本机数据" in captured.err
    assert "办件 18 件" in captured.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2999-01-01", "--out", "x.csv"], "在未来"),
        (["--from", "2026-03-09", "--out", "x.csv"], "--from 须与 --to"),
        (["--from", "2026-03-13", "--to", "2026-03-09", "--out", "x.csv"], "早于开始日"),
        (["--date", "2026-3-9", "--out", "x.csv"], "YYYY-MM-DD"),
        (["--date", "2026-03-09", "--out", "x.txt"], "--format"),
    ],
)
def test_bad_input_is_one_line(seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                               message: str) -> None:  # fmt: skip
    assert main(["tally", *args, "--db", str(seeded.path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
