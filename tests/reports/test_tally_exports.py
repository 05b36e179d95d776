"""Exports: CSV with BOM, XLSX read back equal to the CSV, PDF text carrying the figures and the Chinese."""

from __future__ import annotations

import csv
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from hallclient.domain.tally import COLUMNS, PARTNER_COLUMNS, Period, partner_rows
from hallclient.errors import HallError
from hallclient.reports.export_csv import write_csv
from hallclient.reports.export_pdf import write_pdf
from hallclient.reports.export_xlsx import write_xlsx
from hallclient.services.tallies import local_tallies

TODAY = date(2026, 3, 13)
PERIOD = Period(date(2026, 3, 9), TODAY)


@pytest.fixture(scope="module")
def tallies(seeded: Any) -> Any:
    return local_tallies(seeded.services, PERIOD, today=TODAY)


def _norm(value: Any) -> Any:
    """A cell as a number when it is one (Excel keeps 1.0 as 1), else its text; empty cells as ""."""
    if value is None or value == "":
        return ""
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_has_bom_header_groups_and_total(tmp_path: Path, tallies: Any) -> None:
    path = write_csv(tallies["clerk"], tmp_path / "t.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(path)
    assert rows[0][:3] == ["窗口人员", "办件数", "受理"]
    assert rows[-1][0] == "合计" and int(rows[-1][1]) == 90
    assert sum(int(row[1]) for row in rows[1:-1]) == 90
    assert not list(tmp_path.glob(".*partial"))


HEADINGS = (
    "办件数", "受理", "一次性告知", "不予受理", "容缺受理", "即办", "一窗受理率", "全省通办", "跨省通办", "一证通办",
    "帮办代办", "绿色通道", "首问登记", "已办结", "办理时长中位数(小时)", "办理时长P90(小时)", "在办超期", "临近到期",
    "超期办结", "非常满意", "满意", "基本满意", "不满意", "非常不满意", "满意率", "差评", "差评已办结", "差评处理率",
    "差评已整改", "差评整改率", "投诉", "投诉办结率", "投诉整改率", "投诉超期",
)  # fmt: skip


def test_exports_head_their_columns_in_chinese_whatever_the_column_keys(tmp_path: Path, tallies: Any) -> None:
    rows = _csv_rows(write_csv(tallies["window"], tmp_path / "t.csv"))
    assert tuple(rows[0]) == ("窗口", *HEADINGS)
    keys = [column.key for column in COLUMNS]
    assert len(set(keys)) == len(keys) and all(key.isidentifier() and key.isascii() for key in keys)


def test_xlsx_sheets_read_back_equal_the_csv(tmp_path: Path, tallies: Any) -> None:
    xlsx = write_xlsx(tallies, tmp_path / "t.xlsx")
    book = load_workbook(xlsx)
    assert book.sheetnames == ["汇总", "按窗口", "按窗口人员", "按部门", "按事项", "按办理渠道", "协议地区", "一件事",
                               "帮办代办", "事项目录指标", "证照共享"]  # fmt: skip
    partners = [list(row) for row in book["协议地区"].iter_rows(values_only=True)]
    assert partners == [["协议地区", *[c.label for c in PARTNER_COLUMNS]], *partner_rows(tallies["window"])]
    assert partners[-1][0] == "合计" and sum(row[1] for row in partners[1:-1]) == partners[-1][1] > 0  # posted
    for grouping, sheet_name in (("clerk", "按窗口人员"), ("matter", "按事项"), ("channel", "按办理渠道")):
        csv_rows = _csv_rows(write_csv(tallies[grouping], tmp_path / f"{grouping}.csv"))
        sheet = book[sheet_name]
        assert sheet.freeze_panes == "B2"
        read = [[_norm(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        assert read == [[_norm(value) for value in row] for row in csv_rows]
    share_column = _csv_rows(tmp_path / "clerk.csv")[0].index("一窗受理率") + 1
    assert book["按窗口人员"].cell(row=2, column=share_column).number_format == "0.0%"
    summary = book["汇总"]
    assert len(summary._charts) == 3  # native Excel charts: outcomes, ratings, hourly intake


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


def test_pdf_text_carries_figures_chinese_and_signature_lines(tmp_path: Path, tallies: Any) -> None:
    tally = tallies["clerk"]
    path = write_pdf(tally, tmp_path / "t.pdf")
    text = _pdf_text(path)
    assert "西湖区政务服务中心办件统计表" in text
    assert "2026-03-09 至 2026-03-13" in text
    assert "制表人" in text and "审核人" in text
    assert "第1页/共2页" in text.replace(" ", "")
    for fig in tally.groups:
        assert fig.label in text
    total_line = next(line for line in text.splitlines() if line.strip().startswith("合计"))
    assert str(tally.total.cases) in total_line.split()
    assert f"{tally.total.rated} / " in text  # 评价次数/满意率 in the key figures
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    assert "WenQuanYiMicroHei" in fonts and " yes yes " in fonts  # embedded (subset)


def test_pdf_draws_rare_characters_with_the_fallback_font(tmp_path: Path, tallies: Any) -> None:
    from dataclasses import replace

    tally = replace(tallies["window"], hall_name="䶮山区政务服务中心")
    text = _pdf_text(write_pdf(tally, tmp_path / "rare.pdf"))
    assert "䶮山区政务服务中心办件统计表" in text
    fonts = subprocess.run(["pdffonts", str(tmp_path / "rare.pdf")], check=True, capture_output=True, text=True)
    assert "DroidSansFallback" in fonts.stdout


def test_pdf_embeds_the_extension_b_f_font_for_supplementary_plane_characters(tmp_path: Path, tallies: Any) -> None:
    from dataclasses import replace

    from pypdf import PdfReader

    name = "𠮷𪜀𫝀𫠠𬺰山区政务服务中心"  # Extensions B, C, D, E, F
    tally = replace(tallies["window"], hall_name=name)
    path = write_pdf(tally, tmp_path / "ext.pdf")
    text = _pdf_text(path)
    assert f"{name}办件统计表" in text
    footers = [line for line in text.splitlines() if "页/共" in line.replace(" ", "")]
    assert footers and all(name in line for line in footers)  # the footer draws it too
    assert f"{name}办件统计表" in PdfReader(path).pages[0].extract_text()
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    hana = next(line for line in fonts.splitlines() if "HanaMinB" in line)
    assert " yes yes " in hana  # embedded (subset)


def test_empty_period_exports_cleanly(tmp_path: Path, seeded: Any) -> None:
    empty = local_tallies(seeded.services, Period.day(date(2025, 1, 6)), ["window"], today=TODAY)
    text = _pdf_text(write_pdf(empty["window"], tmp_path / "empty.pdf"))
    assert "本期间没有受理办件" in text
    assert _csv_rows(write_csv(empty["window"], tmp_path / "empty.csv"))[1][:2] == ["合计", "0"]


def test_unwritable_output_is_one_clear_error_and_no_file(tmp_path: Path, tallies: Any) -> None:
    with pytest.raises(HallError, match="输出目录不存在"):
        write_csv(tallies["clerk"], tmp_path / "missing" / "t.csv")
    with pytest.raises(HallError, match="目录"):
        write_pdf(tallies["clerk"], tmp_path)
