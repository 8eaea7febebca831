"""state aid: awards of de minimis aid with the facts the regulation and the register ask for (aidaward), the
companies' declarations of other de minimis aid (aiddeclaration, declaredaid), organisation numbers that count as
one undertaking (undertakinglink), and the exchange rates (exchangerate, installation-wide). The four programme
tables raise their programme's revision (a frozen copy of omstilling/store/revision.py's trigger SQL)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 22:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sqlmodel.sql.sqltypes.AutoString
# (table, column, parent table or None): whose rows belong to a programme, directly or through a parent row
SOURCES = (
    ("aidaward", "project_id", "project"),
    ("undertakinglink", "programme_id", None),
    ("aiddeclaration", "programme_id", None),
    ("declaredaid", "declaration_id", "aiddeclaration"),
)


def _programmes(column: str, parent: str | None, rows: str) -> str:
    if parent is None:
        return f"SELECT {column} FROM {rows}"
    return f"SELECT programme_id FROM {parent} WHERE id IN (SELECT {column} FROM {rows})"


def _sqlite(table: str, column: str, parent: str | None, event: str) -> list[str]:
    rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[event]
    found = (
        f"SELECT {row}.{column} AS p"
        if parent is None
        else f"SELECT programme_id AS p FROM {parent} WHERE id = {row}.{column}"
        for row in rows
    )
    programmes = f"SELECT DISTINCT p FROM ({' UNION '.join(found)}) WHERE p IS NOT NULL"
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


def _postgres(table: str, column: str, parent: str | None, event: str) -> list[str]:
    name = f"revision_{table}_{event}"
    if event == "truncate":
        ids, referencing = "SELECT id FROM programme", ""
    else:
        tables = {"insert": ("new_rows",), "update": ("old_rows", "new_rows"), "delete": ("old_rows",)}[event]
        ids = " UNION ".join(_programmes(column, parent, t) for t in tables)
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


def _enum(name: str, values: Sequence[str]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=max(map(len, values)))


def _events(sqlite: bool) -> tuple[str, ...]:
    return ("insert", "update", "delete") if sqlite else ("insert", "update", "delete", "truncate")


def upgrade() -> None:
    op.create_table(
        "exchangerate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("currency", TEXT(length=3), nullable=False),
        sa.Column("per_eur", sa.Numeric(12, 4), nullable=False),
        sa.Column("source", TEXT(length=120), nullable=False),
        sa.CheckConstraint("per_eur > 0", name=op.f("ck_exchangerate_rate_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchangerate")),
        sa.UniqueConstraint("day", "currency", name=op.f("uq_exchangerate_day_currency")),
    )
    op.create_index(op.f("ix_exchangerate_day"), "exchangerate", ["day"], unique=False)
    op.create_table(
        "aidaward",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("org_number", TEXT(length=9), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("basis", _enum("aidbasis", ("bagatell",)), nullable=False),
        sa.Column("amount_nok", sa.Integer(), nullable=False),
        sa.Column("gross_nok", sa.Integer(), nullable=False),
        sa.Column("nok_per_eur", sa.Numeric(12, 4), nullable=False),
        sa.Column("rate_day", sa.Date(), nullable=False),
        sa.Column("rate_source", TEXT(length=120), nullable=False),
        sa.Column("amount_eur", sa.Numeric(14, 2), nullable=False),
        sa.Column("instrument", _enum("aidinstrument", ("tilskudd", "lan", "garanti")), nullable=False),
        sa.Column("purpose", TEXT(length=300), nullable=False),
        sa.Column("recipient_size", _enum("companysize", ("liten", "mellomstor", "stor")), nullable=True),
        sa.Column("industry", TEXT(length=10), nullable=True),
        sa.Column("region", TEXT(length=120), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", TEXT(length=254), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_nok >= 0", name=op.f("ck_aidaward_amount_non_negative")),
        sa.CheckConstraint("gross_nok >= 0", name=op.f("ck_aidaward_gross_non_negative")),
        sa.CheckConstraint("nok_per_eur > 0", name=op.f("ck_aidaward_rate_positive")),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_aidaward_project_id_project"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aidaward")),
        sa.UniqueConstraint("project_id", "granted_on", name=op.f("uq_aidaward_project_id_granted_on")),
    )
    op.create_index(op.f("ix_aidaward_project_id"), "aidaward", ["project_id"], unique=False)
    op.create_index(op.f("ix_aidaward_org_number"), "aidaward", ["org_number"], unique=False)
    op.create_table(
        "undertakinglink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("org_number", TEXT(length=9), nullable=False),
        sa.Column("counts_with", TEXT(length=9), nullable=False),
        sa.Column("why", TEXT(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_undertakinglink_programme_id_programme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_undertakinglink")),
        sa.UniqueConstraint(
            "programme_id",
            "org_number",
            "counts_with",
            name=op.f("uq_undertakinglink_programme_id_org_number_counts_with"),
        ),
    )
    for column in ("programme_id", "org_number", "counts_with"):
        op.create_index(op.f(f"ix_undertakinglink_{column}"), "undertakinglink", [column], unique=False)
    op.create_table(
        "aiddeclaration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("org_number", TEXT(length=9), nullable=False),
        sa.Column("declared_on", sa.Date(), nullable=False),
        sa.Column("signed_by", TEXT(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_aiddeclaration_programme_id_programme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aiddeclaration")),
        sa.UniqueConstraint(
            "programme_id",
            "org_number",
            "declared_on",
            name=op.f("uq_aiddeclaration_programme_id_org_number_declared_on"),
        ),
    )
    op.create_index(op.f("ix_aiddeclaration_programme_id"), "aiddeclaration", ["programme_id"], unique=False)
    op.create_index(op.f("ix_aiddeclaration_org_number"), "aiddeclaration", ["org_number"], unique=False)
    op.create_table(
        "declaredaid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("grantor", TEXT(length=200), nullable=False),
        sa.Column("scheme", TEXT(length=200), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("amount_nok", sa.Integer(), nullable=True),
        sa.Column("amount_eur", sa.Numeric(14, 2), nullable=False),
        sa.CheckConstraint("amount_eur >= 0", name=op.f("ck_declaredaid_amount_non_negative")),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["aiddeclaration.id"],
            name=op.f("fk_declaredaid_declaration_id_aiddeclaration"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaredaid")),
    )
    op.create_index(op.f("ix_declaredaid_declaration_id"), "declaredaid", ["declaration_id"], unique=False)
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, parent in SOURCES:
        for event in _events(sqlite):
            for statement in (_sqlite if sqlite else _postgres)(table, column, parent, event):
                op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, _column, _parent in SOURCES:
        for event in _events(sqlite):
            name = f"revision_{table}_{event}"
            if sqlite:
                op.execute(f"DROP TRIGGER IF EXISTS {name}")
            else:
                op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_table("declaredaid")
    op.drop_table("aiddeclaration")
    op.drop_table("undertakinglink")
    op.drop_table("aidaward")
    op.drop_table("exchangerate")
