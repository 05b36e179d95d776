"""``hallclient sms test`` and ``hallclient server sms …`` as a process: Chinese, one line per fault, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sms_helpers import Smsc, running_smsc

DEMO = Path(__file__).resolve().parents[2] / "resources" / "sms-templates.toml"
SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(scope="module")
def smsc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Smsc]:
    with running_smsc(tmp_path_factory.mktemp("smsc")) as server:
        yield server


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("HALLCLIENT_SMS_GATEWAY", None)
    return subprocess.run([sys.executable, "-m", "hallclient", *args], capture_output=True, text=True, env=env,
                          timeout=60, check=False)  # fmt: skip


def refused(*args: str) -> str:
    result = cli(*args)
    assert result.returncode == 2, result
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr.strip()


def test_sms_test_sends_one_message_and_reports_the_receipt(smsc: Smsc) -> None:
    before = len(smsc.submits())
    result = cli("sms", "test", "--to", "13800000000", "--gateway", smsc.uri())
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "送达回执：已送达"
    assert "138****0000" in result.stdout and "13800000000" not in result.stdout
    assert f"smpp://hall:***@127.0.0.1:{smsc.port}" in result.stdout  # the password is never printed
    (submit,) = smsc.submits()[before:]
    assert bytes.fromhex(submit["short_message"]).decode("utf-16-be").startswith("【政务服务中心】短信网关测试")


def test_sms_test_faults_are_one_clear_line(smsc: Smsc) -> None:
    assert refused("sms", "test", "--to", "1380000", "--gateway", smsc.uri()) == (
        "hallclient: 手机号无效：***0000（应为 11 位手机号，如 13800000000）"
    )
    assert refused("sms", "test", "--to", "13800000000", "--gateway", "smpp://hall:x@127.0.0.1:9") == (
        "hallclient: 无法连接短信中心 127.0.0.1:9"
    )
    assert refused("sms", "test", "--to", "13800000000", "--gateway", smsc.uri(password="wrong")) == (
        "hallclient: 短信中心拒绝登录（0x0E：用户名/密码或绑定参数有误）"
    )
    assert refused("sms", "test", "--to", "13900000001", "--gateway", smsc.uri()) == (
        "hallclient: 短信中心拒收（0x0B Invalid Destination Address）"
    )
    assert (
        refused("sms", "test", "--to", "13922200000", "--gateway", smsc.uri())
        == "hallclient: 短信未送达：未送达（UNDELIV）"
    )
    assert refused("sms", "test", "--to", "13800000000").startswith("hallclient: 未指定短信网关")


def test_server_sms_administration(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    bad = tmp_path / "bad.toml"
    bad.write_text(DEMO.read_text(encoding="utf-8").replace("{waybill_no}", "{waybill}"), encoding="utf-8")
    assert refused("server", "sms", "templates", "import", str(bad), "--db", db).startswith(
        f"hallclient: {bad} 有 1 处错误，未导入：第 13 行：posted 不能使用占位符 {{waybill}}"
    )
    imported = cli("server", "sms", "templates", "import", str(DEMO), "--db", db)
    assert imported.stdout.strip() == "已导入 6 个短信模板（签名 【西湖区政务服务中心】，免打扰 21:00-08:00）"
    assert (
        cli("server", "sms", "optout", "add", "13800000000", "--db", db).stdout.strip() == "138****0000 已加入退订名单"
    )
    assert refused("server", "sms", "optout", "add", "12345", "--db", db).startswith("hallclient: 手机号无效")
    status = cli("server", "sms", "status", "--db", db)
    assert status.returncode == 0 and status.stdout.startswith("状态：待发 0，发送中 0，已发 0")
    run = cli("server", "sms", "run", "--once", "--gateway", f"file:{tmp_path / 'out.jsonl'}", "--db", db)
    assert run.returncode == 0 and run.stdout.startswith("新收通知 0 条；已发 0")
