"""A programme's status page, seen from a day (pure): the Markdown the daily tick publishes as a keyed Prefect
artifact (`status-<programme>`), one page per programme. What a programme leader opens first: the coming
deadlines and what is still missing for each, deadlines past due and still open, the board-meeting quotas, and
the open deviations."""

from __future__ import annotations

from datetime import date, timedelta

from omstilling.core import indicators as ind
from omstilling.core.enums import DeadlineStatus, EventKind
from omstilling.core.formatting import date_short
from omstilling.core.periods import status_period
from omstilling.core.reminders import missing
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.core.wheel import WorkCalendar
from omstilling.core.wheel.quotas import forecast_year
from omstilling.core.wheel.rules import in_status_period, occurrences

AHEAD_DAYS = 60
BEHIND_DAYS = 90


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def status_page(snapshot: ProgrammeSnapshot, as_of: date, ahead_days: int = AHEAD_DAYS) -> str:
    """The page's Markdown (no indentation: Prefect renders it as written)."""
    calendar = WorkCalendar.of(snapshot)
    found = [
        o
        for event in snapshot.wheel_events
        if event.kind is not EventKind.QUOTA
        for year in (as_of.year - 1, as_of.year, as_of.year + 1)
        for o in occurrences(event, year, calendar, snapshot.timezone)
        if as_of - timedelta(days=BEHIND_DAYS) <= o.due <= as_of + timedelta(days=ahead_days)
    ]
    found.sort(key=lambda o: (o.due, o.event.key, o.number))
    coming = [o for o in found if o.due >= as_of]
    late = [
        o
        for o in found
        if o.due < as_of
        and o.event.kind is EventKind.DEADLINE
        and snapshot.deadline_status(o.event.key, o.year, o.number) is DeadlineStatus.OPEN
    ]
    lines = [
        f"# {snapshot.name}: status {date_short(as_of)}",
        "",
        f"Statusperiode {snapshot.status_start_year}–{snapshot.status_end_year}.",
        "",
    ]
    if as_of.year > snapshot.status_end_year:
        lines += [f"Statusperioden er over ({snapshot.status_end_year}): årshjulet har ingen frister lenger.", ""]
    lines += [f"## Neste {ahead_days} dager", ""]
    if coming:
        lines += ["| Dato | Hendelse | Status | Mangler |", "|:--|:--|:--|:--|"]
        for o in coming:
            status = snapshot.deadline_status(o.event.key, o.year, o.number)
            gaps = "; ".join(missing(snapshot, o, as_of)) if status is DeadlineStatus.OPEN else ""
            shown = status.label if o.event.kind is EventKind.DEADLINE else o.event.kind.label
            lines.append(f"| {date_short(o.due)} | {_cell(o.event.title)} | {shown} | {_cell(gaps) or '–'} |")
    else:
        lines.append("Ingen frister eller møter.")
    lines += ["", "## Frister som er passert og fortsatt åpne", ""]
    if late:
        lines += ["| Frist | Hendelse |", "|:--|:--|"]
        lines += [f"| {date_short(o.due)} | {_cell(o.event.title)} |" for o in late]
    else:
        lines.append("Ingen.")
    lines += ["", "## Styremøtekravet", ""]
    quotas = [
        f
        for quota in snapshot.quotas
        for f in forecast_year(quota, snapshot.meetings, as_of.year, as_of, calendar)
        if f.start <= as_of <= f.end and in_status_period(snapshot.status_years, as_of.year)
    ]
    if quotas:
        lines += ["| Periode | Krav | Holdt | Planlagt | Vurdering |", "|:--|--:|--:|--:|:--|"]
        lines += [
            f"| {f.label} | minst {f.quota.minimum} | {len(f.held)} | {len(f.planned)} | {f.state.value} |"
            for f in quotas
        ]
    else:
        lines.append("Ingen krav i denne perioden.")
    lines += ["", "## Åpne avvik", ""]
    year = status_period(snapshot, as_of).year
    deviations = [d for d in ind.deviations(snapshot, year, as_of) if d.status == "åpen"]
    if deviations:
        lines += ["| Gjelder | Periode | Avvik | Forklart |", "|:--|:--|:--|:--|"]
        lines += [
            f"| {_cell(d.subject)} | {d.period} | {_cell(d.detail)} | {'nei' if d.needs_explanation else 'ja'} |"
            for d in deviations
        ]
    else:
        lines.append("Ingen.")
    return "\n".join(lines) + "\n"
