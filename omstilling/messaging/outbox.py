"""The outbox: every planned reminder becomes a row before it is sent, and each row is sent exactly once.

Rows are unique on (deadline, step, recipient), so planning twice (or in two processes) adds nothing. A sender
claims one row at a time with one conditional UPDATE (pending, due, not claimed by anyone else, its deadline
still open), for a short lease counted from that moment; it checks the claim and the deadline once more,
delivers, and marks the row sent. A worker that dies holds at most the message in flight, until the lease
runs out. A failed send stays pending with the error and a growing wait before the next try; after
`MAX_ATTEMPTS` the row is failed and an alert for the operator (`drift`) and the programme leader goes into
the outbox. Rows whose deadline was closed are cancelled; rows too old to be useful are expired. One apprise
call per recipient, so a recipient that failed is retried without anyone else getting a second copy."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from omstilling.store import db

from omstilling.messaging import invitations
from omstilling.config import get_settings
from omstilling.core import reminders
from omstilling.core.enums import DeadlineStatus, OutboxStatus
from omstilling.core.periods import document_name, report_year
from omstilling.messaging.links import deadline_url, documents_url
from omstilling.store.load import load_all_recipients, load_recipients, load_snapshots
from omstilling.messaging.texts import DocumentNote, Text, digest_text, failure_text, reminder_text, short_name
from omstilling.store.models import Deadline, DocumentRecord, Invitation, OutboxMessage, Programme, WheelEvent
from omstilling.messaging.transport import Attachment, Notifier

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=15)
LEASE = timedelta(minutes=2)
"""How long a claimed row is a worker's: counted from the claim, which is made just before its delivery."""


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
    cancelled: int = 0
    expired: int = 0
    alerts_queued: int = 0
    alerts_sent: int = 0
    alerts_failed: int = 0
    invitations: int = 0
    invitations_sent: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "planned": self.planned, "unreachable": self.unreachable,
                "new": self.new_rows, "sent": self.sent, "failed": self.failed, "gave_up": self.gave_up,
                "waiting": self.waiting, "cancelled": self.cancelled, "expired": self.expired,
                "alerts": {"queued": self.alerts_queued, "sent": self.alerts_sent, "failed": self.alerts_failed},
                "invitations": {"new": self.invitations, "sent": self.invitations_sent},
                "errors": self.errors}


ATTACHED_FORMATS = {"docx": "Word", "pdf": "PDF"}
"""The formats of a document that go with a message, and what the message calls them."""


def latest_documents(session: Session, programme_ids: list[int]) -> dict[tuple[int, str, int, str], dict[str, str]]:
    """The files of each document's latest version, by (programme, kind, year, name) and format."""
    found: dict[tuple[int, str, int, str], tuple[int, dict[str, str]]] = {}
    for pid, kind, year, name, version, fmt, path in session.exec(
        select(DocumentRecord.programme_id, DocumentRecord.kind, DocumentRecord.year, DocumentRecord.name,
               DocumentRecord.version, DocumentRecord.format, DocumentRecord.path)
        .where(DocumentRecord.programme_id.in_(programme_ids))
    ):
        key = (pid, kind.value, year, name)
        if key not in found or found[key][0] < version:
            found[key] = (version, {})
        if found[key][0] == version:
            found[key][1][fmt] = path
    return {key: files for key, (_version, files) in found.items()}


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


