"""Crash reports: written into the log dir with traceback, version, platform, masked config and recent log lines."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hallclient import __version__
from hallclient.crash import install_excepthook, write_crash_report
from hallclient.log import tail


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setenv("HALLCLIENT_LOG_DIR", str(folder))
    return folder


@pytest.fixture
def tail_attached() -> Iterator[logging.Logger]:
    logger = logging.getLogger("hallclient")
    added = tail not in logger.handlers
    if added:
        logger.addHandler(tail)
    previous = logger.level
    logger.setLevel(logging.INFO)
    yield logger
    logger.setLevel(previous)
    if added:
        logger.removeHandler(tail)


def _raise_and_capture(message: str) -> tuple[type[BaseException], BaseException, object]:
    def intake_step() -> None:
        raise ValueError(message)

    try:
        intake_step()
    except ValueError:
        return sys.exc_info()  # type: ignore[return-value]
    raise AssertionError("unreachable")


def test_report_has_traceback_version_platform_masked_config_and_log_tail(
    log_dir: Path, write_config: Callable[..., Path], tail_attached: logging.Logger
) -> None:
    write_config(
        window={"window": "07"},
        server={"url": "https://it:hunter2@hall.example:8443", "device_token": "tok-SECRET-987"},
    )
    logging.getLogger("hallclient.printer").info("marker line before the crash 42")
    path = write_crash_report(_raise_and_capture("案件保存失败"))  # type: ignore[arg-type]
    assert path.parent == log_dir
    assert path.name.startswith("crash-") and path.suffix == ".txt"
    text = path.read_text(encoding="utf-8")
    assert f"hallclient {__version__} crash report" in text
    assert "ValueError: 案件保存失败" in text
    assert "in intake_step" in text  # the traceback, not only the message
    assert "platform: " in text and "python: 3." in text
    assert "window.window = '07'" in text
    assert "tok-SECRET-987" not in text and "hunter2" not in text
    assert "server.device_token = '********'" in text
    assert "server.url = 'https://it:********@hall.example:8443'" in text
    assert "hallclient.printer: marker line before the crash 42" in text


def test_reports_never_overwrite_each_other(log_dir: Path, write_config: Callable[..., Path]) -> None:
    first = write_crash_report(_raise_and_capture("one"))  # type: ignore[arg-type]
    second = write_crash_report(_raise_and_capture("two"))  # type: ignore[arg-type]
    assert first != second
    assert "ValueError: one" in first.read_text(encoding="utf-8")
    assert "ValueError: two" in second.read_text(encoding="utf-8")


def test_broken_config_does_not_stop_the_report(log_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("not toml [", encoding="utf-8")
    monkeypatch.setenv("HALLCLIENT_CONFIG", str(config))
    text = write_crash_report(_raise_and_capture("x")).read_text(encoding="utf-8")  # type: ignore[arg-type]
    assert "(配置无法读取：HallError: 配置文件" in text


def test_unwritable_log_dir_falls_back_to_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_config: Callable[..., Path]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("HALLCLIENT_LOG_DIR", str(blocker / "logs"))  # a directory cannot live inside a file
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    path = write_crash_report(_raise_and_capture("x"))  # type: ignore[arg-type]
    assert path.parent == tmp_path / "tmp"


@pytest.mark.logs_expected("hallclient.crash")
def test_excepthook_writes_report_and_notifies(
    log_dir: Path, write_config: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    notified: list[Path] = []
    uninstall = install_excepthook(notified.append)
    try:
        sys.excepthook(*_raise_and_capture("main thread boom"))  # type: ignore[arg-type]
    finally:
        uninstall()
    assert len(notified) == 1 and notified[0].parent == log_dir
    assert "ValueError: main thread boom" in notified[0].read_text(encoding="utf-8")
    assert f"崩溃报告已保存：{notified[0]}" in capsys.readouterr().err


@pytest.mark.logs_expected("hallclient.crash")
def test_thread_exceptions_are_reported_with_the_thread_name(log_dir: Path, write_config: Callable[..., Path]) -> None:
    notified: list[Path] = []
    uninstall = install_excepthook(notified.append)
    try:

        def work() -> None:
            raise RuntimeError("sync thread boom")

        worker = threading.Thread(target=work, name="sync-uploader")
        worker.start()
        worker.join()
    finally:
        uninstall()
    assert len(notified) == 1
    text = notified[0].read_text(encoding="utf-8")
    assert "thread: sync-uploader" in text and "RuntimeError: sync thread boom" in text


@pytest.mark.logs_expected("hallclient.crash")
def test_failing_notify_still_leaves_the_report(log_dir: Path, write_config: Callable[..., Path]) -> None:
    def broken_notify(_path: Path) -> None:
        raise OSError("no display")

    uninstall = install_excepthook(broken_notify)
    try:
        sys.excepthook(*_raise_and_capture("boom"))  # type: ignore[arg-type]
    finally:
        uninstall()
    assert len(list(log_dir.glob("crash-*.txt"))) == 1


def test_uncaught_exception_in_a_real_process(tmp_path: Path) -> None:
    """End to end: the process exits non-zero, says where the report is, and the report holds the error."""
    code = (
        "from hallclient.crash import install_excepthook\n"
        "install_excepthook(lambda path: print('NOTIFIED', path))\n"
        "raise RuntimeError('未处理的错误 in the GUI thread')\n"
    )
    env = {**os.environ, "HALLCLIENT_LOG_DIR": str(tmp_path / "logs"), "HALLCLIENT_CONFIG": str(tmp_path / "c.toml")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 1
    reports = list((tmp_path / "logs").glob("crash-*.txt"))
    assert len(reports) == 1
    assert done.stdout.strip() == f"NOTIFIED {reports[0]}"
    assert f"崩溃报告已保存：{reports[0]}" in done.stderr
    assert "RuntimeError: 未处理的错误 in the GUI thread" in reports[0].read_text(encoding="utf-8")
