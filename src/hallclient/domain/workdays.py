"""Working-day arithmetic for promised and statutory time limits (承诺时限 / 法定时限).

Time limits count working days from the day after receipt, and the State Council's holiday schedule
both removes weekdays (holidays) and adds weekend days (调休 adjusted workdays). The schedule is
published each November for the next year, so the calendar is data: a bundled JSON file, replaceable by
a server update. Years the calendar does not cover fall back to Monday-Friday.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hallclient.errors import HallError
from hallclient.paths import resource_path

CALENDAR_FILE = ("calendar", "cn_workdays.json")
_ONE_DAY = timedelta(days=1)


def _parse_day(value: object, year: int, field: str) -> date:
    if not isinstance(value, str):
        raise HallError(f"{year} 年 {field} 中的日期应为 YYYY-MM-DD 字符串，实际为 {value!r}")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise HallError(f"{year} 年 {field} 中的日期“{value}”无法识别") from None
    if day.year != year:
        raise HallError(f"{year} 年 {field} 中出现了其他年份的日期 {value}")
    return day


@dataclass(frozen=True)
class WorkCalendar:
    """Holidays and adjusted weekend workdays for the years in ``years``."""

    holidays: frozenset[date] = frozenset()
    adjusted_workdays: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()
    version: str = ""

    def is_workday(self, day: date) -> bool:
        """A weekday that is not a holiday, or a weekend day made a workday by the schedule."""
        if day.year in self.years:
            if day in self.adjusted_workdays:
                return True
            if day in self.holidays:
                return False
        return day.weekday() < 5

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th workday after ``start`` (counting from the next day); ``n == 0`` gives ``start``."""
        if n < 0:
            raise HallError(f"工作日数不能为负数：{n}")
        day = start
        remaining = n
        while remaining:
            day += _ONE_DAY
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Workdays in (start, end]; negative (the same count) when ``end`` is before ``start``."""
        if end < start:
            return -self.workdays_between(end, start)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            if self.is_workday(day):
                count += 1
            day += _ONE_DAY
        return count

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WorkCalendar:
        """Build from ``{"version": str, "years": {"2025": {"holidays": [..], "adjusted_workdays": [..]}}}``.

        Every problem raises :class:`HallError` naming the year and the faulty entry.
        """
        if not isinstance(data, Mapping):
            raise HallError("工作日历应为 JSON 对象")
        version = data.get("version", "")
        if not isinstance(version, str):
            raise HallError("工作日历的 version 应为字符串")
        years_data = data.get("years")
        if not isinstance(years_data, Mapping):
            raise HallError("工作日历缺少 years 对象")
        holidays: set[date] = set()
        adjusted: set[date] = set()
        years: set[int] = set()
        for key, entry in years_data.items():
            if not (isinstance(key, str) and key.isdigit() and len(key) == 4):
                raise HallError(f"工作日历的年份键“{key}”应为四位数字")
            year = int(key)
            if not isinstance(entry, Mapping):
                raise HallError(f"{year} 年的工作日历应为对象")
            year_holidays = cls._days(entry, year, "holidays")
            year_adjusted = cls._days(entry, year, "adjusted_workdays")
            both = year_holidays & year_adjusted
            if both:
                first = min(both).isoformat()
                raise HallError(f"{year} 年的 {first} 同时被列为假日和调休上班日")
            weekday_adjusted = [day for day in year_adjusted if day.weekday() < 5]
            if weekday_adjusted:
                first = min(weekday_adjusted).isoformat()
                raise HallError(f"{year} 年的调休上班日 {first} 不是周末")
            holidays |= year_holidays
            adjusted |= year_adjusted
            years.add(year)
        return cls(frozenset(holidays), frozenset(adjusted), frozenset(years), version)

    @staticmethod
    def _days(entry: Mapping[str, Any], year: int, field: str) -> set[date]:
        values = entry.get(field, [])
        if not isinstance(values, list):
            raise HallError(f"{year} 年的 {field} 应为日期列表")
        return {_parse_day(value, year, field) for value in values}

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape read by :meth:`from_dict`, days sorted so equal calendars serialise equally."""
        years: dict[str, Any] = {}
        for year in sorted(self.years):
            years[str(year)] = {
                "holidays": sorted(day.isoformat() for day in self.holidays if day.year == year),
                "adjusted_workdays": sorted(day.isoformat() for day in self.adjusted_workdays if day.year == year),
            }
        return {"version": self.version, "years": years}

    def merged(self, other: WorkCalendar) -> WorkCalendar:
        """Apply an update: every year ``other`` covers replaces this calendar's entry for that year."""
        replaced = other.years

        def keep(days: frozenset[date]) -> frozenset[date]:
            return frozenset(day for day in days if day.year not in replaced)

        return WorkCalendar(
            holidays=keep(self.holidays) | other.holidays,
            adjusted_workdays=keep(self.adjusted_workdays) | other.adjusted_workdays,
            years=self.years | other.years,
            version=other.version or self.version,
        )

    @classmethod
    def load_default(cls) -> WorkCalendar:
        """The bundled official schedule (``resources/calendar/cn_workdays.json``)."""
        return _load_file(resource_path(*CALENDAR_FILE))


def _load_file(path: Path) -> WorkCalendar:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise HallError(f"工作日历文件不存在：{path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise HallError(f"工作日历文件无法读取：{path}（{error}）") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise HallError(f"工作日历文件已损坏：{path}（第 {error.lineno} 行 JSON 格式错误）") from None
    try:
        return WorkCalendar.from_dict(data)
    except HallError as error:
        raise HallError(f"工作日历文件已损坏：{path}（{error}）") from None