def plan_rows(snapshot, recipients, documents, as_of: date, notifier: Notifier | None,
              summary: RunSummary) -> list[dict[str, Any]]:
    """The outbox rows for one programme on `as_of` (each also listed in the summary, by role). An e-mail row
    carries the text and HTML forms and the document to attach; a channel row the Markdown form."""
    settings = get_settings()
    limit = int(settings.attachment_limit_mb * 1_000_000)
    short = short_name(snapshot.municipality, snapshot.name)
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
        document = None
        if event.document:
            year = report_year(event.document, item.occurrence.nominal)
            name = document_name(event.document, item.occurrence.due if item.occurrence.is_meeting else None)
            document = {"kind": event.document.value, "year": year, "name": name}
        key = (item.deadline_key, item.reminder.step, item.email)
        if key not in texts:
            if item.deadline_key not in lacking:
                lacking[item.deadline_key] = reminders.missing(snapshot, item.occurrence, as_of)
            files = documents.get((snapshot.id, document["kind"], document["year"], document["name"])) \
                if document else None
            base = settings.base_url
            note = document_note(files, limit)
            if document:  # what the text says decides what goes with it, however long the row waits
                document["attach"] = note.attached is not None
            texts[key] = reminder_text(
                item, programme=snapshot.name, short=short, slug=snapshot.slug, as_of=as_of,
                missing=lacking[item.deadline_key], document=note,
                action_url=deadline_url(base, snapshot.slug, event.key, item.occurrence.year,
                                        item.occurrence.number) if base else None,
                documents_url=documents_url(base, snapshot.slug) if base else None)
        text = texts[key]
        targets = [item.email] + [f"kanal:{tag}" for tag in (notifier.channels_for(item.role) if notifier else [])]
        for target in targets:
            channel = target.startswith("kanal:")
            rows.append({"programme_id": snapshot.id, "event_id": event.id, "year": item.occurrence.year,
                         "occurrence": item.occurrence.number, "due_date": item.occurrence.due,
                         "step": item.reminder.step, "recipient": target, "role": item.role,
                         "subject": text.subject, "body": (text.markdown or text.body) if channel else text.body,
                         "html": None if channel else text.html, "document": None if channel else document})
        summary.planned.append(listed | {"subject": text.subject, "channels": len(targets) - 1})
    return rows


def describe(exc: Exception) -> str:
    """An error as one line for the operator: the message a user can act on, or the exception's kind."""
    from omstilling.errors import OmstillingError

    return str(exc) if isinstance(exc, OmstillingError) else f"{type(exc).__name__}: {exc}"


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
        statement = insert(table).values(rows[start:start + chunk]).on_conflict_do_nothing()
        added += len(session.execute(statement.returning(table.c.id)).all())  # (rowcount is -1 on some drivers)
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
         "html": r.get("html"), "document": r.get("document"),
         "status": OutboxStatus.PENDING.value, "attempts": 0, "planned_for": as_of, "created_at": now}
        for r in rows
    ])


def _oslo_today(now: datetime) -> date:
    return now.astimezone(ZoneInfo("Europe/Oslo")).date()


