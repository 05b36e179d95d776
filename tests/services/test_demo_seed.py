"""The demo store: deterministic for a seed, built through the real services, all outcomes present."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from hallclient.cli import main
from hallclient.store.bootstrap import open_store
from hallclient.store.eventlog import verify_chain
from hallclient.store.models import Case, Enquiry, Rating


def _content(path: Path) -> list[tuple[str, ...]]:
    store = open_store(path)
    with store.read() as session:
        rows: list[tuple[str, ...]] = [
            (c.case_no, c.matter_code, c.applicant_name, c.applicant_id_number, c.outcome, c.status, c.channel)
            for c in session.scalars(select(Case).order_by(Case.case_no))
        ]
    store.close()
    return rows


def test_same_seed_same_store_and_every_outcome_and_channel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hallclient.config import Settings
    from hallclient.demo import seed
    from hallclient.services.context import Services
    from hallclient.store.bootstrap import device_id

    stores = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.sqlite3"
        store = open_store(path)
        services = Services(store=store, settings=Settings(), device_id=device_id(store))
        seed(services, days=4, cases_per_day=40, seed=7, today=date(2026, 3, 6))
        with store.read() as session:
            assert verify_chain(session).events > 160
            assert session.scalar(select(Rating).limit(1)) is not None
            assert session.scalar(select(Enquiry).limit(1)) is not None
        store.close()
        stores.append(_content(path))
    assert stores[0] == stores[1]
    outcomes = {row[4] for row in stores[0]}
    assert outcomes == {"accept", "notify_missing", "refuse", "accept_with_deficiency", "complete_immediately"}
    assert {row[6] for row in stores[0]} >= {"on_site", "province_wide", "cross_province", "id_card_only"}


def test_cli_seed_refuses_a_store_with_cases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.sqlite3"
    assert main(["demo", "seed", "--db", str(db), "--days", "1", "--cases-per-day", "5"]) == 0
    assert main(["demo", "seed", "--db", str(db), "--days", "1", "--cases-per-day", "5"]) == 2
    assert "已有办件" in capsys.readouterr().err
