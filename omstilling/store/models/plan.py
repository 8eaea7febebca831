"""What the action plan says: focus areas, goals, strategies and the yearly budget."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from omstilling.core.enums import BudgetCategory, BudgetKind, Comparator, GoalMetric
from omstilling.store.models.base import enum_field, json_list_field


class FocusArea(SQLModel, table=True):
    """An innsatsområde, numbered as in the plan (1, 2, 3 …)."""

    __table_args__ = (
        sa.UniqueConstraint("programme_id", "number"),
        sa.CheckConstraint("number > 0", name="number_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    number: int
    name: str = Field(max_length=200)
    description: str | None = None


class Strategy(SQLModel, table=True):
    """A strategy or measure (tiltak) of one year's plan, numbered like "3.1.2".

    Projects count for it when they belong to its focus area, carry at least one of `tags` (or `tags` is
    empty) and none of `exclude_tags`."""

    __table_args__ = (
        sa.UniqueConstraint("programme_id", "year", "number"),
        sa.CheckConstraint("count_target IS NULL OR count_target >= 0", name="count_target_non_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    focus_area_id: int = Field(foreign_key="focusarea.id", index=True, ondelete="CASCADE")
    year: int
    number: str = Field(max_length=20)
    name: str = Field(max_length=300)
    description: str | None = None
    count_target: int | None = None
    target_text: str | None = None
    tags: list[str] = json_list_field()
    exclude_tags: list[str] = json_list_field()


class Goal(SQLModel, table=True):
    """A goal at programme, focus-area or strategy level, for a period of whole years."""

    __table_args__ = (
        sa.UniqueConstraint("programme_id", "key"),
        sa.CheckConstraint("period_end >= period_start", name="period_order"),
        sa.CheckConstraint("target IS NULL OR target >= 0", name="target_non_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=60)
    focus_area_id: int | None = Field(default=None, foreign_key="focusarea.id", ondelete="CASCADE")
    strategy_id: int | None = Field(default=None, foreign_key="strategy.id", ondelete="CASCADE")
    metric: GoalMetric = enum_field(GoalMetric)
    comparator: Comparator = enum_field(Comparator)
    target: int | None = None
    baseline: int | None = None
    period_start: int
    period_end: int
    text: str


class BudgetLine(SQLModel, table=True):
    """One line of a year's budget: income by source, or spending per focus area / administration; with the
    accounts (`actual`, regnskap): what was spent on the line, or the income received (None: not recorded)."""

    __table_args__ = (
        sa.UniqueConstraint("programme_id", "year", "kind", "label"),
        sa.CheckConstraint("amount >= 0", name="amount_non_negative"),
        sa.CheckConstraint("actual IS NULL OR actual >= 0", name="actual_non_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    year: int
    kind: BudgetKind = enum_field(BudgetKind)
    category: BudgetCategory = enum_field(BudgetCategory)
    focus_area_id: int | None = Field(default=None, foreign_key="focusarea.id", ondelete="CASCADE")
    label: str = Field(max_length=200)
    amount: int
    actual: int | None = None
