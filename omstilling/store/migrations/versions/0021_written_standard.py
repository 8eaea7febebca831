"""a programme's written standard (målform): bokmål (`nb`, the default for every programme already here) or
nynorsk (`nn`); every text its people read follows it

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "language",
                sa.Enum("nb", "nn", name="writtenstandard", native_enum=False, create_constraint=True, length=2),
                nullable=False,
                server_default="nb",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_programme_writtenstandard"), type_="check")
        batch_op.drop_column("language")
