"""The årshjul engine on the seed wheel: exact dates, holidays, working-day moves, DST, quotas."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omstilling.core.enums import MeetingKind, MeetingStatus, WheelPhase
from omstilling.core.snapshot import MeetingData
from omstilling.core.wheel import (
    QuotaState,
    WorkCalendar,
    forecast_year,
    occurrences,
    reminder_dates,
    wheel_year,
)
from omstilling.errors import InputError
from omstilling.intake.schemas import WheelEventIn, validate
from tests.support.wheel import event_data, seed_calendar, seed_events, seed_quota

OSLO = ZoneInfo("Europe/Oslo")


def dues(year: int, events=None) -> dict[str, date]:
    return {o.event.key: o.due for o in wheel_year(events or seed_events(), year, seed_calendar())}


def rules_every_year() -> tuple:
    """The seed's rules without the demo's status period (2010–2015), to check them over many years."""
    return tuple(replace(e, status_years=None) for e in seed_events() if e.phase is not WheelPhase.CLOSING)


def test_the_seed_wheel_in_2014_falls_on_these_days():
    assert dues(2014) == {
        "arsrapport": date(2014, 1, 31),
        "kommunal-behandling": date(2014, 2, 28),
        "soknad-fylket": date(2014, 6, 20),
        "halvarsrapport": date(2014, 6, 30),
        "kontaktmote-fylket": date(2014, 8, 27),
        "omstillingskonferanse": date(2014, 9, 16),
        "psv-faktagrunnlag": date(2014, 10, 8),
        "psv": date(2014, 10, 15),
        "psv-rapport": date(2014, 10, 22),
        "styreseminar": date(2014, 11, 28),
        "handlingsplan-vedtak": date(2014, 12, 15),
    }


def test_the_seed_wheel_in_2015_falls_on_these_days():
    # 2015 is the demo's last year of status: no plan or application for 2016, and the closing duties instead.
    assert dues(2015) == {
        "arsrapport": date(2015, 1, 30),
        "kommunal-behandling": date(2015, 2, 27),
        "halvarsrapport": date(2015, 6, 30),
        "kontaktmote-fylket": date(2015, 8, 26),
        "omstillingskonferanse": date(2015, 9, 15),
        "psv-faktagrunnlag": date(2015, 10, 14),
        "psv": date(2015, 10, 21),
        "psv-rapport": date(2015, 10, 28),
        "styreseminar": date(2015, 11, 27),
        "sluttevaluering": date(2015, 11, 30),
        "sluttrapport": date(2015, 12, 15),
        "arkiv-overlevering": date(2016, 1, 4),  # 31 December is closed; 1 January a holiday, then a weekend
    }
    soknad = replace(next(e for e in seed_events() if e.key == "soknad-fylket"), status_years=None)
    assert [o.due for o in occurrences(soknad, 2015, seed_calendar())] == [date(2015, 6, 22)]  # 20 June: Saturday


def test_a_rule_that_lands_on_a_sunday_moves_to_monday():
    (plan_2013,) = occurrences(next(e for e in seed_events() if e.key == "handlingsplan-vedtak"), 2013, seed_calendar())
    assert plan_2013.nominal == date(2013, 12, 15)  # a Sunday
    assert plan_2013.due == date(2013, 12, 16)
    assert plan_2013.moved


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2014, 4, 15), True),
        (date(2014, 4, 16), False),  # the Wednesday before Easter: the programme's own closed day
        (date(2014, 4, 17), False),  # Maundy Thursday
        (date(2014, 4, 18), False),  # Good Friday
        (date(2014, 4, 21), False),  # Easter Monday
        (date(2014, 4, 22), True),
        (date(2014, 5, 1), False),
        (date(2014, 5, 16), True),
        (date(2015, 5, 18), True),  # 17 May 2015 was a Sunday; no day off in lieu
        (date(2016, 5, 17), False),
        (date(2014, 5, 29), False),  # Ascension Day
        (date(2014, 6, 9), False),  # Whit Monday
        (date(2014, 7, 15), False),  # July: the programme's common holiday
        (date(2014, 12, 24), False),
        (date(2014, 12, 25), False),
        (date(2014, 12, 26), False),
        (date(2014, 12, 29), True),
        (date(2014, 12, 31), False),
    ],
)
def test_working_days_follow_norwegian_holidays_and_the_programmes_closed_days(day, working):
    assert seed_calendar().is_working_day(day) is working


def test_public_holidays_alone_make_no_programme_closed_days():
    plain = WorkCalendar()
    assert plain.is_working_day(date(2014, 4, 16)) and plain.is_working_day(date(2014, 12, 24))
    assert plain.holiday_name(date(2014, 5, 17)) == "Grunnlovsdag"


def test_a_due_date_on_a_holiday_moves_forward_and_a_reminder_on_one_moves_back():
    event = event_data(
        {
            "key": "etter-paske",
            "title": "Frist etter påske",
            "kind": "frist",
            "responsible_roles": ["programleder"],
            "rrule": "FREQ=YEARLY;BYEASTER=1",
            "ladder": [
                {"offset": -1, "roles": ["programleder"]},
                {"offset": 0, "roles": ["styreleder"]},
                {"offset": 4, "roles": ["styreleder"]},
            ],
        }
    )
    (occurrence,) = occurrences(event, 2014, seed_calendar())
    assert (occurrence.nominal, occurrence.due) == (date(2014, 4, 21), date(2014, 4, 22))  # Easter Monday → Tuesday
    before, on_the_day, after = reminder_dates(occurrence, seed_calendar())
    # 21 April (Easter Monday), 20–19 (weekend), 18 (Good Friday), 17 (Maundy Thursday), 16 (closed) → 15 April
    assert before.on == date(2014, 4, 15)
    assert on_the_day.on == date(2014, 4, 22)
    # 26 April is a Saturday: an escalation moves forward, never before the deadline has passed
    assert (after.nominal, after.on, after.overdue) == (date(2014, 4, 26), date(2014, 4, 28), True)


def test_the_psv_fact_sheet_is_a_week_before_the_meeting_and_the_draft_a_week_after_every_year():
    for year in range(2000, 2041):
        found = dues(year, rules_every_year())
        assert found["psv"] - found["psv-faktagrunnlag"] >= timedelta(days=7), year
        assert found["psv-rapport"] - found["psv"] <= timedelta(days=7), year


@settings(max_examples=200, deadline=None)
@given(year=st.integers(2000, 2040), index=st.integers(0, len(seed_events()) - 1))
def test_no_due_date_or_reminder_ever_falls_on_a_non_working_day(year, index):
    calendar = seed_calendar()
    event = replace(seed_events()[index], status_years=None)
    for occurrence in occurrences(event, year, calendar):
        assert calendar.is_working_day(occurrence.due)
        assert occurrence.due >= occurrence.nominal
        for reminder in reminder_dates(occurrence, calendar):
            assert calendar.is_working_day(reminder.on)
            assert (reminder.on > occurrence.due) if reminder.overdue else (reminder.on <= occurrence.due)


def test_meetings_never_start_in_the_hour_daylight_saving_removes_or_repeats():
    meetings = [e for e in rules_every_year() if e.start_time is not None]
    assert {e.key for e in meetings} == {"psv", "styreseminar", "kontaktmote-fylket", "omstillingskonferanse"}
    for year in range(2000, 2041):
        for event in meetings:
            for occurrence in occurrences(event, year, seed_calendar()):
                start = occurrence.start
                assert not 2 <= start.hour < 3
                round_trip = start.astimezone(UTC).astimezone(OSLO)
                assert (round_trip.date(), round_trip.time()) == (start.date(), start.time())
                assert occurrence.end > start


def test_the_dst_weekends_of_2014_hold_nothing():
    everything = {o.due for o in wheel_year(seed_events(), 2014, seed_calendar())}
    reminders = {
        r.on for o in wheel_year(seed_events(), 2014, seed_calendar()) for r in reminder_dates(o, seed_calendar())
    }
    for weekend in (date(2014, 3, 29), date(2014, 3, 30), date(2014, 10, 25), date(2014, 10, 26)):
        assert weekend not in everything | reminders


def test_a_meeting_in_the_daylight_saving_hour_or_without_a_time_is_refused():
    base = {
        "key": "natt",
        "title": "Nattmøte",
        "kind": "mote",
        "responsible_roles": ["styret"],
        "rrule": "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    }
    with pytest.raises(InputError) as caught:
        validate(WheelEventIn, base | {"start_time": "02:30"})
    assert str(caught.value) == (
        "ugyldig hendelse i årshjulet: start_time: ingenting legges mellom 02:00 og 03:00 "
        "(overgang til og fra sommertid)"
    )
    with pytest.raises(InputError) as caught:
        validate(WheelEventIn, base)
    assert str(caught.value) == "ugyldig hendelse i årshjulet: start_time: et møte trenger et klokkeslett, f.eks. 09:00"


def test_a_rule_that_does_not_recur_every_year_is_refused():
    with pytest.raises(InputError) as caught:
        validate(
            WheelEventIn,
            {
                "key": "skuddar",
                "title": "Skuddårsfrist",
                "kind": "frist",
                "responsible_roles": ["programleder"],
                "rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
            },
        )
    assert str(caught.value) == (
        "ugyldig hendelse i årshjulet: rrule: «FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29» — "
        "regelen må gi minst én dato hvert år"
    )


def meeting(day: date, status: MeetingStatus = MeetingStatus.HELD, kind=MeetingKind.ORDINARY) -> MeetingData:
    return MeetingData(id=day.toordinal(), date=day, kind=kind, status=status, location=None)


def test_a_half_year_with_three_held_meetings_meets_the_quota():
    meetings = (meeting(date(2014, 1, 27)), meeting(date(2014, 3, 17)), meeting(date(2014, 6, 16)))
    first, second = forecast_year(seed_quota(), meetings, 2014, date(2014, 8, 1), seed_calendar())
    assert (first.label, first.state, first.last_call) == ("1. halvår 2014", QuotaState.MET, None)
    assert second.label == "2. halvår 2014"


def test_planned_meetings_put_a_half_year_on_track():
    meetings = (
        meeting(date(2014, 9, 15)),
        meeting(date(2014, 11, 28), MeetingStatus.PLANNED, MeetingKind.SEMINAR),
        meeting(date(2014, 12, 15), MeetingStatus.PLANNED),
    )
    forecast = forecast_year(seed_quota(), meetings, 2014, date(2014, 10, 1), seed_calendar())[1]
    assert forecast.state is QuotaState.ON_TRACK
    assert forecast.planned == (date(2014, 11, 28), date(2014, 12, 15))


def test_too_few_planned_is_at_risk_until_the_last_day_a_meeting_can_be_called():
    meetings = (meeting(date(2014, 1, 27)), meeting(date(2014, 5, 19), MeetingStatus.PLANNED))
    forecast = forecast_year(seed_quota(), meetings, 2014, date(2014, 4, 1), seed_calendar())[0]
    assert forecast.state is QuotaState.AT_RISK
    assert forecast.missing == 1
    # the last working day of June 2014 is Monday 30 June; called a week ahead: Monday 23 June
    assert forecast.last_call == date(2014, 6, 23)
    late = forecast_year(seed_quota(), meetings, 2014, date(2014, 6, 24), seed_calendar())[0]
    assert late.state is QuotaState.MISSED


def test_a_planned_meeting_in_the_past_is_unconfirmed_until_marked_held():
    meetings = (meeting(date(2014, 2, 3), MeetingStatus.PLANNED),)
    forecast = forecast_year(seed_quota(), meetings, 2014, date(2014, 3, 1), seed_calendar())[0]
    assert forecast.unconfirmed == (date(2014, 2, 3),)
    assert forecast.held == forecast.planned == ()


def test_alarm_and_meeting_times_are_local_times_in_oslo():
    (psv,) = occurrences(next(e for e in seed_events() if e.key == "psv"), 2014, seed_calendar())
    assert psv.start == datetime(2014, 10, 15, 9, 0, tzinfo=OSLO)
    assert psv.start.utcoffset() == timedelta(hours=2)
    assert psv.end.time() == time(15, 0)
