"""A programme's year on the wheel for the command line (pure): `omstilling wheel --json` renders the agenda
(`omstilling.core.agenda`) with each item's reminder ladder, and the quotas' forecasts."""

from __future__ import annotations

from datetime import date
from typing import Any

from omstilling.core.agenda import AgendaItem, agenda
from omstilling.core.formatting import date_short, month_name
from omstilling.core.language import _, speaking
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.core.wheel.quotas import QuotaForecast, forecast_year
from omstilling.core.wheel.rules import in_status_period, reminder_dates
from omstilling.core.wheel.workdays import WorkCalendar


def calendar_for(snapshot: ProgrammeSnapshot) -> WorkCalendar:
    return WorkCalendar.of(snapshot)


def quota_rows(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> list[QuotaForecast]:
    """The quotas' forecasts for the year (none outside the status period: no meetings are required then)."""
    if not in_status_period(snapshot.status_years, year):
        return []
    calendar = calendar_for(snapshot)
    return [f for quota in snapshot.quotas for f in forecast_year(quota, snapshot.meetings, year, as_of, calendar)]


def wheel_json(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> dict[str, Any]:
    """`omstilling wheel --json`."""
    calendar = calendar_for(snapshot)
    events = []
    for row in agenda(snapshot, year, as_of).items:
        item: dict[str, Any] = {
            "uid": row.uid,
            "key": row.key,
            "title": row.title,
            "kind": row.kind.value,
            "due_date": row.due.isoformat(),
            "rule_date": row.nominal.isoformat(),
            "start": row.start.isoformat() if row.start else None,
            "responsible_roles": list(row.responsible),
            "document": row.document,
            "rule": row.rule,
            "rule_text": row.rule_text,
            "state": row.state.value,
            "status": row.status,
            "missing": list(row.missing),
            "reminders": [],
        }
        if row.occurrence is not None:
            item["reminders"] = [
                {"date": r.on.isoformat(), "offset": r.offset, "roles": list(r.roles)}
                for r in reminder_dates(row.occurrence, calendar)
            ]
        events.append(item)
    quotas = [
        {
            "key": f.quota.key,
            "title": f.quota.title,
            "period": f.label,
            "start": f.start.isoformat(),
            "end": f.end.isoformat(),
            "minimum": f.quota.minimum,
            "held": [d.isoformat() for d in f.held],
            "planned": [d.isoformat() for d in f.planned],
            "unconfirmed": [d.isoformat() for d in f.unconfirmed],
            "state": f.state.value,
            "last_call": f.last_call.isoformat() if f.last_call else None,
        }
        for f in quota_rows(snapshot, year, as_of)
    ]
    return {
        "programme": snapshot.slug,
        "year": year,
        "as_of": as_of.isoformat(),
        "events": events,
        "quotas": quotas,
        "status_years": list(snapshot.status_years),
        "outside": outside_status(snapshot, year),
    }


def outside_status(snapshot: ProgrammeSnapshot, year: int) -> str | None:
    """One Norwegian line when `year` is outside the programme's status period (its wheel has nothing then,
    beyond closing duties that reach into the year after), else None."""
    first, last = snapshot.status_years
    if first <= year <= last:
        return None
    if year < first:
        sentence = _(
            "%(year)s er før statusperioden til %(programme)s (%(first)s–%(last)s): årshjulet har ingen frister, "
            "påminnelser eller dokumenter det året."
        )
    else:
        sentence = _(
            "%(year)s er etter statusperioden til %(programme)s (%(first)s–%(last)s): årshjulet har ingen frister, "
            "påminnelser eller dokumenter det året."
        )
    return sentence % {"year": year, "programme": snapshot.name, "first": first, "last": last}


def picture_items(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> list[tuple[AgendaItem, str | None]]:
    """What the picture draws: every item of the agenda, each with its label ("27.01  Styremøte · holdt", its
    state in the agenda's words) or None for a mark without a label (a board meeting without a page of its own,
    a notice day)."""
    drawn: list[tuple[AgendaItem, str | None]] = []
    for item in agenda(snapshot, year, as_of, with_missing=False).items:
        if item.occurrence is None:
            drawn.append((item, None))
        else:
            drawn.append((item, f"{date_short(item.due)[:5]}  {item.title} · {item.status}"))
    return drawn


def wheel_as_list(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> list[tuple[str, list[str]]]:
    """The wheel picture's text alternative: the same labels it draws ("27.01  Årsrapport · utført"), month by month
    ("januar", [...]), for a screen reader or anyone who cannot see the picture; in the programme's written
    standard, as the picture."""
    with speaking(snapshot.language):
        months: dict[int, list[str]] = {}
        for item, label in picture_items(snapshot, year, as_of):
            if label is not None:
                months.setdefault(item.due.month, []).append(" ".join(label.split()))
        return [(month_name(month), labels) for month, labels in sorted(months.items())]
