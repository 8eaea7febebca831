"""One flow per document of the årshjul. Run by hand from the UI (deployment «manuell»), or by the daily tick
when a draft is due. Each publishes the Markdown as a keyed artifact (versions stack) and a table of files."""

from __future__ import annotations

from datetime import date
from typing import Literal

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run

from flows.felles import artifact_key, engine, today_in_oslo
from omstilling import jobs
from omstilling.models import DocumentKind

Format = Literal["md", "html", "docx"]
ALL_FORMATS: list[Format] = ["md", "html", "docx"]


@task(name="skriv dokument", retries=2, retry_delay_seconds=[5, 30])
def write_document(slug: str, kind: DocumentKind, year: int, as_of: date, meeting_date: date | None,
                   formats: list[Format]) -> dict:
    """Render, convert and record one document (written to a temporary file, then renamed)."""
    published = jobs.write_document(engine(), slug, kind, year, as_of, meeting_date=meeting_date,
                                    formats=tuple(formats), run_id=str(flow_run.get_id() or ""))
    return {"paths": [str(p) for p in published.paths], "changed": published.changed,
            "version": published.version, "fingerprint": published.fingerprint, "markdown": published.markdown}


@task(name="vis dokumentet i Prefect")
def publish_artifacts(slug: str, kind: DocumentKind, year: int, meeting_date: date | None, result: dict) -> None:
    key = artifact_key(kind.value, slug, meeting_date or year)
    create_markdown_artifact(markdown=result["markdown"], key=key,
                             description=f"{kind.label.capitalize()} {year} for {slug}")
    create_table_artifact(
        table=[{"fil": path, "versjon": result["version"], "endret": "ja" if result["changed"] else "nei",
                "datafingeravtrykk": result["fingerprint"][:12]} for path in result["paths"]],
        key=f"{key}-filer", description="Filene som ble skrevet")


def run_report(kind: DocumentKind, programme: str | None, year: int | None, as_of: date | None,
               formats: list[Format], meeting_date: date | None = None) -> list[str]:
    """The body every report flow shares: choose the period, write, show."""
    slugs = jobs.programmes(engine(), programme)
    if len(slugs) != 1:
        raise ValueError("choose the programme: " + (", ".join(slugs) or "the database holds none yet"))
    slug = slugs[0]
    year, day = jobs.report_period(engine(), slug, kind, year, as_of, today_in_oslo())
    result = write_document(slug, kind, year, day, meeting_date, formats)
    publish_artifacts(slug, kind, year, meeting_date, result)
    return result["paths"]


def _report_flow(kind: DocumentKind, name: str):
    def report(programme: str | None = None, year: int | None = None, as_of: date | None = None,
               formats: list[Format] = ALL_FORMATS) -> list[str]:
        return run_report(kind, programme, year, as_of, formats)

    report.__doc__ = f"Skriv {kind.label} (Markdown, HTML og Word) fra programmets data."
    return flow(name=name, flow_run_name=f"{kind.value}-{{year}}", log_prints=True)(report)


arsrapport = _report_flow(DocumentKind.ANNUAL_REPORT, "årsrapport")
halvarsrapport = _report_flow(DocumentKind.HALF_YEAR_REPORT, "halvårsrapport")
soknad = _report_flow(DocumentKind.APPLICATION, "søknad")
psv_grunnlag = _report_flow(DocumentKind.PSV_FACTS, "psv-grunnlag")
seminargrunnlag = _report_flow(DocumentKind.SEMINAR_BASIS, "seminargrunnlag")
handlingsplan = _report_flow(DocumentKind.ACTION_PLAN, "handlingsplan")


@flow(name="styrerapport", flow_run_name="styrerapport-{programme}-{meeting_date}", log_prints=True)
def styrerapport(meeting_date: date, programme: str | None = None, as_of: date | None = None,
                 formats: list[Format] = ALL_FORMATS) -> list[str]:
    """Skriv styrets rapport (styrepapirene) til styremøtet på datoen."""
    return run_report(DocumentKind.BOARD_REPORT, programme, meeting_date.year, as_of or meeting_date, formats,
                      meeting_date=meeting_date)


BY_KIND = {
    DocumentKind.ANNUAL_REPORT: arsrapport,
    DocumentKind.HALF_YEAR_REPORT: halvarsrapport,
    DocumentKind.APPLICATION: soknad,
    DocumentKind.PSV_FACTS: psv_grunnlag,
    DocumentKind.SEMINAR_BASIS: seminargrunnlag,
    DocumentKind.ACTION_PLAN: handlingsplan,
}
