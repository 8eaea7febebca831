"""The web app under a bounded local load: Oversikt of one programme and Fylket of a county with 100 programmes.

Run: .venv/bin/python bench/web.py [--programmes 100] [--requests 200] [--clients 1,4,8]
       [--servers OLD_CHECKOUT,NEW_CHECKOUT --rounds 3] [--database FILE] [--only-load]
Builds a SQLite database with N copies of the demo programme (46 projects, the wheel, the people, a year of
deadlines materialised) in one county (or reuses `--database`), starts `uvicorn omstilling.web.app:create_app` in
a second process, signs in as the county's observer, times the county page's first request to the fresh server,
and requests each page in a loop: one client at a time, then four and eight at once (each client a thread of this
process, each line bounded: a fixed number of requests). Prints median and p95 response times. `--servers` runs
the server from each checkout given (a `git worktree` of an older commit, say), alternated `--rounds` times on the
same database, and prints the medians over the rounds and the ratios to the first: side by side in one run on a
shared machine, with the load average after each round. Then counts the SQL
statements per page in-process: the overview with the demo's 46 projects and with 1 000 more, and the county
page with 10 and with N programmes (the count must not grow), and times the county page's first request after a
start (every programme's figures computed), the next (remembered) and the one after one programme changed
(in-process, where earlier requests have already filled the module-wide caches, such as the wheel's expanded
rules; so the county page's first request to the freshly started server is timed too, before any other).
Last, in-process, what a cold county page is made of for the N programmes (each the median of three runs): loading
their snapshots in full (what the county page loads, since it counts overdue deadlines from the agenda) and
figures-only (what it loaded before), their `core.figures.summary`, and their `core.agenda.agenda` for the year
seen from today (as the county page counts), without what is missing (as the county page builds it) and with it
(as the overview and Frister do), with the number of items and of overdue deadlines. The in-process times also say
how much of them the cyclic garbage collector took (a full collection walks the whole heap; a cold county page
sets some off).
Target (issue 26): the overview's and the county page's p95 under 150 ms with 8 clients at once at 100 programmes."""

from __future__ import annotations

import argparse
import gc
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import cast
from urllib.parse import quote

import httpx
import sqlalchemy as sa

from omstilling.access import signin
from omstilling.app import deadlines
from omstilling.config import Settings
from omstilling.intake.demo import demo_data, load_programme_data
from omstilling.store import db

COUNTY = "Benchfylket"
OBSERVER = "ofk@example.org"


