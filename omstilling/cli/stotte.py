"""`omstilling stotte vis|tildel|rapportert`: a company's de minimis aid across the installation, an award recorded
on a project's grant, and an award marked reported to the register (its deadline on the wheel done); `omstilling
data kurser`: the European Central Bank's reference rates read in (the operator's)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from omstilling.cli.common import (
    ProgrammeOption,
    app,
    current_engine,
    err,
    escape,
    os_user,
    out,
    parse_date,
    print_json,
    today,
    user_errors,
)

stotte = typer.Typer(
    help="Bagatellmessig støtte: hva et foretak har fått de siste tre årene, og støtte registrert på et tilsagn.",
    no_args_is_help=True,
    options_metavar="[VALG]",
    subcommand_metavar="KOMMANDO [ARGUMENTER]...",
)
app.add_typer(stotte, name="stotte")
data = typer.Typer(
    help="Data for hele installasjonen: Den europeiske sentralbankens eurokurser.",
    no_args_is_help=True,
    options_metavar="[VALG]",
    subcommand_metavar="KOMMANDO [ARGUMENTER]...",
)
app.add_typer(data, name="data")

OrgNumber = Annotated[str, typer.Argument(metavar="ORGNR", help="Organisasjonsnummeret, 9 siffer.")]


@data.command("kurser")
@user_errors
def rates(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FIL",
            help="ECBs referansekurser: eurofxref-hist.csv (hele historikken), eurofxref.csv (siste dag) "
            "eller zip-fila de kommer i.",
        ),
    ],
    replace: Annotated[
        bool,
        typer.Option(
            "--erstatt",
            help="Erstatt en lagret kurs som avviker fra fila (rett en feil kurs); tildelinger som alt er registrert, "
            "beholder kursen de ble regnet om med.",
        ),
    ] = False,
) -> None:
    """Les inn Den europeiske sentralbankens referansekurser for NOK.

    Ingen nettverk: last ned fila selv. Sier hvor mange kurser som ble lest, første og siste dag, og hver linje som
    ikke kan leses (da skrives ingenting): en dag som ikke er en dato, en helgedag, en dag som ikke er kommet, en kurs
    utenfor 4–20 kroner per euro. Samme fil to ganger endrer ingenting; en kurs som avviker fra den lagrede for samme
    dag, meldes og skrives ikke over, uten med --erstatt."""
    from omstilling.app.stateaid import RateFileRefused, import_rates

    try:
        result = import_rates(current_engine(), file, replace=replace)
    except RateFileRefused as exc:
        for problem in exc.problems:
            err.print(f"{escape(exc.path.name)}: {escape(problem)}", markup=False)
        raise
    for line in result.lines():
        err.print(line, markup=False)
    if result.conflicts and not replace:
        err.print(
            "Er kursen i fila den riktige, les fila inn igjen med --erstatt (tildelinger som alt er registrert, "
            "beholder kursen de ble regnet om med).",
            markup=False,
        )


@stotte.command("vis")
@user_errors
def show(
    org_number: OrgNumber,
    as_of: Annotated[
        date | None,
        typer.Option(
            "--as-of", parser=parse_date, metavar="ÅÅÅÅ-MM-DD", help="Dagen treårsperioden slutter (standard: i dag)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv JSON.")] = False,
) -> None:
    """Bagatellmessig støtte til foretaket ORGNR de siste tre årene, fra alle programmene.

    Tar med foretak som regnes som ett med det. Viser hver tildeling fra alle programmene og hver erklært støtte fra
    andre i perioden til forordningen som gjaldt på dagen, summen i euro og hva som er igjen under taket: de tre
    årene som slutter på dagen (forordning (EU) 2023/2831, 300 000 euro), eller før 2024 regnskapsåret og de to
    foregående (forordning (EU) nr. 1407/2013 og (EF) nr. 1998/2006, 200 000 euro)."""
    from omstilling.app.stateaid import company_aid
    from omstilling.core.formatting import date_short, number
    from omstilling.core.stateaid import org_number_text

    found = company_aid(current_engine(), org_number, as_of=as_of or today())
    if as_json:
        print_json(
            {
                "orgnr": found.org_number,
                "foretak": list(found.members),
                "navn": list(found.names),
                "fra": found.start.isoformat(),
                "til": found.end.isoformat(),
                "sum_eur": str(found.total),
                "tak_eur": str(found.ceiling),
                "igjen_eur": str(found.left),
                "forordning": found.regulation.name,
                "rader": [
                    {
                        "orgnr": r.org_number,
                        "dato": r.granted.isoformat(),
                        "eur": str(r.eur),
                        "gitt_av": r.grantor,
                        "type": r.source.value,
                        "referanse": r.reference,
                        "forordning": r.regulation or None,
                    }
                    for r in found.rows
                ],
            }
        )
        return
    from rich.table import Table

    table = Table("Dato", "Org.nr.", "Gitt av", "Prosjekt/ordning", "Type", "Euro", title_justify="left")
    table.columns[-1].justify = "right"
    for row in found.rows:
        table.add_row(
            date_short(row.granted),
            org_number_text(row.org_number),
            escape(row.grantor),
            escape(row.reference),
            row.kind,
            number(float(row.eur), 2),
        )
    if found.names:
        out.print(f"Foretak: {escape(', '.join(found.names))}", soft_wrap=True)
    if found.rows:
        out.print(table)
    else:
        out.print("Ingen bagatellmessig støtte i perioden.")
    for line in found.lines():
        out.print(line, markup=False, soft_wrap=True)


@stotte.command("tildel")
@user_errors
def grant(
    project: Annotated[str, typer.Argument(metavar="PROSJEKT", help="Prosjektnummeret, f.eks. 2014-05.")],
    programme: ProgrammeOption = None,
    granted_on: Annotated[
        date | None,
        typer.Option(
            "--date",
            parser=parse_date,
            metavar="ÅÅÅÅ-MM-DD",
            help="Tildelingsdatoen (standard: prosjektets vedtaksdato).",
        ),
    ] = None,
    org_number: Annotated[
        str | None, typer.Option("--org-number", help="Mottakerens organisasjonsnummer (standard: prosjektets).")
    ] = None,
    amount: Annotated[
        int | None, typer.Option("--amount", min=0, help="Beløpet i hele kroner (standard: tilsagnet).")
    ] = None,
    gross: Annotated[
        int | None,
        typer.Option("--gross", min=0, help="Bruttotilskuddsekvivalenten i kroner (for lån og garantier)."),
    ] = None,
    instrument: Annotated[str, typer.Option(help="tilskudd (standard), lån eller garanti.")] = "tilskudd",
    purpose: Annotated[str, typer.Option(help="Formålet med støtten.")] = "",
    size: Annotated[str | None, typer.Option(help="Mottakerens størrelse: liten, mellomstor eller stor.")] = None,
    industry: Annotated[str | None, typer.Option(help="Næringskode (NACE/SN2007), f.eks. 16.230.")] = None,
    region: Annotated[str | None, typer.Option(help="Regionen mottakeren holder til i.")] = None,
    rate: Annotated[
        str | None,
        typer.Option(help="Kursen (NOK per euro) for denne tildelingen, når installasjonen ikke har dagens kurs."),
    ] = None,
    by: Annotated[str | None, typer.Option(help="Hvem som registrerer (standard: brukeren).")] = None,
) -> None:
    """Registrer bagatellmessig støtte på et prosjekts tilsagn.

    Taket sjekkes mot alle programmenes tildelinger og erklært støtte til foretaket de tre siste årene; går summen
    over taket, nektes det og ingenting skrives."""
    from omstilling.app.stateaid import record_award

    recorded = record_award(
        current_engine(),
        programme,
        project,
        by=by or f"cli:{os_user()}",
        org_number=org_number,
        granted_on=granted_on,
        amount_nok=amount,
        gross_nok=gross,
        instrument=instrument,
        purpose=purpose,
        recipient_size=size,
        industry=industry,
        region=region,
        rate=rate,
    )
    err.print(recorded.sentence, markup=False)
    if recorded.warning:
        err.print(recorded.warning, markup=False)


@stotte.command("rapportert")
@user_errors
def reported(
    project: Annotated[str, typer.Argument(metavar="PROSJEKT", help="Prosjektnummeret, f.eks. 2014-05.")],
    programme: ProgrammeOption = None,
    day: Annotated[
        date | None,
        typer.Option(
            "--dato",
            parser=parse_date,
            metavar="ÅÅÅÅ-MM-DD",
            help="Dagen støtten ble rapportert (standard: i dag).",
        ),
    ] = None,
    reopen: Annotated[
        bool, typer.Option("--reopen", help="Den er likevel ikke rapportert: åpne fristen igjen.")
    ] = False,
    granted: Annotated[
        date | None,
        typer.Option(
            "--tildelt",
            parser=parse_date,
            metavar="ÅÅÅÅ-MM-DD",
            help="Tildelingsdatoen til støtten, når prosjektet har flere tildelinger.",
        ),
    ] = None,
    by: Annotated[str | None, typer.Option(help="Hvem som markerer (standard: brukeren).")] = None,
) -> None:
    """Marker støtten på et prosjekt som rapportert til Registeret for offentlig støtte.

    Fristen i årshjulet (registerrapport) blir utført, og påminnelsene stopper; det samme som `omstilling done
    registerrapport --year ÅR --prosjekt PROSJEKT`. Med --reopen er den ikke rapportert likevel. Har prosjektet flere
    tildelinger, sier --tildelt hvilken."""
    from omstilling.app.deadlines import mark_reported

    if reopen and day is not None:
        raise typer.BadParameter("velg enten --dato eller --reopen")
    done = mark_reported(
        current_engine(),
        programme,
        project,
        by=by or f"cli:{os_user()}",
        on=day,
        undo=reopen,
        today=today(),
        granted=granted,
    )
    err.print(done.sentence, markup=False)
