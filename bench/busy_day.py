"""A busy day of the årshjul over the workers: 100 programmes whose annual reports are all drafted on the same
morning, run by 1 and then 2 process workers of one pool on a local Prefect server; and the tick's own time.

Run: .venv/bin/python bench/busy_day.py [--programmes 100] [--formats md,docx] [--only-tick]
(set PREFECT_SERVER_DATABASE_CONNECTION_URL=postgresql+asyncpg://… to run the server on PostgreSQL).

- The app database holds N copies of the demo programme (SQLite in a temporary folder).
- A Prefect server (port 4310, its own PREFECT_HOME) gets the deployments of prefect.yaml on the pool.
- The tick (in this process, heartbeats off) for 2 January 2015 plans twelve months of runs for every programme:
  its time is printed for the first tick (creates every run) and a second (finds them all, adds none).
- The busy day: the runs due that morning (each programme's annual report 2014) are scheduled for now, then
  1 worker (`--limit 1`) and then 2 workers run them, each round on a fresh copy of the app database and
  output folder. Wall time is from the runs being scheduled to the last one finished; the ratio 1 ÷ 2.
Target: ratio ≥ 1,7 on 2 free cores (the machine's other load counts against it)."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
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


def build(database: Path, programmes: int) -> None:
    from omstilling.intake.demo import demo_data, load_programme_data
    from omstilling.store import db

    engine = db.make_engine(f"sqlite:///{database}")
    db.migrate(engine)
    data = demo_data()
    with db.session_scope(engine) as session:
        for n in range(programmes):
            load_programme_data(session, data | {"programme": data["programme"] | {"slug": f"p{n:03d}"}})
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


def busy_day(env: dict, template: Path, folder: Path, workers: int, formats: list[str]) -> tuple[float, int]:
    """Schedule the morning's runs for now on a fresh copy of the app, run them with `workers` workers."""
    from prefect.client.orchestration import get_client

    from flows.kjoreplan import mirror_runs
    from flows.rapporter import REPORT_FLOWS
    from omstilling.app import drafts, programmes
    from omstilling.store import db

    round_dir = folder / f"workers-{workers}"
    round_dir.mkdir()
    shutil.copyfile(template, round_dir / "app.db")
    env = env | {
        "OMSTILLING_DATABASE_URL": f"sqlite:///{round_dir / 'app.db'}",
        "OMSTILLING_OUTPUT_DIR": str(round_dir / "out"),
    }
    engine = db.make_engine(env["OMSTILLING_DATABASE_URL"])
    slugs = programmes.slugs(engine)
    planned = [run for slug in slugs for run in drafts.plan_runs(engine, slug, DAY) if run.day == DAY]
    engine.dispose()
    with get_client(sync_client=True) as client:
        for run in wheel_runs(client):
            client.delete_flow_run(run.id)
    processes = [
        start(
            [str(BIN / "prefect"), "worker", "start", "--pool", "omstilling", "--limit", "1"],
            round_dir / f"worker{n}.log",
            env,
        )
        for n in range(workers)
    ]
    try:
        time.sleep(5)  # the workers are up and polling before the clock starts
        began = time.perf_counter()
        mirror_runs(planned, slugs, slugs, REPORT_FLOWS, {"formats": formats})  # (past draft times: due now)
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
    failed = [r.name for r in runs if not r.state.is_completed()]
    if failed:
        raise SystemExit(f"{len(failed)} runs failed, e.g. {failed[:3]}; see {round_dir}")
    return elapsed, len(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=100)
    parser.add_argument("--formats", default="md,docx")
    parser.add_argument("--only-tick", action="store_true", help="stop after the two ticks")
    parser.add_argument("--port", type=int, default=PORT, help="the local Prefect server's port")
    args = parser.parse_args()
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
    try:
        wait_for_server(env["PREFECT_API_URL"])
        subprocess.run(
            [str(BIN / "prefect"), "work-pool", "create", "omstilling", "--type", "process"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "prefect"), "--no-prompt", "deploy", "--all"], env=env, cwd=ROOT, check=True, capture_output=True
        )

        from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        from flows.arshjul import arshjul
        from omstilling.config import get_settings

        tick_dir = folder / "tick"
        tick_dir.mkdir()
        shutil.copyfile(template, tick_dir / "app.db")
        os.environ["OMSTILLING_DATABASE_URL"] = f"sqlite:///{tick_dir / 'app.db'}"
        os.environ["OMSTILLING_OUTPUT_DIR"] = str(tick_dir / "out")
        get_settings.cache_clear()
        with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            for label in ("first tick (creates the runs)", "second tick (adds none)"):
                start_tick = time.perf_counter()
                result = arshjul(as_of=DAY, formats=formats)
                print(f"{label}: {time.perf_counter() - start_tick:.1f} s, runs {result['kjøringer']}")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if args.only_tick:
            return

        print("| workers | runs | wall time | per run |")
        print("|--:|--:|--:|--:|")
        times = {}
        for workers in (1, 2):
            elapsed, count = busy_day(env, template, folder, workers, formats)
            times[workers] = elapsed
            print(f"| {workers} | {count} | {elapsed:.1f} s | {elapsed / count:.2f} s |")
        print(f"ratio 1 ÷ 2 workers: {times[1] / times[2]:.2f} (target ≥ 1,7)")
    finally:
        stop(server)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
