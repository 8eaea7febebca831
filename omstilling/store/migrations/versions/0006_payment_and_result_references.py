"""payments and results carry a reference, so two on one day can both be recorded

Migration 0002 once made (project, date, kind) unique for payments and (project, date, source) for results.
Two payments of one project on one day are legitimate (an instalment and a correction), and a database
holding two could not be upgraded. 0002 no longer adds those keys; this migration adds `reference`, numbers
the rows that share a day ('', '2', '3' …), and makes the key (project, date, kind/source, reference). A
database that ran the old 0002 has its old key dropped first.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = {  # table: (the column that tells the kind of row, the old key's name)
    "payment": ("kind", "uq_payment_project_id_date_kind"),
    "projectresult": ("source", "uq_projectresult_project_id_date_source"),
}


def _number_duplicates(table: str, kind: str) -> None:
    """Rows sharing (project, date, kind) get references '2', '3' … after the first, which keeps ''."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(f"SELECT id, project_id, date, {kind} FROM {table} ORDER BY project_id, date, {kind}, id")
    ).all()
    seen: dict[tuple, int] = {}
    for row_id, project_id, day, what in rows:
        key = (project_id, str(day), what)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            connection.execute(
                sa.text(f"UPDATE {table} SET reference = :ref WHERE id = :id"), {"ref": str(seen[key]), "id": row_id}
            )


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table, (kind, old_key) in TABLES.items():
        existing = {u["name"] for u in inspector.get_unique_constraints(table)}
        with op.batch_alter_table(table, schema=None) as batch_op:
            if old_key in existing:
                batch_op.drop_constraint(old_key, type_="unique")
            batch_op.add_column(
                sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False, server_default="")
            )
        _number_duplicates(table, kind)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(
                op.f(f"uq_{table}_project_id_date_{kind}_reference"), ["project_id", "date", kind, "reference"]
            )


def downgrade() -> None:
    for table, (kind, _old_key) in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"uq_{table}_project_id_date_{kind}_reference"), type_="unique")
            batch_op.drop_column("reference")
