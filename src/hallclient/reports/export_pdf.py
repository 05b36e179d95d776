"""PDF export with reportlab: A4, the bundled CJK font embedded, tables, charts, signature lines.

Text goes through :func:`hallclient.fonts.font_runs`, so a rare character (CJK Extension A or B-F, e.g. 䶮
or 𠮷 in a clerk's name) is drawn with the bundled font that has it, embedded, instead of a missing-glyph
box. Charts are reportlab vector drawings (hourly intake, outcomes, ratings) in the same font.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from hallclient.domain.case import OUTCOME_LABELS, Outcome
from hallclient.domain.certificate_figures import CertificateFigures, certificate_header, certificate_rows
from hallclient.domain.sms_figures import LOCAL_NOTE, SmsFigures
from hallclient.domain.tally import (
    BUNDLE_COLUMNS,
    BUNDLE_HEADING,
    CATALOG_COLUMNS,
    CATALOG_HEADING,
    LEVEL_LABELS,
    LEVELS,
    OUTCOMES,
    PARTNER_COLUMNS,
    PARTNER_HEADING,
    SECTIONS,
    SMS_COLUMNS,
    SMS_HEADING,
    Column,
    Figures,
    Tally,
    bundle_rows,
    catalog_row,
    format_value,
    partner_rows,
    sms_rows,
)
from hallclient.domain.tally_assistance import ASSISTANCE_HEADER, assistance_rows
from hallclient.domain.tally_catalog import DEFINITIONS as CATALOG_DEFINITIONS
from hallclient.domain.tally_catalog import MISSING_NOTE, SCOPE_NOTE
from hallclient.files import write_atomically
from hallclient.fonts import FontFile, font_chain, font_runs

FONT = "HallSans"
FALLBACK = "HallSansFallback"
RARE = "HallSansRare"
Progress = Callable[[int, int], None]
NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五")
DEFINITIONS = (
    "一窗受理率＝综合窗口受理件数÷全部受理件数（综合窗口按窗口设置；未设置的窗口在本期间受理两个及以上部门事项即视为综合窗口）。",
    "办理时长＝受理至办结，取本期间受理且已办结的办件；P90 为第 90 百分位（最近秩法）。",
    "在办超期/临近到期（2 个工作日内）按状态截至日统计在办办件；超期办结指办结日晚于承诺日期。",
    "差评为“不满意”“非常不满意”；差评处理率＝处理任务已办结（六个环节走完）的差评÷差评，"
    "差评整改率＝已完成整改的差评÷差评（均不计申诉复核成立的）。",
    "投诉办结率＝已办结÷受理；投诉整改率＝已整改÷受理（申诉复核成立的不计）。",
    "通办：邮寄/电子转递按寄出（发送）日计入期间；平均在途天数＝寄出至对方签收（发送至确认）的日历天数；"
    "转递超期＝某一步骤未在上一步骤后 5 个工作日内完成（按状态截至日）；跨省通办咨询量按首问登记所标协议地区统计。",
)


def _pdf_names() -> dict[FontFile, str]:
    """The reportlab name of each font of the chain (the first is the styles' default)."""
    return dict(zip(font_chain(), (FONT, FALLBACK, RARE), strict=True))


_TO_UNICODE_ENTRY = re.compile(r"^<([0-9A-F]{2})> <([0-9A-F]{5,6})>$", re.MULTILINE)


def _to_unicode_cmap(make: Callable[[str, list[int]], str]) -> Callable[[str, list[int]], str]:
    """reportlab's ToUnicode CMap with code points past U+FFFF written as UTF-16BE surrogate pairs.

    reportlab writes 𠮷 as ``<20BB7>``, which PDF readers cut to U+20BB: the glyph prints right but copying
    or searching the text gives the wrong character. The PDF reference asks for UTF-16BE.
    """

    def fixed(fontname: str, subset: list[int]) -> str:
        def utf16(match: re.Match[str]) -> str:
            return f"<{match[1]}> <{chr(int(match[2], 16)).encode('utf-16-be').hex().upper()}>"

        return _TO_UNICODE_ENTRY.sub(utf16, make(fontname, subset))

    return fixed


@cache
def register_fonts() -> str:
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfbase.ttfonts import TTFont

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap(ttfonts.makeToUnicodeCMap)  # once: register_fonts is cached
    for font, name in _pdf_names().items():
        pdfmetrics.registerFont(TTFont(name, str(font.path), subfontIndex=font.face_index))
    return FONT


def markup(text: str) -> str:
    """Paragraph markup of ``text`` with per-character font fallback."""
    names = _pdf_names()
    parts = []
    for font, run in font_runs(text):
        escaped, name = escape(run), names[font]
        parts.append(escaped if name == FONT else f'<font name="{name}">{escaped}</font>')
    return "".join(parts)


def write_pdf(tally: Tally, path: Path, *, progress: Progress | None = None) -> Path:
    register_fonts()
    story = build_story(tally)
    if progress:
        progress(1, 2)

    def write(target: Path) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        doc = SimpleDocTemplate(
            str(target), pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm,
            bottomMargin=16 * mm, title=f"{tally.hall_name} 办件统计 {tally.period.label()}",
            author=tally.hall_name, creator="hallclient",
        )  # fmt: skip
        doc.build(story, canvasmaker=_numbered_canvas(tally))

    result = write_atomically(path, write)
    if progress:
        progress(2, 2)
    return result


def pdf_styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    return {
        "title": ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, alignment=1, spaceAfter=4),
        "meta": ParagraphStyle("meta", fontName=FONT, fontSize=9, leading=13, alignment=1),
        "h2": ParagraphStyle("h2", fontName=FONT, fontSize=11.5, leading=16, spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=8.6),
        "head": ParagraphStyle("head", fontName=FONT, fontSize=7, leading=8.6, alignment=1),
        "num": ParagraphStyle("num", fontName=FONT, fontSize=7.5, leading=9, alignment=2),
        "note": ParagraphStyle("note", fontName=FONT, fontSize=7.5, leading=10.5),
        "sign": ParagraphStyle("sign", fontName=FONT, fontSize=10.5, leading=16),
    }


