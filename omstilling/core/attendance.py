"""Who comes to a board meeting (pure): the board on the meeting's day (the chair and the members, who count for a
quorum, and the deputies), their answers to the notice («kommer», «kommer ikke», «usikker»), a deputy called in
for a member who cannot come, and whether the board will have a quorum.

The quorum: of the board's members on the day (the chair and the members; each person once), the rule's share
(`QuorumRule`, the installation's setting; more than half by default) must answer «kommer». A deputy called in
counts for the member they replace when the deputy answers «kommer».

The one home of these rules: the meeting page, the answer by a signed link and the deputy's call-in
(`omstilling.app.attendance`) all ask here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from omstilling.core.enums import AnsweredVia, Attendance, MeetingStatus, QuorumRule, Role
from omstilling.core.formatting import date_long
from omstilling.core.language import _
from omstilling.core.reminders import RecipientData
from omstilling.core.snapshot import MeetingData

MEMBERS = (Role.BOARD_CHAIR.value, Role.BOARD_MEMBER.value)
"""The roles that count for a quorum."""
DEPUTIES = (Role.DEPUTY_MEMBER.value,)


@dataclass(frozen=True)
class Seat:
    """One person on the board on the day, in their highest role there (chair, member, deputy)."""

    person_id: int
    name: str
    role: str

    @property
    def member(self) -> bool:
        return self.role in MEMBERS

    @property
    def role_label(self) -> str:
        return Role(self.role).label


@dataclass(frozen=True)
class AnswerData:
    """A person's answer to a meeting's notice (the latest), and for a member the deputy called in for them."""

    person_id: int
    answer: Attendance
    via: AnsweredVia
    answered_at: datetime
    deputy_id: int | None = None


@dataclass(frozen=True)
class Line:
    """A seat with its answer, and for a member the deputy called in (with the deputy's answer)."""

    seat: Seat
    answer: AnswerData | None
    deputy: Seat | None = None
    deputy_answer: AnswerData | None = None
    called_in_for: Seat | None = None

    @property
    def counts(self) -> bool:
        """Whether this member's seat is filled at the meeting: the member comes, or the deputy called in does."""
        if self.answer is not None and self.answer.answer is Attendance.COMING:
            return True
        return self.deputy_answer is not None and self.deputy_answer.answer is Attendance.COMING


@dataclass(frozen=True)
class Quorum:
    members: int
    coming: int
    needed: int
    rule: QuorumRule

    @property
    def reached(self) -> bool:
        return self.members > 0 and self.coming >= self.needed

    @property
    def sentence(self) -> str:
        """The page's line about it, in Norwegian."""
        if self.members == 0:
            return _("Styret har ingen medlemmer på møtedagen, så det kan ikke bli vedtaksført.")
        figures = {"coming": self.coming, "members": self.members, "needed": self.needed, "rule": self.rule.label}
        if self.reached:
            return (
                _(
                    "Styret blir vedtaksført: %(coming)s av %(members)s medlemmer kommer etter svarene så langt "
                    "(%(rule)s må komme, %(needed)s)."
                )
                % figures
            )
        return (
            _(
                "Styret blir ikke vedtaksført ennå: %(coming)s av %(members)s medlemmer kommer etter svarene så langt; "
                "%(needed)s må komme (%(rule)s)."
            )
            % figures
        )


@dataclass(frozen=True)
class Board:
    """The board on a meeting's day, with the answers."""

    members: tuple[Line, ...]
    deputies: tuple[Line, ...]
    quorum: Quorum

    def seat(self, person_id: int) -> Seat | None:
        return next((line.seat for line in (*self.members, *self.deputies) if line.seat.person_id == person_id), None)

    def line(self, person_id: int) -> Line | None:
        return next((line for line in (*self.members, *self.deputies) if line.seat.person_id == person_id), None)

    @property
    def expected(self) -> tuple[Seat, ...]:
        """Who is expected at the meeting: the members who come, and the deputies called in."""
        found = [line.seat for line in self.members if line.answer and line.answer.answer is Attendance.COMING]
        found += [line.deputy for line in self.members if line.deputy is not None]
        return tuple(found)


def seats(recipients: tuple[RecipientData, ...], day: date) -> tuple[Seat, ...]:
    """The board on `day`, each person once in their highest role (chair, member, deputy), in that order."""
    found: dict[int, Seat] = {}
    for role in (*MEMBERS, *DEPUTIES):
        for person in recipients:
            if person.role == role and person.person_id is not None and person.holds_on(day):
                found.setdefault(person.person_id, Seat(person.person_id, person.name, role))
    return tuple(found.values())


def needed(rule: QuorumRule, members: int) -> int:
    """How many members must come under `rule`."""
    return members // 2 + 1 if rule is QuorumRule.MORE_THAN_HALF else (members + 1) // 2


def board(recipients: tuple[RecipientData, ...], day: date, answers: tuple[AnswerData, ...], rule: QuorumRule) -> Board:
    """The board on the meeting's `day` with their answers, the deputies called in and the quorum."""
    on_board = seats(recipients, day)
    by_person = {a.person_id: a for a in answers}
    deputies = {s.person_id: s for s in on_board if not s.member}
    called_in: dict[int, Seat] = {}
    members = []
    for seat in on_board:
        if not seat.member:
            continue
        answer = by_person.get(seat.person_id)
        deputy = deputies.get(answer.deputy_id) if answer and answer.deputy_id is not None else None
        if deputy is not None:
            called_in[deputy.person_id] = seat
        members.append(
            Line(seat, answer, deputy, by_person.get(deputy.person_id) if deputy is not None else None, None)
        )
    deputy_lines = tuple(
        Line(seat, by_person.get(seat.person_id), called_in_for=called_in.get(seat.person_id))
        for seat in deputies.values()
    )
    quorum = Quorum(len(members), sum(1 for line in members if line.counts), needed(rule, len(members)), rule)
    return Board(tuple(members), deputy_lines, quorum)


def _closed(meeting: MeetingData, today: date) -> str | None:
    if meeting.status is MeetingStatus.CANCELLED:
        return _("Styremøtet %(day)s er avlyst.") % {"day": date_long(meeting.date)}
    if meeting.date < today or (meeting.status is MeetingStatus.HELD and meeting.date <= today):
        return _("Styremøtet %(day)s er holdt; svarene kan ikke endres etter møtet.") % {"day": date_long(meeting.date)}
    return None


def answer_value(value: str) -> Attendance | None:
    """An answer by its value or its words («kommer ikke»); None for anything else."""
    try:
        return Attendance.parse(value)
    except ValueError:
        return None


def answer_problem(meeting: MeetingData, on_board: Board, person_id: int | None, value: str, today: date) -> str | None:
    """Why this answer cannot be recorded (None when it can), in Norwegian."""
    if answer_value(value) is None:
        return _("«%(value)s» er ikke et svar: velg %(coming)s, %(not_coming)s eller %(unsure)s.") % {
            "value": value[:40],
            "coming": Attendance.COMING.label,
            "not_coming": Attendance.NOT_COMING.label,
            "unsure": Attendance.UNSURE.label,
        }
    closed = _closed(meeting, today)
    if closed:
        return closed
    if person_id is None or on_board.seat(person_id) is None:
        return _("Du er ikke medlem eller varamedlem i styret %(day)s, så du kan ikke svare på innkallingen.") % {
            "day": date_long(meeting.date)
        }
    return None


def call_in_problem(
    meeting: MeetingData, on_board: Board, member_id: int, deputy_id: int, today: date, *, may_call: bool
) -> str | None:
    """Why this deputy cannot be called in for this member (None when they can), in Norwegian."""
    if not may_call:
        return _("Bare programlederen og styrelederen kan kalle inn et varamedlem.")
    closed = _closed(meeting, today)
    if closed:
        return closed
    line = on_board.line(member_id)
    if line is None or not line.seat.member:
        return _("Den som skal erstattes, er ikke medlem av styret på møtedagen.")
    if line.answer is None or line.answer.answer is not Attendance.NOT_COMING:
        return _("%(name)s har ikke svart «%(not_coming)s»; vara kalles inn bare for et medlem som ikke kommer.") % {
            "name": line.seat.name,
            "not_coming": Attendance.NOT_COMING.label,
        }
    deputy = on_board.line(deputy_id)
    if deputy is None or deputy.seat.member:
        return _("Den som skal kalles inn, er ikke varamedlem i styret på møtedagen.")
    if line.deputy is not None and line.deputy.person_id != deputy_id:
        return _("%(deputy)s er allerede kalt inn for %(member)s.") % {
            "deputy": line.deputy.name,
            "member": line.seat.name,
        }
    if deputy.called_in_for is not None and deputy.called_in_for.person_id != member_id:
        return _("%(deputy)s er allerede kalt inn for %(member)s.") % {
            "deputy": deputy.seat.name,
            "member": deputy.called_in_for.name,
        }
    return None
