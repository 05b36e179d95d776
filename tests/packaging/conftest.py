"""Fixtures for the packaging tests: a seeded demo store, config files and broken copies of resources/."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from hallclient.cli import main
from hallclient.store.migrate import backup

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
sys.path.insert(0, str(ROOT / "tools"))  # pyinstaller_support, gen_config_reference


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small demo store per session, made by the real ``demo seed`` command (copy it before changing it)."""
    path = tmp_path_factory.mktemp("seeded") / "demo.sqlite3"
    assert main(["demo", "seed", "--db", str(path), "--days", "1", "--cases-per-day", "4"]) == 0
    return path


@pytest.fixture
def demo_db(seeded_store: Path, tmp_path: Path) -> Path:
    return backup(seeded_store, tmp_path / "hall.sqlite3")


@pytest.fixture
def write_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Point HALLCLIENT_CONFIG at a file holding the given ``{section: {key: value}}`` settings."""

    def write(**sections: dict[str, Any]) -> Path:
        path = tmp_path / "config.toml"
        path.write_text(tomli_w.dumps({"config_version": 2, **sections}), encoding="utf-8")
        monkeypatch.setenv("HALLCLIENT_CONFIG", str(path))
        return path

    monkeypatch.setenv("HALLCLIENT_CONFIG", str(tmp_path / "absent-config.toml"))
    return write


@pytest.fixture
def resources_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """A mirror of resources/ (symlinks) lacking the given relative paths; HALLCLIENT_RESOURCES points at it."""

    def make(*missing: str, replace: dict[str, bytes] | None = None) -> Path:
        target = tmp_path / "resources"
        skipped = set(missing) | set(replace or {})
        for source in sorted(RESOURCES.rglob("*")):
            relative = source.relative_to(RESOURCES).as_posix()
            if source.is_dir() or relative in skipped or any(relative.startswith(f"{m}/") for m in missing):
                continue
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(source, target / relative)
        for relative, data in (replace or {}).items():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_bytes(data)
        monkeypatch.setenv("HALLCLIENT_RESOURCES", str(target))
        return target

    return make