def build_story(tally: Tally) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    styles = pdf_styles()
    total = tally.total
    story: list[Any] = [
        Paragraph(markup(f"{tally.hall_name}办件统计表"), styles["title"]),
        Paragraph(
            markup(f"统计期间：{tally.period.label()}　分组：按{tally.grouping_label}　数据范围：{tally.scope}"),
            styles["meta"],
        ),
        Paragraph(
            markup(
                f"状态截至：{tally.as_of.isoformat()}　生成时间：{tally.generated_at:%Y-%m-%d %H:%M}　"
                f"未同步事件：{'—' if tally.unsynced_events is None else tally.unsynced_events}"
            ),
            styles["meta"],
        ),
        Spacer(1, 3 * mm),
        Paragraph(markup("一、总体情况"), styles["h2"]),
        _key_figures(tally, styles),
        Spacer(1, 3 * mm),
        _charts(tally),
    ]
    for number, (title, columns) in enumerate(SECTIONS.items(), start=2):
        story.append(Paragraph(markup(f"{NUMERALS[number - 1]}、{title}（按{tally.grouping_label}）"),
                               styles["h2"]))  # fmt: skip
        story.append(_section_table(tally, columns, styles))
    story.append(Paragraph(markup(f"{NUMERALS[len(SECTIONS) + 1]}、投诉来源"), styles["h2"]))
    story.append(_sources_table(tally, styles))
    story.append(Paragraph(markup(f"{NUMERALS[len(SECTIONS) + 2]}、通办（按{PARTNER_HEADING}）"), styles["h2"]))
    story.append(_figures_table(PARTNER_HEADING, PARTNER_COLUMNS, partner_rows(tally), styles))
    story.append(Paragraph(markup(f"{NUMERALS[len(SECTIONS) + 3]}、一件事一次办（按{BUNDLE_HEADING}）"), styles["h2"]))
    story.append(_figures_table(BUNDLE_HEADING, BUNDLE_COLUMNS, bundle_rows(tally), styles))
    story.append(Paragraph(markup(f"{NUMERALS[len(SECTIONS) + 4]}、帮办代办（不含办件）"), styles["h2"]))
    story.append(_assistance_table(tally, styles))
    if tally.sms is not None:
        story.append(Paragraph(markup(f"{NUMERALS[len(SECTIONS) + 5]}、短信"), styles["h2"]))
        if tally.sms.provided:
            story.append(_sms_table(tally.sms, styles))
    number = len(SECTIONS) + 5 + (tally.sms is not None)
    if tally.certificates is not None:  # 证照共享 (domain/certificate_figures.py, domain/tally_certificates.py)
        story.append(Paragraph(markup(f"{NUMERALS[number]}、证照共享（按部门、月份）"), styles["h2"]))
        story.append(_certificates_table(tally.certificates, styles))
        number += 1
    story.append(Paragraph(markup(f"{NUMERALS[number]}、{CATALOG_HEADING}"), styles["h2"]))
    story.append(_catalog_table(tally, styles))
    notes = [*tally.notes, *(tally.sms.notes if tally.sms is not None else [LOCAL_NOTE]), *DEFINITIONS,
             SCOPE_NOTE, *CATALOG_DEFINITIONS.values()]  # fmt: skip
    story.append(Paragraph(markup("说明"), styles["h2"]))
    for note in notes:
        story.append(Paragraph(markup(f"· {note}"), styles["note"]))
    story.append(Spacer(1, 10 * mm))
    story.append(KeepTogether([
        Paragraph(markup("制表人：________________　　　审核人：________________　　　日期：____年____月____日"),
                  styles["sign"]),
    ]))  # fmt: skip
    total.label = "合计"
    return story


