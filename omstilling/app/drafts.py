"""Writing a document: the period chosen by the one set of defaults, rendered, written and recorded; which drafts the wheel wants standing as runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from omstilling import clock
from omstilling.core.enums import AuditAction, DocumentKind, chosen_formats
from omstilling.core.periods import Period, document_period
from omstilling.core.runplan import PlannedRun, run_plan
from omstilling.documents.publish import Published, document_name, publish
from omstilling.store import audit, choose, db, records
from omstilling.store.load import load_snapshot
from omstilling.store.models.base import stored_id


def plan_runs(engine: Engine, slug: str, as_of: date) -> list[PlannedRun]:
    """The report runs one programme's wheel wants standing in Prefect from `as_of` on (see
    `omstilling.core.runplan`)."""
    with db.session_scope(engine) as session:
        programme = choose.programme(session, slug)
        return run_plan(load_snapshot(session, programme), as_of, records.written(session, stored_id(programme)))


def already_written(
    engine: Engine, slug: str, kind: DocumentKind, year: int | None, meeting_date: date | None = None
) -> bool:
    """Whether the document is recorded already (a run of the årshjul then drafts nothing: the records decide)."""
    if meeting_date:
        year = meeting_date.year
    with db.session_scope(engine) as session:
        programme = choose.programme(session, slug)
        return (kind.value, year, document_name(kind, meeting_date)) in records.written(session, stored_id(programme))


def write_document(
    engine: Engine,
    slug: str,
    kind: DocumentKind,
    year: int,
    as_of: date,
    *,
    meeting_date: date | None = None,
    formats: Sequence[str] | None = None,
    out_dir: Path | None = None,
    run_id: str | None = None,
    made_on: date | None = None,
) -> Published:
    """Render, write and record one document for exactly this period (unchanged data writes nothing)."""
    return write_report(
        engine,
        slug,
        kind,
        year=year,
        as_of=as_of,
        meeting_date=meeting_date,
        formats=formats,
        out_dir=out_dir,
        run_id=run_id,
        today=made_on,
    ).published


@dataclass(frozen=True)
class Report:
    """A document written by `write_report`: the period its defaults chose, and what was written."""

    period: Period
    published: Published


def write_report(
    engine: Engine,
    slug: str | None,
    kind: DocumentKind,
    *,
    year: int | None = None,
    as_of: date | None = None,
    meeting_date: date | None = None,
    formats: Sequence[str] | None = None,
    out_dir: Path | None = None,
    run_id: str | None = None,
    today: date | None = None,
) -> Report:
    """`omstilling report` and the report flows: choose the period with the one set of defaults
    (`omstilling.core.periods.document_period`), then write the document. The same arguments give the same
    document, whoever asks. Recorded in the audit trail: written, unchanged or failed."""
    today = today or clock.today()
    with audit.audited(engine, AuditAction.DRAFT_WRITTEN, programme=slug, target=kind.value, kjoring=run_id) as noted:
        formats = chosen_formats(kind, formats)  # checked before anything is read or written
        with db.session_scope(engine) as session:
            programme = choose.programme(session, slug)
            noted.programme = programme.slug
            snapshot = load_snapshot(session, programme)
            period = document_period(snapshot, kind, today, year, as_of, meeting_date)
            published = publish(
                session,
                programme,
                snapshot,
                kind,
                period.year,
                period.as_of,
                formats=formats,
                out_dir=out_dir,
                meeting_date=period.meeting_date,
                run_id=run_id,
                made_on=today,
            )
        noted.target = f"{kind.value} {period.year} {document_name(kind, period.meeting_date)}"
        noted.detail |= {"versjon": published.version, "endret": published.changed, "formater": list(formats)}
    return Report(period, published)
