"""the programme leader's own words per document (leadertext), and board cases as decision or briefing cases with
their background

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOCUMENT_KINDS = (
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
    "sluttrapport",
)
SECTIONS = ("sammendrag", "kvalitative-mal", "avvik", "veien-videre")
CASE_KINDS = ("vedtak", "orientering")

# A frozen copy of omstilling/store/revision.py's trigger SQL as it is at this migration, for the one new table
# whose rows raise its programme's revision (a migration never imports the code it migrates).
TABLE = "leadertext"


def _sqlite(event: str) -> list[str]:
    rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[event]
    found = " UNION ".join(f"SELECT {row}.programme_id AS p" for row in rows)
    programmes = f"SELECT DISTINCT p FROM ({found}) WHERE p IS NOT NULL"
    return [
        (
            f"CREATE TRIGGER revision_{TABLE}_{event} AFTER {event.upper()} ON {TABLE} FOR EACH ROW "
            f"BEGIN "
            f"UPDATE datachange SET weight = weight + 1 WHERE programme_id IN ({programmes}); "
            f"INSERT INTO datachange (programme_id, weight) SELECT p, 1 FROM ({programmes}) "
            f"WHERE p NOT IN (SELECT programme_id FROM datachange); "
            f"END"
        )
    ]


def _postgres(event: str) -> list[str]:
    name = f"revision_{TABLE}_{event}"
    if event == "truncate":
        ids, referencing = "SELECT id FROM programme", ""
    else:
        tables = {"insert": ("new_rows",), "update": ("old_rows", "new_rows"), "delete": ("old_rows",)}[event]
        ids = " UNION ".join(f"SELECT programme_id FROM {t}" for t in tables)
        referencing = "REFERENCING " + " ".join(f"{'OLD' if t == 'old_rows' else 'NEW'} TABLE AS {t}" for t in tables)
    return [
        (
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"INSERT INTO datachange (programme_id, weight) SELECT DISTINCT p, 1 FROM ({ids}) AS changed (p) "
            f"WHERE p IS NOT NULL; RETURN NULL; END $$"
        ),
        (
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON {TABLE} {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        ),
    ]


def _enum(name: str, values: Sequence[str]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=max(map(len, values)))


def upgrade() -> None:
    # ADD COLUMN, not a batch rebuild: boardcase keeps its revision triggers. SQLite adds a column with its CHECK
    # in one statement, which Alembic's add_column leaves out (with a warning), so it is written out there.
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        allowed = ", ".join(f"'{k}'" for k in CASE_KINDS)
        op.execute(
            f"ALTER TABLE boardcase ADD COLUMN kind VARCHAR({max(map(len, CASE_KINDS))}) NOT NULL DEFAULT 'vedtak' "
            f"CONSTRAINT ck_boardcase_casekind CHECK (kind IN ({allowed}))"
        )
    else:
        op.add_column(
            "boardcase", sa.Column("kind", _enum("casekind", CASE_KINDS), nullable=False, server_default="vedtak")
        )
    op.add_column("boardcase", sa.Column("background", sa.String(), nullable=True))
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("documentkind", DOCUMENT_KINDS), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("section", _enum("textsection", SECTIONS), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("written_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_leadertext_programme_id_programme"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leadertext")),
        sa.UniqueConstraint(
            "programme_id",
            "kind",
            "year",
            "name",
            "section",
            name=op.f("uq_leadertext_programme_id_kind_year_name_section"),
        ),
    )
    op.create_index(op.f("ix_leadertext_programme_id"), TABLE, ["programme_id"], unique=False)
    sqlite = bind.dialect.name == "sqlite"
    for event in ("insert", "update", "delete") if sqlite else ("insert", "update", "delete", "truncate"):
        for statement in _sqlite(event) if sqlite else _postgres(event):
            op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    for event in ("insert", "update", "delete") if sqlite else ("insert", "update", "delete", "truncate"):
        name = f"revision_{TABLE}_{event}"
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_index(op.f("ix_leadertext_programme_id"), table_name=TABLE)
    op.drop_table(TABLE)
    if sqlite:  # DROP COLUMN in place (SQLite 3.35+): no rebuild, so boardcase keeps its revision triggers
        op.execute("ALTER TABLE boardcase DROP COLUMN background")
        op.execute("ALTER TABLE boardcase DROP COLUMN kind")
    else:
        op.drop_column("boardcase", "background")
        op.drop_column("boardcase", "kind")
