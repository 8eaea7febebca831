"""The board meeting's notice (innkalling) and its corrections, as outbox rows keyed on the meeting's invitation.

On the notice day (the quota rule's notice days before the meeting, on a working day: `core.agenda.notice_day`;
later, when a run was missed or the meeting was planned at shorter notice, up to the day before it) each board
member, deputy, the chair and the programme leader get one notice: the time and place, the agenda as meeting
practice orders it (`core.meeting_agenda`, the board papers' own), the board pack attached (written once, before,
by the application layer), and a link to the meeting in the web app. No checklist of the leader's. The
`Invitation` row remembers what the notice said; a meeting moved (time or place) or cancelled after it sends a
correction naming the old and the new ("Endret innkalling", "Avlyst"). Every message is an outbox row keyed on
(invitation, kind, step, recipient), so each goes once, whatever runs twice or crashes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from omstilling.config import answer_key, base_url_problem, get_settings, links_base
from omstilling.core import language
from omstilling.core.agenda import notice_day
from omstilling.core.enums import Attendance, DocumentKind, MeetingStatus, MessageKind, OutboxStatus, Role
from omstilling.core.meeting_agenda import meeting_agenda
from omstilling.core.periods import document_name
from omstilling.core.reminders import BOARD, RecipientData, holders
from omstilling.core.snapshot import MeetingData, ProgrammeSnapshot
from omstilling.core.wheel import WorkCalendar
from omstilling.messaging.invitations import announcements
from omstilling.messaging.links import AnswerToken, answer_token, answer_url, meeting_url
from omstilling.messaging.plan import ATTACHED_FORMATS, document_note
from omstilling.messaging.texts import DocumentNote, Text, notice_text, short_name
from omstilling.store.models import Invitation, OutboxMessage
from omstilling.store.records import current_version

NOTICE_ROLES = ("styret", Role.PROGRAMME_LEADER.value)
"""Who is called: the chair, the members and the deputies (`styret`), and the programme leader."""

CALL_IN_STEP = 1
"""The step of the notice a deputy called in for a member receives (the ordinary notice is step 0): once per
deputy per meeting, whoever presses the button twice."""

PACK = DocumentKind.BOARD_PACK
"""The document that goes with the notice: the notice and the board report in one PDF."""


def uid(snapshot: ProgrammeSnapshot, meeting_id: int) -> str:
    """The meeting's invitation UID (the calendar feed's and `core.agenda`'s)."""
    return f"{snapshot.slug}.styremote.{meeting_id}@omstilling"


def callable_meetings(snapshot: ProgrammeSnapshot, as_of: date) -> list[MeetingData]:
    """The meetings whose notice may go on `as_of`: not cancelled, their notice day come and
    the meeting still ahead."""
    calendar = WorkCalendar.of(snapshot)
    return [
        m
        for m in snapshot.meetings
        if m.status is not MeetingStatus.CANCELLED and notice_day(snapshot, m, calendar) <= as_of < m.date
    ]


def to_call(session: Session, snapshot: ProgrammeSnapshot, as_of: date) -> list[date]:
    """The days of the meetings to be called on `as_of` that have not been (their pack is written first)."""
    called = {
        i.uid
        for i in session.exec(select(Invitation).where(Invitation.programme_id == snapshot.id))
        if i.notice_step is not None and not _reinstated(i)
    }
    return [m.date for m in callable_meetings(snapshot, as_of) if uid(snapshot, m.id) not in called]


def _reinstated(invitation: Invitation) -> bool:
    """A meeting called, then cancelled (its cancellation told: `notice_starts_at` cleared), and now held after all:
    it is called again, with a new notice."""
    return invitation.notice_step is not None and invitation.notice_starts_at is None and not invitation.cancelled


