"""The demo's wheel, closed days, quota and people as plain data, read from the demo file without a database."""

from __future__ import annotations

from datetime import date, time
from functools import cache

from omstilling.core.enums import MeetingKind, MeetingStatus
from omstilling.core.reminders import RecipientData
from omstilling.core.snapshot import LadderStep, MeetingData, ProgrammeSnapshot, QuotaData, WheelEventData
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


# A programme of the seed wheel and a few board meetings, for the run plan's tests (no Prefect, no database).
MEETINGS = ((1, date(2014, 6, 16)), (2, date(2014, 9, 15)), (3, date(2015, 1, 26)))


def programme(
    *meetings: tuple[int, date], start: int = 2010, end: int = 2015, cancelled: tuple[int, ...] = ()
) -> ProgrammeSnapshot:
    closed = tuple(validate(ClosedDayIn, item).rrule for item in demo_data()["closed_days"])
    return ProgrammeSnapshot(
        1,
        "vestre-toten",
        "Omstillingsprogrammet i Vestre Toten",
        "Vestre Toten kommune",
        "Innlandet",
        "IN",
        start,
        end,
        "Europe/Oslo",
        wheel_events=seed_events(),
        closed_days=closed,
        meetings=tuple(
            MeetingData(
                mid,
                day,
                MeetingKind.ORDINARY,
                MeetingStatus.CANCELLED if mid in cancelled else MeetingStatus.PLANNED,
                None,
                start_time=time(13, 0),
            )
            for mid, day in meetings
        ),
    )
