"""outbox rows can be cancelled (their deadline was closed) or expired (too late to send)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("venter", "sendt", "feilet")
NEW = ("venter", "sendt", "feilet", "avbrutt", "utlopt")


def _status(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="outboxstatus", native_enum=False, create_constraint=False, length=max(len(v) for v in values)
    )


def _swap(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outboxmessage_outboxstatus"), type_="check")
        batch_op.alter_column("status", existing_type=_status(old), type_=_status(new), existing_nullable=False)
        listed = ", ".join(f"'{v}'" for v in new)
        batch_op.create_check_constraint(op.f("ck_outboxmessage_outboxstatus"), f"status IN ({listed})")


def upgrade() -> None:
    _swap(OLD, NEW)


def downgrade() -> None:
    op.execute("UPDATE outboxmessage SET status = 'feilet' WHERE status IN ('avbrutt', 'utlopt')")
    _swap(NEW, OLD)
