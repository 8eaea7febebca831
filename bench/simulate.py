"""A simulated year (`omstilling simulate`) of 10 and 30 copies of the demo, before and after a change, side by side
in one run; how often message texts are rendered against the messages written; and a check that the output is
the same.

Run: .venv/bin/python bench/simulate.py --before COMMIT [--programmes 10,30] [--runs 3] [--month 2014-06] [--no-documents]

`--before` is a commit (checked out in a temporary git worktree, removed at the end) or the path of a checkout.
The databases are built once per size with this checkout's code (the demo loaded N times, each copy with its own
slug and addresses), then each run is a child process that imports `omstilling` from one checkout (PYTHONPATH)
and simulates 2014 (documents and messages to files; `--no-documents`: the messages only) in-process; before and after alternate, so both see the same
load on a shared machine. Prints the medians of the wall and CPU time of `simulate()` and their ratios, the
renders (calls of `messaging.texts.render`, counted by wrapping it) against the messages written, and the load
average. Every run's files (messages and documents) are compared with the first run before; and over `--month`
the daily run's outbox (`invite` and `remind`, day by day, recording only) is compared row by row (kind, step,
recipient, role, subject, body, HTML, document, calendar object), with its renders against the rows written.
The schema must be the same in both checkouts (the database is built by this one)."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
ROOT = HERE.parents[1]
YEAR = (date(2014, 1, 1), date(2014, 12, 31))


# ---------------------------------------------------------------------------------------------------- the child
def counting_renders() -> list[int]:
    """Wrap `messaging.texts.render` (every message kind's text goes through it) and count its calls."""
    from omstilling.messaging import texts

    count = [0]
    original = texts.render

    def counted(*args, **kwargs):
        count[0] += 1
        return original(*args, **kwargs)

    texts.render = counted
    return count


def child_simulate(url: str, out: Path, root: Path, documents: bool = True) -> dict:
    import omstilling

    assert Path(omstilling.__file__).resolve().is_relative_to(root), (omstilling.__file__, root)
    from omstilling.app.simulation import simulate
    from omstilling.store import db

    engine = db.make_engine(url)
    renders = counting_renders()
    wall, cpu = time.perf_counter(), time.process_time()
    summary = simulate(engine, *YEAR, out, documents=documents)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "wall": wall,
        "cpu": cpu,
        "renders": renders[0],
        "messages": summary.reminders + summary.notices,
        "documents": len(summary.documents),
    }


def child_outbox(url: str, first: date, last: date, root: Path) -> dict:
    """The daily run's messages over [first, last], recorded (nobody is sent anything), as comparable rows."""
    import omstilling

    assert Path(omstilling.__file__).resolve().is_relative_to(root), (omstilling.__file__, root)
    import sqlalchemy as sa

    from omstilling.messaging.outbox import invite, remind
    from omstilling.store import db
    from omstilling.store.models import OutboxMessage

    engine = db.make_engine(url)
    renders = counting_renders()
    day = first
    while day <= last:
        now = datetime(day.year, day.month, day.day, 5, 30, tzinfo=UTC)
        invite(engine, as_of=day, now=now, notifier=None)
        remind(engine, as_of=day, now=now, notifier=None)
        day += timedelta(days=1)
    table: Any = OutboxMessage.__table__  # type: ignore[attr-defined]
    columns = ("kind", "step", "recipient", "role", "planned_for", "subject", "body", "html", "document", "ics")
    with engine.connect() as connection:
        rows = [
            [str(value) for value in row]
            for row in connection.execute(
                sa.select(table.c.deadline_id, table.c.invitation_id, *(table.c[c] for c in columns)).order_by(
                    table.c.id
                )
            )
        ]
    rows.sort()
    return {"rows": len(rows), "renders": renders[0], "digest": hashlib.sha256(json.dumps(rows).encode()).hexdigest()}


# --------------------------------------------------------------------------------------------------- the parent
def build(url: str, programmes: int) -> None:
    """N copies of the demo, loaded through the library as `omstilling demo` does (own slug, name, addresses)."""
    from omstilling.intake.demo import demo_data, load_programme_data, with_own_companies
    from omstilling.store import db

    engine = db.make_engine(url)
    db.migrate(engine)
    data = demo_data()
    for n in range(programmes):
        roles = [r | {"email": r["email"].replace("@", f".{n:03d}@")} if r.get("email") else r for r in data["roles"]]
        copy = with_own_companies(data, n) | {
            "programme": data["programme"] | {"slug": f"p{n:03d}", "name": f"Omstilling {n:03d}"},
            "roles": roles,
        }
        with db.session_scope(engine) as session:
            load_programme_data(session, copy)
    engine.dispose()


