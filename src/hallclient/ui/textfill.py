"""Filling ``%1``, ``%2`` … into translated texts: apart from ``ui.labels`` so the sign-in window's modules
need no domain module before its first paint (``ui.labels`` maps domain enums; bench/cold_start.py)."""

from __future__ import annotations

import re


def fill(template: str, *values: object) -> str:
    """Put ``values`` into a translated ``template``'s ``%1``, ``%2`` … in one pass (a value holding "%2" stays)."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return str(values[index]) if 0 <= index < len(values) else match.group(0)

    return re.sub(r"%(\d+)", value, template)
