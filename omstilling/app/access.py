"""Access beyond one programme, as the operator grants it: county readers (the county's officers who read every
programme of their county). The command line is the operator's way in; the grant is the installation's
configuration, never a programme's data."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from omstilling.access import roles
from omstilling.store import db


@dataclass(frozen=True)
class Grant:
    email: str
    county: str
    granted_by: str
    granted_at: str


def grant_county(engine: Engine, email: str, county: str, *, by: str) -> Grant:
    """Let `email` read every programme of `county` and the county's page."""
    with db.session_scope(engine) as session:
        row = roles.grant_county(session, email, county, by=by)
        return Grant(row.email, row.county, row.granted_by, row.granted_at.isoformat(timespec="minutes"))


def revoke_county(engine: Engine, email: str, county: str) -> bool:
    """Take the grant away (at the person's next request: access is read on every request)."""
    with db.session_scope(engine) as session:
        return roles.revoke_county(session, email, county)


def county_grants(engine: Engine) -> list[Grant]:
    with db.session_scope(engine) as session:
        return [Grant(r.email, r.county, r.granted_by, r.granted_at.isoformat(timespec="minutes"))
                for r in roles.county_readers(session)]
