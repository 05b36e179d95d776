"""A stand-in for the next year's schedule (a uniquely named module: test folders are not packages).

The official 2027 schedule is published around November 2026; these tests never invent it, they build
a calendar of their own to simulate its arrival.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class SettableClock(Protocol):
    """The ``clock`` fixture of tests/conftest.py (imported by type only: each folder has its own conftest)."""

    moment: datetime


SIMULATED_2027: dict[str, Any] = {
    "version": "test-2027",
    "years": {
        "2027": {
            "source": "测试用日历（非官方，模拟 2027 年安排到达）",
            "holidays": ["2027-01-01", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"],
            "adjusted_workdays": [],
        }
    },
}


def write_calendar(folder: Path, data: dict[str, Any] = SIMULATED_2027) -> Path:
    path = folder / "calendar-update.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
