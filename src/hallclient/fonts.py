"""The bundled CJK fonts and the one per-character fallback rule that UI, PDF and raster slips share.

WenQuanYi Micro Hei (primary) covers Latin and common CJK but not CJK Extension A (e.g. 䶮, found in real
names); Droid Sans Fallback covers Extension A but has no Latin digits; HanaMinB (subset to CJK Extensions
B-F) covers the supplementary-plane characters of names such as 𠮷. Every renderer therefore asks
:func:`font_for_char` per character instead of trusting one font. Qt-free: coverage comes from the fonts'
``cmap`` tables read with fontTools, so the answer is the same whatever draws the glyph. What no font of
the chain draws is listed by :func:`uncovered`, and :func:`uncovered_message` is the one line the clerk sees.

Coverage is a few hundred code point ranges per font (:func:`drawable_ranges`), kept for the bundled fonts in
``resources/fonts/coverage.json`` (``tools/font_coverage.py`` writes it; a test checks it against the fonts):
a window then never loads fontTools and the fonts' tables (~20 MB) to check a name before recording it. A font
file of another size than the one recorded is read with fontTools instead.
"""

from __future__ import annotations

import json
import threading
from array import array
from bisect import bisect_right
from functools import cache
from pathlib import Path
from typing import NamedTuple

from hallclient.paths import resource_path

COVERAGE_FILE = "coverage.json"
PRIMARY_FILE = "wqy-microhei.ttc"
FALLBACK_FILE = "DroidSansFallbackFull.ttf"
RARE_FILE = "HanaMinB-ExtB-F.ttf"


class FontFile(NamedTuple):
    """A font file plus the face index inside it (a ``.ttc`` holds several faces)."""

    path: Path
    face_index: int = 0
    family: str = ""


def primary_font() -> FontFile:
    return FontFile(resource_path("fonts", PRIMARY_FILE), 0, "WenQuanYi Micro Hei")


def fallback_font() -> FontFile:
    return FontFile(resource_path("fonts", FALLBACK_FILE), 0, "Droid Sans Fallback")


def rare_font() -> FontFile:
    """CJK Extensions B-F (U+20000-2EBEF), e.g. 𠮷 in names."""
    return FontFile(resource_path("fonts", RARE_FILE), 0, "HanaMinB")


def font_chain() -> tuple[FontFile, ...]:
    """Every bundled font, in the order a character is looked up."""
    return primary_font(), fallback_font(), rare_font()


def primary_font_path() -> Path:
    return primary_font().path


def fallback_font_path() -> Path:
    return fallback_font().path


_lock = threading.Lock()  # the coverage of a font is read once, whichever thread asks first


def coverage_key(font: FontFile) -> str:
    """The font's entry in ``coverage.json``: file name and face index."""
    return f"{font.path.name}#{font.face_index}"


def drawable_ranges(font: FontFile) -> list[tuple[int, int]]:
    """The code point ranges (inclusive) that ``font`` maps to a non-empty glyph, read with fontTools.

    A glyph is empty when its ``loca`` span is empty or its header says no contours (WenQuanYi maps ℃ to an
    empty glyph, for one); a font without ``glyf`` (CFF outlines) draws whatever its cmap maps. Only the
    glyph headers are read from the file, not the outlines.
    """
    import mmap
    import struct

    from fontTools.ttLib import TTFont

    with font.path.open("rb") as handle:
        ttf = TTFont(handle, fontNumber=font.face_index, lazy=True)
        cmap = ttf.getBestCmap() or {}
        if "glyf" not in ttf:
            points = sorted(cmap)
        else:
            loca, glyf_offset, glyph_ids = ttf["loca"], ttf.reader.tables["glyf"].offset, ttf.getReverseGlyphMap()
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                points = []
                for codepoint, name in sorted(cmap.items()):
                    start, end = loca[glyph_ids[name]], loca[glyph_ids[name] + 1]
                    if end > start and struct.unpack_from(">h", data, glyf_offset + start)[0] != 0:
                        points.append(codepoint)
        ttf.close()
    ranges: list[tuple[int, int]] = []
    for point in points:
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1] = (ranges[-1][0], point)
        else:
            ranges.append((point, point))
    return ranges


@cache
def _recorded() -> dict[str, tuple[int, tuple[tuple[int, int], ...]]]:
    """``coverage.json``: file size and drawable ranges per bundled font (empty when the file is missing)."""
    path = resource_path("fonts", COVERAGE_FILE)
    if not path.is_file():
        return {}
    fonts = json.loads(path.read_text(encoding="utf-8"))["fonts"]
    return {
        key: (int(entry["size"]), tuple((int(start), int(end)) for start, end in entry["ranges"]))
        for key, entry in fonts.items()
    }


@cache
def _coverage(font: FontFile) -> tuple[array[int], array[int]]:
    """(starts, ends) of the font's drawable ranges: as recorded for the bundled file, else read from it."""
    size, ranges = _recorded().get(coverage_key(font), (-1, ()))
    if size != font.path.stat().st_size:
        ranges = tuple(drawable_ranges(font))
    return array("I", (start for start, _ in ranges)), array("I", (end for _, end in ranges))


@cache
def _present(path: Path) -> bool:
    return path.is_file()


def _has_outline(font: FontFile, codepoint: int) -> bool:
    """The cmap maps the code point and its glyph is not empty."""
    starts, ends = _coverage(font)
    at = bisect_right(starts, codepoint) - 1
    return at >= 0 and codepoint <= ends[at]


def covers(font: FontFile, ch: str) -> bool:
    """True when ``font`` draws a visible glyph for the single character ``ch`` (whitespace always counts)."""
    if ch.isspace():
        return True
    if not _present(font.path):  # a missing font draws nothing: its characters are reported, not drawn
        return False
    with _lock:
        return _has_outline(font, ord(ch))


def font_for_char(ch: str, chain: tuple[FontFile, ...] | None = None) -> FontFile:
    """The first font of ``chain`` (default :func:`font_chain`) that has the glyph, else the primary font.

    The last case draws the primary font's missing-glyph box, which is what a reader should see rather than
    a silently dropped character; :func:`uncovered` lists such characters so callers warn before printing.
    """
    chain = chain or font_chain()
    return next((font for font in chain if covers(font, ch)), chain[0])


def uncovered(text: str) -> list[str]:
    """Characters of ``text`` that no bundled font can draw, in order of first appearance."""
    chain = font_chain()
    seen: list[str] = []
    for ch in text:
        if ch not in seen and not any(covers(font, ch) for font in chain):
            seen.append(ch)
    return seen


def uncovered_message(chars: list[str]) -> str:
    """The one-line warning naming ``chars`` (from :func:`uncovered`), or ``""`` when there are none."""
    if not chars:
        return ""
    names = "、".join(f"“{ch}”(U+{ord(ch):04X})" for ch in chars)
    return f"随附字体无法显示 {names}，凭证和预览上将是空框，请核对或手写补正"


def font_runs(text: str) -> list[tuple[FontFile, str]]:
    """``text`` split into maximal runs drawn with the same font (for renderers that draw run by run)."""
    runs: list[tuple[FontFile, str]] = []
    chain = font_chain()  # once per text, not per character (a long PDF draws tens of thousands)
    for ch in text:
        font = font_for_char(ch, chain)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs
