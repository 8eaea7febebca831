"""Signed-in sessions as the operator sees and ends them: the operator's page in the web app and
`omstilling logout-everywhere` both call `log_out_everywhere` (recorded in the audit trail as a sign-out of every
session of the address)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from omstilling.access import sessions
from omstilling.access.roles import normalise
from omstilling.core.enums import AuditAction
from omstilling.errors import InputError, Problem
from omstilling.store import audit, db


@dataclass(frozen=True)
class SessionSeen:
    """A session in force, as the operator's page lists it."""

    email: str
    method: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime


def log_out_everywhere(engine: Engine, email: str, *, now: datetime, by: str, source: str | None = None) -> int:
    """End every session of `email` at once, in every browser; how many were in force. The person can sign in
    again (the operator takes roles away in the programme's data, or county access with `county-access revoke`)."""
    address = normalise(email)
    if "@" not in address or len(address) > 254 or any(c.isspace() for c in address):
        raise InputError("logg ut overalt", [Problem("epost", "er ikke en e-postadresse", email)])
    with db.session_scope(engine) as session:
        count = sessions.end_all(session, address, now=now)
    audit.record(
        engine,
        AuditAction.SIGN_OUT,
        target=address,
        who=by,
        source=source,
        detail={"overalt": True, "avsluttet": count},
    )
    return count


def sessions_in_force(engine: Engine, *, now: datetime, lifetimes: sessions.Lifetimes) -> list[SessionSeen]:
    with db.session_scope(engine) as session:
        return [
            SessionSeen(r.email, r.method, r.created_at, r.last_seen_at, r.expires_at)
            for r in sessions.in_force(session, now=now, lifetimes=lifetimes)
        ]
