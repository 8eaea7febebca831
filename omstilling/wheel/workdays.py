"""Working days: not Saturday or Sunday, not a Norwegian public holiday, not one of the programme's own
closed days (RRULEs such as 24 December or the Wednesday before Easter)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache

import holidays
from dateutil.rrule import rrulestr


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
    def _rules(self):
        return [rrulestr(rule, dtstart=datetime(self._bounds[0], 1, 1)) for rule in self.closed_rules]

    def _closed(self, year: int) -> frozenset[date]:
        if year not in self._years:
            # Sundays are weekends here already; the language is fixed so names never follow the machine's locale.
            public = holidays.Norway(years=year, include_sundays=False, language="no")
            start, end = datetime(year, 1, 1), datetime(year, 12, 31, 23, 59)
            own = {d.date() for rule in self._rules for d in rule.between(start, end, inc=True)}
            self._years[year] = frozenset(public) | frozenset(own)
        return self._years[year]

    def holiday_name(self, day: date) -> str | None:
        """The Norwegian name of a public holiday on `day`, if it is one."""
        return holidays.Norway(years=day.year, include_sundays=False, language="no").get(day)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._closed(day.year)

    def on_or_after(self, day: date) -> date:
        """`day`, or the next working day after it (where a due date moves)."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def on_or_before(self, day: date) -> date:
        """`day`, or the last working day before it (where a reminder moves)."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def working_days(self, start: date, end: date) -> list[date]:
        """The working days in [start, end]."""
        days, day = [], start
        while day <= end:
            if self.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days
