"""短信发送条数: the server's SMS figures per hall day and notice kind, as the tally exports and screens show them.

The central server sends every notice (a window never does), so only a hall-wide tally carries them: the
``sms`` member of ``GET /v1/tallies`` (``server/sms/sender.py`` ``figures``). A kind this client does not know
is kept under its key with a note, never dropped; an older server that answers without ``sms`` is said so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from hallclient.domain.notices import KIND_LABELS, NoticeKind

COUNTS = ("sent", "delivered", "failed", "suppressed", "queued", "parts")
NOT_PROVIDED = "服务器未提供短信统计（服务器版本较旧），本表不含短信数字"
LOCAL_NOTE = "短信由中心服务器发送，本机统计不含短信"


def kind_label(kind: str) -> str:
    """The Chinese name of a notice kind (the one declaration the server's templates use); unknown: its key."""
    try:
        return KIND_LABELS[NoticeKind(kind)]
    except ValueError:
        return f"{kind}（未知类型）"


@dataclass(frozen=True)
class SmsRow:
    """One (day, kind): messages sent (delivered included), delivered, failed, not sent (opt-out, no number,
    a reminder no longer due), still waiting, and the billed parts (条数) of those sent."""

    day: date | None  # None in per-kind sums and the total
    kind: str  # "" in the total
    label: str
    sent: int = 0
    delivered: int = 0
    failed: int = 0
    suppressed: int = 0
    queued: int = 0
    parts: int = 0


@dataclass
class SmsFigures:
    """The period's rows (by day, then kind) as the server answered them; ``provided`` False for an older
    server without SMS figures."""

    rows: list[SmsRow] = field(default_factory=list)
    provided: bool = True
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> SmsRow:
        return _sum(self.rows, None, "", "合计")

    def by_kind(self) -> list[SmsRow]:
        """One row per kind over the period, in the declaration order of the kinds, unknown ones after."""
        order = [kind.value for kind in NoticeKind]
        kinds = sorted({row.kind for row in self.rows}, key=lambda k: (order.index(k) if k in order else len(order), k))
        return [_sum([row for row in self.rows if row.kind == kind], None, kind, kind_label(kind)) for kind in kinds]

    @classmethod
    def from_wire(cls, raw: Any) -> SmsFigures:
        """The server's ``sms`` list; ``None`` (member absent) → not provided. ValueError on a malformed row."""
        if raw is None:
            return cls(provided=False, notes=[NOT_PROVIDED])
        if not isinstance(raw, list):
            raise ValueError("短信统计应为列表")
        rows = [_row(item) for item in raw]
        unknown = sorted({row.kind for row in rows} - {kind.value for kind in NoticeKind})
        notes = [f"服务器报告了本机不认识的短信类型：{'、'.join(unknown)}（按原键名列出）"] if unknown else []
        return cls(rows=rows, notes=notes)

    def to_dict(self) -> dict[str, Any]:
        return {"provided": self.provided, "notes": list(self.notes),
                "rows": [{**{f.name: getattr(row, f.name) for f in fields(row)},
                          "day": row.day.isoformat() if row.day else None} for row in self.rows]}  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SmsFigures:
        rows = [_row(item) for item in data["rows"]]
        return cls(rows=rows, provided=bool(data["provided"]), notes=[str(note) for note in data["notes"]])


def _row(item: Any) -> SmsRow:
    if not isinstance(item, Mapping):
        raise ValueError(f"短信统计行应为对象：{item!r}")
    kind = item.get("kind")
    if not isinstance(kind, str) or not kind:
        raise ValueError(f"短信统计行缺少类型：{item!r}")
    counts = {}
    for name in COUNTS:
        value = item.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"短信统计 {kind} 的 {name} 不是非负整数：{value!r}")
        counts[name] = value
    day = date.fromisoformat(item["day"]) if item.get("day") else None
    return SmsRow(day=day, kind=kind, label=kind_label(kind), **counts)


def _sum(rows: list[SmsRow], day: date | None, kind: str, label: str) -> SmsRow:
    return SmsRow(day, kind, label, **{name: sum(getattr(row, name) for row in rows) for name in COUNTS})