def build(engine, programmes: int, extra_projects: int = 0) -> None:
    """The demo loaded once (through the library, as `omstilling demo` does), then copied row by row to N
    programmes of one county with the same projects, funding, payments, results, budget, wheel and people (bulk
    inserts: loading the demo N times through validation would take minutes); deadlines materialised."""
    from sqlmodel import select

    from omstilling.store.models import (
        BudgetLine,
        Contact,
        FocusArea,
        Funding,
        Goal,
        Payment,
        Person,
        Programme,
        Project,
        ProjectResult,
        QuotaRule,
        RoleAssignment,
        Strategy,
        WheelEvent,
    )

    data = demo_data()
    with db.session_scope(engine) as session:
        load_programme_data(
            session,
            data | {"programme": data["programme"] | {"slug": "p000", "name": "Omstilling 000", "county": COUNTY}},
        )
    with db.session_scope(engine) as session:
        source = session.exec(select(Programme)).one()

        def rows(model, **where):
            query = select(model)
            for name, value in where.items():
                query = query.where(getattr(model, name) == value)
            return [r.model_dump() for r in session.exec(query)]

        areas = rows(FocusArea, programme_id=source.id)
        strategies = rows(Strategy, programme_id=source.id)
        projects = rows(Project, programme_id=source.id)
        by_project = {
            model: [
                r.model_dump()
                for r in session.exec(select(model).join(Project).where(Project.programme_id == source.id))
            ]
            for model in (Funding, Payment, ProjectResult)
        }
        plain = {model: rows(model, programme_id=source.id) for model in (Goal, BudgetLine, WheelEvent, QuotaRule)}
        roles = rows(RoleAssignment, programme_id=source.id)

        def mapped(ids, column):
            """The new id of the row's `column` (None when it had none)."""
            return lambda row: ids.get(row[column])

        for n in range(1, programmes):
            programme = Programme(
                **(source.model_dump(exclude={"id"}) | {"slug": f"p{n:03d}", "name": f"Omstilling {n:03d}"})
            )
            session.add(programme)
            session.flush()
            pid = programme.id

            def insert(model, items, **changes):
                new_ids = {}
                for item in items:
                    copy = model(
                        **(
                            {k: v for k, v in item.items() if k != "id"}
                            | {k: (f(item) if callable(f) else f) for k, f in changes.items()}
                        )
                    )
                    session.add(copy)
                    session.flush()
                    new_ids[item["id"]] = copy.id
                return new_ids

            area_ids = insert(FocusArea, areas, programme_id=pid)
            strategy_ids = insert(
                Strategy, strategies, programme_id=pid, focus_area_id=mapped(area_ids, "focus_area_id")
            )
            project_ids = insert(
                Project,
                projects,
                programme_id=pid,
                focus_area_id=mapped(area_ids, "focus_area_id"),
                strategy_id=mapped(strategy_ids, "strategy_id"),
            )
            for model, items in by_project.items():
                session.execute(
                    sa.insert(model.__table__),
                    [
                        {k: v for k, v in item.items() if k != "id"} | {"project_id": project_ids[item["project_id"]]}
                        for item in items
                    ],
                )
            insert(
                Goal,
                plain[Goal],
                programme_id=pid,
                focus_area_id=mapped(area_ids, "focus_area_id"),
                strategy_id=mapped(strategy_ids, "strategy_id"),
            )
            insert(BudgetLine, plain[BudgetLine], programme_id=pid, focus_area_id=mapped(area_ids, "focus_area_id"))
            insert(WheelEvent, plain[WheelEvent], programme_id=pid)
            insert(QuotaRule, plain[QuotaRule], programme_id=pid)
            for role in roles:
                person = Person(name=f"{session.get(Person, role['person_id']).name} {n:03d}")
                session.add(person)
                session.flush()
                email = (
                    "ofk@example.org"
                    if role["role"].value == "observator-fylkeskommune"
                    else f"{role['role'].value}.{n:03d}@example.org"
                )
                session.add(Contact(person_id=person.id, email=email))
                session.add(
                    RoleAssignment(
                        **({k: v for k, v in role.items() if k != "id"} | {"programme_id": pid, "person_id": person.id})
                    )
                )
    for n in range(programmes):
        deadlines.materialise_deadlines(engine, f"p{n:03d}", date(2014, 6, 6))
    with db.session_scope(engine) as session:  # the county page is read by the county's officer, granted by drift
        from omstilling.access.roles import grant_county

        grant_county(session, OBSERVER, COUNTY, by="drift")
    if extra_projects:
        with db.session_scope(engine) as session:
            from omstilling.core.enums import FundingSource, PaymentKind, Phase, ProjectStatus, ResultSource

            programme = session.exec(select(Programme).where(Programme.slug == "p000")).one()
            area = session.exec(select(FocusArea).where(FocusArea.programme_id == programme.id)).first()
            for k in range(extra_projects):
                project = Project(
                    programme_id=programme.id,
                    number=f"X{k}",
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
                        Payment(project_id=project.id, date=date(2014, 3, 1), kind=PaymentKind.PAYMENT, amount=50_000),
                        ProjectResult(
                            project_id=project.id, date=date(2014, 5, 1), new_jobs=1, source=ResultSource.SELF_REPORTED
                        ),
                    ]
                )


def signed_in_client(base_url: str, engine) -> httpx.Client:
    client = httpx.Client(base_url=base_url, timeout=30)
    with db.session_scope(engine) as session:
        _, link = signin.create_link(session, OBSERVER, base_url=base_url, now=signin.utcnow())
    path = "/" + link.split("/", 3)[3]
    page = client.get(path)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert client.post(path, data={"csrf": csrf}).status_code in (200, 303)
    return client


