"""Working days: not Saturday or Sunday, not a Norwegian public holiday, not one of the programme's own
closed days (RRULEs such as 24 December or the Wednesday before Easter).

Every search for a working day is bounded: closed-day rules that leave none (`FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR`)
are refused at input (`closed_stretch_problem`, over the programme's status period), and a calendar that has none
anyway raises `NoWorkingDay` instead of looping for ever."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache
from typing import Protocol

from dateutil.rrule import rrule, rruleset, rrulestr

from omstilling.core.language import _
from omstilling.errors import OmstillingError

SEARCH_DAYS = 366
"""How far a due date or a reminder may move to find a working day."""

LONGEST_CLOSED = 60
"""The longest run of days without a working day that closed-day rules may make (July closed is 31 days and
the weekends around it; a rule that closes more is refused)."""


@lru_cache(maxsize=256)
def _public_holidays(year: int) -> dict[date, str]:
    """Norway's public holidays in `year`, by their Norwegian names (built once per year: building is slow).
    `holidays` is imported here, when a day is first asked about: ~20 ms that a document made from its snapshot
    does not need."""
    import holidays

    # Sundays are weekends here already; the language is fixed so names never follow the machine's locale.
    return dict(holidays.Norway(years=year, include_sundays=False, language="no"))


@lru_cache(maxsize=1024)
def _walked_rule(rule: str, first_year: int) -> rrule | rruleset:
    """A closed-day rule from 1 January of `first_year` (an INTERVAL counts from there), shared by every calendar
    that has it. A year's days are found by walking the rule from its start: the rule keeps what was walked
    (cache=True, behind its own lock), so a later year, or another calendar, goes on from there instead of
    walking from the start again."""
    return rrulestr(rule, dtstart=datetime(first_year, 1, 1), cache=True)


class HasClosedDays(Protocol):
    """A programme, as far as its calendar goes (a snapshot, or a test's stand-in)."""

    @property
    def closed_days(self) -> Sequence[str]: ...


class NoWorkingDay(OmstillingError):
    """The programme's closed days leave no working day near a date."""


class WorkCalendar:
    """Answers "is this a working day?" for a programme. Immutable; caches per year."""

    def __init__(self, closed_rules: tuple[str, ...] = (), *, first_year: int = 1990, last_year: int = 2100):
        self.closed_rules = tuple(closed_rules)
        self._years: dict[int, frozenset[date]] = {}
        self._bounds = (first_year, last_year)

    @staticmethod
    @lru_cache(maxsize=256)
    def for_rules(closed_rules: tuple[str, ...]) -> WorkCalendar:
        """A shared calendar for these closed-day rules (calendars are immutable; their years are cached)."""
        return WorkCalendar(closed_rules)

    @cached_property
    def _rules(self) -> list[rrule | rruleset]:
        return [_walked_rule(rule, self._bounds[0]) for rule in self.closed_rules]

    def _closed(self, year: int) -> frozenset[date]:
        if year not in self._years:
            start, end = datetime(year, 1, 1), datetime(year, 12, 31, 23, 59)
            own = {d.date() for rule in self._rules for d in rule.between(start, end, inc=True)}
            self._years[year] = frozenset(_public_holidays(year)) | frozenset(own)
        return self._years[year]

    @staticmethod
    def of(snapshot: HasClosedDays) -> WorkCalendar:
        """The calendar of a programme (anything with `closed_days`): shared, like `for_rules`."""
        return WorkCalendar.for_rules(tuple(snapshot.closed_days))

    def holiday_name(self, day: date) -> str | None:
        """The Norwegian name of a public holiday on `day`, if it is one."""
        return _public_holidays(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._closed(day.year)

    def on_or_after(self, day: date) -> date:
        """`day`, or the next working day after it (where a due date moves)."""
        return self._search(day, 1)

    def on_or_before(self, day: date) -> date:
        """`day`, or the last working day before it (where a reminder moves)."""
        return self._search(day, -1)

    def _search(self, day: date, step: int) -> date:
        start = day
        for _attempt in range(SEARCH_DAYS):
            if self.is_working_day(day):
                return day
            day += timedelta(days=step)
        if step > 0:
            none = _(
                "fridagene gir ingen arbeidsdag innen %(days)s dager etter %(day)s: rett fridagsreglene (%(rules)s)"
            )
        else:
            none = _("fridagene gir ingen arbeidsdag innen %(days)s dager før %(day)s: rett fridagsreglene (%(rules)s)")
        raise NoWorkingDay(
            none % {"days": SEARCH_DAYS, "day": start.isoformat(), "rules": "; ".join(self.closed_rules)}
        )

    def longest_closed(self, first: date, last: date, enough: int | None = None) -> tuple[int, date | None]:
        """The longest run of consecutive days without a working day in [first, last], and where it starts
        (the search stops once a run is longer than `enough`)."""
        longest, where, run, run_start, day = 0, None, 0, None, first
        while day <= last and (enough is None or longest <= enough):
            if self.is_working_day(day):
                run = 0
            else:
                run, run_start = run + 1, run_start if run else day
                if run > longest:
                    longest, where = run, run_start
            day += timedelta(days=1)
        return longest, where

    def working_days(self, start: date, end: date) -> list[date]:
        """The working days in [start, end]."""
        days, day = [], start
        while day <= end:
            if self.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days


def closed_stretch_problem(rules: tuple[str, ...], first_year: int, last_year: int) -> str | None:
    """Why these closed-day rules cannot be used (in Norwegian), or None: they must leave a working day in every
    `LONGEST_CLOSED` days of the programme's status period, `first_year` to `last_year` (the years the wheel
    puts deadlines in; a stretch outside them closes nothing the programme uses)."""
    calendar = WorkCalendar.for_rules(tuple(rules))
    longest, where = calendar.longest_closed(date(first_year, 1, 1), date(last_year, 12, 31), LONGEST_CLOSED)
    if longest <= LONGEST_CLOSED or where is None:  # where is None only when no day is closed
        return None
    return _(
        "fridagene gir mer enn %(days)s dager på rad uten arbeidsdag (fra %(day)s); da finnes det ingen dag å legge "
        "fristene på"
    ) % {"days": LONGEST_CLOSED, "day": where.isoformat()}
