"""The 帮办代办 log at a window: one record is a row and an event in the hash chain together; the local tally, its
XLSX sheet and ``hallclient assistance report`` count them as worked out by hand here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from hallclient.cli import main
from hallclient.domain.assistance import AssistanceError
from hallclient.domain.tally import Period
from hallclient.reports.export_xlsx import write_xlsx
from hallclient.services.assistance import record_assistance
from hallclient.services.context import Actor, Services
from hallclient.services.sites import keep_site
from hallclient.services.tallies import local_tallies
from hallclient.store.assistance_models import AssistanceLog
from hallclient.store.eventlog import verify_chain
from hallclient.store.models import Event


def test_records_are_counted_as_by_hand(
    services: Services, clerk: Actor, store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with services.store.write() as session:
        keep_site(session, "BX1", "白沙村")
    record_assistance(services, clerk, "home_visit", elderly=True)
    record_assistance(services, clerk, "home_visit", elderly=True, disabled=True, note="代办低保申请")
    record_assistance(services, clerk, "consult")
    record_assistance(services, clerk, "form_filling", disabled=True)
    with pytest.raises(AssistanceError, match="帮办代办类型应为"):
        record_assistance(services, clerk, "visit")
    with services.store.read() as session:
        assert session.scalar(select(func.count()).select_from(AssistanceLog)) == 4  # the refused one left nothing
        events = session.scalars(select(Event).where(Event.type == "assistance.recorded")).all()
        assert len(events) == 4 and all(event.case_id is None for event in events)
        assert json.loads(events[1].payload) == {
            "kind": "home_visit", "elderly": True, "disabled": True, "note": "代办低保申请", "site": "BX1",
            "window": services.settings.window, "on": "2026-03-02",
        }  # fmt: skip
        verify_chain(session)  # raises on a broken link

    tally = local_tallies(services, Period.day(services.now().date()), ["window"])["window"]
    figures = tally.assistance
    assert (figures.total, figures.elderly, figures.disabled) == (4, 2, 2)
    assert figures.by_kind == {"consult": 1, "ticket": 0, "guidance": 0, "form_filling": 1, "home_visit": 2}
    assert figures.report_lines() == [
        "帮办代办共 4 次", "咨询帮办代办 1 次", "取号帮办代办 0 次", "引导帮办代办 0 次", "代填帮办代办 1 次",
        "上门帮办代办 2 次", "其中为老年人 2 次、为残疾人 2 次",
    ]  # fmt: skip
    book = load_workbook(write_xlsx({"window": tally}, tmp_path / "t.xlsx"))
    rows = [list(row) for row in book["帮办代办"].iter_rows(values_only=True)]
    assert rows[:5] == [
        ["月份", "站点", "帮办代办类型", "次数", "其中老年人", "其中残疾人"],
        ["2026-03", "BX1", "咨询", 1, 0, 0],
        ["2026-03", "BX1", "代填", 1, 0, 1],
        ["2026-03", "BX1", "上门", 2, 2, 1],
        ["合计", None, None, 4, 2, 2],
    ]

    from pypdf import PdfReader

    from hallclient.reports.export_pdf import write_pdf

    pdf = "".join(page.extract_text() for page in PdfReader(write_pdf(tally, tmp_path / "t.pdf")).pages)
    assert "帮办代办（不含办件）" in pdf and "上门" in pdf

    assert main(["assistance", "report", "--month", "2026-03", "--db", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert "上门帮办代办 2 次" in out and "其中为老年人 2 次、为残疾人 2 次" in out
    assert main(["assistance", "report", "--month", "2026-3", "--db", str(store_path)]) == 2
    assert capsys.readouterr().err.strip() == "hallclient: --month 应为 YYYY-MM（如 2026-03），实为 2026-3"
    for command in (["assistance", "report", "--month", "2026-03"], ["tally", "--date", "2026-03-02", "--out",
                                                                    str(tmp_path / "t.csv")]):  # fmt: skip
        assert main([*command, "--site", "BX", "--db", str(store_path)]) == 2  # site figures are the server's
        assert capsys.readouterr().err.strip() == "hallclient: --site 须与 --server 一起用（站点数据只在服务器上）"
