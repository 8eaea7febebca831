"""Everything the database holds about one person, found by their e-mail address, and erasing what may go.

A person is their `Person` rows (a name, public) with their `RoleAssignment` rows (public role data) and their
private `Contact` (e-mail, phone); the address also appears in county grants, sign-in links, web sessions, the
outbox (as a recipient), deadlines (as who marked them), the leader's texts and minutes versions (as who wrote them),
the answers to a meeting's notice (as who called in a deputy) and the audit trail; by their person rows, they have
their answers to meetings' notices, and their comments on and approvals of the board's minutes. `held` gathers it;
`erase` removes the private part (the answers to notices among it) and puts a pseudonym where the address stood, and
leaves the public record (names and roles, and the comments and approvals that are the minutes' history) alone.
The application layer (`omstilling.app.people`) decides what is said and checked around it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import Select

from omstilling.core.enums import OutboxStatus
from omstilling.store.models import (
    AuditEvent,
    BoardMeeting,
    Contact,
    CountyReader,
    Deadline,
    Invitation,
    LeaderText,
    MeetingAnswer,
    Minutes,
    MinutesApproval,
    MinutesComment,
    OutboxMessage,
    Person,
    Programme,
    RoleAssignment,
    SignInToken,
    WebSession,
    WheelEvent,
)

_Row = TypeVar("_Row", MeetingAnswer, Minutes)


def normalised(email: str) -> str:
    return email.strip().casefold()


@dataclass(frozen=True)
class Answer:
    """A person's answer to a meeting's notice, with the meeting's programme and day, and the name of the deputy
    called in for them (if one was)."""

    row: MeetingAnswer
    programme: str
    meeting: date
    deputy: str | None


@dataclass
class Held:
    """The rows about one address, each with the programme it belongs to where it has one."""

    email: str
    people: list[tuple[Person, Contact]] = field(default_factory=list)
    roles: list[tuple[RoleAssignment, str]] = field(default_factory=list)
    county_grants: list[CountyReader] = field(default_factory=list)
    sign_in_links: list[SignInToken] = field(default_factory=list)
    sessions: list[WebSession] = field(default_factory=list)
    messages: list[tuple[OutboxMessage, str | None]] = field(default_factory=list)
    deadlines: list[tuple[Deadline, str, str]] = field(default_factory=list)
    texts: list[tuple[LeaderText, str]] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    deputies_called_in: list[tuple[MeetingAnswer, str, date]] = field(default_factory=list)
    minutes_written: list[tuple[Minutes, str, date]] = field(default_factory=list)
    comments: list[tuple[MinutesComment, str, date, int]] = field(default_factory=list)
    approvals: list[tuple[MinutesApproval, str, date, int]] = field(default_factory=list)
    events: list[AuditEvent] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return any(
            (
                self.people,
                self.county_grants,
                self.sign_in_links,
                self.sessions,
                self.messages,
                self.deadlines,
                self.texts,
                self.answers,
                self.deputies_called_in,
                self.minutes_written,
                self.comments,
                self.approvals,
                self.events,
            )
        )


def _same(column: Any, address: str) -> sa.ColumnElement[bool]:
    return func.lower(func.trim(column)) == address


def held(session: Session, email: str) -> Held:
    """Every row about `email` (compared without case and blanks)."""
    from omstilling.store import audit

    address = normalised(email)
    found = Held(address)
    found.people = list(
        session.exec(
            select(Person, Contact)
            .join(Contact, col(Contact.person_id) == col(Person.id))
            .where(_same(Contact.email, address))
            .order_by(col(Person.id))
        ).all()
    )
    person_ids = [p.id for p, _ in found.people]
    found.roles = list(
        session.exec(
            select(RoleAssignment, Programme.slug)
            .join(Programme, col(Programme.id) == col(RoleAssignment.programme_id))
            .where(col(RoleAssignment.person_id).in_(person_ids))
            .order_by(col(Programme.slug), col(RoleAssignment.term_start), col(RoleAssignment.id))
        ).all()
    )
    found.county_grants = list(
        session.exec(select(CountyReader).where(_same(CountyReader.email, address)).order_by(col(CountyReader.county)))
    )
    found.sign_in_links = list(
        session.exec(
            select(SignInToken)
            .where(_same(SignInToken.email, address))
            .order_by(col(SignInToken.created_at), col(SignInToken.id))
        )
    )
    found.sessions = list(
        session.exec(
            select(WebSession)
            .where(_same(WebSession.email, address))
            .order_by(col(WebSession.created_at), col(WebSession.id))
        )
    )
    found.messages = list(
        session.exec(
            select(OutboxMessage, Programme.slug)
            .outerjoin(Deadline, col(Deadline.id) == col(OutboxMessage.deadline_id))
            .outerjoin(Invitation, col(Invitation.id) == col(OutboxMessage.invitation_id))
            .outerjoin(
                Programme, col(Programme.id) == func.coalesce(col(Deadline.programme_id), col(Invitation.programme_id))
            )
            .where(_same(OutboxMessage.recipient, address))
            .order_by(col(OutboxMessage.created_at), col(OutboxMessage.id))
        ).all()
    )
    names = {(slug, p.name) for p, _ in found.people for r, slug in found.roles if r.person_id == p.id}
    marked_by_name = [sa.and_(col(Programme.slug) == slug, col(Deadline.closed_by) == name) for slug, name in names]
    found.deadlines = list(
        session.exec(
            select(Deadline, Programme.slug, WheelEvent.key)
            .join(Programme, col(Programme.id) == col(Deadline.programme_id))
            .join(WheelEvent, col(WheelEvent.id) == col(Deadline.event_id))
            .where(sa.or_(_same(Deadline.closed_by, address), *marked_by_name))
            .order_by(col(Programme.slug), col(Deadline.due_date), col(Deadline.id))
        ).all()
    )
    texts_by_name = [sa.and_(col(Programme.slug) == slug, col(LeaderText.written_by) == name) for slug, name in names]
    found.texts = list(
        session.exec(
            select(LeaderText, Programme.slug)
            .join(Programme, col(Programme.id) == col(LeaderText.programme_id))
            .where(sa.or_(_same(LeaderText.written_by, address), *texts_by_name))
            .order_by(col(Programme.slug), col(LeaderText.year), col(LeaderText.name), col(LeaderText.id))
        ).all()
    )
    answers = session.exec(
        _by_meeting(MeetingAnswer, MeetingAnswer.meeting_id)
        .where(col(MeetingAnswer.person_id).in_(person_ids))
        .order_by(col(BoardMeeting.date), col(Programme.slug), col(MeetingAnswer.id))
    ).all()
    deputies = _names(session, [row.deputy_id for row, _, _ in answers if row.deputy_id is not None])
    found.answers = [
        Answer(row, slug, day, None if row.deputy_id is None else deputies.get(row.deputy_id))
        for row, slug, day in answers
    ]
    found.deputies_called_in = list(
        session.exec(
            _by_meeting(MeetingAnswer, MeetingAnswer.meeting_id)
            .where(_same(MeetingAnswer.called_in_by, address))
            .order_by(col(BoardMeeting.date), col(Programme.slug), col(MeetingAnswer.id))
        ).all()
    )
    found.minutes_written = list(
        session.exec(
            _by_meeting(Minutes, Minutes.meeting_id)
            .where(_same(Minutes.written_by, address))
            .order_by(col(BoardMeeting.date), col(Programme.slug), col(Minutes.version))
        ).all()
    )
    found.comments = list(
        session.exec(
            select(MinutesComment, Programme.slug, col(BoardMeeting.date), col(Minutes.version))
            .join(Minutes, col(Minutes.id) == col(MinutesComment.minutes_id))
            .join(BoardMeeting, col(BoardMeeting.id) == col(Minutes.meeting_id))
            .join(Programme, col(Programme.id) == col(BoardMeeting.programme_id))
            .where(col(MinutesComment.person_id).in_(person_ids))
            .order_by(col(BoardMeeting.date), col(Programme.slug), col(Minutes.version), col(MinutesComment.id))
        ).all()
    )
    found.approvals = list(
        session.exec(
            select(MinutesApproval, Programme.slug, col(BoardMeeting.date), col(Minutes.version))
            .join(Minutes, col(Minutes.id) == col(MinutesApproval.minutes_id))
            .join(BoardMeeting, col(BoardMeeting.id) == col(Minutes.meeting_id))
            .join(Programme, col(Programme.id) == col(BoardMeeting.programme_id))
            .where(col(MinutesApproval.person_id).in_(person_ids))
            .order_by(col(BoardMeeting.date), col(Programme.slug), col(Minutes.version), col(MinutesApproval.id))
        ).all()
    )
    found.events = audit.mentioning(session, address)
    return found


def _by_meeting(model: type[_Row], meeting_id: int) -> Select[_Row, str, date]:
    """Rows of `model` with their meeting's programme (slug) and day."""
    return (
        select(model, Programme.slug, col(BoardMeeting.date))
        .join(BoardMeeting, col(BoardMeeting.id) == col(meeting_id))
        .join(Programme, col(Programme.id) == col(BoardMeeting.programme_id))
    )


