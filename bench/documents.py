"""Documents near the converters (issue 26), in two parts.

1. Side by side, in one run: `omstilling report arsrapport` for the demo programme as a whole process (a fresh
   interpreter, as a user or a worker runs it) in four formats (md,html,docx,pdf) and in Markdown alone, against
   the four bare conversions of the same Markdown (the demo's own arsrapport.md and its charts): pandoc to HTML,
   pandoc to Word, pandoc to Typst and the Typst compiler to PDF (a `python -c` of the `typst` package), each a
   process, one after another, with the arguments the report gives them; and the four formats written in this
   process once it is warm (`app.drafts.write_report` after a first document: what a worker that drafts several
   documents pays per document). They take turns, round after round; printed are the medians, the ratio of the
   medians and the median of each round's ratio, and the load average before and after. Target: the four
   formats within 2× the bare conversions.
2. In-process, after a warm-up: the annual report in all four formats (md + html + docx + pdf), and the board pack
   (md + pdf: notice and board report in one PDF), for a programme with 50, 500 and 5 000 projects; then the
   annual report of the 5 000 projects as a whole process (`omstilling report … --format md,html,docx,pdf`).
   Prints wall time, peak Python memory (tracemalloc, measured in a second run; the Typst compiler's and
   pandoc's own memory is outside Python and not in it) and SQL statements per size. Targets: the statement
   count does not grow with the number of projects; the annual report for 5 000 projects in four formats in
   under 3 s; from 50 to 5 000 projects the time grows less than 20×.

Run: .venv/bin/python bench/documents.py [--rounds N] [--only side-by-side|sizes]"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))

from load_snapshot import build

from omstilling.app.drafts import write_report
from omstilling.core.enums import DocumentKind
from omstilling.documents.pdf import TABLES_FILTER
from omstilling.documents.publish import publish
from omstilling.intake import writes
from omstilling.intake.demo import load_demo
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


PYTHON = sys.executable
TEMPLATES = Path(__file__).resolve().parent.parent / "omstilling" / "documents" / "templates"


def pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


COMPILE = (
    "import sys, typst; "
    "open(sys.argv[3], 'wb').write(typst.compile(open(sys.argv[1], 'rb').read(), root=sys.argv[2], format='pdf'))"
)


def bare_commands(source: Path, folder: Path, title: str) -> list[list[str]]:
    """The four conversions of `source` (its charts beside it), as processes, with the report's own arguments."""
    common = ["--from=markdown", f"--resource-path={source.parent}", "--metadata=lang:nb-NO"]
    lua = f"--lua-filter={TABLES_FILTER}"
    typ = folder / "bare.typ"
    return [
        [pandoc(), str(source), *common, "--to=html", f"--output={folder / 'bare.html'}", "--standalone",
         "--embed-resources", f"--css={TEMPLATES / 'document.css'}", f"--metadata=pagetitle:{title}", lua],
        [pandoc(), str(source), *common, "--to=docx", f"--output={folder / 'bare.docx'}",
         f"--reference-doc={TEMPLATES / 'reference.docx'}", lua],
        [pandoc(), str(source), "--from=markdown", "--to=typst", f"--output={typ}", "--standalone",
         f"--template={TEMPLATES / 'dokument.typ'}", "--metadata=lang:nb-NO", "--variable=tekstsprak:nb",
         f"--metadata=title:{title}", lua],
        [PYTHON, "-c", COMPILE, str(typ), str(source.parent), str(folder / "bare.pdf")],
    ]  # fmt: skip


FOUR = ("md", "html", "docx", "pdf")


