"""The audit trail: who did what, when, from where. `record` is the one way to append to it, from every layer
(the application's use cases, the web app's downloads and sign-ins, the outbox's messages given up).

Appending never blocks or fails the action it records. `record` is called after the action's own transaction has
ended (committed, or rolled back: a failed attempt is recorded too), writes on a connection of its own in a short
transaction of its own that waits at most `WAIT_SECONDS` for a lock, and if it cannot write, it logs why and
returns False; it never raises.

Who and from where come from the way in: the web app says who is asking and their address for each request
(`act_as`), the command line says `cli:<user>` and `cli` for each command (`acting_as`), and the Prefect flows
register how to tell that a run is theirs (`when_unset`); anything else is `system`. A call may also name them
itself (`who=`, `source=`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, func, select

from omstilling.core.enums import AuditAction, AuditOutcome
from omstilling.store.models import AuditEvent
from omstilling.store.models.base import utcnow

log = logging.getLogger(__name__)

WAIT_SECONDS = 2
"""The longest an append waits for a lock (a writer holding SQLite's database, a locked table) before it gives up,
logs, and lets the action carry on."""
DETAIL_LIMIT = 4000
"""The longest detail kept, in characters of JSON (a longer one is cut, and says so)."""


@dataclass(frozen=True)
class Actor:
    """Who acts (an e-mail address, `cli:<user>`, `prefect`, `system`) and from where (a client's address,
    `cli`, `prefect`)."""

    who: str
    source: str | None = None


SYSTEM = Actor("system", None)
_current: ContextVar[Actor | None] = ContextVar("omstilling_audit_actor", default=None)
_providers: list[Callable[[], Actor | None]] = []


@contextmanager
def acting_as(who: str, source: str | None) -> Iterator[Actor]:
    """Within the block, what is recorded was done by `who`, from `source` (the command line: one command)."""
    actor = Actor(who, source)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def act_as(who: str, source: str | None) -> None:
    """From here on in this context (one web request: each runs in a context of its own), what is recorded was
    done by `who`, from `source`."""
    _current.set(Actor(who, source))


def when_unset(provider: Callable[[], Actor | None]) -> None:
    """Ask `provider` who acts when no way in has said (the Prefect flows: a flow or task run is `prefect`)."""
    if provider not in _providers:
        _providers.append(provider)


def current() -> Actor:
    """Who acts now, as the way in said (else the registered providers, else `system`)."""
    found = _current.get()
    if found is not None:
        return found
    for provider in _providers:
        try:
            actor = provider()
        except Exception:  # noqa: BLE001 (asking who acts must never fail an action)
            actor = None
        if actor is not None:
            return actor
    return SYSTEM


def _clip(text: object, limit: int) -> str | None:
    if text is None:
        return None
    value = str(text)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    """The detail as plain JSON (dates and paths as text, nothing for what is None), cut to `DETAIL_LIMIT`."""
    text = json.dumps({k: v for k, v in (detail or {}).items() if v is not None}, ensure_ascii=False, default=str)
    if len(text) > DETAIL_LIMIT:
        return {"forkortet": text[:DETAIL_LIMIT]}
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _short_waits(connection: Connection) -> int | None:
    """Make this connection wait at most `WAIT_SECONDS` for a lock; returns SQLite's old wait, to set back."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        before = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {WAIT_SECONDS * 1000}")
        return int(before) if before is not None else None
    if dialect == "postgresql":  # SET LOCAL: for this transaction only
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{WAIT_SECONDS}s'")
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = '{WAIT_SECONDS * 2}s'")
    return None


def record(
    engine: Engine,
    action: AuditAction | str,
    *,
    programme: str | None = None,
    target: object = None,
    outcome: AuditOutcome | str = AuditOutcome.OK,
    detail: dict[str, Any] | None = None,
    who: str | None = None,
    source: str | None = None,
    at: datetime | None = None,
) -> bool:
    """Append one event to the audit trail: `action` on `target` (in `programme`), how it ended, and what else
    matters (`detail`, plain JSON; never a secret). Call it after the action's transaction has ended. Returns
    whether it was written; never raises (see the module)."""
    try:
        actor = current()
        row = {
            "at": at or utcnow(),
            "actor": _clip(who or actor.who, 254) or SYSTEM.who,
            "action": _clip(str(action), 60),
            "programme": _clip(programme, 80),
            "target": _clip(target, 300),
            "source": _clip(source if source is not None else actor.source, 120),
            "outcome": _clip(str(outcome), 20),
            "detail": _detail(detail),
        }
        with engine.connect() as connection:
            before = _short_waits(connection)
            try:
                connection.execute(sa.insert(AuditEvent).values(**row))
                connection.commit()
            finally:
                if before is not None:
                    connection.rollback()
                    connection.exec_driver_sql(f"PRAGMA busy_timeout = {before}")
        return True
    except Exception as exc:  # noqa: BLE001 (the audit never fails the action it records: it logs and carries on)
        log.warning(
            "revisjonsloggen fikk ikke hendelsen %s (%s): %s",
            str(action),
            str(outcome),
            " ".join(str(exc).split())[:300],
        )
        return False


@dataclass
class Note:
    """What `audited` will record about the action in its block; the block may fill it in as it learns more."""

    programme: str | None = None
    target: object = None
    detail: dict[str, Any] = field(default_factory=dict)
    outcome: AuditOutcome | str = AuditOutcome.OK


@contextmanager
def audited(
    engine: Engine, action: AuditAction | str, *, programme: str | None = None, target: object = None, **detail: Any
) -> Iterator[Note]:
    """Record `action` when the block has ended: as it went (the note the block filled in), or, when the block
    raised, as failed with the error in the detail (and the error goes on). Put it outside the block's
    transaction (`with audited(...): with db.session_scope(...)`), so it records after the commit or rollback."""
    note = Note(programme, target, dict(detail))
    try:
        yield note
    except Exception as exc:
        note.detail["feil"] = " ".join(str(exc).split())[:1000] or type(exc).__name__
        record(
            engine,
            action,
            programme=note.programme,
            target=note.target,
            outcome=AuditOutcome.FAILED,
            detail=note.detail,
        )
        raise
    record(engine, action, programme=note.programme, target=note.target, outcome=note.outcome, detail=note.detail)


@dataclass(frozen=True)
class Wanted:
    """What the operator looks for: a person (part of the address or name of who acted, or of what it was done to),
    who acted (part of it), an action, a programme, and a time range (`until` is exclusive)."""

    person: str | None = None
    actor: str | None = None
    action: str | None = None
    programme: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _like(text: str) -> str:
    escaped = text.strip().casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(wanted: Wanted) -> list[sa.ColumnElement[bool]]:
    actor, target = func.lower(col(AuditEvent.actor)), func.lower(col(AuditEvent.target))
    conditions: list[sa.ColumnElement[bool]] = []
    if wanted.person and wanted.person.strip():
        pattern = _like(wanted.person)
        conditions.append(sa.or_(actor.like(pattern, escape="\\"), target.like(pattern, escape="\\")))
    if wanted.actor and wanted.actor.strip():
        conditions.append(actor.like(_like(wanted.actor), escape="\\"))
    if wanted.action and wanted.action.strip():
        conditions.append(col(AuditEvent.action) == wanted.action.strip())
    if wanted.programme and wanted.programme.strip():
        conditions.append(col(AuditEvent.programme) == wanted.programme.strip())
    if wanted.since is not None:
        conditions.append(col(AuditEvent.at) >= wanted.since)
    if wanted.until is not None:
        conditions.append(col(AuditEvent.at) < wanted.until)
    return conditions


def find(session: Session, wanted: Wanted, *, offset: int = 0, limit: int | None = 50) -> tuple[list[AuditEvent], int]:
    """The events wanted, newest first (`limit` of them from `offset`), and how many there are in all."""
    conditions = _where(wanted)
    total = session.exec(select(func.count()).select_from(AuditEvent).where(*conditions)).one()
    query = select(AuditEvent).where(*conditions).order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query)), int(total)


