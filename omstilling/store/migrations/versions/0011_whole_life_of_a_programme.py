"""the whole life of a programme: wheel events bounded by the status period (phase), the final report as a
document kind, the accounts (regnskap) on each budget line, decisions to follow up (boardcase.follow_up*, event
kind `vedtak`)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PHASES = ("hvert-ar", "ikke-siste-ar", "avslutning")
OLD_DOCUMENTS = (
    "arsrapport",
    "halvarsrapport",
    "styrerapport",
    "soknad",
    "psv-grunnlag",
    "seminargrunnlag",
    "handlingsplan",
    "innkalling",
    "styrepapirer",
    "protokoll",
)
NEW_DOCUMENTS = (*OLD_DOCUMENTS, "sluttrapport")


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _documents(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="documentkind", native_enum=False, create_constraint=False, length=max(len(v) for v in values)
    )


def _swap_documents(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    for table, column, nullable in (("wheelevent", "document", True), ("documentrecord", "kind", False)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_documentkind"), type_="check")
            batch_op.alter_column(
                column, existing_type=_documents(old), type_=_documents(new), existing_nullable=nullable
            )
            batch_op.create_check_constraint(op.f(f"ck_{table}_documentkind"), f"{column} IN ({_listed(new)})")


OLD_KINDS = ("frist", "mote", "kvote", "styremote")
NEW_KINDS = (*OLD_KINDS, "vedtak")


def _swap_kinds(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    def kind(values: tuple[str, ...]) -> sa.Enum:
        return sa.Enum(
            *values, name="eventkind", native_enum=False, create_constraint=False, length=max(len(v) for v in values)
        )

    with op.batch_alter_table("wheelevent", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_wheelevent_eventkind"), type_="check")
        batch_op.alter_column("kind", existing_type=kind(old), type_=kind(new), existing_nullable=False)
        batch_op.create_check_constraint(op.f("ck_wheelevent_eventkind"), f"kind IN ({_listed(new)})")


def upgrade() -> None:
    with op.batch_alter_table("wheelevent", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "phase",
                sa.Enum(
                    *PHASES,
                    name="wheelphase",
                    native_enum=False,
                    create_constraint=False,
                    length=max(len(v) for v in PHASES),
                ),
                nullable=False,
                server_default="hvert-ar",
            )
        )
        batch_op.create_check_constraint(op.f("ck_wheelevent_wheelphase"), f"phase IN ({_listed(PHASES)})")
    _swap_documents(OLD_DOCUMENTS, NEW_DOCUMENTS)
    with op.batch_alter_table("budgetline", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actual", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_budgetline_actual_non_negative"), "actual IS NULL OR actual >= 0")
    with op.batch_alter_table("boardcase", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follow_up", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("follow_up_role", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("follow_up_due", sa.Date(), nullable=True))
    _swap_kinds(OLD_KINDS, NEW_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM wheelevent WHERE kind = 'vedtak'")
    _swap_kinds(NEW_KINDS, OLD_KINDS)
    with op.batch_alter_table("boardcase", schema=None) as batch_op:
        batch_op.drop_column("follow_up_due")
        batch_op.drop_column("follow_up_role")
        batch_op.drop_column("follow_up")
    with op.batch_alter_table("budgetline", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_budgetline_actual_non_negative"), type_="check")
        batch_op.drop_column("actual")
    op.execute("DELETE FROM documentrecord WHERE kind = 'sluttrapport'")
    op.execute("UPDATE wheelevent SET document = NULL WHERE document = 'sluttrapport'")
    _swap_documents(NEW_DOCUMENTS, OLD_DOCUMENTS)
    with op.batch_alter_table("wheelevent", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_wheelevent_wheelphase"), type_="check")
        batch_op.drop_column("phase")
