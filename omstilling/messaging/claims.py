"""Claiming outbox rows between workers: one conditional UPDATE decides, a lease bounds what a dead worker holds.

A claim is checked once more just before delivery and renewed while the delivery runs, so a slow send is never
sent again by a second worker, and a worker that dies frees its rows one lease later."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import select

from omstilling.core.enums import MEETING_MESSAGES, DeadlineStatus, MessageKind, OutboxStatus
from omstilling.store import db
from omstilling.store.models import Deadline, OutboxMessage

log = logging.getLogger(__name__)

ALONE = MEETING_MESSAGES | {MessageKind.NOTICE, MessageKind.CORRECTION}
"""The kinds a digest never gathers: each is a message of its own about one meeting."""

LEASE = timedelta(minutes=2)
"""How long a claimed row is a worker's: counted from the claim, which is made just before its delivery."""


def _may_go() -> sa.ColumnElement[bool]:
    """Whether a row may still go, as far as what it is about says: a reminder only while its deadline is open;
    an alert, and a message about a meeting, whatever became of the deadline."""
    table, deadlines = OutboxMessage.__table__, Deadline.__table__
    return sa.or_(
        table.c.kind != MessageKind.REMINDER.value,
        table.c.deadline_id.in_(sa.select(deadlines.c.id).where(deadlines.c.status == DeadlineStatus.OPEN.value)),
    )


def claim_next(
    engine: Engine, now: datetime, clock: Callable[[], datetime], lease: timedelta, *, digest: bool
) -> tuple[str, list[OutboxMessage]] | None:
    """Claim the next row that may be sent now (with a digest: all of that recipient's), for `lease` counted
    from this moment. One conditional UPDATE decides between workers; None when nothing is left."""
    table = OutboxMessage.__table__
    with db.session_scope(engine) as session:
        moment = clock().astimezone(UTC)
        sendable = sa.and_(
            table.c.status == OutboxStatus.PENDING.value,
            sa.or_(table.c.next_attempt_at.is_(None), table.c.next_attempt_at <= now),
            sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < moment),
            _may_go(),
        )
        first = session.execute(
            sa.select(table.c.id, table.c.recipient, table.c.kind).where(sendable).order_by(table.c.id).limit(1)
        ).first()
        if first is None:
            return None
        token = uuid.uuid4().hex
        # a digest gathers a recipient's reminders and alerts; a message about a meeting (an invitation with its
        # calendar object, a board meeting's notice with its papers) always goes on its own
        meeting = sorted(kind.value for kind in ALONE)
        which = (
            sa.and_(table.c.recipient == first.recipient, table.c.kind.not_in(meeting))
            if digest and MessageKind(first.kind) not in ALONE
            else table.c.id == first.id
        )
        claimed = session.execute(
            table.update().where(sendable, which).values(claim_token=token, claimed_until=moment + lease)
        )
        if not claimed.rowcount:  # another worker took it between the two statements: look again
            return token, []
    with db.session_scope(engine) as session:
        rows = session.exec(
            select(OutboxMessage).where(OutboxMessage.claim_token == token).order_by(OutboxMessage.id)
        ).all()
    return token, list(rows)


def still_mine(engine: Engine, token: str, clock: Callable[[], datetime], lease: timedelta) -> list[int]:
    """Immediately before delivery: the rows this claim still holds, unexpired, whose deadline is still open; their
    lease is renewed in the same statement, so the whole lease is the delivery's, however long the preparation
    took."""
    table = OutboxMessage.__table__
    with db.session_scope(engine) as session:
        moment = clock().astimezone(UTC)
        held = sa.and_(
            table.c.claim_token == token,
            table.c.status == OutboxStatus.PENDING.value,
            table.c.claimed_until > moment,
            _may_go(),
        )
        return list(
            session.execute(
                table.update().where(held).values(claimed_until=moment + lease).returning(table.c.id)
            ).scalars()
        )


def keep_claim(engine: Engine, token: str, clock: Callable[[], datetime], lease: timedelta) -> Callable[[], None]:
    """While a delivery runs (a slow server, a large attachment), renew its claim every third of the lease, so no
    other worker takes the rows however long it takes; returns the function that stops renewing. A worker that
    dies stops renewing with it, and its rows come free one lease later."""
    stop = threading.Event()
    table = OutboxMessage.__table__

    def renew() -> None:
        while not stop.wait(lease.total_seconds() / 3):
            try:
                with db.session_scope(engine) as session:
                    session.execute(
                        table.update()
                        .where(table.c.claim_token == token, table.c.status == OutboxStatus.PENDING.value)
                        .values(claimed_until=clock().astimezone(UTC) + lease)
                    )
            except Exception:  # logged: the delivery goes on, and the next renewal tries again
                log.warning("the claim of a message being sent could not be renewed", exc_info=True)

    thread = threading.Thread(target=renew, name="omstilling-claim", daemon=True)
    thread.start()

    def done() -> None:
        stop.set()
        thread.join()

    return done
