"""`hallclient idcard …`: exit codes 0 / 2 / 3, plain and JSON output, the simulate command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from idcard_helpers import card_json

from hallclient.cli import main
from hallclient.cli.idcard import format_card, parse_faults
from hallclient.devices.idcard import read_card
from hallclient.devices.idcard.simulator import Latencies, ReaderSimulator
from hallclient.domain.idnumber import check_digit
from hallclient.errors import HallError


def test_idcard_cli_read_json_exit_0(sim: ReaderSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["idcard", "read", "--port", sim.port, "--timeout", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {key: data[key] for key in card_json("resident")} == card_json("resident")


def test_idcard_cli_read_plain_summary(capsys: pytest.CaptureFixture[str]) -> None:
    with ReaderSimulator("elderly", latencies=Latencies.instant()) as sim:
        assert main(["idcard", "read", "--port", sim.port, "--baud", "115200"]) == 0
    out = capsys.readouterr().out
    assert "姓名：李秀英" in out and "有效期限：2010-05-20 至 长期" in out and "绿色通道" in out


def test_idcard_cli_no_card_exit_3(sim: ReaderSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    sim.remove_card()
    assert main(["idcard", "read", "--port", sim.port, "--timeout", "0.4"]) == 3
    err = capsys.readouterr().err.strip()
    assert err.startswith("hallclient: ") and "未读到身份证" in err and "\n" not in err


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("missing", "无法打开读卡器端口"),
        ("silent", "读卡器无应答"),
        ("sam", "未经授权"),
        ("checksum", "校验和错误"),
    ],
)
def test_idcard_cli_device_errors_exit_2(
    sim: ReaderSimulator, capsys: pytest.CaptureFixture[str], setup: str, words: str
) -> None:
    port = sim.port
    if setup == "missing":
        port = "/dev/no-such-reader"
    elif setup == "silent":
        sim.faults.silent = True
    elif setup == "sam":
        sim.faults.forced_status = 0x66
    else:
        sim.faults.bad_checksums = 100
    assert main(["idcard", "read", "--port", port, "--timeout", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and "\n" not in err and "Traceback" not in err


def test_idcard_cli_info(sim: ReaderSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["idcard", "info", "--port", sim.port, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sam_id"] == "05.01-20101008-0012345678-1234567890" and data["status_ok"] is True
    sim.faults.forced_status, sim.faults.forced_command = 0x60, (0x11, 0xFF)
    assert main(["idcard", "info", "--port", sim.port]) == 2
    assert "SAM 自检失败" in capsys.readouterr().out


def test_idcard_cli_summary_flags_expired_and_bad_check_digit() -> None:
    with ReaderSimulator("expired", latencies=Latencies.instant()) as sim:
        card = read_card(sim.port, timeout=2)
    summary = format_card(card, date(2026, 1, 1))
    assert "警告：证件已过期" in summary and "校验位错误" not in summary
    tampered = replace(card, id_number="310104198506200132")
    assert "警告：证件号码校验位错误" in format_card(tampered, date(2014, 1, 1))


def test_idcard_cli_summary_warns_about_an_unknown_region_code() -> None:
    with ReaderSimulator("resident", latencies=Latencies.instant()) as sim:
        card = read_card(sim.port, timeout=2)
    assert "地址码" not in format_card(card, date(2026, 1, 1))
    first17 = "11019919900101123"  # 110199: in no GB/T 2260 edition
    unknown = replace(card, id_number=first17 + check_digit(first17))
    assert "警告：地址码 110199 不在内置的 GB/T 2260 历史代码表中" in format_card(unknown, date(2026, 1, 1))


def test_idcard_cli_fault_specs() -> None:
    faults = parse_faults(["stray=00aa", "fragment", "delay=0.5", "checksum=2", "status=41@readx3", "silent"])
    assert faults.stray_bytes == b"\x00\xaa" and faults.fragment and faults.extra_delay == 0.5
    assert faults.bad_checksums == 2 and faults.silent
    assert (faults.forced_status, faults.forced_command, faults.forced_count) == (0x41, (0x30, 0x01), 3)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("bogus", "未知的故障，格式见 hallclient idcard simulate --help"),
        ("delay=x", "“=”后的值无法识别，格式见 hallclient idcard simulate --help"),
        ("delay=-1", "延迟不能为负"),
        ("status=zz", "“=”后的值无法识别，格式见 hallclient idcard simulate --help"),
        ("status=1ff", "状态码须为一个字节（00–FF）"),
        ("status=41@nowhere", "未知的命令 nowhere，可选：reset status samid find select read readfp address"),
        ("stray=0g", "“=”后的值无法识别，格式见 hallclient idcard simulate --help"),
    ],
)
def test_idcard_cli_bad_fault_spec_says_why_in_chinese(bad: str, reason: str) -> None:
    with pytest.raises(HallError) as caught:
        parse_faults([bad])
    assert str(caught.value) == f"无效的 --fault “{bad}”：{reason}"


def test_idcard_cli_simulate_serves_until_interrupted(tmp_path: Path) -> None:
    link = tmp_path / "reader"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hallclient",
            "idcard",
            "simulate",
            "--card",
            "hmt_residence",
            "--link",
            str(link),
            "--latency",
            "instant",
            "--fault",
            "stray",
            "--fault",
            "fragment",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        assert port == str(link)
        assert read_card(port, timeout=3).pass_number == "H12345678"
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=5)
    assert process.returncode == 0, err
    assert not link.exists()


def test_idcard_cli_simulate_rejects_a_bad_card_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"card_type": "resident", "name": "' + "长" * 16 + '"}', encoding="utf-8")
    assert main(["idcard", "simulate", "--card", str(bad)]) == 2
    assert capsys.readouterr().err == f"hallclient: 卡片文件 {bad} 无效：name 超出证件容量：16 个字符，最多 15 个\n"
    bad.write_text("{", encoding="utf-8")
    assert main(["idcard", "simulate", "--card", str(bad)]) == 2
    assert capsys.readouterr().err == f"hallclient: 卡片文件 {bad} 无效：第 1 行第 2 列不是有效的 JSON\n"
    assert main(["idcard", "simulate", "--card", "no-such-card"]) == 2
