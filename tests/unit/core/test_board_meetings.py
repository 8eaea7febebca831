"""Board meetings in the data are on the wheel (issue 11, case 12): a `styremote` event gives each ordinary
meeting its ladder; a moved meeting takes its reminders along, a cancelled one has none."""

from __future__ import annotations

from datetime import date, time

from omstilling.core.enums import DocumentKind, EventKind
from omstilling.core.reminders import RecipientData, plan
from omstilling.core.snapshot import LadderStep, ProgrammeSnapshot, WheelEventData
from omstilling.core.wheel import WorkCalendar, occurrences

BOARD = tuple(
    RecipientData(name, role, f"{role}{n}@example.org", date(2010, 1, 1), None)
    for n, (name, role) in enumerate(
        [("Leif Waarum", "styreleder"), ("Kari Nordmann", "styremedlem"), ("Bjørn Iversen", "programleder")]
    )
)


def snapshot(*meetings: tuple[int, date, time | None]) -> ProgrammeSnapshot:
    event = WheelEventData(
        1,
        "styremote",
        "Styremøte",
        EventKind.BOARD_MEETING,
        "",
        ("styreleder", "programleder"),
        DocumentKind.BOARD_REPORT,
        ladder=(
            LadderStep(-14, ("programleder", "styreleder")),
            LadderStep(-7, ("styret",)),
            LadderStep(-1, ("styret",)),
        ),
        meetings=meetings,
    )
    return ProgrammeSnapshot(
        1,
        "test",
        "Omstillingsprogrammet i Testvik",
        "Testvik kommune",
        "Testfylke",
        "TF",
        2010,
        2016,
        "Europe/Oslo",
        wheel_events=(event,),
    )


def sent(snap: ProgrammeSnapshot, day: date) -> list[tuple[str, int]]:
    return sorted((item.role, item.reminder.offset) for item in plan(snap, BOARD, day) if item.email)


def test_each_meeting_is_an_occurrence_numbered_by_its_id_at_its_own_time():
    snap = snapshot((7, date(2014, 9, 15), time(13, 0)), (3, date(2014, 3, 17), None))
    found = occurrences(snap.wheel_events[0], 2014, WorkCalendar(()))
    assert [(o.number, o.due, o.start.strftime("%H.%M") if o.start else None) for o in found] == [
        (3, date(2014, 3, 17), None),
        (7, date(2014, 9, 15), "13.00"),
    ]


def test_the_board_gets_the_notice_a_week_before_and_a_reminder_the_day_before():
    snap = snapshot((7, date(2014, 9, 15), time(13, 0)))
    assert sent(snap, date(2014, 9, 1)) == [("programleder", -14), ("styreleder", -14)]
    assert sent(snap, date(2014, 9, 8)) == [("styreleder", -7), ("styremedlem", -7)]
    assert sent(snap, date(2014, 9, 12)) == [("styreleder", -1), ("styremedlem", -1)]  # Friday before Monday


def test_a_moved_meeting_takes_its_reminders_and_a_cancelled_one_has_none():
    moved = snapshot((7, date(2014, 9, 22), time(13, 0)))
    assert sent(moved, date(2014, 9, 8)) == [("programleder", -14), ("styreleder", -14)]  # the agenda, not the notice
    assert sent(moved, date(2014, 9, 15)) == [("styreleder", -7), ("styremedlem", -7)]
    assert sent(snapshot(), date(2014, 9, 8)) == []  # (the loader leaves cancelled meetings out)
