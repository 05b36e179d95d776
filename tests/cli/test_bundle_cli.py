"""``hallclient bundle list`` and the 一件事 figures of ``hallclient tally`` (XLSX sheet 一件事, PDF section, the
printed line), from a real store."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from bundle_helpers import BUNDLE_CODE, BUNDLE_MATTERS, install_bundle
from hallclient.cli import main
from hallclient.domain.bundles import bundle_materials
from hallclient.domain.case import Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.services.bundles import BundleIntakeRequest, MatterDecision, ReceivedPaper, record_bundle_intake
from hallclient.services.cases import Applicant
from hallclient.services.context import Actor, Services


def test_bundle_list_names_each_matter_and_a_bundle_that_cannot_be_taken_in(
    services: Services, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_bundle(services.store)
    assert main(["bundle", "list", "--db", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert f"{BUNDLE_CODE}\t新生儿出生一件事（4 个事项，少交材料 3 份）" in out
    assert "  BD02\t新生儿户口登记\t公安户籍" in out
    install_bundle(services.store, without=("BD03",))
    assert main(["--db", str(store_path), "bundle", "list"]) == 0
    out = capsys.readouterr().out
    assert "不能办理：有事项不在目录中或已停用" in out and "  BD03\t（不在目录中或已停用）" in out


def test_tally_exports_carry_the_bundle_figures(
    services: Services, clerk: Actor, store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_bundle(services.store)
    papers = tuple(ReceivedPaper(entry.key) for entry in bundle_materials(BUNDLE_MATTERS))
    decisions = tuple(
        MatterDecision(m.code, Outcome.COMPLETE_IMMEDIATELY if m.code == "BD02" else Outcome.ACCEPT)
        for m in BUNDLE_MATTERS
    )
    person = Applicant(name="张三", id_number="11010519491231002X")
    request = BundleIntakeRequest(BUNDLE_CODE, person, papers, decisions)
    record_bundle_intake(services, clerk, request, WorkCalendar.load_default())
    xlsx = tmp_path / "t.xlsx"
    assert main(["tally", "--date", "2026-03-02", "--out", str(xlsx), "--db", str(store_path)]) == 0
    assert "一件事一次办：受理 1 次，办件 4 件，整件办结 0 次，少交材料 3 份" in capsys.readouterr().out
    sheet = load_workbook(xlsx)["一件事"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["一件事", "受理次数", "办件数", "整件办结", "平均办结天数", "少交材料"]
    assert rows[1] == ["新生儿出生一件事", 1, 4, 0, None, 3]
    pdf = tmp_path / "t.pdf"
    assert main(["tally", "--date", "2026-03-02", "--out", str(pdf), "--db", str(store_path)]) == 0
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "一件事一次办" in text and "新生儿出生一件事" in text
