"""Shared pieces of the CLI commands: where the database is and how to open it."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hallclient import config
from hallclient.errors import HallError
from hallclient.paths import default_db_path

if TYPE_CHECKING:  # loaded by the commands that open the store, not by ``hallclient serve``
    from hallclient.services.context import Services

#: Set on every command parser that reads or writes the local store (``add_db_argument``).
USES_LOCAL_DB = "uses_local_db"


def password_from_env_or_prompt(prompt: str) -> str:
    """HALLCLIENT_PASSWORD when set (scripts, tests), else asked without echo."""
    import getpass
    import os

    password = os.environ.get("HALLCLIENT_PASSWORD")
    return password if password is not None else getpass.getpass(prompt)


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD dates, with a one-line Chinese message."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text!r}") from None


def add_db_argument(
    parser: argparse.ArgumentParser, help_text: str = "本地数据库文件（默认：配置中的路径或平台数据目录）"
) -> None:
    """The command's ``--db PATH``; ``hallclient --db PATH COMMAND`` reaches it too (see ``apply_top_level_db``)."""
    # SUPPRESS: an absent sub-command option must not hide the top-level one with a None default.
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=help_text)
    parser.set_defaults(**{USES_LOCAL_DB: True})


def apply_top_level_db(args: argparse.Namespace) -> None:
    """Honour ``hallclient --db PATH COMMAND`` for every command that opens the local store; refuse it elsewhere."""
    if getattr(args, USES_LOCAL_DB, False) and not hasattr(args, "db"):
        args.db = None  # handlers read args.db whether or not it was given
    top = getattr(args, "top_db", None)
    if not top or getattr(args, "func", None) is None:  # no option, or the GUI (which takes it directly)
        return
    if not getattr(args, USES_LOCAL_DB, False):
        raise HallError(f"--db 只用于读写本地数据库的命令，{args.command} 不使用它：请去掉 --db")
    own = getattr(args, "db", None)
    if own and Path(own) != Path(top):
        raise HallError(f"--db 给了两次且不一致：{top} 和 {own}；请只写一次")
    args.db = top


def resolve_db_path(args: argparse.Namespace) -> Path:
    explicit = getattr(args, "db", None)
    if explicit:
        return Path(explicit)
    settings = config.load()
    return Path(settings.db_path) if settings.db_path else default_db_path()


@contextmanager
def local_services(args: argparse.Namespace, *, writes: bool = True) -> Iterator[Services]:
    """The local store for one command, checked page by page, closed afterwards.

    Any database or file-system failure inside the block (a damaged file, a full disk, a read-only
    folder, a lock held by another hallclient) becomes one line naming the file and what to do. A
    command that only reads (``writes=False``) still works when the data folder cannot be written.
    """
    from hallclient.services.context import Services
    from hallclient.store.bootstrap import device_id, open_store
    from hallclient.store.faults import explained, folder_writable

    path = resolve_db_path(args)
    with explained(path):
        store = open_store(path, read_only=not writes and path.is_file() and not folder_writable(path))
        try:
            store.check_pages()
            yield Services(store=store, settings=config.load(), device_id=device_id(store))
        finally:
            store.close()
