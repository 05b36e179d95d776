"""``hallclient selftest``: a good install passes; every broken part is named on its own line with exit 1."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pkg_helpers import parse_rows

from hallclient.cli import main
from hallclient.devices.idcard.simulator import Latencies, ReaderSimulator
from hallclient.selftest import QM_MAGIC, qm_problem

Rows = dict[str, tuple[str, str]]


def selftest(capsys: pytest.CaptureFixture[str], db: Path) -> tuple[int, Rows, str]:
    code = main(["selftest", "--db", str(db)])
    out, err = capsys.readouterr()
    return code, parse_rows(out), err


def failures(rows: Rows) -> dict[str, str]:
    return {name: detail for name, (status, detail) in rows.items() if status == "FAIL"}


def test_good_demo_store_passes(capsys: pytest.CaptureFixture[str], demo_db: Path, write_config: Any) -> None:
    code, rows, err = selftest(capsys, demo_db)
    assert code == 0, rows
    assert err == ""
    for name in (
        "config",
        "logs",
        "database.integrity",
        "database.schema",
        "database.events",
        "font.primary",
        "font.fallback",
        "font.rare",
        "translation.en",
    ):
        assert rows[name][0] == "OK", (name, rows[name])
    assert "事件哈希链完整（1 台设备" in rows["database.events"][1]
    assert {rows[name][0] for name in ("reader", "printer", "server")} == {"SKIP"}
    # The demo seeds cases up to today: the rows depend on the date, but are always there and never FAIL.
    assert rows["calendar"][0] in ("OK", "WARN") and "覆盖 2020–" in rows["calendar"][1]
    assert rows["calendar.provisional"][0] in ("OK", "WARN")


def test_missing_fonts_are_each_named(
    capsys: pytest.CaptureFixture[str], demo_db: Path, write_config: Any, resources_without: Callable[..., Path]
) -> None:
    resources = resources_without("fonts")
    code, rows, err = selftest(capsys, demo_db)
    assert code == 1
    assert failures(rows) == {
        "font.primary": f"随附字体缺失：{resources / 'fonts' / 'wqy-microhei.ttc'}",
        "font.fallback": f"随附字体缺失：{resources / 'fonts' / 'DroidSansFallbackFull.ttf'}",
        "font.rare": f"随附字体缺失：{resources / 'fonts' / 'HanaMinB-ExtB-F.ttf'}",
    }
    assert err.strip() == "selftest: 3 项失败：font.primary, font.fallback, font.rare"


def test_font_file_that_is_not_the_bundled_font_fails(
    capsys: pytest.CaptureFixture[str], demo_db: Path, write_config: Any, resources_without: Callable[..., Path]
) -> None:
    resources_without(replace={"fonts/DroidSansFallbackFull.ttf": b"not a font"})
    code, rows, _ = selftest(capsys, demo_db)
    assert code == 1
    assert list(failures(rows)) == ["font.fallback"]
    assert "字体文件无法读取" in rows["font.fallback"][1]


def test_wrong_font_in_place_of_the_extension_b_f_font_is_named(
    capsys: pytest.CaptureFixture[str], demo_db: Path, write_config: Any, resources_without: Callable[..., Path]
) -> None:
    fallback = (Path(__file__).resolve().parents[2] / "resources" / "fonts" / "DroidSansFallbackFull.ttf").read_bytes()
    resources_without(replace={"fonts/HanaMinB-ExtB-F.ttf": fallback})  # no CJK Extension B in Droid
    code, rows, _ = selftest(capsys, demo_db)
    assert code == 1
    assert failures(rows) == {"font.rare": "字体 HanaMinB-ExtB-F.ttf 缺少字形“𠮷”，可能不是随附的字体文件"}


def test_missing_translation_is_named(
    capsys: pytest.CaptureFixture[str], demo_db: Path, write_config: Any, resources_without: Callable[..., Path]
) -> None:
    resources = resources_without("translations/hallclient_en.qm")
    code, rows, _ = selftest(capsys, demo_db)
    assert code == 1
    assert failures(rows) == {
        "translation.en": f"翻译文件缺失：{resources / 'translations' / 'hallclient_en.qm'}（界面将只能显示中文）"
    }


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<?xml version='1.0'?><TS/>", "文件头不是 Qt 翻译文件"),  # a .ts renamed to .qm
        (QM_MAGIC + bytes([0x69, 0, 0, 0, 40]) + b"x" * 10, "翻译文件被截断"),
        (QM_MAGIC + bytes([0x13, 0, 0, 0, 0]), "未知数据块 0x13"),
    ],
)
def test_damaged_translation_is_named(
    capsys: pytest.CaptureFixture[str],
    demo_db: Path,
    write_config: Any,
    resources_without: Callable[..., Path],
    data: bytes,
    reason: str,
) -> None:
    resources_without(replace={"translations/hallclient_en.qm": data})
    code, rows, _ = selftest(capsys, demo_db)
    assert code == 1
    assert list(failures(rows)) == ["translation.en"]
    assert reason in rows["translation.en"][1]


def test_real_translation_file_is_structurally_valid() -> None:
    qm = Path(__file__).resolve().parents[2] / "resources" / "translations" / "hallclient_en.qm"
    assert qm_problem(qm.read_bytes()) is None
    assert qm_problem(qm.read_bytes()[:-3]) == "翻译文件被截断"


def test_unreadable_config_is_named_and_the_rest_still_runs(
    capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[hall\ncode = ", encoding="utf-8")
    monkeypatch.setenv("HALLCLIENT_CONFIG", str(config))
    code, rows, _ = selftest(capsys, demo_db)
    assert code == 1
    assert list(failures(rows)) == ["config"]
    assert rows["config"][1].startswith(f"配置文件 {config}: TOML 语法错误")
    assert rows["database.events"][0] == "OK"


def test_database_from_a_newer_version_is_refused(
    capsys: pytest.CaptureFixture[str], demo_db: Path, write_config: Any
) -> None:
    with sqlite3.connect(demo_db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    code, rows, _ = selftest(capsys, demo_db)
    assert code == 1
    assert failures(rows) == {"database.schema": f"数据库版本 9999_future 比本程序新，无法使用：{demo_db}"}
    assert rows["database.events"][0] == "SKIP"


def test_tampered_event_breaks_the_chain(capsys: pytest.CaptureFixture[str], demo_db: Path, write_config: Any) -> None:
    with sqlite3.connect(demo_db) as connection:
        connection.execute("UPDATE events SET actor = actor || 'x' WHERE seq = 3")
    code, rows, _ = selftest(capsys, demo_db)
    assert code == 1
    assert list(failures(rows)) == ["database.events"]
    assert rows["database.events"][1].startswith("事件哈希链校验失败")


def test_missing_database_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path, write_config: Any) -> None:
    code, rows, _ = selftest(capsys, tmp_path / "nowhere.sqlite3")
    assert code == 1
    assert list(failures(rows)) == ["database"]
    assert not (tmp_path / "nowhere.sqlite3").exists()  # selftest never creates a database


@pytest.mark.parametrize(
    ("uri", "reason"),
    [("file:/nonexistent-dir/slip.bin", "目录不存在：/nonexistent-dir"), ("tcp://127.0.0.1:1", "打印机离线")],
)
def test_configured_but_absent_printer_is_named(
    capsys: pytest.CaptureFixture[str], demo_db: Path, write_config: Callable[..., Path], uri: str, reason: str
) -> None:
    write_config(printer={"uri": uri})
    code, rows, _ = selftest(capsys, demo_db)
    assert code == 1
    assert list(failures(rows)) == ["printer"]
    assert rows["printer"][1].startswith(f"打印机 {uri}：")
    assert reason in rows["printer"][1]


def test_configured_but_absent_reader_is_named(
    capsys: pytest.CaptureFixture[str], demo_db: Path, write_config: Callable[..., Path]
) -> None:
    write_config(reader={"port": "/dev/nonexistent"})
    code, rows, _ = selftest(capsys, demo_db)
    assert code == 1
    assert list(failures(rows)) == ["reader"]
    assert rows["reader"][1].startswith("身份证阅读器 /dev/nonexistent：")


def test_reader_and_file_printer_that_work_pass(
    capsys: pytest.CaptureFixture[str], demo_db: Path, write_config: Callable[..., Path], tmp_path: Path
) -> None:
    with ReaderSimulator("resident", latencies=Latencies.instant()) as simulator:
        write_config(reader={"port": simulator.port, "baud": 115200}, printer={"uri": f"file:{tmp_path}/slips.bin"})
        code, rows, _ = selftest(capsys, demo_db)
    assert code == 0, rows
    assert rows["reader"][0] == "OK"
    assert "SAM 正常" in rows["reader"][1]
    assert rows["printer"] == ("OK", f"file:{tmp_path}/slips.bin：该连接方式不提供打印机状态")


def test_several_problems_are_all_reported(
    capsys: pytest.CaptureFixture[str],
    demo_db: Path,
    write_config: Callable[..., Path],
    resources_without: Callable[..., Path],
) -> None:
    resources_without("fonts/wqy-microhei.ttc", "translations/hallclient_en.qm")
    write_config(reader={"port": "/dev/nonexistent"}, printer={"uri": "tcp://127.0.0.1:1"})
    code, rows, err = selftest(capsys, demo_db)
    assert code == 1
    assert sorted(failures(rows)) == ["font.primary", "printer", "reader", "translation.en"]
    assert err.strip() == "selftest: 4 项失败：font.primary, translation.en, reader, printer"


class _PingServer:
    """A stand-in for the central server's ``GET /v1/ping`` answering a fixed status and body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status, self.body = status, body
        self.tokens: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.tokens.append(self.headers.get("Authorization", ""))
                data = json.dumps(owner.body).encode()
                self.send_response(owner.status if self.path == "/v1/ping" else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def ping_server() -> Iterator[Callable[[int, dict[str, Any]], _PingServer]]:
    servers: list[_PingServer] = []

    def start(status: int, body: dict[str, Any]) -> _PingServer:
        servers.append(_PingServer(status, body))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def test_server_reachable_with_accepted_token_passes(
    capsys: pytest.CaptureFixture[str], demo_db: Path, write_config: Callable[..., Path], ping_server: Any
) -> None:
    from datetime import UTC, datetime

    server = ping_server(200, {"device_id": "d", "window": "05", "server_time": datetime.now(UTC).isoformat()})
    write_config(server={"url": server.url, "device_token": "tok-123"})
    code, rows, _ = selftest(capsys, demo_db)
    assert code == 0, rows
    assert rows["server"][1].startswith(f"{server.url}：令牌有效，窗口 05")
    assert server.tokens == ["Bearer tok-123"]


def test_server_rejecting_the_token_is_named(
    capsys: pytest.CaptureFixture[str], demo_db: Path, write_config: Callable[..., Path], ping_server: Any
) -> None:
    server = ping_server(401, {"detail": "token revoked"})
    write_config(server={"url": server.url, "device_token": "tok-old"})
    code, rows, _ = selftest(capsys, demo_db)
    assert code == 1
    assert failures(rows) == {"server": "服务器拒绝本机令牌（HTTP 401），请重新登记：hallclient enroll"}


@pytest.mark.parametrize(
    ("server", "reason"),
    [
        ({"url": "http://127.0.0.1:1", "device_token": "t"}, "无法连接服务器 http://127.0.0.1:1"),
        ({"url": "http://127.0.0.1:1"}, "本机尚未登记"),
    ],
)
def test_unreachable_or_unenrolled_server_is_named(
    capsys: pytest.CaptureFixture[str],
    demo_db: Path,
    write_config: Callable[..., Path],
    server: dict[str, str],
    reason: str,
) -> None:
    write_config(server=server)
    code, rows, _ = selftest(capsys, demo_db)
    assert code == 1
    assert list(failures(rows)) == ["server"]
    assert reason in rows["server"][1]


def test_selftest_runs_without_qt(demo_db: Path, tmp_path: Path) -> None:
    """The console exe must diagnose machines where the GUI cannot start, so selftest never loads Qt."""
    code = (
        "import sys\n"
        "from hallclient.cli import main\n"
        f"rc = main(['selftest', '--db', {str(demo_db)!r}])\n"
        "assert 'PySide6' not in sys.modules, 'selftest imported Qt'\n"
        "sys.exit(rc)\n"
    )
    env_config = {"HALLCLIENT_CONFIG": str(tmp_path / "none.toml")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env={**os.environ, **env_config}
    )
    assert done.returncode == 0, done.stderr
    assert "selftest: 全部通过" in done.stdout


def test_wrong_font_in_place_of_the_fallback_is_named(
    capsys: pytest.CaptureFixture[str],
    demo_db: Path,
    write_config: Callable[..., Path],
    resources_without: Callable[..., Path],
) -> None:
    primary = (Path(__file__).resolve().parents[2] / "resources" / "fonts" / "wqy-microhei.ttc").read_bytes()
    resources_without(replace={"fonts/DroidSansFallbackFull.ttf": primary})  # no CJK Extension A in WenQuanYi
    write_config(ui={"font": "/nonexistent/font.ttf"})
    code, rows, _ = selftest(capsys, demo_db)
    assert code == 1
    assert failures(rows) == {
        "font.fallback": "字体 DroidSansFallbackFull.ttf 缺少字形“䶮”，可能不是随附的字体文件",
        "font.configured": "配置的界面字体不存在：/nonexistent/font.ttf（ui.font）",
    }
