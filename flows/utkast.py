"""What a document's run does, shared by the report flows (`flows/rapporter.py`) and a morning's run
(`flows/morgen.py`): write one document through `app.drafts`, and show it as artifacts. Kept apart from the report
flows so a morning's run does not build the eleven flows it never runs each time it starts."""

from __future__ import annotations

from datetime import date
from typing import Literal

from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run

from flows.felles import artifact_key, engine, programme_name
from omstilling.app import artifacts, drafts
from omstilling.core.enums import DocumentKind
from omstilling.documents.render import common_markdown

Format = Literal["md", "html", "docx", "pdf", "xlsx"]
"""The formats a form offers (`omstilling.core.enums.DOCUMENT_FORMATS`); left empty, each document's own default."""


def write(
    slug: str | None,
    kind: DocumentKind,
    year: int | None,
    as_of: date | None,
    meeting_date: date | None,
    formats: list[Format] | list[str] | None,
) -> dict:
    """Write one document through `app.drafts` (recorded with this run's id): what a report flow and a morning's
    run show of it."""
    report = drafts.write_report(
        engine(),
        slug,
        kind,
        year=year,
        as_of=as_of,
        meeting_date=meeting_date,
        formats=formats or None,
        run_id=str(flow_run.get_id() or ""),
    )
    published, period = report.published, report.period
    return {
        "paths": [str(p) for p in published.paths],
        "changed": published.changed,
        "version": published.version,
        "fingerprint": published.fingerprint,
        "markdown": published.markdown,
        "year": period.year,
        "as_of": period.as_of,
        "meeting_date": period.meeting_date,
    }


def show(slug: str, kind: DocumentKind, result: dict) -> None:
    """The document's Markdown and its files as artifacts of the current run (or task run)."""
    key = artifact_key(kind.value, slug, result["meeting_date"] or result["year"])
    shown = artifacts.document_shown(engine(), slug, kind, programme_name(slug), result)  # the programme's standard
    create_markdown_artifact(markdown=common_markdown(result["markdown"]), key=key, description=shown.description)
    create_table_artifact(table=shown.files, key=f"{key}-filer", description=shown.files_description)
