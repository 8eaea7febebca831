"""The årshjul engine (pure core): a programme's wheel as data → dated deadlines on working days,
reminder dates, quota forecasts. Output edges: `ical` (iCalendar feed) and `picture` (the wheel drawn).

    WheelEventData ──occurrences()──▶ Occurrence(due date) ──reminder_dates()──▶ reminders
    WorkCalendar: weekends, Norwegian public holidays, the programme's own closed days
    QuotaData + meetings ──forecast()──▶ QuotaForecast per period
"""

from omstilling.core.wheel.quotas import (
    QuotaForecast,
    QuotaState,
    forecast_quota,
    forecast_year,
)
from omstilling.core.wheel.rules import (
    Occurrence,
    Reminder,
    occurrences,
    occurrences_around,
    reminder_dates,
    wheel_year,
)
from omstilling.core.wheel.workdays import WorkCalendar

__all__ = [
    "Occurrence",
    "QuotaForecast",
    "QuotaState",
    "Reminder",
    "WorkCalendar",
    "forecast_quota",
    "forecast_year",
    "occurrences",
    "occurrences_around",
    "reminder_dates",
    "wheel_year",
]
