"""A programme's status page, seen from a day (pure): the Markdown the daily tick publishes as a keyed Prefect
artifact (`status-<programme>`), one page per programme. What a programme leader opens first: the coming
items of the agenda (`omstilling.core.agenda`: deadlines, meetings, notice days) and what is still missing for
each, the overdue deadlines, the board-meeting quotas, and the open deviations."""

from __future__ import annotations

from datetime import date, timedelta

from omstilling.core import indicators as ind
from omstilling.core.agenda import AgendaItem, agenda, overdue_on
from omstilling.core.formatting import date_short, date_with_weekday
from omstilling.core.language import _, speaking
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
    """The page's Markdown (no indentation: Prefect renders it as written), in the programme's written standard."""
    with speaking(snapshot.language):
        return _status_page(snapshot, as_of, ahead_days)


def _status_page(snapshot: ProgrammeSnapshot, as_of: date, ahead_days: int) -> str:
    calendar = WorkCalendar.of(snapshot)
    coming, late = window(snapshot, as_of, ahead_days)
    first, last = snapshot.status_start_year, snapshot.status_end_year
    lines = [
        _("# %(programme)s: status %(day)s") % {"programme": snapshot.name, "day": date_short(as_of)},
        "",
        _("Statusperiode %(first)s–%(last)s. Sett fra %(day)s.")
        % {"first": first, "last": last, "day": date_with_weekday(as_of)},
        "",
    ]
    if as_of.year > last:
        lines += [_("Statusperioden er over (%(last)s): årshjulet har ingen frister lenger.") % {"last": last}, ""]
    lines += [_("## Neste %(days)s dager") % {"days": ahead_days}, ""]
    if coming:
        lines += [_("| Dato | Hendelse | Status | Mangler |"), "|:--|:--|:--|:--|"]
        for o in coming:
            gaps = "; ".join(o.missing)
            lines.append(f"| {date_short(o.due)} | {_cell(o.title)} | {o.status} | {_cell(gaps) or '–'} |")
    else:
        lines.append(_("Ingen frister eller møter."))
    lines += ["", _("## Forfalt"), ""]
    if late:
        lines += [_("| Frist | Hendelse | Status |"), "|:--|:--|:--|"]
        lines += [f"| {date_short(o.due)} | {_cell(o.title)} | {o.status} |" for o in late]
    else:
        lines.append(_("Ingen."))
    lines += ["", _("## Styremøtekravet"), ""]
    quotas = [
        f
        for quota in snapshot.quotas
        for f in forecast_year(quota, snapshot.meetings, as_of.year, as_of, calendar)
        if f.start <= as_of <= f.end and in_status_period(snapshot.status_years, as_of.year)
    ]
    if quotas:
        lines += [_("| Periode | Krav | Holdt | Planlagt | Vurdering |"), "|:--|--:|--:|--:|:--|"]
        lines += [
            _("| %(period)s | minst %(minimum)s | %(held)s | %(planned)s | %(state)s |")
            % {
                "period": f.label,
                "minimum": f.quota.minimum,
                "held": len(f.held),
                "planned": len(f.planned),
                "state": f.state.label,
            }
            for f in quotas
        ]
    else:
        lines.append(_("Ingen krav i denne perioden."))
    lines += ["", _("## Åpne avvik"), ""]
    year = status_period(snapshot, as_of).year
    deviations = [d for d in ind.deviations(snapshot, year, as_of) if d.open]
    if deviations:
        lines += [_("| Gjelder | Periode | Avvik | Forklart |"), "|:--|:--|:--|:--|"]
        no, yes = _("nei"), _("ja")
        lines += [
            f"| {_cell(d.subject)} | {d.period} | {_cell(d.detail)} | {no if d.needs_explanation else yes} |"
            for d in deviations
        ]
    else:
        lines.append(_("Ingen."))
    return "\n".join(lines) + "\n"
