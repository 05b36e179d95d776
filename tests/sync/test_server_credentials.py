"""Devices receive only what offline sign-in there needs: clerks' and supervisors' credentials bound to
that device, never a password hash of the server, never an administrator's credential."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sync_helpers import Enrolled, enrol

from hallclient.cli import main
from hallclient.config import Settings
from hallclient.errors import HallError
from hallclient.protocol.accounts import hash_password
from hallclient.protocol.credentials import bind, key_from_token, verify
from hallclient.protocol.wire import Change, ChangesPage, UserOut
from hallclient.server import admin
from hallclient.server.db import Database
from hallclient.server.models import ServerUser
from hallclient.services.context import Services
from hallclient.services.users import add_user, authenticate
from hallclient.store.bootstrap import device_id, open_store, set_meta
from hallclient.store.models import User
from hallclient.sync import downloader


def _server_hashes(db: Database) -> dict[str, str]:
    with db.session() as session:
        return {user.username: user.password_hash for user in session.scalars(select(ServerUser))}


def _hall_users(db: Database) -> dict[str, str]:
    admin.add_user(db, "li", "李四", "clerk", "secret123")
    admin.add_user(db, "zhao", "赵敏", "supervisor", "secret456")
    admin.add_user(db, "root", "管理员", "admin", "rootpass1")
    return _server_hashes(db)


def test_snapshot_and_feed_hold_device_bound_credentials_and_no_administrator(
    app: FastAPI, services: Services, server_db: Database, tmp_path: Path
) -> None:
    hashes = _hall_users(server_db)
    other_store = open_store(tmp_path / "other.sqlite3")
    first, second = enrol(app, services, "01"), enrol(app, Services(other_store, Settings(), device_id(other_store)))
    other_store.close()
    for link in (first, second):
        for answer in (link.http.get("/v1/snapshot"), link.http.get("/v1/changes", params={"after": 0})):
            assert answer.status_code == 200
            assert not any(value in answer.text for value in hashes.values())  # no server hash, in any field
    snapshot = {user["username"]: user for user in first.http.get("/v1/snapshot").json()["users"]}
    changes = first.http.get("/v1/changes").json()["changes"]
    feed = {c["data"]["username"]: c["data"] for c in changes if c["kind"] == "user"}
    assert snapshot == feed
    assert (snapshot["root"]["password_hash"], snapshot["root"]["active"]) == ("", False)
    mine, theirs = key_from_token(first.token), key_from_token(second.token)
    for name, password in (("li", "secret123"), ("zhao", "secret456")):
        credential = snapshot[name]["password_hash"]
        assert verify(credential, password, mine)
        assert not verify(credential, password, theirs)  # taken from this PC, useless on another one
        assert not verify(credential, "wrong-one", mine)
    other_view = {u["username"]: u for u in second.http.get("/v1/snapshot").json()["users"]}
    assert other_view["li"]["password_hash"] != snapshot["li"]["password_hash"]


@pytest.mark.logs_expected("hallclient.sync")
def test_a_client_holding_full_hashes_is_upgraded_and_keeps_its_local_administrator(
    app: FastAPI, services: Services, enrolled: Enrolled, server_db: Database
) -> None:
    hashes = _hall_users(server_db)
    with server_db.session() as session:
        ids = {user.username: user.id for user in session.scalars(select(ServerUser))}
    add_user(services, "boss", "本机管理员", "admin", "localpass1")  # hallclient user add on this PC
    with services.store.write() as session:  # what an earlier version stored: the server's hashes
        session.add(
            User(
                id=ids["li"],
                username="li",
                display_name="李四",
                role="clerk",
                password_hash=hashes["li"],
                active=True,
                updated_at=services.now().replace(tzinfo=None),
            )
        )
        session.add(
            User(
                id="local-root",
                username="root",
                display_name="管理员",
                role="admin",
                password_hash=hashes["root"],
                active=True,
                updated_at=services.now().replace(tzinfo=None),
            )
        )
        set_meta(session, downloader.EPOCH_KEY, "epoch-before-s0003")
        set_meta(session, downloader.VERSION_KEY, "3")
    summary = enrolled.syncer.run_once()
    assert summary.download.refetched
    with services.store.read() as session:
        stored = {user.username: user.password_hash for user in session.scalars(select(User))}
    assert not set(stored.values()) & set(hashes.values())
    at_this_pc = replace(services, settings=services.settings._replace(device_token=enrolled.token))
    assert authenticate(at_this_pc, "li", "secret123").role == "clerk"
    assert authenticate(at_this_pc, "zhao", "secret456").role == "supervisor"
    assert authenticate(at_this_pc, "boss", "localpass1").role == "admin"  # the local account still works
    with pytest.raises(HallError, match="用户名或密码错误"):
        authenticate(at_this_pc, "root", "rootpass1")
    with pytest.raises(HallError, match="用户名或密码错误"):
        authenticate(services, "li", "secret123")  # without this PC's device token the credential is useless


def test_a_password_reset_reaches_the_windows_and_ends_server_sessions(
    services: Services, enrolled: Enrolled, server_db: Database, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin.add_user(server_db, "zhao", "赵敏", "supervisor", "secret456")
    enrolled.syncer.run_once()
    session_token = enrolled.http.post("/v1/login", json={"username": "zhao", "password": "secret456"})
    boss = {"X-User-Token": session_token.json()["user_token"]}
    assert enrolled.http.get("/v1/quarantine", headers=boss).status_code == 200
    monkeypatch.setenv("HALLCLIENT_PASSWORD", "brand-new-1")
    assert main(["server", "user", "passwd", "zhao", "--db", db_url]) == 0
    assert enrolled.http.get("/v1/quarantine", headers=boss).status_code == 401
    enrolled.syncer.run_once()
    at_this_pc = replace(services, settings=services.settings._replace(device_token=enrolled.token))
    assert authenticate(at_this_pc, "zhao", "brand-new-1").username == "zhao"
    with pytest.raises(HallError, match="用户名或密码错误"):
        authenticate(at_this_pc, "zhao", "secret456")
    monkeypatch.setenv("HALLCLIENT_PASSWORD", "short")
    assert main(["server", "user", "passwd", "zhao", "--db", db_url]) != 0
    assert main(["server", "user", "passwd", "nobody", "--db", db_url]) != 0


def test_a_withdrawn_user_loses_only_credentials_that_came_from_the_server(services: Services) -> None:
    server_hash = hash_password("secret123")
    now = services.now().replace(tzinfo=None)
    with services.store.write() as session:  # "li" was matched by name onto a local id and got a bound credential
        session.add(User(id="local-li", username="li", display_name="李四", role="clerk", active=True,
                         password_hash=bind(server_hash, key_from_token("token")), updated_at=now))  # fmt: skip
    add_user(services, "wang", "王五", "admin", "own-pass1")  # a local account that shares a name on the server

    def withdrawn(name: str) -> Change:
        data = UserOut(id=f"server-{name}", username=name, display_name=name, role="admin", password_hash="",
                       active=False, revokes=hashlib.sha256(server_hash.encode()).hexdigest())  # fmt: skip
        return Change(version=1, kind="user", key=name, data=data.model_dump())

    page = ChangesPage(epoch="e", changes=[withdrawn("li"), withdrawn("wang")], next_after=1, head=1, more=False)
    downloader.apply_page(services.store, page, now)
    with services.store.read() as session:
        rows = {user.username: (user.password_hash, user.active) for user in session.scalars(select(User))}
    assert rows["li"] == ("", False)
    assert authenticate(services, "wang", "own-pass1").role == "admin"


def test_tokens_never_begin_with_a_dash_so_a_command_line_takes_them_as_values() -> None:
    from hallclient.server.security import new_token

    tokens = [new_token() for _ in range(2000)]  # a URL-safe base64 token began with "-" about once in 64
    assert not any(token.startswith("-") for token in tokens) and len(set(tokens)) == len(tokens)
