"""The HTTP JSON gateway against a real local HTTP server: the request template, the success rule, the refusals."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from hallclient.errors import HallError
from hallclient.server.sms.gateway import GatewayError
from hallclient.server.sms.uri import gateway_for


class Platform(ThreadingHTTPServer):
    """Answers each POST with the next scripted (status, body); records what it received."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.received: list[tuple[dict[str, str], Any]] = []
        self.script: list[tuple[int, dict[str, Any]]] = []


class Handler(BaseHTTPRequestHandler):
    server: Platform

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.received.append((dict(self.headers), body))
        status, answer = self.server.script.pop(0) if self.server.script else (200, {"code": "OK", "msgId": "P1"})
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def platform() -> Iterator[Platform]:
    server = Platform()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def config(tmp_path: Path, url: str) -> str:
    path = tmp_path / "gateway.toml"
    path.write_text(
        f'url = "{url}"\ntimeout = 5\n[headers]\nX-Api-Key = "k-123"\n'
        '[body]\nmobile = "{phone}"\ncontent = "{text}"\nouterId = "{id}"\nsign = "固定"\n'
        '[success]\nstatus = 200\nfield = "code"\nequals = "OK"\nid_field = "msgId"\n',
        encoding="utf-8",
    )
    return f"http+json:{path}"


def test_the_request_follows_the_template_and_the_platform_id_is_kept(platform: Platform, tmp_path: Path) -> None:
    gateway = gateway_for(config(tmp_path, f"http://127.0.0.1:{platform.server_port}/send"))
    submitted = gateway.send("13800000000", "【西湖区政务服务中心】您好", "notice-1")
    gateway.close()
    headers, body = platform.received[0]
    assert headers["X-Api-Key"] == "k-123"
    assert body == {
        "mobile": "13800000000",
        "content": "【西湖区政务服务中心】您好",
        "outerId": "notice-1",
        "sign": "固定",
    }
    assert (submitted.message_id, submitted.parts) == ("P1", 1)


@pytest.mark.parametrize(
    ("status", "answer", "permanent", "reason"),
    [
        (200, {"code": "BLACKLIST"}, True, "短信网关拒绝：code='BLACKLIST'"),
        (400, {}, True, "短信网关拒绝（HTTP 400）"),
        (503, {}, False, "短信网关拒绝（HTTP 503）"),
        (429, {}, False, "短信网关拒绝（HTTP 429）"),
    ],
)
def test_refusals_say_why_and_whether_to_retry(
    platform: Platform, tmp_path: Path, status: int, answer: dict[str, Any], permanent: bool, reason: str
) -> None:
    platform.script.append((status, answer))
    gateway = gateway_for(config(tmp_path, f"http://127.0.0.1:{platform.server_port}/send"))
    with pytest.raises(GatewayError) as raised:
        gateway.send("13800000000", "【中心】x", "n")
    gateway.close()
    assert (str(raised.value), raised.value.permanent, raised.value.gateway_down) == (reason, permanent, False)


def test_an_unreachable_platform_keeps_the_message_waiting(tmp_path: Path) -> None:
    gateway = gateway_for(config(tmp_path, "http://127.0.0.1:9/send"))
    with pytest.raises(GatewayError) as raised:
        gateway.send("13800000000", "【中心】x", "n")
    gateway.close()
    assert raised.value.gateway_down and str(raised.value) == "无法连接短信网关 http://127.0.0.1:9/send"


def test_bad_gateway_uris_and_files_are_one_line_reasons(tmp_path: Path) -> None:
    with pytest.raises(HallError, match=r"^短信网关地址无效：smpp2://a:\*\*\*@h（应为"):
        gateway_for("smpp2://a:secret@h")
    with pytest.raises(HallError, match=r"^短信网关配置文件不存在"):
        gateway_for(f"http+json:{tmp_path / 'none.toml'}")
    (tmp_path / "bad.toml").write_text('url = "ftp://x"\n', encoding="utf-8")
    with pytest.raises(HallError, match=r"^短信网关配置须有 url"):
        gateway_for(f"http+json:{tmp_path / 'bad.toml'}")