def run_child(root: Path, *args: str) -> dict:
    env = os.environ | {"PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, str(HERE), "--child", str(root), *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"child in {root} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="a commit, or the path of a checkout")
    parser.add_argument("--programmes", default="10,30")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--month", default="2014-06", help="the month whose daily runs' outbox is compared")
    parser.add_argument("--no-documents", action="store_true", help="simulate the messages only")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    made = None
    if Path(options.before).is_dir():
        before = Path(options.before).resolve()
    else:
        made = before = Path(tempfile.mkdtemp(prefix="omstilling-before-"))
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(before), options.before],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    sides = {"before": before, "after": ROOT}
    loads = [load()]
    try:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            results: dict[int, dict[str, list[dict]]] = {}
            for n in (int(x) for x in options.programmes.split(",")):
                database = folder / f"p{n}.db"
                build(f"sqlite:///{database}", n)
                results[n] = {"before": [], "after": []}
                reference = None
                for run in range(options.runs):
                    for side in ("before", "after") if run % 2 == 0 else ("after", "before"):
                        out = folder / f"out-{n}-{side}-{run}"
                        results[n][side].append(
                            run_child(
                                sides[side],
                                "simulate",
                                f"sqlite:///{database}",
                                str(out),
                                "messages" if options.no_documents else "all",
                            )
                        )
                        files = tree(out)
                        if side == "before" and reference is None:
                            reference = files
                        elif reference is not None and files != reference:
                            differ = sorted(
                                k for k in files.keys() | reference.keys() if files.get(k) != reference.get(k)
                            )
                            raise SystemExit(
                                f"{n} programmes, {side} run {run}: {len(differ)} files differ: {differ[:5]}"
                            )
                        shutil.rmtree(out)
                print(f"{n} programmes: {options.runs} runs each, the files the same in every run", file=sys.stderr)
                loads.append(load())
            first = date.fromisoformat(options.month + "-01")
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            smallest = min(results)
            outbox = {}
            for side in ("before", "after"):
                copy = folder / f"outbox-{side}.db"
                shutil.copy(folder / f"p{smallest}.db", copy)
                outbox[side] = run_child(
                    sides[side], "outbox", f"sqlite:///{copy}", first.isoformat(), last.isoformat()
                )
            loads.append(load())
    finally:
        if made is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(made)], cwd=ROOT, check=False)

    def median(side: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in side)

    what = "messages only" if options.no_documents else "documents and messages"
    print(f"Before: {options.before}; after: this checkout; {what}. Medians of {options.runs} alternated runs each.")
    print(f"Load average (1, 5, 15 min) at the start, after each size and at the end: {' | '.join(loads)}\n")
    print(
        "| programmes | wall before | wall after | ratio | CPU before | CPU after | ratio "
        "| renders before | renders after | messages written | documents |"
    )
    print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for n, sides_run in results.items():
        b, a = sides_run["before"], sides_run["after"]
        assert {r["messages"] for r in b + a} == {b[0]["messages"]}, "the messages written differ"
        print(
            f"| {n} | {median(b, 'wall'):.1f} s | {median(a, 'wall'):.1f} s | {median(b, 'wall') / median(a, 'wall'):.2f} "
            f"| {median(b, 'cpu'):.1f} s | {median(a, 'cpu'):.1f} s | {median(b, 'cpu') / median(a, 'cpu'):.2f} "
            f"| {b[0]['renders']} | {a[0]['renders']} | {b[0]['messages']} | {b[0]['documents']} |"
        )
        walls = [", ".join(f"{r['wall']:.1f}" for r in side) for side in (b, a)]
        print(f"|   | runs: {walls[0]} | {walls[1]} | | | | | | | | |")
    same = outbox["before"]["digest"] == outbox["after"]["digest"]
    print(
        f"\nThe daily runs of {options.month} ({smallest} programmes, invite and remind, recorded): "
        f"{outbox['before']['rows']} outbox rows before, {outbox['after']['rows']} after, "
        f"{'the same' if same else 'DIFFERENT'} (kind, step, recipient, role, subject, body, HTML, document, ics); "
        f"renders {outbox['before']['renders']} before, {outbox['after']['renders']} after."
    )
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        root, what, *rest = Path(sys.argv[2]).resolve(), sys.argv[3], *sys.argv[4:]
        if what == "simulate":
            print(json.dumps(child_simulate(rest[0], Path(rest[1]), root, documents=rest[2] == "all")))
        else:
            print(json.dumps(child_outbox(rest[0], date.fromisoformat(rest[1]), date.fromisoformat(rest[2]), root)))
    else:
        main()
