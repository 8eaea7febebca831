"""The outbox: every planned reminder becomes a row before it is sent, and each row is sent exactly once.

Rows are unique on (deadline, step, recipient), so planning twice (or in two processes) adds nothing. A sender
claims a row with one conditional UPDATE (status pending and not claimed by someone else), then sends it and
marks it sent. A failed send stays pending with the error and a growing wait before the next try; after
`MAX_ATTEMPTS` the row is failed and the operator (`drift`) and the programme leader are told. One apprise
call per recipient, so a recipient that failed is retried without anyone else getting a second copy."""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from omstilling import db, reminders
from omstilling.load import load_all_recipients, load_recipients, load_snapshots
from omstilling.messages import Text, digest_text, failure_text, reminder_text
from omstilling.models import (
    Deadline,
    DeadlineStatus,
    DocumentRecord,
    OutboxMessage,
    OutboxStatus,
    Programme,
)
from omstilling.notify import Notifier

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=15)
CLAIM_FOR = timedelta(minutes=10)


@dataclass
class RunSummary:
    """What a reminder run planned, sent and could not send (addresses are not in here: roles are)."""

    as_of: date
    planned: list[dict[str, Any]] = field(default_factory=list)
    unreachable: list[dict[str, Any]] = field(default_factory=list)
    new_rows: int = 0
    sent: int = 0
    failed: int = 0
    gave_up: int = 0
    waiting: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "planned": self.planned, "unreachable": self.unreachable,
                "new": self.new_rows, "sent": self.sent, "failed": self.failed, "gave_up": self.gave_up,
                "waiting": self.waiting}


def _drafts(session: Session, programme_ids: list[int]) -> dict[tuple[int, str, int], str]:
    """The latest document written for each (programme, kind, year), Word preferred: reminders point at it."""
    found: dict[tuple[int, str, int], str] = {}
    for pid, kind, year, path in session.exec(
        select(DocumentRecord.programme_id, DocumentRecord.kind, DocumentRecord.year, DocumentRecord.path)
        .where(DocumentRecord.programme_id.in_(programme_ids)).order_by(DocumentRecord.id)
    ):
        key = (pid, kind.value, year)
        if path.endswith(".docx") or key not in found:
            found[key] = path
    return found


def plan_rows(snapshot, recipients, drafts, as_of: date, notifier: Notifier | None,
              summary: RunSummary) -> list[dict[str, Any]]:
    """The outbox rows for one programme on `as_of` (each also listed in the summary, by role)."""
    rows = []
    texts: dict[tuple, Text] = {}
    lacking: dict[tuple, list[str]] = {}  # what is missing is the same for everyone hearing about a deadline
    for item in reminders.plan(snapshot, recipients, as_of):
        event = item.occurrence.event
        listed = {"programme": snapshot.slug, "event": event.key, "title": event.title,
                  "due": item.occurrence.due.isoformat(), "step": item.reminder.step, "step_name": item.step_name,
                  "role": item.role}
        if item.email is None:
            summary.unreachable.append(listed | {"reason": "ingen e-postadresse for rollen"})
            continue
        key = (item.deadline_key, item.reminder.step, item.email)
        if key not in texts:
            kind = event.document.value if event.document else None
            year = reminders.report_year(event.document, item.occurrence.due)
            if item.deadline_key not in lacking:
                lacking[item.deadline_key] = reminders.missing(snapshot, item.occurrence, as_of)
            texts[key] = reminder_text(item, programme=snapshot.name, slug=snapshot.slug, as_of=as_of,
                                       draft=drafts.get((snapshot.id, kind, year)) if kind else None,
                                       missing=lacking[item.deadline_key])
        text = texts[key]
        targets = [item.email] + [f"kanal:{tag}" for tag in (notifier.channels_for(item.role) if notifier else [])]
        for target in targets:
            rows.append({"programme_id": snapshot.id, "event_id": event.id, "year": item.occurrence.year,
                         "occurrence": item.occurrence.number, "due_date": item.occurrence.due,
                         "step": item.reminder.step, "recipient": target, "role": item.role,
                         "subject": text.subject, "body": text.body})
        summary.planned.append(listed | {"subject": text.subject, "channels": len(targets) - 1})
    return rows


