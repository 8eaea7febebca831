"""`omstilling report`: one document of the årshjul, through the same job the report flows run."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from omstilling.cli.common import (
    AsOfOption,
    ProgrammeOption,
    app,
    current_engine,
    err,
    escape,
    out,
    parse_date,
    user_errors,
)
from omstilling.core.enums import DOCUMENT_FORMATS, DocumentKind, default_formats_in_words

REPORT_KINDS = ", ".join(k.value for k in DocumentKind)


@app.command()
@user_errors
def report(
    kind: Annotated[str, typer.Argument(help=f"Dokumenttype: {REPORT_KINDS}.", metavar="TYPE")],
    programme: ProgrammeOption = None,
    year: Annotated[
        int | None, typer.Option(min=1900, max=2100, help="Året dokumentet gjelder (standard: året for --as-of).")
    ] = None,
    as_of: AsOfOption = None,
    meeting: Annotated[
        date | None,
        typer.Option(
            parser=parse_date,
            metavar="ÅÅÅÅ-MM-DD",
            help="styrerapport, innkalling, styrepapirer, protokoll: datoen for styremøtet (standard: neste "
            "møte på eller etter --as-of; protokoll: siste møte på eller før).",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Mappen det skrives til (standard: OMSTILLING_OUTPUT_DIR).")
    ] = None,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format", help=f"Kommaseparert: {', '.join(DOCUMENT_FORMATS)} (standard: {default_formats_in_words()})."
        ),
    ] = None,
) -> None:
    """Skriv et dokument i årshjulet på norsk (Markdown, HTML, Word, PDF) og vis filene som ble skrevet."""
    from omstilling.app import drafts
    from omstilling.core.formatting import date_short
    from omstilling.core.periods import MeetingNeeded
    from omstilling.core.titles import document_title
    from omstilling.errors import OmstillingError

    try:
        chosen_kind = DocumentKind(kind)
    except ValueError:
        raise OmstillingError(f"ukjent dokumenttype «{kind}»: velg en av {REPORT_KINDS}") from None
    try:
        written = drafts.write_report(
            current_engine(),
            programme,
            chosen_kind,
            year=year,
            as_of=as_of,
            meeting_date=meeting,
            formats=None if formats is None else formats.split(","),
            out_dir=out_dir,
        )
    except MeetingNeeded as exc:  # the meetings are listed; say how to choose one here
        raise exc.with_hint("oppgi --meeting" if exc.year_given else "oppgi --meeting eller --year") from None
    period, result = written.period, written.published
    state = f"versjon {result.version}" if result.changed else f"uendret siden versjon {result.version}"
    title = document_title(chosen_kind, period.year, period.meeting_date)
    err.print(f"{escape(title)}, tall per {date_short(period.as_of)}: {state}.")
    for path in result.paths:
        out.print(escape(str(path)), soft_wrap=True)
