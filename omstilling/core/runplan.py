"""The årshjul as scheduled runs (pure): which report runs should stand in Prefect, seen from a day, for the
next twelve months. The database stays the one source; the tick makes Prefect mirror this plan (flows/kjoreplan.py).

A run is planned for every draft of the wheel (`core.tick.drafts`: the same days the tick has always used) that
is not written yet and whose time has not passed: on its draft day at `DRAFT_TIME` (before the daily tick at
06.30, so the day's reminders find the draft), or on the day seen from when the draft day is behind it (a
catch-up: the run stands due at once). Its key is the document's identity (programme, kind, year, and a board
pack's meeting date), so a second plan names the same runs, and a changed rule moves a run instead of adding one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from omstilling.core.enums import DocumentKind
from omstilling.core.snapshot import ProgrammeSnapshot, WheelEventData
from omstilling.core.tick import drafts
from omstilling.core.wheel.rules import years_around

DRAFT_TIME = time(6, 0)
HORIZON_DAYS = 365
WHEEL_TAG = "årshjul"


def run_title(title: str, *parts: object) -> str:
    """A run's name in the UI: "Årsrapport · 2014 · vestre-toten", leaving out what was not given."""
    shown = [str(p) for p in parts if p not in (None, "")]
    return " · ".join([title, *shown]) if shown else title


@dataclass(frozen=True)
class PlannedRun:
    """One report run the wheel wants standing: which flow (by kind), when, with which parameters, under which
    name, tags and key."""

    programme: str
    kind: DocumentKind
    year: int
    day: date
    start: datetime
    parameters: dict[str, object]
    key: str
    name: str
    tags: tuple[str, ...]
    reason: str


def run_key(programme: str, kind: DocumentKind, year: int, meeting_date: date | None = None) -> str:
    """The idempotency key of a document's run: the document's identity, never its date (a board pack's meeting
    date is its identity)."""
    last = meeting_date.isoformat() if meeting_date else str(year)
    return f"arshjul/{programme}/{kind.value}/{last}"


def run_plan(
    snapshot: ProgrammeSnapshot, as_of: date, written: set[tuple[str, int, str]], horizon_days: int = HORIZON_DAYS
) -> list[PlannedRun]:
    """The report runs the programme's wheel wants from `as_of` to `horizon_days` ahead, in time order.
    `written` holds (kind, year, name) of the documents already written: they get no run."""
    last = as_of + timedelta(days=horizon_days)
    zone = ZoneInfo(snapshot.timezone)

    def years(event: WheelEventData) -> range:
        return range(years_around(event, as_of).start, years_around(event, last).stop)

    planned: dict[str, PlannedRun] = {}
    for draft in drafts(snapshot, years):
        if draft.last_day < as_of or draft.draft_day > last or draft.written(written):
            continue
        day = max(draft.draft_day, as_of)
        key = run_key(snapshot.slug, draft.kind, draft.year, draft.meeting_date)
        if key in planned and planned[key].day <= day:
            continue  # one document a year: the earliest draft of it stands
        parameters: dict[str, object] = {"programme": snapshot.slug}
        if draft.meeting_date:
            parameters["meeting_date"] = draft.meeting_date.isoformat()
        else:
            parameters["year"] = draft.year
        parameters |= {"as_of": draft.seen_from(day).isoformat(), "only_if_missing": True}
        about = draft.meeting_date or draft.year
        planned[key] = PlannedRun(
            snapshot.slug,
            draft.kind,
            draft.year,
            day,
            datetime.combine(day, DRAFT_TIME, zone),
            parameters,
            key,
            run_title(draft.kind.label.capitalize(), about, snapshot.slug),
            (WHEEL_TAG, snapshot.slug, draft.kind.value),
            draft.reason,
        )
    return sorted(planned.values(), key=lambda r: (r.start, r.kind.value, r.key))
