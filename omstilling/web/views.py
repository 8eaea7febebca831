"""Page data from the library: each function takes a snapshot (or a session) and returns plain values for a
template. The rules stay in the library; these only choose, order and join."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, or_, select

from omstilling.access.roles import Access
from omstilling.core import figures, texts
from omstilling.core import indicators as ind
from omstilling.core.agenda import NEXT_ITEMS, AgendaItem, agenda, deadline_state, overdue_on
from omstilling.core.enums import DOCUMENT_FORMATS, DocumentKind, MeetingStatus, MessageKind
from omstilling.core.formatting import date_with_weekday
from omstilling.core.language import _
from omstilling.core.periods import document_period
from omstilling.core.reminders import step_name
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.core.titles import document_title, meeting_named
from omstilling.core.wheel import WorkCalendar, reminder_dates
from omstilling.core.wheel.view import quota_rows, wheel_as_list
from omstilling.errors import OmstillingError
from omstilling.messaging.links import meeting_url
from omstilling.store import records
from omstilling.store.models import Contact, Deadline, Invitation, OutboxMessage, Person, WheelEvent
from omstilling.store.records import stored_path


def seen_query(day: date | None) -> str:
    """What a link from a page seen from a chosen day carries, so the page it leads to is seen from it too."""
    return f"?dag={day.isoformat()}" if day is not None else ""


def overview(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> dict[str, Any]:
    """Oversikt: the agenda's next items (deadlines, meetings, notice days) with what is still missing, the
    overdue ones, quotas, open deviations, figures."""
    seen = agenda(snapshot, year, as_of)
    return {
        "upcoming": seen.upcoming(NEXT_ITEMS),
        "overdue": overdue_on(snapshot, year, as_of),
        "quotas": quota_rows(snapshot, year, as_of),
        "deviations": [d for d in ind.deviations(snapshot, year, as_of) if d.open],
        "figures": figures.summary(snapshot, year, as_of),
        "plan_years": snapshot.plan_years(),
        "wheel_list": wheel_as_list(snapshot, year, as_of),
    }


def year_items(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> list[AgendaItem]:
    """Frister: the year's agenda, every item."""
    return list(agenda(snapshot, year, as_of).items)


def find_item(snapshot: ProgrammeSnapshot, event_key: str, year: int, number: int, as_of: date) -> AgendaItem | None:
    return agenda(snapshot, year, as_of).find(event_key, year, number)


@dataclass(frozen=True)
class LadderLine:
    on: date
    name: str
    roles: tuple[str, ...]
    what: str


def ladder(session: Session, snapshot: ProgrammeSnapshot, row: AgendaItem, as_of: date) -> list[LadderLine]:
    """The deadline's reminder ladder: each step's day and what became of it (sent, failed, waiting, stopped)."""
    occurrence = row.occurrence
    assert occurrence is not None, "only an item with a page has a ladder"
    record = row.record
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if record is not None:
        for step, status, n in session.exec(
            select(OutboxMessage.step, OutboxMessage.status, func.count())
            .join(Deadline, Deadline.id == OutboxMessage.deadline_id)
            .join(WheelEvent, WheelEvent.id == Deadline.event_id)
            .where(
                Deadline.programme_id == snapshot.id,
                WheelEvent.key == occurrence.event.key,
                Deadline.year == occurrence.year,
                Deadline.occurrence == occurrence.number,
                OutboxMessage.kind == MessageKind.REMINDER,
            )
            .group_by(OutboxMessage.step, OutboxMessage.status)
        ):
            counts[step][status.label] += n
    # a board meeting's ladder stops when its deadline is marked; seen from a day before the mark it had not
    state = deadline_state(occurrence.due, record, as_of, snapshot.timezone) if record is not None else None
    closed = state is not None and not state.open
    lines = []
    for reminder in reminder_dates(occurrence, WorkCalendar.of(snapshot)):
        done = counts.get(reminder.step)
        if done:
            what = ", ".join(f"{n} {label}" for label, n in sorted(done.items()))
        elif closed:
            what = _("sendes ikke: fristen er %(state)s") % {"state": state.label if state else row.status}
        elif reminder.on > as_of:
            what = _("planlagt")
        else:
            what = _("ikke sendt")
        lines.append(LadderLine(reminder.on, step_name(occurrence, reminder), reminder.roles, what))
    return lines


