"""Which reminders are due, and putting them in the outbox: one row per (deadline, step, recipient), added once.

Planning reads the day's ladders (`omstilling.core.reminders`); a row carries its text in every form and says
whether the document goes with it, decided here so that the text and the attachment agree however long it waits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Session, select

from omstilling.config import base_url_problem, get_settings, links_base
from omstilling.core import language, reminders
from omstilling.core.agenda import deadline_state, meeting_state, notice_day
from omstilling.core.enums import AgendaState, DeadlineStatus, EventKind, MessageKind, OutboxStatus, Role
from omstilling.core.periods import document_name, report_year
from omstilling.core.wheel import WorkCalendar
from omstilling.messaging.links import deadline_url, documents_url
from omstilling.messaging.texts import DocumentNote, Text, reminder_text, short_name
from omstilling.messaging.transport import Notifier
from omstilling.store.models import Deadline, OutboxMessage

if TYPE_CHECKING:
    from omstilling.messaging.outbox import RunSummary

ATTACHED_FORMATS = {"docx": "Word", "pdf": "PDF"}
"""The formats of a document that go with a message, and what the message calls them."""


def agenda_state(snapshot, item: reminders.PlannedReminder, as_of: date) -> AgendaState:
    """The reminded item's state on the day, in the agenda's words (`omstilling.core.agenda`)."""
    o = item.occurrence
    if o.event.kind is EventKind.BOARD_MEETING:  # a board meeting's state is the meeting's
        meeting = next((m for m in snapshot.meetings if m.id == o.number), None)
        if meeting is not None:
            return meeting_state(meeting, as_of)
    record = next(
        (d for d in snapshot.deadlines if (d.event_key, d.year, d.occurrence) == (o.event.key, o.year, o.number)), None
    )
    return deadline_state(o.due, record, as_of, snapshot.timezone)


def attachments_of(files: dict[str, str]) -> list[Path]:
    """The document's files that go with a message (Word, and PDF when there is one) and still exist."""
    return [Path(files[fmt]) for fmt in ATTACHED_FORMATS if fmt in files and Path(files[fmt]).is_file()]


def document_note(files: dict[str, str] | None, limit_bytes: int) -> DocumentNote:
    """What a reminder says about its document: attached, too large to attach, or not drafted yet."""
    if not files:
        return DocumentNote()
    paths = attachments_of(files)
    if not paths:
        return DocumentNote(drafted=True)
    size = sum(path.stat().st_size for path in paths)
    if size > limit_bytes:
        return DocumentNote(drafted=True, too_large=f"{size / 1_000_000:.1f} MB".replace(".", ","))
    labels = [ATTACHED_FORMATS[path.suffix.lstrip(".")] for path in paths]
    return DocumentNote(drafted=True, attached=" og ".join(labels))


def _is_the_notice(item: reminders.PlannedReminder, meetings: dict, snapshot, calendar: WorkCalendar) -> bool:
    """Whether a reminder is a board meeting's step on its notice day to someone the notice goes to: the notice
    (with the agenda, the place and the papers) is that day's message to them, not a "Påminnelse"."""
    o = item.occurrence
    meeting = meetings.get(o.number) if o.event.kind is EventKind.BOARD_MEETING else None
    if meeting is None or item.role not in (*reminders.BOARD, Role.PROGRAMME_LEADER.value):
        return False
    return item.reminder.on == notice_day(snapshot, meeting, calendar)


RowKey = tuple[int, int, int, int, str]
"""What makes a reminder's outbox row one (with its deadline): (event id, year, occurrence, step, recipient)."""


def plan_rows(
    snapshot,
    recipients,
    documents,
    as_of: date,
    notifier: Notifier | None,
    summary: RunSummary,
    known: Mapping[RowKey, str] | None = None,
) -> list[dict[str, Any]]:
    """The outbox rows for one programme on `as_of` (each also listed in the summary, by role). An e-mail row
    carries the text and HTML forms and the document to attach; a channel row the Markdown form. Every text is in
    the programme's written standard (`snapshot.language`), the step's name in the summary too.

    `known`: the rows already in the outbox (their subject by `RowKey`). They are not planned again: a reminder all
    of whose rows are known is listed in the summary with the subject it was given, and its text is not rendered
    (recording it would add nothing), so each row's text is rendered once."""
    with language.speaking(snapshot.language):
        return _plan_rows(snapshot, recipients, documents, as_of, notifier, summary, known)


