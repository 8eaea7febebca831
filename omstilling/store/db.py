"""Engine, sessions and migrations. The schema is owned by Alembic (omstilling/store/migrations)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from omstilling.config import get_settings
from omstilling.errors import OmstillingError

if TYPE_CHECKING:  # (Alembic is imported where a migration runs: it is a third of a command's start otherwise)
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # an INSERT OR REPLACE that removes a row then fires its delete triggers (omstilling.store.revision counts it)
    cursor.execute("PRAGMA recursive_triggers=ON")
    cursor.close()


class DatabaseUrlRefused(OmstillingError):
    """OMSTILLING_DATABASE_URL is no address of a database omstilling can use."""


EXPECTED_URLS = "sqlite:///omstilling.db eller postgresql://bruker@vert/database"


def make_engine(url: str) -> Engine:
    """An engine for `url`; on SQLite, foreign keys are enforced and writers wait for each other. A URL that is
    no database address, or names a kind of database (or a driver) this installation does not have, is one
    Norwegian line (`DatabaseUrlRefused`), never SQLAlchemy's traceback; the URL itself is not repeated (it may
    hold a password)."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    try:
        engine = create_engine(url)
    except sa.exc.ArgumentError:  # NoSuchModuleError (an unknown scheme) is one of these too
        scheme = url.split("://", 1)[0] if "://" in url else ""
        if scheme and scheme.replace("+", "").replace("_", "").isalnum():
            raise DatabaseUrlRefused(
                f"OMSTILLING_DATABASE_URL begynner med «{scheme}://», en database omstilling "
                f"ikke bruker; skriv {EXPECTED_URLS}"
            ) from None
        raise DatabaseUrlRefused(f"OMSTILLING_DATABASE_URL er ikke en databaseadresse; skriv {EXPECTED_URLS}") from None
    except ImportError as exc:  # a known database whose driver is not installed (mysql://, postgresql+asyncpg://)
        raise DatabaseUrlRefused(
            f"OMSTILLING_DATABASE_URL gjelder en database omstilling ikke har driver for her "
            f"({exc.name or 'ukjent driver'}); skriv {EXPECTED_URLS}"
        ) from None
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


@lru_cache
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url`, or for the configured database; one per URL per process."""
    return _engine_for(url or get_settings().database_url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A unit of work: commits when the block ends normally, rolls back on any exception."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def begin_writing(session: Session) -> None:
    """On SQLite, take the write lock at once (BEGIN IMMEDIATE) for a unit of work that reads and then writes
    inside savepoints: two such units (two `omstilling remind` at once) would each hold a read lock and want the
    write lock, and SQLite then fails one at once ("database is locked") instead of letting it wait its turn
    (busy_timeout). Elsewhere (PostgreSQL) nothing."""
    connection = session.connection()
    raw = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite" and raw is not None and not getattr(raw, "in_transaction", True):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration that migrates `engine`'s database."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine | None = None, revision: str = "head") -> None:
    """Create the database or bring it up to `revision`; safe to run again (a database already at the newest
    revision is left as it is without starting Alembic, which takes longer than loading the demo)."""
    engine = engine or get_engine()
    if revision == "head" and current_revision(engine) == head_revision():
        return
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None before the first migration)."""
    with engine.connect() as connection:
        inspector = sa.inspect(connection)
        if not inspector.has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration this version of omstilling ships: the one revision no other revises. Read from the
    files' `revision` and `down_revision` lines, as Alembic reads them, without importing Alembic and every
    migration (every command asks, to refuse a database it does not know; tests/unit/test_migration_head.py
    compares this with Alembic's own answer)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = _revision_lines(path.read_text(encoding="utf-8-sig"), path)  # (-sig: a BOM, as Python reads it)
        if "revision" in found:
            revisions.add(found["revision"])
        down = found.get("down_revision")  # None, one revision, or several (a merge)
        revised |= {down} if isinstance(down, str) else set(down or ())
    heads = revisions - revised
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads ({', '.join(sorted(heads))}): merge them")
    return heads.pop()


_FIRST_DEFINITION = re.compile(r"^(?:def|async def|class|@)", re.M)


def _revision_lines(source: str, path: Path) -> dict[str, Any]:
    """A migration's `revision` and `down_revision` (those it has), read from the lines before its first function,
    where Alembic's template writes them (a tenth of the time of the whole file, which every command paid); from
    the whole file when they are not both there."""
    first = _FIRST_DEFINITION.search(source)
    found: dict[str, Any] = {}
    for text in (source[: first.start()], source) if first else (source,):
        try:
            body = ast.parse(text).body
        except SyntaxError:  # cut inside a string that holds a line starting with def: the whole file, then
            if text is source:  # a migration Python cannot read at all: say so (Alembic could not run it either)
                raise RuntimeError(f"the migration {path.name} is not valid Python") from None
            continue
        found = {}
        for node in body:
            if isinstance(node, ast.AnnAssign | ast.Assign) and node.value is not None:
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                        found[target.id] = ast.literal_eval(node.value)
        if len(found) == 2:
            break
    return found


def require_current(engine: Engine) -> None:
    """Refuse to work on a database that is missing or not migrated to this version's schema."""
    from omstilling.errors import OmstillingError

    revision = current_revision(engine)
    if revision is None:
        raise OmstillingError(f"databasen {engine.url.render_as_string()} er ikke satt opp: kjør `omstilling init`")
    if revision != head_revision():
        raise OmstillingError(
            f"databasen har skjemaversjon {revision}, denne versjonen av omstilling trenger {head_revision()}: "
            "kjør `omstilling init` for å oppgradere den"
        )
