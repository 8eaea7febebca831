"""The outbox's entry points: the day's reminders planned, recorded and sent; meeting invitations brought up to date.

Every message is an outbox row before it is sent, and each row is sent exactly once. The stages live beside this
module: which rows are due (`plan`), claiming them between workers (`claims`), sending them (`delivery`), and rows
retired or given up and the alerts about them (`alerts`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from omstilling.messaging import invitations, minutes, notices
from omstilling.messaging.claims import LEASE
from omstilling.messaging.delivery import send_pending
from omstilling.messaging.plan import insert_new, known_rows, plan_rows, record
from omstilling.messaging.transport import Notifier
from omstilling.store import choose, db
from omstilling.store.load import load_all_recipients, load_snapshots
from omstilling.store.models import OutboxMessage
from omstilling.store.models.base import stored_id
from omstilling.store.records import current_files

log = logging.getLogger(__name__)
OUTBOX: Any = OutboxMessage.__table__  # type: ignore[attr-defined]


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
        return {
            "as_of": self.as_of.isoformat(),
            "planned": self.planned,
            "unreachable": self.unreachable,
            "new": self.new_rows,
            "sent": self.sent,
            "failed": self.failed,
            "gave_up": self.gave_up,
            "waiting": self.waiting,
            "cancelled": self.cancelled,
            "expired": self.expired,
            "alerts": {"queued": self.alerts_queued, "sent": self.alerts_sent, "failed": self.alerts_failed},
            "invitations": {"new": self.invitations, "sent": self.invitations_sent},
            "errors": self.errors,
        }


def describe(exc: Exception) -> str:
    """An error as one line for the operator: the message a user can act on, or the exception's kind."""
    from omstilling.errors import OmstillingError

    return str(exc) if isinstance(exc, OmstillingError) else f"{type(exc).__name__}: {exc}"


def invite(
    engine: Engine, *, as_of: date, now: datetime, notifier: Notifier | None, programme_slug: str | None = None
) -> tuple[int, list[dict[str, str]]]:
    """Bring every programme's meeting invitations up to date (see `omstilling.messaging.invitations`), call the
    board meetings whose notice day has come and correct notices of meetings moved or cancelled since
    (`omstilling.messaging.notices`: the board pack is written before, by the application layer), and put the
    messages in the outbox, to be sent with the day's reminders. Returns how many rows were new, and the
    programmes whose invitations could not be planned (the others' are)."""
    organizer = notifier.sender_address if notifier else "omstilling@omstilling.invalid"
    added, errors = 0, []
    with db.session_scope(engine) as session:
        db.begin_writing(session)  # a second run waits for this one's invitations, then finds them made
        programmes = choose.programmes(session, programme_slug)
        snapshots = load_snapshots(session, programmes)
        contacts = load_all_recipients(session, [p.id for p in programmes])
        documents = current_files(session, [stored_id(p) for p in programmes])
        for programme in programmes:
            try:
                with session.begin_nested():
                    rows = invitations.plan(
                        session,
                        snapshots[programme.id],
                        contacts.get(programme.id, ()),
                        as_of,
                        now.astimezone(UTC),
                        organizer,
                    )
                    added += insert_new(session, OutboxMessage.__table__, rows) if rows else 0
                    pid = stored_id(programme)
                    called = notices.plan(
                        session,
                        snapshots[pid],
                        contacts.get(pid, ()),
                        documents,
                        as_of,
                        now.astimezone(UTC),
                    )
                    added += insert_new(session, OUTBOX, called) if called else 0
                    # the reminders to comment on draft minutes whose deadline is near
                    nudged = minutes.reminders(
                        session, snapshots[pid], contacts.get(pid, ()), as_of, now.astimezone(UTC)
                    )
                    added += insert_new(session, OUTBOX, nudged) if nudged else 0
            except Exception as exc:  # logged and reported; the others go on
                log.exception("invitations for %s could not be planned", programme.slug)
                errors.append({"programme": programme.slug, "error": describe(exc)})
    return added, errors


def meetings_to_call(engine: Engine, *, as_of: date, programme_slug: str | None = None) -> list[tuple[str, date]]:
    """The board meetings (programme, day) to be called on `as_of` and not called yet: their pack is written
    before `invite` sends the notice."""
    with db.session_scope(engine) as session:
        programmes = choose.programmes(session, programme_slug)
        snapshots = load_snapshots(session, programmes)
        return [(p.slug, day) for p in programmes for day in notices.to_call(session, snapshots[stored_id(p)], as_of)]


def remind(
    engine: Engine,
    *,
    as_of: date,
    now: datetime,
    notifier: Notifier | None,
    dry_run: bool = False,
    digest: bool = False,
    programme_slug: str | None = None,
    lease: timedelta = LEASE,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> RunSummary:
    """Plan the reminders due on `as_of` for every programme (or one), record them, and send what is pending
    (`clock`: the real clock the sending's leases use, see `send_pending`).

    Planning reads all programmes with the same few queries and records with a few more, however many."""
    summary = RunSummary(as_of)
    now = now.astimezone(UTC)
    with db.session_scope(engine) as session:
        programmes = choose.programmes(session, programme_slug)
        ids = [p.id for p in programmes]
        snapshots = load_snapshots(session, programmes)
        contacts = load_all_recipients(session, ids)
        documents = current_files(session, ids)
        known = known_rows(session, [stored_id(p) for p in programmes], as_of)  # their texts are not rendered again
        rows = []
        for programme in programmes:
            # One programme whose data cannot be planned (say, closed days that leave no working day) is
            # reported and skipped; everyone else's reminders go out.
            scratch = RunSummary(as_of)
            try:
                rows += plan_rows(
                    snapshots[programme.id],
                    contacts.get(programme.id, ()),
                    documents,
                    as_of,
                    notifier,
                    scratch,
                    known=known[stored_id(programme)],
                )
            except Exception as exc:  # logged and reported in the summary; the run goes on
                log.exception("reminders for %s could not be planned", programme.slug)
                summary.errors.append({"programme": programme.slug, "error": describe(exc)})
                continue
            summary.planned += scratch.planned
            summary.unreachable += scratch.unreachable
        if not dry_run:
            summary.new_rows = record(session, rows, as_of, now)
    if not dry_run and notifier is not None:
        send_pending(engine, notifier, now, summary, digest=digest, lease=lease, clock=clock)
    return summary


def blank_old_texts(engine: Engine, cutoff: datetime) -> int:
    """Blank the texts (body, HTML part, calendar object) of the messages that have gone, or will not go, and were
    sent (else planned) before `cutoff`; how many. The rows stay: they are what makes each message go out once."""
    import sqlalchemy as sa
    from sqlmodel import col

    from omstilling.core.enums import OutboxStatus

    with db.session_scope(engine) as session:
        done = session.execute(
            sa.update(OutboxMessage)
            .where(
                col(OutboxMessage.status) != OutboxStatus.PENDING,
                sa.func.coalesce(col(OutboxMessage.sent_at), col(OutboxMessage.created_at)) < cutoff,
                sa.or_(
                    col(OutboxMessage.body) != "",
                    col(OutboxMessage.html).is_not(None),
                    col(OutboxMessage.ics).is_not(None),
                ),
            )
            .values(body="", html=None, ics=None)
        )
        return int(getattr(done, "rowcount", 0) or 0)
