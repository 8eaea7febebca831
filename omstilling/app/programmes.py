"""Which programmes a caller means: the one named, or all of them (one home for 'one or all'); a programme's status page."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import select

from omstilling.core.statuspage import status_page
from omstilling.documents.render import (
    common_markdown,  # noqa: F401 (the flows' artifacts, as Prefect shows them)
    )
from omstilling.intake import writes
from omstilling.store import db
from omstilling.store.load import load_snapshot
from omstilling.store.models import Programme


def slugs(engine: Engine, slug: str | None = None) -> list[str]:
    """The slugs of all programmes, or the one asked for (which must exist)."""
    with db.session_scope(engine) as session:
        if slug:
            return [writes.get_programme(session, slug).slug]
        return list(session.exec(select(Programme.slug).order_by(Programme.slug)))


def status_of(engine: Engine, slug: str, as_of: date) -> str:
    """One programme's status page."""
    with db.session_scope(engine) as session:
        return status_page(load_snapshot(session, writes.get_programme(session, slug)), as_of)
