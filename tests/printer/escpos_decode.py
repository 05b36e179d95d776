"""A small, strict ESC/POS decoder for the printer tests (written independently of the renderer).

It plays the printer: tracks Chinese mode, alignment, ``GS !`` size and emphasis, turns text bytes back
into lines (GB18030 two-byte codes only inside ``FS &``), and collects QR payloads, raster blocks, feeds
and cuts. Any byte sequence a real printer would misread (an unknown command, a high byte outside Chinese
mode, a four-byte GB18030 code) raises, so a renderer bug cannot hide behind lenient decoding.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class DecodeError(ValueError):
    pass


@dataclass
class Line:
    text: str
    align: int
    width: int
    height: int
    bold: bool


@dataclass
class QrCode:
    payload: str
    module: int
    ec: int
    align: int


@dataclass
class Raster:
    width_bytes: int
    height: int
    data: bytes

    def pixel(self, x: int, y: int) -> bool:
        return bool(self.data[y * self.width_bytes + x // 8] & (0x80 >> (x % 8)))

    def ink(self) -> int:
        return sum(bin(b).count("1") for b in self.data)


@dataclass
class Decoded:
    events: list[object] = field(default_factory=list)
    after_last_cut: bytes | None = None  # the raw bytes sent after the last cut; None when nothing was cut

    @property
    def lines(self) -> list[Line]:
        return [e for e in self.events if isinstance(e, Line)]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def qrs(self) -> list[QrCode]:
        return [e for e in self.events if isinstance(e, QrCode)]

    @property
    def rasters(self) -> list[Raster]:
        return [e for e in self.events if isinstance(e, Raster)]

    @property
    def cuts(self) -> list[str]:
        return [e[1] for e in self.events if isinstance(e, tuple) and e[0] == "cut"]

    def line(self, contains: str) -> Line:
        for line in self.lines:
            if contains in line.text:
                return line
        raise AssertionError(f"no line contains {contains!r}:\n{self.text}")


def decode(data: bytes) -> Decoded:
    out = Decoded()
    cn = False
    align = 0
    width = height = 1
    bold = False
    qr_store: bytes | None = None
    qr_module = 3
    qr_ec = 0x30
    buffer = ""
    i = 0
    cut_end: int | None = None

    def need(n: int) -> bytes:
        if i + n > len(data):
            raise DecodeError(f"truncated command at {i}")
        return data[i : i + n]

    while i < len(data):
        b = data[i]
        if b == 0x0A:
            out.events.append(Line(buffer, align, width, height, bold))
            buffer = ""
            i += 1
        elif b == 0x1B:
            cmd = need(2)[1]
            if cmd == 0x40:  # ESC @
                cn, align, width, height, bold = False, 0, 1, 1, False
                out.events.append(("init",))
                i += 2
            elif cmd == 0x52:  # ESC R n
                i += 3
            elif cmd == 0x61:  # ESC a n
                align = need(3)[2]
                i += 3
            elif cmd == 0x45:  # ESC E n
                bold = bool(need(3)[2] & 1)
                i += 3
            elif cmd == 0x64:  # ESC d n
                out.events.append(("feed", need(3)[2]))
                i += 3
            else:
                raise DecodeError(f"unknown ESC {cmd:#04x} at {i}")
        elif b == 0x1D:
            cmd = need(2)[1]
            if cmd == 0x21:  # GS ! n
                n = need(3)[2]
                width, height = (n >> 4) + 1, (n & 0x0F) + 1
                i += 3
            elif cmd == 0x56:  # GS V m [n]
                m = need(3)[2]
                out.events.append(("cut", "full" if m in (0, 48, 65) else "partial"))
                i += 4 if m in (65, 66) else 3
                cut_end = i
            elif cmd == 0x76:  # GS v 0 m xL xH yL yH d...
                head = need(8)
                if head[2] != 0x30:
                    raise DecodeError("GS v must be GS v 0")
                xb, rows = head[4] | head[5] << 8, head[6] | head[7] << 8
                i += 8
                out.events.append(Raster(xb, rows, need(xb * rows)))
                i += xb * rows
            elif cmd == 0x28 and need(3)[2] == 0x6B:  # GS ( k pL pH cn fn ...
                head = need(7)
                size = head[3] | head[4] << 8
                body = need(5 + size)[5:]
                cn_, fn = body[0], body[1]
                if cn_ != 0x31:
                    raise DecodeError("GS ( k for a symbol other than QR")
                if fn == 0x43:
                    qr_module = body[2]
                elif fn == 0x45:
                    qr_ec = body[2]
                elif fn == 0x50:
                    qr_store = body[3:]
                elif fn == 0x51:
                    if qr_store is None:
                        raise DecodeError("QR print without stored data")
                    out.events.append(QrCode(qr_store.decode("utf-8"), qr_module, qr_ec, align))
                elif fn != 0x41:
                    raise DecodeError(f"unknown QR function {fn:#04x}")
                i += 5 + size
            else:
                raise DecodeError(f"unknown GS {cmd:#04x} at {i}")
        elif b == 0x1C:
            cmd = need(2)[1]
            if cmd == 0x26:
                cn = True
            elif cmd == 0x2E:
                cn = False
            else:
                raise DecodeError(f"unknown FS {cmd:#04x} at {i}")
            i += 2
        elif b < 0x20 or b == 0x7F:
            raise DecodeError(f"stray control byte {b:#04x} at {i}")
        elif b < 0x80:
            buffer += chr(b)
            i += 1
        else:
            if not cn:
                raise DecodeError(f"byte {b:#04x} outside Chinese mode at {i} (would print from a code page)")
            pair = need(2)
            if not 0x40 <= pair[1] <= 0xFE or pair[1] == 0x7F:
                raise DecodeError(f"not a two-byte GB code at {i}: {pair.hex()}")
            buffer += pair.decode("gb18030")
            i += 2
    if buffer:
        out.events.append(Line(buffer, align, width, height, bold))
    out.after_last_cut = None if cut_end is None else data[cut_end:]
    return out
