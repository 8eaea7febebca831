"""A database for a test: SQLite in a folder of its own (the PostgreSQL ones are conftest.py's fixtures)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from omstilling.store import db


def sqlite_engine(folder: Path) -> Engine:
    """An engine on a new SQLite file in `folder` (no schema yet)."""
    return db.make_engine(f"sqlite:///{folder / 'omstilling.db'}")
