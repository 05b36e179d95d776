"""Users and passwords (argon2id); login never says which half of the credentials was wrong."""

from __future__ import annotations

import contextlib
import functools

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.events import EventType, new_id
from hallclient.errors import HallError
from hallclient.protocol import credentials
from hallclient.protocol.accounts import hash_password, hasher, validate_new_user
from hallclient.protocol.credentials import key_from_token
from hallclient.services.context import Actor, Services, wall_time
from hallclient.store import eventlog
from hallclient.store.models import User

ROLE_LABELS = {"clerk": "窗口人员", "supervisor": "值班长", "admin": "管理员"}


def _actor(user: User) -> Actor:
    return Actor(user_id=user.id, username=user.username, display_name=user.display_name, role=user.role)


def active_user(services: Services, username: str) -> Actor:
    """The active user ``username`` as an actor, for commands that name who acts (the password is checked where
    it signs)."""
    with services.store.read() as session:
        user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        raise HallError(f"用户不存在或已停用：{username}")
    return _actor(user)


def add_user(
    services: Services, username: str, display_name: str, role: str, password: str, *, by: str = "system"
) -> Actor:
    username = validate_new_user(username, role, password)
    password_hash = hash_password(password)
    with services.store.write() as session:
        if session.scalar(select(User).where(User.username == username)) is not None:
            raise HallError(f"用户名已存在：{username}")
        user = User(
            id=new_id(),
            username=username,
            display_name=display_name.strip() or username,
            role=role,
            password_hash=password_hash,
            active=True,
            updated_at=wall_time(services.now()),
        )
        session.add(user)
        eventlog.append(
            session,
            device_id=services.device_id,
            case_id=None,
            type=EventType.USER_ADDED,
            payload={"user_id": user.id, "username": username, "display_name": user.display_name, "role": role},
            actor=by,
            at=services.now(),
        )
        return _actor(user)


def authenticate(services: Services, username: str, password: str) -> Actor:
    with services.store.read() as session:
        user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.active:
        _hasher_dummy_verify(password)
        raise HallError("用户名或密码错误")
    if credentials.is_bound(user.password_hash):
        # A hall user synced from the server: the credential only verifies with this PC's device token.
        token = services.settings.device_token
        if not (token and credentials.verify(user.password_hash, password, key_from_token(token))):
            raise HallError("用户名或密码错误")
        return _actor(user)
    try:
        hasher.verify(user.password_hash, password)  # a local account (hallclient user add)
    except (VerificationError, InvalidHashError):
        raise HallError("用户名或密码错误") from None
    return _actor(user)


@functools.cache
def _dummy_hash() -> str:
    """Made on first use, not at import: hashing costs ~0.3 s, which every start-up would pay."""
    return hasher.hash("not-a-real-password")


def _hasher_dummy_verify(password: str) -> None:
    """Spend the same time as a real check so a wrong username is not faster than a wrong password."""
    with contextlib.suppress(VerificationError):
        hasher.verify(_dummy_hash(), password)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.username)))
