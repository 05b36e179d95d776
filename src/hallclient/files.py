"""Writing export files whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from hallclient.errors import HallError


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temporary_path)``, then move the result onto ``path``; on failure nothing is left."""
    path = Path(path)
    if path.is_dir():
        raise HallError(f"输出路径是一个目录：{path}")
    if not path.parent.exists():
        raise HallError(f"输出目录不存在：{path.parent}")
    temporary = path.with_name(f".{path.name}.partial")
    try:
        write(temporary)
        os.replace(temporary, path)
    except OSError as error:
        raise HallError(f"无法写入 {path}：{error.strerror or error}") from None
    finally:
        temporary.unlink(missing_ok=True)
    return path
