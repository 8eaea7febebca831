"""Who comes to a board meeting and whether the board will have a quorum (`core.attendance`)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from omstilling.core import attendance
from omstilling.core.enums import AnsweredVia, Attendance, MeetingKind, MeetingStatus, QuorumRule
from omstilling.core.reminders import RecipientData
from omstilling.core.snapshot import MeetingData

DAY = date(2014, 6, 16)
START = date(2013, 1, 1)
BOARD = (
    RecipientData("Leder", "styreleder", "l@x", START, None, 1),
    RecipientData("En", "styremedlem", "a@x", START, None, 2),
    RecipientData("To", "styremedlem", "b@x", START, None, 3),
    RecipientData("Tre", "styremedlem", "c@x", START, None, 4),
    RecipientData("Vara", "varamedlem", "v@x", START, None, 5),
    RecipientData("Gammel", "styremedlem", "g@x", START, date(2014, 1, 1), 6),
)
MEETING = MeetingData(1, DAY, MeetingKind.ORDINARY, MeetingStatus.PLANNED, None)


def said(person: int, answer: Attendance, deputy: int | None = None) -> attendance.AnswerData:
    return attendance.AnswerData(person, answer, AnsweredVia.LINK, datetime(2014, 6, 6, tzinfo=UTC), deputy)


def test_more_than_half_of_the_members_on_the_day_must_come():
    board = attendance.board(
        BOARD, DAY, (said(1, Attendance.COMING), said(2, Attendance.COMING)), QuorumRule.MORE_THAN_HALF
    )
    assert (board.quorum.members, board.quorum.coming, board.quorum.needed, board.quorum.reached) == (4, 2, 3, False)
    half = attendance.board(
        BOARD, DAY, (said(1, Attendance.COMING), said(2, Attendance.COMING)), QuorumRule.AT_LEAST_HALF
    )
    assert half.quorum.reached


def test_a_deputy_called_in_counts_for_the_member_when_they_come():
    answers = (
        said(1, Attendance.COMING),
        said(2, Attendance.COMING),
        said(3, Attendance.NOT_COMING, deputy=5),
        said(5, Attendance.COMING),
    )
    board = attendance.board(BOARD, DAY, answers, QuorumRule.MORE_THAN_HALF)
    assert board.quorum.coming == 3 and board.quorum.reached
    assert [s.name for s in board.expected] == ["Leder", "En", "Vara"]


def test_refusals():
    board = attendance.board(BOARD, DAY, (said(3, Attendance.COMING),), QuorumRule.MORE_THAN_HALF)
    assert "er ikke et svar" in attendance.answer_problem(MEETING, board, 2, "kanskje", DAY)
    assert "ikke medlem eller varamedlem" in attendance.answer_problem(MEETING, board, 6, "kommer", DAY)
    assert "etter møtet" in attendance.answer_problem(MEETING, board, 2, "kommer", date(2014, 6, 17))
    assert attendance.answer_problem(MEETING, board, 2, "kommer ikke", DAY) is None
    assert "Bare programlederen" in attendance.call_in_problem(MEETING, board, 3, 5, DAY, may_call=False)
    assert "ikke svart «kommer ikke»" in attendance.call_in_problem(MEETING, board, 3, 5, DAY, may_call=True)
