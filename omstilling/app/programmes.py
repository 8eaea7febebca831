"""Which programmes a caller means (through `omstilling.store.choose`, the one home of "one or all"), and a
programme's status page."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from omstilling.core.statuspage import status_page
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot


def slugs(engine: Engine, slug: str | None = None) -> list[str]:
    """The slugs of all programmes, or the one asked for (which must exist)."""
    with db.session_scope(engine) as session:
        return [programme.slug for programme in choose.programmes(session, slug)]


def one_slug(engine: Engine, slug: str | None = None) -> str:
    """The programme named, or the only one (a database of several asks which)."""
    with db.session_scope(engine) as session:
        return choose.programme(session, slug).slug


def name_of(engine: Engine, slug: str | None = None) -> str:
    """The programme's name ("Omstillingsprogrammet i Vestre Toten"), as people read it."""
    with db.session_scope(engine) as session:
        return choose.programme(session, slug).name


def status_of(engine: Engine, slug: str, as_of: date) -> str:
    """One programme's status page."""
    with db.session_scope(engine) as session:
        return status_page(load_snapshot(session, choose.programme(session, slug)), as_of)
