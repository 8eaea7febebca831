"""Page data from the library: each function takes a snapshot (or a session) and returns plain values for a
template. The rules stay in the library; these only choose, order and join."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, func, select

from omstilling.core import figures
from omstilling.core import indicators as ind
from omstilling.core.enums import DeadlineStatus, MessageKind
from omstilling.core.periods import Period, wheel_period
from omstilling.core.reminders import missing, step_name
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.core.wheel import WorkCalendar, reminder_dates
from omstilling.core.wheel.view import WheelRow, quota_rows, year_rows
from omstilling.documents.publish import stored_path
from omstilling.store import records
from omstilling.store.models import Deadline, OutboxMessage, WheelEvent

UPCOMING = 6


def period(snapshot: ProgrammeSnapshot, today: date, year: int | None, day: date | None) -> Period:
    """The year shown and the day it is seen from: the wheel's defaults, or what the visitor chose."""
    if day is not None:
        return Period(year or day.year, day)
    chosen = wheel_period(snapshot, today, year)
    return Period(chosen.year, chosen.as_of)


def overview(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> dict[str, Any]:
    """Oversikt: the next deadlines with what is still missing, overdue ones, quotas, open deviations, figures."""
    rows = year_rows(snapshot, year, as_of)
    open_rows = [r for r in rows if r.occurrence is not None and r.status == DeadlineStatus.OPEN.label]
    upcoming = [r for r in open_rows if r.due >= as_of][:UPCOMING]
    return {
        "upcoming": [{"row": r, "missing": missing(snapshot, r.occurrence, as_of)} for r in upcoming],
        "overdue": [r for r in rows if r.status == "forfalt"],
        "quotas": quota_rows(snapshot, year, as_of),
        "deviations": [d for d in ind.deviations(snapshot, year, as_of) if d.status == "åpen"],
        "figures": figures.summary(snapshot, year, as_of),
        "plan_years": snapshot.plan_years(),
    }


def deadline_rows(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> list[WheelRow]:
    """Frister: the year's events that can be marked (those with an occurrence of a wheel event)."""
    return [r for r in year_rows(snapshot, year, as_of) if r.occurrence is not None]


def find_row(snapshot: ProgrammeSnapshot, event_key: str, year: int, number: int, as_of: date) -> WheelRow | None:
    return next(
        (
            r
            for r in deadline_rows(snapshot, year, as_of)
            if r.occurrence.event.key == event_key and r.occurrence.number == number
        ),
        None,
    )


@dataclass(frozen=True)
class LadderLine:
    on: date
    name: str
    roles: tuple[str, ...]
    what: str


def ladder(session: Session, snapshot: ProgrammeSnapshot, row: WheelRow, as_of: date) -> list[LadderLine]:
    """The deadline's reminder ladder: each step's day and what became of it (sent, failed, waiting, stopped)."""
    occurrence = row.occurrence
    record = next(
        (
            d
            for d in snapshot.deadlines
            if (d.event_key, d.year, d.occurrence) == (occurrence.event.key, occurrence.year, occurrence.number)
        ),
        None,
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if record is not None:
        for step, status, n in session.exec(
            select(OutboxMessage.step, OutboxMessage.status, func.count())
            .join(Deadline, Deadline.id == OutboxMessage.deadline_id)
            .join(WheelEvent, WheelEvent.id == Deadline.event_id)
            .where(
                Deadline.programme_id == snapshot.id,
                WheelEvent.key == occurrence.event.key,
                Deadline.year == occurrence.year,
                Deadline.occurrence == occurrence.number,
                OutboxMessage.kind == MessageKind.REMINDER,
            )
            .group_by(OutboxMessage.step, OutboxMessage.status)
        ):
            counts[step][status.label] += n
    closed = record is not None and record.status is not DeadlineStatus.OPEN
    lines = []
    for reminder in reminder_dates(occurrence, WorkCalendar.of(snapshot)):
        done = counts.get(reminder.step)
        if done:
            what = ", ".join(f"{n} {label}" for label, n in sorted(done.items()))
        elif closed:
            what = f"sendes ikke: fristen er {record.status.label}"
        elif reminder.on > as_of:
            what = "planlagt"
        else:
            what = "ikke sendt"
        lines.append(LadderLine(reminder.on, step_name(occurrence, reminder), reminder.roles, what))
    return lines


def deadline_record(snapshot: ProgrammeSnapshot, row: WheelRow):
    o = row.occurrence
    return next(
        (d for d in snapshot.deadlines if (d.event_key, d.year, d.occurrence) == (o.event.key, o.year, o.number)), None
    )


def documents(session: Session, programme_id: int) -> list[dict[str, Any]]:
    """Dokumenter: every document, newest year first; each version with its files (only those on disk)."""
    return [
        {
            "year": document.year,
            "name": document.name,
            "kind": document.kind,
            "versions": [
                {
                    "version": version.number,
                    "current": version.current,
                    "as_of": version.as_of,
                    "created_at": version.created_at,
                    "files": [
                        {"id": f.id, "format": f.format, "exists": stored_path(f, document.current).exists()}
                        for f in version.records
                    ],
                }
                for version in document.versions
            ],
        }
        for document in records.history(session, programme_id)
    ]


def document_file(session: Session, programme_id: int, record_id: int):
    """The file of a document record of this programme, where it is now (None when unknown or gone)."""
    found = records.record_of(session, programme_id, record_id)
    if found is None:
        return None, None
    record, current = found
    path = stored_path(record, current)
    return record, path if path.exists() else None


def messages(session: Session, programme_id: int, limit: int = 300) -> list[dict[str, Any]]:
    """Meldinger: what was planned and sent when, to which role, and what failed (newest first)."""
    rows = session.exec(
        select(OutboxMessage, WheelEvent.title, Deadline.year, Deadline.due_date)
        .join(Deadline, Deadline.id == OutboxMessage.deadline_id)
        .join(WheelEvent, WheelEvent.id == Deadline.event_id)
        .where(Deadline.programme_id == programme_id)
        .order_by(OutboxMessage.planned_for.desc(), OutboxMessage.id.desc())
        .limit(limit)
    ).all()
    return [{"message": m, "title": title, "year": year, "due": due} for m, title, year, due in rows]
