"""The minutes' messages (`omstilling.core.minutes`), as outbox rows keyed on the meeting's invitation: the draft
out for comments, the reminder to those who have not commented (planned by the tick on its day), the minutes out
for approval, and the word that they are approved. Each is keyed on (invitation, kind, version, recipient), so it
goes once per version, whatever runs twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from omstilling.config import base_url_problem, get_settings, links_base
from omstilling.core import language, minutes
from omstilling.core.agenda import BOARD_MEETING_MINUTES, calendar_title, meeting_start
from omstilling.core.enums import MessageKind, MinutesStatus, OutboxStatus
from omstilling.core.language import _
from omstilling.core.reminders import RecipientData
from omstilling.core.snapshot import MeetingData, ProgrammeSnapshot
from omstilling.messaging.links import meeting_url
from omstilling.messaging.notices import uid
from omstilling.messaging.texts import minutes_text, short_name
from omstilling.store import minutes as stored
from omstilling.store.models import Invitation, Minutes

STEPS = {
    MessageKind.MINUTES_COMMENTS: "kommentar",
    MessageKind.MINUTES_REMINDER: "purring",
    MessageKind.MINUTES_APPROVAL: "godkjenning",
    MessageKind.MINUTES_APPROVED: "godkjent",
}


def invitation(session: Session, snapshot: ProgrammeSnapshot, meeting: MeetingData) -> Invitation:
    """The meeting's invitation row (the key its messages hang on); made, for a meeting no calendar was told about
    (entered after its day), as already held: the calendar planning leaves a meeting in the past alone."""
    key = uid(snapshot, meeting.id)
    found = session.exec(
        select(Invitation).where(Invitation.programme_id == snapshot.id, Invitation.uid == key)
    ).first()
    if found is not None:
        return found
    zone = ZoneInfo(snapshot.timezone)
    starts = datetime.combine(meeting.date, meeting_start(meeting), zone)
    row = Invitation(
        programme_id=snapshot.id,
        uid=key,
        meeting_id=meeting.id,
        summary=calendar_title(_("Styremøte"), snapshot.name),
        location=meeting.location,
        starts_at=starts.astimezone(UTC),
        ends_at=(starts + timedelta(minutes=BOARD_MEETING_MINUTES[meeting.kind])).astimezone(UTC),
        sequence=0,
    )
    session.add(row)
    session.flush()
    return row


def rows(
    session: Session,
    snapshot: ProgrammeSnapshot,
    meeting: MeetingData,
    version: minutes.Version,
    kind: MessageKind,
    people: list[RecipientData],
    as_of: date,
    now: datetime,
) -> list[dict[str, Any]]:
    """One message of `kind` about `version` to each of `people` with an address (once per address), in the
    programme's written standard."""
    with language.speaking(snapshot.language):
        return _rows(session, snapshot, meeting, version, kind, people, as_of, now)


def _rows(
    session: Session,
    snapshot: ProgrammeSnapshot,
    meeting: MeetingData,
    version: minutes.Version,
    kind: MessageKind,
    people: list[RecipientData],
    as_of: date,
    now: datetime,
) -> list[dict[str, Any]]:
    settings = get_settings()
    base = None if not settings.base_url or base_url_problem(settings) else links_base(settings)
    found = invitation(session, snapshot, meeting)
    seen: set[str] = set()
    out = []
    items = [
        {"number": i.number, "title": i.title, "decision": i.decision}
        for i in version.content.items
        if i.decision.strip()
    ]
    for person in people:
        address = (person.email or "").strip()
        if not address or address.casefold() in seen:
            continue
        seen.add(address.casefold())
        text = minutes_text(
            STEPS[kind],
            name=person.name or None,
            programme=snapshot.name,
            short=short_name(snapshot.municipality, snapshot.name),
            day=meeting.date,
            version=version.version,
            url=meeting_url(base, snapshot.slug, meeting.date) + "#protokoll" if base else None,
            deadline=version.comment_deadline,
            items=items,
            approvers=[a.name for a in version.approvals],
        )
        out.append(
            {
                "invitation_id": found.id,
                "kind": kind.value,
                "step": version.version,
                "recipient": address,
                "role": person.role,
                "subject": text.subject,
                "body": text.body,
                "html": text.html,
                "document": None,
                "ics": None,
                "status": OutboxStatus.PENDING.value,
                "attempts": 0,
                "planned_for": as_of,
                "created_at": now,
            }
        )
    return out


def attendees(version: minutes.Version, recipients: tuple[RecipientData, ...], day: date) -> list[RecipientData]:
    """The people the version names as present, with their addresses (a person once)."""
    wanted = {p.id for p in version.content.present}
    found: dict[int, RecipientData] = {}
    for person in recipients:
        if person.person_id in wanted and person.email and person.holds_on(day):
            found.setdefault(person.person_id, person)
    for person in recipients:  # someone whose term has ended since the meeting still hears about its minutes
        if person.person_id in wanted and person.email:
            found.setdefault(person.person_id, person)
    return list(found.values())


def reminders(
    session: Session,
    snapshot: ProgrammeSnapshot,
    recipients: tuple[RecipientData, ...],
    as_of: date,
    now: datetime,
) -> list[dict[str, Any]]:
    """The reminders to comment due on `as_of` (`core.minutes.reminder_due`): to each attending member who has not
    commented on a version out for comments."""
    meetings = {m.id: m for m in snapshot.meetings}
    out: list[dict[str, Any]] = []
    due = session.exec(
        select(Minutes).where(col(Minutes.meeting_id).in_(list(meetings)), Minutes.status == MinutesStatus.COMMENTS)
    )
    for row in due:
        version = stored.as_version(session, row)
        if not minutes.reminder_due(version, as_of):
            continue
        meeting = meetings[row.meeting_id]
        silent = {p.id for p in version.not_commented}
        people = [p for p in attendees(version, recipients, meeting.date) if p.person_id in silent]
        out += rows(session, snapshot, meeting, version, MessageKind.MINUTES_REMINDER, people, as_of, now)
    return out
