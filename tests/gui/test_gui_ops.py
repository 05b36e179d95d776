"""The op API: every screen's database call runs as an op, failures reach the clerk as one line built in one
place, unexpected bugs are logged with their traceback, and a write's changes drive the other views."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest

from hallclient.errors import HallError
from hallclient.ui.ops import Changes, Failure, QueryOp, WriteOp, Written

UI = Path(__file__).resolve().parents[2] / "src" / "hallclient" / "ui"


@pytest.mark.logs_expected("hallclient.ui.ops")
def test_a_bug_is_logged_with_its_traceback_and_the_clerk_gets_a_plain_line(qtbot, ctx, caplog):
    failures: list[Failure] = []

    def bug(_services: object) -> object:
        missing: dict[str, object] = {}
        return missing["x"]

    with caplog.at_level(logging.ERROR, logger="hallclient.ui.ops"):
        QueryOp(ctx, bug).failure(failures.append).run()
        qtbot.waitUntil(lambda: bool(failures))
    [failure] = failures
    assert "KeyError" in failure.message and "'x'" not in failure.message  # not "KeyError: 'x'"
    assert "运行日志" in failure.message
    [record] = [r for r in caplog.records if r.name == "hallclient.ui.ops"]
    assert record.exc_info is not None and record.exc_info[0] is KeyError


def test_a_hall_error_is_shown_as_is_and_not_logged_as_a_bug(qtbot, ctx, caplog):
    failures: list[Failure] = []

    def refused(_services):
        raise HallError("办件不存在：x")

    with caplog.at_level(logging.ERROR, logger="hallclient.ui.ops"):
        QueryOp(ctx, refused).failure(failures.append).run()
        qtbot.waitUntil(lambda: bool(failures))
    assert failures[0].message == "办件不存在：x"
    assert not [r for r in caplog.records if r.name == "hallclient.ui.ops"]


def test_a_write_emits_its_changes_once_before_its_success_handler(qtbot, ctx):
    seen: list[object] = []
    ctx.changed.connect(lambda changes: seen.append(changes))
    changes = Changes(case_ids=frozenset({"c1"}), print_jobs=("j1",))
    WriteOp(ctx, lambda _services: Written(42, changes)).success(lambda value: seen.append(value)).run()
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen == [changes, 42]
    assert changes.touches("c1") and not changes.touches("c2")


def test_no_screen_opens_a_session_or_submits_tasks_itself():
    """Screens reach the store only through ops: no ``store.read()``/``store.write()`` and no ``tasks.submit``
    (or the old ``ctx.run`` / ``run_in_background``) outside ops.py and the store opening in context.py."""
    allowed = {UI / "ops.py": {"submit"}, UI / "context.py": {"submit"}, UI / "tasks.py": set()}
    offenders = []
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in {"read", "write", "submit", "run_in_background"}:
                base = node.value
                owner = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
                if owner != ("store" if node.attr in {"read", "write"} else "tasks"):
                    continue  # a button's ``submit``, a file's ``read``
                if node.attr in allowed.get(path, set()):
                    continue
                offenders.append(f"{path.name}:{node.lineno} {owner}.{node.attr}")
            if isinstance(node, ast.Attribute) and node.attr == "run" and getattr(node.value, "attr", "") == "ctx":
                offenders.append(f"{path.name}:{node.lineno} ctx.run")
    assert offenders == []


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_use_case_code_stays_out_of_the_ui():
    """No SQL in ui/ (screens read through services), and the print queue panel does not import the adapter
    that opens it (the old ui/printing ↔ ui/printqueue cycle)."""
    sql = {path.name for path in UI.rglob("*.py") if any(name.startswith("sqlalchemy") for name in _imports(path))}
    assert sql == set()
    assert "hallclient.ui.printing" not in _imports(UI / "printqueue.py")
    assert not (UI / "queries.py").exists()
