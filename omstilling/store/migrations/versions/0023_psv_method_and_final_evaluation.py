"""PSV by its published method: the indicator set a year is scored on (statusassessment.form) and the verbal
conclusion agreed in the meeting (statusassessment.conclusion), the programme's own indicators (psvindicator, whose
rows raise its programme's revision: a frozen copy of omstilling/store/revision.py's trigger SQL); the final
evaluation's data pack as a document kind (sluttevaluering)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FORMS = ("in-12", "in-8", "egen")
KINDS = ("prosess", "effekt")
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
    "sluttrapport",
)
NEW_DOCUMENTS = (*OLD_DOCUMENTS, "sluttevaluering")
# (table, column, nullable) of every column that holds a document kind
DOCUMENT_COLUMNS = (("documentrecord", "kind", False), ("wheelevent", "document", True), ("leadertext", "kind", False))
# Of those, the tables whose rows raise their programme's revision: SQLite's batch mode rebuilds them (a new CHECK
# needs a new table there), which drops their triggers, so they are dropped first and made again after.
REBUILT_SOURCES = ("wheelevent", "leadertext")
TABLE = "psvindicator"
EVENTS = ("insert", "update", "delete")


def _sqlite(table: str, event: str) -> list[str]:
    rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[event]
    found = " UNION ".join(f"SELECT {row}.programme_id AS p" for row in rows)
    programmes = f"SELECT DISTINCT p FROM ({found}) WHERE p IS NOT NULL"
    return [
        (
            f"CREATE TRIGGER revision_{table}_{event} AFTER {event.upper()} ON {table} FOR EACH ROW "
            f"BEGIN "
            f"UPDATE datachange SET weight = weight + 1 WHERE programme_id IN ({programmes}); "
            f"INSERT INTO datachange (programme_id, weight) SELECT p, 1 FROM ({programmes}) "
            f"WHERE p NOT IN (SELECT programme_id FROM datachange); "
            f"END"
        )
    ]


def _postgres(table: str, event: str) -> list[str]:
    name = f"revision_{table}_{event}"
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
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        ),
    ]


def _create_triggers(table: str) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for event in EVENTS if sqlite else (*EVENTS, "truncate"):
        for statement in _sqlite(table, event) if sqlite else _postgres(table, event):
            op.execute(statement)


def _drop_triggers(table: str) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for event in EVENTS if sqlite else (*EVENTS, "truncate"):
        name = f"revision_{table}_{event}"
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")


def _enum(name: str, values: Sequence[str], constraint: bool = True) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=constraint, length=max(map(len, values)))


def _listed(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _swap_documents(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for table in REBUILT_SOURCES:
            _drop_triggers(table)
    for table, column, nullable in DOCUMENT_COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_documentkind"), type_="check")
            batch_op.alter_column(
                column,
                existing_type=_enum("documentkind", old, False),
                type_=_enum("documentkind", new, False),
                existing_nullable=nullable,
            )
            batch_op.create_check_constraint(op.f(f"ck_{table}_documentkind"), f"{column} IN ({_listed(new)})")
    if sqlite:
        for table in REBUILT_SOURCES:
            _create_triggers(table)


def upgrade() -> None:
    # ADD COLUMN, not a batch rebuild: statusassessment keeps its revision triggers. SQLite adds a column with its
    # CHECK in one statement, which Alembic's add_column leaves out, so it is written out there.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE statusassessment ADD COLUMN form VARCHAR({max(map(len, FORMS))}) "
            f"CONSTRAINT ck_statusassessment_psvform CHECK (form IN ({_listed(FORMS)}))"
        )
    else:
        op.add_column("statusassessment", sa.Column("form", _enum("psvform", FORMS), nullable=True))
    op.add_column("statusassessment", sa.Column("conclusion", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", _enum("indicatorkind", KINDS), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.CheckConstraint("number > 0", name=op.f("ck_psvindicator_number_positive")),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_psvindicator_programme_id_programme"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_psvindicator")),
        sa.UniqueConstraint("programme_id", "name", name=op.f("uq_psvindicator_programme_id_name")),
        sa.UniqueConstraint("programme_id", "number", name=op.f("uq_psvindicator_programme_id_number")),
    )
    op.create_index(op.f("ix_psvindicator_programme_id"), TABLE, ["programme_id"], unique=False)
    _create_triggers(TABLE)
    _swap_documents(OLD_DOCUMENTS, NEW_DOCUMENTS)


def downgrade() -> None:
    op.execute("DELETE FROM documentrecord WHERE kind = 'sluttevaluering'")
    op.execute("DELETE FROM leadertext WHERE kind = 'sluttevaluering'")
    op.execute("UPDATE wheelevent SET document = NULL WHERE document = 'sluttevaluering'")
    _swap_documents(NEW_DOCUMENTS, OLD_DOCUMENTS)
    _drop_triggers(TABLE)
    op.drop_index(op.f("ix_psvindicator_programme_id"), table_name=TABLE)
    op.drop_table(TABLE)
    if op.get_bind().dialect.name == "sqlite":  # DROP COLUMN in place (SQLite 3.35+): the triggers stay
        op.execute("ALTER TABLE statusassessment DROP COLUMN conclusion")
        op.execute("ALTER TABLE statusassessment DROP COLUMN form")
    else:
        op.drop_column("statusassessment", "conclusion")
        op.drop_column("statusassessment", "form")
