"""``hallclient catalog guide``: one matter as PDF/HTML, or the catalog as a static site; refusals write nothing."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from guide_helpers import FORM_BYTES, guide_catalog, pdf_text, write_form
from hallclient.cli import main
from hallclient.domain.catalog import Catalog, Guide
from hallclient.reports.guide_site import build_site
from hallclient.services.catalog import import_catalog
from hallclient.services.context import Services

TODAY = date(2026, 12, 2)


@pytest.fixture
def db(services: Services, store_path: Path) -> Path:
    import_catalog(services.store, guide_catalog())
    return store_path


def _without_forms(catalog: Catalog) -> Catalog:
    matters = tuple(replace(m, guide=replace(m.guide, sample_forms=())) for m in catalog.matters)
    return replace(catalog, matters=matters)


def test_guide_pdf_and_html_of_one_matter_from_the_store(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, page = tmp_path / "g.pdf", tmp_path / "g.html"
    assert main(["catalog", "guide", "--matter", "XK001", "--format", "pdf", "--out", str(pdf), "--db", str(db)]) == 0
    assert "食品经营许可<新办>办事指南" in pdf_text(pdf).replace("\n", "")
    assert main(["catalog", "guide", "--matter", "QT002", "--format", "html", "--out", str(page), "--db", str(db)]) == 0
    assert "办事指南未完善" in page.read_text("utf-8")
    assert "办事指南未完善" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--matter", "NOPE", "--format", "pdf"], "事项目录中没有事项 NOPE"),
        (["--matter", "XK001"], "--matter 需要 --format pdf|html 和 --out FILE"),
    ],
)
def test_guide_refusals_are_one_chinese_line_and_write_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    out = tmp_path / "g.pdf"
    assert main(["catalog", "guide", *extra, "--out", str(out), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(db.name)] == []


def test_guide_refuses_an_existing_output_without_force(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    out.write_text("keep me")
    args = ["catalog", "guide", "--matter", "XK001", "--format", "html", "--out", str(out), "--db", str(db)]
    assert main(args) == 2 and out.read_text() == "keep me"
    assert main([*args, "--force"]) == 0 and "XK001" in out.read_text("utf-8")


def test_site_from_the_store_refuses_sample_forms_it_has_no_files_for(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["catalog", "guide", "--all", "--site", str(site), "--db", str(db)]) == 2
    assert "请用 --file 指定事项目录文件" in capsys.readouterr().err
    assert not site.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]


def test_site_is_browsable_with_forms_checked_and_copied(tmp_path: Path) -> None:
    write_form(tmp_path / "catalog")
    site = tmp_path / "site"
    summary = build_site(guide_catalog(), site, forms_folder=tmp_path / "catalog",
                         base_url="https://zwfw.example.gov.cn/guides/", today=TODAY, force=False,
                         hall_name="西湖区政务服务中心")  # fmt: skip
    assert (summary.matters, summary.forms, summary.bundles, summary.incomplete) == (4, 1, 1, 3)
    index = (site / "index.html").read_text("utf-8")
    assert "<title>西湖区政务服务中心办事指南</title>" in index
    for code in ("XK001", "QT002", "XK003", "GF004"):
        assert f'href="matters/{code}.html"' in index and (site / "matters" / f"{code}.html").is_file()
    assert "<h3>市场监督管理局</h3>" in index and 'href="#py-S"' in index and 'id="py-S"' in index
    assert 'data-key="spjyxk 食品经营许可&lt;新办&gt; xk001"' in index  # the filter's key: initials, name, code
    assert '<input id="filter" type="search" hidden' in index  # without a script the plain lists stay usable
    copied = site / "forms" / "XK001" / "XK001-apply.pdf"
    assert copied.read_bytes() == FORM_BYTES
    page = (site / "matters" / "XK001.html").read_text("utf-8")
    assert 'href="../forms/XK001/XK001-apply.pdf"' in page and 'href="../index.html"' in page
    assert "https://zwfw.example.gov.cn/guides/matters/XK001.html" in page
    bundles = (site / "bundles.html").read_text("utf-8")
    assert (
        "开饭店一件事" in bundles and 'href="matters/XK001.html"' in bundles and 'href="matters/XK003.html"' in bundles
    )
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_site_refuses_a_changed_sample_form_and_leaves_the_old_site(tmp_path: Path) -> None:
    from hallclient.errors import HallError

    write_form(tmp_path / "catalog", FORM_BYTES + b"tampered")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    with pytest.raises(HallError, match=r"与目录记录的 .* 不符"):
        build_site(guide_catalog(), site, forms_folder=tmp_path / "catalog", base_url="", today=TODAY, force=True)
    assert (site / "index.html").read_text() == "old" and [p.name for p in site.iterdir()] == ["index.html"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_site_cli_replaces_with_force_and_checks_the_base_url(
    services: Services, store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_catalog(services.store, _without_forms(guide_catalog()))
    site = tmp_path / "site"
    args = ["catalog", "guide", "--all", "--site", str(site), "--db", str(store_path)]
    assert main([*args, "--base-url", "zwfw.example.gov.cn"]) == 2
    assert "不是 http:// 或 https:// 开头的网址" in capsys.readouterr().err and not site.exists()
    assert main(args) == 0
    assert "4 个事项页" in capsys.readouterr().out
    assert main(args) == 2 and "已存在" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0 and (site / "matters" / "GF004.html").is_file()


def test_guide_hash_helper_matches_the_form() -> None:
    assert guide_catalog().matters[0].guide.sample_forms[0].sha256 == hashlib.sha256(FORM_BYTES).hexdigest()
    assert Guide().empty


def test_site_from_a_catalog_file_copies_its_forms_and_refuses_a_changed_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hallclient.catalog import write_catalog

    folder = tmp_path / "catalog"
    write_form(folder)
    write_catalog(guide_catalog(), folder / "catalog.json")
    site = tmp_path / "site"
    args = ["catalog", "guide", "--all", "--site", str(site), "--file", str(folder / "catalog.json")]
    assert main(args) == 0
    assert (site / "forms" / "XK001" / "XK001-apply.pdf").read_bytes() == FORM_BYTES
    capsys.readouterr()
    write_form(folder, FORM_BYTES + b"changed")
    assert main([*args, "--force"]) == 2
    assert "示范文本" in capsys.readouterr().err
    assert (site / "forms" / "XK001" / "XK001-apply.pdf").read_bytes() == FORM_BYTES  # the old site stays
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    page = tmp_path / "one.pdf"
    one = ["catalog", "guide", "--matter", "XK001", "--format", "pdf", "--out", str(page)]
    assert main([*one, "--file", str(folder / "catalog.json"), "--db", str(tmp_path / "x.sqlite3")]) == 2
    assert "--file 与 --db 只能用其一" in capsys.readouterr().err and not page.exists()
