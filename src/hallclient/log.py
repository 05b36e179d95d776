"""Logging: named loggers per subsystem, a rotating file in the platform log directory, an in-memory tail.

Nothing is ever logged to the terminal by default, so a failure shows the user one line while the
details (tracebacks included) land in the file that a crash report or the log viewer points to.
"""

from __future__ import annotations

import collections
import logging
import logging.handlers
from pathlib import Path

from hallclient.paths import log_dir

LOG_FILE_NAME = "hallclient.log"
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class TailHandler(logging.Handler):
    """The last records in memory, for the log viewer."""

    def __init__(self, capacity: int = 2000) -> None:
        super().__init__()
        self.records: collections.deque[str] = collections.deque(maxlen=capacity)
        self.setFormatter(logging.Formatter(FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))


tail = TailHandler()
_configured_file: Path | None = None


def log_file() -> Path:
    return log_dir() / LOG_FILE_NAME


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Attach the rotating file and the tail to the ``hallclient`` logger (idempotent).

    Returns the log file, or None when the log directory cannot be written (logging then stays in memory).
    """
    global _configured_file
    root = logging.getLogger("hallclient")
    root.setLevel(level)
    if tail not in root.handlers:
        root.addHandler(tail)
    if _configured_file is not None:
        return _configured_file
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    _configured_file = path
    return path
