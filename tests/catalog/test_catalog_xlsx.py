"""XLSX catalog: the halls' sheet form, round trips, and problems naming sheet, row and column header."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from hallclient.catalog import CatalogError, catalog_from_json, load_catalog, write_catalog
from hallclient.catalog.forms import copy_sample_forms
from hallclient.domain.catalog import Catalog, Department, Matter, MatterKind, MatterType
from hallclient.paths import resource_path

Edit = Callable[[Any], None]


@pytest.fixture
def xlsx(doc: dict[str, Any], tmp_path: Path) -> Path:
    path = tmp_path / "demo.xlsx"
    write_catalog(catalog_from_json(doc), path)
    return path


def edited(path: Path, edit: Edit) -> Path:
    """Change the workbook the way a clerk would in Excel, then save it."""
    workbook = openpyxl.load_workbook(path)
    edit(workbook)
    workbook.save(path)
    workbook.close()
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    return caught.value.problems


def column(sheet: Any, header: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == header)


def test_written_workbook_has_the_halls_sheets_and_frozen_headers(xlsx: Path) -> None:
    workbook = openpyxl.load_workbook(xlsx)
    assert workbook.sheetnames == ["事项", "材料", "部门", "目录信息", "证照类型", "一件事", "办事指南"]
    matters, materials = workbook["事项"], workbook["材料"]
    assert [c.value for c in matters[1]][:7] == [
        "事项编码",
        "事项名称",
        "实施部门",
        "办件类型",
        "事项类型",
        "法定时限(工作日)",
        "承诺时限(工作日)",
    ]
    assert [c.value for c in matters[2]][:7] == [
        "QR00106002",
        "国有建设用地使用权及房屋所有权转移登记",
        "BDC",
        "承诺件",
        "行政确认",
        30,
        5,
    ]
    assert [c.value for c in materials[5]] == [
        "QR00106002",
        "M04",
        "契税完税凭证",
        "电子材料",
        1,
        "是",
        "是",
        "信息共享获取",
        "",
    ]
    assert matters.freeze_panes == "A2" and materials.freeze_panes == "A2"
    assert matters.column_dimensions["B"].width > 30
    workbook.close()


def test_json_to_xlsx_to_load_gives_equal_catalog(doc: dict[str, Any], xlsx: Path) -> None:
    assert load_catalog(xlsx) == catalog_from_json(doc)


def test_demo_xlsx_is_the_demo_json_in_sheet_form(tmp_path: Path) -> None:
    from_json = load_catalog(resource_path("catalog", "demo_catalog.json"))
    assert load_catalog(resource_path("catalog", "demo_catalog.xlsx")) == from_json
    fresh = tmp_path / "fresh.xlsx"
    copy_sample_forms(from_json, resource_path("catalog"), tmp_path)
    write_catalog(from_json, fresh)
    assert load_catalog(fresh) == from_json


def test_half_valid_workbook_names_sheet_row_and_column(xlsx: Path) -> None:
    def bad_copies(workbook: Any) -> None:
        sheet = workbook["材料"]
        sheet.cell(row=7, column=column(sheet, "份数"), value="两")

    problems = problems_of(edited(xlsx, bad_copies))
    assert problems == ['demo.xlsx: 材料!7 份数: 应为正整数，实为 "两"']
    with pytest.raises(CatalogError, match=r"^事项目录 demo.xlsx：1 个问题；第一个：材料!7 份数"):
        load_catalog(xlsx)


def test_hand_typed_cells_are_understood(doc: dict[str, Any], xlsx: Path) -> None:
    def retype(workbook: Any) -> None:
        matters, materials = workbook["事项"], workbook["材料"]
        matters.cell(row=2, column=column(matters, "法定时限(工作日)"), value=" 30 ")  # number typed as text
        matters.cell(row=3, column=column(matters, "实施部门"), value="住房公积金管理中心")  # name, not code
        matters.cell(row=3, column=column(matters, "收费标准")).value = "  "  # blank -> default
        materials.cell(row=3, column=column(materials, "份数"), value=1.0)
        materials.insert_rows(4)  # an empty row in the middle is skipped

    assert load_catalog(edited(xlsx, retype)) == catalog_from_json(doc)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda wb: wb["事项"].cell(row=3, column=4, value="急件"),
            'demo.xlsx: 事项!3 办件类型: 应为 即办件/承诺件 之一，实为 "急件"',
        ),
        (
            lambda wb: wb["事项"].cell(row=3, column=5, value="行政服务"),
            "demo.xlsx: 事项!3 事项类型: 应为 行政许可/行政给付/行政确认/行政征收/行政裁决/行政奖励/"
            '其他行政权力/公共服务 之一，实为 "行政服务"',
        ),
        (lambda wb: setattr(wb["事项"]["E2"], "value", None), "demo.xlsx: 事项!2 事项类型: 缺少必填项"),
        (lambda wb: wb["事项"].cell(row=1, column=5, value="类型"), 'demo.xlsx: 事项!1: 缺少列 "事项类型"'),
        (lambda wb: wb["事项"].cell(row=2, column=9, value="Y"), 'demo.xlsx: 事项!2 一证通办: 应为 是/否，实为 "Y"'),
        (
            lambda wb: wb["事项"].cell(row=2, column=7, value=45),
            "demo.xlsx: 事项!2 承诺时限(工作日): 承诺时限 45 不得大于法定时限 30",
        ),
        (
            lambda wb: wb["事项"].cell(row=3, column=7, value=2),
            "demo.xlsx: 事项!3 承诺时限(工作日): 即办件的承诺时限应为 0，实为 2",
        ),
        (
            lambda wb: wb["事项"].cell(row=2, column=6, value=-3),
            "demo.xlsx: 事项!2 法定时限(工作日): 应为非负整数，实为 -3",
        ),
        (lambda wb: setattr(wb["事项"]["B2"], "value", None), "demo.xlsx: 事项!2 事项名称: 缺少必填项"),
        (lambda wb: wb["事项"].cell(row=3, column=3, value="民政局"), 'demo.xlsx: 事项!3 实施部门: 未知部门 "民政局"'),
        (
            lambda wb: wb["事项"].cell(row=3, column=1, value="QR00106002"),
            'demo.xlsx: 事项!3 事项编码: 事项编码重复 "QR00106002"，首次出现于 事项!2',
        ),
        (
            lambda wb: wb["材料"].cell(row=4, column=2, value="M01"),
            'demo.xlsx: 材料!4 材料编码: 同一事项内材料编码重复 "M01"，首次出现于 材料!2',
        ),
        (lambda wb: wb["材料"].cell(row=8, column=7, value="是"), "demo.xlsx: 材料!8 可容缺: 非必需材料不能标为容缺"),
        (
            lambda wb: wb["材料"].cell(row=2, column=4, value="扫描件"),
            'demo.xlsx: 材料!2 材料形式: 应为 原件/复印件/原件及复印件/电子材料 之一，实为 "扫描件"',
        ),
        (
            lambda wb: wb["材料"].cell(row=2, column=1, value="XK99999999"),
            'demo.xlsx: 材料!2 事项编码: 未知事项 "XK99999999"',
        ),
        (lambda wb: wb["部门"].cell(row=3, column=1, value="BDC"), 'demo.xlsx: 部门!3 部门编码: 部门编码重复 "BDC"'),
        (lambda wb: wb["事项"].cell(row=1, column=14, value="备注栏"), 'demo.xlsx: 事项!1: 未知列 "备注栏"'),
        (lambda wb: wb["材料"].cell(row=1, column=3, value="名称"), 'demo.xlsx: 材料!1: 缺少列 "材料名称"'),
        (lambda wb: wb.remove(wb["部门"]), 'demo.xlsx: 缺少工作表 "部门"'),
        (
            lambda wb: wb["目录信息"].cell(row=2, column=2, value="other"),
            'demo.xlsx: 目录信息: 格式应为 "hallclient-catalog"',
        ),
        (lambda wb: wb["目录信息"].delete_rows(3), 'demo.xlsx: 目录信息: 缺少 "版本"'),
    ],
)
def test_each_rule_is_reported_with_sheet_and_row(xlsx: Path, edit: Edit, expected: str) -> None:
    problems = problems_of(edited(xlsx, edit))
    assert any(problem.startswith(expected) for problem in problems), problems


def test_matter_without_material_rows(xlsx: Path) -> None:
    problems = problems_of(edited(xlsx, lambda wb: wb["材料"].delete_rows(6, 3)))
    assert problems == ["demo.xlsx: 事项!3 材料（“材料”表）: 至少应有一项材料"]


def test_not_a_workbook(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert problems_of(empty) == ["empty.xlsx: 文件为空"]
    text = tmp_path / "text.xlsx"
    text.write_text("事项编码,事项名称\n", encoding="utf-8")
    assert problems_of(text) == ["text.xlsx: 不是有效的 XLSX 文件（不是 zip 压缩包）"]
    other_zip = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "hello")
    [problem] = problems_of(other_zip)
    assert problem.startswith("other.xlsx: 不是有效的 XLSX 文件：")


def test_refused_write_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    matter = Matter("QR00000001", "无材料事项", "D1", MatterKind.IMMEDIATE, 0, 0, matter_type=MatterType.CONFIRMATION)
    with pytest.raises(CatalogError, match="至少应有一项材料"):
        write_catalog(Catalog((Department("D1", "部门"),), (matter,), "v"), target)
    assert list(tmp_path.iterdir()) == []
