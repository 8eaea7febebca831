"""A busy morning of the årshjul over the workers: N programmes whose annual reports are all drafted on the same
morning, written in one process one after another, then run by 1 and by 2 process workers of one pool on a local
Prefect server as the tick schedules them (morning runs: several documents to a run); and the tick's own time.

Run: .venv/bin/python bench/busy_day.py [--programmes 20] [--formats md,docx] [--rounds 1] [--pool-limit N]
                                        [--no-tick | --only-tick] [--port 4310] [--keep] [--postgres URL]
(set PREFECT_SERVER_DATABASE_CONNECTION_URL=postgresql+asyncpg://… to run the server on PostgreSQL).

- The app database holds N copies of the demo programme (SQLite in a temporary folder; with `--postgres URL`, a
  database on that PostgreSQL server, copied for each round with CREATE DATABASE … TEMPLATE).
- A Prefect server (port 4310, its own PREFECT_HOME) gets the deployments of prefect.yaml on the pool (with
  `--pool-limit`, the pool runs at most that many at once, and a busy morning is shared out over that many runs;
  without it over `core.runplan.MORNING_LANES`).
- The tick (in this process, heartbeats off) for 2 January 2015 plans twelve months of runs for every programme:
  its time is printed for the first tick (creates every run) and a second (finds them all, adds none).
- The busy morning: the documents due that morning (each programme's annual report 2014), each round on a fresh
  copy of the app database and output folder:
  - in one process: a fresh interpreter writes them one after another through `app.drafts.write_report` (what
    each morning run's task calls); its time for the documents alone (after its imports) and as a whole process;
  - two fresh interpreters side by side, each writing half of them, with no Prefect at all: the most two workers
    could gain over one on this machine and this app database;
  - 1 worker, then 2 workers (`prefect worker start --limit 1` each): the tick's mirroring schedules the morning
    runs for now, and the wall time runs from there to the last run finished.
  With `--rounds N` the three take turns N times; the medians are compared. The load average is printed before
  and after each.
Targets (issue 26): 2 workers within 2× the documents in one process, and at least 1,7× faster than 1 worker, on
2 free cores (the machine's other load counts against both)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # flows/ lives beside the package
BIN = Path(sys.executable).parent
PORT = 4310
DAY = date(2015, 1, 2)


POSTGRES: list[str] = []
"""`--postgres URL`: the server (e.g. postgresql://postgres@127.0.0.1:5432/test) where each round's app database is
made from a template database (CREATE DATABASE … TEMPLATE), instead of copying a SQLite file."""
TEMPLATE_DB = "busy_day_template"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES[0], autocommit=True) as connection:
        connection.execute(sql)


def _database_url(name: str) -> str:
    base = POSTGRES[0].rsplit("/", 1)[0]
    return f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)


def build(database: Path, programmes: int) -> None:
    from omstilling.intake.demo import demo_data, load_programme_data, with_own_companies
    from omstilling.store import db

    if POSTGRES:
        _admin(f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)")
        _admin(f"CREATE DATABASE {TEMPLATE_DB}")
    engine = db.make_engine(_database_url(TEMPLATE_DB) if POSTGRES else f"sqlite:///{database}")
    db.migrate(engine)
    data = demo_data()
    with db.session_scope(engine) as session:
        for n in range(programmes):
            copy = with_own_companies(data, n)  # (one company in twenty programmes would cross the ceiling)
            load_programme_data(session, copy | {"programme": data["programme"] | {"slug": f"p{n:03d}"}})
    engine.dispose()


def start(command: list[str], log: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        command, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()  # reaped, so its CPU counts in this measurement's children, not the next one's


def wait_for_server(url: str) -> None:
    for _ in range(180):
        try:
            urllib.request.urlopen(f"{url}/health", timeout=2)
            return
        except OSError:
            time.sleep(1)
    raise SystemExit("the Prefect server did not start")


def wheel_runs(client, *states):
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
        FlowRunFilterTags,
    )

    from flows.kjoreplan import read_all

    state = FlowRunFilterState(type=FlowRunFilterStateType(any_=list(states))) if states else None
    return read_all(client, FlowRunFilter(tags=FlowRunFilterTags(all_=["årshjul"]), state=state))


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


SERVER: list[int] = []  # the Prefect server's process group


def children_cpu() -> float:
    """CPU seconds of this process's finished children (and theirs: a worker waits for its runs, a run for pandoc)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def server_cpu() -> float:
    """CPU seconds the Prefect server's processes have used so far."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if SERVER and int(fields[2]) == SERVER[0]:  # (pgrp)
                total += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


def round_env(env: dict, template: Path, round_dir: Path) -> dict:
    """A fresh copy of the app database and an empty output folder for one measurement."""
    round_dir.mkdir(parents=True)
    if POSTGRES:
        name = "busy_day_" + "".join(c if c.isalnum() else "_" for c in round_dir.name)
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}")
        url = _database_url(name)
    else:
        shutil.copyfile(template, round_dir / "app.db")
        url = f"sqlite:///{round_dir / 'app.db'}"
    return env | {
        "OMSTILLING_DATABASE_URL": url,
        "OMSTILLING_OUTPUT_DIR": str(round_dir / "out"),
    }


def morning_plan(env: dict):
    """The documents due on the busy morning, as the tick plans them (each programme's)."""
    from omstilling.app import drafts, programmes
    from omstilling.store import db

    engine = db.make_engine(env["OMSTILLING_DATABASE_URL"])
    slugs = programmes.slugs(engine)
    planned = [run for slug in slugs for run in drafts.plan_runs(engine, slug, DAY) if run.day == DAY]
    engine.dispose()
    return slugs, planned


IN_ONE_PROCESS = """
import json, sys, time
began = time.perf_counter()
from omstilling.app import drafts
from omstilling.core.runplan import MorningDocument, document_formats
from omstilling.store import db
documents, formats = json.loads(sys.argv[1]), json.loads(sys.argv[2])
engine = db.get_engine()
imported = time.perf_counter()
for entry in documents:
    d = MorningDocument.of(entry)
    drafts.write_report(engine, d.programme, d.kind, year=None if d.meeting_date else d.year, as_of=d.as_of,
                        meeting_date=d.meeting_date, formats=document_formats(d.kind, formats))
done = time.perf_counter()
print(json.dumps({"documents": done - imported, "imports": imported - began}))
"""


def in_one_process(env: dict, template: Path, folder: Path, formats: list[str]) -> tuple[float, float, int, float]:
    """The morning's documents written one after another in one fresh interpreter: (documents alone, whole
    process, count, CPU seconds)."""
    env = round_env(env, template, folder)
    _slugs, planned = morning_plan(env)
    documents = [run.document.entry() for run in planned]
    cpu, began = children_cpu(), time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", IN_ONE_PROCESS, json.dumps(documents), json.dumps(formats)],
        env=env,
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
    )
    whole = time.perf_counter() - began
    if out.returncode:
        raise SystemExit(f"writing in one process failed:\n{out.stderr[-3000:]}")
    cpu = children_cpu() - cpu
    return json.loads(out.stdout.splitlines()[-1])["documents"], whole, len(documents), cpu


def side_by_side(env: dict, template: Path, folder: Path, formats: list[str]) -> tuple[float, float]:
    """The same documents halved between two fresh interpreters started together, no Prefect at all: how much two
    writers on this machine and this app database can gain over one (the most two workers could). (wall time, CPU)"""
    env = round_env(env, template, folder)
    _slugs, planned = morning_plan(env)
    documents = [run.document.entry() for run in planned]
    halves = [documents[0::2], documents[1::2]]
    cpu, began = children_cpu(), time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", IN_ONE_PROCESS, json.dumps(half), json.dumps(formats)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in halves
    ]
    outputs = [process.communicate() for process in processes]
    elapsed = time.perf_counter() - began
    for process, (_out, err) in zip(processes, outputs, strict=True):
        if process.returncode:
            raise SystemExit(f"writing side by side failed:\n{err[-3000:]}")
    return elapsed, children_cpu() - cpu


