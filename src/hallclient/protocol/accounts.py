"""Account rules and password hashing, the same on a window PC (``hallclient user add``) and on the server.

Passwords are argon2id PHC strings; the server hands windows a device-bound form of them
(:mod:`hallclient.protocol.credentials`), never the hash itself.
"""

from __future__ import annotations

from argon2 import PasswordHasher

from hallclient.errors import HallError

ROLES = ("clerk", "supervisor", "admin")
MIN_PASSWORD_LENGTH = 6

hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return hasher.hash(password)


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