def actions_seen(session: Session) -> list[str]:
    """Every action the trail holds (for the page's choice), with those omstilling knows first."""
    seen = set(session.exec(select(AuditEvent.action).distinct()))
    return [a.value for a in AuditAction] + sorted(seen - {a.value for a in AuditAction})


def purge_before(session: Session, cutoff: datetime) -> int:
    """Remove the events older than `cutoff`; how many."""
    return session.connection().execute(sa.delete(AuditEvent).where(col(AuditEvent.at) < cutoff)).rowcount


def mentioning(session: Session, email: str) -> list[AuditEvent]:
    """The events about an address: done by it, to it, or naming it in their detail (oldest first)."""
    address = email.strip().casefold()
    pattern = _like(address)
    return list(
        session.exec(
            select(AuditEvent)
            .where(
                sa.or_(
                    func.lower(col(AuditEvent.actor)) == address,
                    func.lower(col(AuditEvent.target)).like(pattern, escape="\\"),
                    func.lower(sa.cast(col(AuditEvent.detail), sa.Text)).like(pattern, escape="\\"),
                )
            )
            .order_by(col(AuditEvent.at), col(AuditEvent.id))
        )
    )


def last_settings(session: Session, action: str, source: str) -> dict[str, str]:
    """The settings `source` last recorded under `action` (empty when it never did)."""
    last = session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.action) == action, col(AuditEvent.source) == source)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(1)
    ).first()
    found = last.detail.get("innstillinger", {}) if last else {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}
