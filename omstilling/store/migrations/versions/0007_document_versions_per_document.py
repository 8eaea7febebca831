"""document records: versions per document (all formats), one run per version

Before, a document's versions were counted by the path of the first format a run wrote, so a Word-only run
between full runs counted (and archived) differently from the Markdown, and two runs at once could both
archive and both record. Each record now names its document (`name`), its `version` and its `format`, and
(programme, kind, year, name, version, format) is unique. Existing records are numbered per document and
format in the order they were written.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 02:00:00
"""

from collections.abc import Sequence
from pathlib import PurePath

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("documentrecord", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(
            sa.Column("format", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default="")
        )
    connection = op.get_bind()
    counted: dict[tuple, int] = {}
    for row_id, programme_id, kind, year, path in connection.execute(
        sa.text("SELECT id, programme_id, kind, year, path FROM documentrecord ORDER BY id")
    ).all():
        name, fmt = PurePath(path).stem, PurePath(path).suffix.lstrip(".")
        key = (programme_id, kind, year, name, fmt)
        counted[key] = counted.get(key, 0) + 1
        connection.execute(
            sa.text("UPDATE documentrecord SET name = :n, format = :f, version = :v WHERE id = :id"),
            {"n": name, "f": fmt, "v": counted[key], "id": row_id},
        )
    with op.batch_alter_table("documentrecord", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            op.f("uq_documentrecord_programme_id_kind_year_name_version_format"),
            ["programme_id", "kind", "year", "name", "version", "format"],
        )


def downgrade() -> None:
    with op.batch_alter_table("documentrecord", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_documentrecord_programme_id_kind_year_name_version_format"), type_="unique")
        batch_op.drop_column("format")
        batch_op.drop_column("version")
        batch_op.drop_column("name")