def _insert_new(session: Session, table: sa.Table, rows: list[dict[str, Any]], chunk: int = 400) -> int:
    """INSERT … ON CONFLICT DO NOTHING, in a few statements: rows already there (from an earlier or a parallel
    run) are skipped by the unique key. Returns how many rows were new."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    added = 0
    for start in range(0, len(rows), chunk):
        result = session.execute(insert(table).values(rows[start:start + chunk]).on_conflict_do_nothing())
        added += max(result.rowcount, 0)
    return added


def record(session: Session, rows: list[dict[str, Any]], as_of: date, now: datetime) -> int:
    """Put planned rows in the outbox with a constant number of statements, however many deadlines.

    The deadlines they belong to are created if the daily tick has not materialised them yet."""
    if not rows:
        return 0
    deadline_keys = {(r["programme_id"], r["event_id"], r["year"], r["occurrence"]): r["due_date"] for r in rows}
    _insert_new(session, Deadline.__table__, [
        {"programme_id": pid, "event_id": event_id, "year": year, "occurrence": number, "due_date": due,
         "status": DeadlineStatus.OPEN.value}
        for (pid, event_id, year, number), due in deadline_keys.items()
    ])
    ids = {
        (pid, event_id, year, number): deadline_id
        for deadline_id, pid, event_id, year, number in session.exec(
            select(Deadline.id, Deadline.programme_id, Deadline.event_id, Deadline.year, Deadline.occurrence)
            .where(Deadline.programme_id.in_({key[0] for key in deadline_keys}))
            .where(Deadline.year.in_({key[2] for key in deadline_keys}))
        )
    }
    return _insert_new(session, OutboxMessage.__table__, [
        {"deadline_id": ids[(r["programme_id"], r["event_id"], r["year"], r["occurrence"])], "step": r["step"],
         "recipient": r["recipient"], "role": r["role"], "subject": r["subject"], "body": r["body"],
         "status": OutboxStatus.PENDING.value, "attempts": 0, "planned_for": as_of, "created_at": now}
        for r in rows
    ])


def _claim(engine: Engine, now: datetime, limit: int = 1000) -> tuple[str, list[OutboxMessage]]:
    """Claim the pending rows that may be sent now; another process cannot claim them for CLAIM_FOR."""
    token = uuid.uuid4().hex
    table = OutboxMessage.__table__
    with db.session_scope(engine) as session:
        candidates = session.exec(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == OutboxStatus.PENDING)
            .where(sa.or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now))
            .where(sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
            .order_by(OutboxMessage.id)
            .limit(limit)
        ).all()
        for row_id in candidates:
            session.execute(
                table.update()
                .where(table.c.id == row_id, table.c.status == OutboxStatus.PENDING.value)
                .where(sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < now))
                .values(claim_token=token, claimed_until=now + CLAIM_FOR)
            )
    with db.session_scope(engine) as session:
        claimed = session.exec(select(OutboxMessage).where(OutboxMessage.claim_token == token)
                               .order_by(OutboxMessage.id)).all()
    return token, list(claimed)


def _deliver(notifier: Notifier, recipient: str, text: Text):
    if recipient.startswith("kanal:"):
        return notifier.send_channel(recipient.removeprefix("kanal:"), text.subject, text.body)
    return notifier.send_email(recipient, text.subject, text.body)


def send_pending(engine: Engine, notifier: Notifier, now: datetime, summary: RunSummary, *, digest: bool = False,
                 max_attempts: int = MAX_ATTEMPTS) -> None:
    """Send what is pending and due; mark each row sent, or count the failure and set the next try."""
    now = now.astimezone(UTC)
    token, claimed = _claim(engine, now)
    batches: list[tuple[str, list[OutboxMessage], Text]] = []
    if digest:
        by_recipient: dict[str, list[OutboxMessage]] = defaultdict(list)
        for row in claimed:
            by_recipient[row.recipient].append(row)
        for recipient, rows in by_recipient.items():
            texts = [Text(r.subject, r.body) for r in rows]
            text = texts[0] if len(rows) == 1 else digest_text(None, rows[0].planned_for, texts)
            batches.append((recipient, rows, text))
    else:
        batches = [(row.recipient, [row], Text(row.subject, row.body)) for row in claimed]
    gave_up = []
    for recipient, rows, text in batches:
        delivery = _deliver(notifier, recipient, text)
        with db.session_scope(engine) as session:
            for stored in rows:
                row = session.get(OutboxMessage, stored.id)
                if row is None or row.claim_token != token:
                    continue
                row.claim_token, row.claimed_until = None, None
                if delivery.ok:
                    row.status, row.sent_at, row.last_error = OutboxStatus.SENT, now, None
                    summary.sent += 1
                else:
                    row.attempts += 1
                    row.last_error = delivery.error
                    summary.failed += 1
                    if row.attempts >= max_attempts:
                        row.status = OutboxStatus.FAILED
                        gave_up.append({"subject": row.subject, "role": row.role, "error": delivery.error,
                                        "deadline_id": row.deadline_id})
                    else:
                        row.next_attempt_at = now + FIRST_RETRY * 2 ** (row.attempts - 1)
                session.add(row)
        if not delivery.ok:
            log.warning("reminder to a %s could not be sent: %s", rows[0].role, delivery.error)
    summary.gave_up += len(gave_up)
    if gave_up:
        _tell_about_failures(engine, notifier, gave_up, max_attempts, now.date())
    with db.session_scope(engine) as session:
        summary.waiting = session.exec(
            select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.PENDING)
        ).one()


def _tell_about_failures(engine: Engine, notifier: Notifier, items: list[dict], attempts: int, today: date) -> None:
    """The operator's channel and each programme's leader hear about messages that were given up."""
    text = failure_text(items, attempts)
    for tag in notifier.channels_for("drift"):
        notifier.send_channel(tag, text.subject, text.body)
    with db.session_scope(engine) as session:
        programme_ids = set(session.exec(
            select(Deadline.programme_id).where(Deadline.id.in_([i["deadline_id"] for i in items]))))
        for programme in session.exec(select(Programme).where(Programme.id.in_(programme_ids))):
            for person in reminders.holders(load_recipients(session, programme), ("programleder",), today):
                if person.email:
                    notifier.send_email(person.email, text.subject, text.body)


def remind(engine: Engine, *, as_of: date, now: datetime, notifier: Notifier | None, dry_run: bool = False,
           digest: bool = False, programme_slug: str | None = None) -> RunSummary:
    """Plan the reminders due on `as_of` for every programme (or one), record them, and send what is pending.

    Planning reads all programmes with the same few queries and records with a few more, however many."""
    summary = RunSummary(as_of)
    now = now.astimezone(UTC)
    with db.session_scope(engine) as session:
        query = select(Programme).order_by(Programme.slug)
        if programme_slug:
            from omstilling.services import get_programme

            query = query.where(Programme.id == get_programme(session, programme_slug).id)
        programmes = session.exec(query).all()
        ids = [p.id for p in programmes]
        snapshots = load_snapshots(session, programmes)
        contacts = load_all_recipients(session, ids)
        drafts = _drafts(session, ids)
        rows = []
        for programme in programmes:
            rows += plan_rows(snapshots[programme.id], contacts.get(programme.id, ()), drafts, as_of, notifier,
                              summary)
        if not dry_run:
            summary.new_rows = record(session, rows, as_of, now)
    if not dry_run and notifier is not None:
        send_pending(engine, notifier, now, summary, digest=digest)
    return summary
