"""Reminders and drafts across New Year (issue 11, case 3), and closed days that leave no working day (case 4).

A rule for 31 December with 31 December closed is due 2 January: its due-day and escalation steps fall in the
next year. A day-by-day run must send every step of every occurrence exactly once, whatever year the rule date
is in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from omstilling.core.enums import DocumentKind, EventKind
from omstilling.core.reminders import RecipientData, plan
from omstilling.core.snapshot import LadderStep, ProgrammeSnapshot, WheelEventData
from omstilling.core.tick import documents_due
from omstilling.core.wheel import WorkCalendar, reminder_dates
from omstilling.core.wheel.rules import occurrences
from omstilling.core.wheel.workdays import NoWorkingDay, closed_stretch_problem

LEADER = (RecipientData("Bjørn Iversen", "programleder", "leder@example.org", date(1990, 1, 1), None),)
CLOSED = {
    "31.12": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31",
    "24.12": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24",
    "2.1": "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=2",
    "juli": "FREQ=YEARLY;BYMONTH=7",
    "romjul": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=27,28,29,30",
}


def wheel(rule: str, offsets: tuple[int, ...], closed: tuple[str, ...], document=None) -> ProgrammeSnapshot:
    event = WheelEventData(
        1,
        "frist",
        "Fristen",
        EventKind.DEADLINE,
        rule,
        ("programleder",),
        document,
        ladder=tuple(LadderStep(o, ("programleder",)) for o in offsets),
    )
    return ProgrammeSnapshot(
        1,
        "test",
        "Omstillingsprogrammet i Testvik",
        "Testvik kommune",
        "Testfylke",
        "TF",
        2000,
        2040,
        "Europe/Oslo",
        wheel_events=(event,),
        closed_days=closed,
    )


def expected_steps(snapshot: ProgrammeSnapshot, first: date, last: date) -> set[tuple[int, int, int]]:
    """Every step of every occurrence whose whole ladder lies in [first, last]: on each day a step falls on,
    the latest step of that day (two steps moved onto one working day are one message)."""
    calendar = WorkCalendar.of(snapshot)
    found = set()
    for year in range(first.year - 1, last.year + 2):
        for occurrence in occurrences(snapshot.wheel_events[0], year, calendar):
            steps = reminder_dates(occurrence, calendar)
            if not steps or steps[0].on < first or steps[-1].on > last:
                continue
            latest_of_day = {}
            for step in steps:
                if step.on not in latest_of_day or step.offset > latest_of_day[step.on].offset:
                    latest_of_day[step.on] = step
            found |= {(occurrence.year, occurrence.number, s.step) for s in latest_of_day.values()}
    return found


def sent_day_by_day(snapshot: ProgrammeSnapshot, first: date, last: date) -> tuple[set, list]:
    """What a daily run from `first` to `last` puts in the outbox (its unique key dedups), and every planning."""
    keys, planned, day = set(), [], first
    while day <= last:
        for item in plan(snapshot, LEADER, day):
            key = (item.occurrence.year, item.occurrence.number, item.reminder.step)
            planned.append((day, key))
            keys.add(key)
        day += timedelta(days=1)
    return keys, planned


def test_a_rule_for_31_december_with_31_december_closed_sends_its_due_day_and_escalation_in_january():
    snapshot = wheel("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", (-10, 0, 5), (CLOSED["31.12"],))
    days = {
        day: [(i.occurrence.year, i.reminder.offset) for i in plan(snapshot, LEADER, day)]
        for day in (date(2014, 12, 23), date(2015, 1, 2), date(2015, 1, 7))
    }
    assert days == {date(2014, 12, 23): [(2014, -10)], date(2015, 1, 2): [(2014, 0)], date(2015, 1, 7): [(2014, 5)]}


def test_a_draft_due_in_january_from_last_years_rule_is_written():
    snapshot = wheel("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", (-3, 2), (CLOSED["31.12"],), DocumentKind.SEMINAR_BASIS)
    due = documents_due(snapshot, date(2015, 1, 2), written=set())
    assert [(d.kind, d.year, d.due) for d in due] == [(DocumentKind.SEMINAR_BASIS, 2014, date(2015, 1, 2))]


rules = st.one_of(
    st.builds(
        lambda m, d: f"FREQ=YEARLY;BYMONTH={m};BYMONTHDAY={d}",
        st.sampled_from([12, 12, 12, 1, 1, 11, 2, 6]),
        st.integers(1, 28) | st.sampled_from([29, 30, 31, 31]),
    ),
    st.builds(
        lambda m, pos: f"FREQ=YEARLY;BYMONTH={m};BYDAY=MO,TU,WE,TH,FR;BYSETPOS={pos}",
        st.sampled_from([12, 1, 6]),
        st.sampled_from([1, -1, 2]),
    ),
    st.just("FREQ=MONTHLY;BYMONTHDAY=-1"),
).filter(
    lambda r: (
        not r.endswith("BYMONTH=2;BYMONTHDAY=30")
        and not r.endswith("BYMONTH=2;BYMONTHDAY=31")
        and not r.endswith("BYMONTH=6;BYMONTHDAY=31")
        and not r.endswith("BYMONTH=11;BYMONTHDAY=31")
    )
)
ladders = st.lists(st.integers(-40, 40), min_size=1, max_size=5, unique=True).map(lambda xs: tuple(sorted(xs)))
closed_days = st.lists(st.sampled_from(sorted(CLOSED)), max_size=3, unique=True).map(
    lambda names: tuple(CLOSED[n] for n in names)
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=rules, offsets=ladders, closed=closed_days, year=st.integers(2001, 2039))
@example(rule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", offsets=(-10, 0, 5), closed=(CLOSED["31.12"],), year=2014)
@example(rule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20", offsets=(-5, 0, 14, 30), closed=(CLOSED["romjul"],), year=2020)
def test_a_day_by_day_run_sends_every_step_of_every_occurrence_exactly_once(rule, offsets, closed, year):
    snapshot = wheel(rule, offsets, closed)
    first, last = date(year - 1, 11, 1), date(year, 2, 28)
    keys, planned = sent_day_by_day(snapshot, first, last)
    expected = expected_steps(snapshot, first, last)
    assert expected <= keys, f"never sent: {sorted(expected - keys)}"
    # nothing but real steps, each first planned on its own day (later plannings are catch-ups the outbox drops)
    calendar = WorkCalendar.of(snapshot)
    first_planned: dict[tuple, date] = {}
    for day, key in planned:
        first_planned.setdefault(key, day)
    for (occ_year, number, step), day in first_planned.items():
        occurrence = occurrences(snapshot.wheel_events[0], occ_year, calendar)[number - 1]
        (reminder,) = [r for r in reminder_dates(occurrence, calendar) if r.step == step]
        if reminder.on >= first:  # (a step before the window is caught up on its first working day)
            assert day == reminder.on, (occ_year, number, step, day, reminder.on)


def test_closed_days_are_checked_over_the_status_period_only():
    """A stretch without working days inside the status period is refused; one outside it closes nothing the
    wheel uses (the check walks the programme's years once, not forty)."""
    weekdays_until_2009 = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20091231T000000"
    assert closed_stretch_problem((weekdays_until_2009,), 2010, 2015) is None
    problem = closed_stretch_problem((weekdays_until_2009,), 2008, 2012)
    assert problem == (
        "fridagene gir mer enn 60 dager på rad uten arbeidsdag (fra 2008-01-01); da finnes det "
        "ingen dag å legge fristene på"
    )
    first_quarter = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYMONTH=1,2,3"  # 90 days every year
    assert "fra 2015-01-01" in closed_stretch_problem((first_quarter,), 2015, 2015)
    assert closed_stretch_problem((CLOSED["juli"],), 2015, 2015) is None


def test_closed_days_that_leave_no_working_day_are_refused_and_never_hang():
    every_weekday = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert "uten arbeidsdag" in closed_stretch_problem((every_weekday,), 2013, 2018)
    assert (
        closed_stretch_problem((CLOSED["juli"], CLOSED["24.12"], CLOSED["31.12"], CLOSED["romjul"]), 2000, 2040) is None
    )
    calendar = WorkCalendar((every_weekday,))
    with pytest.raises(NoWorkingDay, match="ingen arbeidsdag innen 366 dager etter 2014-01-01"):
        calendar.on_or_after(date(2014, 1, 1))
    with pytest.raises(NoWorkingDay, match="før 2014-01-01"):
        calendar.on_or_before(date(2014, 1, 1))
