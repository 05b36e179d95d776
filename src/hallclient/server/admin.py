"""Administration on the server database (what ``hallclient server ...`` does): devices, users, catalog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from hallclient.catalog import catalog_to_json
from hallclient.domain.catalog import Catalog
from hallclient.domain.events import new_id
from hallclient.domain.sites import ROOT_SITE
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.protocol.accounts import hash_password, validate_new_user
from hallclient.protocol.credentials import digest
from hallclient.server import feed
from hallclient.server.clock import utcnow
from hallclient.server.db import Database
from hallclient.server.models import Device, ServerUser, UserSession
from hallclient.server.security import new_enrolment_code
from hallclient.server.sites import active_site, publish_device_site


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    window: str
    label: str
    state: str  # pending | unconfirmed | enrolled | revoked | expired
    client_device_id: str
    hostname: str
    created_at: datetime
    last_seen_at: datetime | None
    site: str = ROOT_SITE


def add_device(
    db: Database, window: str, label: str = "", ttl: timedelta = timedelta(hours=24), site: str = ROOT_SITE
) -> tuple[str, str]:
    """A pending device for ``window`` at ``site`` (active); returns (device id, one-time enrolment code shown once)."""
    [added] = add_devices(db, [window], label, ttl, site)
    return added


def add_devices(
    db: Database, windows: Sequence[str], label: str = "", ttl: timedelta = timedelta(hours=24), site: str = ROOT_SITE
) -> list[tuple[str, str]]:
    """:func:`add_device` for many windows in one transaction (a hall's or a benchmark's devices at once)."""
    cleaned = [window.strip() for window in windows]
    if not all(cleaned):
        raise HallError("窗口号不能为空")
    now = utcnow()
    added = [(new_id(), new_enrolment_code()) for _window in cleaned]
    with db.session() as session:
        site = active_site(session, site).code
        session.add_all(
            Device(id=device_id, window=window, label=label.strip(), code_hash=digest(code),
                   code_expires_at=now + ttl, created_at=now, site_code=site)
            for (device_id, code), window in zip(added, cleaned, strict=True)
        )  # fmt: skip
    return added


def move_device(db: Database, ident: str, site: str) -> DeviceInfo:
    """Place a device at another (active) site: its uploads count there from now on, its history stays where it
    happened; an enrolled device learns the new site on its next sync."""
    with db.session() as session:
        device = _one_device(session, ident)
        if device.revoked_at is not None:
            raise HallError(f"设备 {device.id} 已吊销")
        device.site_code = active_site(session, site).code
        session.flush()
        publish_device_site(session, device)
        return _info(device, _state(device, utcnow()))


def _one_device(session: Session, ident: str) -> Device:
    """By server device id (or a unique prefix of it) or by client device id."""
    ident = ident.strip()
    if len(ident) < 4:
        raise HallError("设备标识至少 4 个字符")
    rows = session.scalars(
        select(Device).where(or_(Device.id.startswith(ident), Device.client_device_id == ident))
    ).all()
    if not rows:
        raise HallError(f"没有这个设备：{ident}")
    if len(rows) > 1:
        raise HallError(f"标识 {ident} 对应多个设备，请写完整的设备 ID")
    return rows[0]


def _info(row: Device, state: str) -> DeviceInfo:
    return DeviceInfo(row.id, row.window, row.label, state, row.client_device_id or "", row.hostname,
                      row.created_at, row.last_seen_at, row.site_code)  # fmt: skip


def _state(device: Device, now: datetime) -> str:
    if device.revoked_at is not None:
        return "revoked"
    if device.token_hash is not None:
        return "enrolled" if device.code_hash is None else "unconfirmed"  # token issued, never used yet
    if device.code_expires_at is not None and device.code_expires_at < now:
        return "expired"
    return "pending"


def list_devices(db: Database) -> list[DeviceInfo]:
    now = utcnow()
    with db.session() as session:
        return [_info(row, _state(row, now))
                for row in session.scalars(select(Device).order_by(Device.window, Device.created_at))]  # fmt: skip


def revoke_device(db: Database, ident: str) -> DeviceInfo:
    """Revoke by server device id (or a unique prefix of it) or by client device id; the token stops working."""
    with db.session() as session:
        device = _one_device(session, ident)
        if device.revoked_at is None:
            device.revoked_at = utcnow()
            device.code_hash = None
        return _info(device, "revoked")


def add_user(db: Database, username: str, display_name: str, role: str, password: str, site: str | None = None) -> str:
    """A hall user (argon2id hash), published to every device so clerks can log in offline; ``site`` limits what a
    supervisor sees on the server to that site and the sites under it (None: every site)."""
    username = validate_new_user(username, role, password)
    password_hash = hash_password(password)
    with db.session() as session:
        if site is not None:
            site = active_site(session, site).code
        if session.scalar(select(ServerUser).where(ServerUser.username == username)) is not None:
            raise HallError(f"用户名已存在：{username}")
        user = ServerUser(
            id=new_id(),
            username=username,
            display_name=display_name.strip() or username,
            role=role,
            password_hash=password_hash,
            active=True,
            updated_at=utcnow(),
            site_code=site,
        )
        session.add(user)
        session.flush()
        feed.publish(session, "user", user.id, feed.user_data(user))
        return user.id


def set_password(db: Database, username: str, password: str) -> None:
    """A new password (e.g. after a window PC was lost): the user's server sessions end, and every device
    receives a credential for the new password on its next sync (the old one stops verifying there)."""
    with db.session() as session:
        user = session.scalar(select(ServerUser).where(ServerUser.username == username.strip()))
        if user is None:
            raise HallError(f"没有这个用户：{username}")
        validate_new_user(user.username, user.role, password)
        user.password_hash = hash_password(password)
        user.updated_at = utcnow()
        session.execute(delete(UserSession).where(UserSession.user_id == user.id))
        session.flush()
        feed.publish(session, "user", user.id, feed.user_data(user))


def list_users(db: Database) -> list[ServerUser]:
    with db.session() as session:
        return list(session.scalars(select(ServerUser).order_by(ServerUser.role, ServerUser.username)))


def import_catalog(db: Database, catalog: Catalog) -> int:
    """Publish a validated catalog as the current one; devices replace theirs on their next sync."""
    with db.session() as session:
        return feed.publish(session, "catalog", "catalog", catalog_to_json(catalog))


def import_calendar(db: Database, calendar: WorkCalendar) -> int:
    with db.session() as session:
        return feed.publish(session, "calendar", "calendar", calendar.to_dict())
