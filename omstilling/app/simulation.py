"""The wheel run day by day, offline: documents and messages to files, nobody receives anything."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

from omstilling.core.enums import DocumentKind
from omstilling.core.tick import (
    SimulationSummary,
    documents_due,
    quota_warnings,
)
from omstilling.documents.publish import document_name
from omstilling.documents.render import render_markdown
from omstilling.messaging import notices
from omstilling.messaging.outbox import RunSummary
from omstilling.messaging.plan import RowKey, plan_rows
from omstilling.store import choose, db
from omstilling.store.files import write_atomically
from omstilling.store.load import load_all_recipients, load_snapshots
from omstilling.store.models.base import stored_id


@dataclass(frozen=True)
class FileSink:
    """Where a simulation 'sends' its messages: one text file per message."""

    folder: Path

    def write(self, day: date, recipient_role: str, subject: str, body: str, number: int) -> Path:
        path = self.folder / day.isoformat() / f"{number:03d}-{recipient_role}.txt"
        write_atomically(path, f"Emne: {subject}\n\n{body}", make_folder=True)
        return path


def simulate(
    engine: Engine, start: date, end: date, out_dir: Path, *, slug: str | None = None, documents: bool = True
) -> SimulationSummary:
    """Run the wheel day by day over [start, end] without touching the database: documents are written under
    out_dir/dokumenter (not recorded), messages to files under out_dir/meldinger (nobody receives them).

    The messages are the day's run's: the reminders, and on each board meeting's notice day its notice
    (innkalling) to each member, deputy and the leader, in place of their reminder of the meeting, as the tick
    sends it (`messaging.notices.rehearse`; the pack said to be attached when the simulation wrote it)."""
    if end < start:
        raise ValueError("the simulation must end on or after its first day")
    if out_dir.exists():
        shutil.rmtree(out_dir / "meldinger", ignore_errors=True)
    with db.session_scope(engine) as session:
        chosen = choose.programmes(session, slug)
        snapshots = load_snapshots(session, chosen)
        contacts = load_all_recipients(session, [stored_id(p) for p in chosen])
    summary = SimulationSummary(start, end)
    sink = FileSink(out_dir / "meldinger")
    sent: dict[int, dict[RowKey, str]] = {stored_id(p): {} for p in chosen}  # the outbox's rows, per programme
    written: dict[int, set[tuple[str, int, str]]] = {stored_id(p): set() for p in chosen}
    warned: set[tuple[object, ...]] = set()
    roles: Counter[str] = Counter()
    called: dict[int, set[int]] = {stored_id(p): set() for p in chosen}  # the meetings whose notice went
    day = start
    while day <= end:
        number = 0
        for programme in chosen:
            pid = stored_id(programme)
            snapshot = snapshots[pid]
            if documents:
                for due in documents_due(snapshot, day, written[pid]):
                    name = document_name(due.kind, due.meeting_date)
                    written[pid].add((due.kind.value, due.year, name))
                    rendered = render_markdown(due.kind, snapshot, due.year, due.as_of, meeting_date=due.meeting_date)
                    folder = out_dir / "dokumenter" / snapshot.slug / str(due.year)
                    write_atomically(folder / f"{name}.md", rendered.markdown, make_folder=True)
                    summary.documents.append(
                        {
                            "day": day.isoformat(),
                            "programme": snapshot.slug,
                            "kind": due.kind.value,
                            "year": due.year,
                            "path": str(folder / f"{name}.md"),
                            "reason": due.reason,
                        }
                    )
            # The same rows the outbox would get, each once (its text rendered once): the key is the outbox's unique key.
            for row in plan_rows(snapshot, contacts.get(pid, ()), {}, day, None, RunSummary(day), known=sent[pid]):
                key = (row["event_id"], row["year"], row["occurrence"], row["step"], row["recipient"])
                if key in sent[pid]:
                    continue
                sent[pid][key] = row["subject"]
                number += 1
                sink.write(day, row["role"], row["subject"], row["body"], number)
                roles[row["role"]] += 1
            packs = {
                meeting.date
                for meeting in snapshot.meetings
                if (
                    DocumentKind.BOARD_PACK.value,
                    meeting.date.year,
                    document_name(DocumentKind.BOARD_PACK, meeting.date),
                )
                in written[pid]
            }
            for person, text in notices.rehearse(snapshot, contacts.get(pid, ()), day, called[pid], packs):
                number += 1
                sink.write(day, person.role or "deltaker", text.subject, text.body, number)
                summary.notices += 1
            for warning in quota_warnings(snapshot, day):
                if (warning.programme, warning.period, warning.state) not in warned:
                    warned.add((warning.programme, warning.period, warning.state))
                    summary.quotas_at_risk.append({"day": day.isoformat()} | asdict(warning))
        day += timedelta(days=1)
    summary.reminders_by_role = dict(sorted(roles.items()))
    summary.reminders = sum(roles.values())
    return summary
