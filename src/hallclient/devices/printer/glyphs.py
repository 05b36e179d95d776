"""Drawing layout lines onto a 1-bit column grid with the bundled fonts (shared by raster and preview).

Each character is placed in its own cell (12 dots per column, 24 dots per row, scaled by the text size) so
a drawn line occupies exactly the columns the printer's ROM font would; the glyph comes from the font
:func:`hallclient.fonts.font_for_char` picks, so rare name characters fall back per character.
"""

from __future__ import annotations

from functools import cache

from PIL import Image, ImageDraw, ImageFont

from hallclient.devices.printer.layout import Align, Text, char_columns, text_columns
from hallclient.fonts import FontFile, font_for_char

COLUMN_DOTS = 12
ROW_DOTS = 24
BASELINE = 19  # leaves room for descenders (g, Q) inside the 24-dot row


@cache
def _font(font: FontFile, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font.path), px, index=font.face_index)


@cache
def _glyph(ch: str, cols: int, bold: bool) -> Image.Image:
    """``ch`` drawn in its cell's height (mode "L", 0 = black), no wider than its cell less a dot: a glyph wider
    than that (W, M in the Latin fonts) is condensed, never allowed to run into its neighbour."""
    font = _font(font_for_char(ch), 22 if cols == 2 else 20)
    left, _top, right, _bottom = font.getbbox(ch, anchor="ls")
    width = max(1, int(right - left) + (1 if bold else 0))
    glyph = Image.new("L", (width, ROW_DOTS), 255)
    draw = ImageDraw.Draw(glyph)
    draw.fontmode = "1"
    draw.text((-left, BASELINE), ch, font=font, fill=0, anchor="ls")
    if bold:
        draw.text((1 - left, BASELINE), ch, font=font, fill=0, anchor="ls")
    room = cols * COLUMN_DOTS - 1
    if width > room:
        squeezed = glyph.resize((room, ROW_DOTS), Image.Resampling.BOX)
        glyph = squeezed.point(lambda v: 255 if v > 223 else 0)  # a dot partly inked stays black: thin strokes stay
    return glyph


def line_offset(line: Text, columns: int) -> int:
    """Left margin in columns for ``line`` under its alignment."""
    used = text_columns(line.text) * line.width_mul
    if line.align is Align.CENTER:
        return max(0, (columns - used) // 2)
    if line.align is Align.RIGHT:
        return max(0, columns - used)
    return 0


def draw_line(line: Text, width_dots: int) -> Image.Image:
    """``line`` as a mode-"1" image ``width_dots`` wide and 24 × ``height_mul`` dots tall (0 = black)."""
    cell_w, cell_h = COLUMN_DOTS, ROW_DOTS
    base_w = text_columns(line.text) * cell_w
    base = Image.new("L", (max(base_w, 1), cell_h), 255)
    x = 0
    for ch in line.text:
        cols = char_columns(ch)
        if not ch.isspace():
            glyph = _glyph(ch, cols, line.bold)
            base.paste(glyph, (x + (cols * cell_w - glyph.width) // 2, 0))
        x += cols * cell_w
    if line.width_mul != 1 or line.height_mul != 1:
        base = base.resize((base.width * line.width_mul, cell_h * line.height_mul), Image.Resampling.NEAREST)
    out = Image.new("1", (width_dots, cell_h * line.height_mul), 1)
    offset = line_offset(line, width_dots // cell_w) * cell_w
    out.paste(base.point(lambda v: 255 if v > 127 else 0).convert("1"), (offset, 0))
    return out
