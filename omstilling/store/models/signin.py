"""One-time sign-in links for the web app: only a hash of each link's secret is kept."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from omstilling.store.models.base import timestamp_field


class SignInToken(SQLModel, table=True):
    """A sign-in link asked for (or printed by `omstilling login-link`): it works once, until `expires_at`.

    The row is written before the e-mail is sent and records whether it was (`sent_at`, `send_error`): the
    exactly-once record of the sign-in mail, and what the rate limit counts."""

    __table_args__ = (sa.UniqueConstraint("token_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64)
    email: str = Field(max_length=254, index=True)
    next_path: str | None = Field(default=None, max_length=500)
    created_at: datetime = timestamp_field(nullable=False, default_now=True)
    expires_at: datetime = timestamp_field(nullable=False)
    used_at: datetime | None = timestamp_field()
    sent_at: datetime | None = timestamp_field()
    send_error: str | None = Field(default=None, max_length=500)
