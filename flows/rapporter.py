"""One flow per document of the årshjul. Run by hand from the UI (deployment «skriv-<flow>»), or by the daily tick
when a draft is due. Each publishes the Markdown as a keyed artifact (versions stack) and a table of files.
The period (year, as-of day, board meeting) is chosen by the same job and defaults as `omstilling report`."""

from __future__ import annotations

from datetime import date

from prefect import flow, tags, task
from prefect.runtime import flow_run

from flows.felles import (
    Blank,
    choosing_in_the_form,
    engine,
    form,
    in_words,
    retry_unless_user_error,
    run_name,
)
from flows.utkast import Format, show, write
from omstilling.app import drafts, programmes
from omstilling.core.enums import DocumentKind


@task(
    name="skriv dokument",
    task_run_name="skriv {kind.label}",
    retries=2,
    retry_delay_seconds=[5, 30],
    retry_condition_fn=retry_unless_user_error,
)
def write_document(
    slug: str | None,
    kind: DocumentKind,
    year: int | None,
    as_of: date | None,
    meeting_date: date | None,
    formats: list[Format] | None,
) -> dict:
    """Choose the period, render, convert and record one document (written to a temporary file, then renamed)."""
    return write(slug, kind, year, as_of, meeting_date, formats)


@task(name="vis dokumentet i Prefect", task_run_name="vis {kind.label} i Prefect")
def publish_artifacts(slug: str, kind: DocumentKind, result: dict) -> None:
    show(slug, kind, result)


ARGS = """
    Args:
        programme: Programmet: kortnavnet (vestre-toten) eller navnet (Vestre Toten). Tomt: det eneste i databasen.
        year: Året rapporten gjelder, ikke året den skrives: årsrapporten for 2013 skrives i januar 2014, men
            her skriver du 2013. Tomt: dokumentets vanlige år.
        as_of: Dagen tallene gjelder til og med. Tomt: slutten av perioden dokumentet gjelder.
        formats: Formatene som skrives: md (Markdown), html, docx (Word) og pdf; datagrunnlaget for
            sluttevalueringen også xlsx (Excel). Tomt: {defaults}.
        only_if_missing: Skriv bare hvis dokumentet ikke er laget ennå (slik årshjulets planlagte kjøringer gjør).
"""


MEETING_ARGS = """

    Args:
        meeting_date: Datoen for styremøtet.
        programme: Programmet: kortnavnet (vestre-toten) eller navnet (Vestre Toten). Tomt: det eneste i databasen.
        as_of: Dagen tallene gjelder til og med. Tomt: møtedagen, eller i dag før møtet.
        formats: Formatene som skrives: md (Markdown), html, docx (Word) og pdf. Tomt: {defaults}.
        only_if_missing: Skriv bare hvis dokumentet ikke er laget ennå (slik årshjulets planlagte kjøringer gjør).
"""


def run_report(
    kind: DocumentKind,
    programme: str | None,
    year: int | None,
    as_of: date | None,
    formats: list[Format] | None,
    meeting_date: date | None = None,
    only_if_missing: bool = False,
) -> list[str]:
    """The body every report flow shares: write (the job chooses the period), then show. A run of the årshjul
    (`only_if_missing`) writes nothing when the document is recorded already: the records decide."""
    with choosing_in_the_form():
        slug = programmes.one_slug(engine(), programme)
    if only_if_missing and (year or meeting_date) and drafts.already_written(engine(), slug, kind, year, meeting_date):
        print(f"{kind.label.capitalize()} {meeting_date or year} for {slug} er allerede laget: ingen nytt utkast.")
        return []
    with tags(slug):  # a concurrency limit on the programme's tag holds its documents to so many at once
        result = write_document(slug, kind, year, as_of, meeting_date, formats)
        publish_artifacts(slug, kind, result)
    return result["paths"]


def _name_for(kind: DocumentKind):
    def name() -> str:
        parameters = flow_run.parameters
        about = parameters.get("meeting_date") or parameters.get("year") or parameters.get("as_of")
        return run_name(f"{kind.label.capitalize()}", about, parameters.get("programme") or _only_programme())

    return name


