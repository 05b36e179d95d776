"""The quarter's 通报 as a PDF: A4, Chinese in the bundled fonts (embedded), ranking, chart, breakdown, signatures.

Fonts, markup (per-character fallback), table grid and page numbering are the tally PDF's
(:mod:`hallclient.reports.export_pdf`); the columns are :mod:`hallclient.reports.assessment_table`'s. Every
page says whether it is a published version or a draft, so a draft is never taken for the ranking.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hallclient.domain.assessment import Assessment, IndicatorScore, Subject, SubjectScore
from hallclient.files import write_atomically
from hallclient.reports.assessment_table import (
    EVIDENCE_KINDS,
    SUBJECT_LABELS,
    cell_text,
    change,
    indicator_columns,
    ranking_columns,
    rule_text,
    set_line,
    status_text,
    title,
    value_text,
)
from hallclient.reports.export_pdf import FONT, grid_table, markup, numbered_canvas, pdf_styles, register_fonts

#: Evidence lines printed per indicator; the rest are counted (all of them are in the XLSX's 扣分依据 sheet).
EVIDENCE_LINES = 8
#: Bars per chart block, so a hall of 200 staff gets several readable blocks instead of one unreadable one.
BARS_PER_CHART = 40
SIGNATURES = "制表人：____________　　审核人：____________　　负责人（签字）：____________　　日期：____年____月____日"


def write_assessment_pdf(assessment: Assessment, path: Path, *, hall_name: str, version: int | None = None) -> Path:
    """Write the 通报; ``version`` is the published snapshot's version, None for a draft (未发布)."""
    register_fonts()
    story = build_story(assessment, hall_name=hall_name, version=version)

    def write(target: Path) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        doc = SimpleDocTemplate(
            str(target),
            pagesize=A4,
            leftMargin=14 * mm,
            rightMargin=14 * mm,
            topMargin=16 * mm,
            bottomMargin=16 * mm,
            title=title(assessment, hall_name),
            author=hall_name,
            creator="hallclient",
        )
        footer = f"{hall_name}　{assessment.period_label}　{SUBJECT_LABELS[assessment.subject]}考核"
        doc.build(story, canvasmaker=numbered_canvas(footer, status_text(version)))

    return write_atomically(path, write)


def build_story(assessment: Assessment, *, hall_name: str, version: int | None) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    styles = pdf_styles()
    noun = "部门" if assessment.subject is Subject.DEPARTMENT else "人员"
    period = assessment.period
    source = "全厅（服务器）" if assessment.source == "server" else "本机数据"
    story: list[Any] = [
        Paragraph(markup(title(assessment, hall_name)), styles["title"]),
        Paragraph(
            markup(
                f"考核期间：{assessment.period_label}（{period.start.isoformat()} 至 {period.end.isoformat()}）"
                f"　数据范围：{source}　计算时间：{assessment.computed_at:%Y-%m-%d %H:%M}"
            ),
            styles["meta"],
        ),
        Paragraph(markup(f"{set_line(assessment)}　{status_text(version)}"), styles["meta"]),
        Spacer(1, 3 * mm),
    ]
    if assessment.notes:
        story.append(Paragraph(markup("数据说明：" + "；".join(assessment.notes)), styles["note"]))
    story += [Paragraph(markup(f"一、{noun}考核排名"), styles["h2"]), _ranking(assessment, styles)]
    if assessment.rows:
        story += [Paragraph(markup("二、得分图"), styles["h2"]), *_charts(assessment.rows)]
    story.append(Paragraph(markup(f"三、各{noun}得分明细"), styles["h2"]))
    for row in assessment.rows:
        shown = row.department_shown
        heading = f"{row.rank}. {row.label}" + (f"（{shown}）" if shown and noun == "人员" else "")
        heading += f"　得分 {row.total:.2f}　{row.grade}"
        story.append(
            KeepTogether(
                [Paragraph(markup(heading), styles["cell"]), Spacer(1, 1 * mm), _breakdown(row.breakdown, styles)]
            )
        )
        story.append(Spacer(1, 3 * mm))
    story.append(KeepTogether([Paragraph(markup("四、等次与奖惩"), styles["h2"]), _grades(assessment, styles)]))
    story.append(KeepTogether([Paragraph(markup("五、考核指标与计分规则"), styles["h2"]), _rules(assessment, styles)]))
    story.append(Paragraph(markup("说明"), styles["h2"]))
    notes = [*assessment.notes, "名次按得分（保留两位小数）排列，得分相同者名次相同，其后名次顺延。"]
    story += [Paragraph(markup(f"· {note}"), styles["note"]) for note in notes]
    story.append(Spacer(1, 12 * mm))
    story.append(KeepTogether([Paragraph(markup(SIGNATURES), styles["sign"])]))
    return story


def _ranking(assessment: Assessment, styles: dict[str, Any]) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    columns = ranking_columns(assessment.subject)
    widths = {"rank": 12, "department_name": 46, "staff_name": 28, "staff_department": 30, "total": 18, "grade": 16}
    fixed = sum(widths.get(column.key, 0) for column in columns)
    data = [[Paragraph(markup(column.label), styles["head"]) for column in columns]]
    for row in assessment.rows:
        data.append(
            [
                Paragraph(
                    markup(cell_text(column.value(row), column.kind)),
                    styles["num" if column.kind in ("int", "score") else "cell"],
                )
                for column in columns
            ]
        )
    if not assessment.rows:
        data.append([Paragraph(markup("（本期间没有考核对象）"), styles["cell"])] + [""] * (len(columns) - 1))
    return grid_table(data, [widths.get(column.key, 182 - fixed) * mm for column in columns])


