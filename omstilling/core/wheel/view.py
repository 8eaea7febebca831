"""A programme's year on the wheel as plain rows (pure): what `omstilling wheel` prints, the calendar feed
and the picture draw. Board meetings from the data join the rule-based events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from omstilling.core.enums import DeadlineStatus, EventKind, MeetingKind, MeetingStatus
from omstilling.core.snapshot import MeetingData, ProgrammeSnapshot, WheelEventData
from omstilling.core.wheel.quotas import QuotaForecast, forecast_year
from omstilling.core.wheel.rules import Occurrence, in_status_period, reminder_dates, wheel_year
from omstilling.core.wheel.words import rule_in_words
from omstilling.core.wheel.workdays import WorkCalendar

BOARD_MEETING_START = time(9, 0)
BOARD_MEETING_MINUTES = {MeetingKind.ORDINARY: 180, MeetingKind.SEMINAR: 360}


@dataclass(frozen=True)
class WheelRow:
    """One dated item of the year: a rule's occurrence or a board meeting from the data."""

    key: str
    uid: str
    title: str
    kind: EventKind
    due: date
    nominal: date
    start: datetime | None
    end: datetime | None
    responsible: tuple[str, ...]
    document: str | None
    status: str
    description: str | None
    occurrence: Occurrence | None = None
    meeting_id: int | None = None
    location: str | None = None
    roles: tuple[str, ...] = ()  # who takes part in a meeting: its responsible roles and its ladder's
    rule: str = ""
    rule_text: str = ""


def participants(event: WheelEventData) -> tuple[str, ...]:
    """The roles a meeting's invitation goes to: those responsible and those its reminders go to."""
    return tuple(dict.fromkeys((*event.responsible_roles, *(role for step in event.ladder for role in step.roles))))


def event_rule_in_words(kind: EventKind, rule: str) -> str:
    """What a wheel event's rule says, in Norwegian words (events without a rule say where their dates come from)."""
    if kind is EventKind.BOARD_MEETING:
        return "hvert styremøte i møteplanen"
    if kind is EventKind.FOLLOW_UP:
        return "fristen for hvert vedtak som skal følges opp"
    return rule_in_words(rule)


def calendar_for(snapshot: ProgrammeSnapshot) -> WorkCalendar:
    return WorkCalendar.of(snapshot)


def _occurrence_status(snapshot: ProgrammeSnapshot, occurrence: Occurrence, as_of: date) -> str:
    recorded = snapshot.deadline_status(occurrence.event.key, occurrence.year, occurrence.number)
    if recorded is not DeadlineStatus.OPEN:
        return recorded.label
    return "forfalt" if occurrence.due < as_of else "åpen"


def _meeting_row(snapshot: ProgrammeSnapshot, meeting: MeetingData, occurrence: Occurrence | None = None) -> WheelRow:
    start = datetime.combine(meeting.date, meeting_start(meeting), tzinfo=ZoneInfo(snapshot.timezone))
    return WheelRow(
        key="styreseminar-mote" if meeting.kind is MeetingKind.SEMINAR else "styremote",
        # by the meeting's id, not its date: a moved meeting stays the same calendar event (SEQUENCE + 1)
        uid=f"{snapshot.slug}.styremote.{meeting.id}@omstilling",
        title="Styreseminar" if meeting.kind is MeetingKind.SEMINAR else "Styremøte",
        kind=EventKind.MEETING,
        due=meeting.date,
        nominal=meeting.date,
        start=start,
        end=start + timedelta(minutes=BOARD_MEETING_MINUTES[meeting.kind]),
        responsible=("styreleder", "programleder"),
        document="styrerapport",
        status=meeting.status.label,
        description="; ".join(f"Sak {c.number}: {c.title}" for c in meeting.cases) or None,
        occurrence=occurrence,
        meeting_id=meeting.id,
        location=meeting.location,
        roles=participants(occurrence.event) if occurrence else ("styret", "programleder"),
        rule_text=event_rule_in_words(EventKind.BOARD_MEETING, ""),
    )


def meeting_start(meeting: MeetingData) -> time:
    return meeting.start_time or BOARD_MEETING_START


def year_rows(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> list[WheelRow]:
    """The year's rule-based events and board meetings, in date order."""
    calendar = calendar_for(snapshot)
    occurrences = wheel_year(snapshot.wheel_events, year, calendar, snapshot.timezone)
    # A `styremote` event's occurrences are the board meetings below: they carry its reminders.
    board = {o.number: o for o in occurrences if o.event.kind is EventKind.BOARD_MEETING}
    # A `vedtak` event's occurrences are the decisions to follow up: each is a row of its own.
    rows = [
        WheelRow(
            key=o.event.key,
            uid=f"{snapshot.slug}.{o.event.key}.{o.year}.{o.number}@omstilling",
            title=o.event.title,
            kind=o.event.kind,
            due=o.due,
            nominal=o.nominal,
            start=o.start,
            end=o.end,
            responsible=o.event.responsible_roles,
            document=o.event.document.value if o.event.document else None,
            status=_occurrence_status(snapshot, o, as_of),
            description=o.event.description,
            occurrence=o,
            roles=participants(o.event) if o.event.kind is EventKind.MEETING else (),
            rule=o.event.rrule,
            rule_text=event_rule_in_words(o.event.kind, o.event.rrule),
        )
        for o in occurrences
        if o.event.kind is not EventKind.BOARD_MEETING
    ]
    rows += [
        _meeting_row(snapshot, m, board.get(m.id))
        for m in snapshot.meetings
        if m.date.year == year
        and m.status is not MeetingStatus.CANCELLED
        and in_status_period(snapshot.status_years, year)
    ]
    return sorted(rows, key=lambda r: (r.due, r.start or datetime.min.replace(tzinfo=ZoneInfo("UTC")), r.key))


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
    for row in year_rows(snapshot, year, as_of):
        item: dict[str, Any] = {
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
            "status": row.status,
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
    when = "før" if year < first else "etter"
    return (
        f"{year} er {when} statusperioden til {snapshot.name} ({first}–{last}): årshjulet har ingen frister, "
        "påminnelser eller dokumenter det året."
    )
