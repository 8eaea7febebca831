"""The programme's data revision: a counter on each programme row that the database itself raises whenever a
row a snapshot is made of changes (inserted, updated or deleted), by whatever path: the services, a workbook
import, the tick, the web app, a bulk statement or an IT person's SQL.

A cache of something computed from a programme's snapshot (the county page's figures) keeps the revision it was
computed at; a different revision means computed from other data. Reading the revision before the data is
always safe: a change that commits between the two raises the counter past what the cache stored, so the next
look computes again.

Triggers rather than ORM events, so that nothing can write around them. SQLite gets row triggers; PostgreSQL
gets statement triggers over transition tables (one programme update per statement, however many rows). An
SQLite migration that rebuilds one of these tables (Alembic's batch mode "move and copy") drops its triggers:
such a migration calls `create_triggers` again, and `tests/integration/test_migrations.py` checks that every
table has its three."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa


@dataclass(frozen=True)
class Source:
    """A table whose rows belong to a programme: directly (`programme_id`), or through a parent row."""

    table: str
    column: str = "programme_id"
    parent: str | None = None  # the parent table (which has programme_id) that `column` points into

    def programmes(self, rows: str) -> str:
        """SQL: the ids of the programmes the rows of `rows` (a table name or alias) belong to."""
        if self.parent is None:
            return f"SELECT {self.column} FROM {rows}"
        return f"SELECT programme_id FROM {self.parent} WHERE id IN (SELECT {self.column} FROM {rows})"


SOURCES = (
    Source("focusarea"), Source("strategy"), Source("goal"), Source("budgetline"),
    Source("project"),
    Source("funding", "project_id", "project"), Source("payment", "project_id", "project"),
    Source("projectresult", "project_id", "project"),
    Source("wheelevent"), Source("closedday"), Source("quotarule"), Source("deadline"),
    Source("boardmeeting"), Source("boardcase"), Source("deviation"), Source("roleassignment"),
    Source("statusassessment"),
    Source("indicatorscore", "assessment_id", "statusassessment"),
    Source("recommendation", "assessment_id", "statusassessment"),
)
EVENTS = ("insert", "update", "delete")


def trigger_name(source: Source, event: str) -> str:
    return f"revision_{source.table}_{event}"


def _sqlite(source: Source, event: str) -> str:
    rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[event]
    ids = ", ".join(f"{row}.{source.column}" for row in rows)
    if source.parent is None:
        where = f"id IN ({ids})"
    else:
        where = f"id IN (SELECT programme_id FROM {source.parent} WHERE id IN ({ids}))"
    return (f"CREATE TRIGGER {trigger_name(source, event)} AFTER {event.upper()} ON {source.table} FOR EACH ROW "
            f"BEGIN UPDATE programme SET revision = revision + 1 WHERE {where}; END")


def _postgres(source: Source, event: str) -> list[str]:
    name = trigger_name(source, event)
    tables = {"insert": ("new_rows",), "update": ("old_rows", "new_rows"), "delete": ("old_rows",)}[event]
    ids = " UNION ".join(source.programmes(t) for t in tables)
    referencing = " ".join(f"{'OLD' if t == 'old_rows' else 'NEW'} TABLE AS {t}" for t in tables)
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"UPDATE programme SET revision = revision + 1 WHERE id IN ({ids}); RETURN NULL; END $$",
        f"CREATE TRIGGER {name} AFTER {event.upper()} ON {source.table} REFERENCING {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


def create_triggers(connection: sa.Connection, tables: tuple[str, ...] | None = None) -> None:
    """Create the triggers of every source table (or of `tables` only, after a migration rebuilt them)."""
    for source in SOURCES:
        if tables is not None and source.table not in tables:
            continue
        for event in EVENTS:
            statements = ([_sqlite(source, event)] if connection.dialect.name == "sqlite"
                          else _postgres(source, event))
            for statement in statements:
                connection.execute(sa.text(statement))


def drop_triggers(connection: sa.Connection) -> None:
    for source in SOURCES:
        for event in EVENTS:
            name = trigger_name(source, event)
            if connection.dialect.name == "sqlite":
                connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
            else:
                connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {name} ON {source.table}"))
                connection.execute(sa.text(f"DROP FUNCTION IF EXISTS {name}()"))


def triggers_present(connection: sa.Connection) -> set[str]:
    """The names of the revision triggers the database has."""
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'revision\\_%' ESCAPE '\\'"
    else:
        query = ("SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                 "JOIN pg_namespace n ON n.oid = c.relnamespace "
                 "WHERE n.nspname = current_schema() AND tgname LIKE 'revision\\_%'")
    return {name for (name,) in connection.execute(sa.text(query))}


def expected_triggers() -> set[str]:
    return {trigger_name(source, event) for source in SOURCES for event in EVENTS}
