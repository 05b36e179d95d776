"""Receipt bytes over a seeded store (issue 18): beyond the text the citizen reads, little is sent.

The 600-byte goal holds for the sample receipt (test_escpos_slips); a seeded store's largest receipts carry
more readable text than that alone (bench/receipt_size.py, docs/footprint.md), so this test pins the largest
receipt of a small seed (``RECEIPT_CEILING``) and the rest: printer set-up, style changes, the QR's framing,
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
#: The largest receipt of this seed, in bytes, with the short wording (no rule, 原件 named once in the heading,
#: the short 暂定 note): 740 B with the wording before it. The goal is 600 B (docs/footprint.md says why it is
#: not reached); this keeps what was won.
RECEIPT_CEILING = 700


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
