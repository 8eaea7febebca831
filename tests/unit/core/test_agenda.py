"""The agenda: one answer to "what stands where, seen from this day" (`omstilling.core.agenda`), and the pure
surfaces that render it (the status artifact, `wheel --json`, `status --json`) agreeing with it on random wheels,
meetings and days."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omstilling.core.agenda import Agenda, agenda
from omstilling.core.enums import (
    AgendaKind,
    AgendaState,
    DeadlineStatus,
    EventKind,
    MeetingKind,
    MeetingStatus,
)
from omstilling.core.formatting import date_short
from omstilling.core.periods import Period
from omstilling.core.snapshot import (
    CaseData,
    DeadlineData,
    LadderStep,
    MeetingData,
    ProgrammeSnapshot,
    QuotaData,
    WheelEventData,
)
from omstilling.core.status import agenda_status
from omstilling.core.statuspage import status_page
from omstilling.core.wheel.view import wheel_json


def states(seen: Agenda, title: str) -> list[str]:
    return [i.status for i in seen.items if i.title == title]


# --- the demo's cases, as found ------------------------------------------------------------------------------


def test_seen_from_20_january_2014_the_meetings_of_2014_are_planned_not_held(demo_snapshot):
    seen = agenda(demo_snapshot, 2014, date(2014, 1, 20))
    meetings = [i for i in seen.items if i.kind is AgendaKind.BOARD_MEETING]
    assert meetings and {i.status for i in meetings} == {"planlagt"}
    later = agenda(demo_snapshot, 2014, date(2014, 12, 31))
    assert {i.status for i in later.items if i.kind is AgendaKind.BOARD_MEETING} == {"holdt"}


def test_next_items_hold_the_board_meetings_and_their_notice_days(demo_snapshot):
    upcoming = agenda(demo_snapshot, 2014, date(2014, 1, 20)).upcoming(6)
    titles = [(i.due, i.title, i.status) for i in upcoming]
    # the meeting of 27 January (a Monday) is called a week ahead: its notice day is the day seen from
    assert (date(2014, 1, 20), "Innkalling til styremøte 27.01.2014", "i dag") in titles
    assert (date(2014, 1, 27), "Styremøte", "planlagt") in titles
    june = [(i.due, i.title, i.status) for i in agenda(demo_snapshot, 2014, date(2014, 6, 6)).upcoming(6)]
    # a week before 16 June is Whit Monday (9 June), a public holiday: the last day to call is Friday 6 June
    assert (date(2014, 6, 6), "Innkalling til styremøte 16.06.2014", "i dag") in june
    assert (date(2014, 6, 16), "Styremøte", "planlagt") in june


def test_a_deadline_11_days_ahead_is_coming_and_one_past_is_overdue(demo_snapshot):
    seen = agenda(demo_snapshot, 2014, date(2014, 1, 20))
    annual = next(i for i in seen.items if i.key == "arsrapport")
    assert annual.due == date(2014, 1, 31)
    assert annual.status == "kommende"
    assert [r.on for r in annual.next_reminders] == [
        date(2014, 1, 28),
        date(2014, 1, 31),
        date(2014, 2, 3),
        date(2014, 2, 7),
    ]
    assert agenda(demo_snapshot, 2014, date(2014, 1, 31)).find("arsrapport", 2014, 1).status == "i dag"
    assert agenda(demo_snapshot, 2014, date(2014, 2, 1)).find("arsrapport", 2014, 1).status == "forfalt"


def test_a_mark_counts_from_the_day_it_was_made(demo_snapshot):
    done = DeadlineData(
        "arsrapport", 2014, 1, date(2014, 1, 31), DeadlineStatus.DONE, "Per", datetime(2014, 2, 3, 23, 30, tzinfo=UTC)
    )
    snapshot = replace(demo_snapshot, deadlines=(done,))
    # 23:30 UTC on 3 February is 00:30 on 4 February in Oslo: the day the mark was made there
    assert agenda(snapshot, 2014, date(2014, 2, 3)).find("arsrapport", 2014, 1).status == "forfalt"
    assert agenda(snapshot, 2014, date(2014, 2, 4)).find("arsrapport", 2014, 1).status == "utført"
    skipped = replace(done, status=DeadlineStatus.SKIPPED, closed_at=None)  # no time: counts from its due date
    snapshot = replace(demo_snapshot, deadlines=(skipped,))
    assert agenda(snapshot, 2014, date(2014, 1, 30)).find("arsrapport", 2014, 1).status == "kommende"
    assert agenda(snapshot, 2014, date(2014, 1, 31)).find("arsrapport", 2014, 1).status == "hoppet over"


def test_open_items_say_what_is_missing_and_closed_ones_do_not(demo_snapshot):
    seen = agenda(demo_snapshot, 2014, date(2014, 6, 6))
    half = next(i for i in seen.items if i.key == "halvarsrapport")
    assert half.state is AgendaState.COMING
    assert any("mangler rapporterte arbeidsplasser" in line for line in half.missing)
    assert all(not i.missing for i in seen.items if not (i.state.open or i.state.ahead))
    meeting = next(i for i in seen.items if i.kind is AgendaKind.BOARD_MEETING and i.due == date(2014, 6, 16))
    assert meeting.state is AgendaState.PLANNED and meeting.missing  # what its board report still lacks


def test_cancelled_meetings_are_on_the_agenda_as_cancelled_and_never_overdue(demo_snapshot):
    first = demo_snapshot.meetings[0]
    snapshot = replace(
        demo_snapshot, meetings=(replace(first, status=MeetingStatus.CANCELLED), *demo_snapshot.meetings[1:])
    )
    seen = agenda(snapshot, 2014, date(2014, 3, 1))
    cancelled = [i for i in seen.items if i.meeting_id == first.id]
    assert {i.kind for i in cancelled} == {AgendaKind.BOARD_MEETING, AgendaKind.NOTICE}
    assert {i.status for i in cancelled} == {"avlyst"}
    assert all(i.kind not in (AgendaKind.BOARD_MEETING, AgendaKind.NOTICE) for i in seen.overdue)


def test_a_meeting_not_marked_held_stays_planned_and_unconfirmed(demo_snapshot):
    first = demo_snapshot.meetings[0]
    snapshot = replace(
        demo_snapshot, meetings=(replace(first, status=MeetingStatus.PLANNED), *demo_snapshot.meetings[1:])
    )
    item = next(
        i for i in agenda(snapshot, 2014, date(2014, 3, 1)).items if i.uid.endswith(f"styremote.{first.id}@omstilling")
    )
    assert (item.status, item.unconfirmed) == ("planlagt", True)


# --- random wheels, meetings and days: every pure surface agrees with the agenda --------------------------------

RULES = [
    "FREQ=YEARLY;BYMONTH=1;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30",
    "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31",
    "FREQ=YEARLY;BYMONTH=10;BYDAY=3WE",
    "FREQ=MONTHLY;BYMONTHDAY=15",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
]
LADDERS = [
    (),
    (LadderStep(-7, ("programleder",)),),
    (LadderStep(-14, ("programleder",)), LadderStep(3, ("styreleder",))),
]
days = st.dates(date(2000, 1, 1), date(2040, 12, 31))


@st.composite
def snapshots(draw) -> tuple[ProgrammeSnapshot, date]:
    first = draw(st.integers(2000, 2038))
    last = draw(st.integers(first, min(2040, first + 6)))
    events = []
    for n, rule in enumerate(draw(st.lists(st.sampled_from(RULES), min_size=1, max_size=4, unique=True)), start=1):
        kind = draw(st.sampled_from([EventKind.DEADLINE, EventKind.MEETING]))
        events.append(
            WheelEventData(
                n,
                f"hendelse-{n}",
                f"Hendelse {n}",
                kind,
                rule,
                ("programleder",),
                None,
                ladder=draw(st.sampled_from(LADDERS)),
                start_time=time(9) if kind is EventKind.MEETING else None,
            )
        )
    meetings = []
    for n, day in enumerate(
        sorted(draw(st.lists(st.dates(date(first, 1, 1), date(last, 12, 31)), max_size=8, unique=True))), start=100
    ):
        cases = ()
        if draw(st.booleans()):
            cases = (
                CaseData(
                    f"{n}/x",
                    "Sak",
                    "Vedtak",
                    None,
                    id=n,
                    follow_up="Følg opp",
                    follow_up_role="programleder",
                    follow_up_due=day + timedelta(days=draw(st.integers(1, 60))),
                ),
            )
        meetings.append(
            MeetingData(
                n,
                day,
                draw(st.sampled_from(list(MeetingKind))),
                draw(st.sampled_from(list(MeetingStatus))),
                "Rådhuset",
                cases,
            )
        )
    events.append(
        WheelEventData(
            90,
            "styremote",
            "Styremøte",
            EventKind.BOARD_MEETING,
            "",
            ("styreleder",),
            None,
            ladder=(LadderStep(-7, ("styret",)),),
            meetings=tuple((m.id, m.date, None) for m in meetings),
        )
    )
    follow_ups = tuple((c.id, c.follow_up_due, "programleder", c.follow_up) for m in meetings for c in m.cases)
    events.append(
        WheelEventData(
            91,
            "vedtak",
            "Oppfølging av vedtak",
            EventKind.FOLLOW_UP,
            "",
            ("programleder",),
            None,
            ladder=(LadderStep(0, ("ansvarlig",)),),
            follow_ups=follow_ups,
        )
    )
    quotas = (
        (QuotaData("kvote", "Minst 3", 3, 6, (MeetingKind.ORDINARY,), draw(st.integers(1, 21))),)
        if draw(st.booleans())
        else ()
    )
    seen_from = draw(days)
    snapshot = ProgrammeSnapshot(
        1,
        "tilfeldig",
        "Tilfeldig program",
        "Tilfeldig kommune",
        "Fylket",
        "F",
        first,
        last,
        "Europe/Oslo",
        meetings=tuple(meetings),
        wheel_events=tuple(events),
        quotas=quotas,
    )
    # marks on some of the occurrences, made on random days (some after the day seen from)
    marks = []
    for year in {seen_from.year, first}:
        for item in agenda(snapshot, year, seen_from, with_missing=False).markable:
            if draw(st.integers(0, 3)) == 0:
                made = draw(days)
                status = draw(st.sampled_from([DeadlineStatus.DONE, DeadlineStatus.SKIPPED, DeadlineStatus.OPEN]))
                o = item.occurrence
                marks.append(
                    DeadlineData(
                        o.event.key,
                        o.year,
                        o.number,
                        o.due,
                        status,
                        "Per",
                        datetime.combine(made, time(12), tzinfo=UTC) if status is not DeadlineStatus.OPEN else None,
                    )
                )
    return replace(snapshot, deadlines=tuple(marks)), seen_from


def table_rows(markdown: str, heading: str) -> list[list[str]]:
    """The rows of the table under `## heading` (cells stripped)."""
    part = markdown.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in part.splitlines() if line.startswith("|") and not line.startswith("|:")]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows[1:]]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots())
def test_every_pure_surface_agrees_with_the_agenda(case):
    snapshot, seen_from = case
    year = seen_from.year
    seen = agenda(snapshot, year, seen_from)

    # a state follows from the day alone: the same item has the same state in any year's agenda that holds it
    for other in (year - 1, year + 1):
        for item in agenda(snapshot, other, seen_from, with_missing=False).items:
            twin = next((i for i in seen.items if i.uid == item.uid), None)
            assert twin is None or twin.state is item.state

    # wheel --json: the same items, in the same order, with the same states and what is missing
    events = wheel_json(snapshot, year, seen_from)["events"]
    assert [(e["uid"], e["state"], e["status"], e["missing"]) for e in events] == [
        (i.uid, i.state.value, i.status, list(i.missing)) for i in seen.items
    ]

    # status --json: what comes next and what is overdue
    status = agenda_status(snapshot, Period(year, seen_from))
    assert [(e["uid"], e["status"]) for e in status["upcoming"]] == [(i.uid, i.status) for i in seen.upcoming(6)]
    assert [e["uid"] for e in status["overdue"]] == [i.uid for i in seen.overdue]
    assert all(i.state.ahead and i.due >= seen_from for i in seen.upcoming())

    # the Prefect status artifact: this year's items in its window, with the agenda's words
    page = status_page(snapshot, seen_from)
    coming = [(r[0], r[2]) for r in table_rows(page, "Neste 60 dager")]
    expected = [
        (date_short(i.due), i.status)
        for y in (year - 1, year, year + 1)
        for i in agenda(snapshot, y, seen_from, with_missing=False).items
        if seen_from <= i.due <= seen_from + timedelta(days=60) and i.state.ahead
    ]
    assert coming == expected
    late = [(r[0], r[1], r[2]) for r in table_rows(page, "Forfalt")]
    before = agenda(snapshot, year - 1, seen_from, with_missing=False).overdue
    assert late == [(date_short(i.due), i.title.replace("|", "\\|"), "forfalt") for i in [*before, *seen.overdue]]

    # the states themselves, by the module's rules
    for item in seen.items:
        if item.kind in (AgendaKind.BOARD_MEETING, AgendaKind.NOTICE):
            assert item.state is not AgendaState.OVERDUE
            meeting = next(m for m in snapshot.meetings if m.id == item.meeting_id)
            if meeting.status is MeetingStatus.CANCELLED:
                assert item.state is AgendaState.CANCELLED
            elif item.due > seen_from:
                assert item.state in (AgendaState.PLANNED, AgendaState.COMING)
        else:
            record = item.record
            marked = (
                record is not None and record.status is not DeadlineStatus.OPEN and record.closed_at.date() <= seen_from
            )
            if marked:
                assert item.state in (AgendaState.DONE, AgendaState.SKIPPED)
            elif item.due < seen_from:
                assert item.state is AgendaState.OVERDUE
            elif item.due == seen_from:
                assert item.state is AgendaState.TODAY
            else:
                assert item.state is AgendaState.COMING
