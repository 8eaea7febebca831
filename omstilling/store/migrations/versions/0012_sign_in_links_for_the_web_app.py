"""sign-in links for the web app: one row per link asked for, only the hash of its secret kept

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 05:39:01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signintoken",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("next_path", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("send_error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signintoken")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_signintoken_token_hash")),
    )
    with op.batch_alter_table("signintoken", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signintoken_email"), ["email"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("signintoken", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signintoken_email"))
    op.drop_table("signintoken")
