"""Planning one day's reminders for 100 programmes with a full year of deadlines each.

Run: .venv/bin/python bench/reminders.py
Each programme is the demo's wheel (11 events, 70 ladder steps a year) with the demo's people, so the day
asked (31 January 2014) has reminders due in every programme. Prints wall time and SQL statements for
planning and recording the outbox rows (no sending), and the same with twice the deadlines per programme,
to show the statement count does not grow with the number of deadlines. Target: well under 1 s."""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from omstilling.intake import writes
from omstilling.intake.demo import demo_data
from omstilling.messaging.outbox import remind
from omstilling.store import db


def build(engine, programmes: int, extra_events: bool) -> None:
    data = demo_data()
    with db.session_scope(engine) as session:
        for n in range(programmes):
            programme = writes.create_programme(session, data["programme"] | {"slug": f"p{n:03d}"})
            for role in data["roles"]:
                writes.add_role(session, programme, role | {"email": f"{role['role']}.{n}@example.org"})
            for closed in data["closed_days"]:
                writes.add_closed_day(session, programme, closed)
            for quota in data["quotas"]:
                writes.add_quota_rule(session, programme, quota)
            for event in data["wheel"]:
                writes.add_wheel_event(session, programme, event)
                if extra_events and event.get("rrule"):  # the same duty once more: twice the deadlines
                    writes.add_wheel_event(
                        session,
                        programme,
                        event | {"key": event["key"] + "-ekstra", "depends_on": [], "rrule": event["rrule"]},
                    )


def measure(programmes: int, extra_events: bool) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as folder:
        engine = db.make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        db.migrate(engine)
        build(engine, programmes, extra_events)
        remind(engine, as_of=date(2014, 1, 2), now=datetime.now(UTC), notifier=None)  # warm caches and imports
        statements = []
        listener = lambda *args: statements.append(1)  # noqa: E731
        sa.event.listen(engine, "before_cursor_execute", listener)
        start = time.perf_counter()
        summary = remind(engine, as_of=date(2014, 1, 31), now=datetime.now(UTC), notifier=None)
        elapsed = time.perf_counter() - start
        sa.event.remove(engine, "before_cursor_execute", listener)
        return elapsed, len(statements), summary.new_rows


def main() -> None:
    print("| programmes | deadlines per programme | time | SQL statements | outbox rows |")
    print("|--:|--:|--:|--:|--:|")
    for programmes, extra in ((10, False), (100, False), (100, True)):
        elapsed, statements, rows = measure(programmes, extra)
        print(f"| {programmes} | {22 if extra else 11} | {elapsed:.2f} s | {statements} | {rows} |")


if __name__ == "__main__":
    main()
