"""Column helpers shared by the table modules: enums stored by value, JSON lists, UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# Named constraints, so that Alembic (batch mode on SQLite) can find and alter them later.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# Pydantic builds a table's validator and serializer when first asked, not when the class is made: a table class
# is made without validating (SQLModel constructs table rows), and rows read from the database are never
# validated, so most processes never ask (the tables are a fifth of a command's start: issue 26).
SQLModel.model_config["defer_build"] = True


class _Stored(Protocol):
    @property
    def id(self) -> int | None: ...


def stored_id(row: _Stored) -> int:
    """The primary key of a row read from or flushed to the database. A table's `id` is Optional only because a new
    row has none until it is flushed; asking a row that was never saved for its id is a bug, said here."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id: it was never saved")
    return row.id


def utcnow() -> datetime:
    """Now, in UTC (instants are stored in UTC; rendered in Europe/Oslo)."""
    return datetime.now(UTC)


def enum_field(
    enum: type[Enum],
    *,
    default: Any = ...,
    nullable: bool = False,
    index: bool = False,
    server_default: str | None = None,
) -> Any:
    """A column that stores the enum's *value* as text, checked by a CHECK constraint (no native enum type)."""
    column_type = sa.Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        values_callable=lambda members: [m.value for m in members],
        length=max(len(m.value) for m in enum),
        name=enum.__name__.lower(),
        validate_strings=True,
    )
    return Field(
        default=default,
        sa_column=sa.Column(column_type, nullable=nullable, index=index, server_default=server_default),
    )


def json_list_field() -> Any:
    """A list of strings kept as JSON (tags, roles, keys)."""
    return Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))


class Instant(sa.TypeDecorator):
    """An instant, written in UTC: an aware time in another zone (the clock gives Europe/Oslo) is converted first,
    for SQLite keeps a datetime's wall time and drops its zone (read back, it is taken as UTC). Read as before."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value


def timestamp_field(*, nullable: bool = True, default_now: bool = False) -> Any:
    """A timezone-aware instant (UTC)."""
    return Field(
        default_factory=utcnow if default_now else (lambda: None),
        sa_column=sa.Column(Instant(), nullable=nullable),
    )
