"""Meeting invitations that land in the calendar: each meeting of the wheel (the board's meetings and the rule
events of kind `mote`) goes to its participants as an iCalendar REQUEST, with the same UID as the feed.

The `Invitation` table remembers what participants' calendars were last told (time, place, title) and the
SEQUENCE of that announcement. On each reminder run: a meeting within `HORIZON_DAYS` that was never announced
gets SEQUENCE 0; one whose time, place or title changed gets SEQUENCE + 1; one that was cancelled or is gone from
the wheel while still ahead gets a CANCEL with SEQUENCE + 1. Every message is an outbox row keyed on (invitation,
kind, SEQUENCE, recipient), the kind an invitation or a cancellation, so it is sent exactly once like a reminder; a
participant who joins later gets the current announcement. Someone whose calendar holds a meeting ahead that they
no longer hold a role for (they left the board) gets a CANCEL of their own, a removal keyed the same way, so the
meeting leaves their calendar, the old time of a moved meeting included; the others are not told anything new. Times are compared
to the minute, as the messages show them.

When a board meeting is first announced is the programme's choice (`Programme.invitations`, the workbook's
«Kalenderinvitasjon»; unset, the installation's `OMSTILLING_INVITATIONS`): when it is planned (`planlagt`, from
`HORIZON_DAYS` ahead) or on its notice day, together with the notice (`innkalling`): `timing`.

Never a burst. On a programme's first run, or when a workbook brings a season's meetings at once, many meetings
stand within the horizon on one day; announced together, each board member would get one calendar invitation per
meeting in one morning, among that day's reminders (issue 25 found 18 on one day for three meetings), and read
none of them. So a programme announces at most `NEW_PER_DAY` meeting for the first time on one day, the nearest
first, and the others on the following days, one a day: each arrives as a message of its own that can be read
and accepted, and the nearest, the one that matters first, is never the one that waits. A meeting that is close
(within `SOON_DAYS`, or a board meeting whose notice day has come: its notice needs the invitation) is announced
at once whatever else goes that day. Changes, cancellations and removals are news about a meeting already in the
calendar and are never held back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from omstilling.config import get_settings
from omstilling.core import language
from omstilling.core.agenda import AgendaItem, agenda, calendar_title, notice_day
from omstilling.core.enums import MEETING_MESSAGES, AgendaState, InvitationTiming, MessageKind, OutboxStatus
from omstilling.core.language import _
from omstilling.core.reminders import RecipientData, holders
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.core.wheel import WorkCalendar
from omstilling.messaging.texts import invitation_text, short_name
from omstilling.store.models import Invitation

HORIZON_DAYS = 120
"""How far ahead a meeting is first announced."""

NEW_PER_DAY = 1
"""How many meetings a programme announces for the first time on one day (the nearest first; the rest follow, one
a day): a board member gets one new calendar entry a day, not a season's in one morning."""

SOON_DAYS = 14
"""A meeting this close is announced at once, however many others are announced that day."""


def invite_on_notice_day() -> bool:
    """Whether board meetings are first announced on their notice day, with the notice, rather than from
    `HORIZON_DAYS` ahead (`OMSTILLING_INVITATIONS=innkalling`; the installation's choice)."""
    return get_settings().invitations == "innkalling"


def timing(snapshot: ProgrammeSnapshot) -> InvitationTiming:
    """When the programme's board meetings are first announced: the programme's own choice
    (`Programme.invitations`), or, when it has made none, the installation's (`invite_on_notice_day`)."""
    if snapshot.invitations is not None:
        return snapshot.invitations
    return InvitationTiming.NOTICE if invite_on_notice_day() else InvitationTiming.PLANNED


@dataclass(frozen=True)
class Announcement:
    """What one invitation says: the meeting as the wheel has it now."""

    uid: str
    summary: str
    starts: datetime
    ends: datetime
    location: str | None
    meeting_id: int | None
    roles: tuple[str, ...]
    agenda: tuple[str, ...]


def announcements(snapshot: ProgrammeSnapshot, as_of: date) -> dict[str, Announcement]:
    """The programme's timed meetings of this year and next, by UID. A rule's meeting that the board's meetings
    already hold at the same start (the seminar: a rule event and a meeting in the data) is announced once, as the
    board's meeting."""
    found: dict[str, Announcement] = {}
    for year in (as_of.year, as_of.year + 1):
        rows = [
            row
            for row in agenda(snapshot, year, as_of, with_missing=False).items
            if row.start is not None and row.roles and row.state is not AgendaState.CANCELLED
        ]
        held = {row.start for row in rows if row.meeting_id is not None}
        for row in rows:
            if row.meeting_id is None and row.start in held:
                continue
            found[row.uid] = _announcement(snapshot, row)
    return found