def _utc(moment: datetime) -> datetime:
    """An instant as stored (SQLite gives it back without its zone: it was written in UTC)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _minute(moment: datetime) -> datetime:
    return _utc(moment).replace(second=0, microsecond=0)


def plan(
    session: Session,
    snapshot: ProgrammeSnapshot,
    recipients: tuple[RecipientData, ...],
    documents: dict,
    as_of: date,
    now: datetime,
) -> list[dict[str, Any]]:
    """The notices and corrections due on `as_of` (the `Invitation` rows are brought up to date in `session`; the
    caller inserts the outbox rows, idempotently), in the programme's written standard. Run after
    `invitations.plan`, whose rows hold the meeting's current time and place."""
    with language.speaking(snapshot.language):
        return _plan(session, snapshot, recipients, documents, as_of, now)


def _plan(
    session: Session,
    snapshot: ProgrammeSnapshot,
    recipients: tuple[RecipientData, ...],
    documents: dict,
    as_of: date,
    now: datetime,
) -> list[dict[str, Any]]:
    settings = get_settings()
    base = None if not settings.base_url or base_url_problem(settings) else links_base(settings)
    limit = int(settings.attachment_limit_mb * 1_000_000)
    zone = ZoneInfo(snapshot.timezone)
    stored = {i.uid: i for i in session.exec(select(Invitation).where(Invitation.programme_id == snapshot.id))}
    meetings = {m.id: m for m in snapshot.meetings}
    people = _people(recipients, as_of)
    rows: list[dict[str, Any]] = []
    for meeting in callable_meetings(snapshot, as_of):
        invitation = stored.get(uid(snapshot, meeting.id))
        if invitation is None or invitation.cancelled:
            continue
        to = people
        if invitation.notice_step is not None and not _reinstated(invitation):
            if invitation.notice_starts_at is None:
                continue  # cancelled after its notice, and told so
            # called already: only someone on the board now who has not had this meeting's notice (joined since)
            had = {
                address.strip().casefold()
                for address in session.exec(
                    select(OutboxMessage.recipient).where(
                        OutboxMessage.invitation_id == invitation.id, OutboxMessage.kind == MessageKind.NOTICE
                    )
                )
            }
            to = [p for p in people if (p.email or "").strip().casefold() not in had]
            if not to:
                continue
        else:
            invitation.notice_step = 0 if invitation.notice_step is None else invitation.notice_step + 1
            invitation.notice_starts_at, invitation.notice_location = invitation.starts_at, invitation.location
            session.add(invitation)
        name = document_name(PACK, meeting.date)
        note = document_note(documents.get((snapshot.id, PACK.value, meeting.date.year, name)), limit)
        parts = meeting_agenda(snapshot, meeting, meeting.date)
        # the pack's version now: a notice retried after the pack is written again still carries what the others got
        version, _ = current_version(session, snapshot.id, PACK, meeting.date.year, name)
        document = {
            "kind": PACK.value,
            "year": meeting.date.year,
            "name": name,
            "attach": note.attached is not None,
            "version": version or None,
        }
        for person in to:
            text = _notice(
                snapshot,
                meeting,
                person,
                title=invitation.summary,
                starts=_utc(invitation.starts_at).astimezone(zone),
                ends=_utc(invitation.ends_at).astimezone(zone),
                location=invitation.location,
                agenda=parts,
                note=note,
                base=base,
                answers=answer_links(base, snapshot.slug, meeting, person),
            )
            rows.append(_row(invitation, MessageKind.NOTICE, person, text, document, as_of, now))
    for invitation in stored.values():
        if invitation.notice_step is None or invitation.notice_starts_at is None:
            continue  # never called, or its cancellation told
        was_start, was_place = _utc(invitation.notice_starts_at).astimezone(zone), invitation.notice_location
        if invitation.cancelled:
            if was_start <= now:
                continue
            changes = None
        elif (_minute(invitation.starts_at), invitation.location) != (_minute(was_start), was_place):
            if _utc(invitation.starts_at) <= now:
                continue
            changes = (was_start, was_place)
        else:
            continue
        invitation.notice_step += 1
        moved = meetings.get(invitation.meeting_id) if invitation.meeting_id else None
        for person in people:
            text = notice_text(
                name=person.name or None,
                programme=snapshot.name,
                short=short_name(snapshot.municipality, snapshot.name),
                title=invitation.summary,
                starts=(_utc(invitation.starts_at) if changes else was_start).astimezone(zone),
                ends=_utc(invitation.ends_at).astimezone(zone),
                location=invitation.location if changes else was_place,
                agenda=None,
                url=meeting_url(base, snapshot.slug, moved.date) if base and moved and changes else None,
                was=changes and (changes[0], changes[1]),
                cancelled=changes is None,
                timed=moved is None or moved.start_time is not None,
                # the links in the notice name the old day (good until it): a moved meeting's correction has new ones
                answers=answer_links(base, snapshot.slug, moved, person) if base and moved and changes else None,
            )
            rows.append(_row(invitation, MessageKind.CORRECTION, person, text, None, as_of, now))
        if changes is None:
            invitation.notice_starts_at = None
        else:
            invitation.notice_starts_at, invitation.notice_location = invitation.starts_at, invitation.location
        session.add(invitation)
    session.flush()
    return rows


