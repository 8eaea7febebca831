"""Facts about the demo programme (Omstillingsprogrammet i Vestre Toten) that tests in several places lean on,
and a second programme of the demo's county."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from omstilling.intake.demo import demo_data, load_programme_data
from omstilling.store import db
from omstilling.store.models import Programme

NOW = datetime(2014, 6, 6, 7, 0, tzinfo=UTC)
"""The morning of Friday 6 June 2014: the reminder of the application to the county (due 20 June) and the notice
of the board meeting of 16 June go out."""

BOARD_AND_APPLICATION = [
    "kommune@example.org",
    "programleder@example.org",
    "styreleder@example.org",
    "styremedlem1@example.org",
    "styremedlem2@example.org",
    "styremedlem3@example.org",
    "varamedlem1@example.org",
]
"""Whom the messages of `NOW` reach: the application's leader and municipality, and the board (its notice)."""
APPLICATION = ["kommune@example.org", "programleder@example.org"]
CALLED_AND_APPLICATION = sorted([*BOARD_AND_APPLICATION, "programleder@example.org"])
"""Whom the day's run of `NOW` reaches: the application's two, and the board and the leader with the notice."""
"""Whom the reminders alone of `NOW` reach (the board's message that day is the notice, `messaging.notices`)."""

JUNE_2014 = {"kommunekontakt": 3, "programleder": 8, "styreleder": 6, "styremedlem": 3, "varamedlem": 1}
"""The reminders a simulated June 2014 sends, by role (`omstilling simulate`, and the Prefect flow alike); the
board's step on a notice day is the notice (`messaging.notices`), which the simulation does not send."""

OTHER = "Omstilling Gjøvik"
"""The name of `add_copy`'s programme."""


def add_copy(engine: Engine, **programme: object) -> int:
    """A second programme of the demo's county, with the demo's plan and portfolio."""
    data = demo_data()
    with db.session_scope(engine) as session:
        load_programme_data(
            session,
            data
            | {
                "programme": data["programme"]
                | {"slug": "gjovik", "name": OTHER, "municipality": "Gjøvik kommune"}
                | programme
            },
        )
    with db.session_scope(engine) as session:
        return session.exec(select(Programme.id).where(Programme.slug == "gjovik")).one()
