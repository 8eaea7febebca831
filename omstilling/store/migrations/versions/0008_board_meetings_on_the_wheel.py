"""board meetings on the wheel: an event kind `styremote` whose dates are the board's meetings

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 02:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("frist", "mote", "kvote")
NEW = ("frist", "mote", "kvote", "styremote")


def _kind(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="eventkind", native_enum=False, create_constraint=False, length=max(len(v) for v in values)
    )


def _swap(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    with op.batch_alter_table("wheelevent", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_wheelevent_eventkind"), type_="check")
        batch_op.alter_column("kind", existing_type=_kind(old), type_=_kind(new), existing_nullable=False)
        listed = ", ".join(f"'{v}'" for v in new)
        batch_op.create_check_constraint(op.f("ck_wheelevent_eventkind"), f"kind IN ({listed})")


def upgrade() -> None:
    _swap(OLD, NEW)


def downgrade() -> None:
    op.execute("DELETE FROM wheelevent WHERE kind = 'styremote'")
    _swap(NEW, OLD)