def _plan_rows(
    snapshot,
    recipients,
    documents,
    as_of: date,
    notifier: Notifier | None,
    summary: RunSummary,
    known: Mapping[RowKey, str] | None,
) -> list[dict[str, Any]]:
    settings = get_settings()
    limit = int(settings.attachment_limit_mb * 1_000_000)
    base = None if not settings.base_url or base_url_problem(settings) else links_base(settings)
    short = short_name(snapshot.municipality, snapshot.name)
    known = known if known is not None else {}
    rows = []
    texts: dict[tuple, Text] = {}
    lacking: dict[tuple, list[str]] = {}  # what is missing is the same for everyone hearing about a deadline
    calendar = WorkCalendar.of(snapshot)
    meetings = {m.id: m for m in snapshot.meetings}
    for item in reminders.plan(snapshot, recipients, as_of):
        event = item.occurrence.event
        if _is_the_notice(item, meetings, snapshot, calendar):
            continue  # on its notice day the board and the leader get the notice (`messaging.notices`) instead
        listed = {
            "programme": snapshot.slug,
            "event": event.key,
            "title": event.title,
            "due": item.occurrence.due.isoformat(),
            "step": item.reminder.step,
            "step_name": item.step_name,
            "role": item.role,
        }
        if item.email is None:
            summary.unreachable.append(listed | {"reason": "ingen e-postadresse for rollen"})
            continue
        document = None
        if event.document:
            year = report_year(event.document, item.occurrence.nominal)
            name = document_name(event.document, item.occurrence.due if item.occurrence.is_meeting else None)
            document = {"kind": event.document.value, "year": year, "name": name}
        targets = [item.email] + [f"kanal:{tag}" for tag in (notifier.channels_for(item.role) if notifier else [])]
        row_keys = [
            (event.id, item.occurrence.year, item.occurrence.number, item.reminder.step, target) for target in targets
        ]
        if all(row_key in known for row_key in row_keys):  # in the outbox already: nothing to render or record
            summary.planned.append(listed | {"subject": known[row_keys[0]], "channels": len(targets) - 1})
            continue
        checklist = item.role == Role.PROGRAMME_LEADER.value  # the leader's to-do list is the leader's alone
        key = (item.deadline_key, item.reminder.step, item.email, checklist)
        if key not in texts:
            if item.deadline_key not in lacking:
                lacking[item.deadline_key] = reminders.missing(snapshot, item.occurrence, as_of)
            files = (
                documents.get((snapshot.id, document["kind"], document["year"], document["name"])) if document else None
            )
            note = document_note(files, limit)
            if document:  # what the text says decides what goes with it, however long the row waits
                document["attach"] = note.attached is not None
            texts[key] = reminder_text(
                item,
                programme=snapshot.name,
                short=short,
                slug=snapshot.slug,
                as_of=as_of,
                state=agenda_state(snapshot, item, as_of),
                missing=lacking[item.deadline_key] if checklist else [],
                document=note,
                action_url=deadline_url(base, snapshot.slug, event.key, item.occurrence.year, item.occurrence.number)
                if base
                else None,
                documents_url=documents_url(base, snapshot.slug) if base else None,
            )
        text = texts[key]
        for target, row_key in zip(targets, row_keys, strict=True):
            if row_key in known:
                continue
            channel = target.startswith("kanal:")
            rows.append(
                {
                    "programme_id": snapshot.id,
                    "event_id": event.id,
                    "year": item.occurrence.year,
                    "occurrence": item.occurrence.number,
                    "due_date": item.occurrence.due,
                    "step": item.reminder.step,
                    "recipient": target,
                    "role": item.role,
                    "subject": text.subject,
                    "body": (text.markdown or text.body) if channel else text.body,
                    "html": None if channel else text.html,
                    "document": None if channel else document,
                }
            )
        summary.planned.append(listed | {"subject": text.subject, "channels": len(targets) - 1})
    return rows


