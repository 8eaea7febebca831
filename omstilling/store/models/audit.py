"""Server-side web sessions (the server can end them) and the audit trail (who did what, when, from where)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from omstilling.store.models.base import timestamp_field


class WebSession(SQLModel, table=True):
    """One signed-in session of the web app. The cookie carries only a random token whose hash is kept here, so
    logging out, losing one's last role or the operator's "log out everywhere" ends it at once (`ended_at`)."""

    __table_args__ = (sa.UniqueConstraint("token_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64)
    email: str = Field(max_length=254, index=True)
    method: str = Field(max_length=20)
    """How the person signed in: `epost` (a one-time link) or `oidc` (the organisation's identity provider)."""
    created_at: datetime = timestamp_field(nullable=False, default_now=True)
    last_seen_at: datetime = timestamp_field(nullable=False, default_now=True)
    expires_at: datetime = timestamp_field(nullable=False)
    ended_at: datetime | None = timestamp_field()
    ended_reason: str | None = Field(default=None, max_length=60)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    """What the pages keep between requests: the CSRF token (`c`), a message shown once (`f`)."""


class AuditEvent(SQLModel, table=True):
    """One thing that happened that an IT department must be able to look up: a sign-in (or its failure), a
    change, a download, a message given up. Appended by `omstilling.store.audit.record` only, never updated (but for
    erasing a person, whose address becomes a pseudonym); kept for `OMSTILLING_AUDIT_DAYS`."""

    __table_args__ = (sa.Index(None, "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = timestamp_field(nullable=False, default_now=True)
    actor: str = Field(max_length=254, index=True)
    """Who: an e-mail address, `cli:<user>` for the command line, `prefect` for a flow, `system`."""
    action: str = Field(max_length=60, index=True)
    programme: str | None = Field(default=None, max_length=80, index=True)
    target: str | None = Field(default=None, max_length=300)
    source: str | None = Field(default=None, max_length=120)
    """From where: the client's address for the web app, `cli`, `prefect`."""
    outcome: str = Field(default="ok", max_length=20)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
