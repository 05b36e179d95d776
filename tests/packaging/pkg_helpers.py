"""Parsing of the selftest table, shared by the in-process and the frozen tests."""

from __future__ import annotations

import re

_ROW = re.compile(r"^(?P<name>[a-z][a-z0-9_.]*)\s+(?P<status>OK|WARN|FAIL|SKIP)\s+(?P<detail>.*)$")


def parse_rows(table: str) -> dict[str, tuple[str, str]]:
    """``{check name: (status, detail)}``; fails on a row that is not exactly one line of the table."""
    rows: dict[str, tuple[str, str]] = {}
    lines = table.strip().splitlines()
    assert lines[0].startswith("检查项"), table
    for line in lines[2:]:
        if line.startswith("selftest:"):
            continue
        match = _ROW.match(line)
        assert match, f"not a table row: {line!r}"
        assert match["name"] not in rows, f"duplicate row {match['name']}"
        rows[match["name"]] = (match["status"], match["detail"])
    return rows
