"""A fake ESC/POS printer on a pseudo-terminal: it records what it receives and answers ``DLE EOT n``.

The real :class:`SerialTransport` opens the pty's slave path exactly as it would open ``/dev/ttyUSB0``;
``replies`` maps n (1–4) to the status byte to answer, and a missing n means silence.
"""

from __future__ import annotations

import os
import select
import threading
import tty


class FakeSerialPrinter:
    def __init__(self, replies: dict[int, int] | None = None) -> None:
        self.replies = dict(replies or {})
        self.received = bytearray()
        self.queries: list[int] = []
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self._slave = slave
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        pending = b""
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            self.received += chunk
            pending += chunk
            while True:
                at = pending.find(b"\x10\x04")
                if at < 0 or at + 2 >= len(pending):
                    pending = pending[at:] if at >= 0 else b""
                    break
                n = pending[at + 2]
                self.queries.append(n)
                if n in self.replies:
                    os.write(self.master, bytes((self.replies[n],)))
                pending = pending[at + 3 :]

    def inject(self, data: bytes) -> None:
        """Unsolicited bytes (e.g. answers to a ``10 04 n`` that occurred inside earlier raster data)."""
        os.write(self.master, data)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        os.close(self.master)
        os.close(self._slave)


ONLINE = {1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12}
COVER_OPEN = {1: 0x1E, 2: 0x16, 3: 0x12, 4: 0x12}
PAPER_OUT = {1: 0x1E, 2: 0x32, 3: 0x12, 4: 0x72}
NEAR_END = {1: 0x16, 2: 0x12, 3: 0x12, 4: 0x1E}
