"""协议地区 on the server (``hallclient server partner``): add, list, retire, import a file; each change is
published to the windows through the feed, carrying only what a window needs (``Partner.to_feed``).

An import checks every entry first and writes all of them or none; a matter code must be in the published
catalog, a name may be used once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.events import canonical_json, new_id
from hallclient.domain.partners import Contact, Partner, PartnerError, check_partner
from hallclient.server import feed
from hallclient.server.clock import utcnow
from hallclient.server.db import Database
from hallclient.server.models import ServerPartner
from hallclient.server.tallies import published_catalog


@dataclass(frozen=True)
class PartnerInput:
    name: str
    province: str
    agreed_on: date | None
    contacts: tuple[Mapping[str, Any], ...]
    matters: tuple[str, ...]


@dataclass(frozen=True)
class PartnerInfo:
    partner: Partner
    agreed_on: date


def _partner(row: ServerPartner) -> Partner:
    contacts = tuple(Contact(c["name"], c["phone"]) for c in json.loads(row.contacts))
    return Partner(row.id, row.name, row.province, tuple(json.loads(row.matters)), contacts, row.active)


def _publish(session: Session, row: ServerPartner) -> int:
    return feed.publish(session, "partner", row.id, _partner(row).to_feed())


def _check(session: Session, entry: PartnerInput, today: date, taken: set[str]) -> tuple[Any, ...]:
    name, province, contacts, matters = check_partner(
        entry.name, entry.province, entry.agreed_on, entry.contacts, entry.matters, today
    )
    known = published_catalog(session).matters
    if not known:
        raise PartnerError("服务器尚未发布事项目录：请先运行 hallclient server catalog import")
    unknown = [code for code in matters if code not in known]
    if unknown:
        raise PartnerError(f"事项目录中没有这些事项：{'、'.join(unknown)}")
    if name in taken:
        raise PartnerError(f"协议地区已存在：{name}")
    taken.add(name)
    return name, province, contacts, matters


def add_partners(db: Database, entries: Sequence[PartnerInput], today: date) -> list[str]:
    """Record and publish partners, all or none; returns their ids."""
    with db.session() as session:
        taken = set(session.scalars(select(ServerPartner.name)))
        checked = []
        for number, entry in enumerate(entries, 1):
            try:
                checked.append((entry, _check(session, entry, today, taken)))
            except PartnerError as error:
                raise PartnerError(f"第 {number} 项：{error}" if len(entries) > 1 else str(error)) from None
        ids = []
        for entry, (name, province, contacts, matters) in checked:
            assert entry.agreed_on is not None
            row = ServerPartner(
                id=new_id(), name=name, province=province, agreed_on=entry.agreed_on,
                contacts=canonical_json([{"name": c.name, "phone": c.phone} for c in contacts]),
                matters=canonical_json(list(matters)), active=True, created_at=utcnow(),
            )  # fmt: skip
            session.add(row)
            session.flush()
            _publish(session, row)
            ids.append(row.id)
        return ids


def retire_partner(db: Database, name: str) -> None:
    """The agreement ended: the windows stop offering it (cases already forwarded keep its name)."""
    with db.session() as session:
        row = session.scalar(select(ServerPartner).where(ServerPartner.name == name.strip()))
        if row is None:
            raise PartnerError(f"没有这个协议地区：{name.strip()}")
        if not row.active:
            raise PartnerError(f"协议地区“{row.name}”已于 {row.retired_at:%Y-%m-%d} 停用")
        row.active = False
        row.retired_at = utcnow()
        _publish(session, row)


def list_partners(db: Database) -> list[PartnerInfo]:
    with db.session() as session:
        rows = session.scalars(select(ServerPartner).order_by(ServerPartner.active.desc(), ServerPartner.name))
        return [PartnerInfo(_partner(row), row.agreed_on) for row in rows]


def read_partner_file(path: Path) -> list[PartnerInput]:
    """A JSON file: a list of {name, province, agreed_on (YYYY-MM-DD), contacts [{name, phone}], matters [code]}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PartnerError(f"无法读取 {path}：{error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PartnerError(f"{path} 不是有效的 UTF-8 JSON：{error}") from None
    if not isinstance(data, list) or not data:
        raise PartnerError(f"{path} 应为协议地区的列表（至少一项）")
    entries = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise PartnerError(f"第 {number} 项应为对象")
        try:
            agreed = date.fromisoformat(str(item.get("agreed_on", "")))
        except ValueError:
            raise PartnerError(f"第 {number} 项：协议签订日期应为 YYYY-MM-DD：{item.get('agreed_on')}") from None
        contacts, matters = item.get("contacts", []), item.get("matters", [])
        if not isinstance(contacts, list) or not all(isinstance(c, dict) for c in contacts):
            raise PartnerError(f"第 {number} 项：contacts 应为 [{{name, phone}}] 列表")
        if not isinstance(matters, list):
            raise PartnerError(f"第 {number} 项：matters 应为事项编码列表")
        entries.append(
            PartnerInput(
                str(item.get("name", "")),
                str(item.get("province", "")),
                agreed,
                tuple(contacts),
                tuple(str(code) for code in matters),
            )
        )
    return entries
