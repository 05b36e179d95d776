"""Helpers shared by the ID card tests (a uniquely named module: test dirs are not packages)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hallclient.paths import resource_path

VECTORS = Path(__file__).with_name("idcard-vectors.txt")  # copy of shared/docs/idcard-vectors.txt
CARD_NAMES = ("resident", "elderly", "foreign_2017", "foreign_2023", "hmt_residence", "expired")


def hex_dump(title: str) -> bytes:
    """The hex dump that follows ``title`` in idcard-vectors.txt (offset-prefixed lines)."""
    text = VECTORS.read_text(encoding="utf-8").split(title, 1)[1]
    rows: list[str] = []
    for line in text.splitlines()[1:]:
        if re.match(r"^[0-9A-F]{4}: ", line):
            rows.append(line[6:])
        elif rows:
            break
    return bytes.fromhex("".join(rows))


def card_json(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(resource_path("cards", f"{name}.json").read_text(encoding="utf-8"))
    return loaded
