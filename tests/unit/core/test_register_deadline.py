"""The register deadline on the wheel (issue 29, item 4): a `registerrapport` event's occurrences are the awards the
reporting rule says Registeret for offentlig støtte must be told of, each numbered by the award's id and due on
the rule's deadline after its grant date (six months, or working days by the Norwegian calendar)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from omstilling.core.agenda import agenda
from omstilling.core.enums import AgendaKind, EventKind
from omstilling.core.snapshot import LadderStep, WheelEventData
from omstilling.core.stateaid import ReportingRule
from omstilling.core.wheel import WorkCalendar
from omstilling.core.wheel.rules import occurrences, reminder_dates

SIX_MONTHS = ReportingRule()  # today's rule: from 100 000 euro, within six months
PROPOSED = ReportingRule(Decimal(0), None, 20)  # the proposal: every award, within 20 working days
CALENDAR = WorkCalendar()


def event(*awards: tuple[int, date, str], rule: ReportingRule = SIX_MONTHS) -> WheelEventData:
    return WheelEventData(
        id=7,
        key="registerrapport",
        title="Rapportering til Registeret for offentlig støtte",
        kind=EventKind.AID_REPORT,
        rrule="",
        responsible_roles=("programleder",),
        document=None,
        ladder=(
            LadderStep(-14, ("programleder",)),
            LadderStep(0, ("programleder",)),
            LadderStep(7, ("programleder", "styreleder")),
        ),
        aid_awards=tuple(
            (i, granted, Decimal(eur), f"2014-0{i} Foretak {i} AS ({eur} euro)") for i, granted, eur in awards
        ),
        reporting=rule,
    )


def test_each_award_at_or_over_the_threshold_is_a_deadline_six_months_after_its_grant_date():
    wheel = event(
        (1, date(2014, 3, 17), "150000"),
        (2, date(2014, 3, 17), "99999.99"),  # a cent under the threshold: not reported
        (3, date(2014, 5, 19), "100000.00"),  # exactly the threshold: reported
    )
    found = occurrences(wheel, 2014, CALENDAR)
    assert [(o.number, o.due) for o in found] == [(1, date(2014, 9, 17)), (3, date(2014, 11, 19))]
    assert (
        found[0].event.title == "Rapportering til Registeret for offentlig støtte: 2014-01 Foretak 1 AS (150000 euro)"
    )
    assert found[0].event.responsible_roles == ("programleder",)
    # the leader's ladder: two weeks before, on the day, and the chair told a week after
    assert [(r.on, r.roles) for r in reminder_dates(found[0], CALENDAR)] == [
        (date(2014, 9, 3), ("programleder",)),
        (date(2014, 9, 17), ("programleder",)),
        (date(2014, 9, 24), ("programleder", "styreleder")),
    ]


def test_a_deadline_across_new_year_belongs_to_the_year_it_falls_in():
    wheel = event((4, date(2014, 8, 20), "120000"))
    assert occurrences(wheel, 2014, CALENDAR) == []
    assert [(o.number, o.year, o.due) for o in occurrences(wheel, 2015, CALENDAR)] == [(4, 2015, date(2015, 2, 20))]


def test_a_deadline_on_a_weekend_moves_to_the_next_working_day():
    # granted 7 September 2014: six months on is Saturday 7 March 2015
    (found,) = occurrences(event((5, date(2014, 9, 7), "100000")), 2015, CALENDAR)
    assert (found.nominal, found.due) == (date(2015, 3, 7), date(2015, 3, 9))  # Saturday → Monday


def test_twenty_working_days_skip_easter_by_the_norwegian_calendar():
    # granted Monday 7 April 2014: Maundy Thursday, Good Friday, Easter Monday (17, 18, 21 April) and 1 May are not
    # working days, so the twentieth is Friday 9 May (it would be Monday 5 May on weekdays alone)
    (found,) = occurrences(event((6, date(2014, 4, 7), "5000"), rule=PROPOSED), 2014, CALENDAR)
    assert found.due == date(2014, 5, 9)


def test_twenty_working_days_across_christmas_and_new_year():
    # granted Monday 15 December 2014: 25 and 26 December and 1 January are not working days (24 and 31 December
    # are, by the Norwegian calendar alone), so the twentieth is Thursday 15 January 2015, a year later
    wheel = event((8, date(2014, 12, 15), "5000"), rule=PROPOSED)
    assert occurrences(wheel, 2014, CALENDAR) == []
    assert [o.due for o in occurrences(wheel, 2015, CALENDAR)] == [date(2015, 1, 15)]


def test_a_changed_rule_gives_other_deadlines():
    award = (1, date(2014, 3, 17), "50000")
    assert occurrences(event(award), 2014, CALENDAR) == []  # under today's threshold
    assert [o.due for o in occurrences(event(award, rule=PROPOSED), 2014, CALENDAR)] == [date(2014, 4, 14)]
    assert occurrences(event(award, rule=None), 2014, CALENDAR) == []  # no rule: nothing to report


def test_the_agenda_says_what_it_is(demo_snapshot):
    from dataclasses import replace

    wheel = event((1, date(2014, 3, 17), "150000"))
    snapshot = replace(demo_snapshot, wheel_events=(wheel,), deadlines=())
    (item,) = [i for i in agenda(snapshot, 2014, date(2014, 9, 18)).items if i.kind is AgendaKind.AID_REPORT]
    assert (item.title, item.state.label, item.kind.label, item.address) == (
        "Rapportering til Registeret for offentlig støtte: 2014-01 Foretak 1 AS (150000 euro)",
        "forfalt",
        "rapportering til Registeret for offentlig støtte",
        ("registerrapport", 2014, 1),
    )
    assert item.rule_text == (
        "fristen for hver tildeling av støtte som skal rapporteres til Registeret for offentlig støtte"
    )