def timed(client: httpx.Client, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def load(base_url: str, engine, path: str, requests: int, clients: int) -> list[float]:
    sessions = [signed_in_client(base_url, engine) for _ in range(clients)]
    for client in sessions:
        for _ in range(5):
            timed(client, path)  # warm up
    per_client = requests // clients

    def run(client):
        return [timed(client, path) for _ in range(per_client)]

    with ThreadPoolExecutor(clients) as pool:
        times = [t for result in pool.map(run, sessions) for t in result]
    for client in sessions:
        client.close()
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]


def in_process_client(engine, folder: Path):
    """A fresh app in this process (its own memory of figures), with a client signed in as the observer."""
    from fastapi.testclient import TestClient

    from omstilling.web import create_app

    app = create_app(Settings(database_url=str(engine.url), output_dir=folder / "out"), engine=engine)
    client = TestClient(app)
    with db.session_scope(engine) as session:
        _, link = signin.create_link(session, OBSERVER, base_url="http://testserver", now=signin.utcnow())
    page = client.get("/" + link.split("/", 3)[3])
    client.post(
        "/" + link.split("/", 3)[3], data={"csrf": re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)}
    )
    return client


def statements(engine, path: str, folder: Path) -> int:
    """SQL statements one request for `path` runs, counted in this process (signed in as the observer)."""
    client = in_process_client(engine, folder)
    client.get(path)
    counted = []
    listener = lambda *args: counted.append(1)  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    assert client.get(path).status_code == 200
    sa.event.remove(engine, "before_cursor_execute", listener)
    return len(counted)


class CollectorClock:
    """Time spent in the cyclic garbage collector while it is running (`gc.callbacks`): a cold county page builds
    enough objects to set off full collections, each a walk over the whole process's heap."""

    def __init__(self, collect_first: bool = True):
        self.collect_first = collect_first
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase, info) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started

    def __enter__(self):
        if self.collect_first:
            gc.collect()  # what earlier steps left is not charged to this one
        self.seconds = 0.0
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc) -> None:
        gc.callbacks.remove(self)


def cold_and_changed(engine, path: str, folder: Path) -> dict[str, tuple[float, float]]:
    """The county page in-process (one request each): the first after a start (every programme's figures
    computed), the next (all remembered), and the one after one programme's data changed (that one computed);
    seconds, and of them the collector's."""
    client = in_process_client(engine, folder)
    found = {}
    for name in ("første visning", "neste visning", "etter en endring i ett program"):
        if name.startswith("etter"):
            with engine.begin() as connection:
                connection.execute(
                    sa.text(
                        "UPDATE projectresult SET new_jobs = new_jobs + 1 WHERE id = "
                        "(SELECT min(id) FROM projectresult)"
                    )
                )
        with CollectorClock(collect_first=False) as collector:  # as the page meets it (and as measured before)
            start = time.perf_counter()
            assert client.get(path).status_code == 200
            found[name] = (time.perf_counter() - start, collector.seconds)
    return found


