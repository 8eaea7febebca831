"""Sending a county's busy day: 100 programmes, ~400 reminders, to a local SMTP server that takes 50 ms over
each message.

Run: .venv/bin/python bench/messages.py
Each programme is the demo's wheel twice over (see bench/reminders.py) with the demo's people; on 31 January 2014
every programme has reminders due. The rows are planned and recorded first; then one worker, or two worker
processes at once, send them (text and HTML parts, Message-ID, threading). Prints messages per second, the ratio
of two workers to one, and SQL statements per message (counted in the sending processes)."""

from __future__ import annotations

import asyncio
import multiprocessing
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.reminders import build
from omstilling.messaging.delivery import send_pending
from omstilling.messaging.outbox import RunSummary, remind
from omstilling.messaging.transport import AppriseNotifier
from omstilling.store import db
from tests.support.mail import apprise_config, free_port

DAY = date(2014, 1, 31)
DELAY = 0.05


class SlowServer:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(DELAY)
        self.count += 1
        return "250 OK"


def worker(url: str, port: int, barrier) -> tuple[int, int]:
    engine = db.make_engine(url)
    statements = []
    sa.event.listen(engine, "before_cursor_execute", lambda *args: statements.append(1))
    summary = RunSummary(DAY)
    barrier.wait(timeout=60)
    send_pending(engine, AppriseNotifier(apprise_config(port)), datetime(2014, 1, 31, 6, tzinfo=UTC), summary)
    return summary.sent, len(statements)


def measure(workers: int) -> tuple[int, float, float]:
    server, port = SlowServer(), free_port()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
            engine = db.make_engine(url)
            db.migrate(engine)
            build(engine, 100, True)
            remind(engine, as_of=DAY, now=datetime(2014, 1, 31, 6, tzinfo=UTC), notifier=None)  # record only
            engine.dispose()
            context = multiprocessing.get_context("spawn")
            barrier = context.Manager().Barrier(workers)
            with context.Pool(workers) as pool:
                start = time.perf_counter()
                results = pool.starmap(worker, [(url, port, barrier)] * workers)
                elapsed = time.perf_counter() - start
    finally:
        controller.stop()
    sent = sum(r[0] for r in results)
    assert sent == server.count, (sent, server.count)
    return sent, elapsed, sum(r[1] for r in results) / max(sent, 1)


def main() -> None:
    print("| workers | messages | time | messages per second | SQL statements per message |")
    print("|--:|--:|--:|--:|--:|")
    rates = {}
    for workers in (1, 2):
        sent, elapsed, per_message = measure(workers)
        rates[workers] = sent / elapsed
        print(f"| {workers} | {sent} | {elapsed:.1f} s | {rates[workers]:.1f} | {per_message:.1f} |")
    print(f"\nTwo workers send {rates[2] / rates[1]:.2f}× as many messages per second as one.")


if __name__ == "__main__":
    main()
