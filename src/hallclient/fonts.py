"""The bundled CJK fonts and the one per-character fallback rule that UI, PDF and raster slips share.

WenQuanYi Micro Hei (primary) covers Latin and common CJK but not CJK Extension A (e.g. 䶮, found in real
names); Droid Sans Fallback covers Extension A but has no Latin digits; HanaMinB (subset to CJK Extensions
B-F) covers the supplementary-plane characters of names such as 𠮷. Every renderer therefore asks
:func:`font_for_char` per character instead of trusting one font. Qt-free: coverage comes from the fonts'
``cmap`` tables read with fontTools, so the answer is the same whatever draws the glyph. What no font of
the chain draws is listed by :func:`uncovered`, and :func:`uncovered_message` is the one line the clerk sees.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from hallclient.paths import resource_path

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


_lock = threading.Lock()  # fontTools' lazy tables are not safe to load from two threads at once


@cache
def _open(path: Path, index: int) -> tuple[Any, dict[int, str]]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), fontNumber=index, lazy=True)
    return font, dict(font.getBestCmap() or {})


@cache
def _present(path: Path) -> bool:
    return path.is_file()


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
    if not _present(font.path):  # a missing font draws nothing: its characters are reported, not drawn
        return False
    with _lock:
        return _has_outline(font.path, font.face_index, ord(ch))


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
