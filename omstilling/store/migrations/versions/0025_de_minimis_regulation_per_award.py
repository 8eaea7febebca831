"""de minimis by the regulation of the grant date: aidaward.basis names the regulation in force on the award's grant
date (`bagatell-1998` Regulation (EC) No 1998/2006, `bagatell-1407` Regulation (EU) No 1407/2013, `bagatell`
Regulation (EU) 2023/2831), and the rows already there are given theirs by their grant date, by the dates the
regulations applied from in the EU (1 January 2007, 1 January 2014, 1 January 2024: the defaults of
OMSTILLING_DE_MINIMIS_FROM). aidaward's rows raise their programme's revision: SQLite's batch mode rebuilds the
table for the new CHECK, which drops its triggers, so they are dropped first and made again after (a frozen copy of
0022's trigger SQL)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE, COLUMN, PARENT = "aidaward", "project_id", "project"
OLD_BASES = ("bagatell",)
NEW_BASES = ("bagatell", "bagatell-1407", "bagatell-1998")
# (basis, first grant date, first grant date of the next): the defaults of core.stateaid.REGULATIONS, frozen here
BY_DATE = (("bagatell-1998", None, "2014-01-01"), ("bagatell-1407", "2014-01-01", "2024-01-01"))


def _sqlite(event: str) -> list[str]:
    rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[event]
    found = (f"SELECT programme_id AS p FROM {PARENT} WHERE id = {row}.{COLUMN}" for row in rows)
    programmes = f"SELECT DISTINCT p FROM ({' UNION '.join(found)}) WHERE p IS NOT NULL"
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


def _enum(values: Sequence[str]) -> sa.Enum:
    return sa.Enum(*values, name="aidbasis", native_enum=False, create_constraint=False, length=max(map(len, values)))


def _listed(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _swap(old: Sequence[str], new: Sequence[str]) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # the rebuild drops the table's triggers: made again below
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS revision_{TABLE}_{event}")
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{TABLE}_aidbasis"), type_="check")
        batch_op.alter_column("basis", existing_type=_enum(old), type_=_enum(new), existing_nullable=False)
        batch_op.create_check_constraint(op.f(f"ck_{TABLE}_aidbasis"), f"basis IN ({_listed(new)})")
    if sqlite:
        for event in ("insert", "update", "delete"):
            for statement in _sqlite(event):
                op.execute(statement)


def upgrade() -> None:
    _swap(OLD_BASES, NEW_BASES)
    for basis, start, end in BY_DATE:
        since = f" AND granted_on >= '{start}'" if start else ""
        op.execute(f"UPDATE {TABLE} SET basis = '{basis}' WHERE granted_on < '{end}'{since}")


def downgrade() -> None:
    op.execute(f"UPDATE {TABLE} SET basis = 'bagatell' WHERE basis <> 'bagatell'")
    _swap(NEW_BASES, OLD_BASES)
