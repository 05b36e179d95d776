"""``hallclient catalog check|convert|import|export`` as IT staff run them."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from hallclient.catalog import load_catalog
from hallclient.cli import main
from hallclient.paths import resource_path


def test_check_ok_prints_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "check", str(resource_path("catalog", "demo_catalog.json"))]) == 0
    catalog = load_catalog(resource_path("catalog", "demo_catalog.json"))
    materials = sum(len(m.materials) for m in catalog.matters)
    out = capsys.readouterr().out
    assert out == f"目录无误：{len(catalog.matters)} 项事项，{len(catalog.departments)} 个部门，{materials} 项材料\n"


def test_check_lists_every_problem_on_stderr(
    doc: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc["matters"][0]["promised_days"] = 99
    doc["matters"][1]["materials"][0]["copies"] = "两"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["catalog", "check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "bad.json: matters[0].promised_days: 承诺时限 99 不得大于法定时限 30",
        'bad.json: matters[1].materials[0].copies: 应为正整数，实为 "两"',
        f"hallclient: 事项目录 {path}：2 个问题",
    ]


def test_check_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "check", str(tmp_path / "nope.xlsx")]) == 2
    assert capsys.readouterr().err.startswith("nope.xlsx: 文件不存在\n")


def test_convert_json_to_xlsx_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = resource_path("catalog", "demo_catalog.json")
    xlsx, back = tmp_path / "c.xlsx", tmp_path / "c.json"
    assert main(["catalog", "convert", str(source), str(xlsx)]) == 0
    assert main(["catalog", "convert", str(xlsx), str(back)]) == 0
    assert back.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    assert capsys.readouterr().out.startswith(f"已写入 {xlsx}：")
    # the sample forms went along (paths are relative to the catalog file), each byte for byte
    form = "forms/bdc/QR00106002-1.pdf"
    assert (tmp_path / form).read_bytes() == (source.parent / form).read_bytes()


def test_convert_never_overwrites_a_different_sample_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = resource_path("catalog", "demo_catalog.json")
    clash = tmp_path / "forms" / "bdc" / "QR00106002-1.pdf"
    clash.parent.mkdir(parents=True)
    clash.write_bytes(b"another hall's form")
    assert main(["catalog", "convert", str(source), str(tmp_path / "c.xlsx")]) == 2
    assert "已有内容不同的示范文本，不会覆盖：forms/bdc/QR00106002-1.pdf" in capsys.readouterr().err
    assert clash.read_bytes() == b"another hall's form" and not (tmp_path / "c.xlsx").exists()
    assert [p.name for p in (tmp_path / "forms").iterdir()] == ["bdc"]  # nothing copied either


def test_convert_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = resource_path("catalog", "demo_catalog.json")
    target = tmp_path / "c.xlsx"
    target.write_bytes(b"keep me")
    assert main(["catalog", "convert", str(source), str(target)]) == 2
    assert "已存在" in capsys.readouterr().err and target.read_bytes() == b"keep me"
    assert main(["catalog", "convert", "--force", str(source), str(target)]) == 0
    assert load_catalog(target) == load_catalog(source)


def test_convert_bad_input_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.json"
    source.write_text("{", encoding="utf-8")
    assert main(["catalog", "convert", str(source), str(tmp_path / "out.xlsx")]) == 2
    assert "不是有效的 JSON" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


def test_convert_to_unsupported_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = resource_path("catalog", "demo_catalog.json")
    assert main(["catalog", "convert", str(source), str(tmp_path / "c.csv")]) == 2
    assert '不支持的文件类型 ".csv"' in capsys.readouterr().err


def test_catalog_without_action_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog"]) == 2
    assert capsys.readouterr().err == "hallclient: catalog：缺少必填参数：ACTION\n"


def test_import_into_the_database_then_export_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "store.sqlite3"
    source = resource_path("catalog", "demo_catalog.json")
    assert main(["catalog", "import", str(source), "--db", str(db)]) == 0
    assert "已导入" in capsys.readouterr().out
    out = tmp_path / "exported.json"
    assert main(["catalog", "export", str(out), "--db", str(db)]) == 0
    # the store holds sample forms by hash only: the export says which files to put beside it
    assert "19 个示范文本文件不在" in capsys.readouterr().err
    shutil.copytree(source.parent / "forms", tmp_path / "forms")
    exported, original = load_catalog(out), load_catalog(source)

    def by_code(items: Any) -> Any:  # the store lists everything by code
        return tuple(sorted(items, key=lambda item: item.code))

    assert exported == replace(
        original,
        departments=by_code(original.departments),
        matters=by_code(original.matters),
        bundles=by_code(original.bundles),
        certificate_kinds=by_code(original.certificate_kinds),
    )


def test_import_of_a_broken_file_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "store.sqlite3"
    assert main(["catalog", "import", str(resource_path("catalog", "demo_catalog.json")), "--db", str(db)]) == 0
    document = json.loads(resource_path("catalog", "demo_catalog.json").read_text(encoding="utf-8"))
    document["matters"][0]["name"] = "改过的名称"
    document["matters"][5]["promised_days"] = -1
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["catalog", "import", str(broken), "--db", str(db)]) == 2
    assert "promised_days" in capsys.readouterr().err
    out = tmp_path / "after.json"
    assert main(["catalog", "export", str(out), "--db", str(db)]) == 0
    assert "改过的名称" not in out.read_text(encoding="utf-8")


def test_importing_the_same_catalog_twice_is_harmless(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A window re-downloads the published catalog on every full resync; the second import must not fail."""
    db = tmp_path / "store.sqlite3"
    source = resource_path("catalog", "demo_catalog.json")
    assert main(["catalog", "import", str(source), "--db", str(db)]) == 0
    assert main(["catalog", "import", str(source), "--db", str(db)]) == 0
    out = tmp_path / "exported.json"
    assert main(["catalog", "export", str(out), "--db", str(db)]) == 0
    shutil.copytree(source.parent / "forms", tmp_path / "forms")
    assert load_catalog(out).matters == tuple(sorted(load_catalog(source).matters, key=lambda m: m.code))


