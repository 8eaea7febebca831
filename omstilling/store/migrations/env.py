"""Alembic environment: migrates the engine handed over by `omstilling.store.db`, or the configured database."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import omstilling.store.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from omstilling.store.db import get_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=str(get_engine().url),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or get_engine()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds a table by copy, drop and rename: with foreign keys on, dropping the old
            # `wheelevent` would cascade to every deadline and outbox row. Off for the migration (it cannot
            # change inside a transaction), checked after, on again.
            _pragma(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                context.configure(
                    connection=connection, target_metadata=target_metadata, render_as_batch=sqlite, compare_type=True
                )
                context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration left rows that point at nothing: {broken[:5]}")
        finally:
            if sqlite:
                if connection.in_transaction():  # the check's own (read) transaction: PRAGMA is ignored inside one
                    connection.rollback()
                _pragma(connection, "PRAGMA foreign_keys=ON")


def _pragma(connection, statement: str) -> None:
    """Run a PRAGMA on the driver's connection, outside any transaction (where SQLite would ignore it)."""
    cursor = connection.connection.driver_connection.cursor()
    cursor.execute(statement)
    cursor.close()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
