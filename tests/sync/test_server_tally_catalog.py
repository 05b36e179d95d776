"""事项目录指标 in the hall-wide tally come from the catalog the server published (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime

from guide_helpers import guide_catalog
from hallclient.domain.tally import Period, Tally
from hallclient.domain.tally_catalog import CatalogFigures
from hallclient.server import admin
from hallclient.server.db import Database
from hallclient.server.tallies import grouped_tally, server_tallies

BY_HAND = CatalogFigures(version="2026.12-测试", matters=4, online=2, fully_online=1, one_window=2, id_card_only=1)
DAY = date(2026, 3, 2)


def test_server_tally_carries_the_published_catalogs_ratios(server_db: Database) -> None:
    period, now = Period.day(DAY), datetime(2026, 3, 2, 18, 0)
    with server_db.session() as session:
        before = server_tallies(session, period, ["window"], hall_name="中心", today=DAY, now=now)["window"]
    assert before.catalog is None  # nothing published: said in the exports, never zeros
    admin.import_catalog(server_db, guide_catalog())
    with server_db.session() as session:
        tally = server_tallies(session, period, ["window"], hall_name="中心", today=DAY, now=now)["window"]
        grouped = grouped_tally(session, period, "department", hall_name="中心", today=DAY, now=now)
    assert tally.catalog == BY_HAND and grouped.catalog == BY_HAND
    assert Tally.from_dict(tally.to_dict()).catalog == BY_HAND  # as a window receives it
