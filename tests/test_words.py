"""One root word each for 容缺 (deficiency) and 不予受理 (refusal): docs/glossary.md holds the rule, this test
holds the code to it.

Every name in src/ (identifiers, attributes, arguments, and strings that look like keys or values) is checked
for ``tolera…`` and ``reject…``. What may still match is listed below with where and why: the frozen older
spellings (a public file format, hash-chained events, migrations' inputs) and "reject" in its other senses
(a server rejecting an uploaded event, Qt's dialog API, a complaint appeal result).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import TypeGuard

import pytest

from hallclient.devices.printer.slips import FORMER_SLIP_KINDS, SlipKind

SRC = Path(__file__).resolve().parents[1] / "src" / "hallclient"
ROOT_WORD_RIVALS = re.compile(r"tolera|reject", re.IGNORECASE)
KEYLIKE = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
ANYWHERE = frozenset({"*"})

# name → the modules (relative to src/hallclient; a name ending in / is a package) where it may appear, and why.
ALLOWED: dict[str, tuple[frozenset[str], str]] = {
    # Frozen spellings (docs/glossary.md, "persisted spellings").
    "tolerable": (frozenset({"catalog/validation.py"}), "catalog file field (JSON/XLSX), a public format"),
    "tolerated": (frozenset({"domain/case.py"}), "event payload key, hash-chained in recorded events"),
    "rejection": (frozenset({"devices/printer/slips.py"}), "slip kind in slip.reprinted events before 0005"),
    "tolerance": (frozenset({"devices/printer/slips.py"}), "slip kind in slip.reprinted events before 0005"),
    # Sync: the server rejects an uploaded event, which the window quarantines.
    "rejected": (ANYWHERE, "an answer status of the upload API (and Qt's signal, and an appeal result)"),
    "RejectedEvent": (
        frozenset({"server/models.py", "server/ingest.py", "server/bundles.py", "server/api/cases.py"}),
        "sync",
    ),
    "rejected_events": (
        frozenset({"server/models.py", "server/ingest.py", "server/distribution.py"}),
        "sync: the server's quarantine table",
    ),
    "REJECTED": (frozenset({"server/ingest.py"}), "sync: the quarantine table's Core table"),
    "_REJECTED_BEFORE": (frozenset({"server/ingest.py"}), "sync: the prebuilt read of answers already given"),
    "ix_rejected_device_seq": (frozenset({"server/models.py"}), "sync: the quarantine table's index"),
    "_reject": (frozenset({"server/ingest.py"}), "sync: builds a rejected answer"),
    "rejected_before": (frozenset({"server/ingest.py"}), "sync: answers already given"),
    # Qt's dialog API.
    "reject": (frozenset({"ui/"}), "QDialog.reject, in any screen"),
    "RejectRole": (ANYWHERE, "QDialogButtonBox.ButtonRole.RejectRole"),
}


def _is_key(node: ast.AST) -> TypeGuard[ast.Constant]:
    """A string constant that reads as a key or a value (``"supply_tolerated"``), not as prose."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and KEYLIKE.fullmatch(node.value) is not None


def _names(tree: ast.AST) -> list[str]:
    """Every identifier the module defines or uses, and every string constant that looks like a key or value."""
    names: list[str] = []
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.arg | ast.keyword) and node.arg:
            names.append(node.arg)
        elif isinstance(node, ast.alias):
            names.extend(part for part in (node.name, node.asname) if part)
        elif _is_key(node) and id(node) not in docstrings:
            names.extend(str(node.value).split("."))
    return names


def _offences(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        module = path.relative_to(root).as_posix()
        for name in _names(ast.parse(path.read_text(encoding="utf-8"))):
            if not ROOT_WORD_RIVALS.search(name):
                continue
            where, _why = ALLOWED.get(name, (frozenset(), ""))
            if where is not ANYWHERE and not any(
                module == w or (w.endswith("/") and module.startswith(w)) for w in where
            ):
                found.append(f"{module}: {name}")
    return sorted(set(found))


def test_src_names_use_refusal_and_deficiency_outside_the_frozen_and_sync_spellings() -> None:
    assert _offences(SRC) == []


def test_the_check_finds_a_rival_word_in_code_a_key_or_an_import(tmp_path: Path) -> None:
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "x.py").write_text(
        '"""Docstrings may say tolerated or rejected."""\n'
        "from m import ToleranceData\n"
        "COL_TOLERATED = 6\n"
        "def f(tolerable: bool) -> dict:\n"
        '    return {"supply_tolerated": reject, "kind": "rejection"}\n',
        encoding="utf-8",
    )
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "validation.py").write_text('FIELD = "tolerable"\n', encoding="utf-8")
    assert _offences(tmp_path) == [
        "domain/x.py: COL_TOLERATED",
        "domain/x.py: ToleranceData",
        "domain/x.py: reject",
        "domain/x.py: rejection",
        "domain/x.py: supply_tolerated",
        "domain/x.py: tolerable",
    ]


@pytest.mark.parametrize(("former", "kind"), FORMER_SLIP_KINDS.items())
def test_slip_kinds_recorded_under_their_former_names_still_read(former: str, kind: SlipKind) -> None:
    assert SlipKind(former) is kind
    assert kind.value in {"refusal", "deficiency"}
