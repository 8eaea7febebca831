"""A report flow against the direct library call on the same data, on a warm local Prefect server.

Run: .venv/bin/python bench/flow_overhead.py
Uses Prefect's local test server (started once, then warm), heartbeats off as in the tests, the demo
database, and the annual report 2014 as Markdown + Word. Each call writes a fresh document (the output
folder changes), so both paths do the same work. Target: under 1 s of orchestration overhead per report."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # flows/ lives beside the package

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def main() -> None:
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    from omstilling.config import get_settings
    from omstilling.intake.demo import load_demo
    from omstilling.store import db

    folder = Path(tempfile.mkdtemp())
    os.environ["OMSTILLING_DATABASE_URL"] = f"sqlite:///{folder / 'app.db'}"
    get_settings.cache_clear()
    engine = db.get_engine()
    db.migrate(engine)
    with db.session_scope(engine) as session:
        load_demo(session)

    from flows.rapporter import arsrapport
    from omstilling.app import drafts
    from omstilling.core.enums import DocumentKind

    def direct(n: int) -> None:
        drafts.write_document(
            engine,
            "vestre-toten",
            DocumentKind.ANNUAL_REPORT,
            2014,
            date(2014, 12, 31),
            formats=("md", "docx"),
            out_dir=folder / f"direct{n}",
        )

    def via_flow(n: int) -> None:
        os.environ["OMSTILLING_OUTPUT_DIR"] = str(folder / f"flow{n}")
        get_settings.cache_clear()
        arsrapport(programme="vestre-toten", year=2014, formats=["md", "docx"])

    with prefect_test_harness(server_startup_timeout=90), temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        via_flow(-1)
        direct(-1)  # warm both paths: imports, pandoc, the server's first writes
        timings = {"direct": [], "flow": []}
        for n in range(5):
            for name, call in (("direct", direct), ("flow", via_flow)):
                start = time.perf_counter()
                call(n)
                timings[name].append(time.perf_counter() - start)
    direct_s, flow_s = statistics.median(timings["direct"]), statistics.median(timings["flow"])
    print("| path | median of 5 |")
    print("|:--|--:|")
    print(f"| library call | {direct_s:.2f} s |")
    print(f"| report flow | {flow_s:.2f} s |")
    print(f"\nOrchestration overhead: {flow_s - direct_s:.2f} s per report ({flow_s / direct_s:.2f}×).")


if __name__ == "__main__":
    main()
