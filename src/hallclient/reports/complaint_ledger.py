"""The complaint ledger (台账) in XLSX: one row per complaint with every step's who / when / what.

Sheet 台账: the complaint (ref, kind, source, received, links, content, handler, stage, due date), then for
each of the six steps its due day, who recorded it, when, what, and 超期 when it was recorded after its
due day or is still open past it (those cells are filled red). Sheet 专题会: the meetings held in the
period. Sheet 来源统计: complaints per source. Written with xlsxwriter like the tally exports, atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hallclient.errors import HallError
from hallclient.files import write_atomically
from hallclient.services.complaint_meetings import Meeting, meetings
from hallclient.services.complaints import (
    KIND_LABELS,
    SOURCE_LABELS,
    STAGE_LABELS,
    STEPS,
    RegisterEntry,
    register_entries,
    source_counts,
)
from hallclient.services.context import Actor, Services

OVERDUE_MARK = "超期"
COMPLAINT_HEADER = ("编号", "类型", "来源", "受理时间", "办件编号", "窗口", "被投诉人员", "部门", "内容", "经办人",
                    "当前环节", "办结期限", "整体超期", "申诉")  # fmt: skip
STEP_FIELDS = ("期限", "经办人", "时间", "处理情况", "超期")


@dataclass(frozen=True)
class Ledger:
    hall_name: str
    start: date
    end: date
    generated_at: datetime
    entries: Sequence[RegisterEntry]
    meetings: Sequence[Meeting]


def build_ledger(services: Services, start: date, end: date, *, actor: Actor | None = None) -> Ledger:
    """The complaints received from ``start`` to ``end`` (inclusive) and the 专题会 held in those days."""
    if end < start:
        raise HallError(f"台账期间的结束日 {end.isoformat()} 早于开始日 {start.isoformat()}")
    entries = sorted(register_entries(services, received=(start, end), actor=actor), key=lambda e: e.ref)
    return Ledger(
        hall_name=services.settings.hall_name,
        start=start,
        end=end,
        generated_at=services.now().replace(tzinfo=None),
        entries=entries,
        meetings=meetings(services, held=(start, end), actor=actor),
    )


def header() -> list[str]:
    return [*COMPLAINT_HEADER, *[f"{STAGE_LABELS[step]}{field}" for step in STEPS for field in STEP_FIELDS]]


def ledger_row(entry: RegisterEntry) -> list[Any]:
    """One complaint's row, in :func:`header`'s order (text and dates as the sheet shows them)."""
    appeal = {"": "待复核", "upheld": "成立", "rejected": "不成立"}.get(entry.appeal_result, "") if entry.appeal else ""
    row: list[Any] = [
        entry.ref, KIND_LABELS.get(entry.kind, entry.kind), SOURCE_LABELS.get(entry.source, entry.source),
        entry.received_at.strftime("%Y-%m-%d %H:%M"), entry.case_no, entry.window, entry.clerk_name,
        entry.department_code, entry.content, entry.handler_name or "未指派",
        STAGE_LABELS.get(entry.stage, entry.stage), entry.due_date.isoformat(),
        OVERDUE_MARK if entry.overdue else "", appeal,
    ]  # fmt: skip
    for state in entry.steps:
        row += [state.due.isoformat(), state.actor_name, state.at.strftime("%Y-%m-%d %H:%M") if state.at else "",
                state.text + (f"（群众评价：{state.result}）" if state.result else ""),
                OVERDUE_MARK if state.overdue else ""]  # fmt: skip
    return row


def write_ledger(ledger: Ledger, path: Path) -> Path:
    import xlsxwriter

    def write(target: Path) -> None:
        book = xlsxwriter.Workbook(str(target))
        head = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True,
                                "valign": "vcenter", "align": "center"})  # fmt: skip
        cell = book.add_format({"border": 1, "valign": "top", "text_wrap": True})
        late = book.add_format({"border": 1, "valign": "top", "text_wrap": True, "bg_color": "#F8D7DA"})
        title = book.add_format({"bold": True, "font_size": 14})
        sheet = book.add_worksheet("台账")
        period = f"{ledger.start.isoformat()} 至 {ledger.end.isoformat()}"
        sheet.write(0, 0, f"{ledger.hall_name} 差评与投诉处理台账（{period}，受理日期）", title)
        sheet.write(1, 0, f"生成时间 {ledger.generated_at:%Y-%m-%d %H:%M}；红色为超期环节")
        columns = header()
        sheet.write_row(3, 0, columns, head)
        sheet.set_row(3, 36)
        first_step = len(COMPLAINT_HEADER)
        for r, entry in enumerate(ledger.entries, start=4):
            for c, value in enumerate(ledger_row(entry)):
                overdue = c >= first_step and entry.steps[(c - first_step) // len(STEP_FIELDS)].overdue
                whole = c == COMPLAINT_HEADER.index("整体超期") and entry.overdue
                sheet.write(r, c, value, late if overdue or whole else cell)
        sheet.freeze_panes(4, 1)
        sheet.set_column(0, len(columns) - 1, 12)
        sheet.set_column(COMPLAINT_HEADER.index("内容"), COMPLAINT_HEADER.index("内容"), 30)
        if ledger.entries:
            sheet.autofilter(3, 0, 3 + len(ledger.entries), len(columns) - 1)

        meetings = book.add_worksheet("专题会")
        meetings.write_row(0, 0, ["日期", "部门", "参会人员", "议定事项", "涉及差评/投诉", "记录人", "记录时间"], head)
        for r, meeting in enumerate(ledger.meetings, start=1):
            meetings.write_row(r, 0, [meeting.held_on.isoformat(), meeting.department_name, meeting.attendees,
                                      meeting.decisions, "、".join(meeting.complaint_refs), meeting.recorded_by_name,
                                      meeting.recorded_at.strftime("%Y-%m-%d %H:%M")], cell)  # fmt: skip
        meetings.set_column(0, 6, 16)
        meetings.set_column(2, 3, 36)

        sources = book.add_worksheet("来源统计")
        sources.write_row(0, 0, ["来源", "件数"], head)
        for r, (source, count) in enumerate(source_counts(list(ledger.entries)).items(), start=1):
            sources.write_row(r, 0, [SOURCE_LABELS.get(source, source), count], cell)
        sources.set_column(0, 1, 16)
        book.close()

    return write_atomically(path, write)
