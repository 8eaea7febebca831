"""The jobs the daily tick, the CLI and the Prefect flows run: each opens its own session from settings and
takes plain arguments (ids, slugs, dates), so it can run in any process or Prefect task."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from omstilling import clock, db, services
from omstilling.core.enums import DocumentKind
from omstilling.core.periods import Period, document_period
from omstilling.core.runplan import PlannedRun, run_plan
from omstilling.core.tick import (
    SimulationSummary,
    documents_due,
    quota_warnings,
)
from omstilling.deadlines import materialise
from omstilling.documents.publish import Published, document_name, publish
from omstilling.documents.render import (
    common_markdown,  # noqa: F401 (the flows' artifacts, as Prefect shows them)
    render_markdown,
)
from omstilling.load import load_all_recipients, load_snapshot, load_snapshots
from omstilling.models import DocumentRecord, Programme
from omstilling.notify import configured_notifier
from omstilling.outbox import RunSummary, invite, plan_rows, remind


def programmes(engine: Engine, slug: str | None = None) -> list[str]:
    """The slugs of all programmes, or the one asked for (which must exist)."""
    with db.session_scope(engine) as session:
        if slug:
            return [services.get_programme(session, slug).slug]
        return list(session.exec(select(Programme.slug).order_by(Programme.slug)))


def materialise_deadlines(engine: Engine, slug: str, as_of: date) -> dict[str, int]:
    """Last year's (a December rule can be due, and escalate, in January), this year's and next year's
    deadlines of one programme, written idempotently."""
    with db.session_scope(engine) as session:
        programme = services.get_programme(session, slug)
        results = [materialise(session, programme, year, as_of) for year in (as_of.year - 1, as_of.year,
                                                                             as_of.year + 1)]
    return {field: sum(getattr(r, field) for r in results) for field in ("created", "moved", "removed", "unchanged")}


def _written(session, programme: Programme) -> set[tuple[str, int, str]]:
    return {(record.kind.value, record.year, record.name)
            for record in session.exec(select(DocumentRecord).where(DocumentRecord.programme_id == programme.id))}


def plan_runs(engine: Engine, slug: str, as_of: date) -> list[PlannedRun]:
    """The report runs one programme's wheel wants standing in Prefect from `as_of` on (see
    `omstilling.core.runplan`)."""
    with db.session_scope(engine) as session:
        programme = services.get_programme(session, slug)
        return run_plan(load_snapshot(session, programme), as_of, _written(session, programme))


def already_written(engine: Engine, slug: str, kind: DocumentKind, year: int | None,
                    meeting_date: date | None = None) -> bool:
    """Whether the document is recorded already (a run of the årshjul then drafts nothing: the records decide)."""
    if meeting_date:
        year = meeting_date.year
    with db.session_scope(engine) as session:
        programme = services.get_programme(session, slug)
        return (kind.value, year, document_name(kind, meeting_date)) in _written(session, programme)


def write_document(engine: Engine, slug: str, kind: DocumentKind, year: int, as_of: date, *,
                   meeting_date: date | None = None, formats: tuple[str, ...] | None = None,
                   out_dir: Path | None = None, run_id: str | None = None,
                   made_on: date | None = None) -> Published:
    """Render, write and record one document for exactly this period (unchanged data writes nothing)."""
    return write_report(engine, slug, kind, year=year, as_of=as_of, meeting_date=meeting_date, formats=formats,
                        out_dir=out_dir, run_id=run_id, today=made_on).published


@dataclass(frozen=True)
class Report:
    """A document written by `write_report`: the period its defaults chose, and what was written."""

    period: Period
    published: Published


def write_report(engine: Engine, slug: str | None, kind: DocumentKind, *, year: int | None = None,
                 as_of: date | None = None, meeting_date: date | None = None,
                 formats: tuple[str, ...] | None = None, out_dir: Path | None = None,
                 run_id: str | None = None, today: date | None = None) -> Report:
    """`omstilling report` and the report flows: choose the period with the one set of defaults
    (`omstilling.core.periods.document_period`), then write the document. The same arguments give the same
    document, whoever asks."""
    today = today or clock.today()
    with db.session_scope(engine) as session:
        programme = services.get_programme(session, slug)
        snapshot = load_snapshot(session, programme)
        period = document_period(snapshot, kind, today, year, as_of, meeting_date)
        published = publish(session, programme, snapshot, kind, period.year, period.as_of, formats=formats,
                            out_dir=out_dir, meeting_date=period.meeting_date, run_id=run_id, made_on=today)
    return Report(period, published)


def send_reminders(engine: Engine, *, as_of: date | None = None, dry_run: bool = False, digest: bool = False,
                   programme: str | None = None) -> tuple[RunSummary, bool]:
    """`omstilling remind` and the tick: plan the day's reminders, record them and send what is pending
    through the configured apprise services. Returns the summary and whether a notifier was configured."""
    notifier = None if dry_run else configured_notifier()
    as_of, now = as_of or clock.today(), clock.now()
    # meeting invitations first, so that they go out in the same sending round as the reminders
    invited, errors = (0, []) if notifier is None else invite(engine, as_of=as_of, now=now, notifier=notifier,
                                                             programme_slug=programme)
    summary = remind(engine, as_of=as_of, now=now, notifier=notifier, dry_run=dry_run, digest=digest,
                     programme_slug=programme)
    summary.invitations = invited
    summary.errors = [error | {"step": "invitasjoner"} for error in errors] + summary.errors
    return summary, notifier is not None


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



def tell_operator_about_failures(day: date, failures: list[dict]) -> str:
    """Send the day's failures to the operator's `drift` channels; say in words what really happened."""
    notifier = configured_notifier()
    channels = notifier.channels_for("drift") if notifier else []
    if not channels:
        return "drift er ikke varslet: ingen kanal er merket drift i apprise-oppsettet"
    subject = f"omstilling: {len(failures)} feil i årshjulet {day.isoformat()}"
    body = "\n".join(f"- {f['program']}: {f['steg']}: {f['feil']}" for f in failures)
    results = [notifier.send_channel(tag, subject, body + "\n\nDe andre programmene gikk som vanlig.")
               for tag in channels]
    sent = sum(r.ok for r in results)
    if sent == len(results):
        return f"drift er varslet ({', '.join(channels)})"
    errors = "; ".join(r.error or "" for r in results if not r.ok)
    return f"varselet til drift kunne ikke sendes ({errors})"


def tell_operator_tick_failed(day: date, reason: str) -> str:
    """The whole daily tick stopped (failed or crashed): the operator's `drift` channels hear it, once, from the
    run's hook; returns what happened, in words."""
    notifier = configured_notifier()
    channels = notifier.channels_for("drift") if notifier else []
    if not channels:
        return "drift er ikke varslet: ingen kanal er merket drift i apprise-oppsettet"
    subject = f"omstilling: den daglige kjøringen av årshjulet {day.isoformat()} stoppet"
    body = (f"Den daglige kjøringen {day.isoformat()} stoppet før den var ferdig: {reason}\n\n"
            "Frister, planlagte kjøringer og påminnelser kan mangle for alle programmene til den kjøres igjen "
            "(Prefect: «årshjul/daglig» → Run).")
    results = [notifier.send_channel(tag, subject, body) for tag in channels]
    if all(r.ok for r in results):
        return f"drift er varslet ({', '.join(channels)})"
    return f"varselet til drift kunne ikke sendes ({'; '.join(r.error or '' for r in results if not r.ok)})"

