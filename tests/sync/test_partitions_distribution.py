"""The Citus-style distribution plan (server/distribution.py) against the live server metadata: every table
classified, every key column present with one type per colocation group, and every PRIMARY KEY / UNIQUE of a
distributed table holding its key unless listed as a known exception (and no stale exception)."""

from __future__ import annotations

from sqlalchemy import PrimaryKeyConstraint, Table, UniqueConstraint

from hallclient.server.distribution import HOT_PATH, KNOWN_EXCEPTIONS, OTHER_KEYS, PLANS, all_tables


def _uniques(table: Table) -> list[tuple[str, ...]]:
    found = [tuple(c.name for c in constraint.columns) for constraint in table.constraints
             if isinstance(constraint, (PrimaryKeyConstraint, UniqueConstraint))]  # fmt: skip
    return found + [tuple(c.name for c in index.columns) for index in table.indexes if index.unique]


def test_every_table_has_a_plan_and_its_key_column() -> None:
    tables = all_tables().tables
    assert sorted(tables) == sorted(PLANS), "classify every new server table in server/distribution.py"
    group_types: dict[str, set[str]] = {}
    for name, plan in PLANS.items():
        if plan.kind == "reference":
            assert plan.key is None and plan.group is None, name
            continue
        assert plan.key is not None and plan.group is not None, name
        column = tables[name].c.get(plan.key)
        if column is None:  # a key to be added: the plan says so and the exception names the fix
            assert "needs the column" in plan.note, name
            assert any(table == name and "add " in known.fix for (table, _), known in KNOWN_EXCEPTIONS.items()), name
            continue
        assert column.nullable is False, f"{name}.{plan.key} must not be NULL to be a distribution key"
        group_types.setdefault(plan.group, set()).add(repr(column.type))
        assert plan.key in ("site_code", "device_id") or name in OTHER_KEYS, name
    assert all(len(types) == 1 for types in group_types.values()), group_types  # colocation: one key type


def test_every_unique_constraint_of_a_distributed_table_holds_its_key_or_is_a_known_exception() -> None:
    tables = all_tables().tables
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for name, plan in PLANS.items():
        if plan.kind != "distributed":
            continue
        for columns in _uniques(tables[name]):
            if plan.key in columns:
                continue
            known = KNOWN_EXCEPTIONS.get((name, columns))
            assert known is not None, f"{name} {columns} lacks {plan.key}: include it or list the exception"
            assert known.reason and known.fix, (name, columns)
            seen.add((name, columns))
    assert set(KNOWN_EXCEPTIONS) == seen, "stale exceptions: the constraint now holds its key or is gone"


def test_the_partitioned_tables_keep_their_partition_key_in_every_unique_constraint() -> None:
    """PostgreSQL's own rule for the monthly partitions (s0013), checked on the models."""
    tables = all_tables().tables
    for name, key in (("events", "event_month"), ("cases", "case_month")):
        assert all(key in columns for columns in _uniques(tables[name])), name


def test_every_hot_path_query_on_one_shard_names_the_distribution_key() -> None:
    for query in HOT_PATH:
        for table in query.tables:
            plan = PLANS[table]
            if query.shards.startswith("one") and plan.kind == "distributed":
                assert plan.key is not None and plan.key in query.where, (query.path, table, query.where)
