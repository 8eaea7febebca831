"""Web sessions kept on the server, so the server can end them.

The browser's cookie carries only a random token; the row keeps its SHA-256 (a leaked database signs nobody in),
who signed in and how, and what the pages keep between requests (the CSRF token, a message shown once). A session
ends when the person logs out, when the operator logs the address out everywhere, when the person has no role left
(the web app asks on every request), when it has been idle for `Lifetimes.idle`, and at the latest
`Lifetimes.absolute` after signing in. An ended row is kept (`ended_at`, `ended_reason`) until it is pruned."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from omstilling.access.roles import normalise
from omstilling.store.models import WebSession

TOUCH_EVERY = timedelta(minutes=1)
"""How stale `last_seen_at` may get before a request writes it again (the idle lifetime is counted from it)."""
KEEP_ENDED = timedelta(days=30)
"""How long an ended or expired session's row is kept (who was signed in, and how it ended) before pruning."""


class Method(StrEnum):
    """How a person signed in."""

    EMAIL_LINK = "epost"
    OIDC = "oidc"


class Ended(StrEnum):
    """Why a session ended (stored as `ended_reason`)."""

    LOGGED_OUT = "logget ut"
    EVERYWHERE = "logget ut overalt"
    NO_ROLE = "ingen rolle i dag"
    IDLE = "ubrukt for lenge"
    EXPIRED = "utløpt"
    REPLACED = "ny innlogging"


@dataclass(frozen=True)
class Lifetimes:
    idle: timedelta
    absolute: timedelta


@dataclass
class Live:
    """A session that is in force: its row's id, who, how, and the pages' data (changed in place by the caller)."""

    id: int
    email: str
    method: str
    created_at: datetime
    data: dict[str, Any] = field(default_factory=dict)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(value: datetime) -> datetime:
    """SQLite gives instants back without their zone; every stored instant is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def start(
    session: Session, email: str, method: Method, *, now: datetime, lifetimes: Lifetimes, data: dict[str, Any]
) -> tuple[str, Live]:
    """A new session for `email` (the caller has checked that the address may sign in); returns the token for
    the cookie (never stored) and the session."""
    token = secrets.token_urlsafe(32)
    row = WebSession(
        token_hash=token_hash(token),
        email=normalise(email),
        method=method.value,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetimes.absolute,
        data=data,
    )
    session.add(row)
    session.flush()
    prune(session, now)
    assert row.id is not None
    return token, Live(row.id, row.email, row.method, now, dict(data))


def find(session: Session, token: str | None, *, now: datetime, lifetimes: Lifetimes) -> Live | None:
    """The session `token` names if it is in force at `now` (and its last use moved to `now`); an idle or expired
    session is ended here and gives None, as do ended and unknown ones."""
    if not token or len(token) > 100:
        return None
    row = session.exec(select(WebSession).where(WebSession.token_hash == token_hash(token))).first()
    if row is None or row.ended_at is not None:
        return None
    reason = (
        Ended.EXPIRED
        if _aware(row.expires_at) <= now
        else Ended.IDLE
        if _aware(row.last_seen_at) + lifetimes.idle <= now
        else None
    )
    if reason is not None:
        row.ended_at, row.ended_reason = now, reason.value
        session.add(row)
        return None
    if now - _aware(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
    assert row.id is not None
    return Live(row.id, row.email, row.method, _aware(row.created_at), dict(row.data or {}))


def save_data(session: Session, live: Live) -> None:
    """Keep what the pages changed in the session's data (a message shown once, the sign-in state)."""
    session.connection().execute(
        sa.update(WebSession)
        .where(col(WebSession.id) == live.id, col(WebSession.ended_at).is_(None))
        .values(data=live.data)
    )


def end(session: Session, session_id: int, *, now: datetime, reason: Ended) -> bool:
    """End one session; whether it was in force."""
    ended = session.connection().execute(
        sa.update(WebSession)
        .where(col(WebSession.id) == session_id, col(WebSession.ended_at).is_(None))
        .values(ended_at=now, ended_reason=reason.value)
    )
    return bool(ended.rowcount)


def end_all(session: Session, email: str, *, now: datetime, reason: Ended = Ended.EVERYWHERE) -> int:
    """End every session of `email` (in every browser); how many were in force."""
    ended = session.connection().execute(
        sa.update(WebSession)
        .where(
            col(WebSession.email) == normalise(email),
            col(WebSession.ended_at).is_(None),
            col(WebSession.expires_at) > now,
        )
        .values(ended_at=now, ended_reason=reason.value)
    )
    return int(ended.rowcount or 0)


def in_force(session: Session, *, now: datetime, lifetimes: Lifetimes) -> list[WebSession]:
    """Every session in force at `now`, the most recently used first."""
    rows = session.exec(
        select(WebSession)
        .where(
            col(WebSession.ended_at).is_(None),
            WebSession.expires_at > now,
            WebSession.last_seen_at > now - lifetimes.idle,
        )
        .order_by(col(WebSession.last_seen_at).desc(), col(WebSession.id))
    ).all()
    return list(rows)


def prune(session: Session, now: datetime) -> int:
    """Forget sessions that ended (or expired) more than `KEEP_ENDED` ago."""
    cutoff = now - KEEP_ENDED
    gone = session.connection().execute(
        sa.delete(WebSession).where(sa.or_(col(WebSession.ended_at) < cutoff, col(WebSession.expires_at) < cutoff))
    )
    return int(gone.rowcount or 0)