def _names(session: Session, person_ids: list[int]) -> dict[int, str]:
    return {
        pid: name
        for pid, name in session.exec(select(Person.id, Person.name).where(col(Person.id).in_(person_ids))).all()
        if pid is not None
    }


def _replace(value: Any, address: str, pseudonym: str) -> Any:
    """`value` (text, or JSON made of lists and objects) with every `address` in it, of any case, the pseudonym."""
    if isinstance(value, str):
        return re.sub(re.escape(address), pseudonym, value, flags=re.IGNORECASE)
    if isinstance(value, list):
        return [_replace(v, address, pseudonym) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, address, pseudonym) for k, v in value.items()}
    return value


def erase(session: Session, email: str, pseudonym: str) -> dict[str, int]:
    """Erase what is private about `email`: its contact rows, county grants, sign-in links and web sessions go, and
    so do the answers to meetings' notices of the people it is the address of; the outbox rows addressed to it keep
    their subject, role, status and dates for the programme's message history, but get the pseudonym as recipient,
    lose their texts, and are cancelled if still waiting; the deadlines it marked, the leader's texts and the minutes
    versions it wrote, the deputies it called in and the audit events about it get the pseudonym where the address
    stood. Names and roles stay, and so do comments on and approvals of minutes (the minutes' history). Returns the
    count per kind of row."""
    address = normalised(email)
    run = session.connection().execute
    person_ids = list(
        session.exec(select(Contact.person_id).where(_same(Contact.email, address)).order_by(col(Contact.person_id)))
    )
    answers = run(sa.delete(MeetingAnswer).where(col(MeetingAnswer.person_id).in_(person_ids))).rowcount
    counts = {
        "mote_svar": answers,
        "kontaktdata": run(sa.delete(Contact).where(_same(Contact.email, address))).rowcount,
        "fylkestilganger": run(sa.delete(CountyReader).where(_same(CountyReader.email, address))).rowcount,
        "innloggingslenker": run(sa.delete(SignInToken).where(_same(SignInToken.email, address))).rowcount,
        "okter": run(sa.delete(WebSession).where(_same(WebSession.email, address))).rowcount,
        "meldinger_stanset": run(
            sa.update(OutboxMessage)
            .where(_same(OutboxMessage.recipient, address), col(OutboxMessage.status) == OutboxStatus.PENDING)
            .values(status=OutboxStatus.CANCELLED, claim_token=None, claimed_until=None)
        ).rowcount,
    }
    messages = run(
        sa.select(col(OutboxMessage.id), col(OutboxMessage.last_error)).where(_same(OutboxMessage.recipient, address))
    ).all()
    for row_id, error in messages:
        run(
            sa.update(OutboxMessage)
            .where(col(OutboxMessage.id) == row_id)
            .values(recipient=pseudonym, body="", html=None, ics=None, last_error=_replace(error, address, pseudonym))
        )
    counts["meldinger"] = len(messages)
    counts["frister"] = run(
        sa.update(Deadline).where(_same(Deadline.closed_by, address)).values(closed_by=pseudonym)
    ).rowcount
    run(sa.update(CountyReader).where(_same(CountyReader.granted_by, address)).values(granted_by=pseudonym))
    counts["tekster"] = run(
        sa.update(LeaderText).where(_same(LeaderText.written_by, address)).values(written_by=pseudonym)
    ).rowcount
    counts["protokoller"] = run(
        sa.update(Minutes).where(_same(Minutes.written_by, address)).values(written_by=pseudonym)
    ).rowcount
    counts["innkalte_vara"] = run(
        sa.update(MeetingAnswer).where(_same(MeetingAnswer.called_in_by, address)).values(called_in_by=pseudonym)
    ).rowcount

    from omstilling.store import audit

    events = audit.mentioning(session, address)
    for event in events:
        run(
            sa.update(AuditEvent)
            .where(col(AuditEvent.id) == event.id)
            .values(
                actor=_replace(event.actor, address, pseudonym),
                target=_replace(event.target, address, pseudonym),
                detail=_replace(event.detail, address, pseudonym),
            )
        )
    counts["hendelser"] = len(events)
    session.expire_all()
    return counts
