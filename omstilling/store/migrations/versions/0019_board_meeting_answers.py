"""who comes to a board meeting: each board member's and deputy's answer to the notice (meetinganswer), and the
deputy called in for a member who cannot come

The answers belong to a meeting (and through it to a programme) but no document is made of them, so they raise no
programme revision (no triggers). Self-contained: the enums' values are written out here.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 02:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meetinganswer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "answer",
            sa.Enum(
                "kommer",
                "kommer-ikke",
                "usikker",
                name="attendance",
                native_enum=False,
                create_constraint=True,
                length=11,
            ),
            nullable=False,
        ),
        sa.Column(
            "via",
            sa.Enum("lenke", "webapp", name="answeredvia", native_enum=False, create_constraint=True, length=6),
            nullable=False,
        ),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=True),
        sa.Column("called_in_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("called_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["deputy_id"], ["person.id"], name=op.f("fk_meetinganswer_deputy_id_person"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["boardmeeting.id"],
            name=op.f("fk_meetinganswer_meeting_id_boardmeeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_meetinganswer_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetinganswer")),
        sa.UniqueConstraint("meeting_id", "person_id", name=op.f("uq_meetinganswer_meeting_id_person_id")),
    )
    with op.batch_alter_table("meetinganswer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetinganswer_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetinganswer_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("meetinganswer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetinganswer_person_id"))
        batch_op.drop_index(batch_op.f("ix_meetinganswer_meeting_id"))

    op.drop_table("meetinganswer")
