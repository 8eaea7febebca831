"""the board meeting's notice (innkalling) and its corrections as outbox kinds; what the notice said, on the invitation

The outbox's kinds gain `innkalling` (the notice of a board meeting, with its agenda and the board pack) and
`endret-innkalling` (a correction after the notice went out: moved, or cancelled). The invitation row remembers
what the notice said (`notice_step`: None until the meeting is called, then the step of the last notice or
correction; `notice_starts_at` and `notice_location`: the time and place it named, the time None once the
cancellation was told). Self-contained: the values are written out here.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 01:40:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("paminnelse", "varsel", "invitasjon", "avlysning", "fjerning")
NEW = (*OLD, "innkalling", "endret-innkalling")
AUTO_STRING: Any = sqlmodel.sql.sqltypes.AutoString  # type: ignore[attr-defined]


def _kind(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="messagekind", native_enum=False, create_constraint=False, length=max(len(v) for v in values)
    )


def _swap(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outboxmessage_messagekind"), type_="check")
        batch_op.alter_column("kind", existing_type=_kind(old), type_=_kind(new), existing_nullable=False)
        listed = ", ".join(f"'{k}'" for k in new)
        batch_op.create_check_constraint(op.f("ck_outboxmessage_messagekind"), f"kind IN ({listed})")


def upgrade() -> None:
    _swap(OLD, NEW)
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_step", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("notice_starts_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("notice_location", AUTO_STRING(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_column("notice_location")
        batch_op.drop_column("notice_starts_at")
        batch_op.drop_column("notice_step")
    op.execute("DELETE FROM outboxmessage WHERE kind IN ('innkalling', 'endret-innkalling')")
    _swap(NEW, OLD)