def grid_table(data: list[list[Any]], widths: list[float], *, header_rows: int = 1, bold_last: bool = False) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(data, colWidths=widths, repeatRows=header_rows)
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8899AA")),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#DDE6F0")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if bold_last:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F2F2F2")))
    table.setStyle(TableStyle(commands))
    return table


def _key_figures(tally: Tally, styles: dict[str, Any]) -> Any:
    from reportlab.platypus import Paragraph

    total = tally.total
    pairs = [
        ("受理办件", str(total.cases)),
        ("一窗受理率", format_value(total.one_window_share, "pct")),
        ("已办结", str(total.completed)),
        ("办理时长中位数/P90（小时）",
         f"{format_value(_h(total.handling_median_s), 'hours')} / {format_value(_h(total.handling_p90_s), 'hours')}"),
        ("全省/跨省/一证通办",
         f"{total.channels.get('province_wide', 0)} / {total.channels.get('cross_province', 0)} / "
         f"{total.channels.get('id_card_only', 0)}"),
        ("帮办代办/绿色通道", f"{total.assisted} / {total.green_channel}"),
        ("在办超期/临近到期", f"{total.overdue} / {total.near_due}"),
        ("首问登记", str(total.enquiries)),
        ("评价次数/满意率", f"{total.rated} / {format_value(total.satisfaction, 'pct')}"),
        ("差评/处理率/整改率", f"{total.bad_reviews} / {format_value(total.bad_review_handling, 'pct')} / "
                             f"{format_value(total.bad_review_rectification, 'pct')}"),
        ("投诉/办结率", f"{total.complaints} / {format_value(total.complaint_handling, 'pct')}"),
        ("未同步事件", "—" if tally.unsynced_events is None else str(tally.unsynced_events)),
    ]  # fmt: skip
    cells = [
        [Paragraph(markup(name), styles["cell"]), Paragraph(markup(value), styles["num"])] for name, value in pairs
    ]
    half = (len(cells) + 1) // 2
    rows = [cells[i] + (cells[i + half] if i + half < len(cells) else ["", ""]) for i in range(half)]
    from reportlab.lib.units import mm

    return grid_table(rows, [52 * mm, 39 * mm, 52 * mm, 39 * mm], header_rows=0)


