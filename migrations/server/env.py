"""Alembic environment for the central server database (PostgreSQL or SQLite; portable SQL only)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

import hallclient.server.rollup_models  # noqa: F401  (registers the rollup tables)
from hallclient.server import assessment_models, queue_models, site_models  # noqa: F401  (register their tables)
from hallclient.server.db import VERSION_TABLE
from hallclient.server.models import ServerBase
from hallclient.server.sms import models as sms_models  # noqa: F401  (registers the SMS tables)

config = context.config
target_metadata = ServerBase.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        version_table=VERSION_TABLE,
    )
    with context.begin_transaction():
        context.run_migrations()


#: ``pg_advisory_xact_lock`` key held while migrating: hosts that start at once on one database (a deploy)
#: migrate one after the other, and the later ones find the schema current instead of failing on it.
MIGRATION_LOCK = 0x68616C6C  # "hall"


def run_migrations_online() -> None:
    engine = create_engine(str(config.get_main_option("sqlalchemy.url")))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, version_table=VERSION_TABLE)
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            context.run_migrations()  # reads the version only now, after the lock
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
