"""programme data revision: triggers count every change to a programme's data in `datachange`

The trigger SQL is a frozen copy of omstilling/revision.py as it was at this migration (a migration does not import
the code it migrates: a later change to which tables count must not change what this one created).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "datachange"


@dataclass(frozen=True)
class Source:
    """A table whose rows belong to a programme: directly (`programme_id`), or through a parent row."""

    table: str
    column: str = "programme_id"
    parent: str | None = None  # the parent table (which has programme_id) that `column` points into

    def programmes(self, rows: str) -> str:
        """SQL: the ids of the programmes the rows of `rows` (a table name) belong to."""
        if self.parent is None:
            return f"SELECT {self.column} FROM {rows}"
        return f"SELECT programme_id FROM {self.parent} WHERE id IN (SELECT {self.column} FROM {rows})"


SOURCES = (
    Source("focusarea"),
    Source("strategy"),
    Source("goal"),
    Source("budgetline"),
    Source("project"),
    Source("funding", "project_id", "project"),
    Source("payment", "project_id", "project"),
    Source("projectresult", "project_id", "project"),
    Source("wheelevent"),
    Source("closedday"),
    Source("quotarule"),
    Source("deadline"),
    Source("boardmeeting"),
    Source("boardcase"),
    Source("deviation"),
    Source("roleassignment"),
    Source("statusassessment"),
    Source("indicatorscore", "assessment_id", "statusassessment"),
    Source("recommendation", "assessment_id", "statusassessment"),
)
EVENTS = ("insert", "update", "delete")
POSTGRES_EVENTS = (*EVENTS, "truncate")


def trigger_name(source: Source, event: str) -> str:
    return f"revision_{source.table}_{event}"


def _sqlite(source: Source, event: str) -> str:
    rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[event]
    # the programmes the changed row belongs to (before and after an update), without NULLs
    found = (
        f"SELECT {row}.{source.column} AS p"
        if source.parent is None
        else f"SELECT programme_id AS p FROM {source.parent} WHERE id = {row}.{source.column}"
        for row in rows
    )
    programmes = f"SELECT DISTINCT p FROM ({' UNION '.join(found)}) WHERE p IS NOT NULL"
    return (
        f"CREATE TRIGGER {trigger_name(source, event)} AFTER {event.upper()} ON {source.table} FOR EACH ROW "
        f"BEGIN "
        f"UPDATE {TABLE} SET weight = weight + 1 WHERE programme_id IN ({programmes}); "
        f"INSERT INTO {TABLE} (programme_id, weight) SELECT p, 1 FROM ({programmes}) "
        f"WHERE p NOT IN (SELECT programme_id FROM {TABLE}); "
        f"END"
    )


def _postgres(source: Source, event: str) -> list[str]:
    name = trigger_name(source, event)
    if event == "truncate":  # which programmes is unknown: all of them
        ids = "SELECT id FROM programme"
        referencing = ""
    else:
        tables = {"insert": ("new_rows",), "update": ("old_rows", "new_rows"), "delete": ("old_rows",)}[event]
        ids = " UNION ".join(source.programmes(t) for t in tables)
        referencing = "REFERENCING " + " ".join(f"{'OLD' if t == 'old_rows' else 'NEW'} TABLE AS {t}" for t in tables)
    return [
        (
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"INSERT INTO {TABLE} (programme_id, weight) SELECT DISTINCT p, 1 FROM ({ids}) AS changed (p) "
            f"WHERE p IS NOT NULL; RETURN NULL; END $$"
        ),
        (
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON {source.table} {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        ),
    ]


def _events(connection: sa.Connection) -> tuple[str, ...]:
    return EVENTS if connection.dialect.name == "sqlite" else POSTGRES_EVENTS


def _statements(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [_sqlite(source, event) for source in SOURCES for event in EVENTS]
    return [statement for source in SOURCES for event in POSTGRES_EVENTS for statement in _postgres(source, event)]


def upgrade() -> None:
    op.create_table(
        "datachange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_datachange")),
    )
    with op.batch_alter_table("datachange", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_datachange_programme_id"), ["programme_id"], unique=False)
    bind = op.get_bind()
    for statement in _statements(bind.dialect.name):
        bind.execute(sa.text(statement))


def downgrade() -> None:
    bind = op.get_bind()
    for source in SOURCES:
        for event in EVENTS if bind.dialect.name == "sqlite" else POSTGRES_EVENTS:
            name = trigger_name(source, event)
            if bind.dialect.name == "sqlite":
                bind.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
            else:
                bind.execute(sa.text(f"DROP TRIGGER IF EXISTS {name} ON {source.table}"))
                bind.execute(sa.text(f"DROP FUNCTION IF EXISTS {name}()"))
    with op.batch_alter_table("datachange", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_datachange_programme_id"))
    op.drop_table("datachange")