def _retire(engine: Engine, as_of: date, summary: RunSummary) -> list[dict[str, Any]]:
    """Before sending: pending rows whose deadline is no longer open are cancelled (a deadline marked done or
    skipped sends nothing more, not even its queued retries). Reminder rows whose moment has passed are not sent:
    those planned more than `CATCH_UP_DAYS` before `as_of` (a backlog recorded while sending was off does not
    flood anyone), and a reminder before or on the due date once the due date is past ("fristen er i dag" is
    never said the day after). A row that had already failed when it ran out of time is given up, not quietly
    expired: it is returned, to be alerted about. Alerts about failures are never retired."""
    table, deadlines, events = OutboxMessage.__table__, Deadline.__table__, WheelEvent.__table__
    given_up: list[dict[str, Any]] = []
    with db.session_scope(engine) as session:
        closed = sa.select(deadlines.c.id).where(deadlines.c.status != DeadlineStatus.OPEN.value)
        cancelled = session.execute(table.update().where(table.c.status == OutboxStatus.PENDING.value,
                                                         table.c.step > 0, table.c.deadline_id.in_(closed))
                                    .values(status=OutboxStatus.CANCELLED.value, claim_token=None,
                                            claimed_until=None))
        summary.cancelled += max(cancelled.rowcount, 0)
        # an invitation row that failed and whose meeting has begun is given up (told below); one that a later
        # announcement of its meeting replaced, or never tried before its meeting began, is cancelled
        invites = Invitation.__table__
        begun = sa.select(invites.c.id).where(
            invites.c.starts_at <= datetime.combine(as_of, datetime.min.time(), tzinfo=UTC))
        failing = session.execute(
            sa.select(table.c.id, table.c.subject, table.c.role, table.c.step, table.c.last_error,
                      table.c.invitation_id)
            .where(table.c.status == OutboxStatus.PENDING.value, table.c.step > 0, table.c.attempts > 0,
                   table.c.invitation_id.in_(begun))).all()
        if failing:
            session.execute(table.update().where(table.c.id.in_([r.id for r in failing]),
                                                 table.c.status == OutboxStatus.PENDING.value)
                            .values(status=OutboxStatus.FAILED.value, claim_token=None, claimed_until=None))
            given_up += [{"id": r.id, "subject": r.subject, "role": r.role, "step": r.step, "error": r.last_error,
                          "deadline_id": None, "invitation_id": r.invitation_id} for r in failing]
        superseded = session.execute(table.update().where(
            table.c.status == OutboxStatus.PENDING.value, table.c.invitation_id.is_not(None), table.c.step > 0,
            table.c.invitation_id.in_(sa.select(invites.c.id).where(sa.or_(
                invites.c.starts_at <= datetime.combine(as_of, datetime.min.time(), tzinfo=UTC),
                # an announcement, or a removal (2000 + SEQUENCE), of an earlier SEQUENCE
                sa.and_(table.c.step < invitations.REMOVED, table.c.step < invitations.STEP + invites.c.sequence),
                sa.and_(table.c.step >= invitations.REMOVED,
                        table.c.step < invitations.REMOVED + invites.c.sequence))).correlate(table)))
            .values(status=OutboxStatus.CANCELLED.value, claim_token=None, claimed_until=None))
        summary.cancelled += max(superseded.rowcount, 0)
        stale = as_of - timedelta(days=reminders.CATCH_UP_DAYS)
        rows = session.execute(
            sa.select(table.c.id, table.c.step, table.c.planned_for, table.c.attempts, table.c.subject,
                      table.c.role, table.c.last_error, table.c.deadline_id, deadlines.c.due_date, events.c.ladder)
            .join(deadlines, deadlines.c.id == table.c.deadline_id).join(events, events.c.id == deadlines.c.event_id)
            .where(table.c.status == OutboxStatus.PENDING.value, table.c.step > 0)
        ).all()
        late: dict[OutboxStatus, list[int]] = {OutboxStatus.FAILED: [], OutboxStatus.EXPIRED: []}
        for row in rows:
            ladder = row.ladder or []
            offset = ladder[row.step - 1]["offset"] if row.step <= len(ladder) else 1
            if not (row.planned_for < stale or (offset <= 0 and as_of > row.due_date)):
                continue
            late[OutboxStatus.FAILED if row.attempts else OutboxStatus.EXPIRED].append(row.id)
            if row.attempts:
                given_up.append({"id": row.id, "subject": row.subject, "role": row.role, "step": row.step,
                                 "error": row.last_error, "deadline_id": row.deadline_id})
        for status, ids in late.items():
            if ids:
                session.execute(table.update().where(table.c.id.in_(ids),
                                                     table.c.status == OutboxStatus.PENDING.value)
                                .values(status=status.value, claim_token=None, claimed_until=None))
        summary.expired += len(late[OutboxStatus.EXPIRED])
    return given_up


