"""The PNG preview and the shared font rule it draws with."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from hallclient.devices.printer.glyphs import draw_line
from hallclient.devices.printer.layout import Align, Text, build_layout
from hallclient.devices.printer.preview import MARGIN, PAPER_PAD, render_preview
from hallclient.devices.printer.samples import sample_slips
from hallclient.devices.printer.slips import SlipKind
from hallclient.fonts import (
    COVERAGE_FILE,
    FontFile,
    coverage_key,
    covers,
    drawable_ranges,
    fallback_font,
    fallback_font_path,
    font_chain,
    font_for_char,
    font_runs,
    primary_font,
    primary_font_path,
    rare_font,
    uncovered,
    uncovered_message,
)
from hallclient.paths import resource_path

# One character of each of CJK Extensions B, C, D, E and F; 𠮷 (B) is a real surname variant of 吉.
EXTENSIONS_B_TO_F = "𠮷𪜀𫝀𫠠𬺰"
NO_FONT = "\U00030000"  # Extension G: in no bundled font


def test_slip_bundled_fonts_are_shipped_with_licences() -> None:
    assert primary_font_path().is_file() and fallback_font_path().is_file()
    licences = primary_font_path().parent / "LICENSES"
    assert (licences / "Apache-2.0.txt").is_file()
    assert (licences / "droid-sans-fallback.copyright.txt").is_file()
    assert (licences / "wqy-microhei.copyright.txt").is_file()
    assert rare_font().path.is_file()
    assert "Hanazono Font License" in (licences / "hanazono.copyright.txt").read_text(encoding="utf-8")
    assert "HanaMinB-ExtB-F.ttf" in (licences / "README.md").read_text(encoding="utf-8")  # how it was subset


def test_slip_font_rule_per_character() -> None:
    assert font_for_char("A") == primary_font()
    assert font_for_char("受") == primary_font()
    assert font_for_char("䶮") == fallback_font()  # Extension A: only in Droid Sans Fallback
    assert covers(fallback_font(), "䶮") and not covers(primary_font(), "䶮")
    assert not covers(fallback_font(), "1")  # Droid has no Latin digits
    assert not covers(primary_font(), "℃")  # mapped to an empty glyph in WenQuanYi
    assert [font_for_char(ch) for ch in EXTENSIONS_B_TO_F] == [rare_font()] * 5
    assert uncovered(f"王{EXTENSIONS_B_TO_F}{NO_FONT}明{NO_FONT}") == [NO_FONT]
    assert uncovered_message([NO_FONT]).startswith("随附字体无法显示 “\U00030000”(U+30000)，")
    assert uncovered_message([]) == ""
    assert font_runs("王䶮12") == [(primary_font(), "王"), (fallback_font(), "䶮"), (primary_font(), "12")]


def test_recorded_font_coverage_is_what_the_bundled_fonts_draw() -> None:
    """coverage.json (tools/font_coverage.py) matches every bundled font, so a window can trust it."""
    recorded = json.loads(resource_path("fonts", COVERAGE_FILE).read_text(encoding="utf-8"))["fonts"]
    for font in font_chain():
        entry = recorded[coverage_key(font)]
        assert entry["size"] == font.path.stat().st_size
        assert [tuple(pair) for pair in entry["ranges"]] == drawable_ranges(font)


def test_a_font_file_unlike_the_recorded_one_is_read_itself(tmp_path: Path) -> None:
    changed = tmp_path / primary_font().path.name
    changed.write_bytes(primary_font().path.read_bytes() + b"\0" * 16)  # same name, another size
    font = FontFile(changed, 0, "changed")
    assert covers(font, "受") and covers(font, "A")
    assert not covers(font, "℃") and not covers(font, "䶮")


def test_checking_names_needs_no_font_library() -> None:
    """The window checks each applicant's name before recording: from the recorded ranges, without fontTools."""
    code = (
        "import sys; from hallclient.fonts import uncovered; uncovered('王䶮𠮷\U00030000℃'); print(sorted(sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_env())
    assert "fontTools" not in done.stdout and "'hallclient.fonts'" in done.stdout


def _env() -> dict[str, str]:
    source = str(Path(__file__).resolve().parents[2] / "src")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}


