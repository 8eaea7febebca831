"""Wheel events → dated occurrences and reminder dates (pure: no clock, no database).

Each rule starts on 1 January of the year it is asked about (DTSTART is never part of the stored rule).
A due date that falls on a non-working day moves forward to the next working day. A reminder before or on
the due date that falls on one moves back to the previous working day, so it is never late; an escalation
after the due date moves forward instead, so "overdue" is never said before the deadline has passed.

The programme's status period bounds the wheel (`applies_in`, the one place): an event has occurrences only in
the rule years of the period its phase allows, so nothing is due, reminded or drafted after the period except
the closing duties (phase `avslutning`: the last year only, whose ladders may reach past its end). An extension
is data: a later end year, and the wheel continues."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from omstilling.core.enums import EventKind, WheelPhase
from omstilling.core.snapshot import LadderStep, WheelEventData
from omstilling.core.wheel.workdays import LONGEST_CLOSED, WorkCalendar
from omstilling.core.zone import DEFAULT_TIMEZONE

OSLO = DEFAULT_TIMEZONE


@dataclass(frozen=True)
class Occurrence:
    """One dated instance of a wheel event in a year."""

    event: WheelEventData
    year: int
    number: int
    nominal: date
    due: date
    timezone: str = OSLO
    at: time | None = None  # a board meeting's own start (a rule's events start at the event's time)

    @property
    def moved(self) -> bool:
        """Whether the rule's date was not a working day and the due date moved."""
        return self.due != self.nominal

    @property
    def start(self) -> datetime | None:
        """Local start of a timed event (meetings), aware in the programme's time zone."""
        start = self.at or self.event.start_time
        if start is None:
            return None
        return datetime.combine(self.due, start, tzinfo=ZoneInfo(self.timezone))

    @property
    def end(self) -> datetime | None:
        if self.start is None:
            return None
        return self.start + timedelta(minutes=self.event.duration_minutes or 60)

    @property
    def is_meeting(self) -> bool:
        return self.event.kind in (EventKind.MEETING, EventKind.BOARD_MEETING)


def in_status_period(
    status_years: tuple[int, int] | None, year: int, phase: WheelPhase = WheelPhase.EVERY_YEAR
) -> bool:
    """Whether `year` is a year the status period gives an event of `phase` (None: no period, every year):
    every year of the period; every year but the last (what plans and applies for the next year); or, for the
    closing duties, the last year only."""
    if status_years is None:
        return True
    first, last = status_years
    if phase is WheelPhase.CLOSING:
        return year == last
    if phase is WheelPhase.NOT_LAST_YEAR:
        return first <= year < last
    return first <= year <= last


def applies_in(event: WheelEventData, year: int) -> bool:
    """Whether the event has occurrences whose rule date lies in `year` (see the module's rule)."""
    return in_status_period(event.status_years, year, event.phase)


def occurrences(event: WheelEventData, year: int, calendar: WorkCalendar, timezone: str = OSLO) -> list[Occurrence]:
    """The event's occurrences whose rule date lies in `year`, with due dates on working days."""
    return list(_occurrences(event, year, calendar, timezone))


@lru_cache(maxsize=1 << 16)  # 100 programmes × 25 events × a few years fit
def _occurrences(event: WheelEventData, year: int, calendar: WorkCalendar, timezone: str) -> tuple[Occurrence, ...]:
    # Expanding an RRULE is the costly part of planning a day; events and calendars are immutable, so cache it.
    if not applies_in(event, year):
        return ()
    if event.kind is EventKind.BOARD_MEETING:  # the board's meetings in the data, numbered by their id
        return tuple(
            Occurrence(event, year, meeting_id, day, day, timezone, at)
            for meeting_id, day, at in sorted(event.meetings, key=lambda m: (m[1], m[0]))
            if day.year == year
        )
    if event.kind is EventKind.FOLLOW_UP:  # the board's decisions to follow up, numbered by their case's id
        return tuple(
            Occurrence(follow_up_event(event, role, what), year, case_id, day, calendar.on_or_after(day), timezone)
            for case_id, day, role, what in sorted(event.follow_ups, key=lambda f: (f[1], f[0]))
            if day.year == year
        )
    if event.kind is EventKind.AID_REPORT:  # the awards the register must be told of, numbered by their id
        return tuple(
            Occurrence(aid_report_event(event, what), year, award_id, day, calendar.on_or_after(day), timezone)
            for award_id, day, what in aid_reports(event)
            if day.year == year
        )
    return tuple(
        Occurrence(event, year, number, day, calendar.on_or_after(day), timezone)
        for number, day in enumerate(rule_dates(event.rrule, year), start=1)
    )


NATIONAL = WorkCalendar()
"""The Norwegian calendar alone (weekends and public holidays): the register's working days are the country's,
not a programme's own closed days."""


