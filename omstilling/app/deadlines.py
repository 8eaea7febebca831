"""A programme's deadlines: written for the years around a day, quotas checked, one marked done, skipped or open again."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from omstilling import clock
from omstilling.app.results import Done
from omstilling.core.enums import DeadlineStatus
from omstilling.core.formatting import date_short
from omstilling.core.tick import (
    quota_warnings,
)
from omstilling.documents.render import (
    common_markdown,  # noqa: F401 (the flows' artifacts, as Prefect shows them)
    )
from omstilling.errors import OmstillingError
from omstilling.intake import writes
from omstilling.store import db
from omstilling.store.load import load_snapshots
from omstilling.store.models import Programme
from omstilling.wheel.deadlines import close, materialise


def materialise_deadlines(engine: Engine, slug: str, as_of: date) -> dict[str, int]:
    """Last year's (a December rule can be due, and escalate, in January), this year's and next year's
    deadlines of one programme, written idempotently."""
    with db.session_scope(engine) as session:
        programme = writes.get_programme(session, slug)
        results = [materialise(session, programme, year, as_of) for year in (as_of.year - 1, as_of.year,
                                                                             as_of.year + 1)]
    return {field: sum(getattr(r, field) for r in results) for field in ("created", "moved", "removed", "unchanged")}


def check_quotas(engine: Engine, as_of: date) -> list[dict]:
    """Quotas of the current period at risk or missed, for every programme."""
    with db.session_scope(engine) as session:
        snapshots = load_snapshots(session, session.exec(select(Programme)).all())
    return [asdict(w) for snapshot in snapshots.values() for w in quota_warnings(snapshot, as_of)]


def mark_deadline(engine: Engine, slug: str, event: str, year: int, status: DeadlineStatus, *, by: str,
                  note: str | None = None, today: date | None = None, now: datetime | None = None) -> Done:
    """Mark the year's deadline of an event done or skipped, or open it again (as `omstilling done`)."""
    today, now = today or clock.today(), now or clock.now()
    if not by.strip():
        raise OmstillingError("oppgi hvem som markerer fristen (feltet «by»)")
    with db.session_scope(engine) as session:
        programme = writes.get_programme(session, slug)
        deadline = close(session, programme, event, year, status=status, by=by.strip(), at=now, note=note,
                         as_of=today)
        due = deadline.due_date
    title = f"«{event}» {year} (frist {date_short(due)}) er nå {status.label}"
    lines = [f"# {title}", "", f"Program: {slug}. Markert av {by.strip()} {date_short(today)}."]
    if note:
        lines += ["", f"Merknad: {note}"]
    if status is DeadlineStatus.OPEN:
        lines += ["", "Påminnelsene for fristen går igjen fra neste daglige kjøring."]
    else:
        lines += ["", "Påminnelsene for fristen stopper."]
    return Done(title, "\n".join(lines) + "\n")
