"""The annual report in all four formats (md + html + docx + pdf), and the board pack (md + pdf: notice and
board report in one PDF), for a programme with 50, 500 and 5 000 projects.

Run: .venv/bin/python bench/documents.py
Prints wall time, peak Python memory (tracemalloc, measured in a second run; the Typst compiler's and pandoc's
own memory is outside Python and not in it) and SQL statements per size. Targets: the statement count does not
grow with the number of projects; the annual report for 5 000 projects in under 3 s; from 50 to 5 000 projects
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

from load_snapshot import build

from omstilling.core.enums import DocumentKind
from omstilling.documents.publish import publish
from omstilling.intake import writes
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot


def add_plan(engine, slug: str) -> None:
    """Goals, a budget and board meetings, so the report has every section filled."""
    with db.session_scope(engine) as session:
        programme = choose.programme(session, slug)
        writes.add_goal(
            session,
            programme,
            {
                "key": "jobber",
                "focus_area": 1,
                "metric": "arbeidsplasser",
                "comparator": "minst",
                "target": 50,
                "period_start": 2014,
                "period_end": 2014,
                "text": "Minst 50 arbeidsplasser.",
            },
        )
        writes.add_budget_line(
            session, programme, {"year": 2014, "category": "fylkeskommune", "label": "Tilskudd", "amount": 3_000_000}
        )
        writes.add_budget_line(
            session,
            programme,
            {
                "year": 2014,
                "category": "innsatsomrade",
                "focus_area": 1,
                "label": "Prosjektmidler",
                "amount": 3_000_000,
            },
        )
        day = date(2014, 1, 20)
        for number in range(6):
            cases = [
                {
                    "number": f"{number * 4 + k + 1}/14",
                    "title": f"Sak {k + 1} til møtet",
                    "proposal": "Styret slutter seg til forslaget.",
                }
                for k in range(4)
            ]
            writes.add_meeting(session, programme, {"date": day.isoformat(), "status": "holdt", "cases": cases})
            day += timedelta(days=random.Random(day.toordinal()).randint(40, 60))


DOCUMENTS = {
    "annual report, md+html+docx+pdf": (DocumentKind.ANNUAL_REPORT, ("md", "html", "docx", "pdf")),
    "board pack, md+pdf": (DocumentKind.BOARD_PACK, ("md", "pdf")),
}


def report_once(engine, slug: str, out: Path, document: str) -> None:
    kind, formats = DOCUMENTS[document]
    with db.session_scope(engine) as session:
        programme = choose.programme(session, slug)
        snapshot = load_snapshot(session, programme)
        meeting = snapshot.meetings[-1].date if kind.for_meeting else None
        publish(
            session,
            programme,
            snapshot,
            kind,
            2014,
            meeting or date(2014, 12, 31),
            out_dir=out,
            formats=formats,
            meeting_date=meeting,
        )


def measure(engine, slug: str, out: Path, document: str) -> tuple[float, float, int]:
    """Time and statements in one run (a fresh output folder, so everything is written), memory in another
    (tracemalloc slows Python down, so it must not be on while the clock runs)."""
    statements = []
    listener = lambda *args: statements.append(1)  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    start = time.perf_counter()
    report_once(engine, slug, out / "timed", document)
    elapsed = time.perf_counter() - start
    sa.event.remove(engine, "before_cursor_execute", listener)
    tracemalloc.start()
    report_once(engine, slug, out / "traced", document)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return elapsed, peak, len(statements)


def main() -> None:
    sizes = (50, 500, 5000)
    with tempfile.TemporaryDirectory() as folder:
        engine = db.make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        db.migrate(engine)
        for slug, size in [("warm", sizes[0]), *((f"p{size}", size) for size in sizes)]:
            build(engine, slug, size)
            add_plan(engine, slug)
        for document in DOCUMENTS:  # imports, pandoc's and Typst's first start, on a programme of its own
            measure(engine, "warm", Path(folder) / "warm-up", document)
        results = {
            (document, size): measure(engine, f"p{size}", Path(folder) / f"out{size}", document)
            for document in DOCUMENTS
            for size in sizes
        }
    print("| document | projects | time | ratio to 50 | peak memory | SQL statements |")
    print("|:--|--:|--:|--:|--:|--:|")
    for (document, size), (elapsed, peak, count) in results.items():
        base = results[(document, sizes[0])][0]
        print(f"| {document} | {size} | {elapsed:.2f} s | {elapsed / base:.1f}× | {peak:.0f} MiB | {count} |")


if __name__ == "__main__":
    main()
