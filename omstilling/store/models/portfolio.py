"""The project portfolio: projects, their financing, payments and reported results."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from omstilling.core.enums import (
    FundingSource,
    PaymentKind,
    Phase,
    ProjectStatus,
    ResultSource,
)
from omstilling.store.models.base import enum_field, json_list_field


class Project(SQLModel, table=True):
    """A development project the programme has been asked to support (or supports)."""

    __table_args__ = (
        sa.UniqueConstraint("programme_id", "number"),
        sa.CheckConstraint("grant_amount >= 0", name="grant_non_negative"),
        sa.CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="date_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    number: str = Field(max_length=30)
    title: str = Field(max_length=300)
    owner: str = Field(max_length=200)
    org_number: str | None = Field(default=None, max_length=9)
    focus_area_id: int = Field(foreign_key="focusarea.id", index=True)
    strategy_id: int | None = Field(default=None, foreign_key="strategy.id", ondelete="SET NULL")
    tags: list[str] = json_list_field()
    phase: Phase = enum_field(Phase)
    status: ProjectStatus = enum_field(ProjectStatus)
    grant_amount: int = 0
    decision_date: date | None = None
    decision_case: str | None = Field(default=None, max_length=10)
    start_date: date | None = None
    end_date: date | None = None
    competence_building: bool = False
    regional_cooperation: bool = False
    network_project: bool = False


class Funding(SQLModel, table=True):
    """The project's financing plan: one amount per source (the programme's own line equals the grant)."""

    __table_args__ = (
        sa.UniqueConstraint("project_id", "source"),
        sa.CheckConstraint("amount >= 0", name="amount_non_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    source: FundingSource = enum_field(FundingSource)
    amount: int


class Payment(SQLModel, table=True):
    """Money paid out on a grant (utbetaling), or paid back to the programme (tilbakeført). Two of the same kind
    on one day are told apart by `reference` (a voucher number, say; empty for the only one)."""

    __table_args__ = (
        sa.UniqueConstraint("project_id", "date", "kind", "reference"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    date: date
    kind: PaymentKind = enum_field(PaymentKind)
    reference: str = Field(default="", max_length=40, sa_column_kwargs={"server_default": ""})
    amount: int
    note: str | None = None


class ProjectResult(SQLModel, table=True):
    """Results a project reported on a date: jobs (new and secured, kept apart), companies, revenue. Two
    reports from one source on one day are told apart by `reference` (empty for the only one)."""

    __table_args__ = (
        sa.UniqueConstraint("project_id", "date", "source", "reference"),
        sa.CheckConstraint(
            "new_jobs >= 0 AND secured_jobs >= 0 AND new_companies >= 0 AND extra_revenue >= 0",
            name="non_negative",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    date: date
    new_jobs: int = 0
    secured_jobs: int = 0
    new_companies: int = 0
    extra_revenue: int = 0
    source: ResultSource = enum_field(ResultSource)
    reference: str = Field(default="", max_length=40, sa_column_kwargs={"server_default": ""})
    note: str | None = None
