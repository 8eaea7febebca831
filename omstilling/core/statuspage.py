"""A programme's status page, seen from a day (pure): the Markdown the daily tick publishes as a keyed Prefect
artifact (`status-<programme>`), one page per programme. What a programme leader opens first: the coming
items of the agenda (`omstilling.core.agenda`: deadlines, meetings, notice days) and what is still missing for
each, the overdue deadlines, the board-meeting quotas, and the open deviations."""

from __future__ import annotations

from datetime import date, timedelta

from omstilling.core import indicators as ind
from omstilling.core.agenda import AgendaItem, agenda, overdue_on
from omstilling.core.formatting import date_short, date_with_weekday
from omstilling.core.periods import status_period
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.core.wheel import WorkCalendar
from omstilling.core.wheel.quotas import forecast_year
from omstilling.core.wheel.rules import in_status_period

AHEAD_DAYS = 60
BEHIND_DAYS = 90


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def window(
    snapshot: ProgrammeSnapshot, as_of: date, ahead_days: int = AHEAD_DAYS
) -> tuple[list[AgendaItem], list[AgendaItem]]:
    """The page's two lists, from the agendas of last year, this year and next year seen from `as_of`: what
    is still to come in the next `ahead_days` days, and what is overdue (`core.agenda.overdue_on`: this year's and
    last year's, as the overview)."""
    items = [
        item
        for year in (as_of.year - 1, as_of.year, as_of.year + 1)
        for item in agenda(snapshot, year, as_of).items
        if as_of - timedelta(days=BEHIND_DAYS) <= item.due <= as_of + timedelta(days=ahead_days)
    ]
    coming = [i for i in items if i.due >= as_of and i.state.ahead]
    return coming, overdue_on(snapshot, as_of.year, as_of)


def status_page(snapshot: ProgrammeSnapshot, as_of: date, ahead_days: int = AHEAD_DAYS) -> str:
    """The page's Markdown (no indentation: Prefect renders it as written)."""
    calendar = WorkCalendar.of(snapshot)
    coming, late = window(snapshot, as_of, ahead_days)
    lines = [
        f"# {snapshot.name}: status {date_short(as_of)}",
        "",
        f"Statusperiode {snapshot.status_start_year}–{snapshot.status_end_year}. Sett fra {date_with_weekday(as_of)}.",
        "",
    ]
    if as_of.year > snapshot.status_end_year:
        lines += [f"Statusperioden er over ({snapshot.status_end_year}): årshjulet har ingen frister lenger.", ""]
    lines += [f"## Neste {ahead_days} dager", ""]
    if coming:
        lines += ["| Dato | Hendelse | Status | Mangler |", "|:--|:--|:--|:--|"]
        for o in coming:
            gaps = "; ".join(o.missing)
            lines.append(f"| {date_short(o.due)} | {_cell(o.title)} | {o.status} | {_cell(gaps) or '–'} |")
    else:
        lines.append("Ingen frister eller møter.")
    lines += ["", "## Forfalt", ""]
    if late:
        lines += ["| Frist | Hendelse | Status |", "|:--|:--|:--|"]
        lines += [f"| {date_short(o.due)} | {_cell(o.title)} | {o.status} |" for o in late]
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
