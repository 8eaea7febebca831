"""The snapshot loader reads a programme with a constant number of queries, however many projects."""

from __future__ import annotations

import sqlalchemy as sa

from omstilling.intake import writes
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot


def statements_to_load(engine, slug: str) -> tuple[int, int]:
    executed = []
    listener = lambda *args: executed.append(args[2])  # noqa: E731  (statement text)
    with db.session_scope(engine) as session:
        programme = choose.programme(session, slug)
        sa.event.listen(engine, "before_cursor_execute", listener)
        try:
            snapshot = load_snapshot(session, programme)
        finally:
            sa.event.remove(engine, "before_cursor_execute", listener)
    return len(executed), len(snapshot.projects)


def add_programme(engine, slug: str, projects: int) -> None:
    with db.session_scope(engine) as session:
        programme = writes.create_programme(
            session,
            {
                "slug": slug,
                "name": slug,
                "municipality": "K",
                "county": "F",
                "county_short": "F",
                "status_start_year": 2014,
                "status_end_year": 2019,
            },
        )
        writes.add_focus_area(session, programme, {"number": 1, "name": "Nyskaping"})
        for n in range(projects):
            writes.add_project(
                session,
                programme,
                {
                    "number": f"P{n}",
                    "title": "T",
                    "owner": "O",
                    "focus_area": 1,
                    "phase": "forstudie",
                    "status": "innvilget",
                    "grant_amount": 10,
                    "decision_date": "2014-02-01",
                    "funding": [{"source": "program", "amount": 10}, {"source": "egne-midler", "amount": 5}],
                },
            )
            writes.add_payment(session, programme, {"project": f"P{n}", "date": "2014-03-01", "amount": 5})
            writes.add_result(
                session,
                programme,
                {"project": f"P{n}", "date": "2014-12-01", "new_jobs": 1, "source": "egenrapportert"},
            )


def test_loading_a_programme_costs_the_same_queries_for_3_or_30_projects(engine):
    add_programme(engine, "small", 3)
    add_programme(engine, "large", 30)
    small, large = statements_to_load(engine, "small"), statements_to_load(engine, "large")
    assert (small[1], large[1]) == (3, 30)
    assert small[0] == large[0] <= 21  # one per table read, whatever the size (the 21st: the own PSV indicators)
