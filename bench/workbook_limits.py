"""Workbooks within the limits and beyond them (issue 22, case 3): what the largest accepted one costs, what a
refusal costs, and whether the web app answers someone else while it refuses.

Run: .venv/bin/python bench/workbook_limits.py [--rows N]

1. The largest workbook the limits accept: the demo programme's workbook plus Prosjekter, Finansiering,
   Utbetalinger and Resultater of `--rows` rows each (default: every sheet's limit, OMSTILLING_WORKBOOK_MAX_ROWS
   with its header), checked as the Data page's upload checks it (a dry run through app.workbooks) and then
   imported. Each run in a child process of its own (spawned, not forked), its peak memory its own high-water mark
   (VmHWM).
2. Workbooks made to exhaust the server (tests/support/bombs.py, without a <dimension>, as the sheet's real size
   would be told), refused: seconds and peak memory; and beside each, what openpyxl alone costs to read it (what
   the import did before), in a child capped at 4 GB and 120 s.
3. The web app in uvicorn in a second process (as `omstilling web` runs it): one person times the overview page,
   idle, then while another uploads the largest workbook and while another uploads a bomb. Every request must be
   answered (200), and the median and slowest are printed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.support.bombs

import httpx

from tests.support import bombs

SLUG = "vestre-toten"
LEADER = "programleder@example.org"
READER = "styreleder@example.org"


# ── building ────────────────────────────────────────────────────────────────────────────────────────────────────


def demo_database(folder: Path) -> Path:
    from omstilling.intake.demo import load_demo
    from omstilling.store import db

    path = folder / "demo.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.migrate(engine)
    with db.session_scope(engine) as session:
        load_demo(session)
    engine.dispose()
    return path


def largest_workbook(database: Path, target: Path, rows: int) -> Path:
    """The demo's own workbook, its large sheets filled to `rows` rows: projects, each with its programme share, a
    payment and a result (openpyxl's write-only mode, as fast as a workbook can be written)."""
    import io

    from openpyxl import Workbook, load_workbook

    from omstilling.app import workbooks
    from omstilling.store import db

    engine = db.make_engine(f"sqlite:///{database}")
    demo = load_workbook(io.BytesIO(workbooks.workbook_bytes(engine, SLUG)), read_only=True)
    engine.dispose()
    out = Workbook(write_only=True)
    projects = rows - (demo["Prosjekter"].max_row - 1)  # the ones added; payments and results name them in turn
    for sheet in demo.worksheets:
        written = out.create_sheet(sheet.title)
        existing = 0
        for values in sheet.iter_rows(values_only=True):
            written.append(list(values))
            existing += 1
        more = rows - existing + 1  # the sheet's rows up to `rows` below its header
        if sheet.title == "Prosjekter":
            for n in range(more):
                written.append(
                    [
                        f"B-{n:05d}",
                        f"Benkprosjekt {n}",
                        "Bedrift AS",
                        None,
                        1,
                        None,
                        None,
                        "forstudie",
                        "innvilget",
                        100_000,
                        date(2014, 2, 3),
                        None,
                        date(2014, 3, 1),
                        date(2015, 3, 1),
                    ]
                )
        elif sheet.title == "Finansiering":
            for n in range(more):
                written.append([f"B-{n % projects:05d}", "program", 100_000])
        elif sheet.title == "Utbetalinger":
            for n in range(more):
                written.append(
                    [f"B-{n % projects:05d}", date(2014, 5, 2 + n // projects), "utbetaling", 25_000, None, None]
                )
        elif sheet.title == "Resultater":
            for n in range(more):
                written.append(
                    [
                        f"B-{n % projects:05d}",
                        date(2014, 6, 2 + n // projects),
                        "egenrapportert",
                        1,
                        0,
                        0,
                        10_000,
                        None,
                        None,
                    ]
                )
    demo.close()
    out.save(target)
    return target


# ── measuring, each in a child process ─────────────────────────────────────────────────────────────────────────


def peak_mb() -> float:
    """This process's own peak resident memory (VmHWM starts anew at exec; ru_maxrss would carry the parent's)."""
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM")).split()[1]) / 1024


def _check(database: str, path: str, confirm: bool, queue) -> None:
    quiet()
    from omstilling.app import workbooks
    from omstilling.store import db

    engine = db.make_engine(f"sqlite:///{database}")
    started = time.perf_counter()
    try:
        report = workbooks.import_workbook(engine, path, programme=SLUG, confirm=confirm)
        outcome = f"{report.changes} nye eller endrede rader"
    except Exception as exc:  # noqa: BLE001 (the outcome is what is measured)
        outcome = f"{type(exc).__name__}: {str(exc)[-160:]}"
    queue.put((time.perf_counter() - started, peak_mb(), outcome))


def _openpyxl_alone(path: str, queue) -> None:
    """What the import did before: openpyxl, read-only, every row of every sheet into lists."""
    quiet()
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    from openpyxl import load_workbook

    started = time.perf_counter()
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        rows = sum(len([list(r) for r in sheet.iter_rows(values_only=True)]) for sheet in workbook.worksheets)
        outcome = f"{rows} rader lest"
    except MemoryError:
        outcome = "MemoryError (over 4 GB)"
    except Exception as exc:  # noqa: BLE001 (what it raised is what is measured; the import said it in English)
        outcome = f"{type(exc).__name__}: {exc}"
    queue.put((time.perf_counter() - started, peak_mb(), outcome))


def in_child(target, *args, timeout: float = 600) -> tuple[float, float, str]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=target, args=(*args, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return timeout, float("nan"), f"stoppet etter {timeout:.0f} s"
    if queue.empty():
        return float("nan"), float("nan"), f"døde (status {child.exitcode})"
    return queue.get()


def baseline() -> float:
    """A child that only imports what the check imports: its peak memory is the floor under every figure."""
    return in_child(_check, "/nonexistent.db", "/nonexistent.xlsx", False)[1]


def quiet() -> None:
    import warnings

    warnings.filterwarnings("ignore")  # openpyxl on a workbook without a default style


# ── the web app beside a refusal ───────────────────────────────────────────────────────────────────────────────


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def csrf_in(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form"
    return found.group(1)


def signed_in(base: str, database: Path, email: str) -> httpx.Client:
    from omstilling.access import signin
    from omstilling.store import db

    engine = db.make_engine(f"sqlite:///{database}")
    with db.session_scope(engine) as session:
        _, link = signin.create_link(session, email, base_url=base, now=signin.utcnow())
    engine.dispose()
    client = httpx.Client(base_url=base, timeout=600)
    path = "/" + link.split("/", 3)[3]
    csrf = csrf_in(client.get(path).text)
    assert client.post(path, data={"csrf": csrf}).status_code in (200, 303)
    return client


def upload(client: httpx.Client, path: Path) -> tuple[int, float]:
    page = client.get(f"/programmer/{SLUG}/data")
    csrf = csrf_in(page.text)
    started = time.perf_counter()
    answer = client.post(
        f"/programmer/{SLUG}/data/provekjoring",
        data={"csrf": csrf},
        files={"fil": (path.name, path.read_bytes(), "application/octet-stream")},
    )
    return answer.status_code, time.perf_counter() - started


def timed_reads(client: httpx.Client, until: threading.Event, at_least: int = 20) -> list[float]:
    times: list[float] = []
    while not until.is_set() or len(times) < at_least:
        started = time.perf_counter()
        answer = client.get(f"/programmer/{SLUG}?aar=2014&dag=2014-06-06")
        times.append(time.perf_counter() - started)
        assert answer.status_code == 200, answer.status_code
    return times


def beside(reader: httpx.Client, uploader: httpx.Client, path: Path) -> tuple[int, float, list[float]]:
    done = threading.Event()
    found: dict = {}

    def send() -> None:
        found["answer"] = upload(uploader, path)
        done.set()

    thread = threading.Thread(target=send)
    thread.start()
    times = timed_reads(reader, done)
    thread.join()
    status, seconds = found["answer"]
    return status, seconds, times


def shown(times: list[float]) -> str:
    return f"{len(times)} | {statistics.median(times) * 1000:.0f} ms | {max(times) * 1000:.0f} ms"


def main() -> None:
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.getLogger("omstilling.web.security").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser()
    from omstilling.intake.workbook.limits import Limits

    parser.add_argument(
        "--rows",
        type=int,
        default=Limits.from_settings().max_rows - 1,
        help="rows below the header of each large sheet (default: as many as the limit takes)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        database = demo_database(folder)
        started = time.perf_counter()
        largest = largest_workbook(database, folder / "storst.xlsx", args.rows)
        built = time.perf_counter() - started
        import zipfile

        with zipfile.ZipFile(largest) as archive:
            unpacked = sum(m.file_size for m in archive.infolist())
        floor = baseline()
        print(
            f"Største arbeidsbok innenfor grensene: Prosjekter, Finansiering, Utbetalinger og Resultater "
            f"{args.rows} rader hver "
            f"(+ demoens øvrige ark), {largest.stat().st_size / 2**20:.1f} MB, {unpacked / 2**20:.0f} MB pakket ut "
            f"(laget på {built:.0f} s). Grunnlinje (en prosess som bare har importert det kontrollen bruker): "
            f"{floor:.0f} MB.\n"
        )
        print("| hva | tid | toppminne (prosessen) | utfall |")
        print("|---|--:|--:|---|")
        copy = folder / "kopi.db"
        shutil.copyfile(database, copy)
        for name, confirm in (("kontroll (prøvekjøring, som opplastingen)", False), ("import (skrevet)", True)):
            seconds, peak, outcome = in_child(_check, str(copy), str(largest), confirm)
            print(f"| største, {name} | {seconds:.1f} s | {peak:.0f} MB | {outcome} |")
        made = {
            "klassisk zip-bombe: 2 millioner like rader": lambda p: bombs.write_workbook(
                p,
                bombs.sheet(
                    [
                        bombs.text_row(1, *bombs.HEADERS),
                        *(['<row><c t="inlineStr"><is><t>x</t></is></c></row>'] * 2_000_000),
                    ],
                    None,
                ),
            ),
            "25 000 rader, pakket som ekte data": lambda p: bombs.many_rows(p, 25_000, None),
            "én rad med 3 millioner tomme celler": lambda p: bombs.wide_row(p, 3_000_000, noise=False, dimension=None),
            "én celle i XFD1048576": lambda p: bombs.one_far_cell(p, dimension=None),
            "500 000 celleformater, pakket som ekte data": lambda p: bombs.many_styles(p, 500_000),
            "en del som lyver om størrelsen (400 000 rader)": lambda p: bombs.lying_size(p, 400_000),
        }
        paths: dict[str, Path] = {}
        for name, make in made.items():
            path = make(folder / f"bombe{len(paths)}.xlsx")
            paths[name] = path
            with zipfile.ZipFile(path) as archive:
                declared = sum(m.file_size for m in archive.infolist())
            seconds, peak, outcome = in_child(_check, str(copy), str(path), False)
            before = in_child(_openpyxl_alone, str(path), timeout=120)
            print(
                f"| {name} ({path.stat().st_size // 1024} kB, {declared / 2**20:.0f} MB pakket ut): avvist | "
                f"{seconds:.2f} s | {peak:.0f} MB | {outcome.split(': ', 2)[-1][:90]} |"
            )
            print(
                f"| – det samme lest av openpyxl alene (som før) | {before[0]:.1f} s | {before[1]:.0f} MB | "
                f"{before[2]} |"
            )

        port = free_port()
        env = os.environ | {
            "OMSTILLING_DATABASE_URL": f"sqlite:///{database}",
            "OMSTILLING_OUTPUT_DIR": str(folder / "out"),
            "OMSTILLING_BASE_URL": f"http://127.0.0.1:{port}",
            "OMSTILLING_SECRET_KEY": "b" * 10 + "enchmark-0123456789abcdefghij",
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "omstilling.web.app:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    httpx.get(base + "/logg-inn", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            reader, leader = signed_in(base, database, READER), signed_in(base, database, LEADER)
            idle = threading.Event()
            threading.Timer(5, idle.set).start()
            print("\n| styrelederen leser Oversikt … | svar | median | tregeste | opplastingen |")
            print("|---|--:|--:|--:|---|")
            print(f"| mens ingen laster opp | {shown(timed_reads(reader, idle))} | |")
            for name, path in (
                ("mens programlederen laster opp den største", largest),
                (
                    "mens programlederen laster opp den klassiske bomben",
                    paths["klassisk zip-bombe: 2 millioner like rader"],
                ),
                (
                    "mens programlederen laster opp 3 millioner tomme celler",
                    paths["én rad med 3 millioner tomme celler"],
                ),
            ):
                status, seconds, times = beside(reader, leader, path)
                print(f"| {name} | {shown(times)} | {status} etter {seconds:.1f} s |")
            with open(f"/proc/{server.pid}/status") as status_file:
                high = next(line for line in status_file if line.startswith("VmHWM")).split()[1]
            print(f"\nWebappens toppminne gjennom alt dette: {int(high) / 1024:.0f} MB.")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
