"""Crash reports: an unhandled exception leaves a file IT can read, and the user is told where it is.

Qt-free on purpose: the GUI passes a ``notify`` callback (a message box) to :func:`install_excepthook`, the CLI
and tests pass their own. The report holds what a support call needs — traceback, version, platform, the
settings with secrets hidden, and the last log lines — so "the app vanished" never happens silently.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit, urlunsplit

from hallclient import __version__

log = logging.getLogger("hallclient.crash")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
Notify = Callable[[Path], None]

#: How many of the newest in-memory log lines go into a report.
LOG_LINES = 200
SECRET_KEYS = frozenset({"device_token"})
MASK = "********"


def _hide_url_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:{MASK}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def config_summary() -> list[str]:
    """``section.key = value`` lines of the effective settings, tokens and URL passwords masked."""
    from hallclient import config

    try:
        data = config.to_toml_dict(config.load())
    except Exception as error:  # a broken config file may be the very cause of the crash
        return [f"(配置无法读取：{type(error).__name__}: {error})"]
    lines = [f"config_file = {config.config_path()}"]
    for section, table in data.items():
        if not isinstance(table, dict):
            lines.append(f"{section} = {table!r}")
            continue
        for key, value in table.items():
            if key in SECRET_KEYS and value:
                value = MASK
            elif isinstance(value, str) and "://" in value:
                value = _hide_url_password(value)
            lines.append(f"{section}.{key} = {value!r}")
    return lines


def _recent_log_lines() -> list[str]:
    from hallclient.log import tail

    return list(tail.records)[-LOG_LINES:]


def report_text(exc_info: ExcInfo, *, thread_name: str | None = None) -> str:
    """The whole report as text (also what :func:`write_crash_report` writes)."""
    exc_type, exc_value, exc_tb = exc_info
    frozen = bool(getattr(sys, "frozen", False))
    sections = [
        f"hallclient {__version__} crash report",
        f"time: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"platform: {platform.platform()} ({platform.machine()})",
        f"python: {sys.version.split()[0]} ({platform.python_implementation()})",
        f"frozen: {frozen}",
        f"executable: {sys.executable}",
        f"argv: {sys.argv!r}",
        f"pid: {os.getpid()}",
        f"thread: {thread_name or threading.current_thread().name}",
        "",
        "== exception",
        "".join(traceback.format_exception(exc_type, exc_value, exc_tb)).rstrip(),
        "",
        "== config",
        *config_summary(),
        "",
        f"== last log lines (newest last, at most {LOG_LINES})",
        *_recent_log_lines(),
    ]
    return "\n".join(sections) + "\n"


def _crash_dir() -> Path:
    from hallclient.paths import log_dir

    return log_dir()


def write_crash_report(exc_info: ExcInfo, *, thread_name: str | None = None) -> Path:
    """Write a report into the log directory (the temp dir if that is not writable) and return its path."""
    text = report_text(exc_info, thread_name=thread_name)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"crash-{stamp}-{os.getpid()}"
    for folder in (_crash_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for attempt in range(100):
                path = folder / (f"{name}.txt" if attempt == 0 else f"{name}-{attempt}.txt")
                try:
                    with path.open("x", encoding="utf-8") as handle:  # never overwrite an earlier report
                        handle.write(text)
                    return path
                except FileExistsError:
                    continue
        except OSError:
            continue
    raise OSError("no writable directory for the crash report")


def handle_exception(exc_info: ExcInfo, notify: Notify, *, thread_name: str | None = None) -> Path | None:
    """Log, write the report and tell the user; never raises (it runs inside an excepthook)."""
    try:
        log.critical("unhandled exception", exc_info=exc_info)
        path = write_crash_report(exc_info, thread_name=thread_name)
    except Exception:
        traceback.print_exception(*exc_info)
        print("hallclient: 程序出错，且无法写入崩溃报告", file=sys.stderr)
        return None
    print(f"hallclient: 程序出错，崩溃报告已保存：{path}", file=sys.stderr)
    try:
        notify(path)
    except Exception:
        log.exception("crash notification failed")
    return path


def install_excepthook(notify: Notify) -> Callable[[], None]:
    """Route unhandled exceptions of the main thread and of every other thread to a crash report.

    ``notify(path)`` is called after the report is written; it may be called from any thread, so a GUI
    implementation must hand over to the GUI thread itself. Ctrl+C keeps its normal behaviour. Returns a
    function that restores the previous hooks (for tests).
    """
    previous_sys = sys.excepthook
    previous_thread = threading.excepthook

    def sys_hook(exc_type: type[BaseException], exc_value: BaseException, exc_tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous_sys(exc_type, exc_value, exc_tb)
            return
        handle_exception((exc_type, exc_value, exc_tb), notify)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else None
        handle_exception((args.exc_type, args.exc_value, args.exc_traceback), notify, thread_name=name)

    sys.excepthook = sys_hook
    threading.excepthook = thread_hook

    def uninstall() -> None:
        sys.excepthook = previous_sys
        threading.excepthook = previous_thread

    return uninstall