def _announcement(snapshot: ProgrammeSnapshot, row: AgendaItem) -> Announcement:
    meeting = next((m for m in snapshot.meetings if m.id == row.meeting_id), None) if row.meeting_id else None
    agenda = (
        tuple(_("Sak %(number)s: %(title)s") % {"number": case.number, "title": case.title} for case in meeting.cases)
        if meeting
        else ()
    )
    return Announcement(row.uid, row.title, row.start, row.end, row.location, row.meeting_id, row.roles, agenda)


def ics(
    announcement: Announcement,
    *,
    sequence: int,
    cancelled: bool,
    organizer: str,
    attendee: RecipientData,
    stamp: datetime,
    programme: str | None = None,
) -> str:
    """The iCalendar object of one invitation (METHOD:REQUEST, or CANCEL), for one attendee. Its title names the
    programme ("Styremøte · Omstillingsprogrammet i Vestre Toten"): a calendar holds more than one board's."""
    calendar = Calendar()
    calendar.add("prodid", "-//omstilling//årshjul//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", announcement.uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    # In UTC ("…Z"): every calendar shows it in its own zone, and no VTIMEZONE is needed (a generated one with long
    # RDATE lists is read an hour wrong in summer by some parsers, vobject among them).
    event.add("dtstart", announcement.starts.astimezone(UTC))
    event.add("dtend", announcement.ends.astimezone(UTC))
    event.add("summary", calendar_title(announcement.summary, programme) if programme else announcement.summary)
    if announcement.location:
        event.add("location", announcement.location)
    if announcement.agenda:
        event.add("description", "\n".join(announcement.agenda))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    host = vCalAddress(f"mailto:{organizer}")
    host.params["cn"] = vText("omstilling")
    event.add("organizer", host)
    guest = vCalAddress(f"mailto:{attendee.email}")
    if attendee.name:
        guest.params["cn"] = vText(attendee.name)
    guest.params["role"] = vText("REQ-PARTICIPANT")
    guest.params["partstat"] = vText("NEEDS-ACTION")
    guest.params["rsvp"] = vText("FALSE")
    event.add("attendee", guest, encode=0)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def _minute(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


def _changed(stored: Invitation, wanted: Announcement) -> bool:
    """Whether participants must be told again: to the minute (a change of seconds would send "Endret" with the
    same time in it), the place and the title."""
    return (
        _minute(stored.starts_at) != _minute(wanted.starts)
        or _minute(stored.ends_at) != _minute(wanted.ends)
        or stored.location != wanted.location
        or stored.summary != wanted.summary
        or stored.cancelled
    )


def plan(
    session: Session,
    snapshot: ProgrammeSnapshot,
    recipients: tuple[RecipientData, ...],
    as_of: date,
    now: datetime,
    organizer: str,
) -> list[dict[str, Any]]:
    """Bring the programme's invitations up to date and return the outbox rows to announce them (the
    `Invitation` rows are written in `session`; the outbox rows are inserted by the caller, idempotently). The
    meetings' titles, the messages and the calendar objects are in the programme's written standard."""
    with language.speaking(snapshot.language):
        return _plan(session, snapshot, recipients, as_of, now, organizer)


def _plan(
    session: Session,
    snapshot: ProgrammeSnapshot,
    recipients: tuple[RecipientData, ...],
    as_of: date,
    now: datetime,
    organizer: str,
) -> list[dict[str, Any]]:
    wanted = announcements(snapshot, as_of)
    stored = {i.uid: i for i in session.exec(select(Invitation).where(Invitation.programme_id == snapshot.id))}
    horizon = as_of + timedelta(days=HORIZON_DAYS)
    rows: list[dict[str, Any]] = []
    on_notice_day = timing(snapshot) is InvitationTiming.NOTICE
    calendar = WorkCalendar.of(snapshot)
    meetings = {m.id: m for m in snapshot.meetings}
    announced = _first_announced_on(session, stored.values(), as_of)
    existing = _existing(session, stored.values())  # rows already in the outbox: not rendered again
    # the nearest first: when only some may be announced today, they are the ones that come first
    for uid, announcement in sorted(wanted.items(), key=lambda item: (item[1].starts, item[0])):
        local_day = announcement.starts.date()
        invitation = stored.get(uid)
        if invitation is None:
            meeting = meetings.get(announcement.meeting_id) if announcement.meeting_id else None
            called = meeting is not None and notice_day(snapshot, meeting, calendar) <= as_of
            if meeting is not None and on_notice_day:  # with its notice, the day the meeting is called
                if not called or local_day < as_of:
                    continue
            elif not as_of <= local_day <= horizon:
                continue
            soon = called or local_day <= as_of + timedelta(days=SOON_DAYS)
            if not soon and announced >= NEW_PER_DAY:
                continue  # another meeting was announced today; this one follows on a later day
            announced += 1
            invitation = _added(
                session,
                Invitation(
                    programme_id=snapshot.id,
                    uid=uid,
                    meeting_id=announcement.meeting_id,
                    summary=announcement.summary,
                    location=announcement.location,
                    starts_at=announcement.starts.astimezone(UTC),
                    ends_at=announcement.ends.astimezone(UTC),
                    sequence=0,
                    updated_at=now,
                ),
            )
        elif _changed(invitation, announcement) and local_day >= as_of:
            invitation.sequence += 1
            invitation.summary, invitation.location = announcement.summary, announcement.location
            invitation.starts_at = announcement.starts.astimezone(UTC)
            invitation.ends_at = announcement.ends.astimezone(UTC)
            invitation.cancelled, invitation.updated_at = False, now
            session.add(invitation)
            session.flush()
        elif local_day < as_of:
            continue  # held: nothing more to say
        rows += _rows(
            invitation, announcement, snapshot, recipients, as_of, now, organizer, cancelled=False, existing=existing
        )
        participants = {p.email for p in holders(recipients, announcement.roles, as_of) if p.email}
        gone = {address for address in _in_calendars(session, invitation) if address not in participants}
        if gone:
            rows += _rows(
                invitation,
                announcement,
                snapshot,
                recipients,
                as_of,
                now,
                organizer,
                cancelled=True,
                told=gone,
                removed=True,
                existing=existing,
            )
    for uid, invitation in stored.items():
        ahead = invitation.starts_at.astimezone(UTC) > now.astimezone(UTC)
        if uid in wanted or invitation.cancelled or not ahead:
            continue
        invitation.sequence += 1
        invitation.cancelled, invitation.updated_at = True, now
        session.add(invitation)
        session.flush()
        zone = ZoneInfo(snapshot.timezone)
        gone = Announcement(
            uid,
            invitation.summary,
            invitation.starts_at.astimezone(zone),
            invitation.ends_at.astimezone(zone),
            invitation.location,
            invitation.meeting_id,
            ("styret", "programleder"),
            (),
        )
        rows += _rows(
            invitation,
            gone,
            snapshot,
            recipients,
            as_of,
            now,
            organizer,
            cancelled=True,
            told=_in_calendars(session, invitation),
            existing=existing,
        )
    return rows


def _added(session: Session, invitation: Invitation) -> Invitation:
    """A meeting's first invitation, added; or, when a run beside this one (two `omstilling remind` at once, or
    the tick and a remind) added the same meeting's a moment before, theirs. The unique key (programme, uid) tells,
    and nothing is wrong: this run goes on with that row, and its outbox rows are added once (`insert_new`)."""
    try:
        with session.begin_nested():
            session.add(invitation)
            session.flush()
    except IntegrityError:
        return session.exec(
            select(Invitation).where(
                Invitation.programme_id == invitation.programme_id, Invitation.uid == invitation.uid
            )
        ).one()
    return invitation


def _first_announced_on(session: Session, stored: Iterable[Invitation], as_of: date) -> int:
    """How many of the programme's meetings were first announced on `as_of` (by an earlier run of the day): their
    first invitations (SEQUENCE 0) were planned for that day, and none before (someone who joined the board since
    and gets an old meeting's invitation today does not count)."""
    from omstilling.store.models import OutboxMessage

    ids = [i.id for i in stored if i.sequence == 0 and not i.cancelled]
    if not ids:
        return 0
    first = session.exec(
        select(OutboxMessage.invitation_id, func.min(OutboxMessage.planned_for))
        .where(
            col(OutboxMessage.invitation_id).in_(ids),
            OutboxMessage.kind == MessageKind.INVITATION,
            OutboxMessage.step == 0,
        )
        .group_by(col(OutboxMessage.invitation_id))
    ).all()
    return sum(1 for _invitation, day in first if day == as_of)


def _existing(session: Session, stored: Iterable[Invitation]) -> set[tuple[Any, ...]]:
    """The outbox rows of the programme's invitations, by their unique key (invitation, kind, step, recipient): a
    meeting still ahead is planned again every day, and a row already there needs no text (it would add nothing)."""
    from omstilling.store.models import OutboxMessage

    ids = [i.id for i in stored]
    if not ids:
        return set()
    return {
        (invitation_id, kind, step, recipient)
        for invitation_id, kind, step, recipient in session.exec(
            select(OutboxMessage.invitation_id, OutboxMessage.kind, OutboxMessage.step, OutboxMessage.recipient).where(
                col(OutboxMessage.invitation_id).in_(ids), col(OutboxMessage.kind).in_(sorted(MEETING_MESSAGES))
            )
        )
    }


def _in_calendars(session: Session, invitation: Invitation) -> set[str]:
    """The addresses whose calendars hold this meeting: the last message sent to each about it (by SEQUENCE, a
    removal after the announcement of the same SEQUENCE) was an announcement, not a cancellation or a removal."""
    from omstilling.store.models import OutboxMessage

    last: dict[str, tuple[int, int, bool]] = {}
    for address, kind, sequence in session.exec(
        select(OutboxMessage.recipient, OutboxMessage.kind, OutboxMessage.step).where(
            OutboxMessage.invitation_id == invitation.id,
            OutboxMessage.kind.in_(sorted(MEETING_MESSAGES)),
            OutboxMessage.status == OutboxStatus.SENT,
        )
    ):
        order = (sequence, 1 if kind is MessageKind.REMOVAL else 0)
        standing = kind is MessageKind.INVITATION
        if address not in last or order > last[address][:2]:
            last[address] = (*order, standing)
    return {address for address, (_sequence, _removal, standing) in last.items() if standing}


def _rows(
    invitation: Invitation,
    announcement: Announcement,
    snapshot: ProgrammeSnapshot,
    recipients: tuple[RecipientData, ...],
    as_of: date,
    now: datetime,
    organizer: str,
    *,
    cancelled: bool,
    told: set[str] | None = None,
    removed: bool = False,
    existing: set[tuple[Any, ...]] | None = None,
) -> list[dict[str, Any]]:
    """The rows of one announcement, cancellation or removal, each person's text and calendar object made only for
    the rows not in the outbox yet (`existing`)."""
    kind = MessageKind.REMOVAL if removed else MessageKind.CANCELLATION if cancelled else MessageKind.INVITATION
    people = {p.email: p for p in holders(recipients, announcement.roles, as_of) if p.email}
    if told is not None:  # a cancellation goes to whoever got the meeting, whatever their role today
        known = {p.email: p for p in recipients if p.email}
        people = {
            address: people.get(address) or known.get(address) or RecipientData("", "", address, as_of, None)
            for address in told
        }
    zone = ZoneInfo(snapshot.timezone)
    starts, ends = announcement.starts.astimezone(zone), announcement.ends.astimezone(zone)
    rows = []
    for address, person in sorted(people.items()):
        if existing and (invitation.id, kind, invitation.sequence, address) in existing:
            continue
        text = invitation_text(
            name=person.name or None,
            programme=snapshot.name,
            short=short_name(snapshot.municipality, snapshot.name),
            summary=announcement.summary,
            starts=starts,
            ends=ends,
            location=announcement.location,
            agenda=[] if removed else list(announcement.agenda),
            sequence=invitation.sequence,
            cancelled=cancelled,
            removed=removed,
        )
        rows.append(
            {
                "invitation_id": invitation.id,
                "kind": kind.value,
                "step": invitation.sequence,
                "recipient": address,
                "role": person.role or "deltaker",
                "subject": text.subject,
                "body": text.body,
                "html": text.html,
                "ics": ics(
                    announcement,
                    sequence=invitation.sequence,
                    cancelled=cancelled,
                    organizer=organizer,
                    attendee=person,
                    stamp=now,
                    programme=snapshot.name,
                ),
                "status": OutboxStatus.PENDING.value,
                "attempts": 0,
                "planned_for": as_of,
                "created_at": now,
            }
        )
    return rows