def _charts(rows: tuple[SubjectScore, ...]) -> list[Any]:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    top = max(100.0, *(row.total for row in rows))
    blocks = []
    for first in range(0, len(rows), BARS_PER_CHART):
        chunk = rows[first : first + BARS_PER_CHART]
        height = 12 + 4.6 * mm * len(chunk)
        drawing = Drawing(182 * mm, height)
        chart = HorizontalBarChart()
        chart.x, chart.y = 40 * mm, 10
        chart.width, chart.height = 130 * mm, height - 12
        chart.data = [[round(row.total, 2) for row in reversed(chunk)]]  # the first rank at the top
        chart.bars[0].fillColor = colors.HexColor("#3D7AB8")
        chart.bars[0].strokeColor = None
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueMax = top * 1.08
        chart.valueAxis.labels.fontName = FONT
        chart.valueAxis.labels.fontSize = 6
        chart.categoryAxis.categoryNames = [f"{row.rank}. {row.label}" for row in reversed(chunk)]
        chart.categoryAxis.labels.fontName = FONT
        chart.categoryAxis.labels.fontSize = 7
        chart.barLabelFormat = "%.2f"
        chart.barLabels.fontName = FONT
        chart.barLabels.fontSize = 6
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
        drawing.add(chart)
        blocks.append(drawing)
    return blocks


def _breakdown(scores: tuple[IndicatorScore, ...], styles: dict[str, Any]) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    heads = ["指标类别", "指标", "完成值", "分值", "得分", "扣分/加分", "依据与说明"]
    data: list[list[Any]] = [[Paragraph(markup(name), styles["head"]) for name in heads]]
    for score in scores:
        data.append(
            [
                Paragraph(markup(score.indicator.group), styles["cell"]),
                Paragraph(markup(score.indicator.name), styles["cell"]),
                Paragraph(markup(value_text(score)), styles["num"]),
                Paragraph(markup(cell_text(score.indicator.points, "score")), styles["num"]),
                Paragraph(markup(cell_text(None if score.skipped else score.points, "score")), styles["num"]),
                Paragraph(markup(cell_text(change(score), "signed")), styles["num"]),
                Paragraph("<br/>".join(markup(line) for line in evidence_lines(score)) or "", styles["cell"]),
            ]
        )
    return grid_table(data, [18 * mm, 30 * mm, 16 * mm, 12 * mm, 12 * mm, 14 * mm, 80 * mm])


def evidence_lines(score: IndicatorScore) -> list[str]:
    """The note, then the evidence (at most :data:`EVIDENCE_LINES`, the rest counted and pointed to)."""
    lines = [score.note] if score.note else []
    for evidence in score.evidence[:EVIDENCE_LINES]:
        kind = EVIDENCE_KINDS.get(evidence.kind, evidence.kind)
        points = f"（{cell_text(evidence.points, 'signed')}）" if evidence.points else ""
        where = "" if evidence.kind == "figure" else f" {evidence.ref}"  # a figure's ref is its id, not for people
        lines.append(f"· {kind}{where}：{evidence.text}{points}")
    hidden = len(score.evidence) - EVIDENCE_LINES
    if hidden > 0:
        lines.append(f"……另有 {hidden} 条依据，见 XLSX 导出的“扣分依据”表")
    return lines


def _grades(assessment: Assessment, styles: dict[str, Any]) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    grades = sorted(assessment.indicator_set.grades, key=lambda grade: -grade.min_score)
    data = [[Paragraph(markup(name), styles["head"]) for name in ("等次", "分数线", "奖惩措施", "人数")]]
    for upper, grade in zip([None, *grades], grades, strict=False):
        band = f"≥ {grade.min_score:g} 分" + (f"，< {upper.min_score:g} 分" if upper is not None else "")
        count = sum(1 for row in assessment.rows if row.grade == grade.name)
        data.append(
            [
                Paragraph(markup(grade.name), styles["cell"]),
                Paragraph(markup(band), styles["cell"]),
                Paragraph(markup(grade.consequence), styles["cell"]),
                Paragraph(str(count), styles["num"]),
            ]
        )
    return grid_table(data, [22 * mm, 40 * mm, 102 * mm, 18 * mm])


def _rules(assessment: Assessment, styles: dict[str, Any]) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    data = [[Paragraph(markup(name), styles["head"]) for name in ("指标类别", "指标", "分值", "计分规则")]]
    for indicator in indicator_columns(assessment):
        data.append(
            [
                Paragraph(markup(indicator.group), styles["cell"]),
                Paragraph(markup(indicator.name), styles["cell"]),
                Paragraph(markup(f"{indicator.points:g}"), styles["num"]),
                Paragraph(markup(rule_text(indicator)), styles["cell"]),
            ]
        )
    return grid_table(data, [24 * mm, 44 * mm, 14 * mm, 100 * mm])
