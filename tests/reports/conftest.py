"""A realistic seeded store (demo data through the real services), shared by the report tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from hallclient.config import Settings
from hallclient.demo import seed
from hallclient.services.context import Services
from hallclient.store.bootstrap import device_id, open_store

SEED_TODAY = date(2026, 3, 13)  # a Friday; the seed covers the 5 working days ending here
SEED_START = date(2026, 3, 9)


@dataclass
class Seeded:
    path: Path
    services: Services


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    path = tmp_path_factory.mktemp("seeded") / "hall.sqlite3"
    store = open_store(path)
    services = Services(store=store, settings=Settings(), device_id=device_id(store))
    seed(services, days=5, cases_per_day=18, seed=7, today=SEED_TODAY)
    yield Seeded(path, services)
    store.close()
