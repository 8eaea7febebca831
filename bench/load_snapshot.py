"""Loading a snapshot: SQL statements and wall time for 10, 100 and 1000 projects (SQLite file).

Run: .venv/bin/python bench/load_snapshot.py
The statement count must not grow with the number of projects; time should grow at most linearly."""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from omstilling.core.enums import (
    FundingSource,
    PaymentKind,
    Phase,
    ProjectStatus,
    ResultSource,
)
from omstilling.store import db
from omstilling.store.load import load_snapshot
from omstilling.store.models import (
    FocusArea,
    Funding,
    Payment,
    Programme,
    Project,
    ProjectResult,
)


def build(engine, slug: str, projects: int) -> None:
    with db.session_scope(engine) as session:
        programme = Programme(
            slug=slug,
            name=slug,
            municipality="K",
            county="F",
            county_short="F",
            status_start_year=2014,
            status_end_year=2019,
        )
        session.add(programme)
        session.flush()
        area = FocusArea(programme_id=programme.id, number=1, name="Nyskaping")
        session.add(area)
        session.flush()
        for n in range(projects):
            project = Project(
                programme_id=programme.id,
                number=f"P{n}",
                title="T",
                owner="O",
                focus_area_id=area.id,
                phase=Phase.PRE_STUDY,
                status=ProjectStatus.RUNNING,
                grant_amount=100_000,
                decision_date=date(2014, 2, 1),
            )
            session.add(project)
            session.flush()
            session.add_all(
                [
                    Funding(project_id=project.id, source=FundingSource.PROGRAMME, amount=100_000),
                    Funding(project_id=project.id, source=FundingSource.OWN, amount=300_000),
                    Payment(project_id=project.id, date=date(2014, 3, 1), kind=PaymentKind.PAYMENT, amount=50_000),
                    ProjectResult(
                        project_id=project.id, date=date(2014, 12, 1), new_jobs=1, source=ResultSource.SELF_REPORTED
                    ),
                ]
            )


def measure(engine, slug: str) -> tuple[int, float]:
    statements = []
    with db.session_scope(engine) as session:
        programme = session.exec(sa.select(Programme).where(Programme.slug == slug)).scalar_one()
        listener = lambda *args: statements.append(1)  # noqa: E731
        sa.event.listen(engine, "before_cursor_execute", listener)
        start = time.perf_counter()
        load_snapshot(session, programme)
        elapsed = time.perf_counter() - start
        sa.event.remove(engine, "before_cursor_execute", listener)
    return len(statements), elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = db.make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        db.migrate(engine)
        sizes = (10, 100, 1000)
        for size in sizes:
            build(engine, f"p{size}", size)
        results = {size: measure(engine, f"p{size}") for size in sizes}
        base_statements, base_time = results[sizes[0]]
        print("projects  statements  time (ratio to 10 projects)")
        for size, (count, elapsed) in results.items():
            print(f"{size:>8}  {count:>10}  {elapsed / base_time:>6.1f}x   ({elapsed * 1000:.1f} ms)")
        assert all(count == base_statements for count, _ in results.values()), "statement count grew"


if __name__ == "__main__":
    main()
