"""county readers granted by the operator: reading a county's programmes no longer follows from a programme's data

Until here a county observer's role on any programme gave reading every programme of that programme's county, and
the programme's own workbook sets both the roles and the county. From here the operator grants it
(`omstilling county-access grant EMAIL COUNTY`); nothing is carried over, because what the data said is exactly
what cannot be trusted. Self-contained.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "countyreader",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("county", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("granted_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_countyreader")),
        sa.UniqueConstraint("email", "county", name=op.f("uq_countyreader_email_county")),
    )
    with op.batch_alter_table("countyreader", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_countyreader_email"), ["email"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("countyreader", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_countyreader_email"))
    op.drop_table("countyreader")
