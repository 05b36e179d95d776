"""日结 and the offline bundle: refused while unsynced, bundle verifiable, server import idempotent."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hallclient.cli import main
from hallclient.errors import HallError
from hallclient.protocol.bundle import read_bundle
from hallclient.server.bundles import import_bundle
from hallclient.server.db import Database, upgrade
from hallclient.server.models import ServerCase, StoredEvent
from hallclient.services import enquiries
from hallclient.services.context import Actor, Services
from hallclient.services.day_close import close_day, export_bundle, unsynced_count
from hallclient.services.ratings import record_rating
from hallclient.store.models import Event, EventAck
from hallclient.store.supervision_models import DayClose


def _activity(services: Services, clerk: Actor) -> None:
    enquiries.record_enquiry(services, clerk, enquiries.EnquiryInput(subject="咨询户口迁移"))
    record_rating(services, clerk, level=4)


def _ack_all(services: Services) -> None:
    from datetime import datetime

    with services.store.write() as session:
        for event_id in session.scalars(select(Event.id)):
            if session.get(EventAck, event_id) is None:
                session.add(EventAck(event_id=event_id, status="applied", reason="", acked_at=datetime(2026, 3, 2)))


def _server(tmp_path: Path) -> Database:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    upgrade(url)
    return Database(url)


def test_close_is_refused_while_events_are_unsynced(services: Services, clerk: Actor) -> None:
    _activity(services, clerk)
    with pytest.raises(HallError, match="未同步"):
        close_day(services, clerk, "secret123")
    with services.store.read() as session:
        assert session.scalar(select(func.count()).select_from(DayClose)) == 0


def test_close_after_sync_signs_the_summary_once(services: Services, clerk: Actor) -> None:
    _activity(services, clerk)
    _ack_all(services)
    with pytest.raises(HallError, match="用户名或密码错误"):
        close_day(services, clerk, "wrong-password")
    result = close_day(services, clerk, "secret123")
    assert result.day == date(2026, 3, 2) and result.bundle is None
    assert result.summary["enquiries"] == 1 and result.summary["ratings"]["4"] == 1
    with pytest.raises(HallError, match="已由 王芳 日结"):
        close_day(services, clerk, "secret123")
    with services.store.read() as session:
        types = list(session.scalars(select(Event.type).order_by(Event.seq.desc()).limit(1)))
    assert types == ["day.closed"]
    with pytest.raises(HallError, match="未来"):
        close_day(services, clerk, "secret123", day=date(2026, 3, 3))


def test_close_with_bundle_and_server_import_is_idempotent(services: Services, clerk: Actor, tmp_path: Path) -> None:
    _activity(services, clerk)
    _ack_all(services)  # the first events reached the server earlier ...
    db = _server(tmp_path)
    first = export_bundle_for_acked(services, clerk, tmp_path)
    import_bundle(db, first)  # ... (simulated: they are stored there)
    _activity(services, clerk)  # then the network went down
    pending = unsynced_count(services)
    assert pending == 2
    bundle_path = tmp_path / "offline.json"
    result = close_day(services, clerk, "secret123", bundle_path=bundle_path)
    assert result.unsynced_events == 2 and result.bundle is not None
    bundle = read_bundle(bundle_path)
    assert bundle.anchor_seq == bundle.first_seq - 1 > 0
    report = import_bundle(db, bundle_path)
    assert (report.applied, report.duplicate, report.rejected) == (2, 0, [])
    with db.session() as session:
        stored = session.scalar(select(func.count()).select_from(StoredEvent))
    again = import_bundle(db, bundle_path)
    assert (again.applied, again.duplicate) == (0, 2)
    assert "未重复计入" in again.message()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(StoredEvent)) == stored
    db.dispose()


def export_bundle_for_acked(services: Services, clerk: Actor, tmp_path: Path) -> Path:
    """A bundle of every event so far (as if nothing was acked), to put them on the test server."""
    with services.store.write() as session:
        session.query(EventAck).delete()
    path = tmp_path / "initial.json"
    export_bundle(services, clerk, path)
    _ack_all(services)
    return path


def test_altered_bundle_is_refused(services: Services, clerk: Actor, tmp_path: Path) -> None:
    _activity(services, clerk)
    path = tmp_path / "b.json"
    export_bundle(services, clerk, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["events"][1]["payload"]["level"] = 5
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(HallError, match="已被改动"):
        read_bundle(path)
    # Re-sealing the digest does not help: the event's own hash no longer matches.
    from hallclient.protocol.bundle import bundle_digest

    data.pop("digest")
    data["digest"] = bundle_digest(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(HallError, match="哈希链在第 2 条断开"):
        read_bundle(path)


def test_bundle_not_linked_to_the_server_chain_is_refused(services: Services, clerk: Actor, tmp_path: Path) -> None:
    _activity(services, clerk)
    _ack_all(services)
    _activity(services, clerk)
    path = tmp_path / "tail.json"
    export_bundle(services, clerk, path)
    db = _server(tmp_path)
    with pytest.raises(HallError, match="请先让窗口机同步"):
        import_bundle(db, path)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ServerCase)) == 0
    db.dispose()


def test_cli_day_close_and_import(
    services: Services,
    clerk: Actor,
    tmp_path: Path,
    store_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _activity(services, clerk)
    services.store.close()
    monkeypatch.setenv("HALLCLIENT_PASSWORD", "secret123")
    db = ["--db", str(store_path)]
    assert main(["day-close", "close", "--user", "wangfang", "--date", "2026-03-02", *db]) == 2
    assert "未同步" in capsys.readouterr().err
    bundle = tmp_path / "b.json"
    assert main(["day-close", "close", "--user", "wangfang", "--date", "2026-03-02", "--bundle", str(bundle), *db]) == 0
    assert "已日结" in capsys.readouterr().out
    assert main(["day-close", "verify-bundle", str(bundle)]) == 0
    server = ["--db", f"sqlite:///{tmp_path / 's.sqlite3'}"]
    assert main(["server", "import-bundle", *server, str(bundle)]) == 0
    assert "新导入" in capsys.readouterr().out
    assert main(["server", "import-bundle", *server, str(bundle)]) == 0
    assert "未重复计入" in capsys.readouterr().out
    connection = sqlite3.connect(tmp_path / "s.sqlite3")
    assert connection.execute("SELECT count(*) FROM events").fetchone()[0] == len(read_bundle(bundle).events)
    connection.close()
    bundle.write_text(bundle.read_text(encoding="utf-8").replace("咨询户口迁移", "咨询户口迁出"), encoding="utf-8")
    assert main(["server", "import-bundle", *server, str(bundle)]) == 2
    assert "已被改动" in capsys.readouterr().err