def _only_programme() -> str | None:
    """The programme a run without one is for, when the database holds just one (for the run's name)."""
    try:
        slugs = programmes.slugs(engine())
    except Exception:  # noqa: BLE001 (a name must never fail a run; the run itself says what is wrong)
        return None
    return slugs[0] if len(slugs) == 1 else None


def _report_flow(kind: DocumentKind, name: str):
    def report(
        programme: str | Blank = None,
        year: int | Blank = None,
        as_of: date | Blank = None,
        formats: list[Format] | Blank = None,
        only_if_missing: bool = False,
    ) -> list[str]:
        return run_report(kind, programme, year, as_of, formats, only_if_missing=only_if_missing)

    report.__doc__ = f"Skriv {kind.label} (Markdown, HTML, Word og/eller PDF) fra programmets data.\n" + ARGS.format(
        defaults=", ".join(kind.default_formats)
    )
    return form(flow(name=name, flow_run_name=_name_for(kind), log_prints=True)(in_words(report)))


arsrapport = _report_flow(DocumentKind.ANNUAL_REPORT, "årsrapport")
halvarsrapport = _report_flow(DocumentKind.HALF_YEAR_REPORT, "halvårsrapport")
soknad = _report_flow(DocumentKind.APPLICATION, "søknad")
psv_grunnlag = _report_flow(DocumentKind.PSV_FACTS, "psv-grunnlag")
seminargrunnlag = _report_flow(DocumentKind.SEMINAR_BASIS, "seminargrunnlag")
handlingsplan = _report_flow(DocumentKind.ACTION_PLAN, "handlingsplan")
sluttrapport = _report_flow(DocumentKind.FINAL_REPORT, "sluttrapport")
sluttevaluering = _report_flow(DocumentKind.FINAL_EVALUATION, "sluttevaluering")


def _meeting_flow(kind: DocumentKind, name: str, doc: str):
    def meeting_document(
        meeting_date: date,
        programme: str | Blank = None,
        as_of: date | Blank = None,
        formats: list[Format] | Blank = None,
        only_if_missing: bool = False,
    ) -> list[str]:
        return run_report(
            kind, programme, None, as_of, formats, meeting_date=meeting_date, only_if_missing=only_if_missing
        )

    meeting_document.__doc__ = doc + MEETING_ARGS.format(defaults=", ".join(kind.default_formats))
    meeting_document.__name__ = name
    return form(flow(name=name, flow_run_name=_name_for(kind), log_prints=True)(in_words(meeting_document)))


styrerapport = _meeting_flow(
    DocumentKind.BOARD_REPORT, "styrerapport", "Skriv styrets rapport (styrepapirene) til styremøtet på datoen."
)
innkalling = _meeting_flow(
    DocumentKind.NOTICE,
    "innkalling",
    "Skriv innkallingen til styremøtet på datoen: tid, sted og sakslisten med forslag til vedtak.",
)
styrepapirer = _meeting_flow(
    DocumentKind.BOARD_PACK,
    "styrepapirer",
    "Skriv styrepapirene til styremøtet på datoen: innkallingen og rapporten til styret i "
    "én PDF med innholdsfortegnelse.",
)
protokoll = _meeting_flow(
    DocumentKind.MINUTES,
    "protokoll",
    "Skriv utkast til protokoll fra styremøtet på datoen, klart til å fullføres i Word.",
)

# The documents about one board meeting, which the tick writes with the meeting's date.
FOR_MEETING = {
    DocumentKind.BOARD_REPORT: styrerapport,
    DocumentKind.NOTICE: innkalling,
    DocumentKind.BOARD_PACK: styrepapirer,
    DocumentKind.MINUTES: protokoll,
}

BY_KIND = {
    DocumentKind.ANNUAL_REPORT: arsrapport,
    DocumentKind.HALF_YEAR_REPORT: halvarsrapport,
    DocumentKind.APPLICATION: soknad,
    DocumentKind.PSV_FACTS: psv_grunnlag,
    DocumentKind.SEMINAR_BASIS: seminargrunnlag,
    DocumentKind.ACTION_PLAN: handlingsplan,
    DocumentKind.FINAL_REPORT: sluttrapport,
    DocumentKind.FINAL_EVALUATION: sluttevaluering,
}

REPORT_FLOWS = {**BY_KIND, **FOR_MEETING}
"""Every document's flow by kind: their «skriv-<flow>» deployments are what the årshjul schedules runs of."""
