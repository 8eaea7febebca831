"""Shared fixtures. Databases: SQLite always; PostgreSQL when one answers at OMSTILLING_TEST_POSTGRES_URL
(default: the local server's `test` database). A test that starts from a migrated database gets a copy of one
built once a session (a file on SQLite; CREATE DATABASE … TEMPLATE on PostgreSQL, dropped after), not the
migrations and the demo again; a PostgreSQL test that starts from nothing gets a schema of its own."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from omstilling.core import language
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.intake.demo import load_demo
from omstilling.store import db
from omstilling.store.load import load_snapshot
from tests.support.db import sqlite_engine

language.strict(True)  # a text without its nynorsk translation fails the test that makes it (issue 28)

POSTGRES_URL = os.environ.get("OMSTILLING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_reason() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when they can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install '.[postgres]')"
    try:
        engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 (any failure to connect means: no server for us)
        return f"no PostgreSQL at {POSTGRES_URL}: {str(exc).splitlines()[0]}"
    return None


POSTGRES_UNAVAILABLE = _postgres_reason()
if POSTGRES_UNAVAILABLE and os.environ.get("OMSTILLING_REQUIRE_POSTGRES"):
    raise RuntimeError(f"OMSTILLING_REQUIRE_POSTGRES is set but {POSTGRES_UNAVAILABLE}")


def pytest_report_header(config: pytest.Config) -> str:
    if POSTGRES_UNAVAILABLE:
        return f"PostgreSQL tests: SKIPPED ({POSTGRES_UNAVAILABLE})"
    return f"PostgreSQL tests: running against {POSTGRES_URL}"


def postgres_engine() -> tuple[Engine, str]:
    """An engine whose connections work in a fresh schema of their own."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    # The schema travels in the URL, so another process can reach the same database with engine.url.
    engine = sa.create_engine(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}")
    return engine, schema


def drop_schema(schema: str) -> None:
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _postgres_admin(statement: str) -> None:
    """CREATE or DROP DATABASE, which cannot run inside a transaction."""
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(statement))
    admin.dispose()


def postgres_database(template: str = "template0") -> tuple[Engine, str]:
    """An engine on a new database, a copy of `template` (PostgreSQL copies the files)."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    _postgres_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    # The database travels in the URL, so another process can reach it with engine.url.
    return sa.create_engine(sa.engine.make_url(POSTGRES_URL).set(database=name)), name


def drop_database(name: str) -> None:
    _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # (a killed worker's connection too)


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[Callable[[str], str]]:
    """The name of a PostgreSQL database to copy, built on first ask and dropped at the end of the session:
    "migrated" (empty) or "demo" (migrated, the demo loaded)."""
    built: dict[str, str] = {}

    def template(kind: str) -> str:
        if kind not in built:
            engine, name = postgres_database()
            built[kind] = name
            db.migrate(engine)
            if kind == "demo":
                with db.session_scope(engine) as session:
                    load_demo(session)
            engine.dispose()  # (no connection may be open on a template while it is copied)
        return built[kind]

    yield template
    for name in built.values():
        drop_database(name)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """A migrated, empty SQLite file, built once; tests get copies of it."""
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.migrate(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_engine(request, tmp_path) -> Iterator[Engine]:
    """A database with no schema yet, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        engine = sqlite_engine(tmp_path)
        yield engine
        engine.dispose()
        return
    if POSTGRES_UNAVAILABLE:
        pytest.skip(POSTGRES_UNAVAILABLE)
    engine, schema = postgres_engine()
    try:
        yield engine
    finally:
        engine.dispose()
        drop_schema(schema)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path, migrated_template) -> Iterator[Engine]:
    """A migrated, empty database on each backend."""
    yield from _copy_of(request, tmp_path, migrated_template, "migrated")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A SQLite file holding the demo, built once; tests get copies of it."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.migrate(engine)
    with db.session_scope(engine) as session:
        load_demo(session)
    engine.dispose()
    return path


@pytest.fixture
def demo_sqlite(tmp_path, demo_template) -> Iterator[Engine]:
    """A SQLite copy of the demo database, for tests where the backend does not matter."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_template, copy)
    engine = db.make_engine(f"sqlite:///{copy}")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_engine(request, tmp_path, demo_template) -> Iterator[Engine]:
    """A migrated database holding the demo programme, on each backend."""
    yield from _copy_of(request, tmp_path, demo_template, "demo")


def _copy_of(request, tmp_path, sqlite_template, kind: str) -> Iterator[Engine]:
    """A database of the test's own, copied from the session's template of `kind` on the test's backend."""
    if request.param == "sqlite":
        copy = tmp_path / f"{kind}.db"
        shutil.copyfile(sqlite_template, copy)
        engine = db.make_engine(f"sqlite:///{copy}")
        yield engine
        engine.dispose()
        return
    if POSTGRES_UNAVAILABLE:
        pytest.skip(POSTGRES_UNAVAILABLE)
    engine, name = postgres_database(request.getfixturevalue("postgres_template")(kind))
    try:
        yield engine
    finally:
        engine.dispose()
        drop_database(name)


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory) -> ProgrammeSnapshot:
    """The demo programme as a snapshot (loaded once per test session, on SQLite)."""
    engine = sqlite_engine(tmp_path_factory.mktemp("demo"))
    db.migrate(engine)
    with db.session_scope(engine) as session:
        programme = load_demo(session).programme
        snapshot = load_snapshot(session, programme)
    engine.dispose()
    return snapshot


@pytest.fixture
def smtp():
    """A real SMTP server on 127.0.0.1 that keeps what it receives (`tests.support.mail.Inbox`), with its `port`,
    `config` (the apprise configuration that sends through it) and a `notifier` on that configuration."""
    from aiosmtpd.controller import Controller

    from omstilling.messaging.transport import AppriseNotifier
    from tests.support.mail import Inbox, apprise_config, free_port

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port, inbox.config = port, apprise_config(port)
    inbox.notifier = AppriseNotifier(inbox.config)
    yield inbox
    controller.stop()


def session_on(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run `omstilling …` in-process against a database file of the test's own, from tmp_path."""
    from typer.testing import CliRunner

    from omstilling.cli import app
    from omstilling.config import get_settings

    monkeypatch.setenv("OMSTILLING_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, list(args))
    get_settings.cache_clear()


@pytest.fixture
def demo_cli(tmp_path, monkeypatch, demo_template, cli):
    """`cli` against a copy of the demo database, documents written under tmp_path/ut."""
    shutil.copy(demo_template, tmp_path / "cli.db")
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "ut"))
    return cli


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID provider on 127.0.0.1 (`tests.support.oidc.Provider`: its issuer and what it was asked),
    started once per test session."""
    from tests.support.oidc import running_provider

    with running_provider() as provider:
        yield provider
