"""Rows that will not go out: retired before sending (deadline closed, too late, replaced) or given up, and the
alerts that tell the programme leader and `drift` about those given up, queued in the outbox like any message."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from omstilling.core import language, reminders
from omstilling.core.enums import MEETING_MESSAGES, AuditAction, AuditOutcome, DeadlineStatus, MessageKind, OutboxStatus
from omstilling.messaging.plan import insert_new
from omstilling.messaging.texts import failure_text, short_name
from omstilling.messaging.transport import Notifier
from omstilling.store import audit, db
from omstilling.store.load import load_recipients
from omstilling.store.models import Deadline, Invitation, OutboxMessage, Programme, WheelEvent

if TYPE_CHECKING:
    from omstilling.messaging.outbox import RunSummary


def retire(engine: Engine, as_of: date, summary: RunSummary) -> list[dict[str, Any]]:
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
        reminder, meeting = table.c.kind == MessageKind.REMINDER.value, table.c.kind.in_(_values(MEETING_MESSAGES))
        cancelled = session.execute(
            table.update()
            .where(table.c.status == OutboxStatus.PENDING.value, reminder, table.c.deadline_id.in_(closed))
            .values(status=OutboxStatus.CANCELLED.value, claim_token=None, claimed_until=None)
        )
        summary.cancelled += max(cancelled.rowcount, 0)
        # a meeting's message that failed and whose meeting has begun is given up (told below); one that a later
        # announcement of its meeting replaced, or never tried before its meeting began, is cancelled
        invites = Invitation.__table__
        begun = sa.select(invites.c.id).where(
            invites.c.starts_at <= datetime.combine(as_of, datetime.min.time(), tzinfo=UTC)
        )
        failing = session.execute(
            sa.select(
                table.c.id,
                table.c.subject,
                table.c.role,
                table.c.kind,
                table.c.step,
                table.c.last_error,
                table.c.invitation_id,
            ).where(
                table.c.status == OutboxStatus.PENDING.value,
                meeting,
                table.c.attempts > 0,
                table.c.invitation_id.in_(begun),
            )
        ).all()
        if failing:
            session.execute(
                table.update()
                .where(table.c.id.in_([r.id for r in failing]), table.c.status == OutboxStatus.PENDING.value)
                .values(status=OutboxStatus.FAILED.value, claim_token=None, claimed_until=None)
            )
            given_up += [
                {
                    "id": r.id,
                    "subject": r.subject,
                    "role": r.role,
                    "kind": MessageKind(r.kind),
                    "step": r.step,
                    "error": r.last_error,
                    "deadline_id": None,
                    "invitation_id": r.invitation_id,
                }
                for r in failing
            ]
        superseded = session.execute(
            table.update()
            .where(
                table.c.status == OutboxStatus.PENDING.value,
                meeting,
                table.c.invitation_id.in_(
                    sa.select(invites.c.id)
                    .where(
                        sa.or_(
                            invites.c.starts_at <= datetime.combine(as_of, datetime.min.time(), tzinfo=UTC),
                            table.c.step < invites.c.sequence,
                        )
                    )
                    .correlate(table)
                ),
            )  # a message of an earlier SEQUENCE
            .values(status=OutboxStatus.CANCELLED.value, claim_token=None, claimed_until=None)
        )
        summary.cancelled += max(superseded.rowcount, 0)
        stale = as_of - timedelta(days=reminders.CATCH_UP_DAYS)
        rows = session.execute(
            sa.select(
                table.c.id,
                table.c.step,
                table.c.planned_for,
                table.c.attempts,
                table.c.subject,
                table.c.role,
                table.c.last_error,
                table.c.deadline_id,
                deadlines.c.due_date,
                events.c.ladder,
            )
            .join(deadlines, deadlines.c.id == table.c.deadline_id)
            .join(events, events.c.id == deadlines.c.event_id)
            .where(table.c.status == OutboxStatus.PENDING.value, reminder)
        ).all()
        late: dict[OutboxStatus, list[int]] = {OutboxStatus.FAILED: [], OutboxStatus.EXPIRED: []}
        for row in rows:
            ladder = row.ladder or []
            offset = ladder[row.step - 1]["offset"] if row.step <= len(ladder) else 1
            if not (row.planned_for < stale or (offset <= 0 and as_of > row.due_date)):
                continue
            late[OutboxStatus.FAILED if row.attempts else OutboxStatus.EXPIRED].append(row.id)
            if row.attempts:
                given_up.append(
                    {
                        "id": row.id,
                        "subject": row.subject,
                        "role": row.role,
                        "kind": MessageKind.REMINDER,
                        "step": row.step,
                        "error": row.last_error,
                        "deadline_id": row.deadline_id,
                    }
                )
        for status, ids in late.items():
            if ids:
                session.execute(
                    table.update()
                    .where(table.c.id.in_(ids), table.c.status == OutboxStatus.PENDING.value)
                    .values(status=status.value, claim_token=None, claimed_until=None)
                )
        summary.expired += len(late[OutboxStatus.EXPIRED])
    return given_up


def _values(kinds: frozenset[MessageKind]) -> list[str]:
    return sorted(kind.value for kind in kinds)


def queue_alerts(
    engine: Engine, notifier: Notifier, items: list[dict], attempts: int, now: datetime, as_of: date
) -> int:
    """Messages given up are told, through the outbox like everything else, to the operator's `drift` channel
    and to each programme's leader: one alert per deadline step (or message about a meeting) and recipient, listing
    the rows given up, keyed on the deadline (or invitation) and the first failed row's id (an alert that fails
    itself is counted, never alerted about). Each row given up is recorded in the audit trail.

    The leader's alert is in the programme's written standard; the `drift` channel's, which the installation's
    operator reads, is in bokmål (as is one about no known programme)."""
    rows = []
    with db.session_scope(engine) as session:
        programmes = list(session.exec(select(Programme)))
        names = {p.id: (p.name, short_name(p.municipality, p.name)) for p in programmes}
        standards = {p.id: p.language for p in programmes}
        deadline_programme = dict(
            session.exec(
                select(Deadline.id, Deadline.programme_id).where(
                    Deadline.id.in_([i["deadline_id"] for i in items if i.get("deadline_id") is not None])
                )
            ).all()
        )
        invitation_programme = dict(
            session.exec(
                select(Invitation.id, Invitation.programme_id).where(
                    Invitation.id.in_([i["invitation_id"] for i in items if i.get("invitation_id") is not None])
                )
            ).all()
        )

        def programme_of(about: tuple[str, int]) -> int | None:
            return (deadline_programme if about[0] == "deadline_id" else invitation_programme).get(about[1])

        def about_of(item: dict) -> tuple[str, int]:
            return (
                ("deadline_id", item["deadline_id"])
                if item.get("deadline_id") is not None
                else ("invitation_id", item["invitation_id"])
            )

        groups: dict[tuple[tuple[str, int], MessageKind, int], list[dict]] = {}
        for item in items:
            groups.setdefault((about_of(item), item["kind"], item["step"]), []).append(item)
        leaders = {
            pid: [
                p.email
                for p in reminders.holders(
                    load_recipients(session, session.get(Programme, pid)), ("programleder",), as_of
                )
                if p.email
            ]
            for pid in {programme_of(about) for about, _, _ in groups}
            if pid is not None
        }
        channels = [f"kanal:{tag}" for tag in notifier.channels_for("drift")]
        for (about, _kind, _step), group in groups.items():
            programme, short = names.get(programme_of(about), ("omstilling", None))
            operator = failure_text(group, attempts, programme=programme, short=short)
            with language.speaking(standards.get(programme_of(about))):
                leader = failure_text(group, attempts, programme=programme, short=short)
            first = min(item["id"] for item in group)  # a later give-up of the same step gets its own alert
            for recipient in channels + leaders.get(programme_of(about), []):
                channel = recipient.startswith("kanal:")
                text = operator if channel else leader
                rows.append(
                    {
                        "deadline_id": None,
                        "invitation_id": None,
                        about[0]: about[1],
                        "kind": MessageKind.ALERT.value,
                        "step": first,
                        "recipient": recipient,
                        "role": "drift" if channel else "programleder",
                        "html": None if channel else text.html,
                        "subject": text.subject,
                        "body": text.body,
                        "status": OutboxStatus.PENDING.value,
                        "attempts": 0,
                        "planned_for": as_of,
                        "created_at": now,
                    }
                )
        queued = insert_new(session, OutboxMessage.__table__, rows) if rows else 0
        slugs = {p.id: p.slug for p in programmes}
        recipients = dict(
            session.exec(
                select(OutboxMessage.id, OutboxMessage.recipient).where(
                    col(OutboxMessage.id).in_([item["id"] for item in items])
                )
            ).all()
        )
        given_up = [(item, slugs.get(programme_of(about_of(item)))) for item in items]
    for item, slug in given_up:
        audit.record(
            engine,
            AuditAction.MESSAGE_GIVEN_UP,
            programme=slug,
            target=recipients.get(item["id"]),
            outcome=AuditOutcome.FAILED,
            detail={
                "melding": item["id"],
                "type": str(item["kind"]),
                "trinn": item["step"],
                "rolle": item.get("role"),
                "emne": item.get("subject"),
                "feil": item.get("error"),
            },
        )
    return queued
