"""The service guide as one self-contained HTML page: inline CSS with a print stylesheet, no script, no
outside file. Every text from the catalog goes through :func:`html.escape` (a catalog is input, not markup).

The same page is the window's preview (``ui/guide.py``), ``catalog guide --format html`` and each matter
page of the published site (``reports/guide_site.py``, which passes the links to the forms and the index).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from hallclient.domain.catalog import SampleForm
from hallclient.domain.guide_links import HTTP_URL as HTTP_LINK
from hallclient.files import write_atomically
from hallclient.reports.guide_model import MATERIAL_HEADER, SAMPLE_HEADER, GuideDoc

STYLE = """
body { font-family: "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0 auto;
       max-width: 60em; padding: 1em 1.5em; color: #1b1f24; line-height: 1.6; }
h1 { font-size: 1.6em; text-align: center; margin: 0.4em 0; }
h2 { font-size: 1.15em; border-left: 4px solid #0b5cad; padding-left: 0.5em; margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #8899aa; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #dde6f0; }
table.facts th { width: 8em; }
.marks span { display: inline-block; border: 1px solid #0b5cad; color: #0b5cad; padding: 0 0.4em;
              margin-right: 0.4em; border-radius: 3px; }
.incomplete { border: 2px solid #b3261e; color: #b3261e; padding: 0.4em 0.8em; font-weight: bold; }
.hash { font-family: monospace; font-size: 0.8em; word-break: break-all; }
.meta, footer { color: #555; font-size: 0.9em; text-align: center; }
nav { font-size: 0.9em; margin-bottom: 0.5em; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  @page { size: A4; margin: 15mm 14mm; }
}
"""


def page(title: str, body: str, *, extra_style: str = "") -> str:
    """A whole HTML document with the guide stylesheet inline; ``title`` is escaped, ``body`` is markup."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}{extra_style}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _list(items: tuple[str, ...], tag: str) -> str:
    return f"<{tag}>" + "".join(f"<li>{escape(item)}</li>" for item in items) + f"</{tag}>"


def _forms(forms: tuple[SampleForm, ...], href: Callable[[SampleForm], str] | None) -> str:
    rows = []
    for form in forms:
        name = escape(form.name)
        if href is not None:
            name = f'<a href="{escape(href(form))}">{name}</a>'
        rows.append(f"<tr><td>{name}</td><td>{escape(form.file)}</td><td class='hash'>{escape(form.sha256)}</td></tr>")
    head = "".join(f"<th>{escape(label)}</th>" for label in SAMPLE_HEADER)
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def guide_body(doc: GuideDoc, *, form_href: Callable[[SampleForm], str] | None = None, nav: str = "") -> str:
    """The guide's markup (without the document around it): ``form_href`` links the sample forms (the site)."""
    parts = [nav, f"<h1>{escape(doc.title)}</h1>", f"<p class='meta'>{escape(doc.footer)}</p>"]
    if doc.incomplete:
        parts.append(f"<p class='incomplete'>{escape(doc.incomplete)}</p>")
    if doc.marks:
        parts.append("<p class='marks'>" + "".join(f"<span>{escape(mark)}</span>" for mark in doc.marks) + "</p>")
    parts.append("<h2>基本信息</h2><table class='facts'>")
    for label, value in doc.facts:
        shown = escape(value)
        if label == "网上办理" and HTTP_LINK.match(doc.online_url):  # never a javascript: or data: link
            url = escape(doc.online_url)
            shown = shown.replace(url, f'<a href="{url}">{url}</a>', 1)
        parts.append(f"<tr><th>{escape(label)}</th><td>{shown}</td></tr>")
    parts.append("</table>")
    parts.append("<h2>受理条件</h2>")
    parts.append(_list(doc.conditions, "ul") if doc.conditions else "<p>未提供，请咨询窗口</p>")
    parts.append("<h2>申请材料</h2>")
    if doc.materials:
        head = "".join(f"<th>{escape(label)}</th>" for label in MATERIAL_HEADER)
        body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in doc.materials)
        parts.append(f"<table><tr>{head}</tr>{body}</table>")
    else:
        parts.append("<p>未提供，请咨询窗口</p>")
    parts.append("<h2>办理流程</h2>")
    parts.append(_list(doc.steps, "ol") if doc.steps else "<p>未提供，请咨询窗口</p>")
    if doc.sample_forms:
        parts.append("<h2>示范文本</h2>")
        parts.append(_forms(doc.sample_forms, form_href))
    parts.append(f"<footer><p>{escape(doc.footer)}</p></footer>")
    return "\n".join(part for part in parts if part)


def guide_html(doc: GuideDoc, *, form_href: Callable[[SampleForm], str] | None = None, nav: str = "") -> str:
    """The whole page of one guide."""
    return page(doc.title, guide_body(doc, form_href=form_href, nav=nav))


def write_guide_html(doc: GuideDoc, path: Path) -> Path:
    """``catalog guide --format html``: the page alone (sample forms listed with their hashes, not linked)."""
    text = guide_html(doc)

    def write(target: Path) -> None:
        target.write_text(text, encoding="utf-8")

    return write_atomically(path, write)
