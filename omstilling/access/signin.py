"""One-time sign-in links for the web app, sent by e-mail (or printed by `omstilling login-link`).

A link carries a random secret; only its SHA-256 is stored (a leaked database signs nobody in). It works once
(one conditional UPDATE claims it, so two clicks at once sign in one browser) and for `LIFETIME`. Each row is
written before its e-mail is sent and records whether that went out: the exactly-once record of the sign-in
mail. Links are asked for at most `PER_ADDRESS` times per address within `LIFETIME`. Whether an address is known
is never told to the person asking: the caller shows the same page whatever `request_link` returns."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from omstilling.access.roles import access_for, normalise
from omstilling.core.formatting import date_long
from omstilling.messaging.transport import Notifier
from omstilling.store import db
from omstilling.store.models import SignInToken

LIFETIME = timedelta(minutes=15)
PER_ADDRESS = 3
SUBJECT = "Innlogging i omstilling"


class Outcome(StrEnum):
    """What became of a request for a link (for the logs and tests; never shown to the person asking)."""

    SENT = "sendt"
    UNKNOWN = "ukjent adresse"
    LIMITED = "for mange forespørsler"
    NOT_SENT = "ikke sendt"


@dataclass(frozen=True)
class Claimed:
    """A link that was just used: who signed in, and where they were going."""

    email: str
    next_path: str | None


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def link_for(base_url: str, secret: str) -> str:
    return f"{base_url.rstrip('/')}/inn/{secret}"


def safe_next(path: str | None) -> str | None:
    """A path inside the app to return to after signing in (never another site)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path or len(path) > 500:
        return None
    return path


def create_link(
    session: Session, email: str, *, base_url: str, now: datetime, next_path: str | None = None
) -> tuple[SignInToken, str]:
    """Record a new link for `email` (the caller checks that the address may sign in) and return it."""
    secret = secrets.token_urlsafe(32)
    row = SignInToken(
        token_hash=_hash(secret),
        email=normalise(email),
        next_path=safe_next(next_path),
        created_at=now,
        expires_at=now + LIFETIME,
    )
    session.add(row)
    session.flush()
    return row, link_for(base_url, secret)


def mail_body(link: str, expires: datetime, zone) -> str:
    local = expires.astimezone(zone)
    return (
        "Hei,\n\n"
        "Her er lenken du ba om for å logge inn i omstilling:\n\n"
        f"{link}\n\n"
        f"Lenken virker én gang, og bare til kl. {local:%H.%M} {date_long(local.date())}.\n"
        "Ba du ikke om denne lenken, kan du se bort fra e-posten: ingen kommer inn uten den.\n"
    )


def request_link(
    engine: Engine,
    email: str,
    *,
    base_url: str,
    now: datetime,
    day: date,
    operators: frozenset[str],
    notifier: Notifier | None,
    zone,
    next_path: str | None = None,
) -> Outcome:
    """Send a sign-in link to `email` if it may sign in on `day` and has not asked too often."""
    address = normalise(email)
    with db.session_scope(engine) as session:
        if "@" not in address or not access_for(session, address, day, operators).anything:
            return Outcome.UNKNOWN
        recent = session.exec(
            select(func.count())
            .select_from(SignInToken)
            .where(SignInToken.email == address, SignInToken.created_at > now - LIFETIME)
        ).one()
        if recent >= PER_ADDRESS:
            return Outcome.LIMITED
        row, link = create_link(session, address, base_url=base_url, now=now, next_path=next_path)
        token_id, expires = row.id, row.expires_at
    if notifier is None:
        delivery_error = "e-post er ikke satt opp (OMSTILLING_APPRISE_CONFIG)"
    else:
        delivery = notifier.send_email(address, SUBJECT, mail_body(link, expires, zone))
        delivery_error = None if delivery.ok else (delivery.error or "ukjent feil")[:500]
    with db.session_scope(engine) as session:
        row = session.get(SignInToken, token_id)
        row.sent_at, row.send_error = (now, None) if delivery_error is None else (None, delivery_error)
        session.add(row)
    return Outcome.SENT if delivery_error is None else Outcome.NOT_SENT


def claim(engine: Engine, secret: str, now: datetime) -> Claimed | None:
    """Use a link: the first claim within its lifetime wins; used, expired or unknown links give None."""
    if not secret or len(secret) > 100:
        return None
    digest = _hash(secret)
    table = SignInToken.__table__
    with db.session_scope(engine) as session:
        claimed = session.execute(
            table.update()
            .where(table.c.token_hash == digest, table.c.used_at.is_(None), table.c.expires_at > now)
            .values(used_at=now)
        ).rowcount
        if claimed != 1:
            return None
        row = session.exec(select(SignInToken).where(SignInToken.token_hash == digest)).one()
        return Claimed(row.email, row.next_path)


def is_usable(engine: Engine, secret: str, now: datetime) -> bool:
    """Whether a link would still sign someone in (shown before the button that uses it)."""
    if not secret or len(secret) > 100:
        return False
    with db.session_scope(engine) as session:
        return (
            session.exec(
                select(sa.literal(1))
                .select_from(SignInToken)
                .where(
                    SignInToken.token_hash == _hash(secret), SignInToken.used_at.is_(None), SignInToken.expires_at > now
                )
            ).first()
            is not None
        )


def utcnow() -> datetime:
    return datetime.now(UTC)