def _notice(
    snapshot: ProgrammeSnapshot,
    meeting: MeetingData,
    person: RecipientData,
    *,
    title: str,
    starts: datetime,
    ends: datetime,
    location: str | None,
    agenda: dict,
    note: DocumentNote,
    base: str | None,
    answers: list[tuple[str, str]],
) -> Text:
    """One person's notice of a meeting: what the day's run sends, and what `simulate` writes to a file."""
    return notice_text(
        name=person.name or None,
        programme=snapshot.name,
        short=short_name(snapshot.municipality, snapshot.name),
        title=title,
        starts=starts,
        ends=ends,
        location=location,
        timed=meeting.start_time is not None,
        agenda=agenda,
        document=note,
        url=meeting_url(base, snapshot.slug, meeting.date) if base else None,
        answers=answers,
    )


def rehearse(
    snapshot: ProgrammeSnapshot,
    recipients: tuple[RecipientData, ...],
    as_of: date,
    called: set[int],
    packs: set[date],
) -> list[tuple[RecipientData, Text]]:
    """The notices a run on `as_of` would send, without the database (`simulate`): each meeting whose notice may
    go and that is not in `called` (the caller's memory of the meetings it called; those called here are added),
    to the board and the leader on the day, the meeting as the wheel has it now. `packs`: the meetings whose board
    pack the caller wrote, said to be attached as the real run attaches it. The signed answer links are left out: a
    file that nobody receives is no place for links that answer for a member. In the programme's written standard."""
    meetings = [m for m in callable_meetings(snapshot, as_of) if m.id not in called]
    if not meetings:  # most days: the wheel's announcements (an agenda of two years) are not read
        return []
    with language.speaking(snapshot.language):
        return _rehearse(snapshot, recipients, as_of, called, packs, meetings)


def _rehearse(
    snapshot: ProgrammeSnapshot,
    recipients: tuple[RecipientData, ...],
    as_of: date,
    called: set[int],
    packs: set[date],
    meetings: list[MeetingData],
) -> list[tuple[RecipientData, Text]]:
    settings = get_settings()
    base = None if not settings.base_url or base_url_problem(settings) else links_base(settings)
    wheel = announcements(snapshot, as_of)
    zone = ZoneInfo(snapshot.timezone)
    people = _people(recipients, as_of)
    attached = " og ".join(label for fmt, label in ATTACHED_FORMATS.items() if fmt in PACK.default_formats)
    found = []
    for meeting in meetings:
        announcement = wheel.get(uid(snapshot, meeting.id))
        if announcement is None:
            continue
        called.add(meeting.id)
        note = DocumentNote(drafted=True, attached=attached) if meeting.date in packs else DocumentNote()
        parts = meeting_agenda(snapshot, meeting, meeting.date)
        for person in people:
            text = _notice(
                snapshot,
                meeting,
                person,
                title=announcement.summary,
                starts=announcement.starts.astimezone(zone),
                ends=announcement.ends.astimezone(zone),
                location=announcement.location,
                agenda=parts,
                note=note,
                base=base,
                answers=[],
            )
            found.append((person, text))
    return found


