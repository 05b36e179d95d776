"""How every server table would be laid out on a Citus-style distributed PostgreSQL (issue 17).

Nothing here runs against Citus (none is installed where this is tested); it is the plan the schema is kept
fit for, checked by ``tests/sync/test_partitions_distribution.py`` against the live metadata:

* a *distributed* table is sharded by its ``key`` column; tables of one colocation ``group`` share the key's
  type and are sharded alike, so a statement that names one key value touches one shard (no cross-shard join);
* a *reference* table is small or rarely written and is copied to every node, so any shard can join it locally;
* Citus requires the distribution key in every PRIMARY KEY and UNIQUE constraint of a distributed table. A
  constraint that lacks it is listed in :data:`KNOWN_EXCEPTIONS` with the reason and the fix to apply when the
  deployment is converted (the fix weakens a plain-PostgreSQL guarantee or touches code owned elsewhere, so it is
  not made while single-node PostgreSQL and SQLite are what runs).

:data:`HOT_PATH` lists the queries of upload, feed and lookup with the key each one names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import MetaData

DEVICE, SITE, HALL, REGION = "device", "site", "hall", "region"  # colocation groups


@dataclass(frozen=True)
class Plan:
    kind: Literal["distributed", "reference"]
    key: str | None = None
    group: str | None = None
    note: str = ""


def distributed(key: str, group: str, note: str = "") -> Plan:
    return Plan("distributed", key, group, note)


def reference(note: str = "") -> Plan:
    return Plan("reference", None, None, note)


PLANS: dict[str, Plan] = {
    # One device's chain: ingest locks, reads and writes these by the uploading device's id only.
    "events": distributed("device_id", DEVICE, "also range-partitioned by event_month on each shard"),
    "device_chains": distributed("device_id", DEVICE),
    "rejected_events": distributed("device_id", DEVICE),
    "certificate_lookups": distributed("device_id", DEVICE, "one row per lookup at a window"),
    "queue_window_pauses": distributed("device_id", DEVICE),
    "sms_messages": distributed("device_id", DEVICE, "queued by the projection of the device's events"),
    # What a site owns for good (site_code is fixed at intake: a moved device does not move it).
    "cases": distributed("site_code", SITE, "also range-partitioned by case_month on each shard"),
    "assistance": distributed("site_code", SITE),
    "certificate_shares": distributed("site_code", SITE, "needs the column: see KNOWN_EXCEPTIONS"),
    # Tally rollups (server/rollups.py): the applier upserts a site's rows, a site's tally reads one shard.
    "rollup_case_days": distributed("site_code", SITE),
    "rollup_case_months": distributed("site_code", SITE),
    "rollup_case_hours": distributed("site_code", SITE),
    "rollup_site_months": distributed("site_code", SITE),
    "rollup_region_months": distributed("region_code", REGION, "a province's or district's rows on a few shards"),
    "rollup_region_windows": distributed("region_code", REGION),
    # The hall queue: every call, ticket and appointment names its hall.
    "queue_tickets": distributed("hall", HALL),
    "queue_appointments": distributed("hall", HALL),
    "queue_counters": distributed("hall", HALL, "needs the column: see KNOWN_EXCEPTIONS"),
    "queue_ticket_events": distributed("hall", HALL, "needs the column: see KNOWN_EXCEPTIONS"),
    # Reference: small, or written by administration only, and read by every shard's queries.
    "devices": reference("10,000s of rows; every request finds its device by token hash, which names no shard"),
    "users": reference(),
    "user_sessions": reference("found by token hash on each supervisor request"),
    "sites": reference(),
    "partner_regions": reference(),
    "feed_changes": reference("written by administration and back office only; compacted per (kind, key)"),
    "feed_state": reference("one row: the feed's version counter"),
    "server_secrets": reference(),
    "certificate_kinds": reference(),
    "certificates": reference("the hall's certificate library, found by holder ID number at a window"),
    "assessment_indicator_sets": reference(),
    "assessment_snapshots": reference(),
    "queue_halls": reference(),
    "queue_categories": reference(),
    "queue_portal_keys": reference("found by key hash on each portal call"),
    "sms_lease": reference(),
    "sms_settings": reference(),
    "sms_templates": reference(),
    "sms_optouts": reference(),
    "sms_rating_attempts": reference("rate limiting of the public rating page; could be trimmed or kept in memory"),
}

# Tables whose key is neither site_code nor device_id, with why.
OTHER_KEYS = {
    "queue_tickets": "the queue belongs to a hall (queue_halls.code); a hall is a site with a queue",
    "queue_appointments": "booked for a hall",
    "queue_counters": "ticket numbers count per hall and day",
    "queue_ticket_events": "the history of one hall's tickets",
    "rollup_region_months": "summed over a district (or the whole network, '*'): no one site owns the rows",
    "rollup_region_windows": "as rollup_region_months",
}


@dataclass(frozen=True)
class Known:
    reason: str
    fix: str


# (table, columns of the PRIMARY KEY / UNIQUE constraint) → why the key is missing and what fixes it.
KNOWN_EXCEPTIONS: dict[tuple[str, tuple[str, ...]], Known] = {
    ("events", ("id", "event_month")): Known(
        "event ids are unique across devices: ingest refuses an id another device already stored (id_conflict)",
        "PRIMARY KEY (device_id, id, event_month); ingest looks ids up for the uploading device only (an id reused "
        "by another device is then stored, not refused: ids are random UUIDs and chains are per device)",
    ),
    ("cases", ("case_id", "case_month")): Known(
        "a case id is unique in the hall; projection and the ownership check find a case by id alone",
        "PRIMARY KEY (site_code, case_id, case_month) and lookups by (site_code of the uploading device, case_id), "
        "with an all-shard lookup only when a case was handed over to a device of another site",
    ),
    ("cases", ("case_no", "case_month")): Known(
        "case numbers are unique in the hall (projection suffixes a clash with #id)",
        "UNIQUE (site_code, case_no, case_month): case numbers carry the device code, so a clash across sites is "
        "already impossible for correctly configured devices; the case lookup API names the site",
    ),
    ("rejected_events", ("id",)): Known(
        "an integer id from a sequence", "PRIMARY KEY (device_id, id): the sequence keeps ids unique anyway"
    ),
    ("certificate_lookups", ("id",)): Known("a random id", "PRIMARY KEY (device_id, id)"),
    ("queue_window_pauses", ("id",)): Known("a random id", "PRIMARY KEY (device_id, id)"),
    ("sms_messages", ("notice_id",)): Known(
        "the notice id is the SMS's identity", "PRIMARY KEY (device_id, notice_id)"
    ),
    ("sms_messages", ("event_id",)): Known(
        "one message per notice event", "UNIQUE (device_id, event_id): event ids are unique per device"
    ),
    ("sms_messages", ("rating_code",)): Known(
        "the public rating page /r/{code} finds the message by its code alone",
        "a reference table rating_codes (code → device_id), or the device's shard encoded in the code",
    ),
    ("assistance", ("event_id",)): Known("one row per 帮办代办 event", "PRIMARY KEY (site_code, event_id)"),
    ("certificate_shares", ("id",)): Known(
        "the table has no site_code yet (it hangs off the case by case_id)",
        "add site_code (the case's, set by the projection in the same transaction), PRIMARY KEY (site_code, id)",
    ),
    ("certificate_shares", ("case_id", "material_code")): Known(
        "one share per case and material", "UNIQUE (site_code, case_id, material_code) once site_code exists"
    ),
    ("queue_tickets", ("id",)): Known("a random id", "PRIMARY KEY (hall, id)"),
    ("queue_tickets", ("window",)): Known(
        "partial unique index: one ticket held per window (docs/queue.md)",
        "UNIQUE (hall, window) WHERE holding: window codes are per hall",
    ),
    ("queue_appointments", ("code",)): Known(
        "the booking code is typed at the kiosk alone", "PRIMARY KEY (hall, code): the kiosk knows its hall"
    ),
    ("queue_counters", ("category", "day")): Known(
        "no hall column (categories are unique across halls today)", "add hall, PRIMARY KEY (hall, category, day)"
    ),
    ("queue_ticket_events", ("id",)): Known(
        "no hall column (the ticket id leads to it)", "add hall (the ticket's), PRIMARY KEY (hall, id)"
    ),
}


@dataclass(frozen=True)
class HotQuery:
    path: str
    tables: tuple[str, ...]
    where: str
    shards: str  # "one" (names the key or is a reference table) or why it is more


HOT_PATH: tuple[HotQuery, ...] = (
    HotQuery("every request", ("devices",), "token_hash", "one: reference table, read locally"),
    HotQuery("every request", ("devices",), "id: last_seen_at, updated once a minute per device", "all nodes: "
             "reference writes are replicated; move last_seen_at to a device-keyed table before 10,000 devices"),
    HotQuery("upload", ("device_chains",), "device_id FOR UPDATE", "one"),
    HotQuery("upload", ("events",), "id = ANY(ids) AND event_month IN (batch months)", "all shards: see "
             "KNOWN_EXCEPTIONS (name device_id)"),
    HotQuery("upload", ("events",), "device_id AND seq = ANY(seqs) AND event_month IN (batch months)", "one"),
    HotQuery("upload", ("rejected_events",), "device_id AND seq = ANY(seqs)", "one"),
    HotQuery("upload", ("events", "rejected_events", "device_chains"), "INSERT / UPDATE of device_id's rows", "one"),
    HotQuery("upload", ("cases",), "case_id = ANY(...) OR case_no = ANY(...) (projection, ownership)", "all shards "
             "until the lookups name the site: see KNOWN_EXCEPTIONS"),
    HotQuery("upload", ("events",), "case_id = ANY(...) (ownership: cases not projected yet)", "all shards: rare "
             "(a case whose intake event was quarantined); name device_id or drop the fallback"),
    HotQuery("upload", ("cases", "assistance"), "INSERT / UPDATE with site_code of the uploading device", "one"),
    HotQuery("feed", ("feed_changes",), "version > since AND (device_id IS NULL OR device_id = me)", "one: reference"),
    HotQuery("lookup", ("certificates",), "holder_id_number", "one: reference table"),
    HotQuery("lookup", ("cases",), "case_no (supervisor case view, SMS rating page)", "all shards unless the "
             "site is named"),
)  # fmt: skip


def all_tables() -> MetaData:
    """The server metadata with every model module loaded (the same set the migrations see)."""
    from hallclient.server import assessment_models, certificate_models, queue_models, site_models  # noqa: F401
    from hallclient.server.models import ServerBase
    from hallclient.server.sms import models  # noqa: F401

    return ServerBase.metadata