def busy_day(
    env: dict, template: Path, folder: Path, workers: int, formats: list[str]
) -> tuple[float, int, int, float, float]:
    """Schedule the morning's runs for now on a fresh copy of the app, run them with `workers` workers:
    (wall time, morning runs, documents, CPU seconds of the workers and their runs, CPU seconds of the server)."""
    from prefect.client.orchestration import get_client

    from flows.kjoreplan import mirror_runs
    from flows.morgen import morgen

    env = round_env(env, template, folder)
    slugs, planned = morning_plan(env)
    with get_client(sync_client=True) as client:
        for run in wheel_runs(client):
            client.delete_flow_run(run.id)
    cpu, on_server = children_cpu(), server_cpu()
    processes = [
        start(
            [str(BIN / "prefect"), "worker", "start", "--pool", "omstilling", "--limit", "1"],
            folder / f"worker{n}.log",
            env,
        )
        for n in range(workers)
    ]
    try:
        time.sleep(5)  # the workers are up and polling before the clock starts
        began = time.perf_counter()
        mirror_runs(planned, slugs, slugs, morgen, {"formats": formats})  # (past draft times: due now)
        with get_client(sync_client=True) as client:
            while True:
                runs = wheel_runs(client)
                if runs and all(r.state.is_final() for r in runs):
                    break
                time.sleep(0.5)
        elapsed = time.perf_counter() - began
    finally:
        for process in processes:
            stop(process)
    cpu, on_server = children_cpu() - cpu, server_cpu() - on_server
    failed = [r.name for r in runs if not r.state.is_completed()]
    if failed:
        raise SystemExit(f"{len(failed)} runs failed, e.g. {failed[:3]}; see {folder}")
    written = len(list((folder / "out").glob("*/2014/arsrapport.md")))
    if written != len(planned):
        raise SystemExit(f"{written} annual reports written of {len(planned)}; see {folder}")
    return elapsed, len(runs), len(planned), cpu, on_server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=20)
    parser.add_argument("--formats", default="md,docx")
    parser.add_argument("--rounds", type=int, default=1, help="take turns this many times; medians compared")
    parser.add_argument("--pool-limit", type=int, default=None, help="the work pool's concurrency limit")
    parser.add_argument("--only-tick", action="store_true", help="stop after the two ticks")
    parser.add_argument("--no-tick", action="store_true", help="leave the two ticks out")
    parser.add_argument("--port", type=int, default=PORT, help="the local Prefect server's port")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, databases, output)")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="the app database on this PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/test), "
        "a fresh database per round; default SQLite files",
    )
    args = parser.parse_args()
    if args.postgres:
        POSTGRES.append(args.postgres)
    port = args.port
    formats = args.formats.split(",")
    folder = Path(tempfile.mkdtemp(prefix="busy-day-"))
    env = os.environ | {
        "PREFECT_HOME": str(folder / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "OMSTILLING_HOME": str(ROOT),
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        # every process imports omstilling from this checkout (a `git worktree` run with the main venv too)
        "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    os.environ.update(env)
    template = folder / "template.db"
    began = time.perf_counter()
    build(template, args.programmes)
    print(f"app database: {args.programmes} programmes in {time.perf_counter() - began:.1f} s")
    server = start(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        folder / "server.log",
        env,
    )
    SERVER.append(server.pid)
    try:
        wait_for_server(env["PREFECT_API_URL"])
        subprocess.run(
            [str(BIN / "prefect"), "work-pool", "create", "omstilling", "--type", "process"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        if args.pool_limit:
            subprocess.run(
                [str(BIN / "prefect"), "work-pool", "set-concurrency-limit", "omstilling", str(args.pool_limit)],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
        subprocess.run(
            [str(BIN / "prefect"), "--no-prompt", "deploy", "--all"], env=env, cwd=ROOT, check=True, capture_output=True
        )

        if not args.no_tick:
            tick(folder, template, formats)
            if args.only_tick:
                return

        print(f"\nthe busy morning: {args.formats}, {args.rounds} round(s); load average before and after each")
        print("(CPU: seconds used by the writing process, or by the workers and their runs; the server's beside it)")
        print("| round | how | morning runs | documents | time | CPU | server CPU | load before → after |")
        print("|--:|:--|--:|--:|--:|--:|--:|:--|")
        times: dict[str, list[float]] = {
            "one process": [],
            "whole process": [],
            "two processes": [],
            "1 worker": [],
            "2 workers": [],
        }
        cpus: dict[str, list[float]] = {"one process": [], "two processes": [], "1 worker": [], "2 workers": []}
        for n in range(1, args.rounds + 1):
            before = load()
            documents, whole, count, cpu = in_one_process(env, template, folder / f"round{n}-in-process", formats)
            times["one process"].append(documents)
            times["whole process"].append(whole)
            cpus["one process"].append(cpu)
            print(f"| {n} | one process, documents alone | – | {count} | {documents:.1f} s | | | {before} → {load()} |")
            print(f"| {n} | one process, whole (with imports) | – | {count} | {whole:.1f} s | {cpu:.1f} s | – | |")
            before = load()
            elapsed, cpu = side_by_side(env, template, folder / f"round{n}-side-by-side", formats)
            times["two processes"].append(elapsed)
            cpus["two processes"].append(cpu)
            print(
                f"| {n} | two processes side by side, no Prefect (whole) | – | {count} | {elapsed:.1f} s | {cpu:.1f} s "
                f"| – | {before} → {load()} |"
            )
            for workers in (1, 2):
                before = load()
                elapsed, runs, count, cpu, on_server = busy_day(
                    env, template, folder / f"round{n}-workers-{workers}", workers, formats
                )
                label = f"{workers} worker" + ("s" if workers > 1 else "")
                times[label].append(elapsed)
                cpus[label].append(cpu + on_server)
                print(
                    f"| {n} | {label} | {runs} | {count} | {elapsed:.1f} s | {cpu:.1f} s | {on_server:.1f} s "
                    f"| {before} → {load()} |"
                )
        median = {how: statistics.median(values) for how, values in times.items()}
        cpu_median = {how: statistics.median(values) for how, values in cpus.items()}
        print()
        print(f"1 worker ÷ 2 workers: {median['1 worker'] / median['2 workers']:.2f} (target ≥ 1,7)")
        print(
            f"2 workers ÷ one process (documents alone): {median['2 workers'] / median['one process']:.2f} (target ≤ 2)"
        )
        print(f"2 workers ÷ one process (whole process): {median['2 workers'] / median['whole process']:.2f}")
        print(f"1 worker ÷ one process (documents alone): {median['1 worker'] / median['one process']:.2f}")
        print(
            "one process ÷ two processes side by side (whole processes, no Prefect; the most two workers could gain "
            f"here): {median['whole process'] / median['two processes']:.2f}"
        )
        print(
            "CPU, workers and server ÷ one process: "
            f"1 worker {cpu_median['1 worker'] / cpu_median['one process']:.2f}, "
            f"2 workers {cpu_median['2 workers'] / cpu_median['one process']:.2f}"
        )
        print(f"load average now: {load()}; cores: {os.cpu_count()}")
    finally:
        stop(server)
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def tick(folder: Path, template: Path, formats: list[str]) -> None:
    """The tick's own time: the first tick creates twelve months of morning runs, the second finds them all."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.arshjul import arshjul
    from omstilling.config import get_settings

    env = round_env({}, template, folder / "tick")
    os.environ["OMSTILLING_DATABASE_URL"] = env["OMSTILLING_DATABASE_URL"]
    os.environ["OMSTILLING_OUTPUT_DIR"] = env["OMSTILLING_OUTPUT_DIR"]
    get_settings.cache_clear()
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        for label in ("first tick (creates the runs)", "second tick (adds none)"):
            start_tick = time.perf_counter()
            result = arshjul(as_of=DAY, formats=formats)
            print(f"{label}: {time.perf_counter() - start_tick:.1f} s, runs {result['kjøringer']}")
    print(f"load average: {load()}")


if __name__ == "__main__":
    main()
