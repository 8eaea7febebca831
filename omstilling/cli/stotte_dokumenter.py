"""`omstilling stotte brev|erklaering|register`: the grant letter with its de minimis paragraph, the declaration form
for a company, and the programme's awards in the register's fields (`omstilling.app.stateaid_documents`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from omstilling.cli.common import ProgrammeOption, current_engine, err, escape, out, parse_date, user_errors
from omstilling.cli.stotte import stotte

OutOption = Annotated[
    Path | None, typer.Option("--out", help="Mappen det skrives til (standard: OMSTILLING_OUTPUT_DIR).")
]
DayOption = Annotated[
    date | None,
    typer.Option("--date", parser=parse_date, metavar="ÅÅÅÅ-MM-DD", help="Datoen dokumentet får (standard: i dag)."),
]


def _formats(text: str | None) -> list[str] | None:
    return None if text is None else text.split(",")


def _said(title: str, paths: tuple[Path, ...]) -> None:
    err.print(f"{escape(title)}:")
    for path in paths:
        out.print(escape(str(path)), soft_wrap=True)


@stotte.command("brev")
@user_errors
def letter(
    project: Annotated[str, typer.Argument(metavar="PROSJEKT", help="Prosjektnummeret, f.eks. 2014-05.")],
    programme: ProgrammeOption = None,
    formats: Annotated[
        str | None, typer.Option("--format", help="Kommaseparert: md, html, docx, pdf (standard: pdf,docx).")
    ] = None,
    out_dir: OutOption = None,
    day: DayOption = None,
    granted: Annotated[
        date | None,
        typer.Option(
            "--tildelt",
            parser=parse_date,
            metavar="ÅÅÅÅ-MM-DD",
            help="Tildelingsdatoen til støtten brevet gjelder, når prosjektet har flere (standard: den siste).",
        ),
    ] = None,
) -> None:
    """Skriv tilsagnsbrevet til foretaket for et prosjekt, med avsnittet om bagatellmessig støtte.

    Brevet sier at støtten er bagatellmessig støtte etter forordningen som gjaldt på tildelingsdatoen (forordning
    (EU) 2023/2831 fra 2024, før det forordning (EU) nr. 1407/2013 eller (EF) nr. 1998/2006), beløpet i kroner og i
    euro etter kursen fra tildelingsdatoen, summen foretaket har fått i forordningens periode (de tre siste årene,
    eller regnskapsåret og de to foregående) og hva som er igjen under dens tak, og at foretaket må ta vare på
    brevet i 10 år. Støtten må være registrert først (omstilling stotte tildel)."""
    from omstilling.app.stateaid_documents import write_grant_letter

    written = write_grant_letter(
        current_engine(), programme, project, formats=_formats(formats), out_dir=out_dir, today=day, granted=granted
    )
    _said(written.title, written.paths)


@stotte.command("erklaering")
@user_errors
def declaration(
    programme: ProgrammeOption = None,
    project: Annotated[
        str | None, typer.Option("--project", help="Fyll inn foretaket og prosjektet til dette prosjektet.")
    ] = None,
    org_number: Annotated[
        str | None, typer.Option("--org-number", help="Fyll inn foretaket med dette organisasjonsnummeret.")
    ] = None,
    formats: Annotated[
        str | None, typer.Option("--format", help="Kommaseparert: md, html, docx, pdf (standard: docx,pdf).")
    ] = None,
    out_dir: OutOption = None,
    day: DayOption = None,
    granted: Annotated[
        date | None,
        typer.Option(
            "--tildelt",
            parser=parse_date,
            metavar="ÅÅÅÅ-MM-DD",
            help="Med --project: tildelingsdatoen til støtten, når prosjektet har flere (standard: den siste).",
        ),
    ] = None,
) -> None:
    """Skriv egenerklæringsskjemaet om bagatellmessig støtte som foretaket fyller ut.

    Med --project eller --org-number er foretaket fylt inn; uten er skjemaet blankt."""
    from omstilling.app.stateaid_documents import write_declaration_form

    written = write_declaration_form(
        current_engine(),
        programme,
        project=project,
        org_number=org_number,
        formats=_formats(formats),
        out_dir=out_dir,
        today=day,
        granted=granted,
    )
    _said(written.title, written.paths)


@stotte.command("register")
@user_errors
def register(
    programme: ProgrammeOption = None,
    year: Annotated[
        int | None, typer.Option(min=1900, max=2100, help="Bare tildelinger dette året (standard: alle).")
    ] = None,
    formats: Annotated[
        str | None, typer.Option("--format", help="Kommaseparert: xlsx, csv (standard: xlsx,csv).")
    ] = None,
    out_dir: OutOption = None,
    day: DayOption = None,
) -> None:
    """Skriv programmets tildelinger med feltene til Registeret for offentlig støtte (Excel og CSV).

    Hver tildeling står med om den skal rapporteres (terskelen, OMSTILLING_REGISTER_THRESHOLD_EUR) og innen når
    (fristen, OMSTILLING_REGISTER_DEADLINE), eller når den ble rapportert (`omstilling stotte rapportert`)."""
    from omstilling.app.stateaid_documents import write_register
    from omstilling.core.formatting import date_long, date_short

    written, facts = write_register(
        current_engine(), programme, year=year, formats=_formats(formats), out_dir=out_dir, today=day
    )
    _said(written.title, written.paths)
    due = [r for r in facts.rows if r.report_by]
    err.print(
        f"{len(facts.rows)} tildelinger, {len(due)} skal rapporteres"
        + (
            ": "
            + ", ".join(
                f"{escape(r.project)} rapportert {date_long(r.reported_on)}"
                if r.reported_on
                else f"{escape(r.project)} innen {date_short(r.report_by)}"
                for r in due
                if r.report_by
            )
            if due
            else ""
        )
        + "."
    )
