"""The programme's data revision: a number per programme that the database itself raises whenever a row a
snapshot is made of changes (inserted, updated or deleted), by whatever path: the services, a workbook import, the
tick, the web app, a bulk statement, an IT person's SQL, a TRUNCATE on PostgreSQL.

A cache of something computed from a programme's snapshot (the county page's figures) keeps the revision it was
computed at; a different revision means computed from other data. Reading the revision before the data is
always safe: a change that commits between the two raises the revision past what the cache stored, so the next
look computes again.

How: triggers append to `datachange` (programme_id, weight), and a programme's revision is the sum of its
weights. Appending takes no lock that another writer waits for, so two transactions writing the same programme
(or two programmes in opposite orders) never wait on each other because of it, on PostgreSQL either. PostgreSQL
gets statement triggers over transition tables (one row per programme per statement, however many rows changed),
and `compact` folds a programme's rows into one of the same sum (which concurrent appends never disturb). SQLite
has one writer at a time: its row triggers add to a single row per programme. The rows outlive their programme
(no foreign key), so a new programme that SQLite gives a deleted one's id carries on from its sum and never
meets a revision the old one was cached at.

Not seen: writes with triggers switched off (PostgreSQL's `session_replication_role = replica`, as
`pg_restore --disable-triggers` does). Restart the web app after such a restore (the cache lives in its memory).

Triggers rather than ORM events, so that nothing else can write around them. Migration 0013 created them from a
frozen copy of this module's SQL; a later migration that changes which tables count, or that rebuilds a table in
SQLite's batch mode ("move and copy": SQLite refuses to rename a rebuilt table that a trigger names, and drops a
rebuilt table's own triggers), drops the triggers first and creates them after, with its own copy of the SQL as it
is then. `triggers_dropped` does that with the SQL as it is now (the tests use it to show the pattern works).
`tests/integration/store/test_migrations.py` checks that every table has its triggers after the last migration."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa

TABLE = "datachange"
COMPACT_OVER = 20
"""`compact` folds a programme's rows once it has more than this many."""


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
    Source("psvindicator"),
    Source("leadertext"),
    Source("aidaward", "project_id", "project"),
    Source("undertakinglink"),
    Source("aiddeclaration"),
    Source("declaredaid", "declaration_id", "aiddeclaration"),
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


def create_triggers(connection: sa.Connection) -> None:
    """Create the triggers of every source table."""
    for source in SOURCES:
        for event in _events(connection):
            statements = [_sqlite(source, event)] if connection.dialect.name == "sqlite" else _postgres(source, event)
            for statement in statements:
                connection.execute(sa.text(statement))


def drop_triggers(connection: sa.Connection) -> None:
    for source in SOURCES:
        for event in _events(connection):
            name = trigger_name(source, event)
            if connection.dialect.name == "sqlite":
                connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
            else:
                connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {name} ON {source.table}"))
                connection.execute(sa.text(f"DROP FUNCTION IF EXISTS {name}()"))


@contextmanager
def triggers_dropped(connection: sa.Connection) -> Iterator[None]:
    """For a migration that rebuilds tables (SQLite batch mode): the triggers go before and come back after."""
    drop_triggers(connection)
    yield
    create_triggers(connection)


def triggers_present(connection: sa.Connection) -> set[str]:
    """The names of the revision triggers the database has."""
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'revision\\_%' ESCAPE '\\'"
    else:
        query = (
            "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND tgname LIKE 'revision\\_%'"
        )
    return {name for (name,) in connection.execute(sa.text(query))}


def expected_triggers(dialect: str) -> set[str]:
    events = EVENTS if dialect == "sqlite" else POSTGRES_EVENTS
    return {trigger_name(source, event) for source in SOURCES for event in events}


def revisions(connection: sa.Connection, programme_ids: list[int]) -> dict[int, int]:
    """Each programme's revision now (0: its data never changed since the triggers came). Call it before writing
    in the same transaction: a change of one's own that is rolled back afterwards would be counted in it.

    On PostgreSQL, a programme with more than COMPACT_OVER rows has them folded, in this transaction (no second
    connection from the pool)."""
    if not programme_ids:
        return {}
    found = dict.fromkeys(programme_ids, 0)
    rows = connection.execute(
        sa.text(
            f"SELECT programme_id, SUM(weight), COUNT(*) FROM {TABLE} WHERE programme_id IN :ids GROUP BY programme_id"
        ).bindparams(sa.bindparam("ids", expanding=True)),
        {"ids": list(programme_ids)},
    ).all()
    crowded = []
    for pid, total, count in rows:
        found[pid] = int(total)
        if count > COMPACT_OVER:
            crowded.append(pid)
    if crowded and connection.dialect.name != "sqlite":  # SQLite's triggers keep one row per programme
        compact(connection, crowded)
    return found


def compact(connection: sa.Connection, programme_ids: list[int]) -> None:
    """Fold each programme's rows into one with the same sum (in the caller's transaction; programmes in id order,
    so two folds never wait on each other in a circle). Rows appended meanwhile are not touched (they were not
    committed when it read), so the sum never goes back."""
    for pid in sorted(set(programme_ids)):
        weights = (
            connection.execute(sa.text(f"DELETE FROM {TABLE} WHERE programme_id = :p RETURNING weight"), {"p": pid})
            .scalars()
            .all()
        )
        if weights:
            connection.execute(
                sa.text(f"INSERT INTO {TABLE} (programme_id, weight) VALUES (:p, :w)"), {"p": pid, "w": sum(weights)}
            )
