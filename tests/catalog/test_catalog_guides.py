"""Certificate kinds, bundles (一件事), guides with sample forms, the new flags and published pinyin, in both forms."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from hallclient.catalog import (
    CatalogError,
    catalog_from_json,
    catalog_to_json,
    load_catalog,
    pinyin_initials,
    write_catalog,
)
from hallclient.domain.catalog import Bundle, CertificateKind, Guide, SampleForm
from hallclient.paths import resource_path

WriteJson = Callable[..., Path]
FORM_BYTES = b"%PDF-1.4\n% blank application form\n"
FORM_SHA256 = hashlib.sha256(FORM_BYTES).hexdigest()


@pytest.fixture
def full(doc: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """The test document with every new field set, its sample form file written beside where it is saved."""
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "bdc.pdf").write_bytes(FORM_BYTES)
    doc["certificate_kinds"] = [{"code": "SFZ", "name": "居民身份证"}, {"code": "BDCQZ", "name": "不动产权证书"}]
    doc["bundles"] = [
        {
            "code": "ESF",
            "name": "二手房交易一件事",
            "description": "过户与公积金提取一次办",
            "matters": ["QR00106002", "JF00501002"],
        }
    ]
    transfer, rent = doc["matters"]
    transfer.update(one_window=True, fully_online=False)
    transfer["materials"][1]["certificate_kinds"] = ["SFZ"]
    transfer["materials"][2]["certificate_kinds"] = ["BDCQZ", "SFZ"]
    transfer["guide"] = {
        "conditions": ["买卖双方已网签备案", "房屋无查封"],
        "steps": ["受理", "审核", "登簿", "发证"],
        "address": "区政务服务中心二楼 B 区 12-18 号窗口",
        "hours": "周一至周五 9:00-12:00，13:30-17:00",
        "phone": "0571-12345678",
        "online_url": "https://zwfw.example.gov.cn/bdc/transfer",
        "sample_forms": [{"name": "不动产登记申请书", "file": "forms/bdc.pdf"}],
    }
    rent.update(online=True, fully_online=True, id_card_only=True, pinyin_initials="gjjzf")
    rent["materials"][1].update(form="electronic")  # 无房产承诺书 checked by data sharing: no paper
    return doc


def test_every_new_field_is_read_and_round_trips(full: dict[str, Any], write_json: WriteJson, tmp_path: Path) -> None:
    catalog = load_catalog(write_json(full))
    assert catalog.certificate_kinds == (CertificateKind("SFZ", "居民身份证"), CertificateKind("BDCQZ", "不动产权证书"))
    assert catalog.bundles == (
        Bundle("ESF", "二手房交易一件事", ("QR00106002", "JF00501002"), "过户与公积金提取一次办", "esfjyyjs"),
    )  # initials computed when the file gives none
    transfer, rent = catalog.matters
    assert transfer.one_window and not transfer.fully_online and rent.fully_online and rent.id_card_only
    assert transfer.material("M02").certificate_kinds == ("SFZ",)
    assert transfer.material("M03").certificate_kinds == ("BDCQZ", "SFZ")
    assert transfer.guide == Guide(
        conditions=("买卖双方已网签备案", "房屋无查封"),
        steps=("受理", "审核", "登簿", "发证"),
        address="区政务服务中心二楼 B 区 12-18 号窗口",
        hours="周一至周五 9:00-12:00，13:30-17:00",
        phone="0571-12345678",
        online_url="https://zwfw.example.gov.cn/bdc/transfer",
        sample_forms=(SampleForm("不动产登记申请书", "forms/bdc.pdf", FORM_SHA256),),  # hash computed from the file
    )
    assert rent.guide == Guide() and rent.pinyin_initials == "gjjzf"  # given initials are used as they are
    assert transfer.pinyin_initials == "gyjsydsyqjfwsyqzydj"  # absent: computed

    document = catalog_to_json(catalog)
    assert catalog_from_json(document) == catalog  # the wire form (no folder) keeps the hashes
    assert document["matters"][1]["pinyin_initials"] == "gjjzf"  # type: ignore[index]
    again = tmp_path / "again.json"
    write_catalog(catalog, again)
    assert load_catalog(again) == catalog
    sheets = tmp_path / "again.xlsx"
    write_catalog(catalog, sheets)
    # the sheets carry no pinyin column: initials are computed again, so only hand-set ones differ
    computed = replace(rent, pinyin_initials=pinyin_initials(rent.name))
    assert load_catalog(sheets) == replace(catalog, matters=(transfer, computed))


def _drop(items: list[Any], index: int) -> None:
    del items[index]


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (
            lambda d: d["matters"][0]["materials"][1].update(certificate_kinds=["JHZ"]),
            'matters[0].materials[1].certificate_kinds: 未知证照类型 "JHZ"',
        ),
        (
            lambda d: d["matters"][0]["materials"][1].update(certificate_kinds="SFZ"),
            "matters[0].materials[1].certificate_kinds: 应为字符串数组",
        ),
        (lambda d: d["certificate_kinds"][1].update(code="SFZ"), 'certificate_kinds[1].code: 证照类型代码重复 "SFZ"'),
        (lambda d: d["certificate_kinds"][0].pop("name"), "certificate_kinds[0].name: 缺少必填项"),
        (lambda d: d["certificate_kinds"][0].update(issuer="公安"), "certificate_kinds[0].issuer: 未知字段"),
        (
            lambda d: d["bundles"][0]["matters"].append("XK00000001"),
            "bundles[0].matters: 一件事“二手房交易一件事”中的事项 XK00000001 不在目录中",
        ),
        (
            lambda d: _drop(d["bundles"][0]["matters"], 1),
            "bundles[0].matters: 一件事“二手房交易一件事”至少应有 2 个不同的事项，实有 1 个",
        ),
        (
            lambda d: d["bundles"][0]["matters"].append("QR00106002"),
            "bundles[0].matters: 一件事“二手房交易一件事”中的事项 QR00106002 重复",
        ),
        (lambda d: d["bundles"].append(dict(d["bundles"][0])), 'bundles[1].code: 一件事代码重复 "ESF"'),
        (lambda d: d["matters"][1].update(online=False), "matters[1].fully_online: 全程网办的事项必须同时标为网上可办"),
        (
            lambda d: d["matters"][0]["guide"]["sample_forms"][0].update(sha256="0" * 64),
            "matters[0].guide.sample_forms[0].sha256: 示范文本 forms/bdc.pdf 的哈希与目录不符",
        ),
        (
            lambda d: d["matters"][0]["guide"]["sample_forms"][0].update(file="forms/gone.pdf"),
            "matters[0].guide.sample_forms[0].file: 示范文本 forms/gone.pdf 不存在",
        ),
        (
            lambda d: d["matters"][0]["guide"]["sample_forms"][0].update(file="../bdc.pdf"),
            "matters[0].guide.sample_forms[0].file: 应为目录文件所在文件夹内的相对路径",
        ),
        (
            lambda d: d["matters"][0]["guide"]["sample_forms"][0].update(file="forms/a|b.pdf"),
            "matters[0].guide.sample_forms[0].file: 应为目录文件所在文件夹内的相对路径",
        ),
        (
            lambda d: d["matters"][0]["guide"]["sample_forms"][0].update(sha256="abc"),
            'matters[0].guide.sample_forms[0].sha256: 应为 64 位十六进制的 SHA-256，实为 "abc"',
        ),
        (lambda d: d["matters"][0]["guide"].update(fees="20元"), "matters[0].guide.fees: 未知字段"),
        (lambda d: d["matters"][0]["guide"].update(steps="受理"), "matters[0].guide.steps: 应为字符串数组"),
        (
            lambda d: d["matters"][0].update(online=False),
            "matters[0].guide.online_url: 事项未标为网上可办，不应有网上办理地址",
        ),
        (
            lambda d: d["matters"][0]["guide"].update(online_url="zwfw.example"),
            'matters[0].guide.online_url: 应为 http:// 或 https:// 开头的网址，实为 "zwfw.example"',
        ),
        (
            lambda d: d["matters"][1]["materials"][1].update(form="original"),
            "matters[1].id_card_only: 一证通办事项只能要求居民身份证（另要求：无房产承诺书）",
        ),
    ],
)
def test_each_new_rule_is_reported_with_its_json_path(
    full: dict[str, Any], write_json: WriteJson, break_it: Callable[[dict[str, Any]], object], expected: str
) -> None:
    break_it(full)
    with pytest.raises(CatalogError) as caught:
        load_catalog(write_json(full))
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


def test_a_document_from_the_wire_keeps_its_hashes_and_needs_them(full: dict[str, Any]) -> None:
    form = full["matters"][0]["guide"]["sample_forms"][0]
    form.update(file="forms/only-on-the-server.pdf", sha256="A" * 64)
    catalog = catalog_from_json(full, "服务器事项目录")  # no folder: the file is not looked for
    assert catalog.matters[0].guide.sample_forms[0].sha256 == "a" * 64
    del form["sha256"]
    with pytest.raises(CatalogError) as caught:
        catalog_from_json(full, "服务器事项目录")
    assert caught.value.problems == [
        "服务器事项目录: matters[0].guide.sample_forms[0].sha256: 缺少必填项（不从文件读取时无法计算示范文本的哈希）"
    ]


def test_a_one_card_matter_published_before_the_rule_still_reaches_the_windows(full: dict[str, Any]) -> None:
    full["matters"][1]["materials"][1]["form"] = "original"  # 无房产承诺书 on paper: not 一证通办
    full["matters"][0]["guide"]["sample_forms"][0]["sha256"] = FORM_SHA256
    catalog = catalog_from_json(full, "服务器事项目录")  # the server published it before the rule existed
    assert catalog.matters[1].id_card_only


@pytest.fixture
def sheets(full: dict[str, Any], write_json: WriteJson, tmp_path: Path) -> Path:
    path = tmp_path / "cat.xlsx"
    write_catalog(load_catalog(write_json(full)), path)
    return path


def _edited(path: Path, edit: Callable[[Any], object]) -> list[str]:
    workbook = openpyxl.load_workbook(path)
    edit(workbook)
    workbook.save(path)
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    return caught.value.problems


def test_the_new_sheets_hold_what_halls_type(sheets: Path) -> None:
    workbook = openpyxl.load_workbook(sheets)
    rows = {
        name: [[c.value for c in row] for row in workbook[name].iter_rows()]
        for name in ("证照类型", "一件事", "办事指南")
    }
    assert rows["证照类型"] == [["代码", "名称"], ["SFZ", "居民身份证"], ["BDCQZ", "不动产权证书"]]
    assert rows["一件事"][1] == ["ESF", "二手房交易一件事", "过户与公积金提取一次办", "QR00106002、JF00501002"]
    assert rows["办事指南"][0][-1] == "示范文本" and len(rows["办事指南"]) == 2  # only matters with a guide
    assert (
        rows["办事指南"][1][2] == "受理\n审核\n登簿\n发证"
        and rows["办事指南"][1][-1] == "不动产登记申请书|forms/bdc.pdf"
    )
    materials = [[c.value for c in row] for row in workbook["材料"].iter_rows()]
    assert materials[0][-1] == "可用电子证照" and materials[3][-1] == "BDCQZ、SFZ"
    assert [c.value for c in workbook["事项"][1]][11:14] == ["网上可办", "全程网办", "一窗式"]


def test_hand_typed_guide_and_bundle_cells(sheets: Path) -> None:
    def retype(workbook: Any) -> None:
        workbook["一件事"]["D2"] = "QR00106002\nJF00501002"  # one code per line works too
        workbook["材料"]["I4"] = "BDCQZ、 SFZ "

    workbook = openpyxl.load_workbook(sheets)
    retype(workbook)
    workbook.save(sheets)
    catalog = load_catalog(sheets)
    assert catalog.bundles[0].matters == ("QR00106002", "JF00501002")
    assert catalog.matters[0].material("M03").certificate_kinds == ("BDCQZ", "SFZ")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda wb: wb["一件事"].cell(row=2, column=4, value="QR00106002、XK00000001"),
            "cat.xlsx: 一件事!2 事项代码: 一件事“二手房交易一件事”中的事项 XK00000001 不在目录中",
        ),
        (
            lambda wb: wb["办事指南"].cell(row=2, column=1, value="XK00000001"),
            'cat.xlsx: 办事指南!2 事项代码: 未知事项 "XK00000001"',
        ),
        (
            lambda wb: wb["办事指南"].cell(row=2, column=8, value="申请书|forms/bdc.pdf\n空白表"),
            'cat.xlsx: 办事指南!2 示范文本 第 2 行: 应为 "名称|路径"，实为 "空白表"',
        ),
        (
            lambda wb: wb["办事指南"].cell(row=2, column=8, value="申请书|forms/none.pdf"),
            "cat.xlsx: 办事指南!2 示范文本 第 1 行 路径: 示范文本 forms/none.pdf 不存在",
        ),
        (lambda wb: wb["材料"].cell(row=3, column=9, value="JHZ"), 'cat.xlsx: 材料!3 可用电子证照: 未知证照类型 "JHZ"'),
        (
            lambda wb: wb["证照类型"].cell(row=3, column=1, value="SFZ"),
            'cat.xlsx: 证照类型!3 代码: 证照类型代码重复 "SFZ"',
        ),
        (
            lambda wb: wb["事项"].cell(row=3, column=12, value="否"),
            "cat.xlsx: 事项!3 全程网办: 全程网办的事项必须同时标为网上可办",
        ),
    ],
)
def test_new_sheet_rules_name_sheet_row_and_column(sheets: Path, edit: Callable[[Any], object], expected: str) -> None:
    problems = _edited(sheets, edit)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_workbook_from_before_the_new_sheets_still_loads(doc: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    write_catalog(catalog_from_json(doc), path)
    workbook = openpyxl.load_workbook(path)
    for name in ("证照类型", "一件事", "办事指南"):
        workbook.remove(workbook[name])
    workbook["事项"].delete_cols(13, 2)  # 全程网办, 一窗式
    workbook["材料"].delete_cols(9)  # 可用电子证照
    workbook.save(path)
    assert load_catalog(path) == catalog_from_json(doc)


def test_a_window_applying_the_published_catalog_never_imports_pypinyin(full: dict[str, Any], tmp_path: Path) -> None:
    """Issue 18: the server publishes the initials, so a window client does not load pypinyin's dictionary."""
    full["matters"][0]["pinyin_initials"] = "gyjsydsyqjfwsyqzydj"
    full["bundles"][0]["pinyin_initials"] = "esfjyyjs"  # bundles carry theirs too (catalog_to_json writes them)
    full["matters"][0]["guide"]["sample_forms"][0]["sha256"] = FORM_SHA256
    document = tmp_path / "published.json"
    document.write_text(json.dumps(full, ensure_ascii=False), encoding="utf-8")
    script = f"""
import json, sys
from datetime import datetime, timezone
from pathlib import Path
from hallclient.protocol.wire import Change, ChangesPage
from hallclient.store.bootstrap import open_store
from hallclient.sync.downloader import apply_page
data = json.loads(Path({str(document)!r}).read_text(encoding="utf-8"))
store = open_store(Path({str(tmp_path / "window.sqlite3")!r}))
page = ChangesPage(epoch="e", changes=[Change(version=1, kind="catalog", key="catalog", data=data)], next_after=1,
                   head=1, more=False)
apply_page(store, page, datetime.now(timezone.utc))
from hallclient.services.catalog import load_catalog
print(len(load_catalog(store).matters), "pypinyin" in sys.modules)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "False"]


def test_demo_catalog_has_guides_certificates_and_bundles() -> None:
    catalog = load_catalog(resource_path("catalog", "demo_catalog.json"))
    kinds = {kind.code: kind.name for kind in catalog.certificate_kinds}
    assert 8 <= len(kinds) <= 12 and kinds["SFZ"] == "居民身份证" and kinds["YYZZ"] == "营业执照"
    birth = catalog.matter("QR00201005")
    assert birth is not None and birth.material("M01").certificate_kinds == ("CSYXZM",)  # 出生医学证明
    assert {code for m in catalog.matters for x in m.materials for code in x.certificate_kinds} == set(kinds)
    for matter in catalog.matters:  # a full guide for every matter
        guide = matter.guide
        assert len(guide.conditions) >= 2 and len(guide.steps) >= 3, matter.code
        assert guide.address.startswith("区政务服务中心") and "号" in guide.address and guide.hours and guide.phone
        assert bool(guide.online_url) == matter.online, matter.code
    with_forms = {m.department_code for m in catalog.matters if m.guide.sample_forms}
    assert with_forms == {d.code for d in catalog.departments}
    assert any(m.fully_online for m in catalog.matters) and any(m.one_window for m in catalog.matters)
    assert [b.name for b in catalog.bundles] == ["新生儿出生一件事", "开办企业一件事", "二手房买卖不动产登记一件事"]
    newborn = catalog.bundles[0]
    assert [catalog.matter(code).name for code in newborn.matters] == [  # type: ignore[union-attr]
        "出生医学证明首次签发",
        "出生登记",
        "城乡居民基本医疗保险参保登记",
        "社会保障卡申领",
    ]
    assert sum(m.id_card_only for m in catalog.matters) >= 8