FORMAT_NAMES = {"docx": "Word", "pdf": "PDF", "xlsx": "Excel", "html": "HTML", "md": "Markdown"}
"""Each format as the Dokumenter page names it, in the order it offers them."""
OPERATOR_FORMATS = frozenset({"md"})
"""Formats only the operator gets: the Markdown is the source the others are made from, not a document to send."""


def formats_for(access: Access) -> tuple[str, ...]:
    """The formats a visitor may choose and download (the one place the page, the form and the download ask)."""
    return tuple(f for f in FORMAT_NAMES if f in DOCUMENT_FORMATS and (access.operator or f not in OPERATOR_FORMATS))


def texts_url(slug: str, kind: DocumentKind, year: int, meeting_date: date | None) -> str | None:
    """Where the programme leader writes their own words for a document (None when the kind asks for none); the
    board pack's are its board report's (`core.texts.home`)."""
    if not texts.sections(kind):
        return None
    where = texts.home(kind, year, meeting_date)
    query = f"?mote={meeting_date.isoformat()}" if where.kind.for_meeting and meeting_date else ""
    return f"/programmer/{slug}/tekster/{where.kind.value}/{where.year}{query}"


def documents(
    session: Session, programme_id: int, slug: str | None = None, formats: tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """Dokumenter: every document by its title, newest year first; each version with the files of `formats` (all
    when None), and where the leader writes its texts (given the programme's `slug`)."""
    found = []
    for document in records.history(session, programme_id):
        meeting = meeting_named(document.kind, document.name)
        found.append(
            {
                "title": document_title(document.kind, document.year, meeting),
                "year": document.year,
                "name": document.name,
                "kind": document.kind,
                "texts": texts_url(slug, document.kind, document.year, meeting) if slug else None,
                "versions": [
                    {
                        "version": version.number,
                        "current": version.current,
                        "as_of": version.as_of,
                        "created_at": version.created_at,
                        "files": [
                            {
                                "id": f.id,
                                "format": f.format,
                                "label": FORMAT_NAMES.get(f.format, f.format.upper()),
                                "exists": stored_path(f, document.current).exists(),
                            }
                            for f in version.records
                            if formats is None or f.format in formats
                        ],
                    }
                    for version in document.versions
                ],
            }
        )
    return found


def draft_form(
    snapshot: ProgrammeSnapshot,
    kind: DocumentKind,
    today: date,
    formats: tuple[str, ...],
    year: int | None = None,
    meeting: date | None = None,
) -> dict[str, Any]:
    """Lag utkast: the kinds; for the chosen kind the years (the status period's) or the meetings (not cancelled)
    to choose from, preselected as `core.periods.document_period` chooses (for the `year` or `meeting` just
    drafted, when given); the formats the visitor may choose that the kind is written in (`DocumentKind.formats`: the
    evaluation's data pack also as Excel), the kind's defaults (`DocumentKind.default_formats`) ticked."""
    try:
        period = document_period(snapshot, kind, today, year if not kind.for_meeting else None, None, meeting)
    except OmstillingError:  # no meeting follows from today (or the one asked for is gone): nothing is preselected
        period = None
    first, last = snapshot.status_years
    years = set(range(first, last + 1))
    if period is not None and not kind.for_meeting:
        years.add(period.year)
    meetings = sorted({m.date for m in snapshot.meetings if m.status is not MeetingStatus.CANCELLED})
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for day in meetings:
        by_year[day.year].append({"value": day.isoformat(), "label": date_with_weekday(day)})
    return {
        "kind": kind,
        "kinds": [{"value": k.value, "label": k.label[:1].upper() + k.label[1:]} for k in DocumentKind],
        "years": [{"value": y, "label": document_title(kind, y)} for y in sorted(years)],
        "year": period.year if period is not None else None,
        "meetings": dict(by_year),
        "meeting": period.meeting_date.isoformat() if period is not None and period.meeting_date else None,
        "formats": [
            {"value": f, "label": FORMAT_NAMES[f], "checked": f in kind.default_formats}
            for f in formats
            if f in kind.formats
        ],
        "texts": (texts_url(snapshot.slug, kind, period.year, period.meeting_date) if period is not None else None),
        "title": document_title(kind, period.year, period.meeting_date) if period is not None else None,
    }


def document_file(session: Session, programme_id: int, record_id: int):
    """The file of a document record of this programme, where it is now (None when unknown or gone)."""
    found = records.record_of(session, programme_id, record_id)
    if found is None:
        return None, None
    record, current = found
    path = stored_path(record, current)
    return record, path if path.exists() else None


def message_kind_words() -> dict[MessageKind, str]:
    """The kinds as Meldinger's filter names them, in the page's written standard: short, so the choice fits a
    phone (the table says each row's kind in `MessageKind.label`'s words)."""
    return {
        MessageKind.REMINDER: _("påminnelser"),
        MessageKind.ALERT: _("varsler"),
        MessageKind.INVITATION: _("kalenderinvitasjoner"),
        MessageKind.CANCELLATION: _("avlysninger"),
        MessageKind.REMOVAL: _("tatt ut av kalenderen"),
        MessageKind.NOTICE: _("innkallinger"),
        MessageKind.CORRECTION: _("endrede innkallinger"),
        MessageKind.MINUTES_COMMENTS: _("protokoll til kommentar"),
        MessageKind.MINUTES_REMINDER: _("purring på kommentar"),
        MessageKind.MINUTES_APPROVAL: _("protokoll til godkjenning"),
        MessageKind.MINUTES_APPROVED: _("godkjent protokoll"),
    }


def message_kind_choices() -> list[tuple[str, str]]:
    """The filter's choices, (value, words), every kind of message in `MessageKind`'s order."""
    words = message_kind_words()
    return [(kind.value, words.get(kind, kind.label)) for kind in MessageKind]


MESSAGE_LIMIT = 300
"""The most rows Meldinger shows (the newest); the page says when there are more."""


def messages(
    session: Session, programme: Any, kind: MessageKind | None = None, limit: int = MESSAGE_LIMIT
) -> dict[str, Any]:
    """Meldinger: every message of the programme, newest first — reminders and alerts about a deadline, calendar
    invitations, notices and corrections about a meeting — with what it is about, the recipient's name (from their
    contact row) and role, its status and what failed. Three queries whatever the number of rows."""
    about_programme = or_(Deadline.programme_id == programme.id, Invitation.programme_id == programme.id)
    chosen = [about_programme] + ([OutboxMessage.kind == kind] if kind is not None else [])
    joined = (
        select(OutboxMessage, WheelEvent.title, Deadline.due_date, Invitation)
        .join(Deadline, Deadline.id == OutboxMessage.deadline_id, isouter=True)
        .join(WheelEvent, WheelEvent.id == Deadline.event_id, isouter=True)
        .join(Invitation, Invitation.id == OutboxMessage.invitation_id, isouter=True)
        .where(*chosen)
    )
    found = session.exec(
        joined.order_by(col(OutboxMessage.planned_for).desc(), col(OutboxMessage.id).desc()).limit(limit)
    ).all()
    total = session.exec(
        select(func.count())
        .select_from(OutboxMessage)
        .join(Deadline, Deadline.id == OutboxMessage.deadline_id, isouter=True)
        .join(Invitation, Invitation.id == OutboxMessage.invitation_id, isouter=True)
        .where(*chosen)
    ).one()
    addresses = {m.recipient.lower() for m, *_ in found if not m.recipient.startswith("kanal:")}
    names = {
        email.lower(): name
        for email, name in session.exec(
            select(Contact.email, Person.name)
            .join(Person, Person.id == Contact.person_id)
            .where(func.lower(Contact.email).in_(sorted(addresses)))
        ).all()
        if email
    }
    zone = ZoneInfo(programme.timezone)
    rows = []
    for message, title, due, invitation in found:
        meeting = None
        if invitation is not None:
            starts = invitation.starts_at
            local = (starts if starts.tzinfo else starts.replace(tzinfo=UTC)).astimezone(zone)
            meeting = {
                "title": _("Styremøte") if invitation.meeting_id is not None else invitation.summary.split(" · ")[0],
                "when": f"{date_with_weekday(local.date())} kl.\u00a0{local:%H.%M}",
                "url": meeting_url("", programme.slug, local.date()) if invitation.meeting_id is not None else None,
                "cancelled": invitation.cancelled,
            }
        rows.append(
            {
                "message": message,
                "title": title,
                "due": due,
                "meeting": meeting,
                "channel": message.recipient.startswith("kanal:"),
                "name": names.get(message.recipient.lower()),
            }
        )
    return {"rows": rows, "total": total, "limit": limit}
