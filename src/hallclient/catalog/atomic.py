"""Write a file completely or not at all, so a failed export never leaves a half-written catalog."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on failure it is removed.

    The temporary file is created with ``open(..., "x")`` so it gets the usual umask-based mode (not mkstemp's
    0600); when it replaces an existing file it takes that file's mode.
    """
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    with open(temp, "xb"):
        pass
    try:
        yield temp
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
