"""事项目录指标 in the tallies: a hand-built catalog, its ratios counted by hand, in the engine, XLSX, PDF and dict."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from guide_helpers import guide_catalog, pdf_text
from hallclient.domain.catalog import Catalog
from hallclient.domain.tally import CATALOG_COLUMNS, Period, Tally
from hallclient.domain.tally_catalog import DEFINITIONS, CatalogFigures, catalog_figures
from hallclient.reports.export_pdf import write_pdf
from hallclient.reports.export_xlsx import write_xlsx
from hallclient.services.catalog import import_catalog
from hallclient.services.context import Services
from hallclient.services.tallies import local_tallies

# XK001: 可网办 + 全程网办 + 一窗式; QT002: 一证通办; XK003: 可网办; GF004: 一窗式
BY_HAND = CatalogFigures(version="2026.12-测试", matters=4, online=2, fully_online=1, one_window=2, id_card_only=1)
DAY = date(2026, 3, 2)


def test_catalog_ratios_equal_a_hand_count() -> None:
    figures = catalog_figures(guide_catalog())
    assert figures == BY_HAND
    assert (figures.online_rate, figures.fully_online_rate, figures.one_window_share) == (0.5, 0.25, 0.5)
    empty = catalog_figures(Catalog(departments=(), matters=()))
    assert (empty.matters, empty.online_rate, empty.fully_online_rate, empty.one_window_share) == (0, None, None, None)


@pytest.fixture
def tallies(services: Services) -> dict[str, Tally]:
    import_catalog(services.store, guide_catalog())
    return local_tallies(services, Period.day(DAY), ["window", "department"], today=DAY)


def test_local_tally_carries_the_ratios_of_the_active_catalog(tallies: dict[str, Tally]) -> None:
    for tally in tallies.values():
        assert tally.catalog == BY_HAND
    again = Tally.from_dict(tallies["window"].to_dict())  # what the server sends a window
    assert again.catalog == BY_HAND


def test_xlsx_sheet_has_each_ratio_and_its_definition(tallies: dict[str, Tally], tmp_path: Path) -> None:
    path = write_xlsx(tallies, tmp_path / "t.xlsx")
    sheet = load_workbook(path)["事项目录指标"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=6)]
    assert [row[:2] for row in rows] == [["事项总数", 4], ["网上可办率", 0.5], ["全程网办率", 0.25],
                                         ["一窗式事项占比", 0.5], ["一证通办事项数", 1]]  # fmt: skip
    assert [row[2] for row in rows] == [DEFINITIONS[column.key] for column in CATALOG_COLUMNS]
    assert "2026.12-测试" in str(sheet.cell(row=8, column=1).value)


def test_pdf_shows_the_ratios_and_their_definitions(tallies: dict[str, Tally], tmp_path: Path) -> None:
    text = pdf_text(write_pdf(tallies["window"], tmp_path / "t.pdf")).replace("\n", "").replace(" ", "")
    assert "事项目录指标" in text
    assert "网上可办率" in text and "50.0%" in text and "25.0%" in text
    for definition in DEFINITIONS.values():
        assert definition.replace(" ", "") in text


def test_a_tally_without_a_catalog_says_so(tallies: dict[str, Tally], tmp_path: Path) -> None:
    from dataclasses import replace

    bare = replace(tallies["window"], catalog=None)
    text = pdf_text(write_pdf(bare, tmp_path / "t.pdf")).replace("\n", "")
    assert "未读取到事项目录" in text
    sheet = load_workbook(write_xlsx({"window": bare}, tmp_path / "t.xlsx"))["事项目录指标"]
    assert "未读取到事项目录" in str(sheet.cell(row=2, column=1).value)