def _claim_next(engine: Engine, now: datetime, clock: Callable[[], datetime], lease: timedelta, *,
                digest: bool) -> tuple[str, list[OutboxMessage]] | None:
    """Claim the next row that may be sent now (with a digest: all of that recipient's), for `lease` counted
    from this moment. One conditional UPDATE decides between workers; None when nothing is left."""
    table, deadlines = OutboxMessage.__table__, Deadline.__table__
    with db.session_scope(engine) as session:
        moment = clock().astimezone(UTC)
        sendable = sa.and_(
            table.c.status == OutboxStatus.PENDING.value,
            sa.or_(table.c.next_attempt_at.is_(None), table.c.next_attempt_at <= now),
            sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < moment),
            sa.or_(table.c.step <= 0, table.c.invitation_id.is_not(None), table.c.deadline_id.in_(
                sa.select(deadlines.c.id).where(deadlines.c.status == DeadlineStatus.OPEN.value))),
        )
        first = session.execute(sa.select(table.c.id, table.c.recipient, table.c.invitation_id).where(sendable)
                                .order_by(table.c.id).limit(1)).first()
        if first is None:
            return None
        token = uuid.uuid4().hex
        # a digest gathers a recipient's reminders; an invitation always goes on its own, with its calendar object
        which = sa.and_(table.c.recipient == first.recipient, table.c.invitation_id.is_(None)) \
            if digest and first.invitation_id is None else table.c.id == first.id
        claimed = session.execute(table.update().where(sendable, which)
                                  .values(claim_token=token, claimed_until=moment + lease))
        if not claimed.rowcount:  # another worker took it between the two statements: look again
            return token, []
    with db.session_scope(engine) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.claim_token == token)
                            .order_by(OutboxMessage.id)).all()
    return token, list(rows)


def _still_mine(engine: Engine, token: str, clock: Callable[[], datetime], lease: timedelta) -> list[int]:
    """Immediately before delivery: the rows this claim still holds, unexpired, whose deadline is still open; their
    lease is renewed in the same statement, so the whole lease is the delivery's, however long the preparation
    took."""
    table, deadlines = OutboxMessage.__table__, Deadline.__table__
    with db.session_scope(engine) as session:
        moment = clock().astimezone(UTC)
        held = sa.and_(
            table.c.claim_token == token, table.c.status == OutboxStatus.PENDING.value, table.c.claimed_until > moment,
            sa.or_(table.c.step <= 0, table.c.invitation_id.is_not(None), table.c.deadline_id.in_(
                sa.select(deadlines.c.id).where(deadlines.c.status == DeadlineStatus.OPEN.value))))
        return list(session.execute(table.update().where(held).values(claimed_until=moment + lease)
                                    .returning(table.c.id)).scalars())


def _keep_claim(engine: Engine, token: str, clock: Callable[[], datetime], lease: timedelta) -> Callable[[], None]:
    """While a delivery runs (a slow server, a large attachment), renew its claim every third of the lease, so no
    other worker takes the rows however long it takes; returns the function that stops renewing. A worker that
    dies stops renewing with it, and its rows come free one lease later."""
    stop = threading.Event()
    table = OutboxMessage.__table__

    def renew() -> None:
        while not stop.wait(lease.total_seconds() / 3):
            try:
                with db.session_scope(engine) as session:
                    session.execute(table.update().where(table.c.claim_token == token,
                                                         table.c.status == OutboxStatus.PENDING.value)
                                    .values(claimed_until=clock().astimezone(UTC) + lease))
            except Exception:  # noqa: BLE001 (the delivery goes on; the next renewal tries again)
                log.warning("the claim of a message being sent could not be renewed", exc_info=True)

    thread = threading.Thread(target=renew, name="omstilling-claim", daemon=True)
    thread.start()

    def done() -> None:
        stop.set()
        thread.join()

    return done


def message_id(row_id: int, domain: str, *, digest: bool = False) -> str:
    """The Message-ID of the message an outbox row became: the same after a crash and a re-send, so mail systems
    that de-duplicate do."""
    return f"<omstilling.{row_id}{'.sammendrag' if digest else ''}@{domain}>"


