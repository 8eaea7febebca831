"""A programme's deadlines: written for the years around a day, quotas checked, one marked done, skipped or open again."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Engine

from omstilling import clock
from omstilling.core.enums import AuditAction, DeadlineStatus
from omstilling.core.formatting import date_long, date_short
from omstilling.core.language import _
from omstilling.core.tick import quota_warnings
from omstilling.errors import InputError, Problem
from omstilling.store import audit, choose, db
from omstilling.store.load import load_snapshots
from omstilling.store.models import WheelEvent
from omstilling.wheel.deadlines import aid_report_address, mark, materialise


def materialise_deadlines(engine: Engine, slug: str, as_of: date) -> dict[str, int]:
    """Last year's (a December rule can be due, and escalate, in January), this year's and next year's
    deadlines of one programme, written idempotently."""
    with db.session_scope(engine) as session:
        programme = choose.programme(session, slug)
        results = [
            materialise(session, programme, year, as_of) for year in (as_of.year - 1, as_of.year, as_of.year + 1)
        ]
    return {field: sum(getattr(r, field) for r in results) for field in ("created", "moved", "removed", "unchanged")}


def check_quotas(engine: Engine, as_of: date) -> list[dict[str, Any]]:
    """Quotas of the current period at risk or missed, for every programme."""
    with db.session_scope(engine) as session:
        snapshots = load_snapshots(session, choose.programmes(session))
    return [asdict(w) for snapshot in snapshots.values() for w in quota_warnings(snapshot, as_of)]


@dataclass(frozen=True)
class Marked:
    """A deadline marked: what it is, its new state, and the one sentence every way in says about it."""

    programme: str
    event: str
    title: str
    year: int
    due: date
    status: DeadlineStatus
    by: str
    note: str | None
    event_key: str = ""
    """The event's key in the wheel (`event` is what was asked for: a key, a title or a document's name)."""

    @property
    def sentence(self) -> str:
        """ "Fristen «Årsrapport for fjoråret» 30.01.2015 er nå utført. Påminnelsene stopper." (the command line,
        the web app's message and the Prefect form all say this)."""
        sentence = (
            _("Fristen «%(title)s» %(day)s er nå %(status)s. Påminnelsene går igjen fra neste daglige kjøring.")
            if self.status is DeadlineStatus.OPEN
            else _("Fristen «%(title)s» %(day)s er nå %(status)s. Påminnelsene stopper.")
        )
        return sentence % {"title": self.title, "day": date_short(self.due), "status": self.status.label}


def mark_deadline(
    engine: Engine,
    slug: str | None,
    event: str,
    year: int,
    status: DeadlineStatus,
    *,
    by: str,
    note: str | None = None,
    due: date | None = None,
    case: str | None = None,
    occurrence: int | None = None,
    today: date | None = None,
    now: datetime | None = None,
    project: str | None = None,
    reported_on: date | None = None,
    granted: date | None = None,
) -> Marked:
    """Mark a deadline of an event done or skipped, or open it again: the year's first that can be, or the one
    due on `due`, the follow-up of board case `case` ("12/14"), the register report of project `project`'s award
    (marked done, the award is reported on `reported_on`, else today; a project with several awards names one by
    its grant date, `granted`), or occurrence `occurrence` (the web app's page).
    `by` is who marks it (required); the note is kept with the deadline (at most `NOTE_LIMIT` characters). The
    same checks and words for the command line (`omstilling done`), the web app and the Prefect form. Recorded
    in the audit trail, done or failed."""
    today, now = today or clock.today(), now or clock.now()
    by = by.strip()
    which = f"{event} {year}" + "".join(f" {v}" for v in (due, case, project, granted, occurrence) if v is not None)
    with audit.audited(
        engine, AuditAction.DEADLINE_MARKED, programme=slug, target=which, status=status.value, by=by
    ) as noted:
        if not by:
            raise InputError(
                "frist", [Problem("markert av", _("oppgi hvem som markerer fristen; ingenting ble endret"))]
            )
        with db.session_scope(engine) as session:
            programme = choose.programme(session, slug)
            noted.programme = programme.slug
            deadline = mark(
                session,
                programme,
                event,
                year,
                status=status,
                by=by,
                at=now,
                note=note,
                as_of=today,
                due=due,
                case=case,
                occurrence=occurrence,
                project=project,
                reported_on=reported_on,
                granted=granted,
            )
            wheel_event = session.get(WheelEvent, deadline.event_id)
            marked = Marked(
                programme.slug,
                event,
                wheel_event.title if wheel_event else event,
                year,
                deadline.due_date,
                status,
                by,
                deadline.note,
                wheel_event.key if wheel_event else event,
            )
        noted.detail |= {"tittel": marked.title, "forfall": marked.due.isoformat()}
    return marked


@dataclass(frozen=True)
class Reported:
    """An award marked reported to Registeret for offentlig støtte (or not reported after all), through its
    deadline on the wheel."""

    programme: str
    project: str
    owner: str
    reported_on: date | None
    deadline: Marked
    granted: date | None = None  # the award's grant date, said when its project has several

    @property
    def sentence(self) -> str:
        if self.granted is not None:
            figures = {"project": self.project, "owner": self.owner, "granted": date_short(self.granted)}
            if self.reported_on is None:
                return (
                    _(
                        "Støtten til prosjekt %(project)s (%(owner)s) tildelt %(granted)s er ikke lenger markert som "
                        "rapportert til Registeret for offentlig støtte. Påminnelsene går igjen fra neste daglige kjøring."
                    )
                    % figures
                )
            return _(
                "Støtten til prosjekt %(project)s (%(owner)s) tildelt %(granted)s er rapportert til Registeret for "
                "offentlig støtte %(day)s. Påminnelsene stopper."
            ) % (figures | {"day": date_long(self.reported_on)})
        if self.reported_on is None:
            return _(
                "Støtten til prosjekt %(project)s (%(owner)s) er ikke lenger markert som rapportert til Registeret "
                "for offentlig støtte. Påminnelsene går igjen fra neste daglige kjøring."
            ) % {"project": self.project, "owner": self.owner}
        return _(
            "Støtten til prosjekt %(project)s (%(owner)s) er rapportert til Registeret for offentlig støtte "
            "%(day)s. Påminnelsene stopper."
        ) % {"project": self.project, "owner": self.owner, "day": date_long(self.reported_on)}


def mark_reported(
    engine: Engine,
    slug: str | None,
    project: str,
    *,
    by: str,
    on: date | None = None,
    undo: bool = False,
    today: date | None = None,
    now: datetime | None = None,
    granted: date | None = None,
) -> Reported:
    """Mark the award on a programme's project reported to Registeret for offentlig støtte on `on` (else today), or
    not reported after all (`undo`): its `registerrapport` deadline on the wheel is marked done (or opened again)
    through `mark_deadline`, which sets the award's day, so the wheel and the award never disagree. Refused in
    Norwegian, nothing written: a project without an award, an award under the threshold, a day to come, one
    already marked. A project with several awards names one by its grant date (`granted`); without it, refused."""
    from omstilling.store.models import Project
    from omstilling.store.stateaid import project_awards

    today = today or clock.today()
    with db.session_scope(engine) as session:
        programme = choose.programme(session, slug)
        event, year, award = aid_report_address(session, programme, project, granted)
        project_row = session.get(Project, award.project_id)
        key, owner = event.key, project_row.owner if project_row else ""
        chosen = award.granted_on
        named = chosen if len(project_awards(session, award.project_id)) > 1 else None
        slug = programme.slug
    marked = mark_deadline(
        engine,
        slug,
        key,
        year,
        DeadlineStatus.OPEN if undo else DeadlineStatus.DONE,
        by=by,
        project=project,
        reported_on=None if undo else (on or today),
        today=today,
        now=now,
        granted=chosen,
    )
    return Reported(slug, project.strip(), owner, None if undo else (on or today), marked, named)
