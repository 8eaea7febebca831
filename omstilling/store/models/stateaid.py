"""State aid (issue 29): each award of de minimis aid with the facts the regulation and the register ask for, the
company's declaration of other de minimis aid, the organisation numbers that count as one undertaking, and the
exchange rates (installation-wide: the ECB's reference rates, or a rate entered for an award). The rules are
`omstilling.core.stateaid`'s."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from omstilling.core.stateaid import AidBasis, AidInstrument, CompanySize
from omstilling.store.models.base import enum_field, timestamp_field


class ExchangeRate(SQLModel, table=True):
    """NOK per EUR on a day, from a source (the ECB's reference rate, or entered by hand)."""

    __table_args__ = (
        sa.UniqueConstraint("day", "currency"),
        sa.CheckConstraint("per_eur > 0", name="rate_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    currency: str = Field(default="NOK", max_length=3)
    per_eur: Decimal = Field(sa_column=sa.Column(sa.Numeric(12, 4), nullable=False))
    source: str = Field(max_length=120)


class AidAward(SQLModel, table=True):
    """One award of state aid on a project's grant: to whom (the organisation number when it was granted), when the
    company got the legal right to it, how much in NOK and in EUR at which rate, on what basis, and when it was
    reported to Registeret for offentlig støtte."""

    __table_args__ = (
        sa.UniqueConstraint("project_id", "granted_on"),
        sa.CheckConstraint("amount_nok >= 0", name="amount_non_negative"),
        sa.CheckConstraint("gross_nok >= 0", name="gross_non_negative"),
        sa.CheckConstraint("nok_per_eur > 0", name="rate_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    org_number: str = Field(max_length=9, index=True)
    granted_on: date
    basis: AidBasis = enum_field(AidBasis, default=AidBasis.DE_MINIMIS)
    amount_nok: int
    gross_nok: int  # the gross grant equivalent (for a grant, its amount)
    nok_per_eur: Decimal = Field(sa_column=sa.Column(sa.Numeric(12, 4), nullable=False))
    rate_day: date
    rate_source: str = Field(max_length=120)
    amount_eur: Decimal = Field(sa_column=sa.Column(sa.Numeric(14, 2), nullable=False))
    instrument: AidInstrument = enum_field(AidInstrument, default=AidInstrument.GRANT)
    purpose: str = Field(default="", max_length=300)
    recipient_size: CompanySize | None = enum_field(CompanySize, nullable=True, default=None)
    industry: str | None = Field(default=None, max_length=10)  # NACE code, e.g. 16.100
    region: str | None = Field(default=None, max_length=120)
    reported_on: date | None = None
    recorded_by: str = Field(max_length=254)
    recorded_at: datetime = timestamp_field(nullable=False, default_now=True)


class UndertakingLink(SQLModel, table=True):
    """Two organisation numbers that count as one undertaking (control by votes, board or contract), as a programme
    has recorded them. Links only ever add aid to a sum: whoever recorded a link, every programme's ceiling counts it."""

    __table_args__ = (sa.UniqueConstraint("programme_id", "org_number", "counts_with"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    org_number: str = Field(max_length=9, index=True)
    counts_with: str = Field(max_length=9, index=True)
    why: str = Field(default="", max_length=300)


class AidDeclaration(SQLModel, table=True):
    """A company's written declaration of the de minimis aid it received from others in the last three years (none,
    or the rows in `DeclaredAid`)."""

    __table_args__ = (sa.UniqueConstraint("programme_id", "org_number", "declared_on"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    org_number: str = Field(max_length=9, index=True)
    declared_on: date
    signed_by: str = Field(max_length=200)


class DeclaredAid(SQLModel, table=True):
    """One row of a declaration: who gave the aid, under which scheme, when, and how much (EUR, as the grantor
    stated it; NOK too when given)."""

    __table_args__ = (sa.CheckConstraint("amount_eur >= 0", name="amount_non_negative"),)

    id: int | None = Field(default=None, primary_key=True)
    declaration_id: int = Field(foreign_key="aiddeclaration.id", index=True, ondelete="CASCADE")
    grantor: str = Field(max_length=200)
    scheme: str = Field(default="", max_length=200)
    granted_on: date
    amount_nok: int | None = None
    amount_eur: Decimal = Field(sa_column=sa.Column(sa.Numeric(14, 2), nullable=False))
