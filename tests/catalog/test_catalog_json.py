"""JSON catalog: loading, writing, and every validation rule naming the JSON path of the problem."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hallclient.catalog import CatalogError, catalog_from_json, catalog_to_json, load_catalog, write_catalog
from hallclient.domain.catalog import Catalog, Department, Material, MaterialForm, Matter, MatterKind, MatterType
from hallclient.paths import resource_path

WriteJson = Callable[..., Path]


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    return caught.value.problems


def test_load_builds_catalog_with_defaults_and_pinyin(doc: dict[str, Any], write_json: WriteJson) -> None:
    catalog = load_catalog(write_json(doc))
    assert catalog.version == "test-1"
    assert catalog.departments[0] == Department("BDC", "区不动产登记中心")
    transfer, rent = catalog.matters
    assert transfer.kind is MatterKind.PROMISED and (transfer.statutory_days, transfer.promised_days) == (30, 5)
    # the English value and the Chinese name staff write both name the type
    assert (transfer.matter_type, rent.matter_type) == (MatterType.CONFIRMATION, MatterType.PUBLIC_SERVICE)
    assert transfer.province_wide and transfer.online and not transfer.cross_province
    assert transfer.pinyin_initials == "gyjsydsyqjfwsyqzydj"
    assert transfer.material("M04") == Material(
        "M04", "契税完税凭证", MaterialForm.ELECTRONIC, 1, required=True, deficiency_allowed=True, note="信息共享获取"
    )
    # optional fields fall back to the domain defaults
    assert rent.fee == "不收费" and rent.legal_basis == "" and not rent.id_card_only
    assert rent.material("M02") == Material("M02", "无房产承诺书")
    assert rent.material("M03").form is MaterialForm.COPY and not rent.material("M03").required
    assert rent.pinyin_initials == "zfgjjtqzf"


def test_write_then_load_round_trips(doc: dict[str, Any], write_json: WriteJson, tmp_path: Path) -> None:
    catalog = load_catalog(write_json(doc))
    out = tmp_path / "out.json"
    write_catalog(catalog, out)
    assert load_catalog(out) == catalog
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["matters"][0]["pinyin_initials"] == "gyjsydsyqjfwsyqzydj"  # published, so readers need no pypinyin
    assert "国有建设用地" in out.read_text(encoding="utf-8")  # Chinese stays readable, not \u-escaped
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_in_memory_document_round_trip(doc: dict[str, Any]) -> None:
    catalog = catalog_from_json(doc, "wire")
    assert catalog_from_json(catalog_to_json(catalog)) == catalog


def test_write_refuses_invalid_catalog_and_leaves_target_alone(tmp_path: Path) -> None:
    target = tmp_path / "bad.json"
    target.write_text("previous", encoding="utf-8")
    matter = Matter("A1", "事项", "NOPE", MatterKind.PROMISED, 5, 9, materials=(Material("M1", "表"),))
    with pytest.raises(CatalogError) as caught:
        write_catalog(Catalog(departments=(), matters=(matter,), version="v"), target)
    assert any("未知部门" in p for p in caught.value.problems)
    assert any("承诺时限 9 不得大于法定时限 5" in p for p in caught.value.problems)
    assert target.read_text(encoding="utf-8") == "previous"


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda d: d["matters"][0].pop("name"), "cat.json: matters[0].name: 缺少必填项"),
        (lambda d: d["matters"][0].update(name=""), "cat.json: matters[0].name: 不能为空"),
        (lambda d: d["matters"][0].update(statutory_days="30"), 'matters[0].statutory_days: 应为非负整数，实为 "30"'),
        (lambda d: d["matters"][0].update(statutory_days=-1), "matters[0].statutory_days: 应为非负整数，实为 -1"),
        (lambda d: d["matters"][0].update(promised_days=-2), "matters[0].promised_days: 应为非负整数，实为 -2"),
        (lambda d: d["matters"][0].update(statutory_days=True), "matters[0].statutory_days: 应为非负整数，实为 true"),
        (lambda d: d["matters"][0].update(online="yes"), 'matters[0].online: 应为 true/false，实为 "yes"'),
        (
            lambda d: d["matters"][0].update(kind="即办件"),
            'matters[0].kind: 应为 immediate/promised 之一，实为 "即办件"',
        ),
        (lambda d: d["matters"][0].update(fee=10), "matters[0].fee: 应为文本，实为 10"),
        (lambda d: d["matters"][1].pop("matter_type"), "cat.json: matters[1].matter_type: 缺少必填项"),
        (
            lambda d: d["matters"][0].update(matter_type="服务"),
            "cat.json: matters[0].matter_type: 应为 licence/payment/confirmation/levy/adjudication/reward/"
            "other_power/public_service/行政许可/行政给付/行政确认/行政征收/行政裁决/行政奖励/其他行政权力/公共服务 "
            '之一，实为 "服务"',
        ),
        (
            lambda d: d["matters"][0]["materials"][3].update(copies=0),
            "cat.json: matters[0].materials[3].copies: 应为正整数，实为 0",
        ),
        (
            lambda d: d["matters"][0]["materials"][1].update(form="scan"),
            "matters[0].materials[1].form: 应为 original/copy/original_and_copy/electronic 之一",
        ),
        (
            lambda d: d["matters"][1].update(code="QR00106002"),
            'matters[1].code: 事项编码重复 "QR00106002"，首次出现于 matters[0]',
        ),
        (
            lambda d: d["matters"][0]["materials"][2].update(code="M01"),
            'matters[0].materials[2].code: 同一事项内材料编码重复 "M01"，首次出现于 matters[0].materials[0]',
        ),
        (lambda d: d["departments"][1].update(code="BDC"), 'departments[1].code: 部门编码重复 "BDC"'),
        (lambda d: d["matters"][1].update(department="MZ"), 'matters[1].department: 未知部门 "MZ"'),
        (
            lambda d: d["matters"][0].update(promised_days=31),
            "matters[0].promised_days: 承诺时限 31 不得大于法定时限 30",
        ),
        (lambda d: d["matters"][1].update(promised_days=1), "matters[1].promised_days: 即办件的承诺时限应为 0，实为 1"),
        (lambda d: d["matters"][1].update(materials=[]), "matters[1].materials: 至少应有一项材料"),
        (lambda d: d["matters"][1].pop("materials"), "matters[1].materials: 缺少必填项"),
        (lambda d: d["matters"][1].update(materials={}), "matters[1].materials: 应为数组，实为对象"),
        (lambda d: d["matters"][1]["materials"].append("身份证"), "matters[1].materials[3]: 应为对象，实为字符串"),
        (
            lambda d: d["matters"][1]["materials"][2].update(tolerable=True),
            "matters[1].materials[2].tolerable: 非必需材料不能标为容缺",
        ),
        (
            lambda d: d["matters"][0].update(pinyin_initials="GY JS"),
            'matters[0].pinyin_initials: 应为小写字母和数字，实为 "GY JS"',
        ),
        (lambda d: d["matters"][0].update(pinyin="x"), "matters[0].pinyin: 未知字段"),
        (lambda d: d["matters"][0]["materials"][0].update(pages=3), "matters[0].materials[0].pages: 未知字段"),
        (lambda d: d.update(extra=1), "cat.json: extra: 未知字段"),
        (lambda d: d.pop("version"), "cat.json: version: 缺少必填项"),
        (lambda d: d.pop("departments"), "cat.json: departments: 缺少必填项"),
        (lambda d: d.update(matters=None), "cat.json: matters: 应为数组，实为null"),
    ],
)
def test_each_rule_is_reported_with_its_json_path(
    doc: dict[str, Any], write_json: WriteJson, break_it: Callable[[dict[str, Any]], object], expected: str
) -> None:
    break_it(doc)
    problems = problems_of(write_json(doc))
    assert any(expected in problem for problem in problems), problems


def test_all_problems_are_collected_and_message_is_one_line(doc: dict[str, Any], write_json: WriteJson) -> None:
    doc["matters"][0]["promised_days"] = 40
    doc["matters"][0]["materials"][3]["copies"] = "两"
    doc["matters"][1]["department"] = "XX"
    with pytest.raises(CatalogError) as caught:
        load_catalog(write_json(doc))
    error = caught.value
    assert error.problems == [
        "cat.json: matters[0].promised_days: 承诺时限 40 不得大于法定时限 30",
        'cat.json: matters[0].materials[3].copies: 应为正整数，实为 "两"',
        'cat.json: matters[1].department: 未知部门 "XX"',
    ]
    assert (
        str(error) == "事项目录 cat.json：3 个问题；第一个：matters[0].promised_days: 承诺时限 40 不得大于法定时限 30"
    )
    assert "\n" not in str(error) and error.exit_code == 2


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "cat.json: 文件为空"),
        (b"  \n", "cat.json: 文件为空"),
        (b'{"format": "hallclient-catalog",', "cat.json: 不是有效的 JSON：第 1 行第 33 列"),
        (b"\xff\xfe{}", "cat.json: 不是 UTF-8 编码的文本文件"),
        (b"[1, 2]", "cat.json: 顶层应为 JSON 对象，实为数组"),
        (
            b'{"format": "other", "matters": []}',
            'cat.json: format: 不是 hallclient 事项目录（应为 "hallclient-catalog"，实为 "other"）',
        ),
        (b'{"matters": []}', 'cat.json: format: 不是 hallclient 事项目录（应为 "hallclient-catalog"，但缺少该字段）'),
    ],
)
def test_unreadable_files_give_one_clear_problem(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "cat.json"
    path.write_bytes(content)
    problems = problems_of(path)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_missing_file_and_unsupported_suffix(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "none.json") == ["none.json: 文件不存在"]
    csv = tmp_path / "cat.csv"
    csv.write_text("a,b", encoding="utf-8")
    assert problems_of(csv) == ['cat.csv: 不支持的文件类型 ".csv"（应为 .json 或 .xlsx）']


def test_utf8_bom_is_accepted(doc: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    assert len(load_catalog(path).matters) == 2


def test_demo_catalog_is_valid_and_realistic() -> None:
    catalog = load_catalog(resource_path("catalog", "demo_catalog.json"))
    matters = catalog.matters
    assert len(matters) >= 90 and len(catalog.departments) >= 12
    assert {m.department_code for m in matters} == {d.code for d in catalog.departments}
    immediate = sum(m.kind is MatterKind.IMMEDIATE for m in matters)
    assert 0.2 <= immediate / len(matters) <= 0.3
    assert all(2 <= len(m.materials) <= 8 for m in matters)
    assert all(len(m.code) == 10 and m.code[:2].isalpha() and m.code[2:].isdigit() for m in matters)
    promised = [m for m in matters if m.kind is MatterKind.PROMISED]
    assert sum(m.promised_days * 2 <= m.statutory_days for m in promised) >= len(promised) // 2
    assert any(m.id_card_only for m in matters) and any(m.cross_province for m in matters)
    names = {m.name for m in matters}
    for real in (
        "国有建设用地使用权及房屋所有权转移登记",
        "城乡居民基本养老保险参保登记",
        "住房公积金提取（购房）",
        "内地居民结婚登记",
        "个体工商户设立登记",
        "居民身份证换领",
    ):
        assert real in names
    by_pinyin = {m.pinyin_initials: m.name for m in matters}
    types = {m.name: m.matter_type for m in matters}
    assert types["个人所得税纳税记录开具"] is MatterType.PUBLIC_SERVICE
    assert types["社会保障卡挂失与补换"] is MatterType.PUBLIC_SERVICE
    assert types["最低生活保障申请"] is MatterType.PAYMENT
    assert types["工伤认定申请"] is MatterType.CONFIRMATION
    assert types["食品经营许可"] is MatterType.LICENCE and types["内地居民结婚登记"] is MatterType.CONFIRMATION
    assert by_pinyin["jmsfzhl"] == "居民身份证换领"


def test_demo_catalog_json_is_in_canonical_written_form(tmp_path: Path) -> None:
    source = resource_path("catalog", "demo_catalog.json")
    out = tmp_path / "again.json"
    write_catalog(load_catalog(source), out)
    assert out.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
