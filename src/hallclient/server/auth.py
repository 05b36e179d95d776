"""Authentication dependencies: every endpoint needs a device token; supervisor endpoints add a user role.

Device: ``Authorization: Bearer <device token>`` (from enrolment; 401 when missing or unknown, 403 when
the device was revoked). User: ``X-User-Token`` from ``POST /v1/login`` on that same device (401 when
missing or expired, 403 when the role is too low).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple, cast

from fastapi import Depends, Header, HTTPException, Request
from sqlalchemy import Connection, Table, bindparam, select, update

from hallclient.protocol.credentials import digest
from hallclient.server.access_log import note_device
from hallclient.server.clock import utcnow
from hallclient.server.db import Database, Prebuilt
from hallclient.server.models import Device, ServerUser, UserSession

ROLE_RANK = {"clerk": 1, "supervisor": 2, "admin": 3}
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


async def database(request: Request) -> Database:
    """``async`` only so FastAPI runs it in the event loop: a sync dependency costs a worker-thread hop."""
    db: Database = request.app.state.db
    return db


@dataclass(frozen=True)
class CallingDevice:
    id: str  # server row id
    client_device_id: str
    window: str
    token_digest: str  # SHA-256 of the device token: the key of its offline credentials derives from it
    site_code: str = ""  # the site the device is placed at (what its uploads count for)


@dataclass(frozen=True)
class CallingUser:
    device: CallingDevice
    user_id: str
    username: str
    role: str


def bearer(authorization: str | None) -> str:
    if not authorization:
        raise HTTPException(401, "缺少设备令牌（Authorization: Bearer ...）", headers={"WWW-Authenticate": "Bearer"})
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "Authorization 请求头应为 'Bearer <设备令牌>'", headers={"WWW-Authenticate": "Bearer"})
    return token.strip()


DEVICES = cast(Table, Device.__table__)


_COLUMNS = (DEVICES.c.id, DEVICES.c.client_device_id, DEVICES.c.window, DEVICES.c.revoked_at,
            DEVICES.c.last_seen_at, DEVICES.c.code_hash, DEVICES.c.site_code)  # fmt: skip


class _Found(NamedTuple):
    """One row of ``_BY_TOKEN``, in its column order."""

    id: str
    client_device_id: str | None
    window: str
    revoked_at: datetime | None
    last_seen_at: datetime | None
    code_hash: str | None
    site_code: str


_BY_TOKEN = Prebuilt(lambda _dialect: select(*_COLUMNS).where(DEVICES.c.token_hash == bindparam("token_hash")))
_CONFIRM = Prebuilt(lambda _dialect: update(DEVICES).where(DEVICES.c.id == bindparam("row_id")).values(
    code_hash=None, code_expires_at=None, last_seen_at=bindparam("now")))  # fmt: skip
_SEEN = Prebuilt(
    lambda _dialect: update(DEVICES).where(DEVICES.c.id == bindparam("row_id")).values(last_seen_at=bindparam("now"))
)


def authenticate(connection: Connection, token: str) -> CallingDevice:
    """The enrolled, unrevoked device behind ``token``, read from the database on every call (so a
    revocation takes effect at once); confirms a new enrolment and notes when the device was last seen
    (once a minute) on ``connection``, whose transaction the caller commits."""
    token_digest = digest(token)
    found = _BY_TOKEN.fetch(connection, {"token_hash": token_digest})
    device = _Found(*found[0]) if found else None
    if device is None:
        raise HTTPException(401, "设备令牌无效", headers={"WWW-Authenticate": "Bearer"})
    if device.revoked_at is not None:
        raise HTTPException(403, "设备令牌已吊销，请重新登记本机")
    assert device.client_device_id is not None
    note_device(device.client_device_id)  # the access log's device field
    now = utcnow()
    if device.code_hash is not None:
        # The first call with a new token confirms the enrolment: only now is the one-time code spent.
        _CONFIRM.run(connection, {"row_id": device.id, "now": now})
    elif device.last_seen_at is None or now - device.last_seen_at > LAST_SEEN_RESOLUTION:
        _SEEN.run(connection, {"row_id": device.id, "now": now})
    return CallingDevice(id=device.id, client_device_id=device.client_device_id, window=device.window,
                         token_digest=token_digest, site_code=device.site_code)  # fmt: skip


def calling_device(authorization: str | None = Header(default=None), db: Database = Depends(database)) -> CallingDevice:
    """The device behind the bearer token (:func:`authenticate`) with one autocommit connection: no
    transaction round trips.

    Handlers open their own transaction and commit it *before* answering, so an answer the client
    receives always describes committed data.
    """
    token = bearer(authorization)
    with db.autocommit() as connection:
        return authenticate(connection, token)


def require_role(minimum: str) -> Callable[..., CallingUser]:
    """A dependency for endpoints that need a logged-in user of at least ``minimum`` role."""

    def dependency(
        x_user_token: str | None = Header(default=None),
        device: CallingDevice = Depends(calling_device),
        db: Database = Depends(database),
    ) -> CallingUser:
        if not x_user_token:
            raise HTTPException(401, f"此操作需要 {minimum} 角色的用户登录（X-User-Token）")
        user = _session_user(x_user_token, device, db)
        if ROLE_RANK.get(user.role, 0) < ROLE_RANK[minimum]:
            raise HTTPException(403, f"角色 {user.role} 无权执行此操作（至少需要 {minimum}）")
        return user

    return dependency


def optional_user(
    x_user_token: str | None = Header(default=None),
    device: CallingDevice = Depends(calling_device),
    db: Database = Depends(database),
) -> CallingUser | None:
    """The logged-in user when an X-User-Token is sent (401 if it is not valid), else None."""
    return _session_user(x_user_token, device, db) if x_user_token else None


def _session_user(token: str, device: CallingDevice, db: Database) -> CallingUser:
    with db.session() as active:
        login = active.get(UserSession, digest(token))
        if login is None or login.expires_at < utcnow() or login.device_id != device.id:
            raise HTTPException(401, "用户登录已失效或不存在，请重新登录")
        user = active.get(ServerUser, login.user_id)
        if user is None or not user.active:
            raise HTTPException(401, "用户已停用")
        return CallingUser(device=device, user_id=user.id, username=user.username, role=user.role)


def outranks(user: CallingUser | None, minimum: str) -> bool:
    return user is not None and ROLE_RANK.get(user.role, 0) >= ROLE_RANK[minimum]
