"""Benchmark: the time the certificate lookup adds to the swipe-to-filled-form path (goal issue 16: p99 ≤ 50 ms).

The real server (``hallclient serve`` in its own process, SQLite or with ``--pg`` PostgreSQL) holds the demo
catalog and a library of ``--records`` certificates (about five per holder, some expired). One enrolled window
then swipes ``--swipes`` different holders, each for a matter whose materials take certificates, and does what
the intake screen does after a swipe, without Qt: the lookup call (the window's own client, kept open as the
screen keeps it) and the marking of the materials (``services.certificates.match`` and the checklist's
``ReceivedMaterial`` rows). Only that is timed. ``--runs`` runs, new holders each; the medians are printed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # pgtest: the tests' PostgreSQL helper

from _stats import percentile
from _sync_common import free_port, serving
from hallclient.config import Settings
from hallclient.demo import demo_catalog
from hallclient.domain.catalog import Catalog, Matter
from hallclient.domain.certificates import Certificate
from hallclient.domain.idnumber import check_digit
from hallclient.server import admin
from hallclient.server.certificates import import_certificates, import_kinds
from hallclient.server.certificates_file import KindInput
from hallclient.server.db import Database, upgrade
from hallclient.services.cases import ReceivedMaterial
from hallclient.services.certificates import lookup_request, match
from hallclient.sync.certificates import CertificateClient, Found, Offline, open_client

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def holder(number: int) -> tuple[str, str]:
    """A valid resident ID number and a name for holder ``number`` (distinct for every number)."""
    birth = date(1950, 1, 1).toordinal() + number % 20000
    first17 = f"330106{date.fromordinal(birth):%Y%m%d}{number // 20000 % 1000:03d}"
    name = SURNAMES[number % len(SURNAMES)] + GIVEN[number // 7 % len(GIVEN)] + GIVEN[number // 11 % len(GIVEN)]
    return first17 + check_digit(first17), name


def library(catalog: Catalog, records: int, rng: random.Random) -> list[Certificate]:
    """About five certificates per holder, of the kinds the catalog maps; one in twenty expired."""
    kinds = [kind.code for kind in catalog.certificate_kinds]
    certificates: list[Certificate] = []
    number = 0
    while len(certificates) < records:
        id_number, name = holder(number)
        for kind in rng.sample(kinds, min(5, len(kinds))):
            expired = rng.random() < 0.05
            valid_to = date(2020, 1, 1) if expired else (None if rng.random() < 0.5 else date(2040, 1, 1))
            certificates.append(Certificate(kind, f"{kind}-{number:07d}", id_number, name, "西湖区某某机关",
                                            date(2010, 1, 1), valid_to))  # fmt: skip
        number += 1
    return certificates[:records]


def swipe_path(client: CertificateClient, matter: Matter, id_number: str, name: str, today: date) -> tuple[bool, int]:
    """What the screen does after a swipe: look up, match, build the checklist's rows. (answered, marked)."""
    outcome = client.lookup(lookup_request(id_number, name, [matter.code], "intake", "bench"))
    if not isinstance(outcome, Found):
        return False, 0
    matching = match(matter, outcome.certificates, id_number, today)
    rows = [
        ReceivedMaterial(material.code, True, certificate=certificate, lookup_id=outcome.lookup_id)
        if (certificate := matching.certificate_for(material.code)) is not None
        else ReceivedMaterial(material.code, False)
        for material in matter.materials
    ]
    return True, sum(1 for row in rows if row.certificate is not None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000, help="certificates in the library (100000)")
    parser.add_argument("--swipes", type=int, default=1000, help="swipes per run, each a different holder (1000)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg", action="store_true", help="PostgreSQL (a throwaway cluster, or --dsn)")
    parser.add_argument("--dsn", default="", help="an existing PostgreSQL database URL (with --pg)")
    args = parser.parse_args()
    rng = random.Random(16)
    catalog = demo_catalog()
    matters = [m for m in catalog.matters if any(material.certificate_kinds for material in m.materials)]
    holders_needed = args.swipes * args.runs
    if args.records // 5 < holders_needed:
        raise SystemExit(f"--records {args.records} 不足：{holders_needed} 次刷卡需要至少 {holders_needed * 5} 条证照")
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="cert-bench-") as folder:
        if args.pg and args.dsn:
            url = args.dsn
        elif args.pg:
            from pgtest import create_database, running_postgres

            url = create_database(stack.enter_context(running_postgres(fsync=True)), "certbench")
        else:
            url = f"sqlite:///{Path(folder) / 'server.sqlite3'}"
        upgrade(url)
        db = Database(url)
        admin.import_catalog(db, catalog)
        import_kinds(db, [KindInput(kind.code, kind.name, "", True) for kind in catalog.certificate_kinds])
        began = time.perf_counter()
        import_certificates(db, library(catalog, args.records, rng), datetime.now(UTC).replace(tzinfo=None))
        loaded = time.perf_counter() - began
        _row, code = admin.add_device(db, "01")
        db.dispose()
        config = Path(folder) / "config.toml"  # one window swipes 1000 times a run: lift the per-device limit
        config.write_text("[certificates]\nlookups_per_minute = 1000000\n", encoding="utf-8")
        os.environ["HALLCLIENT_CONFIG"] = str(config)
        base = stack.enter_context(serving(url, free_port()))
        token = httpx.post(f"{base}/v1/enroll", json={"code": code, "device_id": "cert-bench"}).json()["token"]
        httpx.get(f"{base}/v1/ping", headers={"Authorization": f"Bearer {token}"}).raise_for_status()
        client = open_client(Settings(server_url=base, device_token=token))
        assert not isinstance(client, Offline), client.reason
        stack.callback(client.close)
        server_times: list[float] = []  # the server's own share (its Server-Timing header)

        def server_time(response: httpx.Response) -> None:
            server_times.append(float(response.headers.get("server-timing", "dur=nan").partition("dur=")[2]))

        client.http.event_hooks["response"] = [server_time]
        today = date.today()
        for number in range(5):  # warm-up: the connection, the server's first catalog read
            swipe_path(client, matters[0], *holder(holders_needed + number), today)
        figures: list[tuple[float, float, float, float, float]] = []
        for run in range(args.runs):
            times: list[float] = []
            server_times.clear()
            answered = marked = 0
            for swipe in range(args.swipes):
                id_number, name = holder(run * args.swipes + swipe)
                matter = rng.choice(matters)
                started = time.perf_counter()
                ok, count = swipe_path(client, matter, id_number, name, today)
                times.append(time.perf_counter() - started)
                answered += ok
                marked += count
            p50, p95, p99 = (percentile(times, q) * 1000 for q in (0.5, 0.95, 0.99))
            s50, s99 = percentile(server_times, 0.5), percentile(server_times, 0.99)
            figures.append((p50, p95, p99, s50, s99))
            print(f"run {run + 1}: {args.swipes} swipes, {answered} answered, {marked} materials marked; "
                  f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, max {max(times) * 1000:.1f} ms; "
                  f"server p50 {s50:.1f} ms, p99 {s99:.1f} ms")  # fmt: skip
    p50, p95, p99, s50, s99 = (statistics.median(run[index] for run in figures) for index in range(5))
    database = "PostgreSQL" if args.pg else "SQLite"
    print(f"{database}, {args.records} certificates (loaded in {loaded:.1f} s), {len(matters)} matters taking "
          f"certificates: medians of {args.runs} runs: "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms (of which the server p50 {s50:.1f} ms, "
          f"p99 {s99:.1f} ms)")  # fmt: skip
    print(f"goal p99 ≤ 50 ms: {'met' if p99 <= 50 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