def _thread_roots(engine: Engine, rows: list[OutboxMessage]) -> dict[int, int]:
    """For each row, the first row of its ladder to the same recipient (the first step of a deadline's reminders,
    the first announcement of a meeting), when that is another row: later steps reply to it."""
    table = OutboxMessage.__table__
    roots: dict[int, int] = {}
    with db.session_scope(engine) as session:
        for row in rows:
            if row.step <= 0:
                continue
            about = (table.c.deadline_id == row.deadline_id) if row.deadline_id is not None \
                else (table.c.invitation_id == row.invitation_id)
            first = session.execute(sa.select(sa.func.min(table.c.id)).where(
                about, table.c.recipient == row.recipient, table.c.step > 0,
                table.c.status.in_([OutboxStatus.SENT.value, OutboxStatus.PENDING.value]))).scalar()
            if first is not None and first != row.id:
                roots[row.id] = first
    return roots


def _files(engine: Engine, rows: list[OutboxMessage]) -> list[Attachment]:
    """The latest version of each row's document (Word, and PDF when there is one), when the row's text said it
    goes with it (decided when the row was planned, size limit included)."""
    wanted = {(r.deadline_id, r.document["kind"], r.document["year"], r.document["name"]) for r in rows
              if r.document and r.document.get("attach")}
    if not wanted:
        return []
    with db.session_scope(engine) as session:
        programme = {d.id: d.programme_id for d in session.exec(
            select(Deadline).where(Deadline.id.in_({w[0] for w in wanted})))}
        documents = latest_documents(session, list(set(programme.values())))
    found: list[Path] = []
    for deadline_id, kind, year, name in sorted(wanted, key=str):
        paths = attachments_of(documents.get((programme.get(deadline_id), kind, year, name), {}))
        found += [path for path in paths if path not in found]
    return [Attachment.from_path(path) for path in found]


def _prepare(engine: Engine, notifier: Notifier, rows: list[OutboxMessage], text: Text) -> Callable[[], Any]:
    """Everything a delivery needs that reads the database or the disk (thread, attachments), done before the last
    check of the claim, so that check is followed by the delivery alone."""
    recipient = rows[0].recipient
    if recipient.startswith("kanal:"):
        return lambda: notifier.send_channel(recipient.removeprefix("kanal:"), text.subject, text.body)
    domain = notifier.mail_domain
    headers = {"Message-ID": message_id(rows[0].id, domain, digest=len(rows) > 1)}
    if len(rows) == 1 and (root := _thread_roots(engine, rows).get(rows[0].id)):
        headers["In-Reply-To"] = headers["References"] = message_id(root, domain)
    attachments = _files(engine, rows)
    calendar = rows[0].ics if len(rows) == 1 else None
    return lambda: notifier.send_email(recipient, text.subject, text.body, html=text.html, headers=headers,
                                       attachments=attachments, calendar=calendar)


