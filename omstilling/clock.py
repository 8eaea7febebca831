"""The one clock: the CLI, the jobs and the flows read today's date in the programme's time zone (Europe/Oslo by
default, `OMSTILLING_TIMEZONE`), never the machine's local date. The core never reads it: dates are arguments."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def zone() -> ZoneInfo:
    """The installation's time zone (`OMSTILLING_TIMEZONE`, else the core's default)."""
    from omstilling.config import get_settings
    from omstilling.core.zone import DEFAULT_TIMEZONE

    return ZoneInfo(get_settings().timezone or DEFAULT_TIMEZONE)


def now() -> datetime:
    """Now, in the programme's time zone (an aware datetime)."""
    return datetime.now(UTC).astimezone(zone())


def today_in(timezone: str) -> date:
    """Today's date in a programme's own time zone: the day its pages are seen from, and the day a mark made now
    counts from (`core.agenda.closed_on`)."""
    return datetime.now(UTC).astimezone(ZoneInfo(timezone)).date()


def today() -> date:
    """Today's date where the programme is (at 00.30 in Oslo it is already tomorrow in UTC terms)."""
    return now().date()
