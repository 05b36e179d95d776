"""协议地区: the partner regions of the hall's 通办 agreements, and which of them fit a case.

A 跨省通办 case goes to a partner in another province, a 全省通办 case to one in the hall's own province
(the province is the first two digits of the hall's GB/T 2260 code); the partner must cover the matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from hallclient.domain.case import Channel
from hallclient.domain.idnumber import REGION_TABLE_FILE
from hallclient.errors import HallError
from hallclient.paths import resource_path

_PHONE = re.compile(r"[0-9][0-9-]{5,19}")
NAME_LIMIT = 128


class PartnerError(HallError):
    """A partner region that cannot be recorded or chosen; the message says why."""


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str


@dataclass(frozen=True)
class Partner:
    """What a window knows of a partner region (the server also keeps the agreement date)."""

    id: str
    name: str
    province: str
    matters: tuple[str, ...]
    contacts: tuple[Contact, ...]
    active: bool = True

    def to_feed(self) -> dict[str, Any]:
        """The feed entry the windows get: no agreement date or anything else the server keeps."""
        return {
            "name": self.name,
            "province": self.province,
            "matters": list(self.matters),
            "contacts": [{"name": c.name, "phone": c.phone} for c in self.contacts] if self.active else [],
            "active": self.active,
        }


@cache
def provinces() -> dict[str, str]:
    """Province-level GB/T 2260 codes (two digits) and their names."""
    path = resource_path(*REGION_TABLE_FILE)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise HallError(f"无法读取行政区划代码表 {path}：{error.strerror}") from None
    rows = (line.split("\t", 1) for line in lines if line and not line.startswith("#"))
    return {code[:2]: name.strip() for code, name in rows if code.endswith("0000")}


def province_of(region_code: str) -> str:
    """The province name of a GB/T 2260 code ("" when unknown)."""
    return provinces().get(region_code[:2], "")


def fits(partner: Partner, matter_code: str, channel: Channel, hall_province: str) -> bool:
    """Whether a case of ``matter_code`` on ``channel`` may be forwarded to ``partner``."""
    if not partner.active or matter_code not in partner.matters:
        return False
    if channel is Channel.CROSS_PROVINCE:
        return partner.province != hall_province
    if channel is Channel.PROVINCE_WIDE:
        return partner.province == hall_province
    return False


def check_contacts(raw: Iterable[Mapping[str, Any]]) -> tuple[Contact, ...]:
    contacts: list[Contact] = []
    for entry in raw:
        name, phone = str(entry.get("name", "")).strip(), str(entry.get("phone", "")).strip()
        if not name:
            raise PartnerError("联系人须有姓名")
        if not _PHONE.fullmatch(phone):
            raise PartnerError(f"联系人“{name}”的电话无效：{phone or '（空）'}")
        contacts.append(Contact(name, phone))
    if not contacts:
        raise PartnerError("协议地区须至少有一位联系人")
    return tuple(contacts)


def check_partner(
    name: str,
    province: str,
    agreed_on: date | None,
    contacts: Iterable[Mapping[str, Any]],
    matters: Sequence[str],
    today: date,
) -> tuple[str, str, tuple[Contact, ...], tuple[str, ...]]:
    """The partner's fields checked and trimmed: (name, province, contacts, matter codes)."""
    name, province = name.strip(), province.strip()
    if not name or len(name) > NAME_LIMIT:
        raise PartnerError(f"协议地区名称须为 1 至 {NAME_LIMIT} 个字符")
    if province not in provinces().values():
        raise PartnerError(f"省份须为行政区划中的省级名称（如 四川省）：{province or '（空）'}")
    if agreed_on is None or agreed_on > today:
        raise PartnerError("协议签订日期须为今天或以前的日期")
    codes = tuple(dict.fromkeys(code.strip() for code in matters if code.strip()))
    if not codes:
        raise PartnerError("协议地区须至少涵盖一个事项")
    return name, province, check_contacts(contacts), codes


def partner_from_feed(key: str, data: Mapping[str, Any]) -> Partner:
    return Partner(
        id=key,
        name=str(data["name"]),
        province=str(data.get("province", "")),
        matters=tuple(str(code) for code in data.get("matters", [])),
        contacts=tuple(Contact(str(c.get("name", "")), str(c.get("phone", ""))) for c in data.get("contacts", [])),
        active=bool(data.get("active", False)),
    )
