"""The queue from the command line, end to end: ``hallclient server queue ...`` on the server database, then
``hallclient queue ticket|call|finish|status`` from an enrolled window against the real server process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_server_process import free_port, serving

from hallclient.services.context import Services

OLD = "11010519491231002X"


def test_queue_administration_and_calling_from_the_cli(tmp_path: Path, services: Services) -> None:
    env = {**os.environ, "HALLCLIENT_CONFIG": str(tmp_path / "config.toml")}
    server_url = f"sqlite:///{tmp_path / 'server.sqlite3'}"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "hallclient", *args], capture_output=True, text=True, env=env,
                              timeout=60)  # fmt: skip

    def ok(*args: str) -> str:
        result = cli(*args)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def refused(*args: str) -> str:
        result = cli(*args)
        assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        return result.stderr

    not_enrolled = refused("queue", "status")
    assert "本机尚未登记到中心服务器" in not_enrolled
    ok("server", "queue", "hall", "set", "main", "--name", "市民中心", "--rule", "max_recalls=1", "--db", server_url)
    assert "未知的规则：speed" in refused("server", "queue", "hall", "set", "main", "--rule", "speed=3", "--db",
                                      server_url)  # fmt: skip
    saved = ok("server", "queue", "category", "set", "A", "--name", "企业开办", "--window", "05=1",
               "--slot", "09:00-10:00=6", "--matter", "XK0001", "--db", server_url)  # fmt: skip
    assert "服务窗口：05（优先级 1）" in saved
    ok("server", "queue", "category", "set", "C", "--name", "不动产", "--window", "05=2", "--db", server_url)
    ok("server", "queue", "category", "close", "C", "--db", server_url)
    assert "应写作 09:00-10:00" in refused("server", "queue", "category", "set", "B", "--name", "社保",
                                           "--slot", "9-10=3", "--db", server_url)  # fmt: skip
    assert "无效" in refused("server", "queue", "category", "set", "b1", "--name", "社保", "--db", server_url)
    listing = ok("server", "queue", "category", "list", "--db", server_url)
    assert "main\tA\t企业开办\t开放\t窗口 05=1\t时段 09:00-10:00=6" in listing and "C\t不动产\t暂停" in listing
    key = ok("server", "queue", "appointment", "key-add", "--label", "小程序", "--db", server_url)
    assert "X-Api-Key" in key
    assert "无预约" in ok("server", "queue", "appointment", "list", "--day", "2026-12-02", "--db", server_url)

    added = ok("server", "device", "add", "--window", "05", "--db", server_url)
    code = added.split("只显示这一次）：")[1].split()[0]
    port = free_port()
    with serving(server_url, port):
        ok("enroll", "--server", f"http://127.0.0.1:{port}", "--code", code, "--db", str(services.store.path))
        issued = ok("queue", "ticket", "--category", "A", "--id-number", OLD, "--name", "王小芳").splitlines()
        assert issued[0] == "A001" and "前面还有 0 人，绿色通道（60 周岁以上）" in issued[1]
        assert "已暂停取号" in refused("queue", "ticket", "--category", "C")
        assert "没有业务类别「Z」" in refused("queue", "ticket", "--category", "Z")
        assert "参数无效" in refused("queue", "ticket", "--category", "A", "--id-number", "123")
        assert "不能为 06 号窗口叫号" in refused("queue", "call", "--window", "06")
        called = ok("queue", "call", "--window", "05").splitlines()
        assert called[0] == "A001" and "请 A001 号到 05 号窗口办理（企业开办 王小芳）" in called[1]
        assert "请先办结、过号或挂起 A001 号" in refused("queue", "call")
        status = ok("queue", "status")
        assert "05 号窗口：当前 A001" in status and "A 企业开办：等候 0 人" in status
        assert "办件编号「XK 1」无效" in refused("queue", "finish", "--case-no", "XK-2026-1", "--case-no", "XK 1")
        assert "当前 A001" in ok("queue", "status")  # a bad number refused before anything was sent
        finished = ok("queue", "finish", "--case-no", "XK-2026-1", "--case-no", "XK-2026-2")
        assert "A001 号已办结，关联办件 XK-2026-1、XK-2026-2" in finished
        nobody = cli("queue", "call")
        assert (nobody.returncode, nobody.stdout.strip()) == (3, "没有等候的号")
        slip = tmp_path / "slip.bin"
        assert ok("queue", "ticket", "--category", "A", "--printer", f"file:{slip}").splitlines()[0] == "A002"
        data = slip.read_bytes()
        assert b"A002" in data and "企业开办".encode("gb18030") in data and b"/display/main" in data
        broken = cli("queue", "ticket", "--category", "A", "--printer", f"tcp://127.0.0.1:{free_port()}")
        assert broken.returncode == 3 and "已取号 A003，但号票打印失败" in broken.stderr
    offline = refused("queue", "call")
    assert "无法连接服务器" in offline
