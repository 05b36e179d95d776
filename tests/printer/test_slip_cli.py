"""``hallclient printer test|status`` end to end through the real CLI entry point."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from escpos_decode import decode
from fake_printer import ONLINE, PAPER_OUT, FakeSerialPrinter

from hallclient.cli import main
from hallclient.paths import resource_path


def test_slip_cli_test_page_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "lp0"
    assert main(["printer", "test", "--printer", f"file:{target}", "--width", "58"]) == 0
    decoded = decode(target.read_bytes())
    assert "打印机测试页" in decoded.text
    assert "纸宽：58 mm，每行 32 列" in decoded.text
    assert decoded.qrs and decoded.cuts == ["full"]
    assert len([r for r in decoded.rasters if r.height == 24]) == 1, "the rare-character line is raster"
    assert "58 mm" in capsys.readouterr().out


def test_slip_cli_test_page_preview(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "test.png"
    assert main(["printer", "test", "--printer", f"preview:{target}"]) == 0
    assert target.stat().st_size > 1000
    assert str(target) in capsys.readouterr().out


def test_slip_cli_test_page_warns_and_fails_when_a_font_of_the_chain_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(resource_path(), resources, ignore=shutil.ignore_patterns("HanaMinB*"))
    monkeypatch.setenv("HALLCLIENT_RESOURCES", str(resources))
    target = tmp_path / "test.png"
    assert main(["printer", "test", "--printer", f"preview:{target}"]) == 1
    [warning] = capsys.readouterr().err.splitlines()
    assert warning == "警告：随附字体无法显示 “𠮷”(U+20BB7)，凭证和预览上将是空框，请核对或手写补正"


def test_slip_cli_bad_uri_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["printer", "test", "--printer", "lpt1"]) == 3
    err = capsys.readouterr().err.strip()
    assert err.startswith("hallclient: 打印机地址无效") and "\n" not in err and "Traceback" not in err


def test_slip_cli_status_on_serial(capsys: pytest.CaptureFixture[str]) -> None:
    online = FakeSerialPrinter(ONLINE)
    out_of_paper = FakeSerialPrinter(PAPER_OUT)
    try:
        assert main(["printer", "status", "--printer", f"serial:{online.path}?status_timeout=0.3"]) == 0
        assert "正常" in capsys.readouterr().out
        assert main(["printer", "status", "--printer", f"serial:{out_of_paper.path}?status_timeout=0.3"]) == 1
        lines = capsys.readouterr().out.splitlines()
        assert "缺纸" in lines[0]
        assert lines[1] == "联机：否，上盖打开：否，缺纸：是，纸将尽：否，故障：否；原始状态字节：1E 32 12 72"
    finally:
        online.close()
        out_of_paper.close()


def test_slip_cli_paper_out_blocks_the_test_page(capsys: pytest.CaptureFixture[str]) -> None:
    printer = FakeSerialPrinter(PAPER_OUT)
    try:
        assert main(["printer", "test", "--printer", f"serial:{printer.path}?status_timeout=0.3"]) == 3
        assert "缺纸" in capsys.readouterr().err
    finally:
        printer.close()