def send_pending(engine: Engine, notifier: Notifier, now: datetime, summary: RunSummary, *, digest: bool = False,
                 max_attempts: int = MAX_ATTEMPTS, lease: timedelta = LEASE,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
    """Send what is pending and due, one claim at a time: claim a row (or a recipient's rows for a digest),
    check the claim and the deadline once more, deliver, mark it sent (or count the failure and set the next
    try). A worker that dies holds at most the one message in flight, until its lease runs out.

    `now` is the run's instant (backoff is counted from it); `clock` is the real clock the leases use."""
    now = now.astimezone(UTC)
    as_of = summary.as_of or _oslo_today(now)
    given_up: list[dict[str, Any]] = _retire(engine, as_of, summary)
    while True:
        claim = _claim_next(engine, now, clock, lease, digest=digest)
        if claim is None:
            if not given_up:
                break
            # everything given up in this run is told in one alert per deadline step, sent in this run too
            summary.gave_up += len(given_up)
            summary.alerts_queued += _queue_alerts(engine, notifier, given_up, max_attempts, now, as_of)
            given_up = []
            continue
        token, rows = claim
        if not rows:
            continue
        texts = [Text(r.subject, r.body, r.html) for r in rows]
        text = texts[0] if len(rows) == 1 else digest_text(None, rows[0].planned_for, texts)
        deliver = _prepare(engine, notifier, rows, text)
        mine = set(_still_mine(engine, token, clock, lease))
        held = [row for row in rows if row.id in mine]
        if not held:
            continue
        if len(held) < len(rows):  # a digest item whose deadline was closed meanwhile: the digest without it
            rows = held
            text = digest_text(None, rows[0].planned_for, [Text(r.subject, r.body, r.html) for r in rows]) \
                if len(rows) > 1 else Text(rows[0].subject, rows[0].body, rows[0].html)
            deliver = _prepare(engine, notifier, rows, text)
        stop_renewing = _keep_claim(engine, token, clock, lease)
        try:
            delivery = deliver()
        finally:
            stop_renewing()
        with db.session_scope(engine) as session:
            for stored in rows:
                row = session.get(OutboxMessage, stored.id)
                if row is None or row.claim_token != token:
                    continue
                row.claim_token, row.claimed_until = None, None
                if delivery.ok:
                    row.status, row.sent_at, row.last_error = OutboxStatus.SENT, now, None
                    if row.invitation_id is not None:
                        summary.invitations_sent += 1
                    else:
                        summary.sent += 1
                    if row.step <= 0:
                        summary.alerts_sent += 1
                else:
                    # a permanent refusal (SMTP 5xx: no such mailbox) is given up at once, not retried for hours
                    row.attempts = max_attempts if delivery.permanent else row.attempts + 1
                    row.last_error = delivery.error
                    summary.failed += 1
                    if row.attempts >= max_attempts:
                        row.status = OutboxStatus.FAILED
                        if row.step > 0:
                            given_up.append({"id": row.id, "subject": row.subject, "role": row.role,
                                             "error": delivery.error, "deadline_id": row.deadline_id,
                                             "invitation_id": row.invitation_id, "step": row.step})
                        else:
                            summary.alerts_failed += 1
                    else:
                        row.next_attempt_at = now + FIRST_RETRY * 2 ** (row.attempts - 1)
                session.add(row)
        if not delivery.ok:
            log.warning("a message to a %s could not be sent: %s", rows[0].role, delivery.error)
    with db.session_scope(engine) as session:
        summary.waiting = session.exec(
            select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.PENDING)
        ).one()


def _queue_alerts(engine: Engine, notifier: Notifier, items: list[dict], attempts: int, now: datetime,
                  as_of: date) -> int:
    """Messages given up are told, through the outbox like everything else, to the operator's `drift` channel
    and to each programme's leader: one alert per deadline step (or meeting invitation) and recipient, listing the
    rows given up, keyed on the deadline (or invitation) and the first failed row's id, negated (an alert that
    fails itself is counted, never alerted about)."""
    rows = []
    with db.session_scope(engine) as session:
        names = {p.id: (p.name, short_name(p.municipality, p.name)) for p in session.exec(select(Programme))}
        deadline_programme = dict(session.exec(select(Deadline.id, Deadline.programme_id).where(
            Deadline.id.in_([i["deadline_id"] for i in items if i.get("deadline_id") is not None]))).all())
        invitation_programme = dict(session.exec(select(Invitation.id, Invitation.programme_id).where(
            Invitation.id.in_([i["invitation_id"] for i in items if i.get("invitation_id") is not None]))).all())

        def programme_of(about: tuple[str, int]) -> int | None:
            return (deadline_programme if about[0] == "deadline_id" else invitation_programme).get(about[1])

        groups: dict[tuple[tuple[str, int], int], list[dict]] = {}
        for item in items:
            about = ("deadline_id", item["deadline_id"]) if item.get("deadline_id") is not None \
                else ("invitation_id", item["invitation_id"])
            groups.setdefault((about, item["step"]), []).append(item)
        leaders = {pid: [p.email for p in reminders.holders(load_recipients(session, session.get(Programme, pid)),
                                                           ("programleder",), as_of) if p.email]
                   for pid in {programme_of(about) for about, _ in groups} if pid is not None}
        channels = [f"kanal:{tag}" for tag in notifier.channels_for("drift")]
        for (about, _step), group in groups.items():
            programme, short = names.get(programme_of(about), ("omstilling", None))
            text = failure_text(group, attempts, programme=programme, short=short)
            key = -min(item["id"] for item in group)  # a later give-up of the same step gets its own alert
            for recipient in channels + leaders.get(programme_of(about), []):
                channel = recipient.startswith("kanal:")
                rows.append({"deadline_id": None, "invitation_id": None, about[0]: about[1], "step": key,
                             "recipient": recipient, "role": "drift" if channel else "programleder",
                             "html": None if channel else text.html, "subject": text.subject, "body": text.body,
                             "status": OutboxStatus.PENDING.value, "attempts": 0, "planned_for": as_of,
                             "created_at": now})
        return _insert_new(session, OutboxMessage.__table__, rows) if rows else 0


