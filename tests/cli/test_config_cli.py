"""Typed config: defaults, versioned upgrade, one-line errors naming the key, owner-only save."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from hallclient import config
from hallclient.cli import main
from hallclient.errors import HallError


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("HALLCLIENT_CONFIG", str(path))
    return path


def test_missing_file_gives_defaults(config_file: Path) -> None:
    assert config.load() == config.Settings()


def test_version_1_file_is_upgraded(config_file: Path) -> None:
    config_file.write_text(
        'window = "07"\nprinter = "tcp://10.0.0.5:9100"\n[hall]\nname = "测试中心"\n', encoding="utf-8"
    )
    settings = config.load()
    assert (settings.window, settings.printer_uri, settings.hall_name) == ("07", "tcp://10.0.0.5:9100", "测试中心")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("config_version = 2\n[printer]\npaper_width = 76\n", "printer.paper_width 只能是 58、80"),
        ('config_version = 2\n[reader]\nbaud = "fast"\n', "reader.baud 应为整数"),
        ("config_version = 2\n[reader]\nspeed = 1\n", "未知的配置项 reader.speed"),
        ("config_version = 2\n[hall\n", "TOML 语法错误"),
        ("config_version = 9\n", "版本 9"),
        ('config_version = 2\n[hall]\ncase_number_pattern = "{hall}{seq:04}"\n', "hall.case_number_pattern"),
        ("config_version = 2\n[certificates]\ntimeout_ms = 0\n", "certificates.timeout_ms 应为正整数"),
    ],
)
def test_bad_file_names_key_and_problem(config_file: Path, text: str, fragment: str) -> None:
    config_file.write_text(text, encoding="utf-8")
    with pytest.raises(HallError) as caught:
        config.load()
    assert fragment in str(caught.value) and str(config_file) in str(caught.value)


def test_cli_reports_bad_config_in_one_line(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_file.write_text("config_version = 2\n[printer]\npaper_width = 76\n", encoding="utf-8")
    assert main(["config", "show"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "paper_width" in err


def test_save_round_trips_with_owner_only_permissions_and_hides_token(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = config.update(config.Settings(), window="09", device_token="secret-token", paper_width=58,
                             certificates_provincial_key="province-key")  # fmt: skip
    config.save(settings)
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    assert config.load() == settings
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert "secret-token" not in out and "province-key" not in out and 'window = "09"' in out
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(config_file)


def test_every_declared_setting_documents_its_real_default() -> None:
    defaults = config.Settings()
    for setting in config.SETTINGS:
        value = getattr(defaults, config._FIELD_FOR[(setting.section, setting.key)])
        assert setting.default == value and isinstance(value, setting.type), f"{setting.section}.{setting.key}"


def test_each_setting_is_declared_once_on_its_field() -> None:
    """Type, default, file location, help and choices come from the one ``Settings`` field declaration."""
    from typing import get_type_hints

    from hallclient import config

    hints = get_type_hints(config.Settings, include_extras=True)
    assert [setting.field for setting in config.SETTINGS] == list(config.Settings._fields)
    for setting in config.SETTINGS:
        assert hints[setting.field].__metadata__[0] == config.Key(setting.section, setting.key, setting.help,
                                                                  setting.choices)  # fmt: skip
        assert setting.default == config.Settings._field_defaults[setting.field]
    assert not hasattr(config, "_DEFAULTS")  # no second table of defaults