def known_rows(session: Session, programme_ids: list[int], as_of: date) -> dict[int, dict[RowKey, str]]:
    """The reminders' outbox rows that a run on `as_of` could plan again, with their subjects, per programme (for
    `plan_rows(known=…)`): those planned from `CATCH_UP_DAYS` before the day (a step due on the day came at the
    earliest then, and its row was planned on or after that). An older row of the same key is only rendered again,
    and then left out by the unique key when recorded, as before."""
    table: Any = OutboxMessage.__table__  # type: ignore[attr-defined]
    deadline: Any = Deadline.__table__  # type: ignore[attr-defined]
    found: dict[int, dict[RowKey, str]] = {pid: {} for pid in programme_ids}
    if not programme_ids:
        return found
    query = (
        sa.select(
            deadline.c.programme_id,
            deadline.c.event_id,
            deadline.c.year,
            deadline.c.occurrence,
            table.c.step,
            table.c.recipient,
            table.c.subject,
        )
        .join(deadline, deadline.c.id == table.c.deadline_id)
        .where(
            table.c.kind == MessageKind.REMINDER.value,
            table.c.planned_for >= as_of - timedelta(days=reminders.CATCH_UP_DAYS),
            deadline.c.programme_id.in_(programme_ids),
        )
    )
    for pid, event_id, year, occurrence, step, recipient, subject in session.execute(query):
        found[pid][(event_id, year, occurrence, step, recipient)] = subject
    return found


def insert_new(session: Session, table: sa.Table, rows: list[dict[str, Any]], chunk: int = 400) -> int:
    """INSERT … ON CONFLICT DO NOTHING, in a few statements: rows already there (from an earlier or a parallel
    run) are skipped by the unique key. Returns how many rows were new."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    added = 0
    for start in range(0, len(rows), chunk):
        statement = insert(table).values(rows[start : start + chunk]).on_conflict_do_nothing()
        added += len(session.execute(statement.returning(table.c.id)).all())  # (rowcount is -1 on some drivers)
    return added


def record(session: Session, rows: list[dict[str, Any]], as_of: date, now: datetime) -> int:
    """Put planned reminders in the outbox with a constant number of statements, however many deadlines.

    The deadlines they belong to are created if the daily tick has not materialised them yet."""
    if not rows:
        return 0
    deadline_keys = {(r["programme_id"], r["event_id"], r["year"], r["occurrence"]): r["due_date"] for r in rows}
    insert_new(
        session,
        Deadline.__table__,
        [
            {
                "programme_id": pid,
                "event_id": event_id,
                "year": year,
                "occurrence": number,
                "due_date": due,
                "status": DeadlineStatus.OPEN.value,
            }
            for (pid, event_id, year, number), due in deadline_keys.items()
        ],
    )
    ids = {
        (pid, event_id, year, number): deadline_id
        for deadline_id, pid, event_id, year, number in session.exec(
            select(Deadline.id, Deadline.programme_id, Deadline.event_id, Deadline.year, Deadline.occurrence)
            .where(Deadline.programme_id.in_({key[0] for key in deadline_keys}))
            .where(Deadline.year.in_({key[2] for key in deadline_keys}))
        )
    }
    return insert_new(
        session,
        OutboxMessage.__table__,
        [
            {
                "deadline_id": ids[(r["programme_id"], r["event_id"], r["year"], r["occurrence"])],
                "kind": MessageKind.REMINDER.value,
                "step": r["step"],
                "recipient": r["recipient"],
                "role": r["role"],
                "subject": r["subject"],
                "body": r["body"],
                "html": r.get("html"),
                "document": r.get("document"),
                "status": OutboxStatus.PENDING.value,
                "attempts": 0,
                "planned_for": as_of,
                "created_at": now,
            }
            for r in rows
        ],
    )
