"""The decisions register (`omstilling.core.decisions`, issue 25 part 5): every adopted decision of the demo with its
meeting, project and follow-up, the follow-up's state in the agenda's words on the day, searched and filtered."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from omstilling.core.agenda import agenda
from omstilling.core.decisions import FollowUpFilter, register, search, years
from omstilling.core.enums import AgendaState, DeadlineStatus, MeetingStatus
from omstilling.core.snapshot import DeadlineData, ProgrammeSnapshot

WHAT = "Vedtatt handlingsplan sendes kommunen og Oppland fylkeskommune"


def numbers(snapshot: ProgrammeSnapshot, day: date) -> list[str]:
    return [d.number for d in register(snapshot, day)]


def case_03_14(snapshot: ProgrammeSnapshot, day: date):
    return next(d for d in register(snapshot, day) if d.number == "03/14")


def with_meeting(snapshot: ProgrammeSnapshot, day: date, **changes) -> ProgrammeSnapshot:
    return replace(snapshot, meetings=tuple(replace(m, **changes) if m.date == day else m for m in snapshot.meetings))


def marked_done(snapshot: ProgrammeSnapshot, at: datetime) -> ProgrammeSnapshot:
    case = next(c for m in snapshot.meetings for c in m.cases if c.number == "03/14")
    mark = DeadlineData("vedtaksoppfolging", 2014, case.id, date(2014, 2, 14), DeadlineStatus.DONE, "Bjørn", at)
    return replace(snapshot, deadlines=(*snapshot.deadlines, mark))


def test_case_03_14_is_adopted_with_its_meeting_and_its_follow_up(demo_snapshot):
    found = case_03_14(demo_snapshot, date(2014, 2, 1))
    assert (found.title, found.meeting, found.held) == ("Handlingsplan 2014 – endelig vedtak", date(2014, 1, 27), True)
    assert found.decision == "Handlingsplan 2014 vedtas med rammebudsjett på 4 000 000 kroner."
    assert found.follow_up is not None
    assert (found.follow_up.what, found.follow_up.role, found.follow_up.due) == (
        WHAT,
        "programleder",
        date(2014, 2, 14),
    )
    grant = next(d for d in register(demo_snapshot, date(2014, 2, 1)) if d.number == "02/14")
    assert (grant.project, grant.follow_up) == ("2014-10", None)


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (date(2014, 2, 12), AgendaState.COMING),
        (date(2014, 2, 13), AgendaState.COMING),
        (date(2014, 2, 14), AgendaState.TODAY),
        (date(2014, 2, 17), AgendaState.OVERDUE),
        (date(2014, 2, 18), AgendaState.OVERDUE),
    ],
)
def test_the_follow_up_of_03_14_is_coming_then_due_then_overdue_as_the_agenda_says(demo_snapshot, day, state):
    found = case_03_14(demo_snapshot, day)
    assert found.state is state
    item = agenda(demo_snapshot, 2014, day, with_missing=False).find("vedtaksoppfolging", 2014, found.follow_up.number)
    assert item is not None and item.state is found.state  # one home for states: the agenda's


def test_a_follow_up_marked_done_is_done_from_the_day_it_was_marked_not_before(demo_snapshot):
    snapshot = marked_done(demo_snapshot, datetime(2014, 2, 20, 9, 0, tzinfo=UTC))
    assert case_03_14(snapshot, date(2014, 2, 19)).state is AgendaState.OVERDUE
    assert case_03_14(snapshot, date(2014, 2, 20)).state is AgendaState.DONE
    assert case_03_14(snapshot, date(2014, 3, 1)).state is AgendaState.DONE


def test_the_cases_of_a_meeting_still_to_come_are_not_in_the_register(demo_snapshot):
    assert "05/14" not in numbers(demo_snapshot, date(2014, 3, 16))
    assert "05/14" in numbers(demo_snapshot, date(2014, 3, 17))  # held that day (marked held)
    unmarked = with_meeting(demo_snapshot, date(2014, 3, 17), status=MeetingStatus.PLANNED)
    assert "05/14" not in numbers(unmarked, date(2014, 3, 17))  # not marked held on its own day: not yet
    after = next(d for d in register(unmarked, date(2014, 3, 18)) if d.number == "05/14")
    assert (after.held, after.meeting_state) == (False, AgendaState.PLANNED)  # passed, not marked held


def test_the_cases_of_a_cancelled_meeting_are_not_in_the_register(demo_snapshot):
    cancelled = with_meeting(demo_snapshot, date(2014, 5, 19), status=MeetingStatus.CANCELLED)
    assert {"10/14", "11/14", "12/14", "13/14"} <= set(numbers(demo_snapshot, date(2014, 12, 31)))
    assert not {"10/14", "11/14", "12/14", "13/14"} & set(numbers(cancelled, date(2014, 12, 31)))


def test_a_case_without_a_decision_text_is_not_in_the_register(demo_snapshot):
    # the meeting of 26 January 2015 is past on 1 February but its cases have no decision recorded
    assert not [n for n in numbers(demo_snapshot, date(2015, 2, 1)) if n.endswith("/15")]


def test_the_register_is_newest_meeting_first_and_by_case_number_within_a_meeting(demo_snapshot):
    found = numbers(demo_snapshot, date(2014, 12, 31))
    assert found[:2] == ["27/14", "28/14"] and found[-3:] == ["01/14", "02/14", "03/14"]
    assert len(found) == 28 and years(register(demo_snapshot, date(2014, 12, 31))) == [2014]


def test_search_finds_by_number_title_decision_and_project_in_any_case_and_word_order(demo_snapshot):
    everything = register(demo_snapshot, date(2014, 12, 31))
    assert [d.number for d in search(everything, "03/14")] == ["03/14"]
    assert [d.number for d in search(everything, "RAMMEBUDSJETT handlingsplan")] == ["03/14"]
    assert [d.number for d in search(everything, "2014-10")] == ["02/14"]  # the project's number
    assert {d.number for d in search(everything, "programstatusvurdering")} >= {"23/14", "24/14"}
    assert search(everything, "finnes ikke noe sted") == []
    assert search(everything, "  ") == everything


def test_filters_by_year_and_by_follow_up(demo_snapshot):
    snapshot = marked_done(demo_snapshot, datetime(2014, 2, 20, 9, 0, tzinfo=UTC))
    everything = register(snapshot, date(2014, 9, 14))
    assert search(everything, year=2015) == []
    assert [d.number for d in search(everything, year=2014, follow_up=FollowUpFilter.OPEN)] == ["16/14"]
    assert [d.number for d in search(everything, follow_up=FollowUpFilter.OVERDUE)] == ["16/14"]
    assert [d.number for d in search(everything, follow_up=FollowUpFilter.CLOSED)] == ["03/14"]
    coming = register(snapshot, date(2014, 9, 1))
    assert [d.number for d in search(coming, follow_up=FollowUpFilter.OPEN)] == ["16/14"]
    assert search(coming, follow_up=FollowUpFilter.OVERDUE) == []
    assert FollowUpFilter.named("forfalt") is FollowUpFilter.OVERDUE and FollowUpFilter.named("x") is None
