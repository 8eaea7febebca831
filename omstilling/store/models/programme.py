"""Programmes, people, their public roles and their private contact data."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from omstilling.core.enums import InvitationTiming, Role
from omstilling.core.language import WrittenStandard
from omstilling.core.zone import DEFAULT_TIMEZONE
from omstilling.store.models.base import enum_field


class Programme(SQLModel, table=True):
    """One restructuring programme (omstillingsprogram) owned by a municipality."""

    __table_args__ = (
        sa.CheckConstraint("status_end_year >= status_start_year", name="status_years"),
        sa.CheckConstraint("length(slug) > 0", name="slug_not_empty"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=80)
    name: str = Field(max_length=200)
    municipality: str = Field(max_length=120)
    county: str = Field(max_length=120)
    county_short: str = Field(max_length=20)
    status_start_year: int
    status_end_year: int
    timezone: str = Field(default=DEFAULT_TIMEZONE, max_length=60)
    # when board meetings first land in calendars (None: the installation's OMSTILLING_INVITATIONS)
    invitations: InvitationTiming | None = enum_field(InvitationTiming, nullable=True, default=None)
    # the programme's written standard (målform): every text its people read follows it (`core.language`)
    language: WrittenStandard = enum_field(WrittenStandard, default=WrittenStandard.BOKMAL, server_default="nb")


class Person(SQLModel, table=True):
    """A person's public identity: their name. Roles and contact data hang off it."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)


class Contact(SQLModel, table=True):
    """Private contact data, for reminders only: never printed in documents or logs."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", unique=True, ondelete="CASCADE")
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)


class RoleAssignment(SQLModel, table=True):
    """Public role data: who holds which role on a programme, for whom, and for which term."""

    __table_args__ = (
        sa.CheckConstraint("term_end IS NULL OR term_end >= term_start", name="term_order"),
        sa.UniqueConstraint("programme_id", "person_id", "role", "term_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    role: Role = enum_field(Role)
    organisation: str | None = Field(default=None, max_length=200)
    term_start: date
    term_end: date | None = None


class DataChange(SQLModel, table=True):
    """Changes to a programme's data, counted by database triggers (see `omstilling.store.revision`): the programme's
    revision is the sum of its weights. Written only by the triggers (and folded by `revision.compact`); no foreign
    key, so the count outlives a deleted programme whose id SQLite may give again."""

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(index=True)
    weight: int
