"""CSV export: UTF-8 with a byte-order mark so Excel opens the Chinese headers correctly.

One table: the grouping's rows and the total, numbers unformatted (shares as fractions, hours with one
decimal, empty where there is nothing to measure) so the file is as good for machines as for Excel.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hallclient.domain.tally import Tally, header, table_rows
from hallclient.files import write_atomically


def write_table_csv(head: Sequence[str], rows: Sequence[Sequence[Any]], path: Path) -> Path:
    def write(target: Path) -> None:
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(head)
            for row in rows:
                writer.writerow(["" if value is None else value for value in row])

    return write_atomically(path, write)


def write_csv(tally: Tally, path: Path) -> Path:
    return write_table_csv(header(tally), table_rows(tally), path)
