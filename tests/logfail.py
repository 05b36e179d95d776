"""An unexpected WARNING or worse in the log fails the test that caused it (as qutebrowser's logfail does).

A warning the program logs is something a clerk or IT would have to act on; a test that provokes one without
saying so is hiding a bug. Tests that mean to provoke one say which loggers may warn with
``@pytest.mark.logs_expected("hallclient.sync", ...)`` (logger-name prefixes) and should check the records
through ``caplog``.
"""

from __future__ import annotations

import logging
from collections.abc import Generator

import pytest

MARKER = "logs_expected"


class LogFailHandler(logging.Handler):
    """Collects the WARNING-or-worse records of every logger (they all propagate to the root)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        records, self.records = self.records, []
        return records


HANDLER = pytest.StashKey[LogFailHandler]()


def expected_prefixes(item: pytest.Item) -> tuple[str, ...]:
    marker = item.get_closest_marker(MARKER)
    if marker is None:
        return ()
    if not marker.args or not all(isinstance(arg, str) for arg in marker.args):
        raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{MARKER} needs the logger names that may warn")
    return tuple(marker.args)


def fail_on_unexpected(item: pytest.Item, when: str) -> None:
    allowed = expected_prefixes(item)
    unexpected = [
        record
        for record in item.stash[HANDLER].take()
        if not any(record.name == prefix or record.name.startswith(prefix + ".") for prefix in allowed)
    ]
    if unexpected:
        lines = "\n".join(f"  {r.levelname} {r.name}: {r.getMessage()}" for r in unexpected)
        pytest.fail(f"unexpected log records during {when} (mark the test @pytest.mark.{MARKER}):\n{lines}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    handler = LogFailHandler()
    item.stash[HANDLER] = handler
    logging.getLogger().addHandler(handler)
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    result = yield
    fail_on_unexpected(item, "setup or call")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    try:
        result = yield
    finally:
        handler = item.stash.get(HANDLER, None)
        if handler is not None:
            logging.getLogger().removeHandler(handler)
    fail_on_unexpected(item, "teardown")
    return result
