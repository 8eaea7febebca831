"""board papers: a case's proposed decision (forslag til vedtak); the notice, the board pack and the draft
minutes as document kinds

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("arsrapport", "halvarsrapport", "styrerapport", "soknad", "psv-grunnlag", "seminargrunnlag", "handlingsplan")
NEW = (*OLD, "innkalling", "styrepapirer", "protokoll")
# (table, column, nullable) of every column that holds a document kind
COLUMNS = (("documentrecord", "kind", False), ("wheelevent", "document", True))


def _kind(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="documentkind", native_enum=False, create_constraint=False, length=max(len(v) for v in values)
    )


def _swap(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    for table, column, nullable in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_documentkind"), type_="check")
            batch_op.alter_column(column, existing_type=_kind(old), type_=_kind(new), existing_nullable=nullable)
            listed = ", ".join(f"'{v}'" for v in new)
            batch_op.create_check_constraint(op.f(f"ck_{table}_documentkind"), f"{column} IN ({listed})")


def upgrade() -> None:
    with op.batch_alter_table("boardcase", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proposal", sa.String(), nullable=True))
    _swap(OLD, NEW)


def downgrade() -> None:
    op.execute("DELETE FROM documentrecord WHERE kind IN ('innkalling', 'styrepapirer', 'protokoll')")
    op.execute("UPDATE wheelevent SET document = NULL WHERE document IN ('innkalling', 'styrepapirer', 'protokoll')")
    _swap(NEW, OLD)
    with op.batch_alter_table("boardcase", schema=None) as batch_op:
        batch_op.drop_column("proposal")