def agenda_parts(engine, year: int = 2014, runs: int = 3) -> tuple[dict[str, tuple[float, float]], int, int]:
    """In-process, for every programme of the county: the snapshot loads and the agenda the county page needs,
    each the median of `runs` (seconds, with the collector's seconds of that run), with the agenda's items and
    overdue deadlines in all."""
    from sqlmodel import select

    from omstilling import clock
    from omstilling.core import figures
    from omstilling.core.agenda import Agenda, agenda
    from omstilling.core.periods import status_period
    from omstilling.core.snapshot import ProgrammeSnapshot
    from omstilling.store.load import load_snapshots
    from omstilling.store.models import Programme

    found: dict[str, list[tuple[float, float]]] = {}
    today = clock.today()
    items = overdue = 0

    def timed(name: str, work: Callable[[], object]) -> object:
        with CollectorClock() as collector:
            start = time.perf_counter()
            made = work()
            found.setdefault(name, []).append((time.perf_counter() - start, collector.seconds))
        return made

    def load(only: bool) -> dict[int, ProgrammeSnapshot]:
        with db.session_scope(engine) as session:  # a session of its own each, as a request has
            programmes = list(session.exec(select(Programme).where(Programme.county == COUNTY)).all())
            name = "last av snapshot, bare tall" if only else "last av snapshot, hele"
            return cast(
                dict[int, ProgrammeSnapshot],
                timed(name, lambda: load_snapshots(session, programmes, figures_only=only)),
            )

    def parts(snapshots: list[ProgrammeSnapshot]) -> tuple[int, int]:
        days = [status_period(s, today, year).as_of for s in snapshots]
        timed("figures.summary", lambda: [figures.summary(s, year, d) for s, d in zip(snapshots, days, strict=True)])
        agendas = cast(
            list[Agenda],
            timed(
                "agenda, uten det som mangler (som fylkessiden)",
                lambda: [agenda(s, year, today, with_missing=False) for s in snapshots],
            ),
        )
        timed("agenda, med det som mangler", lambda: [agenda(s, year, today) for s in snapshots])
        return sum(len(a.items) for a in agendas), sum(len(a.overdue) for a in agendas)

    for _ in range(runs):  # nothing of the previous run is alive (the collector walks what is)
        load(True)
        items, overdue = parts(list(load(False).values()))
    return {name: sorted(times)[len(times) // 2] for name, times in found.items()}, items, overdue


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(checkout: Path, url: str, folder: Path, port: int) -> subprocess.Popen:
    """`uvicorn omstilling.web.app:create_app` (one process) with the code of `checkout` (first on the path)."""
    env = os.environ | {
        "OMSTILLING_DATABASE_URL": url,
        "OMSTILLING_OUTPUT_DIR": str(folder / "out"),
        "OMSTILLING_SECRET_KEY": "b" * 10 + "enchmark-0123456789abcdefghij",
        "PYTHONPATH": str(checkout),
    }
    command = [sys.executable, "-m", "uvicorn", "omstilling.web.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, cwd=checkout)
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/logg-inn", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"the server from {checkout} did not start")


def under_load(
    checkouts: list[Path], rounds: int, engine, url: str, folder: Path, pages: list[tuple[str, str]], args
) -> tuple[dict, dict]:
    """Each checkout's server in turn (alternated, `rounds` times), the same database: the first county page to
    the fresh server, then each page with each number of clients. Returns {(checkout, page, clients): [(median,
    p95), ...]} and {checkout: [first, ...]}, in seconds, one entry per round."""
    found: dict[tuple[Path, str, int], list[tuple[float, float]]] = {}
    firsts: dict[Path, list[float]] = {}
    clients = [int(n) for n in args.clients.split(",")]
    for round_ in range(rounds):
        for checkout in checkouts:
            port = free_port()
            server = serve(checkout, url, folder, port)
            try:
                base = f"http://127.0.0.1:{port}"
                client = signed_in_client(base, engine)
                firsts.setdefault(checkout, []).append(timed(client, pages[1][1]))  # nothing computed yet
                client.close()
                for name, path in pages:
                    for n in clients:
                        times = load(base, engine, path, args.requests, n)
                        found.setdefault((checkout, name, n), []).append((statistics.median(times), p95(times)))
            finally:
                server.terminate()
                server.wait(10)
            print(f"runde {round_ + 1}, {checkout}: lastsnitt (1, 5, 15 min) {os.getloadavg()}", flush=True)
    return found, firsts


def main() -> None:
    import logging
    import warnings

    warnings.filterwarnings("ignore")  # pydantic on copying JSON enum lists, Starlette on its TestClient
    logging.getLogger("omstilling.web.security").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser()
    parser.add_argument("--programmes", type=int, default=100)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", default="1,4,8", help="clients at once, a line each (default 1,4,8)")
    parser.add_argument(
        "--servers",
        default="",
        help="checkouts to run the server from, side by side on the same database (comma-separated, e.g. a git "
        "worktree of an older commit first, then this one; default: this checkout); ratios are to the first",
    )
    parser.add_argument("--rounds", type=int, default=1, help="how many times each server runs the lines, alternated")
    parser.add_argument("--database", help="a database built by an earlier run (SQLite file; built there if missing)")
    parser.add_argument("--only-load", action="store_true", help="only the pages under load (no in-process parts)")
    args = parser.parse_args()
    here = Path(__file__).resolve().parent.parent
    checkouts = [Path(c).resolve() for c in args.servers.split(",") if c] or [here]
    print(f"lastsnitt (1, 5, 15 min) ved start {os.getloadavg()}; {os.cpu_count()} kjerner", flush=True)
    overview = "/programmer/p000?aar=2014&dag=2014-06-06"
    county = f"/fylker/{quote(COUNTY)}?aar=2014"
    pages = [("Oversikt (ett program)", overview), (f"Fylket ({args.programmes} program)", county)]
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        path = Path(args.database) if args.database else folder / "bench.db"
        url = f"sqlite:///{path}"
        engine = db.make_engine(url)
        if not path.exists() or path.stat().st_size == 0:
            db.migrate(engine)
            started = time.perf_counter()
            build(engine, args.programmes)
            print(f"Bygde {args.programmes} program på {time.perf_counter() - started:.0f} s.")
        found, firsts = under_load(checkouts, args.rounds, engine, url, folder, pages, args)

        def ms(seconds: float) -> str:
            return f"{seconds * 1000:.0f} ms"

        print(f"\nMedianer over {args.rounds} runde(r) ({args.requests} forespørsler per linje):")
        for checkout in checkouts:
            print(f"\n{checkout}\n\n| side | klienter samtidig | median | p95 | p95 i rundene |")
            print("|---|--:|--:|--:|---|")
            for (where, name, n), values in found.items():
                if where == checkout:
                    median = statistics.median(m for m, _ in values)
                    high = statistics.median(p for _, p in values)
                    each = ", ".join(f"{p * 1000:.0f}" for _, p in values)
                    print(f"| {name} | {n} | {ms(median)} | {ms(high)} | {each} |")
            print(
                f"| Fylket, første forespørsel til nystartet server | 1 | {ms(statistics.median(firsts[checkout]))} | | |"
            )
        if len(checkouts) > 1:
            first = checkouts[0]
            print(f"\nForhold til {first} (median av rundenes median og p95):\n")
            print("| side | klienter | " + " | ".join(f"{c.name} median | {c.name} p95" for c in checkouts[1:]) + " |")
            print("|---|--:|" + "--:|--:|" * (len(checkouts) - 1))
            for (where, name, n), values in found.items():
                if where != first:
                    continue
                cells = []
                for other in checkouts[1:]:
                    them = found[(other, name, n)]
                    for i in (0, 1):
                        ours = statistics.median(v[i] for v in values)
                        cells.append(f"{statistics.median(v[i] for v in them) / ours:.2f}")
                print(f"| {name} | {n} | " + " | ".join(cells) + " |")
        print(f"\nlastsnitt (1, 5, 15 min) etter lasten {os.getloadavg()}", flush=True)
        if args.only_load:
            engine.dispose()
            return
        print("\n| side | SQL-setninger |")
        print("|---|--:|")
        print(f"| Oversikt, 46 prosjekter | {statements(engine, overview, folder)} |")
        print(f"| Fylket, {args.programmes} program | {statements(engine, county, folder)} |")
        cold = cold_and_changed(engine, county, folder)
        parts, items, overdue = agenda_parts(engine)
        engine.dispose()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        engine = db.make_engine(f"sqlite:///{folder / 'small.db'}")
        db.migrate(engine)
        build(engine, 10, extra_projects=1000)
        print(f"| Oversikt, 1 046 prosjekter | {statements(engine, overview, folder)} |")
        print(f"| Fylket, 10 program | {statements(engine, county, folder)} |")
        engine.dispose()
    for title, parts_found in (
        (f"Fylket ({args.programmes} program), i samme prosess", cold),
        (f"{args.programmes} program, 2014, i samme prosess (median av 3)", parts),
    ):
        print(f"\n| {title} | tid | av det søppeltømming (gc) |")
        print("|---|--:|--:|")
        for name, (seconds, collecting) in parts_found.items():
            print(f"| {name} | {seconds * 1000:.0f} ms | {collecting * 1000:.0f} ms |")
    print(f"\nAgendaene har {items} punkter, {overdue} forfalte frister.")


if __name__ == "__main__":
    main()
