"""Who comes to a board meeting: the meeting page's data (the meeting, the board on its day with their answers and
the quorum), an answer recorded from the page or from a signed link in the notice, and a deputy called in for a
member who cannot come (the deputy gets the notice, once). The rules are `omstilling.core.attendance`'s; every
refusal is one Norwegian sentence and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from omstilling.access.roles import normalise
from omstilling.config import answer_key, get_settings
from omstilling.core import attendance
from omstilling.core.enums import AnsweredVia, Attendance, AuditAction, MeetingKind, QuorumRule
from omstilling.core.language import _
from omstilling.core.reminders import RecipientData
from omstilling.core.snapshot import MeetingData, ProgrammeSnapshot
from omstilling.errors import OmstillingError
from omstilling.messaging import notices
from omstilling.messaging.links import AnswerToken, read_answer_token
from omstilling.messaging.outbox import OUTBOX
from omstilling.messaging.plan import insert_new
from omstilling.store import audit, db
from omstilling.store.load import load_recipients, load_snapshot
from omstilling.store.models import MeetingAnswer, Programme
from omstilling.store.records import current_files


class AnswerRefused(OmstillingError):
    """An answer or a call-in that cannot be recorded (the message says why); nothing was changed."""


@dataclass(frozen=True)
class MeetingBoard:
    """A meeting with the board on its day and their answers."""

    snapshot: ProgrammeSnapshot
    meeting: MeetingData
    board: attendance.Board
    recipients: tuple[RecipientData, ...]

    def person_of(self, email: str) -> int | None:
        """The board seat an address holds on the meeting's day (None: not on the board then)."""
        wanted = normalise(email)
        for person in self.recipients:
            if (
                person.email
                and normalise(person.email) == wanted
                and person.person_id is not None
                and self.board.seat(person.person_id) is not None
            ):
                return person.person_id
        return None

    def chairs(self, email: str) -> bool:
        """Whether the address is the board's chair on the meeting's day."""
        person = self.person_of(email)
        seat = self.board.seat(person) if person is not None else None
        return seat is not None and seat.role == attendance.MEMBERS[0]


def quorum_rule() -> QuorumRule:
    return QuorumRule(get_settings().quorum)


def find_meeting(snapshot: ProgrammeSnapshot, day: date) -> MeetingData | None:
    """The board meeting on `day` (the ordinary one when a seminar is the same day)."""
    found = [m for m in snapshot.meetings if m.date == day]
    found.sort(key=lambda m: m.kind is not MeetingKind.ORDINARY)
    return found[0] if found else None


def _answers(session: Session, meeting_id: int) -> tuple[attendance.AnswerData, ...]:
    rows = session.exec(select(MeetingAnswer).where(MeetingAnswer.meeting_id == meeting_id))
    return tuple(attendance.AnswerData(r.person_id, r.answer, r.via, r.answered_at, r.deputy_id) for r in rows)


def meeting_board(session: Session, programme: Programme, day: date) -> MeetingBoard | None:
    """The meeting on `day` with its board and their answers (None: no meeting that day)."""
    snapshot = load_snapshot(session, programme)
    meeting = find_meeting(snapshot, day)
    if meeting is None:
        return None
    recipients = load_recipients(session, programme)
    board = attendance.board(recipients, meeting.date, _answers(session, meeting.id), quorum_rule())
    return MeetingBoard(snapshot, meeting, board, recipients)


def _found(session: Session, programme: Programme, day: date) -> MeetingBoard:
    found = meeting_board(session, programme, day)
    if found is None:
        raise AnswerRefused(_("Det er ikke noe styremøte %(day)s.") % {"day": day.isoformat()})
    return found


def _programme(session: Session, slug: str) -> Programme:
    programme = session.exec(select(Programme).where(Programme.slug == slug)).first()
    if programme is None:
        raise AnswerRefused(_("Det finnes ikke noe program med kortnavnet «%(slug)s».") % {"slug": slug})
    return programme


def record_answer(
    engine: Engine,
    slug: str,
    day: date,
    *,
    person_id: int | None,
    value: str,
    via: AnsweredVia,
    today: date,
    now: datetime,
) -> Attendance:
    """Record a person's answer to the meeting's notice (the latest counts); refused with a Norwegian sentence.
    Recorded in the audit trail, answered or refused."""
    with audit.audited(
        engine, AuditAction.MEETING_ANSWERED, programme=slug, target=f"styremøte {day.isoformat()}", via=via.value
    ) as noted:
        noted.detail |= {"person": person_id, "svar": value}
        return _record(engine, slug, day, person_id=person_id, value=value, via=via, today=today, now=now)