def test_export_of_a_store_imported_before_matter_types_names_what_to_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    db = tmp_path / "hall.sqlite3"
    assert main(["catalog", "import", str(resource_path("catalog", "demo_catalog.json")), "--db", str(db)]) == 0
    with sqlite3.connect(db) as connection:  # what migration 0003 leaves in an older store
        connection.execute("UPDATE matters SET matter_type = '' WHERE code = 'QR00106001'")
    connection.close()
    capsys.readouterr()
    out = tmp_path / "exported.xlsx"
    assert main(["catalog", "export", str(out), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "1 个事项没有事项类型" in err and "QR00106001" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_id_card_only_list_from_the_database_and_from_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv

    import openpyxl

    source = resource_path("catalog", "demo_catalog.json")
    flagged = [m for m in load_catalog(source).matters if m.id_card_only]
    db = tmp_path / "store.sqlite3"
    assert main(["catalog", "import", str(source), "--db", str(db)]) == 0
    sheet = tmp_path / "一证通办.xlsx"
    assert main(["catalog", "idcard-only", "--db", str(db), "--out", str(sheet)]) == 0
    assert f"{len(flagged)} 项一证通办事项" in capsys.readouterr().out
    workbook = openpyxl.load_workbook(sheet)
    rows = [[c.value for c in row] for row in workbook["一证通办事项"].iter_rows()]
    assert rows[0] == ["事项编码", "事项名称", "实施部门", "办理地点", "承诺时限"]
    assert [row[0] for row in rows[1:]] == sorted(m.code for m in flagged)
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["QT00801004"][1:3] == ["个人所得税纳税记录开具", "国家税务总局区税务局（办税服务厅）"]
    assert by_code["QT00801004"][4] == "即办" and by_code["JF00501003"][4].endswith("个工作日")
    assert all(row[3] for row in rows[1:])  # every demo matter has its 办理地点

    table = tmp_path / "list.csv"
    assert main(["catalog", "idcard-only", "--file", str(source), "--out", str(table)]) == 0
    with table.open(encoding="utf-8-sig", newline="") as handle:
        assert [row[0] for row in csv.reader(handle)][1:] == [m.code for m in flagged]


def test_id_card_only_list_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = str(resource_path("catalog", "demo_catalog.json"))
    assert main(["catalog", "idcard-only", "--file", source, "--out", str(tmp_path / "l.pdf")]) == 2
    assert "输出文件应为 .xlsx 或 .csv" in capsys.readouterr().err
    db = str(tmp_path / "s.sqlite3")
    assert main(["catalog", "idcard-only", "--file", source, "--db", db, "--out", str(tmp_path / "l.csv")]) == 2
    assert "--file 与 --db 只能用其一" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{}", encoding="utf-8")
    assert main(["catalog", "idcard-only", "--file", str(broken), "--out", str(tmp_path / "l.csv")]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.json"]
