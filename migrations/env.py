"""Alembic environment for the local store (batch mode, so ALTERs work on SQLite)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from hallclient.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(str(config.get_main_option("sqlalchemy.url")))
    with engine.connect() as conn:
        # Batch migrations recreate tables; foreign keys must be off, and the PRAGMA only works outside a
        # transaction, so commit the implicit one SQLAlchemy opened before Alembic starts its own.
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
