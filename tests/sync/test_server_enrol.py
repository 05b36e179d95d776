"""Enrolment is two-phase: a one-time code stays usable by the same client until its token is first
used, so a token lost before it was stored (disk full) is never a burnt code."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sync_helpers import TestClient

from hallclient import config
from hallclient.cli import main
from hallclient.server import admin
from hallclient.server.db import Database
from hallclient.services.context import Services
from hallclient.services.users import authenticate
from hallclient.sync import transport
from hallclient.sync.engine import Syncer
from hallclient.sync.transport import SyncClient


def test_code_stays_usable_until_the_token_is_first_used(app: FastAPI, services: Services) -> None:
    row, code = admin.add_device(app.state.db, "05")
    plain = TestClient(app)
    request = {"code": code, "device_id": services.device_id}
    lost = plain.post("/v1/enroll", json=request).json()["token"]
    assert [d.state for d in admin.list_devices(app.state.db) if d.id == row] == ["unconfirmed"]
    again = plain.post("/v1/enroll", json=request)
    assert again.status_code == 200
    token = again.json()["token"]
    stranger = plain.post("/v1/enroll", json={"code": code, "device_id": "another-client"})
    assert (
        stranger.status_code == 409 and stranger.json()["detail"] == "登记码已被另一台电脑使用，请向 IT 索取新的登记码"
    )
    assert TestClient(app, headers={"Authorization": f"Bearer {lost}"}).get("/v1/ping").status_code == 401
    assert TestClient(app, headers={"Authorization": f"Bearer {token}"}).get("/v1/ping").status_code == 200
    assert [d.state for d in admin.list_devices(app.state.db) if d.id == row] == ["enrolled"]
    spent = plain.post("/v1/enroll", json=request)
    assert (spent.status_code, spent.json()["detail"]) == (401, "登记码无效或已被使用")


def test_a_client_holding_an_unconfirmed_token_may_take_a_new_code(app: FastAPI, services: Services) -> None:
    _first, code = admin.add_device(app.state.db, "05")
    _second, fresh = admin.add_device(app.state.db, "05")
    plain = TestClient(app)
    plain.post("/v1/enroll", json={"code": code, "device_id": services.device_id})
    retried = plain.post("/v1/enroll", json={"code": fresh, "device_id": services.device_id})
    assert retried.status_code == 200
    token = retried.json()["token"]
    assert TestClient(app, headers={"Authorization": f"Bearer {token}"}).get("/v1/ping").status_code == 200
    fresh_again = plain.post("/v1/enroll", json={"code": fresh, "device_id": "another-client"})
    assert fresh_again.status_code == 401


@pytest.fixture
def http_to(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """``hallclient enroll`` talks to the real ASGI app in-process instead of over a socket."""

    def make_http(server_url: str, ca_file: str = "", token: str = "") -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return TestClient(app, base_url=server_url, headers=headers)

    monkeypatch.setattr(transport, "make_http", make_http)


@pytest.mark.usefixtures("http_to")
def test_enroll_cli_with_an_unwritable_config_can_enrol_again_with_the_same_code(
    app: FastAPI, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], server_db: Database,
) -> None:  # fmt: skip
    _row, code = admin.add_device(server_db, "05")
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the config directory should be")
    monkeypatch.setenv("HALLCLIENT_CONFIG", str(blocker / "config.toml"))
    args: list[Any] = ["enroll", "--server", "http://hall.test", "--code", code, "--db", str(services.store.path)]
    assert main(args) != 0
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "同一登记码再次登记" in error and "Traceback" not in error
    target = tmp_path / "config.toml"
    monkeypatch.setenv("HALLCLIENT_CONFIG", str(target))
    assert main(args) == 0, capsys.readouterr().err
    assert "已登记：窗口 05" in capsys.readouterr().out
    token = config.load(target).device_token
    assert TestClient(app, headers={"Authorization": f"Bearer {token}"}).get("/v1/ping").status_code == 200
    assert [d.state for d in admin.list_devices(server_db)] == ["enrolled"]  # confirmed by the CLI's ping
    assert main(args) != 0  # the code is spent now
    assert capsys.readouterr().err == "hallclient: 服务器拒绝（HTTP 401）：登记码无效或已被使用\n"


@pytest.mark.usefixtures("http_to")
def test_after_enrolling_again_clerks_sign_in_with_credentials_for_the_new_token(
    app: FastAPI, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server_db: Database
) -> None:
    monkeypatch.setenv("HALLCLIENT_CONFIG", str(tmp_path / "config.toml"))
    admin.add_user(server_db, "li", "李四", "clerk", "secret123")

    def enrol_and_sync() -> Services:
        row, code = admin.add_device(server_db, "05")
        assert main(["enroll", "--server", "http://hall.test", "--code", code, "--db", str(services.store.path)]) == 0
        token = config.load().device_token
        syncer = Syncer(services.store, SyncClient(transport.make_http("http://hall.test", token=token)))
        syncer.run_once()
        admin.revoke_device(server_db, row)  # e.g. the PC was reinstalled: IT revokes and enrols it again
        return replace(services, settings=services.settings._replace(device_token=token))

    assert authenticate(enrol_and_sync(), "li", "secret123").username == "li"
    assert authenticate(enrol_and_sync(), "li", "secret123").username == "li"


@pytest.mark.usefixtures("http_to")
def test_enrolling_sets_the_window_the_server_registered(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], server_db: Database,
) -> None:  # fmt: skip
    """A PC configured as 05 but enrolled for 07 would print 05 on slips and case numbers: the server's window wins."""
    target = tmp_path / "config.toml"
    monkeypatch.setenv("HALLCLIENT_CONFIG", str(target))
    assert config.load(target).window == "05"
    _row, code = admin.add_device(server_db, "07")
    assert main(["enroll", "--server", "http://hall.test", "--code", code, "--db", str(services.store.path)]) == 0
    assert config.load(target).window == "07"
    assert "本机窗口号由 05 改为服务器登记的 07" in capsys.readouterr().out
