"""The 通报 exports read back: PDF through pdftotext (and pdftoppm), XLSX through openpyxl, CSV as text."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from assessment_sample import department_assessment, staff_assessment
from openpyxl import load_workbook

from hallclient.domain.assessment import Assessment
from hallclient.errors import HallError
from hallclient.reports.assessment_csv import write_assessment_csv
from hallclient.reports.assessment_pdf import EVIDENCE_LINES, write_assessment_pdf
from hallclient.reports.assessment_table import DETAIL_COLUMNS, EVIDENCE_COLUMNS, ranking_columns
from hallclient.reports.assessment_xlsx import write_assessment_xlsx

HALL = "西湖区政务服务中心"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) missing")


def pdf_text(path: Path, *, layout: bool = True) -> str:
    args = ["pdftotext", "-layout", str(path), "-"] if layout else ["pdftotext", str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def department() -> Assessment:
    return department_assessment()


@needs_poppler
def test_pdf_has_title_ranking_ties_evidence_notes_and_signatures(department: Assessment, tmp_path: Path) -> None:
    path = write_assessment_pdf(department, tmp_path / "通报.pdf", hall_name=HALL)
    text = pdf_text(path)
    assert f"{HALL} 2026年第四季度 部门业务考核情况通报" in text
    assert "2026-10-01 至 2026-12-31" in text
    assert "版本 2026.1，摘要 ab12cd34ef56" in text
    ranking = [line.split() for line in text.splitlines() if line.split()[:1] in (["1"], ["2"], ["4"])]
    assert [row[:3] for row in ranking[:4]] == [
        ["1", "自然资源局", "100.00"],
        ["2", "公安分局", "72.00"],
        ["2", "市场监督管理局", "72.00"],
        ["4", "人力社保局", "39.50"],
    ]
    assert "3" not in [row[0] for row in ranking[:4]]  # a tie shares rank 2, the next is 4
    assert "约谈部门负责人，取消年度评优资格" in text
    plain = "".join(pdf_text(path, layout=False).split())
    assert "检查记录F-0001：2026-10-09明察暗访：窗口人员办件时玩手机（-2.00）" in plain  # a deduction's evidence
    assert "办件 XH20261002：办件 XH20261002 超过承诺期限仍在办（-2.00）" in text
    assert "无满意率数据，本项不计分" in text  # a missing figure says how it was scored
    assert "无排队数据：等候时长未计分" in text  # the coverage notes
    assert "≥ 90 分" in text and "通报表扬、评优优先" in text  # the grade rules and their consequences
    for signature in ("制表人：", "审核人：", "负责人（签字）：", "日期："):
        assert signature in text
    assert "未发布（草稿）" in text and "第1页/共2页" in text


@needs_poppler
def test_pdf_of_a_published_version_says_so_on_every_page(tmp_path: Path) -> None:
    path = write_assessment_pdf(staff_assessment(), tmp_path / "staff.pdf", hall_name=HALL, version=3)
    pages = pdf_text(path).split("\f")
    assert all("已发布 第 3 版" in page for page in pages if page.strip())
    assert "未发布" not in "".join(pages)
    text = "".join(pages)
    assert "人员服务考核情况通报" in text and "所属部门" in text and "王芳" in text


def test_staff_rows_name_their_department_in_every_export(tmp_path: Path) -> None:
    staff = staff_assessment()
    with write_assessment_csv(staff, tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [row[1:3] for row in rows[1:]] == [["王芳", "自然资源局"], ["李军", "SCJG"]]
    write_assessment_xlsx(staff, tmp_path / "a.xlsx")
    ranking = list(load_workbook(tmp_path / "a.xlsx").worksheets[0].iter_rows(values_only=True))
    assert [row[1:3] for row in ranking if row[1] in ("王芳", "李军")] == [("王芳", "自然资源局"), ("李军", "SCJG")]
    if shutil.which("pdftotext"):
        write_assessment_pdf(staff, tmp_path / "a.pdf", hall_name=HALL)
        text = pdf_text(tmp_path / "a.pdf")
        assert "王芳（自然资源局）" in text and "ZRZY" not in text


@needs_poppler
def test_pdf_prints_a_few_evidence_lines_and_counts_the_rest(tmp_path: Path) -> None:
    from dataclasses import replace

    from hallclient.domain.assessment import Evidence

    assessment = department_assessment()
    row = assessment.rows[1]
    many = tuple(Evidence("case", f"XH{n:05d}", f"办件 XH{n:05d} 超期", -1) for n in range(EVIDENCE_LINES + 5))
    breakdown = (replace(row.breakdown[0], evidence=many), *row.breakdown[1:])
    rows = (assessment.rows[0], replace(row, breakdown=breakdown), *assessment.rows[2:])
    path = write_assessment_pdf(replace(assessment, rows=rows), tmp_path / "many.pdf", hall_name=HALL)
    text = pdf_text(path)
    assert f"XH{EVIDENCE_LINES - 1:05d}" in text and f"XH{EVIDENCE_LINES:05d}" not in text
    assert "另有5条依据，见XLSX导出的“扣分依据”表" in "".join(pdf_text(path, layout=False).split())


@needs_poppler
def test_pdf_first_page_renders(department: Assessment, tmp_path: Path) -> None:
    path = write_assessment_pdf(department, tmp_path / "通报.pdf", hall_name=HALL)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    assert (tmp_path / "page-1.png").stat().st_size > 10_000
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    ours = [line.split() for line in fonts.splitlines()[2:] if "WenQuanYi" in line]
    assert ours and all(line[-5] == "yes" for line in ours)  # the CJK font embedded


def test_xlsx_has_ranking_breakdown_evidence_and_about_sheets(department: Assessment, tmp_path: Path) -> None:
    path = write_assessment_xlsx(department, tmp_path / "a.xlsx")
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["排名", "明细", "扣分依据", "说明"]
    ranking = list(book["排名"].values)
    assert list(ranking[0][:5]) == [column.label for column in ranking_columns(department.subject)]
    assert [(row[0], row[1], row[2]) for row in ranking[1:]] == [
        (1, "自然资源局", 100),
        (2, "公安分局", 72),
        (2, "市场监督管理局", 72),
        (4, "人力社保局", 39.5),
    ]
    satisfaction = ranking[0].index("满意率（20分）")
    assert ranking[4][satisfaction] is None  # skipped for missing data: empty, not 0
    detail = list(book["明细"].values)
    assert list(detail[0]) == [column.label for column in DETAIL_COLUMNS]
    assert len(detail) - 1 == sum(len(row.breakdown) for row in department.rows)
    overdue = next(row for row in detail if row[0] == "人力社保局" and row[2] == "在办超期件")
    assert overdue[3:8] == (9, 20, 10, -10, 1) and overdue[8] == "扣分 18 分，封顶 10 分"
    evidence = list(book["扣分依据"].values)
    assert list(evidence[0]) == [column.label for column in EVIDENCE_COLUMNS]
    finding = next(row for row in evidence if row[3] == "F-0001")
    assert finding[:3] == ("市场监督管理局", "作风纪律", "检查记录") and finding[5] == -2
    about = [cell for row in book["说明"].values for cell in row if cell]
    assert "未发布（草稿）" in about and "无排队数据：等候时长未计分" in about
    assert "约谈部门负责人，取消年度评优资格" in about
    book.close()


def test_csv_is_the_ranking_with_points_per_indicator(department: Assessment, tmp_path: Path) -> None:
    path = write_assessment_csv(department, tmp_path / "a.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese headings
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "名次",
        "部门",
        "得分",
        "等次",
        "奖惩措施",
        "按时办结率（40分）",
        "在办超期件（20分）",
        "满意率（20分）",
        "作风纪律（20分）",
        "表扬（5分）",
    ]
    assert rows[2][:3] == ["2", "公安分局", "72.0"] and rows[3][:3] == ["2", "市场监督管理局", "72.0"]
    assert rows[4][5:] == ["0.0", "10", "", "20", "2"]


def test_export_to_a_missing_folder_is_one_line_and_writes_nothing(department: Assessment, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "a.xlsx"
    with pytest.raises(HallError, match="输出目录不存在"):
        write_assessment_xlsx(department, target)
    assert not target.parent.exists()
