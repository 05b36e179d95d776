"""Layout → ESC/POS bytes for a Chinese-capable thermal printer.

Text goes out as two-byte GB codes inside Chinese mode (``FS &``), never through python-escpos ``text()``,
whose GB18030 path only triggers on U+4E00–U+9FA5 and mangles punctuation-only strings (docs/escpos.md §2.2).
A line holding any character the printer's font ROM cannot print (rare name characters, four-byte GB18030
codes such as 𠮷, private-use codes) is drawn with the bundled fonts and sent as a ``GS v 0`` raster, and
only that line; :func:`unprintable` names what even the bundled fonts cannot draw, so callers warn first. Sizes use
``GS !`` (the only size command that enlarges Hanzi on Epson), QR uses ``GS ( k`` or a raster image when
the profile has no native QR. Control characters in data are replaced so slip text can never inject
printer commands.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from hallclient.devices.printer.errors import PrintError, PrintErrorKind
from hallclient.devices.printer.layout import (
    PAPER_80,
    Align,
    Cut,
    Feed,
    Layout,
    Paper,
    Qr,
    Rule,
    Text,
)
from hallclient.fonts import uncovered

if TYPE_CHECKING:  # Pillow loads with the first raster line or image QR: most slips are all ROM text
    from PIL import Image

ESC, GS, FS, LF = b"\x1b", b"\x1d", b"\x1c", b"\n"
INIT = ESC + b"@"
INTL_USA = ESC + b"R\x00"
CN_ON = FS + b"&"
CN_OFF = FS + b"."
_ALIGN = {Align.LEFT: 0, Align.CENTER: 1, Align.RIGHT: 2}
_CODECS = ("gb2312", "gbk", "gb18030")
# substitutes for characters whose usual form is a four-byte GB18030 code (docs/escpos.md §2.2)
_SUBSTITUTES = {"\u00a5": "\uffe5", "\u2022": "\u00b7", "\u00a0": " "}


@dataclass(frozen=True)
class PrinterProfile:
    """What the printer can do. ``codec`` is its resident font's character set (gb2312, gbk or gb18030).

    The default, GBK, is the safe assumption for mainland printers: GB18030-only two-byte codes such as
    䶮 (FE9F) are unverified on most ROMs (docs/escpos.md §7.2), so those lines go out as raster.
    """

    paper: Paper = PAPER_80
    codec: str = "gbk"
    native_qr: bool = True
    raster: bool = True
    cutter: bool = True

    def __post_init__(self) -> None:
        if self.codec not in _CODECS:
            raise PrintError(PrintErrorKind.UNSUPPORTED, f"字库编码 {self.codec}，可选 {'/'.join(_CODECS)}")


#: :func:`normalise` as one ``str.translate`` table: the substitutes, and every control character to a space.
_NORMALISE = str.maketrans({**{code: " " for code in (*range(0x20), 0x7F)}, **_SUBSTITUTES})


def normalise(text: str) -> str:
    """Replace known four-byte characters by their two-byte look-alikes and control characters by spaces."""
    return text.translate(_NORMALISE)


@cache
def _rom_code(ch: str, codec: str) -> bytes | None:
    """One character's ROM bytes, or None when the printer's font cannot print it (cached per character)."""
    if ord(ch) < 0x80:
        return ch.encode("ascii")
    if unicodedata.category(ch) in ("Co", "Cn"):  # GBK's user-defined areas print blank or garbage
        return None
    try:
        code = ch.encode(codec)
    except UnicodeEncodeError:
        return None
    return code if len(code) == 2 else None


def encode_rom(text: str, codec: str) -> bytes | None:
    """``text`` as ROM bytes (ASCII single-byte, Chinese two-byte), or None if any character is not in ROM."""
    if text.isascii():
        return text.encode("ascii")
    codes = [_rom_code(ch, codec) for ch in text]
    if None in codes:
        return None
    return b"".join(codes)  # type: ignore[arg-type]  # no None left


def raster_command(image: Image.Image) -> bytes:
    """``GS v 0`` for a mode-"1" image (black = 0 in Pillow, 1 bit = dot on the printer)."""
    from PIL import Image

    mono = image.convert("1")
    width_bytes = (mono.width + 7) // 8
    padded = Image.new("1", (width_bytes * 8, mono.height), 1)
    padded.paste(mono, (0, 0))
    # Pillow packs mode "1" as 1 = white; the printer wants 1 = black, so invert the packed bits
    data = bytes(b ^ 0xFF for b in padded.tobytes())
    header = GS + b"v0\x00" + bytes((width_bytes & 0xFF, width_bytes >> 8, mono.height & 0xFF, mono.height >> 8))
    return header + data


def qr_native(payload: str, module: int) -> bytes:
    data = payload.encode("utf-8")
    size = len(data) + 3
    if size > 7092:
        raise PrintError(PrintErrorKind.ENCODING, f"二维码内容过长（{len(data)} 字节）")
    return (
        GS
        + b"(k\x04\x00\x31\x41\x32\x00"  # model 2
        + GS
        + b"(k\x03\x00\x31\x43"
        + bytes((max(1, min(module, 16)),))  # module size
        + GS
        + b"(k\x03\x00\x31\x45\x31"  # error correction M
        + GS
        + b"(k"
        + bytes((size & 0xFF, size >> 8))
        + b"\x31\x50\x30"
        + data  # store
        + GS
        + b"(k\x03\x00\x31\x51\x30"  # print
    )


def qr_image(payload: str, module: int, width_dots: int) -> Image.Image:
    """The QR as a mode-"1" image centred on the paper (for printers without ``GS ( k``).

    The image carries its left margin (alignment commands are ignored for images on some clones) but no
    right margin, which would only cost transfer time.
    """
    import qrcode
    from PIL import Image
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_M, box_size=module, border=1)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    matrix = code.get_matrix()
    side = len(matrix) * module
    if side > width_dots:
        module = max(1, width_dots // len(matrix))
        side = len(matrix) * module
    left = (width_dots - side) // 2
    out = Image.new("1", (left + side, side), 1)
    pixels = out.load()
    assert pixels is not None
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                for dy in range(module):
                    for dx in range(module):
                        pixels[left + col * module + dx, row * module + dy] = 0
    return out


class _Writer:
    """Tracks printer state so each mode command is only sent when it changes (keeps slips small)."""

    def __init__(self, profile: PrinterProfile) -> None:
        self.profile = profile
        self.out = bytearray(INIT + INTL_USA + CN_ON)
        self.align = 0
        self.size = 0
        self.bold = False

    def set_align(self, align: Align) -> None:
        value = _ALIGN[align]
        if value != self.align:
            self.out += ESC + b"a" + bytes((value,))
            self.align = value

    def set_size(self, width_mul: int, height_mul: int) -> None:
        value = ((width_mul - 1) << 4) | (height_mul - 1)
        if value != self.size:
            self.out += GS + b"!" + bytes((value,))
            self.size = value

    def set_bold(self, bold: bool) -> None:
        if bold != self.bold:
            self.out += ESC + b"E" + (b"\x01" if bold else b"\x00")
            self.bold = bold

    def text(self, line: Text) -> None:
        text = normalise(line.text)
        encoded = encode_rom(text, self.profile.codec)
        if encoded is None:
            self.raster_text(Text(text, line.align, line.width_mul, line.height_mul, line.bold))
            return
        self.set_align(line.align)
        self.set_size(line.width_mul, line.height_mul)
        self.set_bold(line.bold)
        self.out += encoded + LF

    def raster_text(self, line: Text) -> None:
        if not self.profile.raster:
            bad = [ch for ch in line.text if encode_rom(ch, self.profile.codec) is None]
            names = "、".join(f"“{ch}”(U+{ord(ch):04X})" for ch in bad)
            raise PrintError(PrintErrorKind.ENCODING, f"{names} 不在打印机字库中，且该打印机不支持位图")
        self.set_align(Align.LEFT)  # alignment is drawn into the image; some clones ignore ESC a for images
        from hallclient.devices.printer.glyphs import draw_line

        self.out += raster_command(draw_line(line, self.profile.paper.dots))

    def qr(self, block: Qr) -> None:
        if self.profile.native_qr:
            self.set_align(Align.CENTER)
            self.set_size(1, 1)
            self.out += qr_native(block.payload, block.module) + LF
        elif self.profile.raster:
            self.set_align(Align.LEFT)
            self.out += raster_command(qr_image(block.payload, block.module, self.profile.paper.dots))
        else:
            raise PrintError(PrintErrorKind.UNSUPPORTED, "该打印机既不支持二维码也不支持位图")

    def reset_modes(self) -> None:
        """Back to normal size, no emphasis, left aligned (only the commands that change something)."""
        self.set_size(1, 1)
        self.set_bold(False)
        self.set_align(Align.LEFT)

    def feed(self, lines: int) -> None:
        self.out += ESC + b"d" + bytes((max(0, min(lines, 255)),))

    def cut(self, partial: bool) -> None:
        if self.profile.cutter:
            self.out += GS + b"V" + (b"\x01" if partial else b"\x00")


def render_escpos(layout: Layout, profile: PrinterProfile | None = None) -> bytes:
    """The complete job for ``layout``: init, Chinese mode, lines, QR, raster where needed, feed and cut."""
    profile = profile or PrinterProfile(paper=layout.paper)
    if profile.paper != layout.paper:
        profile = PrinterProfile(layout.paper, profile.codec, profile.native_qr, profile.raster, profile.cutter)
    writer = _Writer(profile)
    for block in layout.blocks:
        if isinstance(block, Text):
            writer.text(block)
        elif isinstance(block, Rule):
            writer.set_align(Align.LEFT)
            writer.set_size(1, 1)
            writer.set_bold(False)
            writer.out += (block.char[:1] or "-").encode("ascii", "replace") * layout.paper.columns + LF
        elif isinstance(block, Qr):
            writer.qr(block)
        elif isinstance(block, Feed):
            writer.feed(block.lines)
        elif isinstance(block, Cut):
            # modes are reset before the cut, so every slip ends with its cut: nothing trails on the paper
            # that the next job's ESC @ would not reset anyway, and a shared printer starts the next slip clean
            writer.reset_modes()
            writer.cut(block.partial)
    writer.reset_modes()  # a layout without a cut; after a cut this sends nothing
    return bytes(writer.out)


def raster_line_count(layout: Layout, profile: PrinterProfile | None = None) -> int:
    """How many text lines of ``layout`` need the raster path on ``profile`` (for warnings and benchmarks)."""
    codec = (profile or PrinterProfile()).codec
    return sum(1 for b in layout.blocks if isinstance(b, Text) and encode_rom(normalise(b.text), codec) is None)


def unprintable(layout: Layout, profile: PrinterProfile | None = None) -> list[str]:
    """Characters of ``layout`` that would come out as a missing-glyph box, in order of first appearance.

    On ``profile`` only the lines drawn as raster count (the printer's ROM prints the others); with no
    profile, the preview, every line is drawn with the bundled fonts.
    """
    seen: list[str] = []
    for block in layout.blocks:
        if not isinstance(block, Text):
            continue
        text = normalise(block.text)
        if profile is not None and encode_rom(text, profile.codec) is not None:
            continue
        seen += [ch for ch in uncovered(text) if ch not in seen]
    return seen
