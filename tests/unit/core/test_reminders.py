"""The reminder ladder over a whole year of the seed programme (pure: no database, no clock)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from omstilling.core.enums import DeadlineStatus
from omstilling.core.reminders import plan, step_name
from omstilling.core.snapshot import DeadlineData
from omstilling.core.wheel import occurrences
from tests.support.wheel import seed_calendar, seed_events, seed_recipients

YEAR = 2014


def run_year(snapshot, done_on_due_date: bool = False) -> tuple[Counter, list[date]]:
    """Every day of the year, as the daily run would: each (deadline, step, person) counted once (the outbox)."""
    recipients = seed_recipients()
    sent: dict[tuple, str] = {}
    days = []
    day = date(YEAR, 1, 1)
    while day.year == YEAR:
        if done_on_due_date:  # each deadline is marked done at the end of its due date
            done = tuple(
                DeadlineData(o.event.key, o.year, o.number, o.due, DeadlineStatus.DONE)
                for event in snapshot.wheel_events
                for y in (YEAR, YEAR + 1)
                for o in occurrences(event, y, seed_calendar())
                if o.due < day
            )
            snapshot = replace(snapshot, deadlines=done)
        for item in plan(snapshot, recipients, day):
            key = (item.deadline_key, item.reminder.step, item.email)
            if key not in sent:
                sent[key] = item.role
                days.append(day)
        day += timedelta(days=1)
    return Counter(sent.values()), days


def test_a_year_nobody_marks_anything_done_sends_exactly_these_messages(demo_snapshot):
    counts, days = run_year(replace(demo_snapshot, deadlines=()))
    # The seven ordinary board meetings of 2014 each bring the agenda reminder (leader and chair, 14 days
    # before), the notice with the board papers (the board, 7 days) and the day before (the board): 84 of these.
    # The two decisions to follow up (03/14 by the leader, 16/14 by the chair) bring 7: a week before, on the
    # day, and three days after (to the one responsible and the chair).
    assert counts == {
        "programleder": 40,
        "styreleder": 46,
        "kommunekontakt": 9,
        "styremedlem": 48,
        "prosessveileder": 4,
        "varamedlem": 16,
    }
    assert sum(counts.values()) == 163
    assert all(seed_calendar().is_working_day(day) for day in days)


def test_a_year_where_each_deadline_is_done_on_its_due_date_has_no_escalations(demo_snapshot):
    counts, days = run_year(replace(demo_snapshot, deadlines=()), done_on_due_date=True)
    # No escalations after the due date: the chair and the municipality hear far less.
    assert counts == {
        "programleder": 38,
        "styreleder": 35,
        "kommunekontakt": 3,
        "styremedlem": 48,
        "prosessveileder": 4,
        "varamedlem": 16,
    }
    assert all(seed_calendar().is_working_day(day) for day in days)


def test_a_weekend_sends_nothing(demo_snapshot):
    assert plan(demo_snapshot, seed_recipients(), date(2014, 6, 7)) == []


def test_steps_are_named_as_the_recipient_reads_them():
    report = next(e for e in seed_events() if e.key == "arsrapport")
    (occurrence,) = occurrences(report, 2014, seed_calendar())
    names = {rung.offset: step_name(occurrence, type("R", (), {"offset": rung.offset})()) for rung in report.ladder}
    assert names == {
        -28: "første påminnelse",
        -14: "påminnelse",
        -3: "siste påminnelse",
        0: "fristen er i dag",
        1: "fristen er passert",
        7: "fristen er passert",
    }


def test_a_missed_daily_run_catches_up_but_not_weeks_later(demo_snapshot):
    recipients = seed_recipients()
    first = [i for i in plan(demo_snapshot, recipients, date(2014, 1, 6)) if i.occurrence.event.key == "arsrapport"]
    assert [(i.reminder.offset, i.role) for i in first] == [(-28, "programleder")]  # 3 January, caught up on Monday
    assert [
        i for i in plan(demo_snapshot, recipients, date(2014, 1, 16)) if i.occurrence.event.key == "arsrapport"
    ] == []
