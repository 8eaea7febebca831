"""Annual report (md + html + docx) for a programme with 50, 500 and 5 000 projects.

Run: .venv/bin/python bench/documents.py
Prints wall time, peak Python memory (tracemalloc, measured in a second run) and SQL statements per size. Targets: the statement count
does not grow with the number of projects; 5 000 projects render in under 3 s; from 50 to 5 000 projects
the time grows less than 20×."""

from __future__ import annotations

import random
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))

from load_snapshot import build  # noqa: E402  (the same synthetic programme as the load benchmark)

from omstilling import db, services  # noqa: E402
from omstilling.core.enums import DocumentKind
from omstilling.documents.publish import publish  # noqa: E402
from omstilling.load import load_snapshot  # noqa: E402


def add_plan(engine, slug: str) -> None:
    """Goals, a budget and board meetings, so the report has every section filled."""
    with db.session_scope(engine) as session:
        programme = services.get_programme(session, slug)
        services.add_goal(session, programme, {"key": "jobber", "focus_area": 1, "metric": "arbeidsplasser",
                                               "comparator": "minst", "target": 50, "period_start": 2014,
                                               "period_end": 2014, "text": "Minst 50 arbeidsplasser."})
        services.add_budget_line(session, programme, {"year": 2014, "category": "fylkeskommune",
                                                      "label": "Tilskudd", "amount": 3_000_000})
        services.add_budget_line(session, programme, {"year": 2014, "category": "innsatsomrade", "focus_area": 1,
                                                      "label": "Prosjektmidler", "amount": 3_000_000})
        day = date(2014, 1, 20)
        for _ in range(6):
            services.add_meeting(session, programme, {"date": day.isoformat(), "status": "holdt"})
            day += timedelta(days=random.Random(day.toordinal()).randint(40, 60))


def report_once(engine, slug: str, out: Path) -> None:
    with db.session_scope(engine) as session:
        programme = services.get_programme(session, slug)
        publish(session, programme, load_snapshot(session, programme), DocumentKind.ANNUAL_REPORT, 2014,
                date(2014, 12, 31), out_dir=out)


def measure(engine, slug: str, out: Path) -> tuple[float, float, int]:
    """Time and statements in one run (a fresh output folder, so everything is written), memory in another
    (tracemalloc slows Python down, so it must not be on while the clock runs)."""
    statements = []
    listener = lambda *args: statements.append(1)  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    start = time.perf_counter()
    report_once(engine, slug, out / "timed")
    elapsed = time.perf_counter() - start
    sa.event.remove(engine, "before_cursor_execute", listener)
    tracemalloc.start()
    report_once(engine, slug, out / "traced")
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return elapsed, peak, len(statements)


def main() -> None:
    sizes = (50, 500, 5000)
    with tempfile.TemporaryDirectory() as folder:
        engine = db.make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        db.migrate(engine)
        for size in sizes:
            build(engine, f"p{size}", size)
            add_plan(engine, f"p{size}")
        measure(engine, f"p{sizes[0]}", Path(folder) / "warm-up")  # imports, pandoc's first start
        results = {size: measure(engine, f"p{size}", Path(folder) / f"out{size}") for size in sizes}
    base = results[sizes[0]][0]
    print("| projects | time | ratio to 50 | peak memory | SQL statements |")
    print("|--:|--:|--:|--:|--:|")
    for size, (elapsed, peak, count) in results.items():
        print(f"| {size} | {elapsed:.2f} s | {elapsed / base:.1f}× | {peak:.0f} MiB | {count} |")


if __name__ == "__main__":
    main()
