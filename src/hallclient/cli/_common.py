"""Shared pieces of the CLI commands: where the database is and how to open it."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from hallclient import config
from hallclient.paths import default_db_path
from hallclient.services.context import Services


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD dates, with a one-line Chinese message."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text!r}") from None


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help="本地数据库文件（默认：配置中的路径或平台数据目录）")


def resolve_db_path(args: argparse.Namespace) -> Path:
    explicit = getattr(args, "db", None)
    if explicit:
        return Path(explicit)
    settings = config.load()
    return Path(settings.db_path) if settings.db_path else default_db_path()


def open_services(args: argparse.Namespace, *, upgrade: bool = True) -> Services:
    from hallclient.store.bootstrap import device_id, open_store

    store = open_store(resolve_db_path(args), upgrade=upgrade)
    return Services(store=store, settings=config.load(), device_id=device_id(store))
