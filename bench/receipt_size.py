"""Receipt (受理回执) bytes for every case of a seeded demo store, at 58 and 80 mm, in the default profile.

The store is built by ``hallclient demo seed`` (the same services the app uses); every case a receipt
can be printed for (accepted, suspended, completed or collected, not refused) is laid out as its receipt
(``services.slips.build_slip``) and rendered as the ESC/POS bytes the print queue stores and sends
(default printer profile: GBK text, native QR). Prints the maximum and median bytes per width, the
seconds the largest takes at 9600 baud (8N1: 960 bytes/s), and the render time. Goal (issue 18): every
receipt <= 600 bytes (<= 0.63 s at 9600 baud).

Run: ``.venv/bin/python bench/receipt_size.py [--days N] [--cases-per-day M] [--runs R]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hallclient.config import Settings
from hallclient.devices.printer.escpos_render import PrinterProfile, render_escpos
from hallclient.devices.printer.layout import build_layout, paper_for
from hallclient.devices.printer.slips import SlipKind
from hallclient.services.slips import build_slip
from hallclient.store.bootstrap import open_store
from hallclient.store.models import Case

GOAL = 600
BAUD_BYTES_PER_SECOND = 960


def receipt_sizes(db: Path) -> tuple[dict[int, list[int]], int, float]:
    """Bytes per width of every printable receipt, the cases skipped, and the render time per receipt (ms)."""
    store = open_store(db, upgrade=False)
    settings = Settings()
    sizes: dict[int, list[int]] = {58: [], 80: []}
    skipped = 0
    started = time.perf_counter()
    with store.read() as session:
        for case in session.query(Case).order_by(Case.case_no):
            if case.status not in ("accepted", "suspended", "completed", "collected") or case.outcome == "refuse":
                skipped += 1
                continue
            slip = build_slip(session, case, SlipKind.RECEIPT, settings)
            for width in sizes:
                layout = build_layout(slip, paper_for(width))
                sizes[width].append(len(render_escpos(layout, PrinterProfile(paper=paper_for(width)))))
    elapsed = (time.perf_counter() - started) * 1000
    store.close()
    return sizes, skipped, elapsed / max(1, len(sizes[80]) * 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--cases-per-day", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1, help="render passes over the store (the sizes do not vary)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "seeded.sqlite3"
        subprocess.run(
            [sys.executable, "-m", "hallclient", "demo", "seed", "--db", str(db), "--days", str(args.days),
             "--cases-per-day", str(args.cases_per_day), "--seed", str(args.seed)],
            check=True,
            capture_output=True,
        )  # fmt: skip
        timings = []
        for _ in range(args.runs):
            sizes, skipped, per_receipt_ms = receipt_sizes(db)
            timings.append(per_receipt_ms)
    print(f"{len(sizes[80])} receipts ({skipped} cases without one), default profile (no guide QR)")
    worst = 0
    for width, values in sizes.items():
        largest = max(values)
        worst = max(worst, largest)
        print(
            f"{width} mm: max {largest} B ({largest / BAUD_BYTES_PER_SECOND:.2f} s at 9600 baud), "
            f"median {statistics.median(values):.0f} B, min {min(values)} B"
        )
    print(f"layout + render: median {statistics.median(timings):.2f} ms per receipt over {args.runs} runs")
    print(f"max over both widths {worst} B  (goal <= {GOAL}: {'met' if worst <= GOAL else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
