"""Receipt bytes over a seeded store (issue 18): every receipt of a small seed within the 600-byte goal, and
beyond the text the citizen reads, little is sent.

Larger seeds have receipts over 600 B (six materials, a company's long name, a 暂定 date: bench/receipt_size.py
and docs/footprint.md say why); this test pins the largest receipt of a small seed (``RECEIPT_CEILING``) and the
rest: printer set-up, style changes, the QR's framing,
feed and cut, at most ``FRAMING_BUDGET`` bytes per receipt beyond its text, its line feeds and the QR's URL, at
either width.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hallclient.config import Settings
from hallclient.demo import seed
from hallclient.devices.printer.escpos_render import encode_rom, normalise, render_escpos
from hallclient.devices.printer.layout import Qr, Text, build_layout, paper_for
from hallclient.devices.printer.slips import SlipKind
from hallclient.services.context import Services
from hallclient.services.slips import build_slip
from hallclient.store.bootstrap import device_id, open_store
from hallclient.store.models import Case

#: Measured at 80 mm: ESC @, ESC R, FS & (7); alignment, size and bold changes (33); the rule (49 at 80 mm, no
#: longer on the receipt); GS ( k framing (38); feed and cut (6) = 134. A style command repeated per line would
#: blow it at once.
FRAMING_BUDGET = 140
#: The largest receipt of this seed, in bytes: 660 B with the receipt's content of issue 18's third round (no
#: contact phone, the department in the matter line, 原件 and 1份 named once in the heading, the basis cited
#: short, the short progress URL and 暂定 note); 740 B before the second round, 700 B before the third. 14 of
#: its 20 receipts (58 and 80 mm) are still over the 600-byte goal: docs/footprint.md says what it would take.
RECEIPT_CEILING = 660
GOAL = 600


def test_every_receipt_of_a_seeded_store_is_small_and_sends_little_beyond_what_the_citizen_reads(
    tmp_path: Path,
) -> None:
    store = open_store(tmp_path / "seeded.sqlite3")
    services = Services(store=store, settings=Settings(), device_id=device_id(store))
    seed(services, days=1, cases_per_day=12, seed=3, today=date(2026, 12, 1))  # December: provisional dates
    framing: list[int] = []
    sizes: list[int] = []
    with store.read() as session:
        for case in session.query(Case):
            if case.status not in ("accepted", "suspended", "completed", "collected") or case.outcome == "refuse":
                continue
            slip = build_slip(session, case, SlipKind.RECEIPT, services.settings)
            for width in (58, 80):
                layout = build_layout(slip, paper_for(width))
                lines = [block for block in layout.blocks if isinstance(block, Text)]
                readable = sum(len(encode_rom(normalise(line.text), "gbk") or b"") + 1 for line in lines)
                readable += sum(len(block.payload) for block in layout.blocks if isinstance(block, Qr))
                size = len(render_escpos(layout))
                framing.append(size - readable)
                sizes.append(size)
    store.close()
    assert len(framing) >= 10
    assert max(framing) <= FRAMING_BUDGET
    assert max(sizes) <= RECEIPT_CEILING
    assert sum(size <= GOAL for size in sizes) >= 6  # as many within the goal as now (6 of 20)