def installed(folder: Path) -> dict[str, str]:
    """The environment of a process as an installation runs it: Python's compiled modules kept between runs (pip
    compiles an installed package's; a shell here may set PYTHONDONTWRITEBYTECODE, which made every run compile
    omstilling's ~200 modules from source, ~85 ms), in a folder of the bench's own (`PYTHONPYCACHEPREFIX`), not in
    the checkout."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": str(folder / "pyc")}


def timed(commands: list[list[str]], env: dict[str, str]) -> float:
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def side_by_side(rounds: int) -> None:
    """Part 1 (see the module's docstring)."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        engine = db.make_engine(f"sqlite:///{folder / 'demo.db'}")
        db.migrate(engine)
        with db.session_scope(engine) as session:
            load_demo(session)
        engine.dispose()
        env = installed(folder) | {"OMSTILLING_DATABASE_URL": f"sqlite:///{folder / 'demo.db'}"}
        report = [PYTHON, "-m", "omstilling.cli", "report", "arsrapport", "--programme", "vestre-toten"]
        # the Markdown the bare conversions start from: the report's own, with its charts beside it
        timed([[*report, "--format", "md", "--out", str(folder / "source")]], env)
        source = folder / "source" / "vestre-toten" / "2014" / "arsrapport.md"
        bare = bare_commands(source, folder, "Årsrapport 2014")
        counter = iter(range(10**6))

        def four() -> list[list[str]]:  # a fresh folder each time, so every format is written
            return [[*report, "--format", ",".join(FOUR), "--out", str(folder / f"four{next(counter)}")]]

        def md() -> list[list[str]]:
            return [[*report, "--format", "md", "--out", str(folder / f"md{next(counter)}")]]

        engine = db.make_engine(env["OMSTILLING_DATABASE_URL"])

        def warm() -> float:  # in this process, warm: what a worker pays for its second document
            start = time.perf_counter()
            write_report(engine, "vestre-toten", DocumentKind.ANNUAL_REPORT, formats=FOUR, out_dir=Path(four()[0][-1]))
            return time.perf_counter() - start

        timed(four(), env), timed(md(), env), timed(bare, env), warm()  # warm-up (and the page cache)
        load_before = os.getloadavg()
        times: dict[str, list[float]] = {"four": [], "md": [], "warm": [], "bare": []}
        for _ in range(rounds):
            times["four"].append(timed(four(), env))
            times["md"].append(timed(md(), env))
            times["warm"].append(warm())
            times["bare"].append(timed(bare, env))
        load_after = os.getloadavg()
        engine.dispose()
    median = {key: statistics.median(values) for key, values in times.items()}
    print(f"Side by side, {rounds} rounds; load average (1, 5, 15 min) before "
          f"{', '.join(f'{x:.2f}' for x in load_before)}, after {', '.join(f'{x:.2f}' for x in load_after)}; "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    print("| what | median | min | max | ratio to bare (medians) | median of the rounds' ratios |")
    print("|:--|--:|--:|--:|--:|--:|")
    labels = {
        "four": "report arsrapport --format md,html,docx,pdf",
        "md": "report arsrapport --format md",
        "warm": "the four formats in a warm process (write_report, after a first document)",
        "bare": "the four bare conversions of its Markdown",
    }
    for key, label in labels.items():
        values = times[key]
        rounds_ratio = statistics.median(a / b for a, b in zip(values, times["bare"], strict=True))
        print(f"| {label} | {median[key]:.2f} s | {min(values):.2f} s | {max(values):.2f} s | "
              f"{median[key] / median['bare']:.2f}× | {rounds_ratio:.2f}× |")  # fmt: skip
    print()


def sizes_in_process() -> None:
    """Part 2 (see the module's docstring)."""
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
        env = installed(Path(folder)) | {"OMSTILLING_DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.db'}"}
        report = [PYTHON, "-m", "omstilling.cli", "report", "arsrapport", "--programme", f"p{sizes[-1]}"]
        report += ["--year", "2014", "--format", ",".join(FOUR)]
        whole = [timed([[*report, "--out", str(Path(folder) / f"whole{n}")]], env) for n in range(3)]
    print(f"In-process after a warm-up; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| document | projects | time | ratio to 50 | peak memory | SQL statements |")
    print("|:--|--:|--:|--:|--:|--:|")
    for (document, size), (elapsed, peak, count) in results.items():
        base = results[(document, sizes[0])][0]
        print(f"| {document} | {size} | {elapsed:.2f} s | {elapsed / base:.1f}× | {peak:.0f} MiB | {count} |")
    print(f"\nThe annual report of {sizes[-1]} projects in four formats as a whole process (3 runs): median "
          f"{statistics.median(whole):.2f} s (min {min(whole):.2f}, max {max(whole):.2f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=7, help="rounds of the side-by-side part (default 7)")
    parser.add_argument("--only", choices=("side-by-side", "sizes"))
    arguments = parser.parse_args()
    if arguments.only != "sizes":
        side_by_side(arguments.rounds)
    if arguments.only != "side-by-side":
        sizes_in_process()


if __name__ == "__main__":
    main()
