"""Sending what is pending, one claim at a time: threading headers, attachments, marking sent or the next try.

A failed send stays pending with a growing wait; after `MAX_ATTEMPTS` (or at once, on a permanent refusal) it is
given up, and the programme leader and `drift` are told (`omstilling.messaging.alerts`). One apprise call per
recipient, so a recipient that failed is retried without anyone else getting a second copy."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from omstilling import clock as installation
from omstilling.core import language
from omstilling.core.enums import DocumentKind, MessageKind, OutboxStatus
from omstilling.messaging.alerts import queue_alerts, retire
from omstilling.messaging.claims import LEASE, claim_next, keep_claim, still_mine
from omstilling.messaging.plan import attachments_of
from omstilling.messaging.texts import Text, digest_text
from omstilling.messaging.transport import Attachment, Notifier
from omstilling.store import db
from omstilling.store.models import Deadline, Invitation, OutboxMessage, Programme
from omstilling.store.records import current_files, version_files

if TYPE_CHECKING:
    from omstilling.messaging.outbox import RunSummary

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=15)


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
            if row.kind is MessageKind.ALERT:
                continue
            about = (
                (table.c.deadline_id == row.deadline_id)
                if row.deadline_id is not None
                else (table.c.invitation_id == row.invitation_id)
            )
            first = session.execute(
                sa.select(sa.func.min(table.c.id)).where(
                    about,
                    table.c.recipient == row.recipient,
                    table.c.kind != MessageKind.ALERT.value,
                    table.c.status.in_([OutboxStatus.SENT.value, OutboxStatus.PENDING.value]),
                )
            ).scalar()
            if first is not None and first != row.id:
                roots[row.id] = first
    return roots


def _files(engine: Engine, rows: list[OutboxMessage]) -> list[Attachment]:
    """The current version of each row's document (Word, and PDF when there is one; a notice: the version it was
    planned with), when the row's text said it goes with it (decided when the row was planned, size limit included). A row about a deadline finds its
    programme through the deadline, a board meeting's notice through the meeting's invitation."""
    wanted = {
        (r.deadline_id, r.invitation_id, r.document["kind"], r.document["year"], r.document["name"])
        for r in rows
        if r.document and r.document.get("attach")
    }
    if not wanted:
        return []
    with db.session_scope(engine) as session:
        by_deadline = {
            d.id: d.programme_id for d in session.exec(select(Deadline).where(Deadline.id.in_({w[0] for w in wanted})))
        }
        by_invitation = {
            i.id: i.programme_id
            for i in session.exec(select(Invitation).where(col(Invitation.id).in_({w[1] for w in wanted})))
        }
        documents = current_files(session, list(set(by_deadline.values()) | set(by_invitation.values())))
        pinned = {  # a board meeting's notice carries the version of the pack the others got
            (r.invitation_id, r.document["kind"], r.document["year"], r.document["name"]): r.document["version"]
            for r in rows
            if r.document and r.document.get("attach") and r.document.get("version")
        }
        versions: dict[tuple, dict[str, str]] = {}
        for (invitation_id, kind, year, name), version in pinned.items():
            programme_id = by_invitation.get(invitation_id)
            if programme_id is not None:
                planned = version_files(session, programme_id, DocumentKind(kind), year, name, version)
                versions[(invitation_id, kind, year, name)] = {f: str(p) for f, p in planned.items()}
    found: list[Path] = []
    for deadline_id, invitation_id, kind, year, name in sorted(wanted, key=str):
        programme = by_deadline.get(deadline_id) if deadline_id is not None else by_invitation.get(invitation_id)
        files = versions.get((invitation_id, kind, year, name)) or documents.get((programme, kind, year, name), {})  # type: ignore[arg-type]
        paths = attachments_of(files)
        found += [path for path in paths if path not in found]
    return [Attachment.from_path(path) for path in found]


def _digest(engine: Engine, rows: list[OutboxMessage]) -> Text:
    """A recipient's rows of the day in one message (`texts.digest_text`), in the written standard of the programmes
    the rows are about when they share one, and in bokmål when they do not (or one is not known): a digest about
    one programme follows that programme; one about a bokmål and a nynorsk programme is bokmål around items that
    each keep their own standard."""
    deadlines = {row.deadline_id for row in rows if row.deadline_id is not None}
    invitations = {row.invitation_id for row in rows if row.invitation_id is not None}
    with db.session_scope(engine) as session:
        programmes = set(
            session.exec(select(Deadline.programme_id).where(col(Deadline.id).in_(deadlines))).all()
        ) | set(session.exec(select(Invitation.programme_id).where(col(Invitation.id).in_(invitations))).all())
        standards = set(session.exec(select(Programme.language).where(col(Programme.id).in_(programmes))).all())
    known = all(row.deadline_id is not None or row.invitation_id is not None for row in rows)
    standard = standards.pop() if known and len(standards) == 1 else None
    with language.speaking(standard):
        return digest_text(None, rows[0].planned_for, [Text(r.subject, r.body, r.html) for r in rows])


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
    return lambda: notifier.send_email(
        recipient, text.subject, text.body, html=text.html, headers=headers, attachments=attachments, calendar=calendar
    )


def send_pending(
    engine: Engine,
    notifier: Notifier,
    now: datetime,
    summary: RunSummary,
    *,
    digest: bool = False,
    max_attempts: int = MAX_ATTEMPTS,
    lease: timedelta = LEASE,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> None:
    """Send what is pending and due, one claim at a time: claim a row (or a recipient's rows for a digest),
    check the claim and the deadline once more, deliver, mark it sent (or count the failure and set the next
    try). A worker that dies holds at most the one message in flight, until its lease runs out.

    `now` is the run's instant (backoff is counted from it); `clock` is the real clock the leases use."""
    now = now.astimezone(UTC)
    # the run's day where the installation is (the rows are of every programme: no one programme's zone is at hand)
    as_of = summary.as_of or now.astimezone(installation.zone()).date()
    given_up: list[dict[str, Any]] = retire(engine, as_of, summary)
    while True:
        claim = claim_next(engine, now, clock, lease, digest=digest)
        if claim is None:
            if not given_up:
                break
            # everything given up in this run is told in one alert per deadline step, sent in this run too
            summary.gave_up += len(given_up)
            summary.alerts_queued += queue_alerts(engine, notifier, given_up, max_attempts, now, as_of)
            given_up = []
            continue
        token, rows = claim
        if not rows:
            continue
        text = Text(rows[0].subject, rows[0].body, rows[0].html) if len(rows) == 1 else _digest(engine, rows)
        deliver = _prepare(engine, notifier, rows, text)
        mine = set(still_mine(engine, token, clock, lease))
        held = [row for row in rows if row.id in mine]
        if not held:
            continue
        if len(held) < len(rows):  # a digest item whose deadline was closed meanwhile: the digest without it
            rows = held
            text = _digest(engine, rows) if len(rows) > 1 else Text(rows[0].subject, rows[0].body, rows[0].html)
            deliver = _prepare(engine, notifier, rows, text)
        stop_renewing = keep_claim(engine, token, clock, lease)
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
                    if row.kind.for_meeting:
                        summary.invitations_sent += 1
                    else:
                        summary.sent += 1
                    if row.kind is MessageKind.ALERT:
                        summary.alerts_sent += 1
                else:
                    # a permanent refusal (SMTP 5xx: no such mailbox) is given up at once, not retried for hours
                    row.attempts = max_attempts if delivery.permanent else row.attempts + 1
                    row.last_error = delivery.error
                    summary.failed += 1
                    if row.attempts >= max_attempts:
                        row.status = OutboxStatus.FAILED
                        if row.kind is MessageKind.ALERT:
                            summary.alerts_failed += 1
                        else:
                            given_up.append(
                                {
                                    "id": row.id,
                                    "subject": row.subject,
                                    "role": row.role,
                                    "error": delivery.error,
                                    "deadline_id": row.deadline_id,
                                    "invitation_id": row.invitation_id,
                                    "kind": row.kind,
                                    "step": row.step,
                                }
                            )
                    else:
                        row.next_attempt_at = now + FIRST_RETRY * 2 ** (row.attempts - 1)
                session.add(row)
        if not delivery.ok:
            log.warning("a message to a %s could not be sent: %s", rows[0].role, delivery.error)
    with db.session_scope(engine) as session:
        summary.waiting = session.exec(
            select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.PENDING)
        ).one()