def _ink(image: Image.Image) -> int:
    return sum(image.convert("L").histogram()[:100])


@pytest.mark.parametrize(("width", "dots"), [(58, 384), (80, 576)])
@pytest.mark.parametrize("kind", list(SlipKind))
def test_slip_preview_renders_every_slip(kind: SlipKind, width: int, dots: int) -> None:
    layout = build_layout(sample_slips()[kind], width)
    image = render_preview(layout)
    assert image.width == dots + 2 * (MARGIN + PAPER_PAD)
    rows = sum(24 * b.height_mul for b in layout.blocks if isinstance(b, Text))
    assert image.height > rows
    assert _ink(image) > 2000, "the slip is not blank"


def test_slip_preview_shows_the_rare_character() -> None:
    with_rare = draw_line(Text("王䶮"), 384)
    placeholder = draw_line(Text("王 "), 384)
    diff = ImageChops.difference(with_rare.convert("L"), placeholder.convert("L"))
    assert diff.getbbox() is not None
    box = diff.getbbox()
    assert box is not None and box[0] >= 24 and box[2] <= 48 + 2


@pytest.mark.parametrize("ch", EXTENSIONS_B_TO_F)
def test_slip_preview_draws_extension_b_to_f_glyphs_not_boxes(ch: str) -> None:
    drawn = draw_line(Text(f"王{ch}"), 384).convert("L").crop((24, 0, 48, 24))
    box = draw_line(Text(f"王{NO_FONT}"), 384).convert("L").crop((24, 0, 48, 24))  # the .notdef box
    assert _ink(drawn) > 20, "blank cell"
    assert ImageChops.difference(drawn, box).getbbox() is not None, "the missing-glyph box"
    others = [draw_line(Text(other), 384).convert("L").crop((0, 0, 24, 24)) for other in EXTENSIONS_B_TO_F]
    assert sum(ImageChops.difference(drawn, other).getbbox() is None for other in others) == 1, "its own glyph"


def test_slip_preview_alignment_and_size() -> None:
    centred = draw_line(Text("中", Align.CENTER), 384)
    box = ImageChops.invert(centred.convert("L")).getbbox()
    assert box is not None and abs((box[0] + box[2]) / 2 - 192) <= 3
    big = draw_line(Text("中", Align.LEFT, 2, 2), 384)
    assert big.height == 48
    big_box = ImageChops.invert(big.convert("L")).getbbox()
    assert big_box is not None and big_box[2] - big_box[0] >= 1.8 * (box[2] - box[0])


def test_slip_preview_of_reprint_has_more_ink_at_the_top() -> None:
    slip = sample_slips()[SlipKind.RECEIPT]
    plain = render_preview(build_layout(slip, 58))
    reprint = render_preview(build_layout(slip, 58, reprint=True))
    assert reprint.height == plain.height + 48


@pytest.mark.parametrize("bold", [False, True])
def test_every_printable_ascii_glyph_stays_in_its_cell(bold: bool) -> None:
    """A wide Latin letter (W, M) used to run into the next character of a case number ("5W" touched); each glyph
    is now condensed to its 12-dot cell less a dot, bold included, and keeps its height."""
    for code in range(0x21, 0x7F):
        image = draw_line(Text(chr(code), Align.LEFT, 1, 1, bold), 576)
        black = [x for x in range(image.width) for y in range(image.height) if image.getpixel((x, y)) == 0]
        assert black, chr(code)
        assert max(black) < 12, (chr(code), max(black))
    tall = draw_line(Text("W", Align.LEFT, 1, 1, bold), 576)
    rows = [y for y in range(tall.height) for x in range(12) if tall.getpixel((x, y)) == 0]
    assert max(rows) - min(rows) >= 12  # condensed, not shrunk to a lower-case size
