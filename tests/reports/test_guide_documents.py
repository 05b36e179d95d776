"""The service guide (办事指南): one model, the PDF and the HTML page saying the same things."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from guide_helpers import guide_catalog, pdf_text
from hallclient.reports.guide_html import guide_html, write_guide_html
from hallclient.reports.guide_model import guide_for
from hallclient.reports.guide_pdf import write_guide_pdf

DAY = date(2026, 12, 2)
CATALOG = guide_catalog()


def _text_of(markup: str) -> str:
    class Collect(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = False

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.skip = tag == "style"

        def handle_endtag(self, tag: str) -> None:
            self.skip = False

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    collect = Collect()
    collect.feed(markup)
    return "".join(collect.parts)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


FULL_PHRASES = [
    "食品经营许可<新办>办事指南",
    "XK001",
    "市场监督管理局",
    "行政许可",
    "承诺件",
    "20个工作日",
    "5个工作日",
    "不收费",
    "《中华人民共和国食品安全法》第三十五条",
    "全程网办（无需到现场）：https://zwfw.example.gov.cn/spjy",
    "全省通办",
    "政务服务中心二楼B区12号窗口",
    "工作日9:00-17:00",
    "0571-87001234",
    "有与经营相适应的场所&设施",
    "可通过电子证照共享获取：营业执照、居民身份证",
    "可容缺",
    "非必需",
    "现场核查",
    "食品经营许可申请书（示范文本）",
    "事项目录版本：2026.12-测试",
    "生成日期：2026-12-02",
]


def test_guide_html_and_pdf_say_the_same_things(tmp_path: Path) -> None:
    doc = guide_for(CATALOG.matters[0], CATALOG, DAY)
    page = guide_html(doc)
    pdf = write_guide_pdf(doc, tmp_path / "guide.pdf")
    html_text, printed = _squeeze(_text_of(page)), _squeeze(pdf_text(pdf))
    for phrase in FULL_PHRASES:
        assert _squeeze(phrase) in html_text, phrase
        assert _squeeze(phrase) in printed, phrase
    assert "办事指南未完善" not in html_text and "办事指南未完善" not in printed
    assert doc.sample_forms[0].sha256 in printed.replace("\n", "")


def test_guide_html_escapes_the_catalog_and_is_self_contained(tmp_path: Path) -> None:
    page = write_guide_html(guide_for(CATALOG.matters[0], CATALOG, DAY), tmp_path / "g.html").read_text("utf-8")
    assert "食品经营许可&lt;新办&gt;" in page and "<新办>" not in page
    assert "场所 &amp; 设施" in page
    assert "<script" not in page and "<link" not in page and 'src="' not in page
    assert "@media print" in page
    assert '<a href="https://zwfw.example.gov.cn/spjy">' in page
    matter = CATALOG.matters[0]
    hostile = replace(matter, guide=replace(matter.guide, online_url='javascript:alert("x")'))
    shown = guide_html(guide_for(hostile, CATALOG, DAY))
    assert '<a href="javascript' not in shown and "javascript:alert(&quot;x&quot;)" in shown


def test_empty_guide_is_built_from_the_columns_and_says_it_is_incomplete(tmp_path: Path) -> None:
    doc = guide_for(CATALOG.matter("QT002"), CATALOG, DAY)  # type: ignore[arg-type]
    line = "办事指南未完善：缺少受理条件、办理流程、办理地点、办理时间、咨询电话"
    printed = _squeeze(pdf_text(write_guide_pdf(doc, tmp_path / "bare.pdf")))
    html_text = _squeeze(_text_of(guide_html(doc)))
    for text in (printed, html_text):
        assert line in text
        for phrase in ("户籍证明开具", "公安局", "即办件", "当场办结", "公共服务", "不可网办", "身份证"):
            assert phrase in text, phrase


def test_guide_pdf_has_version_date_and_page_numbers_on_every_page(tmp_path: Path) -> None:
    matter = CATALOG.matters[0]
    long_steps = tuple(f"第{n}步：按要求提交并核对申请材料，窗口工作人员当场审核" for n in range(1, 90))

    long = replace(matter, guide=replace(matter.guide, steps=long_steps))
    text = pdf_text(write_guide_pdf(guide_for(long, CATALOG, DAY), tmp_path / "long.pdf"))
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "事项目录版本：2026.12-测试" in page and "2026-12-02" in page
        assert f"第{number}页/共{len(pages)}页" in _squeeze(page)
    fonts = Path(tmp_path / "long.pdf").read_bytes()
    assert b"/FontFile2" in fonts  # the CJK font is embedded
