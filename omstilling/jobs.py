"""The jobs the daily tick, the CLI and the Prefect flows run: each opens its own session from settings and
takes plain arguments (ids, slugs, dates), so it can run in any process or Prefect task."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import select

from omstilling import db, services
from omstilling.deadlines import materialise
from omstilling.documents.publish import Published, document_name, publish
from omstilling.documents.render import render_markdown
from omstilling.load import load_all_recipients, load_snapshot, load_snapshots
from omstilling.models import DocumentKind, DocumentRecord, Programme
from omstilling.outbox import RunSummary, plan_rows
from omstilling.tick import DocumentDue, SimulationSummary, documents_due, quota_warnings


def programmes(engine: Engine, slug: str | None = None) -> list[str]:
    """The slugs of all programmes, or the one asked for (which must exist)."""
    with db.session_scope(engine) as session:
        if slug:
            return [services.get_programme(session, slug).slug]
        return list(session.exec(select(Programme.slug).order_by(Programme.slug)))


def materialise_deadlines(engine: Engine, slug: str, as_of: date) -> dict[str, int]:
    """This year's and next year's deadlines of one programme, written idempotently."""
    with db.session_scope(engine) as session:
        programme = services.get_programme(session, slug)
        results = [materialise(session, programme, year, as_of) for year in (as_of.year, as_of.year + 1)]
    return {field: sum(getattr(r, field) for r in results) for field in ("created", "moved", "removed", "unchanged")}


def _written(session, programme: Programme) -> set[tuple[str, int, str]]:
    return {(record.kind.value, record.year, Path(record.path).stem)
            for record in session.exec(select(DocumentRecord).where(DocumentRecord.programme_id == programme.id))}


def documents_to_write(engine: Engine, slug: str, as_of: date) -> list[DocumentDue]:
    """The drafts due on `as_of` for one programme (see `omstilling.tick`)."""
    with db.session_scope(engine) as session:
        programme = services.get_programme(session, slug)
        return documents_due(load_snapshot(session, programme), as_of, _written(session, programme))


def write_document(engine: Engine, slug: str, kind: DocumentKind, year: int, as_of: date, *,
                   meeting_date: date | None = None, formats: tuple[str, ...] = ("md", "html", "docx"),
                   out_dir: Path | None = None, run_id: str | None = None) -> Published:
    """Render, write and record one document (unchanged data writes nothing)."""
    with db.session_scope(engine) as session:
        programme = services.get_programme(session, slug)
        snapshot = load_snapshot(session, programme)
        return publish(session, programme, snapshot, kind, year, as_of, formats=formats, out_dir=out_dir,
                       meeting_date=meeting_date, run_id=run_id)


def report_period(engine: Engine, slug: str, kind: DocumentKind, year: int | None, as_of: date | None,
                  today: date) -> tuple[int, date]:
    """The year and day a document is for, with the defaults `omstilling report` uses."""
    from omstilling.status import report_period as choose

    with db.session_scope(engine) as session:
        period = choose(load_snapshot(session, services.get_programme(session, slug)), kind, today, year, as_of)
    return period.year, period.as_of


def check_quotas(engine: Engine, as_of: date) -> list[dict]:
    """Quotas of the current period at risk or missed, for every programme."""
    with db.session_scope(engine) as session:
        snapshots = load_snapshots(session, session.exec(select(Programme)).all())
    return [asdict(w) for snapshot in snapshots.values() for w in quota_warnings(snapshot, as_of)]


@dataclass(frozen=True)
class FileSink:
    """Where a simulation 'sends' its messages: one text file per message."""

    folder: Path

    def write(self, day: date, recipient_role: str, subject: str, body: str, number: int) -> Path:
        path = self.folder / day.isoformat() / f"{number:03d}-{recipient_role}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Emne: {subject}\n\n{body}", encoding="utf-8")
        return path


def simulate(engine: Engine, start: date, end: date, out_dir: Path, *, slug: str | None = None,
             documents: bool = True) -> SimulationSummary:
    """Run the wheel day by day over [start, end] without touching the database: documents are written under
    out_dir/dokumenter (not recorded), messages to files under out_dir/meldinger (nobody receives them)."""
    if end < start:
        raise ValueError("the simulation must end on or after its first day")
    if out_dir.exists():
        shutil.rmtree(out_dir / "meldinger", ignore_errors=True)
    with db.session_scope(engine) as session:
        query = select(Programme).order_by(Programme.slug)
        if slug:
            query = query.where(Programme.id == services.get_programme(session, slug).id)
        chosen = session.exec(query).all()
        snapshots = load_snapshots(session, chosen)
        contacts = load_all_recipients(session, [p.id for p in chosen])
    summary = SimulationSummary(start, end)
    sink = FileSink(out_dir / "meldinger")
    sent: set[tuple] = set()
    written: dict[int, set] = {p.id: set() for p in chosen}
    warned: set[tuple] = set()
    roles: Counter = Counter()
    day = start
    while day <= end:
        number = 0
        for programme in chosen:
            snapshot = snapshots[programme.id]
            if documents:
                for due in documents_due(snapshot, day, written[programme.id]):
                    name = document_name(due.kind, due.meeting_date)
                    written[programme.id].add((due.kind.value, due.year, name))
                    rendered = render_markdown(due.kind, snapshot, due.year, due.as_of, meeting_date=due.meeting_date)
                    folder = out_dir / "dokumenter" / snapshot.slug / str(due.year)
                    folder.mkdir(parents=True, exist_ok=True)
                    (folder / f"{name}.md").write_text(rendered.markdown, encoding="utf-8")
                    summary.documents.append({"day": day.isoformat(), "programme": snapshot.slug,
                                              "kind": due.kind.value, "year": due.year,
                                              "path": str(folder / f"{name}.md"), "reason": due.reason})
            # The same rows the outbox would get; the key below is the outbox's unique key.
            for row in plan_rows(snapshot, contacts.get(programme.id, ()), {}, day, None, RunSummary(day)):
                key = (programme.id, row["event_id"], row["year"], row["occurrence"], row["step"], row["recipient"])
                if key in sent:
                    continue
                sent.add(key)
                number += 1
                sink.write(day, row["role"], row["subject"], row["body"], number)
                roles[row["role"]] += 1
            for warning in quota_warnings(snapshot, day):
                if (warning.programme, warning.period, warning.state) not in warned:
                    warned.add((warning.programme, warning.period, warning.state))
                    summary.quotas_at_risk.append({"day": day.isoformat()} | asdict(warning))
        day += timedelta(days=1)
    summary.reminders_by_role = dict(sorted(roles.items()))
    summary.reminders = sum(roles.values())
    return summary


def local_now(zone: str = "Europe/Oslo") -> datetime:
    return datetime.now(UTC).astimezone(ZoneInfo(zone))