def invite(engine: Engine, *, as_of: date, now: datetime, notifier: Notifier | None,
           programme_slug: str | None = None) -> tuple[int, list[dict[str, str]]]:
    """Bring every programme's meeting invitations up to date (see `omstilling.messaging.invitations`) and put the messages
    that announce them in the outbox, to be sent with the day's reminders. Returns how many rows were new, and the
    programmes whose invitations could not be planned (the others' are)."""
    organizer = notifier.sender_address if notifier else "omstilling@omstilling.invalid"
    added, errors = 0, []
    with db.session_scope(engine) as session:
        query = select(Programme).order_by(Programme.slug)
        if programme_slug:
            from omstilling.intake.writes import get_programme

            query = query.where(Programme.id == get_programme(session, programme_slug).id)
        programmes = session.exec(query).all()
        snapshots = load_snapshots(session, programmes)
        contacts = load_all_recipients(session, [p.id for p in programmes])
        for programme in programmes:
            try:
                with session.begin_nested():
                    rows = invitations.plan(session, snapshots[programme.id], contacts.get(programme.id, ()),
                                            as_of, now.astimezone(UTC), organizer)
                    added += _insert_new(session, OutboxMessage.__table__, rows) if rows else 0
            except Exception as exc:  # noqa: BLE001 (reported, the others go on)
                log.exception("invitations for %s could not be planned", programme.slug)
                errors.append({"programme": programme.slug, "error": describe(exc)})
    return added, errors


def remind(engine: Engine, *, as_of: date, now: datetime, notifier: Notifier | None, dry_run: bool = False,
           digest: bool = False, programme_slug: str | None = None, lease: timedelta = LEASE) -> RunSummary:
    """Plan the reminders due on `as_of` for every programme (or one), record them, and send what is pending.

    Planning reads all programmes with the same few queries and records with a few more, however many."""
    summary = RunSummary(as_of)
    now = now.astimezone(UTC)
    with db.session_scope(engine) as session:
        query = select(Programme).order_by(Programme.slug)
        if programme_slug:
            from omstilling.intake.writes import get_programme

            query = query.where(Programme.id == get_programme(session, programme_slug).id)
        programmes = session.exec(query).all()
        ids = [p.id for p in programmes]
        snapshots = load_snapshots(session, programmes)
        contacts = load_all_recipients(session, ids)
        documents = latest_documents(session, ids)
        rows = []
        for programme in programmes:
            # One programme whose data cannot be planned (say, closed days that leave no working day) is
            # reported and skipped; everyone else's reminders go out.
            scratch = RunSummary(as_of)
            try:
                rows += plan_rows(snapshots[programme.id], contacts.get(programme.id, ()), documents, as_of,
                                  notifier, scratch)
            except Exception as exc:  # noqa: BLE001 (reported in the summary, the run goes on)
                log.exception("reminders for %s could not be planned", programme.slug)
                summary.errors.append({"programme": programme.slug, "error": describe(exc)})
                continue
            summary.planned += scratch.planned
            summary.unreachable += scratch.unreachable
        if not dry_run:
            summary.new_rows = record(session, rows, as_of, now)
    if not dry_run and notifier is not None:
        send_pending(engine, notifier, now, summary, digest=digest, lease=lease)
    return summary