def _record(
    engine: Engine,
    slug: str,
    day: date,
    *,
    person_id: int | None,
    value: str,
    via: AnsweredVia,
    today: date,
    now: datetime,
) -> Attendance:
    with db.session_scope(engine) as session:
        found = _found(session, _programme(session, slug), day)
        problem = attendance.answer_problem(found.meeting, found.board, person_id, value, today)
        answer = attendance.answer_value(value)
        if problem or answer is None or person_id is None:
            raise AnswerRefused(problem or _("Svaret kunne ikke lagres."))
        row = session.exec(
            select(MeetingAnswer).where(
                MeetingAnswer.meeting_id == found.meeting.id, MeetingAnswer.person_id == person_id
            )
        ).first()
        row = row or MeetingAnswer(meeting_id=found.meeting.id, person_id=person_id, answer=answer, via=via)
        row.answer, row.via, row.answered_at = answer, via, now
        session.add(row)
        return answer


def read_link(token: str, today: date) -> AnswerToken:
    """What an answer link names, when it is good: signed with this installation's key and not past its meeting."""
    key = answer_key(get_settings())
    found = read_answer_token(key, token) if key else None
    if found is None:
        raise AnswerRefused(
            _(
                "Lenken er ikke gyldig: den er endret eller ufullstendig. Bruk lenken i innkallingen slik den er, "
                "eller svar på møtesiden etter å ha logget inn."
            )
        )
    if found.until < today:
        raise AnswerRefused(_("Lenken er utløpt: møtet er holdt, og svarene kan ikke endres etter møtet."))
    return found


def answer_by_link(
    engine: Engine, slug: str, day: date, token: str, value: str | None, *, today: date, now: datetime
) -> Attendance:
    """Record the answer a signed link names (or, from its confirmation page, another of the three answers for the
    same person and meeting). Recorded in the audit trail, a tampered or expired link too."""
    with audit.audited(
        engine,
        AuditAction.MEETING_ANSWERED,
        programme=slug,
        target=f"styremøte {day.isoformat()}",
        via=AnsweredVia.LINK.value,
    ) as noted:
        found = read_link(token, today)
        noted.detail |= {"person": found.person_id, "svar": value or found.answer}
        with db.session_scope(engine) as session:
            meeting = _found(session, _programme(session, slug), day).meeting
        if meeting.id != found.meeting_id:
            raise AnswerRefused(_("Lenken gjelder et annet møte enn dette."))
        return _record(
            engine,
            slug,
            day,
            person_id=found.person_id,
            value=value or found.answer,
            via=AnsweredVia.LINK,
            today=today,
            now=now,
        )


def call_in(
    engine: Engine,
    slug: str,
    day: date,
    *,
    member_id: int,
    deputy_id: int,
    by: str,
    works: bool,
    today: date,
    now: datetime,
) -> str:
    """Call a deputy in for a member who answered «kommer ikke» (by the programme leader, an operator or the
    chair): the member's answer names the deputy, and the deputy gets the notice once (when the meeting has been
    called; before, every deputy gets it on the notice day). Returns the deputy's name. Recorded in the audit
    trail, called in or refused."""
    with (
        audit.audited(
            engine,
            AuditAction.DEPUTY_CALLED_IN,
            programme=slug,
            target=f"styremøte {day.isoformat()}",
            medlem=member_id,
            vara=deputy_id,
        ),
        db.session_scope(engine) as session,
    ):
        programme = _programme(session, slug)
        found = _found(session, programme, day)
        problem = attendance.call_in_problem(
            found.meeting, found.board, member_id, deputy_id, today, may_call=works or found.chairs(by)
        )
        if problem:
            raise AnswerRefused(problem)
        row = session.exec(
            select(MeetingAnswer).where(
                MeetingAnswer.meeting_id == found.meeting.id, MeetingAnswer.person_id == member_id
            )
        ).one()
        if row.deputy_id != deputy_id:
            row.deputy_id, row.called_in_by, row.called_in_at = deputy_id, normalise(by), now
            session.add(row)
        deputy = next(
            (
                p
                for p in found.recipients
                if p.person_id == deputy_id and p.role in attendance.DEPUTIES and p.email and p.holds_on(day)
            ),
            None,
        )
        member = found.board.seat(member_id)
        deputy_seat = found.board.seat(deputy_id)
        if deputy is not None and member is not None:
            message = notices.call_in(
                session,
                found.snapshot,
                found.meeting,
                deputy,
                member.name,
                current_files(session, [found.snapshot.id]),
                today,
                now,
            )
            if message is not None:
                insert_new(session, OUTBOX, [message])
        return deputy_seat.name if deputy_seat is not None else ""
