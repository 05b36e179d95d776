"""Users and passwords (argon2id); login never says which half of the credentials was wrong."""

from __future__ import annotations

import contextlib
import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.events import EventType, new_id
from hallclient.errors import HallError
from hallclient.services.context import Actor, Services, wall_time
from hallclient.store import eventlog
from hallclient.store.models import User

ROLES = ("clerk", "supervisor", "admin")
ROLE_LABELS = {"clerk": "窗口人员", "supervisor": "值班长", "admin": "管理员"}
MIN_PASSWORD_LENGTH = 6

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def validate_new_user(username: str, role: str, password: str) -> str:
    """The same account rules on a window and on the server; returns the cleaned username."""
    username = username.strip()
    if not username:
        raise HallError("用户名不能为空")
    if role not in ROLES:
        raise HallError(f"角色只能是 {'、'.join(ROLES)}，实为 {role!r}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise HallError(f"密码至少 {MIN_PASSWORD_LENGTH} 位")
    return username


def _actor(user: User) -> Actor:
    return Actor(user_id=user.id, username=user.username, display_name=user.display_name, role=user.role)


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
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise HallError("用户名或密码错误") from None
    return _actor(user)


@functools.cache
def _dummy_hash() -> str:
    """Made on first use, not at import: hashing costs ~0.3 s, which every start-up would pay."""
    return _hasher.hash("not-a-real-password")


def _hasher_dummy_verify(password: str) -> None:
    """Spend the same time as a real check so a wrong username is not faster than a wrong password."""
    with contextlib.suppress(VerificationError):
        _hasher.verify(_dummy_hash(), password)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.username)))
