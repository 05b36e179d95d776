"""The service guide as an A4 PDF with the bundled CJK fonts embedded (the tally export's font set-up, styles,
grid and numbered canvas), the catalog version and date and 第 X 页 / 共 Y 页 on every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hallclient.files import write_atomically
from hallclient.reports.export_pdf import grid_table, markup, numbered_canvas, pdf_styles, register_fonts
from hallclient.reports.guide_model import MATERIAL_HEADER, MISSING, SAMPLE_HEADER, GuideDoc


def build_guide_story(doc: GuideDoc) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    styles = pdf_styles()
    body = ParagraphStyle("guide_body", parent=styles["sign"], fontSize=9.5, leading=14)
    cell = ParagraphStyle("guide_cell", parent=styles["cell"], fontSize=8.5, leading=11)
    red = colors.HexColor("#B3261E")
    warning = ParagraphStyle("guide_warning", parent=body, textColor=red, borderPadding=4, borderColor=red,
                             borderWidth=1, spaceBefore=4, spaceAfter=6)  # fmt: skip
    story: list[Any] = [Paragraph(markup(doc.title), styles["title"]), Paragraph(markup(doc.footer), styles["meta"])]
    if doc.incomplete:
        story.append(Paragraph(markup(doc.incomplete), warning))
    if doc.marks:
        story.append(Paragraph(markup("　".join(f"【{mark}】" for mark in doc.marks)), styles["meta"]))
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(markup("一、基本信息"), styles["h2"]))
    rows = [[Paragraph(markup(label), cell), Paragraph(markup(value), cell)] for label, value in doc.facts]
    story.append(grid_table(rows, [30 * mm, 152 * mm], header_rows=0))
    story.append(Paragraph(markup("二、受理条件"), styles["h2"]))
    story += _numbered(doc.conditions, body)
    story.append(Paragraph(markup("三、申请材料"), styles["h2"]))
    if doc.materials:
        head = [Paragraph(markup(label), styles["head"]) for label in MATERIAL_HEADER]
        data = [head, *[[Paragraph(markup(text), cell) for text in row] for row in doc.materials]]
        widths = [10 * mm, 44 * mm, 22 * mm, 11 * mm, 16 * mm, 14 * mm, 65 * mm]
        story.append(grid_table(data, widths))
    else:
        story.append(Paragraph(markup(MISSING), body))
    story.append(Paragraph(markup("四、办理流程"), styles["h2"]))
    story += _numbered(doc.steps, body)
    if doc.sample_forms:
        story.append(Paragraph(markup("五、示范文本"), styles["h2"]))
        head = [Paragraph(markup(label), styles["head"]) for label in SAMPLE_HEADER]
        rows = [[Paragraph(markup(form.name), cell), Paragraph(markup(form.file), cell),
                 Paragraph(markup(form.sha256), cell)] for form in doc.sample_forms]  # fmt: skip
        story.append(grid_table([head, *rows], [50 * mm, 50 * mm, 82 * mm]))
    return story


def _numbered(items: tuple[str, ...], style: Any) -> list[Any]:
    from reportlab.platypus import Paragraph

    if not items:
        return [Paragraph(markup(MISSING), style)]
    return [Paragraph(markup(f"{number}. {item}"), style) for number, item in enumerate(items, start=1)]


def write_guide_pdf(doc: GuideDoc, path: Path) -> Path:
    """Write the guide to ``path`` whole or not at all."""
    register_fonts()
    story = build_guide_story(doc)

    def write(target: Path) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        template = SimpleDocTemplate(
            str(target), pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=16 * mm,
            bottomMargin=16 * mm, title=doc.title, author=doc.department, creator="hallclient",
        )  # fmt: skip
        template.build(story, canvasmaker=numbered_canvas(doc.footer, f"{doc.name}（{doc.code}）"))

    return write_atomically(path, write)
