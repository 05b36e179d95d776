"""Account rules and password hashing, the same on a window PC (``hallclient user add``) and on the server.

Passwords are argon2id PHC strings; the server hands windows a device-bound form of them
(:mod:`hallclient.protocol.credentials`), never the hash itself.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hallclient.errors import HallError

ROLES = ("clerk", "supervisor", "admin")
MIN_PASSWORD_LENGTH = 6

hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    """True when ``password`` matches the argon2 ``password_hash``; a damaged or empty hash matches nothing."""
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


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
