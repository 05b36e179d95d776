"""The lookup client against a local HTTP stub: it degrades to a typed answer, never raises, never lets a
wrong answer tick a material (the marking goes through services.certificates.match, as the intake screen's)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from hallclient.config import Settings
from hallclient.domain.catalog import Material, MaterialForm, Matter, MatterKind
from hallclient.services.certificates import lookup_request, match
from hallclient.sync.certificates import Found, Offline, Refused, lookup_with, open_client
from queue_helpers import free_port

HOLDER = "11010519491231002X"
TODAY = date(2026, 3, 2)
MATTER = Matter(
    code="XK0009",
    name="户口迁入",
    department_code="HJ",
    kind=MatterKind.PROMISED,
    statutory_days=20,
    promised_days=5,
    materials=(
        Material("H1", "居民户口簿", MaterialForm.ORIGINAL, 1, certificate_kinds=("HKB",)),
        Material("H2", "结婚证", MaterialForm.ORIGINAL_AND_COPY, 1, certificate_kinds=("JHZ",)),
        Material("H3", "申请表", MaterialForm.ORIGINAL, 1),
    ),
)


def certificate(number: str, kind: str = "HKB", valid_to: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "kind_name": "居民户口簿", "number": number, "issuer": "某某派出所",
            "valid_from": "2020-01-01", "valid_to": valid_to, "source": "library", **extra}  # fmt: skip


Answer = Callable[[dict[str, Any]], tuple[int, bytes, float]]


class Stub:
    """A local HTTP server whose answer to the lookup the test sets (status, body, delay in seconds)."""

    def __init__(self) -> None:
        self.answer: Answer = lambda _body: (200, b"{}", 0.0)
        self.requests: list[dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append({"path": self.path, "auth": self.headers["Authorization"], "body": body})
                status, content, delay = stub.answer(body)
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                except OSError:  # the client gave up waiting
                    pass

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def json(self, status: int, data: object, delay: float = 0.0) -> None:
        self.answer = lambda _body: (status, json.dumps(data).encode(), delay)


@pytest.fixture(scope="module")
def stub() -> Iterator[Stub]:
    server = Stub()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def ask(url: str) -> Found | Offline | Refused:
    client = open_client(Settings(server_url=url, device_token="tok"))
    assert not isinstance(client, Offline)
    try:
        return client.lookup(lookup_request(HOLDER, "张三", ["XK0009"], "intake", "u1"))
    finally:
        client.close()


def test_found_sends_the_device_token_and_the_holder_and_returns_typed_certificates(stub: Stub) -> None:
    stub.json(200, {"lookup_id": "L1", "provincial_answered": False,
                    "certificates": [certificate("HKB-1"), certificate("JHZ-9", "JHZ", "2030-01-01")]})  # fmt: skip
    outcome = ask(stub.url)
    assert isinstance(outcome, Found)
    assert outcome.lookup_id == "L1" and outcome.provincial_answered is False
    assert [(c.number, c.holder_id_number, c.valid_to) for c in outcome.certificates] == [
        ("HKB-1", HOLDER, None),
        ("JHZ-9", HOLDER, date(2030, 1, 1)),
    ]
    sent = stub.requests[-1]
    assert sent["path"] == "/v1/certificates/lookup" and sent["auth"] == "Bearer tok"
    assert sent["body"] == {"holder_id_number": HOLDER, "holder_name": "张三", "matter_codes": ["XK0009"],
                            "purpose": "intake", "clerk_id": "u1"}  # fmt: skip
    matching = match(MATTER, outcome.certificates, HOLDER, TODAY)
    assert [(code, c.number) for code, c in matching.uses] == [("H1", "HKB-1"), ("H2", "JHZ-9")]


def test_a_refusal_carries_the_servers_chinese_detail(stub: Stub) -> None:
    stub.json(403, {"detail": "设备已停用"})
    assert ask(stub.url) == Refused(403, "设备已停用")


@pytest.mark.parametrize(
    "answer",
    [
        (200, b"<html>proxy</html>", 0.0),  # not JSON
        (200, b'{"lookup_id": "L", "certificates": "many"}', 0.0),  # not the protocol
        (
            200,
            json.dumps(
                {"lookup_id": "L", "provincial_answered": True, "certificates": [certificate("X", valid_to="soon")]}
            ).encode(),
            0.0,
        ),
        (502, b"bad gateway", 0.0),
        (200, b"{}", 2.0),  # slower than the lookup's budget
    ],
    ids=["html", "shape", "bad-day", "5xx", "slow"],
)
def test_garbage_errors_and_slowness_come_back_offline_within_the_budget(
    stub: Stub, answer: tuple[int, bytes, float]
) -> None:
    stub.answer = lambda _body: answer
    started = time.monotonic()
    outcome = ask(stub.url)
    assert isinstance(outcome, Offline), outcome
    assert time.monotonic() - started < 1.8


def test_no_server_not_enrolled_and_nobody_listening_are_offline() -> None:
    assert isinstance(open_client(Settings()), Offline)
    assert "未登记" in open_client(Settings(server_url="http://127.0.0.1:1")).reason  # type: ignore[union-attr]
    outcome = ask(f"http://127.0.0.1:{free_port()}")
    assert isinstance(outcome, Offline) and "无法连接服务器" in outcome.reason
    request = lookup_request(HOLDER, "张三", ["XK0009"], "intake")
    assert isinstance(lookup_with(Settings(), request), Offline)


def test_an_answer_about_another_holder_or_an_expired_or_unfit_certificate_ticks_nothing(stub: Stub) -> None:
    stub.json(200, {"lookup_id": "L2", "provincial_answered": True, "certificates": [
        certificate("HKB-OTHER", holder_id_number="110105194912310037"),
        certificate("JHZ-OLD", "JHZ", "2025-12-31"),
        certificate("YYZZ-1", "YYZZ"),
    ]})  # fmt: skip
    outcome = ask(stub.url)
    assert isinstance(outcome, Found)
    matching = match(MATTER, outcome.certificates, HOLDER, TODAY)
    assert matching.uses == ()
    assert matching.reasons == (
        "证照 HKB-OTHER 不属于申请人",
        "证照 JHZ-OLD 已于 2025-12-31 过期",
        "证照 YYZZ-1 的类型不能代替本事项的任何材料（未使用）",
    )