def aid_reports(event: WheelEventData) -> list[tuple[int, date, str]]:
    """A `registerrapport` event's deadlines before any move to a programme's working day: each award the rule says
    the register must be told of (`ReportingRule.applies`: at or over the threshold in euro), due on the rule's
    deadline after its grant date (six months, or working days by the Norwegian calendar), by date."""
    rule = event.reporting
    if rule is None:
        return []
    return sorted(
        (
            (award_id, rule.deadline(granted, NATIONAL), what)
            for award_id, granted, eur, what in event.aid_awards
            if rule.applies(eur)
        ),
        key=lambda a: (a[1], a[0]),
    )


def aid_report_event(event: WheelEventData, what: str) -> WheelEventData:
    """One award's report as the event its reminders and deadline are about: its own title (the project, the
    company and the amount)."""
    return replace(event, title=f"{event.title}: {what}", aid_awards=())


@lru_cache(maxsize=1 << 14)
def rule_dates(rrule: str, year: int) -> tuple[date, ...]:
    """The dates a rule gives in `year`, before any move to a working day. Cached by the rule itself: programmes
    share rules (a county's wheels are copies of one), while their events, and so the cache above, differ."""
    rule = rrulestr(rrule, dtstart=datetime(year, 1, 1))
    return tuple(d.date() for d in rule.between(datetime(year, 1, 1), datetime(year, 12, 31, 23, 59), inc=True))


RESPONSIBLE = "ansvarlig"
"""In a `vedtak` event's ladder: the role the decision names as responsible for following it up."""


def follow_up_event(event: WheelEventData, role: str, what: str) -> WheelEventData:
    """One decision's follow-up as the event its reminders and deadline are about: its own title, the role it
    names as responsible, and the ladder with `ansvarlig` replaced by that role."""
    ladder = tuple(
        LadderStep(step.offset, tuple(dict.fromkeys(role if r == RESPONSIBLE else r for r in step.roles)))
        for step in event.ladder
    )
    return replace(event, title=f"{event.title}: {what}", responsible_roles=(role,), ladder=ladder, follow_ups=())


def years_around(event: WheelEventData, day: date, *, extra_days: int = 0) -> range:
    """The rule years whose occurrences can have a ladder step (or a draft) on `day`: a rule date of last year
    can be due this January (31 December closed → 2 January) and escalate into it, a reminder of next year's
    rule can come this December. The reach is the ladder's, plus how far a date can move to a working day
    (closed-day rules may close at most `LONGEST_CLOSED` days in a row) and `extra_days`."""
    offsets = [step.offset for step in event.ladder] or [0]
    slack = LONGEST_CLOSED + 7 + extra_days
    first = (day - timedelta(days=max(0, *offsets) + slack)).year
    last = (day + timedelta(days=max(0, -min(offsets)) + slack)).year
    return range(first, last + 1)


def occurrences_around(
    event: WheelEventData, day: date, calendar: WorkCalendar, timezone: str = OSLO, *, extra_days: int = 0
) -> list[Occurrence]:
    """Every occurrence, of whatever rule year, whose ladder can reach `day` (see `years_around`)."""
    return [
        o
        for year in years_around(event, day, extra_days=extra_days)
        for o in occurrences(event, year, calendar, timezone)
    ]


def wheel_year(
    events: tuple[WheelEventData, ...] | list[WheelEventData], year: int, calendar: WorkCalendar, timezone: str = OSLO
) -> list[Occurrence]:
    """All occurrences of a year, in date order."""
    found = [o for event in events for o in occurrences(event, year, calendar, timezone)]
    return sorted(found, key=lambda o: (o.due, o.event.key, o.number))


@dataclass(frozen=True)
class Reminder:
    """A step of an occurrence's reminder ladder, placed on a working day."""

    occurrence: Occurrence
    step: int
    offset: int
    nominal: date
    on: date
    roles: tuple[str, ...]

    @property
    def overdue(self) -> bool:
        return self.offset > 0


def reminder_dates(occurrence: Occurrence, calendar: WorkCalendar) -> list[Reminder]:
    """The ladder's steps for one occurrence, each on a working day (see the module's rule)."""
    return list(_reminder_dates(occurrence, calendar))


@lru_cache(maxsize=1 << 16)
def _reminder_dates(occurrence: Occurrence, calendar: WorkCalendar) -> tuple[Reminder, ...]:
    # Asked for every occurrence around every day planned or simulated (the reminders, the drafts); occurrences
    # and calendars are immutable, so the ladder is placed once per occurrence.
    reminders = []
    for step, rung in enumerate(occurrence.event.ladder, start=1):
        nominal = occurrence.due + timedelta(days=rung.offset)
        day = calendar.on_or_after(nominal) if rung.offset > 0 else calendar.on_or_before(nominal)
        reminders.append(Reminder(occurrence, step, rung.offset, nominal, day, rung.roles))
    return tuple(sorted(reminders, key=lambda r: (r.on, r.step)))
