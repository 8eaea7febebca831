"""A programme's data revision (omstilling.store.revision) under the ways data really changes: a programme deleted and
loaded again under the same id, TRUNCATE, INSERT OR REPLACE, two writers of one programme, two writers of two
programmes in opposite orders, and the folding of PostgreSQL's change rows. The county page's figures
(omstilling.app.county) must always be those of the data as it is. (Several of these were a review's attacks on the
first design, a counter on the programme row.)"""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import select

from omstilling.app.county import CountyFigures
from omstilling.core import figures
from omstilling.intake.demo import load_demo
from omstilling.store import db, revision
from omstilling.store.load import load_snapshot
from omstilling.store.models import Programme
from tests.support.demo import add_copy
from tests.support.web import COUNTY

TODAY = date(2026, 12, 2)
MORE_JOBS = (
    "UPDATE projectresult SET new_jobs = new_jobs + 5 WHERE id = (SELECT min(id) FROM projectresult "
    "WHERE date BETWEEN '2014-01-01' AND '2014-12-31')"
)


def fresh(engine, slug: str = "vestre-toten"):
    with db.session_scope(engine) as session:
        programme = session.exec(select(Programme).where(Programme.slug == slug)).one()
        return figures.summary(load_snapshot(session, programme), 2014, date(2014, 12, 31))


def shown(cache: CountyFigures, engine, slug: str = "vestre-toten"):
    with db.session_scope(engine) as session:
        return next(r.figures for r in cache.table(session, COUNTY, TODAY, 2014).rows if r.slug == slug)


def shown_after(engine, *statements: str) -> None:
    cache = CountyFigures()
    assert shown(cache, engine) == fresh(engine)
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))
    assert shown(cache, engine) == fresh(engine)


def test_a_programme_deleted_and_loaded_again_under_the_same_id_never_shows_the_old_figures(demo_engine):
    """`omstilling demo --reset`: SQLite gives the new programme the old id, and the same edits bring it to the
    same count of changes as the old one had when it was shown."""
    cache = CountyFigures()
    with demo_engine.begin() as connection:
        connection.execute(sa.text(MORE_JOBS))
    assert shown(cache, demo_engine) == fresh(demo_engine)  # remembered with 5 more jobs
    with db.session_scope(demo_engine) as session:
        load_demo(session, reset=True)
    with demo_engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE budgetline SET amount = amount + 1000000 WHERE id = "
                "(SELECT min(id) FROM budgetline WHERE year = 2014)"
            )
        )
    assert shown(cache, demo_engine) == fresh(demo_engine)


def test_truncate_is_a_change_to_every_programme(demo_engine):
    if demo_engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's (SQLite has none)")
    shown_after(demo_engine, "TRUNCATE projectresult")


def test_insert_or_replace_that_takes_another_programmes_row_counts_for_both(demo_engine):
    if demo_engine.dialect.name != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's")
    other = add_copy(demo_engine)
    shown_after(
        demo_engine,
        (
            "INSERT OR REPLACE INTO projectresult (id, project_id, date, new_jobs, secured_jobs, new_companies, "
            f"extra_revenue, source, reference) SELECT r.id, (SELECT min(id) FROM project WHERE programme_id = {other:d}), "
            "r.date, r.new_jobs, r.secured_jobs, r.new_companies, r.extra_revenue, r.source, 'moved' "
            "FROM projectresult r JOIN project p ON p.id = r.project_id JOIN programme g ON g.id = p.programme_id "
            "WHERE g.slug = 'vestre-toten' AND r.date BETWEEN '2014-01-01' AND '2014-12-31' AND r.new_jobs > 0 "
            "ORDER BY r.id LIMIT 1"
        ),
    )


ONE_RESULT = (
    "UPDATE projectresult SET new_jobs = new_jobs + 1 WHERE id = (SELECT {which}(r.id) FROM projectresult r "
    "JOIN project p ON p.id = r.project_id WHERE p.programme_id = :p)"
)


def programme_ids(engine) -> list[int]:
    with engine.connect() as connection:
        return list(connection.execute(sa.text("SELECT id FROM programme ORDER BY id")).scalars())


