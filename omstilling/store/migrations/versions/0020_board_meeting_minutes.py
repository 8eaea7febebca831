"""the board meeting's minutes (protokoll): versions recorded by the leader, comments, approvals with the SHA-256 of
the PDF approved; the outbox kinds that carry them; a programme's own choice of when invitations go out

Each version of a meeting's minutes (`minutes`) holds what it says (JSON: attendance, and per case the decision
and who was disqualified), its state, the comment deadline, and once sent for approval the path and SHA-256 of
the exact PDF; approved, the path and SHA-256 of the approved minutes with their approval page. Comments
(`minutescomment`) and approvals (`minutesapproval`: who, when, how signed in, the SHA-256 approved) hang off a
version. The outbox's kinds gain the minutes' four messages. `programme.invitations` is the programme's choice of
when board meetings land in calendars (NULL: the installation's setting). Self-contained: the values are written
out here.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 04:00:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("paminnelse", "varsel", "invitasjon", "avlysning", "fjerning", "innkalling", "endret-innkalling")
NEW = (*OLD, "protokoll-kommentar", "protokoll-purring", "protokoll-godkjenning", "protokoll-godkjent")
STATUSES = ("utkast", "til-kommentar", "til-godkjenning", "godkjent", "trukket")
TIMINGS = ("planlagt", "innkalling")
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
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "invitations",
                sa.Enum(*TIMINGS, name="invitationtiming", native_enum=False, create_constraint=True, length=10),
                nullable=True,
            )
        )
    op.create_table(
        "minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(*STATUSES, name="minutesstatus", native_enum=False, create_constraint=True, length=15),
            nullable=False,
        ),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("written_by", AUTO_STRING(length=254), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment_deadline", sa.Date(), nullable=True),
        sa.Column("sent_for_comments_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_for_approval_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pdf_path", AUTO_STRING(), nullable=True),
        sa.Column("pdf_sha256", AUTO_STRING(length=64), nullable=True),
        sa.Column("approved_path", AUTO_STRING(), nullable=True),
        sa.Column("approved_sha256", AUTO_STRING(length=64), nullable=True),
        sa.CheckConstraint("version > 0", name=op.f("ck_minutes_version_positive")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["boardmeeting.id"], name=op.f("fk_minutes_meeting_id_boardmeeting"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
        sa.UniqueConstraint("meeting_id", "version", name=op.f("uq_minutes_meeting_id_version")),
    )
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_meeting_id"), ["meeting_id"], unique=False)
    op.create_table(
        "minutescomment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("name", AUTO_STRING(length=200), nullable=False),
        sa.Column("text", AUTO_STRING(), nullable=True),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["minutes_id"], ["minutes.id"], name=op.f("fk_minutescomment_minutes_id_minutes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_minutescomment_person_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutescomment")),
    )
    with op.batch_alter_table("minutescomment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutescomment_minutes_id"), ["minutes_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_minutescomment_person_id"), ["person_id"], unique=False)
    op.create_table(
        "minutesapproval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("name", AUTO_STRING(length=200), nullable=False),
        sa.Column("role", AUTO_STRING(length=60), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("method", AUTO_STRING(length=40), nullable=False),
        sa.Column("sha256", AUTO_STRING(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["minutes_id"], ["minutes.id"], name=op.f("fk_minutesapproval_minutes_id_minutes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_minutesapproval_person_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutesapproval")),
        sa.UniqueConstraint("minutes_id", "person_id", name=op.f("uq_minutesapproval_minutes_id_person_id")),
    )
    with op.batch_alter_table("minutesapproval", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutesapproval_minutes_id"), ["minutes_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_minutesapproval_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_table("minutesapproval")
    op.drop_table("minutescomment")
    op.drop_table("minutes")
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_programme_invitationtiming"), type_="check")
        batch_op.drop_column("invitations")
    op.execute(
        "DELETE FROM outboxmessage WHERE kind IN "
        "('protokoll-kommentar', 'protokoll-purring', 'protokoll-godkjenning', 'protokoll-godkjent')"
    )
    _swap(NEW, OLD)
