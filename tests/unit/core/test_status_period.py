"""The status period bounds the wheel (issue 14, part 1): nothing is due, reminded or drafted after it, except the
closing duties; an extension is data (pure: the demo's snapshot, no database, no clock)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from omstilling.core.agenda import agenda
from omstilling.core.enums import WheelPhase
from omstilling.core.reminders import plan
from omstilling.core.tick import documents_due, quota_warnings
from omstilling.core.wheel.view import quota_rows, wheel_json
from tests.support.wheel import seed_recipients


def days_of(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def closing(item) -> bool:
    return item.occurrence.event.phase is WheelPhase.CLOSING


def test_a_programme_whose_status_ended_gets_nothing_planned_in_the_year_after(demo_snapshot):
    snapshot = replace(demo_snapshot, deadlines=())
    assert snapshot.status_end_year == 2015
    recipients = seed_recipients()
    reminders, closing_duties, drafts, warnings = [], {}, [], []
    for day in days_of(2016):
        for item in plan(snapshot, recipients, day):
            if closing(item):
                closing_duties.setdefault((item.occurrence.event.key, item.step_name), day)  # first day (outbox)
            else:
                reminders.append(item)
        drafts += documents_due(snapshot, day, set())
        warnings += quota_warnings(snapshot, day)
    assert reminders == [] and drafts == [] and warnings == []
    # Only the closing duties reach past the end: the archive, due 31 December 2015 (closed), on 4 January.
    assert closing_duties == {
        ("arkiv-overlevering", "fristen er i dag"): date(2016, 1, 4),
        ("arkiv-overlevering", "fristen er passert"): date(2016, 1, 11),
    }
    for year in (2016, 2017):
        data = wheel_json(snapshot, year, date(year, 1, 1))
        assert data["events"] == [] and data["quotas"] == []
        assert data["outside"] == (
            f"{year} er etter statusperioden til Omstillingsprogrammet i Vestre Toten "
            "(2010–2015): årshjulet har ingen frister, påminnelser eller dokumenter det året."
        )
    assert quota_rows(snapshot, 2016, date(2016, 3, 1)) == []


def test_the_last_year_plans_and_applies_for_no_next_year(demo_snapshot):
    keys_2014 = {row.key for row in agenda(demo_snapshot, 2014, date(2014, 1, 1)).items}
    keys_2015 = {row.key for row in agenda(demo_snapshot, 2015, date(2015, 1, 1)).items}
    assert {"handlingsplan-vedtak", "soknad-fylket"} <= keys_2014
    assert not {"handlingsplan-vedtak", "soknad-fylket"} & keys_2015
    # The annual report for 2014 is still due in January 2015; the one for 2015 would fall after the period.
    assert "arsrapport" in keys_2015
    assert wheel_json(demo_snapshot, 2015, date(2015, 1, 1))["outside"] is None


def test_the_closing_duties_fall_in_the_last_year_only(demo_snapshot):
    closing_keys = {"sluttevaluering", "sluttrapport", "arkiv-overlevering"}
    last = {row.key: row.due for row in agenda(demo_snapshot, 2015, date(2015, 1, 1)).items if row.key in closing_keys}
    assert last == {
        "sluttevaluering": date(2015, 11, 30),
        "sluttrapport": date(2015, 12, 15),
        "arkiv-overlevering": date(2016, 1, 4),
    }
    assert not closing_keys & {row.key for row in agenda(demo_snapshot, 2014, date(2014, 1, 1)).items}
    drafts = [due for day in days_of(2015) for due in documents_due(demo_snapshot, day, set())]
    final = next(d for d in drafts if d.kind.value == "sluttrapport")  # the first day it is due (then written)
    assert (final.year, final.draft_day, final.due) == (2015, date(2015, 11, 3), date(2015, 12, 15))
    # When the programme is extended by a year, the closing duties move with its end.
    extended = replace(demo_snapshot, status_end_year=2016)
    assert not closing_keys & {row.key for row in agenda(extended, 2015, date(2015, 1, 1)).items}
    assert closing_keys <= {row.key for row in agenda(extended, 2016, date(2016, 1, 1)).items}


def test_an_extended_programme_continues_without_a_code_change(demo_snapshot):
    extended = replace(demo_snapshot, status_end_year=2016, deadlines=())
    rows = {row.key: row.due for row in agenda(extended, 2016, date(2016, 1, 1)).items}
    assert rows["arsrapport"] == date(2016, 1, 29)
    assert rows["halvarsrapport"] == date(2016, 6, 30)
    assert "handlingsplan-vedtak" in {row.key for row in agenda(extended, 2015, date(2015, 1, 1)).items}
    recipients = seed_recipients()
    planned = [item for day in days_of(2016) for item in plan(extended, recipients, day)]
    assert any(item.occurrence.event.key == "arsrapport" and item.occurrence.year == 2016 for item in planned)
    drafts = [due for day in days_of(2016) for due in documents_due(extended, day, set())]
    assert ("arsrapport", 2015) in {(d.kind.value, d.year) for d in drafts}
    assert wheel_json(extended, 2016, date(2016, 1, 1))["outside"] is None
