"""The hall's published service guides as a static site (``hallclient catalog guide --all --site DIR``).

``index.html`` lists the matters by department, with a pinyin-initials index of plain anchors (works without a
script) and a small optional inline script that filters by initials or name; ``matters/CODE.html`` is each
matter's guide (:mod:`hallclient.reports.guide_html`); ``forms/CODE/…`` the sample forms, copied only after
every one was found with the hash the catalog records; ``bundles.html`` the 一件事 with links to their matters.

All or nothing: every check runs before anything is written, the site is written into a temporary folder
beside DIR, and that folder is renamed into place.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path, PurePosixPath

from hallclient.catalog.validation import file_sha256
from hallclient.domain.catalog import Catalog, Matter, SampleForm
from hallclient.domain.guide_links import check_guide_base_url, matter_page
from hallclient.errors import HallError
from hallclient.reports.guide_html import guide_html, page
from hallclient.reports.guide_model import GuideDoc, guide_for

SAFE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

FILTER_STYLE = """
.initials a { display: inline-block; min-width: 1.6em; text-align: center; }
ul.matters li { margin: 0.15em 0; }
.py { color: #777; font-family: monospace; margin-left: 0.5em; }
"""
FILTER_SCRIPT = """<script>
(function () {
  var box = document.getElementById("filter");
  if (!box) { return; }
  box.hidden = false;
  box.addEventListener("input", function () {
    var q = box.value.trim().toLowerCase();
    document.querySelectorAll("li[data-key]").forEach(function (li) {
      li.hidden = q !== "" && li.getAttribute("data-key").indexOf(q) < 0;
    });
  });
})();
</script>"""


@dataclass(frozen=True)
class SiteSummary:
    matters: int
    forms: int
    bundles: int
    incomplete: int  # matters whose page says 办事指南未完善


def check_code(matter: Matter) -> None:
    if not SAFE_CODE.match(matter.code):
        raise HallError(f"事项编码“{matter.code}”不能用作文件名（只允许字母、数字、点、下划线和连字符）")


def _form_source(form: SampleForm, folder: Path | None, matter: Matter) -> Path:
    """The checked file of ``form``: present inside ``folder``, with the catalog's hash."""
    where = f"事项 {matter.code} 的示范文本“{form.name}”（{form.file}）"
    if folder is None:
        raise HallError(f"{where}：从本地数据库生成时没有示范文本文件，请用 --file 指定事项目录文件")
    relative = PurePosixPath(form.file)
    source = folder.joinpath(*relative.parts)
    if relative.is_absolute() or ".." in relative.parts or not source.is_file():
        raise HallError(f"{where}：文件不存在（相对于 {folder}）")
    digest = file_sha256(source)
    if digest != form.sha256:
        raise HallError(f"{where}：文件哈希 {digest[:12]}… 与目录记录的 {form.sha256[:12]}… 不符，文件可能已被改动")
    return source


def form_target(matter: Matter, form: SampleForm) -> str:
    """Where a sample form goes in the site, relative to its root."""
    return f"forms/{matter.code}/{PurePosixPath(form.file).name}"


def _form_href(matter: Matter) -> Callable[[SampleForm], str]:
    """A matter page's link to one of its copied forms."""
    return lambda form: "../" + form_target(matter, form)


def _initials(matter: Matter) -> str:
    if matter.pinyin_initials:
        return matter.pinyin_initials.lower()
    from hallclient.catalog import pinyin_initials  # only for a catalog that does not carry them

    return pinyin_initials(matter.name).lower()


def _nav(prefix: str) -> str:
    return f'<nav><a href="{prefix}index.html">事项目录</a> · <a href="{prefix}bundles.html">一件事一次办</a></nav>'


def _address(base_url: str, path: str) -> str:
    if not base_url:
        return ""
    url = escape(f"{base_url}/{path}")
    return f"<p class='meta'>本页网址：<a href=\"{url}\">{url}</a></p>"


def _matter_item(matter: Matter, doc: GuideDoc) -> str:
    key = escape(f"{_initials(matter)} {matter.name.lower()} {matter.code.lower()}")
    marks = "".join(f" <small>[{escape(mark)}]</small>" for mark in doc.marks)
    return (
        f'<li data-key="{key}"><a href="{escape(matter_page(matter.code))}">{escape(matter.name)}</a>'
        f" <small>{escape(matter.code)}</small>{marks}<span class='py'>{escape(_initials(matter))}</span></li>"
    )


def _index(catalog: Catalog, docs: dict[str, GuideDoc], base_url: str, footer: str, hall_name: str) -> str:
    title = f"{hall_name}办事指南"
    parts = [_nav(""), f"<h1>{escape(title)}</h1>", f"<p class='meta'>{escape(footer)}</p>"]
    parts.append(_address(base_url, "index.html"))
    parts.append(
        '<p><input id="filter" type="search" hidden placeholder="输入拼音首字母或事项名称筛选" '
        'aria-label="筛选事项"></p>'
    )
    letters = sorted({_initials(matter)[:1].upper() for matter in catalog.matters if _initials(matter)})
    parts.append(
        "<h2>按拼音首字母</h2><p class='initials'>"
        + " ".join(f'<a href="#py-{letter}">{escape(letter)}</a>' for letter in letters)
        + "</p>"
    )
    parts.append("<h2>按部门</h2>")
    for department in catalog.departments:
        matters = [matter for matter in catalog.matters if matter.department_code == department.code]
        if not matters:
            continue
        parts.append(f"<h3>{escape(department.name)}</h3><ul class='matters'>")
        parts += [_matter_item(matter, docs[matter.code]) for matter in matters]
        parts.append("</ul>")
    for letter in letters:
        matters = sorted(
            (matter for matter in catalog.matters if _initials(matter)[:1].upper() == letter), key=_initials
        )
        parts.append(f'<h3 id="py-{escape(letter)}">{escape(letter)}</h3><ul class="matters">')
        parts += [_matter_item(matter, docs[matter.code]) for matter in matters]
        parts.append("</ul>")
    parts.append(f"<footer><p>{escape(footer)}</p></footer>")
    parts.append(FILTER_SCRIPT)
    return page(title, "\n".join(part for part in parts if part), extra_style=FILTER_STYLE)


def _bundles(catalog: Catalog, base_url: str, footer: str) -> str:
    parts = [_nav(""), "<h1>一件事一次办</h1>", f"<p class='meta'>{escape(footer)}</p>"]
    parts.append(_address(base_url, "bundles.html"))
    if not catalog.bundles:
        parts.append("<p>本目录没有一件事一次办事项。</p>")
    for bundle in catalog.bundles:
        parts.append(f"<h2>{escape(bundle.name)} <small>{escape(bundle.code)}</small></h2>")
        if bundle.description:
            parts.append(f"<p>{escape(bundle.description)}</p>")
        parts.append("<ol>")
        for code in bundle.matters:
            matter = catalog.matter(code)
            name = escape(matter.name) if matter is not None else escape(code)
            parts.append(f'<li><a href="{escape(matter_page(code))}">{name}</a> <small>{escape(code)}</small></li>')
        parts.append("</ol>")
    parts.append(f"<footer><p>{escape(footer)}</p></footer>")
    return page("一件事一次办", "\n".join(part for part in parts if part))


def build_site(
    catalog: Catalog,
    target: Path,
    *,
    forms_folder: Path | None,
    base_url: str,
    today: date,
    force: bool,
    hall_name: str = "",
) -> SiteSummary:
    """Check everything, then write the whole site at ``target`` (replacing it only with ``force``)."""
    target = Path(target)
    base_url = check_guide_base_url(base_url)
    if target.exists() and not force:
        raise HallError(f"{target} 已存在；如需覆盖请加 --force")
    if target.exists() and not target.is_dir():
        raise HallError(f"{target} 不是目录")
    if not target.parent.is_dir():
        raise HallError(f"输出目录不存在：{target.parent}")
    for matter in catalog.matters:
        check_code(matter)
    copies: dict[str, Path] = {}
    for matter in catalog.matters:
        for form in matter.guide.sample_forms:
            destination = form_target(matter, form)
            if destination in copies:
                raise HallError(f"事项 {matter.code} 有两个同名的示范文本文件：{PurePosixPath(form.file).name}")
            copies[destination] = _form_source(form, forms_folder, matter)
    docs = {matter.code: guide_for(matter, catalog, today) for matter in catalog.matters}
    footer = next(iter(docs.values())).footer if docs else f"事项目录版本：{catalog.version or '未标版本'}"
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a published site is read by the web server
        (staging / "matters").mkdir()
        for matter in catalog.matters:
            doc = docs[matter.code]
            body = guide_html(doc, form_href=_form_href(matter), nav=_nav("../"))
            body = body.replace("<footer>", _address(base_url, matter_page(matter.code)) + "<footer>", 1)
            (staging / matter_page(matter.code)).write_text(body, encoding="utf-8")
        for destination, source in copies.items():
            path = staging / destination
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)
        (staging / "index.html").write_text(_index(catalog, docs, base_url, footer, hall_name), encoding="utf-8")
        (staging / "bundles.html").write_text(_bundles(catalog, base_url, footer), encoding="utf-8")
        _swap_into_place(staging, target)
    except OSError as error:
        raise HallError(f"无法写入站点 {target}：{error.strerror or error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    incomplete = sum(1 for doc in docs.values() if doc.incomplete)
    return SiteSummary(len(catalog.matters), len(copies), len(catalog.bundles), incomplete)


def _swap_into_place(staging: Path, target: Path) -> None:
    """Rename the finished site onto ``target``; an old site is moved aside first and removed after."""
    if not target.exists():
        os.replace(staging, target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.replace(target, old)
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
