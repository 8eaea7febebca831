"""A morning's drafts as few runs (issue 26, item 1), the pure part: the documents due at the same time grouped into
morning runs, a programme's together, the programmes shared out over the lanes; each document keeps its own key.
No Prefect, no database: the seed wheel's plan (tests/unit/core/test_run_plan.py's programme) and copies of it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from omstilling.core.enums import DocumentKind
from omstilling.core.runplan import (
    DRAFT_TIME,
    MorningDocument,
    PlannedRun,
    document_formats,
    morning_key,
    morning_runs,
    run_plan,
)
from tests.support.wheel import MEETINGS, programme

DAY = date(2014, 8, 1)


def plan() -> list[PlannedRun]:
    return run_plan(programme(*MEETINGS), DAY, set())


def copy(run: PlannedRun, slug: str) -> PlannedRun:
    """The same draft for another programme (its own key, name and parameters)."""
    return MorningDocument.of(run.document.entry() | {"programme": slug}).planned(run.day, run.start, run.reason)


def annual_reports(count: int) -> list[PlannedRun]:
    annual = next(r for r in plan() if r.kind is DocumentKind.ANNUAL_REPORT)
    return [copy(annual, f"p{n:03d}") for n in range(count)]


def test_one_programmes_drafts_due_at_the_same_time_are_one_run_with_each_document_in_it():
    runs = plan()
    mornings = morning_runs(runs)
    # every document once, in a morning at its own time
    assert sorted(d.key for m in mornings for d in m.documents) == sorted(r.key for r in runs)
    assert all(d.key in {r.key for r in runs if r.start == m.start} for m in mornings for d in m.documents)
    assert len(mornings) == len({r.start for r in runs}) < len(runs)
    assert [m.start for m in mornings] == sorted(m.start for m in mornings)
    # the board's report and pack for 15 September, both drafted on 8 September: one run
    (board,) = [m for m in mornings if m.day == date(2014, 9, 8)]
    assert board.name == "Morgen · 2014-09-08 · vestre-toten"
    assert board.start.isoformat() == "2014-09-08T06:00:00+02:00"
    assert board.parameters == {
        "day": "2014-09-08",
        "documents": [
            {"programme": "vestre-toten", "kind": "styrepapirer", "meeting_date": "2014-09-15", "as_of": "2014-09-08"},
            {"programme": "vestre-toten", "kind": "styrerapport", "meeting_date": "2014-09-15", "as_of": "2014-09-08"},
        ],
    }
    assert board.tags == ("årshjul", "morgen", "vestre-toten", "styrepapirer", "styrerapport")
    assert (board.part, board.parts, board.programmes) == (1, 1, ("vestre-toten",))
    (annual,) = [m for m in mornings if m.day == date(2015, 1, 2)]
    assert [d.title for d in annual.documents] == ["Årsrapport · 2014 · vestre-toten"]
    assert annual.parameters["documents"] == [
        {"programme": "vestre-toten", "kind": "arsrapport", "year": 2014, "as_of": "2014-12-31"}
    ]


def test_a_document_reads_back_from_a_runs_parameters_as_it_was_planned():
    for run in plan():
        document = MorningDocument.of(run.document.entry())
        assert document == run.document and document.key == run.key and document.title == run.name
        assert document.planned(run.day, run.start, run.reason) == run


def test_a_busy_morning_is_shared_out_over_the_lanes_a_programme_staying_whole():
    runs = annual_reports(20)
    # one programme has its half-year report due the same morning too
    half = next(r for r in plan() if r.kind is DocumentKind.HALF_YEAR_REPORT)
    runs.append(replace(copy(half, "p007"), day=runs[0].day, start=runs[0].start))
    two = morning_runs(runs)
    assert [(m.part, m.parts, len(m.documents), len(m.programmes)) for m in two] == [(1, 2, 11, 10), (2, 2, 10, 10)]
    assert two[0].name == "Morgen · 2015-01-02 · 10 programmer · 1 av 2"
    assert "p007" in two[0].programmes  # the programme with two documents went first, to the first run
    assert sorted(d.key for m in two for d in m.documents) == sorted(r.key for r in runs)
    four = morning_runs(runs, lanes=4)
    assert [len(m.documents) for m in four] == [6, 5, 5, 5]
    assert all(set(a.programmes).isdisjoint(b.programmes) for a in four for b in four if a is not b)
    # never more runs than programmes that morning
    assert [len(m.documents) for m in morning_runs(annual_reports(3), lanes=8)] == [1, 1, 1]
    assert len(morning_runs(runs, lanes=0)) == 1


def test_a_morning_runs_key_is_its_time_and_documents_so_a_second_plan_names_the_same_runs_and_a_change_another():
    runs = annual_reports(5)
    first = morning_runs(runs)
    assert morning_runs(list(reversed(runs))) == first  # the order the programmes were planned in does not matter
    assert first[0].key.startswith("arshjul/morgen/2015-01-02/")
    assert len({m.key for m in first}) == len(first)
    # one document less (written by hand), or moved to another day: other keys for the runs it was in
    fewer = morning_runs(runs[1:])
    assert {m.key for m in fewer} != {m.key for m in first}
    later = [replace(r, start=r.start + timedelta(days=1), day=r.day + timedelta(days=1)) for r in runs]
    assert {m.key for m in morning_runs(later)}.isdisjoint(m.key for m in first)
    assert morning_key(first[0].start, reversed(first[0].documents)) == first[0].key


def test_programmes_in_other_time_zones_have_mornings_of_their_own():
    oslo, elsewhere = annual_reports(2)
    elsewhere = replace(elsewhere, start=datetime.combine(elsewhere.day, DRAFT_TIME, ZoneInfo("Europe/Helsinki")))
    mornings = morning_runs([oslo, elsewhere])
    assert [(m.start, m.programmes) for m in mornings] == [(elsewhere.start, ("p001",)), (oslo.start, ("p000",))]


def test_a_document_with_formats_of_its_own_keeps_them():
    assert document_formats(DocumentKind.ANNUAL_REPORT, ["md"]) == ["md"]
    assert document_formats(DocumentKind.ANNUAL_REPORT, None) is None
    assert document_formats(DocumentKind.BOARD_PACK, ["md"]) is None
    assert document_formats(DocumentKind.MINUTES, ["md", "docx"]) is None
