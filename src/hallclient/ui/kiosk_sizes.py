"""The kiosk's sizes, scaled to the screen it is on, so its whole content fits without clipping.

The design is drawn for a 1080×1920 portrait screen (scale 1). Any other screen gets every font, button,
padding and gap multiplied by one scale taken from its size, so every screen from 1024×768 to 1080×1920 and
1920×1080 shows the whole screen. This matters beyond looks: a layout whose minimum size exceeds the screen
makes Qt grow the window past the screen (cutting off its bottom) and drop its full-screen state.
Category buttons also fit their text to the room their column and row leave (:func:`category_font_px`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontMetrics

PORTRAIT_DESIGN = QSize(1080, 1920)
#: Landscape shows 3-4 columns of categories, so fewer rows: the same scale needs less height than portrait.
LANDSCAPE_DESIGN = QSize(1600, 1200)
MIN_SCALE = 0.45  # below this a finger no longer hits a button reliably (1024×768 gives 0.6)
MAX_SCALE = 2.0
STEP = 0.05  # scales are multiples of this: a staff window resized by a few pixels is not restyled

#: Sizes at scale 1, in pixels.
MARGIN = 24  # around the screen
SPACING = 16  # between the rows of a page
GRID_SPACING = 24  # between category buttons
PADDING = 8  # inside a button
BORDER = 3  # a button's border
CATEGORY_FONT = 48
MIN_CATEGORY_FONT = 16
#: The share of the screen's height the category grid can count on, whatever else the home page shows
#: (title, prompt, the swipe banner and its 不是我 button, the green-channel row, the footer).
GRID_SHARE = 0.5
#: The widest waiting count a category button must hold without clipping.
MOST_WAITING = 999

_STYLE = """
QWidget#kiosk {{ background: #f4f7fb; }}
QLabel {{ font-size: {label}px; color: #1d2b3a; }}
QLabel#kioskTitle {{ font-size: {title}px; font-weight: bold; color: #0b4f9c; }}
QLabel#kioskPrompt {{ font-size: {prompt}px; }}
QLabel#kioskBanner {{ font-size: {prompt}px; background: #fff4d6; padding: {banner_padding}px; }}
QLabel#kioskOffline {{ font-size: {offline}px; font-weight: bold; color: #b3261e; }}
QLabel#kioskNumber {{ font-size: {number}px; font-weight: bold; color: #0b4f9c; }}
QLabel#kioskMessage {{ font-size: {message}px; font-weight: bold; }}
QLabel#kioskNote {{ font-size: {prompt}px; color: #b3261e; }}
QLabel#kioskFooter {{ font-size: {footer}px; color: #6b7785; }}
QPushButton {{ font-size: {prompt}px; min-height: {button}px; border-radius: {radius}px; background: #ffffff;
              border: {border}px solid #0b4f9c; color: #0b4f9c; padding: {padding}px; }}
QPushButton:checked {{ background: #0b4f9c; color: #ffffff; }}
QPushButton:disabled {{ color: #9aa5b1; border-color: #c5ccd3; background: #eceff2; }}
QPushButton#category {{ min-height: 0px; }}
QPushButton#keypadKey {{ font-size: {key}px; min-height: {key_height}px; }}
QLineEdit#keypadDisplay {{ font-size: {display}px; min-height: {button}px; letter-spacing: {letter}px; }}
"""


def scale_for(size: QSize) -> float:
    """The scale for a screen (or staff window) of ``size``: the largest that fits the design, in steps."""
    design = PORTRAIT_DESIGN if size.height() > size.width() else LANDSCAPE_DESIGN
    fit = min(size.width() / design.width(), size.height() / design.height())
    stepped = math.floor(fit / STEP + 1e-9) * STEP
    return round(min(MAX_SCALE, max(MIN_SCALE, stepped)), 2)


@dataclass(frozen=True)
class KioskSizes:
    """Every size of the kiosk at one ``scale``."""

    scale: float

    def px(self, design: float) -> int:
        return max(1, round(design * self.scale))

    @property
    def margin(self) -> int:
        return self.px(MARGIN)

    @property
    def spacing(self) -> int:
        return self.px(SPACING)

    @property
    def grid_spacing(self) -> int:
        return self.px(GRID_SPACING)

    @property
    def button_frame(self) -> int:
        """What a button's padding and border take on each side of its text."""
        return self.px(PADDING) + self.px(BORDER)

    def style_sheet(self) -> str:
        px = self.px
        return _STYLE.format(
            label=px(40), title=px(64), prompt=px(44), banner_padding=px(16), offline=px(72), number=px(240),
            message=px(56), footer=max(12, px(28)), button=px(120), radius=px(16), border=px(BORDER),
            padding=px(PADDING), key=px(56), key_height=px(110), display=px(72), letter=px(8),
        )  # fmt: skip


def wrap_to_width(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """``text``'s lines, each broken so it is at most ``width`` wide: between any two characters (Chinese
    has no spaces), except inside a latin word, which goes whole to the next line when the line has a space
    before it, and never before a closing mark or after an opening one. A single character wider than
    ``width`` stays alone on its line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            if not line or metrics.horizontalAdvance(line + char) <= width:
                line += char
                continue
            cut = line.rfind(" ") if _in_word(line[-1]) and _in_word(char) else -1
            if (char in NO_LINE_START or line[-1] in NO_LINE_END) and len(line) > 1:
                cut = len(line) - 1  # 避头尾: a closing mark takes the character before it along, an opening one goes
                lines.append(line[:cut])
                line = line[cut:] + char
            elif cut > 0:
                lines.append(line[:cut].rstrip())
                line = line[cut + 1 :] + char
            else:
                lines.append(line.rstrip())
                line = char.lstrip()
        lines.append(line)
    return lines


#: Marks a line never starts with (避头点), and never ends with (避尾点).
NO_LINE_START = "，。、：；！？）》」』】,.:;!?)"
NO_LINE_END = "（《「『【("


def _in_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def category_font_px(texts: list[str], font: QFont, sizes: KioskSizes, box: QSize) -> int:
    """The largest font size in pixels (at most the design's, at least ``MIN_CATEGORY_FONT``) at which every
    text, wrapped to ``box``'s width (:func:`wrap_to_width`), fits ``box``'s height: the inside of a category
    button, without padding and border. At the smallest size the buttons grow instead."""
    pixels = max(sizes.px(CATEGORY_FONT), MIN_CATEGORY_FONT)
    while pixels > MIN_CATEGORY_FONT:
        metrics = QFontMetrics(sized_font(font, pixels))
        tallest = max((len(wrap_to_width(text, metrics, box.width())) for text in texts), default=0)
        if tallest * metrics.lineSpacing() <= box.height():
            break
        pixels -= 1
    return pixels


def sized_font(font: QFont, pixels: int) -> QFont:
    sized = QFont(font)
    sized.setPixelSize(pixels)
    return sized


def staff_window_size(available: QSize) -> QSize:
    """``--windowed``: a portrait window, two thirds of the design, within nine tenths of the staff's screen."""
    height = min(PORTRAIT_DESIGN.height() * 2 // 3, available.height() * 9 // 10)
    width = min(height * PORTRAIT_DESIGN.width() // PORTRAIT_DESIGN.height(), available.width() * 9 // 10)
    return QSize(width, height)
