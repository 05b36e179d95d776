"""Bytes and render time of every slip kind at 58 and 80 mm (goal: receipt ≤ 600 bytes in text mode).

Run: .venv/bin/python bench/slips.py — prints medians over several repetitions.
"""

from __future__ import annotations

import statistics
import time

from hallclient.devices.printer.escpos_render import PrinterProfile, raster_line_count, render_escpos
from hallclient.devices.printer.layout import build_layout, paper_for
from hallclient.devices.printer.preview import render_preview
from hallclient.devices.printer.samples import sample_slips
from hallclient.devices.printer.slips import SlipKind

REPEAT = 15


def _median_ms(func: object, repeat: int = REPEAT) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    slips = sample_slips()
    render_escpos(build_layout(slips[SlipKind.TEST], 80))  # warm font caches once
    render_preview(build_layout(slips[SlipKind.TEST], 80))
    print(
        f"{'slip':<11}{'mm':>4}{'bytes':>7}{'raster':>7}{'img-QR B':>9}{'layout ms':>10}{'escpos ms':>10}"
        f"{'preview ms':>11}{'9600 bd s':>10}"
    )
    for kind in SlipKind:
        for width in (58, 80):
            slip = slips[kind]
            layout = build_layout(slip, width)
            data = render_escpos(layout)
            no_qr = render_escpos(layout, PrinterProfile(paper=paper_for(width), native_qr=False))
            t_layout = _median_ms(lambda s=slip, w=width: build_layout(s, w))
            t_escpos = _median_ms(lambda lay=layout: render_escpos(lay))
            t_preview = _median_ms(lambda lay=layout: render_preview(lay), repeat=5)
            print(
                f"{kind.value:<11}{width:>4}{len(data):>7}{raster_line_count(layout):>7}{len(no_qr):>9}"
                f"{t_layout:>10.2f}{t_escpos:>10.2f}{t_preview:>11.1f}{len(data) / 960:>10.2f}"
            )
    receipt = max(len(render_escpos(build_layout(slips[SlipKind.RECEIPT], w))) for w in (58, 80))
    print(f"receipt max bytes in text mode: {receipt} (goal ≤ 600: {'met' if receipt <= 600 else 'MISSED'})")


if __name__ == "__main__":
    main()