def _h(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 3600


def _section_table(tally: Tally, columns: list[Column[Figures]], styles: dict[str, Any]) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    head = [Paragraph(markup(tally.grouping_label), styles["head"])]
    head += [Paragraph(markup(column.label), styles["head"]) for column in columns]
    data = [head]
    for fig in [*tally.groups, tally.total]:
        row = [Paragraph(markup(fig.label), styles["cell"])]
        row += [Paragraph(escape(format_value(column.value(fig), column.kind)), styles["num"]) for column in columns]
        data.append(row)
    usable = 182 * mm
    label_width = 40 * mm
    widths = [label_width] + [(usable - label_width) / len(columns)] * len(columns)
    return grid_table(data, widths, bold_last=True)


def _sources_table(tally: Tally, styles: dict[str, Any]) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    names = ["来源", "受理", "办结", "整改", "超期", "办结率", "整改率"]
    data = [[Paragraph(markup(name), styles["head"]) for name in names]]
    for item in tally.complaint_sources:
        values = [str(item.received), str(item.closed), str(item.rectified), str(item.overdue),
                  format_value(item.handling, "pct"), format_value(item.rectification, "pct")]  # fmt: skip
        data.append([Paragraph(markup(item.label), styles["cell"]), *[Paragraph(v, styles["num"]) for v in values]])
    return grid_table(data, [40 * mm] + [23.6 * mm] * 6)


def _figures_table(heading: str, columns: Sequence[Column[Any]], rows: list[list[Any]], styles: dict[str, Any]) -> Any:
    """A section not grouped by the tally's groupings (通办 by partner region, 一件事 by bundle), total in bold."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    names = [heading, *[column.label for column in columns]]
    data = [[Paragraph(markup(name), styles["head"]) for name in names]]
    for row in rows:
        values = [format_value(value, column.kind) for value, column in zip(row[1:], columns, strict=True)]
        data.append([Paragraph(markup(str(row[0])), styles["cell"]), *[Paragraph(v, styles["num"]) for v in values]])
    return grid_table(data, [40 * mm] + [28.4 * mm] * len(columns), bold_last=True)


def _catalog_table(tally: Tally, styles: dict[str, Any]) -> Any:
    """事项目录指标: one row of the catalog in force (or the line saying none was read)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    if tally.catalog is None:
        return Paragraph(markup(MISSING_NOTE), styles["note"])
    data = [[Paragraph(markup(column.label), styles["head"]) for column in CATALOG_COLUMNS]]
    values = [format_value(v, c.kind) for v, c in zip(catalog_row(tally.catalog), CATALOG_COLUMNS, strict=True)]
    data.append([Paragraph(markup(value), styles["num"]) for value in values])
    return grid_table(data, [182 * mm / len(CATALOG_COLUMNS)] * len(CATALOG_COLUMNS))


def _assistance_table(tally: Tally, styles: dict[str, Any]) -> Any:
    """帮办代办 without a case: by month, site and kind, then the total (``domain/tally_assistance.py``)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    data = [[Paragraph(markup(name), styles["head"]) for name in ASSISTANCE_HEADER]]
    for row in assistance_rows(tally.assistance):
        data.append([*[Paragraph(markup(str(v)), styles["cell"]) for v in row[:3]],
                     *[Paragraph(str(v), styles["num"]) for v in row[3:]]])  # fmt: skip
    return grid_table(data, [28 * mm, 30 * mm, 30 * mm] + [28 * mm] * 3, bold_last=True)


def _sms_table(sms: SmsFigures, styles: dict[str, Any]) -> Any:
    """Per notice kind over the period, then the total 短信发送条数."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    names = [SMS_HEADING, *[column.label for column in SMS_COLUMNS]]
    data = [[Paragraph(markup(name), styles["head"]) for name in names]]
    for row in sms_rows(sms):
        values = [format_value(value, column.kind) for value, column in zip(row[1:], SMS_COLUMNS, strict=True)]
        data.append([Paragraph(markup(str(row[0])), styles["cell"]), *[Paragraph(v, styles["num"]) for v in values]])
    return grid_table(data, [40 * mm] + [23.6 * mm] * len(SMS_COLUMNS), bold_last=True)


def _certificates_table(figures: CertificateFigures, styles: dict[str, Any]) -> Any:
    """By department and month, then the total (a local tally: 证照共享量 alone)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    data = [[Paragraph(markup(name), styles["head"]) for name in certificate_header(figures)]]
    for row in certificate_rows(figures):
        values = [format_value(value, "int") for value in row[2:]]
        data.append([Paragraph(markup(str(text)), styles["cell"]) for text in row[:2]]
                    + [Paragraph(v, styles["num"]) for v in values])  # fmt: skip
    return grid_table(data, [40 * mm, 20 * mm] + [24 * mm] * len(figures.columns), bold_last=True)


def _bar(title: str, labels: list[str], values: list[int], width: float, height: float, color: str) -> Any:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    drawing = Drawing(width, height)
    drawing.add(String(width / 2, height - 12, title, fontName=FONT, fontSize=9, textAnchor="middle"))
    chart = VerticalBarChart()
    chart.x, chart.y = 26, 26
    chart.width, chart.height = width - 34, height - 50
    chart.data = [values]
    chart.bars[0].fillColor = colors.HexColor(color)
    chart.bars[0].strokeColor = None
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([*values, 1]) * 1.15
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 5.5
    chart.barLabels.nudge = 5
    drawing.add(chart)
    return drawing


def _charts(tally: Tally) -> Any:
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.units import mm
    from reportlab.platypus import Table

    first, last = 7, 19
    busy = [hour for hour, count in enumerate(tally.hourly) if count]
    if busy:
        first, last = min(first, busy[0]), max(last, busy[-1])
    hours = list(range(first, last + 1))
    hourly = _bar("分时段受理量（件）", [f"{h}" for h in hours], [tally.hourly[h] for h in hours],
                  182 * mm, 48 * mm, "#3D7AB8")  # fmt: skip
    total = tally.total
    outcomes = _bar("受理结果（件）", [OUTCOME_LABELS[Outcome(o)] for o in OUTCOMES],
                    [total.outcomes.get(o, 0) for o in OUTCOMES], 90 * mm, 52 * mm, "#4E9A6B")  # fmt: skip
    ratings = _bar("好差评（次）", [LEVEL_LABELS[level] for level in LEVELS],
                   [total.ratings[level] for level in LEVELS], 90 * mm, 52 * mm, "#C98B2B")  # fmt: skip
    grid = Table([[hourly, ""], [outcomes, ratings]], colWidths=[91 * mm, 91 * mm])
    grid.setStyle([("SPAN", (0, 0), (1, 0)), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    assert isinstance(hourly, Drawing)
    return grid


def _draw_runs(canvas: Any, x: float, y: float, text: str, size: float) -> None:
    """``drawString`` with the per-character font fallback of :func:`markup` (for a name in a footer)."""
    names = _pdf_names()
    for font, run in font_runs(text):
        canvas.setFont(names[font], size)
        canvas.drawString(x, y, run)
        x += canvas.stringWidth(run, names[font], size)


def _numbered_canvas(tally: Tally) -> Any:
    return numbered_canvas(f"{tally.hall_name}　{tally.period.label()}　按{tally.grouping_label}")


def numbered_canvas(footer_left: str, header_right: str = "") -> Any:
    """A canvas that knows the page count, for 第 X 页 / 共 Y 页 footers (and a line at the top right of each page)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                _draw_runs(self, 14 * mm, 9 * mm, footer_left, 7.5)
                self.setFont(FONT, 7.5)
                self.drawRightString(A4[0] - 14 * mm, 9 * mm, f"第 {self._pageNumber} 页 / 共 {count} 页")
                if header_right:
                    width = sum(self.stringWidth(run, _pdf_names()[font], 8) for font, run in font_runs(header_right))
                    _draw_runs(self, A4[0] - 14 * mm - width, A4[1] - 9 * mm, header_right, 8)
                super().showPage()
            super().save()

    return NumberedCanvas
