"""One certificate lookup for a window: least privilege, rate limited, and logged whether answered or refused.

The rules (docs/certificates.md): a device may ask at most ``per_minute`` lookups a minute; only kinds that
the materials of the named matters accept (the published catalog) are searched; a record is answered only
when its holder name matches the name read from the card and it is valid today (:func:`refusal` of
domain/certificates.py, the rule the window applies too); expired ones are counted and listed apart so
the window can say 证照已过期. The province is asked only for the kinds the library could not answer, and
no transaction is open while it is asked.
"""

from __future__ import annotations

import json
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hallclient.config import Settings
from hallclient.domain.catalog import Material, MaterialForm
from hallclient.domain.certificates import refusal
from hallclient.domain.events import canonical_json
from hallclient.protocol.certificates import CertificateOut, LookupRequest, LookupResult
from hallclient.server import clock
from hallclient.server.auth import CallingDevice
from hallclient.server.certificate_models import CertificateKindRow, CertificateLookup
from hallclient.server.certificate_provincial import ProvincialSettings, fetch
from hallclient.server.certificates import PROVINCIAL, holder_certificates, store_certificates, to_certificate
from hallclient.server.db import Database
from hallclient.server.models import Device, FeedChange

DEFAULT_PER_MINUTE = 30


@dataclass(frozen=True)
class LookupSettings:
    provincial: ProvincialSettings = field(default_factory=ProvincialSettings)
    per_minute: int = DEFAULT_PER_MINUTE


def lookup_settings(settings: Settings) -> LookupSettings:
    """The ``[certificates]`` section of the config as the lookup uses it."""
    provincial = ProvincialSettings(settings.certificates_provincial_url, settings.certificates_provincial_key,
                                    settings.certificates_timeout_ms)  # fmt: skip
    return LookupSettings(provincial, settings.certificates_per_minute)


class LookupRefused(Exception):
    """A refused lookup: the HTTP status and the Chinese detail the window shows."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def hall_today() -> date:
    """The server's own calendar day (its local time zone), following the server clock."""
    return clock.source().astimezone().date()


_CATALOG_KINDS: dict[tuple[str, int], dict[str, frozenset[str]]] = {}  # (database, feed version) -> kinds per matter


def _accepted_kinds(body: str) -> dict[str, frozenset[str]]:
    """matter code -> the certificate kinds its materials accept, from one published catalog."""
    data = json.loads(body)
    kinds: dict[str, frozenset[str]] = {}
    for matter in data.get("matters", []):
        accepted = {
            str(kind) for material in matter.get("materials", []) for kind in material.get("certificate_kinds") or ()
        }
        kinds[str(matter["code"])] = frozenset(accepted)
    return kinds


def _catalog_kinds(session: Session) -> dict[str, frozenset[str]]:
    """The published catalog's kinds per matter; its (large) body is read only when its version is new."""
    published = (FeedChange.kind == "catalog", FeedChange.key == "catalog")
    version = session.scalar(select(FeedChange.version).where(*published))
    if version is None:
        return {}
    key = (str(session.get_bind().engine.url), version)  # feed versions are unique within one database
    cached = _CATALOG_KINDS.get(key)
    if cached is None:
        cached = _accepted_kinds(session.scalar(select(FeedChange.body).where(*published)) or "{}")
        if len(_CATALOG_KINDS) > 8:
            _CATALOG_KINDS.clear()
        _CATALOG_KINDS[key] = cached
    return cached


def _same_name(left: str, right: str) -> bool:
    def plain(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split()).casefold()

    return plain(left) == plain(right)


@dataclass
class _Log:
    device: CallingDevice
    request: LookupRequest
    at: datetime
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    answered: int = 0
    expired: int = 0
    withheld: int = 0
    provincial_answered: bool = False
    provincial_note: str = ""
    refusal: str = ""

    def row(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "device_id": self.device.id, "window": self.device.window,
                "clerk_id": self.request.clerk_id, "purpose": self.request.purpose,
                "matter_codes": canonical_json(self.request.matter_codes),
                "holder_id_number": self.request.holder_id_number.upper(), "answered": self.answered,
                "expired": self.expired, "withheld": self.withheld, "provincial_answered": self.provincial_answered,
                "provincial_note": self.provincial_note[:255], "refusal": self.refusal[:255]}  # fmt: skip


def _wanted_kinds(session: Session, matter_codes: list[str]) -> set[str] | str:
    """The kinds the matters accept, or the refusal when a matter is unknown."""
    catalog = _catalog_kinds(session)
    unknown = [code for code in dict.fromkeys(matter_codes) if code not in catalog]
    if unknown:
        shown = "、".join(code[:32] for code in unknown[:3])
        return f"事项 {shown} 不在已发布的事项目录中"
    return set().union(*(catalog[code] for code in matter_codes))


@dataclass
class _Sorted:
    valid: list[CertificateOut] = field(default_factory=list)
    expired: list[CertificateOut] = field(default_factory=list)
    withheld: int = 0
    kinds_found: set[str] = field(default_factory=set)