def answer_links(base: str | None, slug: str, meeting: MeetingData, person: RecipientData) -> list[tuple[str, str]]:
    """A board member's or deputy's own three answer links (none for the leader, or without a base URL or a key):
    each signed, naming the meeting, the person and the answer, good until the meeting's day."""
    key = answer_key(get_settings())
    if not base or key is None or person.person_id is None or person.role not in BOARD:
        return []
    return [
        (
            answer.label,
            answer_url(
                base,
                slug,
                meeting.date,
                answer_token(key, AnswerToken(meeting.id, person.person_id, answer.value, meeting.date)),
            ),
        )
        for answer in Attendance
    ]


def call_in(
    session: Session,
    snapshot: ProgrammeSnapshot,
    meeting: MeetingData,
    deputy: RecipientData,
    member: str,
    documents: dict,
    as_of: date,
    now: datetime,
) -> dict[str, Any] | None:
    """The notice to a deputy called in for `member` (an outbox row, step `CALL_IN_STEP`, for the caller to insert
    idempotently), or None when the meeting has not been called yet (every deputy gets the notice on its notice
    day) or the deputy has no address."""
    invitation = session.exec(
        select(Invitation).where(Invitation.programme_id == snapshot.id, Invitation.uid == uid(snapshot, meeting.id))
    ).first()
    if invitation is None or invitation.notice_step is None or invitation.cancelled or not deputy.email:
        return None
    settings = get_settings()
    base = None if not settings.base_url or base_url_problem(settings) else links_base(settings)
    zone = ZoneInfo(snapshot.timezone)
    name = document_name(PACK, meeting.date)
    note = document_note(
        documents.get((snapshot.id, PACK.value, meeting.date.year, name)), int(settings.attachment_limit_mb * 1_000_000)
    )
    with language.speaking(snapshot.language):
        text = notice_text(
            name=deputy.name or None,
            programme=snapshot.name,
            short=short_name(snapshot.municipality, snapshot.name),
            title=invitation.summary,
            starts=_utc(invitation.starts_at).astimezone(zone),
            ends=_utc(invitation.ends_at).astimezone(zone),
            location=invitation.location,
            agenda=meeting_agenda(snapshot, meeting, meeting.date),
            document=note,
            url=meeting_url(base, snapshot.slug, meeting.date) if base else None,
            answers=answer_links(base, snapshot.slug, meeting, deputy),
            called_in_for=member,
            timed=meeting.start_time is not None,
        )
    document = {"kind": PACK.value, "year": meeting.date.year, "name": name, "attach": note.attached is not None}
    row = _row(invitation, MessageKind.NOTICE, deputy, text, document, as_of, now)
    return row | {"step": CALL_IN_STEP}


def _people(recipients: tuple[RecipientData, ...], as_of: date) -> list[RecipientData]:
    """The board and the leader on the day, once each (a person in two roles hears once), by address."""
    found: dict[str, RecipientData] = {}
    for person in holders(recipients, NOTICE_ROLES, as_of):
        if person.email and person.email not in found:
            found[person.email] = person
    return [found[address] for address in sorted(found)]


def _row(
    invitation: Invitation,
    kind: MessageKind,
    person: RecipientData,
    text: Any,
    document: dict[str, Any] | None,
    as_of: date,
    now: datetime,
) -> dict[str, Any]:
    return {
        "invitation_id": invitation.id,
        "kind": kind.value,
        "step": invitation.notice_step,
        "recipient": person.email,
        "role": person.role,
        "subject": text.subject,
        "body": text.body,
        "html": text.html,
        "document": document,
        "ics": None,
        "status": OutboxStatus.PENDING.value,
        "attempts": 0,
        "planned_for": as_of,
        "created_at": now,
    }
