"""Where things live: bundled resources (source tree or PyInstaller bundle) and per-user dirs."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

APP_NAME = "hallclient"
APP_AUTHOR = "hallclient"


def _platformdirs():  # type: ignore[no-untyped-def]
    """Imported on first use: start-up with overrides set (tests, the frozen probe) never pays for it."""
    import platformdirs

    return platformdirs


@cache  # fixed for the process, and resolving it is slow: the fonts ask for it per character drawn
def _bundle_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    # src/hallclient/paths.py -> repository root
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``; works from a source checkout and from the frozen bundle."""
    override = os.environ.get("HALLCLIENT_RESOURCES")
    root = Path(override) if override else _bundle_root() / "resources"
    return root.joinpath(*parts)


def migrations_path() -> Path:
    """The Alembic script directory (``migrations/`` at the repository or bundle root)."""
    return _bundle_root() / "migrations"


def config_dir() -> Path:
    override = os.environ.get("HALLCLIENT_CONFIG_DIR")
    return Path(override) if override else Path(_platformdirs().user_config_dir(APP_NAME, APP_AUTHOR))


def data_dir() -> Path:
    override = os.environ.get("HALLCLIENT_DATA_DIR")
    return Path(override) if override else Path(_platformdirs().user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    override = os.environ.get("HALLCLIENT_LOG_DIR")
    return Path(override) if override else Path(_platformdirs().user_log_dir(APP_NAME, APP_AUTHOR))


def evidence_dir() -> Path:
    """Evidence files of assessment findings, each stored under its SHA-256 (content-addressed)."""
    return data_dir() / "evidence"


def default_db_path() -> Path:
    return data_dir() / "hallclient.sqlite3"