@pytest.fixture
def postgres_only(demo_engine):
    if demo_engine.dialect.name != "postgresql":
        pytest.skip("row locks between concurrent writers are PostgreSQL's (SQLite has one writer at a time)")
    return demo_engine


def test_two_writers_of_different_rows_of_one_programme_do_not_wait_for_each_other(postgres_only):
    engine = postgres_only
    (programme,) = programme_ids(engine)
    with engine.connect() as a, engine.connect() as b:
        first, second = a.begin(), b.begin()
        a.execute(sa.text(ONE_RESULT.format(which="min")), {"p": programme})
        b.execute(sa.text("SET LOCAL lock_timeout = '2s'"))
        b.execute(sa.text(ONE_RESULT.format(which="max")), {"p": programme})  # raises if it waited 2 s
        first.commit()
        second.commit()
    with engine.connect() as connection:
        assert revision.revisions(connection, [programme])[programme] >= 2


def as_far_as_it_goes(engine, backend: int, thread: threading.Thread) -> None:
    """Until `thread` has finished or its connection (PostgreSQL backend `backend`) waits for a lock."""
    deadline = time.monotonic() + 15
    with engine.connect() as watcher:
        while thread.is_alive() and time.monotonic() < deadline:
            if watcher.execute(
                sa.text("SELECT count(*) FROM pg_locks WHERE pid = :pid AND NOT granted"), {"pid": backend}
            ).scalar():
                return
            time.sleep(0.01)


def test_two_writers_of_two_programmes_in_opposite_orders_do_not_deadlock(postgres_only):
    engine = postgres_only
    add_copy(engine)
    one, two = programme_ids(engine)
    errors: list[str] = []
    with engine.connect() as a, engine.connect() as b:
        first, second = a.begin(), b.begin()
        a.execute(sa.text(ONE_RESULT.format(which="min")), {"p": one})
        b.execute(sa.text(ONE_RESULT.format(which="min")), {"p": two})
        a_backend = a.execute(sa.text("SELECT pg_backend_pid()")).scalar()

        def then(connection, programme):
            try:
                connection.execute(sa.text("SET LOCAL lock_timeout = '5s'"))
                connection.execute(sa.text(ONE_RESULT.format(which="max")), {"p": programme})
            except sa.exc.DBAPIError as exc:
                errors.append(str(exc).splitlines()[0])

        threads = [threading.Thread(target=then, args=(a, two)), threading.Thread(target=then, args=(b, one))]
        threads[0].start()
        as_far_as_it_goes(engine, a_backend, threads[0])  # the first writer waits for a lock, or is through
        threads[1].start()
        for thread in threads:
            thread.join(15)
        first.commit()
        second.commit()
    assert errors == []


def test_folding_the_change_rows_keeps_the_revision_while_writers_append(postgres_only):
    """More than COMPACT_OVER rows are folded into one of the same sum by the next reader; a writer that
    appends while the fold runs is counted as well, never lost."""
    engine = postgres_only
    (programme,) = programme_ids(engine)
    for _ in range(revision.COMPACT_OVER + 5):
        with engine.begin() as connection:
            connection.execute(sa.text(ONE_RESULT.format(which="min")), {"p": programme})
    count = "SELECT COUNT(*) FROM datachange WHERE programme_id = :p"
    with engine.connect() as connection:
        rows_before = connection.execute(sa.text(count), {"p": programme}).scalar()
        assert rows_before > revision.COMPACT_OVER
        total = revision.revisions(connection, [programme])[programme]  # folds them
    with engine.connect() as writer:  # a write that is not committed while the fold runs
        pending = writer.begin()
        writer.execute(sa.text(ONE_RESULT.format(which="max")), {"p": programme})
        with engine.begin() as folding:
            revision.compact(folding, [programme])
        pending.commit()
    with engine.connect() as connection:
        assert connection.execute(sa.text(count), {"p": programme}).scalar() == 2
        assert revision.revisions(connection, [programme])[programme] == total + 1
