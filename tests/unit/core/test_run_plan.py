"""The årshjul as scheduled runs (issue 15), the pure part: which report runs should stand in Prefect, seen from a
day, for twelve months ahead. No Prefect, no database: the seed wheel and a few board meetings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from omstilling.core.enums import DocumentKind
from omstilling.core.runplan import run_plan
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.core.tick import documents_due
from tests.support.wheel import MEETINGS, programme


def table(snapshot: ProgrammeSnapshot, day: date, written=frozenset()) -> list[tuple[str, str, dict]]:
    return [
        (run.start.strftime("%Y-%m-%d %H.%M"), run.name, run.parameters)
        for run in run_plan(snapshot, day, set(written))
    ]


def test_a_live_programme_has_a_run_for_each_coming_draft_on_its_draft_day_before_the_tick():
    plan = run_plan(programme(*MEETINGS), date(2014, 8, 1), set())
    by_key = {run.key: run for run in plan}
    annual = by_key["arshjul/vestre-toten/arsrapport/2014"]
    # the annual report for 2014 is drafted on the first reminder day of its deadline, at 06.00 Oslo time
    assert annual.start.isoformat() == "2015-01-02T06:00:00+01:00"
    assert annual.name == "Årsrapport · 2014 · vestre-toten"
    assert annual.parameters == {
        "programme": "vestre-toten",
        "year": 2014,
        "as_of": "2014-12-31",
        "only_if_missing": True,
    }
    assert annual.tags == ("årshjul", "vestre-toten", "arsrapport")
    pack = by_key["arshjul/vestre-toten/styrerapport/2014-09-15"]
    assert (pack.day, pack.name) == (date(2014, 9, 8), "Rapport til styret · 2014-09-15 · vestre-toten")
    assert pack.parameters == {
        "programme": "vestre-toten",
        "meeting_date": "2014-09-15",
        "as_of": "2014-09-08",
        "only_if_missing": True,
    }
    assert [run.start for run in plan] == sorted(run.start for run in plan)


def test_the_plan_reaches_twelve_months_ahead_and_no_further():
    plan = run_plan(programme(*MEETINGS), date(2014, 2, 1), set())
    assert max(run.day for run in plan) <= date(2015, 2, 1)
    assert {run.kind for run in plan} >= {
        DocumentKind.ANNUAL_REPORT,
        DocumentKind.APPLICATION,
        DocumentKind.HALF_YEAR_REPORT,
        DocumentKind.BOARD_REPORT,
    }
    assert "arshjul/vestre-toten/arsrapport/2014" in {run.key for run in plan}  # drafted 2 January 2015


def test_a_second_plan_of_the_same_day_names_the_same_runs():
    snapshot = programme(*MEETINGS)
    assert run_plan(snapshot, date(2014, 8, 1), set()) == run_plan(snapshot, date(2014, 8, 1), set())
    keys = [run.key for run in run_plan(snapshot, date(2014, 8, 1), set())]
    assert len(keys) == len(set(keys))


def test_a_document_already_written_gets_no_run():
    written = {("arsrapport", 2014, "arsrapport"), ("styrerapport", 2014, "styrerapport-2014-09-15")}
    keys = {run.key for run in run_plan(programme(*MEETINGS), date(2014, 8, 1), written)}
    assert "arshjul/vestre-toten/arsrapport/2014" not in keys
    assert "arshjul/vestre-toten/styrerapport/2014-09-15" not in keys
    assert "arshjul/vestre-toten/styrerapport/2015-01-26" in keys


def test_a_draft_day_behind_the_day_stands_due_that_day_as_the_tick_would_draft_it():
    snapshot = programme(*MEETINGS)
    day = date(2014, 6, 6)  # the application and half-year drafts were due since 23 May and 2 June
    today = [run for run in run_plan(snapshot, day, set()) if run.day == day]
    tick = documents_due(snapshot, day, set())
    assert sorted((r.kind, r.year, r.parameters["as_of"]) for r in today) == sorted(
        (d.kind, d.year, d.as_of.isoformat()) for d in tick
    )


def test_a_moved_board_meeting_moves_its_pack_and_a_cancelled_one_has_none():
    moved = table(programme((2, date(2014, 9, 22)), (3, date(2015, 1, 26)), cancelled=(3,)), date(2014, 8, 1))
    packs = [(start, name) for start, name, _ in moved if name.startswith("Rapport til styret")]
    assert packs == [("2014-09-15 06.00", "Rapport til styret · 2014-09-22 · vestre-toten")]


def test_a_changed_rule_moves_the_run_under_the_same_key():
    snapshot = programme(*MEETINGS)
    events = tuple(
        replace(e, rrule="FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31") if e.key == "arsrapport" else e
        for e in snapshot.wheel_events
    )
    before = {r.key: r for r in run_plan(snapshot, date(2014, 8, 1), set())}
    after = {r.key: r for r in run_plan(replace(snapshot, wheel_events=events), date(2014, 8, 1), set())}
    key = "arshjul/vestre-toten/arsrapport/2014"
    assert after[key].day > before[key].day
    assert set(after) == set(before)


def test_an_ended_programme_has_no_runs_and_an_extension_brings_them_back():
    # (board meetings left in the data after the end get no pack either)
    assert run_plan(programme(*MEETINGS, end=2013), date(2014, 8, 1), set()) == []
    extended = run_plan(programme(*MEETINGS, end=2014), date(2014, 8, 1), set())
    assert {r.key for r in extended if r.kind is DocumentKind.BOARD_REPORT} == {
        "arshjul/vestre-toten/styrerapport/2014-09-15"
    }
