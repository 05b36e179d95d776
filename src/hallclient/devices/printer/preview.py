"""Layout → PNG that looks like the printed slip (used by the UI preview and the ``preview:`` printer).

Drawn on the printer's own dot grid (384 or 576 dots, 24-dot rows, 1-bit glyphs from the bundled fonts)
so line breaks, sizes and the QR land where the printer puts them; a grey margin and a dashed line at each
cut make it read as paper.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from hallclient.devices.printer.escpos_render import normalise, qr_image
from hallclient.devices.printer.glyphs import ROW_DOTS, draw_line
from hallclient.devices.printer.layout import Cut, Feed, Layout, Qr, Rule, Text

MARGIN = 16
PAPER_PAD = 12
BACKGROUND = (214, 214, 214)
PAPER = (255, 255, 255)
INK = (20, 20, 20)
CUT_GAP = 28


def render_preview(layout: Layout) -> Image.Image:
    """The slip as an RGB image: the paper strip (dots wide, plus padding) on a grey background."""
    dots = layout.paper.dots
    pieces: list[Image.Image | int | None] = []  # image, blank rows, or None for a cut
    for block in layout.blocks:
        if isinstance(block, Text):
            pieces.append(
                draw_line(Text(normalise(block.text), block.align, block.width_mul, block.height_mul, block.bold), dots)
            )
        elif isinstance(block, Rule):
            pieces.append(draw_line(Text((block.char[:1] or "-") * layout.paper.columns), dots))
        elif isinstance(block, Qr):
            pieces.append(qr_image(block.payload, block.module, dots))
            pieces.append(ROW_DOTS)
        elif isinstance(block, Feed):
            pieces.append(ROW_DOTS * block.lines)
        elif isinstance(block, Cut):
            pieces.append(None)
    if not pieces or pieces[-1] is not None:
        pieces.append(ROW_DOTS)
    height = sum(p.height if isinstance(p, Image.Image) else (CUT_GAP if p is None else p) for p in pieces)
    width = dots + 2 * (MARGIN + PAPER_PAD)
    canvas = Image.new("RGB", (width, height + 2 * MARGIN + PAPER_PAD), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    left = MARGIN + PAPER_PAD
    y = MARGIN + PAPER_PAD
    strip_top = MARGIN
    for piece in pieces:
        if piece is None:
            draw.rectangle((MARGIN, strip_top, width - MARGIN - 1, y + ROW_DOTS // 4), fill=PAPER)
            strip_top = y + CUT_GAP - ROW_DOTS // 4
            for x in range(MARGIN, width - MARGIN, 12):
                draw.line((x, y + CUT_GAP // 2, x + 6, y + CUT_GAP // 2), fill=(120, 120, 120), width=1)
            y += CUT_GAP
            continue
        if isinstance(piece, int):
            y += piece
            continue
        y += piece.height
    if strip_top < y:
        draw.rectangle((MARGIN, strip_top, width - MARGIN - 1, y), fill=PAPER)
    # second pass draws ink over the paper strips
    y = MARGIN + PAPER_PAD
    for piece in pieces:
        if piece is None:
            y += CUT_GAP
        elif isinstance(piece, int):
            y += piece
        else:
            mask = piece.convert("L").point(lambda v: 255 - v)
            canvas.paste(INK, (left, y, left + piece.width, y + piece.height), mask)
            y += piece.height
    return canvas


def save_preview(layout: Layout, path: str | Path) -> Path:
    """Write the preview PNG atomically (a half-written file never replaces a good one)."""
    target = Path(path)
    temp = target.with_name(target.name + ".part")
    render_preview(layout).save(temp, format="PNG")
    temp.replace(target)
    return target
