"""Appointments (预约) as pure rules: day slots with a capacity per category, booking codes, check-in times.

A category's slots are the same every working day (e.g. ``09:00-10:00`` for 6 people); booking is open
from today to ``book_days_ahead`` days ahead. Check-in is accepted from ``check_in_early_minutes``
before the slot starts to ``check_in_late_minutes`` after it ends; outside that the citizen takes an
ordinary ticket, and the refusal says so.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from hallclient.domain.queue import QueueError, QueueRules

SLOT_TEXT = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
MAX_SLOT_CAPACITY = 500
# Booking codes read out over the phone: no look-alikes (0/O, 1/I/L, U).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8


@dataclass(frozen=True)
class Slot:
    start: time
    end: time
    capacity: int

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_slot(text: str, capacity: int) -> Slot:
    """``09:00-10:00`` with a capacity of 1–500 people."""
    match = SLOT_TEXT.match(text.strip())
    if match is None:
        raise QueueError(f"时段「{text}」无效：应写作 09:00-10:00")
    start = time(int(match[1]), int(match[2]))
    end = time(int(match[3]), int(match[4]))
    if end <= start:
        raise QueueError(f"时段「{text}」的结束时间应晚于开始时间")
    if not 1 <= capacity <= MAX_SLOT_CAPACITY:
        raise QueueError(f"时段 {text} 的名额 {capacity} 无效：应为 1–{MAX_SLOT_CAPACITY}")
    return Slot(start, end, capacity)


def validate_slots(slots: Sequence[Slot]) -> tuple[Slot, ...]:
    ordered = sorted(slots, key=lambda slot: slot.start)
    for before, after in pairwise(ordered):
        if after.start < before.end:
            raise QueueError(f"时段 {before.label} 与 {after.label} 重叠")
    return tuple(ordered)


def find_slot(slots: Sequence[Slot], label: str) -> Slot:
    for slot in slots:
        if slot.label == label.strip():
            return slot
    offered = "、".join(slot.label for slot in slots) or "无"
    raise QueueError(f"没有时段「{label}」（可预约时段：{offered}）")


def check_booking_day(day: date, today: date, is_workday: bool, rules: QueueRules = QueueRules()) -> None:
    if day < today:
        raise QueueError(f"不能预约已过去的日期 {day.isoformat()}")
    if day > today + timedelta(days=rules.book_days_ahead):
        raise QueueError(
            f"最多可预约 {rules.book_days_ahead} 天内（至 {today + timedelta(days=rules.book_days_ahead)}）"
        )
    if not is_workday:
        raise QueueError(f"{day.isoformat()} 不是工作日，不能预约")


def check_room(slot: Slot, booked: int) -> None:
    if booked >= slot.capacity:
        raise QueueError(f"时段 {slot.label} 已约满（{slot.capacity} 个名额）")


def new_booking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_booking_code(text: str) -> str:
    return "".join(char for char in text.upper() if char.isalnum())


def check_in_window(day: date, slot: Slot, rules: QueueRules = QueueRules()) -> tuple[datetime, datetime]:
    """The first and last moment (hall wall time) a booking for ``slot`` on ``day`` may check in."""
    start = datetime.combine(day, slot.start) - timedelta(minutes=rules.check_in_early_minutes)
    end = datetime.combine(day, slot.end) + timedelta(minutes=rules.check_in_late_minutes)
    return start, end


def check_in_allowed(day: date, slot: Slot, now: datetime, rules: QueueRules = QueueRules()) -> None:
    """Refuse a check-in too early or too late (``now`` in hall wall time)."""
    first, last = check_in_window(day, slot, rules)
    if now < first:
        raise QueueError(f"预约时段为 {day.isoformat()} {slot.label}，请于 {first:%m-%d %H:%M} 后签到")
    if now > last:
        raise QueueError(f"预约时段 {day.isoformat()} {slot.label} 已过签到时间（{last:%H:%M} 前），请取普通号")
