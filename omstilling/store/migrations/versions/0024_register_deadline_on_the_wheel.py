"""the register deadline on the wheel: event kind `registerrapport` (each award of state aid the register must be told
of, due on the reporting rule's deadline), added to every programme's wheel as the starting wheels have it

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 02:00:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ("frist", "mote", "kvote", "styremote", "vedtak")
NEW_KINDS = (*OLD_KINDS, "registerrapport")
KEY = "registerrapport"
LADDER = [
    {"offset": -14, "roles": ["programleder"]},
    {"offset": 0, "roles": ["programleder"]},
    {"offset": 7, "roles": ["programleder", "styreleder"]},
]
# the event as the starting wheels (omstilling/intake/demo_data/*.yaml) have it, in the programme's written standard
TITLES = {
    "nb": "Rapportering til Registeret for offentlig støtte",
    "nn": "Rapportering til Registeret for offentleg støtte",
}
DESCRIPTIONS = {
    "nb": (
        "Hver tildeling av bagatellmessig støtte som skal rapporteres til Registeret for offentlig støtte (terskelen "
        "og fristen er innstillinger): programleder minnes på to uker før og på fristen, og styreleder får beskjed "
        "når fristen er passert. Fristen er utført når støtten er markert som rapportert."
    ),
    "nn": (
        "Kvar tildeling av bagatellmessig støtte som skal rapporterast til Registeret for offentleg støtte (terskelen "
        "og fristen er innstillingar): programleiaren vert minna på to veker før og på fristen, og styreleiaren får "
        "melding når fristen er passert. Fristen er utført når støtta er markert som rapportert."
    ),
}


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


EVENTS = ("insert", "update", "delete")


def _sqlite_trigger(table: str, event: str) -> str:
    """A frozen copy of omstilling/store/revision.py's SQLite trigger: a row raises its programme's revision."""
    rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[event]
    found = " UNION ".join(f"SELECT {row}.programme_id AS p" for row in rows)
    programmes = f"SELECT DISTINCT p FROM ({found}) WHERE p IS NOT NULL"
    return (
        f"CREATE TRIGGER revision_{table}_{event} AFTER {event.upper()} ON {table} FOR EACH ROW "
        f"BEGIN "
        f"UPDATE datachange SET weight = weight + 1 WHERE programme_id IN ({programmes}); "
        f"INSERT INTO datachange (programme_id, weight) SELECT p, 1 FROM ({programmes}) "
        f"WHERE p NOT IN (SELECT programme_id FROM datachange); "
        f"END"
    )


def _swap_kinds(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    def kind(values: tuple[str, ...]) -> sa.Enum:
        return sa.Enum(
            *values, name="eventkind", native_enum=False, create_constraint=False, length=max(len(v) for v in values)
        )

    # SQLite's batch mode rebuilds the table for a new CHECK, which drops its revision triggers: dropped first and
    # made again after (PostgreSQL alters the table in place and keeps them)
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS revision_wheelevent_{event}")
    with op.batch_alter_table("wheelevent", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_wheelevent_eventkind"), type_="check")
        batch_op.alter_column("kind", existing_type=kind(old), type_=kind(new), existing_nullable=False)
        batch_op.create_check_constraint(op.f("ck_wheelevent_eventkind"), f"kind IN ({_listed(new)})")
    if sqlite:
        for event in EVENTS:
            op.execute(_sqlite_trigger("wheelevent", event))


def upgrade() -> None:
    _swap_kinds(OLD_KINDS, NEW_KINDS)
    bind = op.get_bind()
    programmes = bind.execute(
        sa.text(
            "SELECT id, language FROM programme WHERE NOT EXISTS "
            "(SELECT 1 FROM wheelevent w WHERE w.programme_id = programme.id "
            "AND (w.key = :key OR w.kind = 'registerrapport')) ORDER BY id"
        ),
        {"key": KEY},
    ).all()
    for programme_id, language in programmes:
        standard = "nn" if str(language) == "nn" else "nb"
        bind.execute(
            sa.text(
                "INSERT INTO wheelevent (programme_id, key, title, kind, rrule, responsible_roles, document, "
                "depends_on, ladder, start_time, duration_minutes, description, phase) VALUES (:programme, :key, "
                ":title, 'registerrapport', '', :roles, NULL, '[]', :ladder, NULL, NULL, :description, 'hvert-ar')"
            ),
            {
                "programme": programme_id,
                "key": KEY,
                "title": TITLES[standard],
                "roles": json.dumps(["programleder"]),
                "ladder": json.dumps(LADDER),
                "description": DESCRIPTIONS[standard],
            },
        )


def downgrade() -> None:
    op.execute("DELETE FROM deadline WHERE event_id IN (SELECT id FROM wheelevent WHERE kind = 'registerrapport')")
    op.execute("DELETE FROM wheelevent WHERE kind = 'registerrapport'")
    _swap_kinds(NEW_KINDS, OLD_KINDS)
