"""Quota rules ("at least 3 board meetings in each half-year") and their forecast (pure).

Held meetings up to the day asked count; meetings after it (and planned ones that day) count towards the
forecast; a planned
meeting whose date has passed without being marked held counts for nothing until it is (it is reported as
unconfirmed). A missing meeting can still be held if it can be called with the rule's notice and held on a
working day before the period ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from omstilling.core.enums import MeetingStatus
from omstilling.core.language import _
from omstilling.core.snapshot import MeetingData, QuotaData
from omstilling.core.wheel.workdays import WorkCalendar


class QuotaState(StrEnum):
    MET = "oppfylt"  # enough meetings held
    ON_TRACK = "i rute"  # held and planned together are enough
    AT_RISK = "i fare"  # too few planned, but there is still time to call more
    MISSED = "ikke oppfylt"  # the period is over, or too late to call the missing meetings

    @property
    def label(self) -> str:
        """The state in words, in the current written standard (the value is the bokmål word, kept as the key)."""
        words = {
            QuotaState.MET: _("oppfylt"),
            QuotaState.ON_TRACK: _("i rute"),
            QuotaState.AT_RISK: _("i fare"),
            QuotaState.MISSED: _("ikke oppfylt"),
        }
        return words[self]


@dataclass(frozen=True)
class QuotaForecast:
    quota: QuotaData
    start: date
    end: date
    held: tuple[date, ...]
    planned: tuple[date, ...]
    unconfirmed: tuple[date, ...]
    state: QuotaState
    last_call: date | None  # the last day the missing meetings can be called (None when none are missing)

    @property
    def missing(self) -> int:
        return max(0, self.quota.minimum - len(self.held) - len(self.planned))

    @property
    def label(self) -> str:
        """Norwegian name of the period: "1. halvår 2014", "3. kvartal 2014", "2014" (in the current written
        standard)."""
        months = self.quota.months_per_period
        index = (self.start.month - 1) // months + 1
        names = {
            6: _("%(index)s. halvår %(year)s"),
            3: _("%(index)s. kvartal %(year)s"),
            4: _("%(index)s. tertial %(year)s"),
            2: _("%(index)s. termin %(year)s"),
            1: _("%(index)s. måned %(year)s"),
        }
        name = names.get(months)
        return str(self.start.year) if name is None else name % {"index": index, "year": self.start.year}


def periods(quota: QuotaData, year: int) -> list[tuple[date, date]]:
    spans = []
    for first_month in range(1, 13, quota.months_per_period):
        start = date(year, first_month, 1)
        next_month = first_month + quota.months_per_period
        end = (date(year + 1, 1, 1) if next_month > 12 else date(year, next_month, 1)) - timedelta(days=1)
        spans.append((start, end))
    return spans


def forecast_quota(
    quota: QuotaData, meetings: tuple[MeetingData, ...], start: date, end: date, as_of: date, calendar: WorkCalendar
) -> QuotaForecast:
    """How the quota stands for one period, seen on `as_of`."""
    relevant = sorted(
        (m for m in meetings if m.kind in quota.meeting_kinds and start <= m.date <= end), key=lambda m: m.date
    )
    # Seen from `as_of`, a meeting after that day is at most planned, whatever its status says today.
    held = tuple(m.date for m in relevant if m.status is MeetingStatus.HELD and m.date <= as_of)
    planned = tuple(
        m.date
        for m in relevant
        if (m.status is not MeetingStatus.CANCELLED and m.date > as_of)
        or (m.status is MeetingStatus.PLANNED and m.date == as_of)
    )
    unconfirmed = tuple(m.date for m in relevant if m.status is MeetingStatus.PLANNED and m.date < as_of)
    missing = max(0, quota.minimum - len(held) - len(planned))
    last_call = None
    if missing:
        # The missing meetings on the last working days of the period, each called `notice_days` ahead.
        latest = calendar.on_or_before(end)
        for _step in range(missing - 1):
            latest = calendar.on_or_before(latest - timedelta(days=1))
        last_call = calendar.on_or_before(max(latest, start) - timedelta(days=quota.notice_days))
    if len(held) >= quota.minimum:
        state = QuotaState.MET
    elif not missing:
        state = QuotaState.ON_TRACK
    elif as_of > end or last_call is None or as_of > last_call:
        state = QuotaState.MISSED
    else:
        state = QuotaState.AT_RISK
    return QuotaForecast(quota, start, end, held, planned, unconfirmed, state, last_call)


def shortfalls(
    quotas: tuple[QuotaData, ...],
    meetings: tuple[MeetingData, ...],
    as_of: date,
    calendar: WorkCalendar,
    status_years: tuple[int, int] | None = None,
) -> list[QuotaForecast]:
    """The forecasts of the periods `as_of` lies in that are at risk or missed: what needs someone's attention
    (nothing outside the programme's status period)."""
    from omstilling.core.wheel.rules import in_status_period

    if not in_status_period(status_years, as_of.year):
        return []
    return [
        forecast
        for quota in quotas
        for forecast in forecast_year(quota, meetings, as_of.year, as_of, calendar)
        if forecast.start <= as_of <= forecast.end and forecast.state in (QuotaState.AT_RISK, QuotaState.MISSED)
    ]


def forecast_year(
    quota: QuotaData, meetings: tuple[MeetingData, ...], year: int, as_of: date, calendar: WorkCalendar
) -> list[QuotaForecast]:
    """The quota's forecast for each period of `year`."""
    return [forecast_quota(quota, meetings, start, end, as_of, calendar) for start, end in periods(quota, year)]
