"""The bundled CJK fonts and the one per-character fallback rule that UI, PDF and raster slips share.

WenQuanYi Micro Hei (primary) covers Latin and common CJK but not CJK Extension A (e.g. 䶮, found in real
names); Droid Sans Fallback covers Extension A but has no Latin digits. Every renderer therefore asks
:func:`font_for_char` per character instead of trusting one font. Qt-free: coverage comes from the fonts'
``cmap`` tables read with fontTools, so the answer is the same whatever draws the glyph.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from hallclient.paths import resource_path

PRIMARY_FILE = "wqy-microhei.ttc"
FALLBACK_FILE = "DroidSansFallbackFull.ttf"


class FontFile(NamedTuple):
    """A font file plus the face index inside it (a ``.ttc`` holds several faces)."""

    path: Path
    face_index: int = 0
    family: str = ""


def primary_font() -> FontFile:
    return FontFile(resource_path("fonts", PRIMARY_FILE), 0, "WenQuanYi Micro Hei")


def fallback_font() -> FontFile:
    return FontFile(resource_path("fonts", FALLBACK_FILE), 0, "Droid Sans Fallback")


def primary_font_path() -> Path:
    return primary_font().path


def fallback_font_path() -> Path:
    return fallback_font().path


_lock = threading.Lock()  # fontTools' lazy tables are not safe to load from two threads at once


@cache
def _open(path: Path, index: int) -> tuple[Any, dict[int, str]]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), fontNumber=index, lazy=True)
    return font, dict(font.getBestCmap() or {})


@cache
def _has_outline(path: Path, index: int, codepoint: int) -> bool:
    """The cmap entry exists and its glyph is not empty (WenQuanYi maps ℃ to an empty glyph, for one)."""
    font, cmap = _open(path, index)
    name = cmap.get(codepoint)
    if name is None:
        return False
    if "glyf" not in font:
        return True
    return bool(font["glyf"][name].numberOfContours != 0)


def covers(font: FontFile, ch: str) -> bool:
    """True when ``font`` draws a visible glyph for the single character ``ch`` (whitespace always counts)."""
    if ch.isspace():
        return True
    with _lock:
        return _has_outline(font.path, font.face_index, ord(ch))


def font_for_char(ch: str) -> FontFile:
    """The font to draw ``ch`` with: primary if it has the glyph, else fallback if it has it, else primary.

    The last case draws the primary font's missing-glyph box, which is what a reader should see rather than
    a silently dropped character; :func:`uncovered` lists such characters so callers can warn.
    """
    primary = primary_font()
    if covers(primary, ch):
        return primary
    fallback = fallback_font()
    if covers(fallback, ch):
        return fallback
    return primary


def uncovered(text: str) -> list[str]:
    """Characters of ``text`` that no bundled font can draw, in order of first appearance."""
    primary, fallback = primary_font(), fallback_font()
    seen: list[str] = []
    for ch in text:
        if ch not in seen and not covers(primary, ch) and not covers(fallback, ch):
            seen.append(ch)
    return seen


def font_runs(text: str) -> list[tuple[FontFile, str]]:
    """``text`` split into maximal runs drawn with the same font (for renderers that draw run by run)."""
    runs: list[tuple[FontFile, str]] = []
    for ch in text:
        font = font_for_char(ch)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs
