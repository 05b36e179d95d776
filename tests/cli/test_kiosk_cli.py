"""``hallclient kiosk``: refused in one line until the device is enrolled and has a printer; the exit password
is stored only as a hash and never shown."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hallclient import config
from hallclient.cli import main
from hallclient.protocol.accounts import password_matches


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("HALLCLIENT_CONFIG", str(path))
    return path


def test_kiosk_needs_enrolment_and_a_printer(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kiosk", "--windowed"]) == 2
    assert "本机尚未登记到中心服务器" in capsys.readouterr().err
    config.save(config.Settings(server_url="http://127.0.0.1:9", device_token="t"), config_file)
    assert main(["kiosk"]) == 2
    err = capsys.readouterr().err
    assert "未配置号票打印机" in err and len(err.strip().splitlines()) == 1


def test_exit_password_is_stored_hashed_and_masked(
    config_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["kiosk", "--set-exit-password", "--password-stdin"]) == 2
    assert "退出密码至少 4 位" in capsys.readouterr().err and not config_file.exists()
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n"))
    assert main(["kiosk", "--set-exit-password", "--password-stdin"]) == 0
    stored = config.load().kiosk_exit_password
    assert "2468" not in config_file.read_text(encoding="utf-8") and password_matches(stored, "2468")
    capsys.readouterr()
    assert main(["config", "show"]) == 0
    shown = capsys.readouterr().out
    assert 'exit_password = "********"' in shown and stored not in shown
