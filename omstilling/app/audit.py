"""The audit trail as the operator reads it (`omstilling audit`, the web app's log page): the events wanted by
person, action, programme and days, a page at a time; what the settings keep, purged (the daily tick and
`omstilling purge`); and the settings the web app started with, recorded when they changed. Appending is
`omstilling.store.audit.record`, from every layer."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from omstilling import clock
from omstilling.config import Settings, get_settings
from omstilling.core.enums import AuditAction, AuditOutcome
from omstilling.errors import OmstillingError
from omstilling.messaging import outbox
from omstilling.store import audit, db
from omstilling.store.models import AuditEvent
from omstilling.store.models.base import utcnow

PER_PAGE = 50


@dataclass(frozen=True)
class Event:
    """One event as it is shown: when, who, from where, what, on what, how it ended, and the rest."""

    at: datetime
    actor: str
    source: str | None
    action: str
    programme: str | None
    target: str | None
    outcome: str
    detail: dict[str, Any]

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(timespec="seconds"),
            "actor": self.actor,
            "source": self.source,
            "action": self.action,
            "programme": self.programme,
            "target": self.target,
            "outcome": self.outcome,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class EventPage:
    """A page of events (newest first), the page's number (from 1), how many pages and events there are."""

    events: list[Event]
    page: int
    pages: int
    total: int
    actions: list[str]
    offset: int = 0

    @property
    def first(self) -> int:
        """The number of the page's first event in the whole list (from 1)."""
        return self.offset + 1


def action_label(action: str) -> str:
    """An action in words ("frist markert"); one omstilling does not know is shown as it is stored."""
    known = AuditAction._value2member_map_.get(action)
    return known.label if isinstance(known, AuditAction) else action


def action_choices(known: list[str] | None = None) -> list[tuple[str, str]]:
    """The actions to choose among (value, words): omstilling's own, then any other the trail holds."""
    return [(value, action_label(value)) for value in (known or [a.value for a in AuditAction])]


def _event(row: AuditEvent) -> Event:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)  # SQLite gives UTC back without its zone
    return Event(at, row.actor, row.source, row.action, row.programme, row.target, row.outcome, dict(row.detail))


def _start_of(day: date) -> datetime:
    """The first instant of `day` where the installation is."""
    return datetime.combine(day, time.min, tzinfo=clock.zone())


def _action(value: str | None, known: list[str]) -> str | None:
    """An action as the trail stores it, from its value or its label; an unknown one is the user's error."""
    if value is None or not value.strip():
        return None
    try:
        return AuditAction.parse(value).value
    except ValueError:
        if value.strip() in known:
            return value.strip()
        raise OmstillingError(f"ukjent handling «{value.strip()}»: velg blant {', '.join(known)}") from None


def events(
    engine: Engine,
    *,
    person: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    programme: str | None = None,
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    per_page: int | None = PER_PAGE,
) -> EventPage:
    """The events wanted, newest first: `person` is part of an address or name that acted or was acted on,
    `actor` part of who acted, `action` an action's value or label, `programme` a slug, `since` and `until`
    days (both included) where the installation is. `per_page` None gives them all."""
    if since and until and since > until:
        raise OmstillingError(f"fra-datoen {since.isoformat()} er etter til-datoen {until.isoformat()}")
    with db.session_scope(engine) as session:
        known = audit.actions_seen(session)
        wanted = audit.Wanted(
            person=person,
            actor=actor,
            action=_action(action, known),
            programme=programme,
            since=_start_of(since) if since else None,
            until=_start_of(until + timedelta(days=1)) if until else None,
        )
        page = max(page, 1)
        offset = (page - 1) * per_page if per_page else 0
        rows, total = audit.find(session, wanted, offset=offset, limit=per_page)
        shown = [_event(row) for row in rows]
    pages = max(math.ceil(total / per_page), 1) if per_page else 1
    return EventPage(shown, page, pages, total, known, offset)


@dataclass(frozen=True)
class Purged:
    """What a purge removed: audit events older than `audit_days`, message texts older than `message_body_days`."""

    events: int
    bodies: int
    audit_days: int
    message_body_days: int

    @property
    def sentence(self) -> str:
        return (
            f"Fjernet {self.events} hendelser eldre enn {self.audit_days} dager fra loggen og tømte teksten i "
            f"{self.bodies} meldinger eldre enn {self.message_body_days} dager (radene står: de sørger for at "
            "hver melding sendes én gang)."
        )


def purge(engine: Engine, *, now: datetime | None = None, settings: Settings | None = None) -> Purged:
    """Remove the audit events older than `OMSTILLING_AUDIT_DAYS`, and blank the texts (body, HTML, calendar) of
    the messages older than `OMSTILLING_MESSAGE_BODY_DAYS` that have gone or will not go; the outbox rows stay."""
    settings = settings or get_settings()
    now = now or utcnow()
    with db.session_scope(engine) as session:
        removed = audit.purge_before(session, now - timedelta(days=settings.audit_days))
    blanked = outbox.blank_old_texts(engine, now - timedelta(days=settings.message_body_days))
    done = Purged(removed, blanked, settings.audit_days, settings.message_body_days)
    if done.events or done.bodies:
        audit.record(
            engine,
            AuditAction.PURGED,
            detail={
                "hendelser": done.events,
                "meldingstekster": done.bodies,
                "dager_logg": done.audit_days,
                "dager_meldingstekst": done.message_body_days,
            },
        )
    return done


SECRETS = ("secret_key", "oidc_client_secret")


def settings_in_words(settings: Settings) -> dict[str, str]:
    """The settings as the audit keeps them: every value as text, a secret only as whether it is set, the database
    address without its password."""
    values: dict[str, str] = {}
    for name, value in settings.model_dump().items():
        if name in SECRETS:
            values[name] = "satt" if value else "ikke satt"
        elif name == "database_url":
            values[name] = sa.engine.make_url(str(value)).render_as_string(hide_password=True) if value else ""
        else:
            values[name] = "" if value is None else str(value)
    return values


def note_settings(engine: Engine, settings: Settings, *, source: str = "web") -> dict[str, list[str]]:
    """Record the settings `source` started with when they differ from those it last started with (the first
    start records them all); returns what changed, {name: [before, now]}. Never fails the start."""
    now = settings_in_words(settings)
    try:
        with db.session_scope(engine) as session:
            before = audit.last_settings(session, AuditAction.SETTINGS_CHANGED.value, source)
    except Exception:  # noqa: BLE001 (a database not yet migrated: the start goes on, nothing is compared)
        return {}
    changed = {name: [before.get(name, ""), value] for name, value in now.items() if before.get(name) != value}
    changed |= {name: [value, ""] for name, value in before.items() if name not in now}
    if changed:
        audit.record(
            engine,
            AuditAction.SETTINGS_CHANGED,
            target=", ".join(sorted(changed)),
            source=source,
            detail={"endret": changed, "innstillinger": now},
            outcome=AuditOutcome.OK,
        )
    return changed
