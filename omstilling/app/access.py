"""Access beyond one programme, as the operator grants it: county readers (the county's officers who read every
programme of their county). The command line is the operator's way in; the grant is the installation's
configuration, never a programme's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from omstilling import clock
from omstilling.access import roles
from omstilling.core.enums import AuditAction, AuditOutcome
from omstilling.store import audit, db


def _local(instant: datetime) -> str:
    """A stored instant (UTC; SQLite gives it back without its zone) as the operator reads it: local time."""
    aware = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    return aware.astimezone(clock.zone()).strftime("%Y-%m-%d %H.%M")


@dataclass(frozen=True)
class Grant:
    email: str
    county: str
    granted_by: str
    granted_at: str


def grant_county(engine: Engine, email: str, county: str, *, by: str) -> Grant:
    """Let `email` read every programme of `county` and the county's page (recorded in the audit trail)."""
    with (
        audit.audited(
            engine, AuditAction.COUNTY_GRANTED, target=roles.normalise(email), fylke=county.strip(), gitt_av=by
        ),
        db.session_scope(engine) as session,
    ):
        row = roles.grant_county(session, email, county, by=by)
        grant = Grant(row.email, row.county, row.granted_by, _local(row.granted_at))
    return grant


def revoke_county(engine: Engine, email: str, county: str) -> bool:
    """Take the grant away (at the person's next request: access is read on every request); recorded in the audit
    trail, as failed when there was no such grant."""
    with audit.audited(
        engine, AuditAction.COUNTY_REVOKED, target=roles.normalise(email), fylke=county.strip()
    ) as noted:
        with db.session_scope(engine) as session:
            revoked = roles.revoke_county(session, email, county)
        if not revoked:
            noted.outcome, noted.detail["feil"] = AuditOutcome.FAILED, "hadde ingen slik lesetilgang"
    return revoked


def county_grants(engine: Engine) -> list[Grant]:
    with db.session_scope(engine) as session:
        return [Grant(r.email, r.county, r.granted_by, _local(r.granted_at)) for r in roles.county_readers(session)]
