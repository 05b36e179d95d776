"""tests/logfail.py: a WARNING-or-worse log record fails the test unless the test says it expects it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent

CASES = """
import logging

import pytest


def test_warns() -> None:
    logging.getLogger("hallclient.sync").warning("server unreachable")


def test_logs_an_error_from_a_thread() -> None:
    import threading

    thread = threading.Thread(target=lambda: logging.getLogger("hallclient.ui").error("boom"))
    thread.start()
    thread.join()


@pytest.mark.logs_expected("hallclient.sync")
def test_expects_it() -> None:
    logging.getLogger("hallclient.sync.worker").warning("server unreachable")


@pytest.mark.logs_expected("hallclient.sync")
def test_expects_another_logger() -> None:
    logging.getLogger("hallclient.syncing").warning("not the expected logger")


def test_info_is_fine() -> None:
    logging.getLogger("hallclient").info("fine")


@pytest.fixture
def warns_at_teardown():
    yield
    logging.getLogger("hallclient.store").warning("left a lock behind")


def test_teardown_warning(warns_at_teardown: None) -> None:
    pass
"""


def test_unexpected_log_records_fail_their_test(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        "from logfail import pytest_runtest_call, pytest_runtest_setup, pytest_runtest_teardown  # noqa: F401\n"
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    logs_expected(*loggers): expected\n")
    (tmp_path / "test_cases.py").write_text(CASES)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "-q", str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )  # fmt: skip
    outcomes = {
        (line.split()[0], line.split()[1].split("::")[-1])
        for line in result.stdout.splitlines()
        if line.startswith(("PASSED test_cases.py::", "FAILED test_cases.py::", "ERROR test_cases.py::"))
    }
    assert outcomes == {
        ("FAILED", "test_warns"),
        ("FAILED", "test_logs_an_error_from_a_thread"),
        ("PASSED", "test_expects_it"),
        ("FAILED", "test_expects_another_logger"),
        ("PASSED", "test_info_is_fine"),
        ("PASSED", "test_teardown_warning"),  # the test itself passed; its teardown is reported as an error
        ("ERROR", "test_teardown_warning"),
    }, result.stdout
    assert "WARNING hallclient.sync: server unreachable" in result.stdout
