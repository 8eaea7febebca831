"""An instant written in the programme's zone (the clock gives Europe/Oslo) is the same instant read back, on both
backends: SQLite keeps a datetime's wall time and drops its zone, and what it gives back is taken as UTC, so the
store writes UTC. (A meeting answer given at 10.00 in Oslo in June showed as 12.00.)"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from omstilling.store import db
from omstilling.store.models import AuditEvent
from omstilling.web.pages import _datetime_local

OSLO = ZoneInfo("Europe/Oslo")


def test_an_oslo_time_is_read_back_as_the_same_instant(engine):
    at = datetime(2014, 6, 17, 10, 0, tzinfo=OSLO)
    with db.session_scope(engine) as session:
        session.add(AuditEvent(at=at, actor="a@example.org", action="motesvar"))
    with db.session_scope(engine) as session:
        (found,) = session.exec(select(AuditEvent)).all()
    read = found.at if found.at.tzinfo else found.at.replace(tzinfo=UTC)
    assert read == at
    assert _datetime_local(found.at, "Europe/Oslo").endswith("kl.\u00a010.00")
