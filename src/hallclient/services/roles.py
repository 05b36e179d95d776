"""Roles and what each may do (SPEC §3.9), checked by the services themselves — menus only follow them.

窗口人员 (clerk): intake, cases, enquiries, printing, ratings, day close of the own window.
值班长/督办 (supervisor): the above for the hall, tallies, the complaint register and its follow-up.
管理员 (admin): users, devices, catalog, calendar; also supervises (a small hall has one person for both).
Nobody acts on a complaint or bad review about themselves.
"""

from __future__ import annotations

from enum import StrEnum

from hallclient.errors import HallError
from hallclient.services.context import Actor


class Role(StrEnum):
    CLERK = "clerk"  # 窗口人员
    SUPERVISOR = "supervisor"  # 值班长/督办
    ADMIN = "admin"  # 管理员


class Permission(StrEnum):
    COUNTER = "counter"  # intake, case actions, enquiries, ratings, printing
    SUPERVISE = "supervise"  # hall-wide tallies, the complaint register, follow-up, appeal decisions
    ADMINISTER = "administer"  # users, devices, catalog, calendar


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset({Permission.COUNTER}),
    Role.SUPERVISOR: frozenset({Permission.COUNTER, Permission.SUPERVISE}),
    Role.ADMIN: frozenset({Permission.COUNTER, Permission.SUPERVISE, Permission.ADMINISTER}),
}

_REFUSALS: dict[Permission, str] = {
    Permission.COUNTER: "没有窗口办理权限",
    Permission.SUPERVISE: "只有值班长（督办）可以查看全厅统计和处理投诉/差评",
    Permission.ADMINISTER: "只有管理员可以进行此项管理",
}


class PermissionDenied(HallError):
    """The signed-in person's role does not allow the action."""


def may(actor: Actor, permission: Permission) -> bool:
    try:
        role = Role(actor.role)
    except ValueError:
        return False
    return permission in PERMISSIONS[role]


def require(actor: Actor, permission: Permission) -> None:
    if not may(actor, permission):
        raise PermissionDenied(_REFUSALS[permission])


def require_not_about(actor: Actor, subject_user_id: str, ref: str) -> None:
    """Nobody handles a complaint or bad review about themselves."""
    if subject_user_id and subject_user_id == actor.user_id:
        raise PermissionDenied(f"{ref} 是针对您本人的投诉/差评，须由其他值班长处理")
