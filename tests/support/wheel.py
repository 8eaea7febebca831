"""The demo's wheel, closed days, quota and people as plain data, read from the demo file without a database."""

from __future__ import annotations

from functools import cache

from omstilling.core.reminders import RecipientData
from omstilling.core.snapshot import LadderStep, QuotaData, WheelEventData
from omstilling.core.wheel import WorkCalendar
from omstilling.intake.demo import demo_data
from omstilling.intake.schemas import ClosedDayIn, QuotaRuleIn, WheelEventIn, validate


def event_data(data: dict, event_id: int = 1) -> WheelEventData:
    event = validate(WheelEventIn, data)
    return WheelEventData(
        id=event_id,
        key=event.key,
        title=event.title,
        kind=event.kind,
        rrule=event.rrule,
        responsible_roles=tuple(event.responsible_roles),
        document=event.document,
        depends_on=tuple(event.depends_on),
        ladder=tuple(LadderStep(step.offset, tuple(step.roles)) for step in event.ladder),
        start_time=event.start_time,
        duration_minutes=event.duration_minutes,
        description=event.description,
        phase=event.phase,
        status_years=status_years(),
    )


@cache
def status_years() -> tuple[int, int]:
    """The demo programme's status period, which bounds its wheel."""
    programme = demo_data()["programme"]
    return programme["status_start_year"], programme["status_end_year"]


@cache
def seed_events() -> tuple[WheelEventData, ...]:
    return tuple(event_data(item, n) for n, item in enumerate(demo_data()["wheel"], start=1))


@cache
def seed_calendar() -> WorkCalendar:
    return WorkCalendar(tuple(validate(ClosedDayIn, item).rrule for item in demo_data()["closed_days"]))


@cache
def seed_quota() -> QuotaData:
    quota = validate(QuotaRuleIn, demo_data()["quotas"][0])
    return QuotaData(
        quota.key,
        quota.title,
        quota.minimum,
        quota.months_per_period,
        tuple(quota.meeting_kinds),
        quota.notice_days,
        quota.description,
    )


def seed_recipients() -> tuple[RecipientData, ...]:
    """The demo's people, each in the role they were given, with their e-mail address."""
    return tuple(
        RecipientData(r["name"], r["role"], r.get("email"), r["term_start"], None) for r in demo_data()["roles"]
    )