def _sort(rows: list[Any], request: LookupRequest, names: dict[str, str | None], today: date) -> _Sorted:
    """Valid, expired and withheld records; ``names`` maps a kind code to its name, None for a 停用 kind,
    whose certificates are no longer shared (a kind the library does not list is named by its code)."""
    sorted_rows = _Sorted()
    holder = request.holder_id_number.upper()
    for row in rows:
        if row.kind in names and names[row.kind] is None:
            continue
        if not _same_name(row.holder_name, request.holder_name):
            sorted_rows.withheld += 1
            continue
        certificate = to_certificate(row)
        # The one rule both sides apply; a material standing for the kind makes only the kind test pass.
        stand_in = Material("", "", MaterialForm.ORIGINAL, 1, certificate_kinds=(certificate.kind,))
        out = CertificateOut(kind=row.kind, kind_name=names.get(row.kind) or row.kind, number=row.number,
                             issuer=row.issuer, valid_from=row.valid_from.isoformat(),
                             valid_to=row.valid_to.isoformat() if row.valid_to else None,
                             source=row.source, holder_id_number=row.holder_id_number)  # fmt: skip
        if refusal(certificate, stand_in, holder, today) is None:
            sorted_rows.valid.append(out)
            sorted_rows.kinds_found.add(row.kind)
        elif row.valid_to is not None and row.valid_to < today:
            sorted_rows.expired.append(out)
    return sorted_rows


def lookup(db: Database, device: CallingDevice, request: LookupRequest, settings: LookupSettings) -> LookupResult:
    """Answer one lookup (see the module docstring); LookupRefused (logged) when it is refused.

    The first transaction takes the device's row lock, counts its lookups of the last minute and logs this one
    (so parallel requests of one token cannot all pass the rate limit), then reads the catalog and the library;
    the second records the outcome (and the province's certificates, when it was asked, with no transaction
    open meanwhile)."""
    now = clock.utcnow()
    today = hall_today()
    entry = _Log(device, request, now)
    holder = request.holder_id_number.upper()
    with db.session() as session:
        session.execute(select(Device.id).where(Device.id == device.id).with_for_update())  # one device at a time
        recent = session.scalar(select(func.count()).select_from(CertificateLookup).where(
            CertificateLookup.device_id == device.id, CertificateLookup.at > now - timedelta(minutes=1)))  # fmt: skip
        if (recent or 0) >= settings.per_minute:
            wanted: set[str] | str = f"本机证照查询过于频繁（每分钟最多 {settings.per_minute} 次），请稍后再试"
            status = 429
        else:
            wanted, status = _wanted_kinds(session, request.matter_codes), 422
        entry.refusal = wanted if isinstance(wanted, str) else ""
        rows = holder_certificates(session, holder, sorted(wanted)) if isinstance(wanted, set) and wanted else []
        kinds = session.execute(select(CertificateKindRow.code, CertificateKindRow.name, CertificateKindRow.active))
        names = {code: name if active else None for code, name, active in kinds}
        found = _sort(rows, request, names, today)
        missing = sorted(wanted - found.kinds_found) if isinstance(wanted, set) else []
        # Most lookups need not ask the province: their answer is known now and logged whole in this one write
        # (a second commit per lookup cost its p99: bench/cert_lookup.py)
        complete = isinstance(wanted, str) or not missing or not settings.provincial.configured
        if complete and not isinstance(wanted, str):
            entry.provincial_answered = not missing  # nothing left to ask: the answer is complete
            entry.provincial_note = "未配置省级证照服务" if missing else ""
            entry.answered, entry.expired, entry.withheld = len(found.valid), len(found.expired), found.withheld
        session.add(CertificateLookup(**entry.row()))
    if isinstance(wanted, str):
        raise LookupRefused(status, wanted)  # raised once the session committed: the refusal stays logged
    if complete:
        return LookupResult(lookup_id=entry.id, certificates=found.valid,
                            provincial_answered=entry.provincial_answered, expired=found.expired)  # fmt: skip
    answer = fetch(settings.provincial, holder, request.holder_name, missing)
    entry.provincial_answered = answer.certificates is not None
    entry.provincial_note = answer.note
    provincial = answer.certificates or []
    with db.session() as session:
        if provincial:  # cached, so the next lookup of this holder is local
            store_certificates(session, provincial, PROVINCIAL, now)
            found = _sort(holder_certificates(session, holder, sorted(wanted)), request, names, today)
        entry.answered, entry.expired, entry.withheld = len(found.valid), len(found.expired), found.withheld
        outcome = {key: value for key, value in entry.row().items() if key in _OUTCOME}
        session.execute(update(CertificateLookup).where(CertificateLookup.id == entry.id).values(**outcome))
    return LookupResult(lookup_id=entry.id, certificates=found.valid, provincial_answered=entry.provincial_answered,
                        expired=found.expired)  # fmt: skip


_OUTCOME = ("answered", "expired", "withheld", "provincial_answered", "provincial_note")
