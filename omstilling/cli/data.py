"""The data commands: init, demo, export and import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from omstilling.cli.common import ProgrammeOption, app, current_engine, err, escape, out, user_errors


@app.command()
@user_errors
def init() -> None:
    """Opprett databasen, eller oppgrader den til denne versjonens skjema (trygt å kjøre flere ganger)."""
    from omstilling.store import db

    engine = db.get_engine()
    before = db.current_revision(engine)
    db.migrate(engine)
    after = db.current_revision(engine)
    url = escape(engine.url.render_as_string(hide_password=True))
    if before is None:
        err.print(f"Opprettet databasen {url} (skjema {after}).")
    elif before != after:
        err.print(f"Oppgraderte databasen {url} fra skjema {before} til {after}.")
    else:
        err.print(f"Databasen {url} er oppdatert (skjema {after}).")


@app.command()
@user_errors
def demo(
    reset: Annotated[bool, typer.Option("--reset", help="Erstatt demoprogrammet hvis det alt er lastet inn.")] = False,
) -> None:
    """Last inn eksempelprogrammet Omstillingsprogrammet i Vestre Toten (kortnavn vestre-toten) som demodata."""
    from omstilling.intake import writes
    from omstilling.intake.demo import load_demo
    from omstilling.store import db

    engine = db.get_engine()
    db.migrate(engine)
    with db.session_scope(engine) as session:
        outcome = load_demo(session, reset=reset)
        counts = writes.count_rows(session, outcome.programme)
        name, slug = outcome.programme.name, outcome.programme.slug
    if not outcome.created:
        err.print(f"{escape(name)} ({slug}) er alt lastet inn; ingenting ble endret. Bruk --reset for å erstatte det.")
        return
    verb = "Erstattet" if outcome.replaced else "Lastet inn"
    err.print(
        f"{verb} {escape(name)} ({slug}): {counts['project']} prosjekter, {counts['boardmeeting']} styremøter, "
        f"{counts['goal']} mål, {counts['strategy']} tiltak, {counts['budgetline']} budsjettlinjer."
    )


WorkbookArgument = Annotated[
    Path,
    typer.Argument(metavar="FIL.xlsx", help="Arbeidsboken; eller, med --csv, en mappe med én .csv-fil per ark."),
]


@app.command("export")
@user_errors
def export_workbook(
    file: WorkbookArgument,
    programme: ProgrammeOption = None,
    with_contacts: Annotated[
        bool, typer.Option("--with-contacts", help="Ta med e-post og telefon (personopplysninger: ikke del filen).")
    ] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Skriv én CSV-fil per ark i mappen FIL.")] = False,
    template: Annotated[bool, typer.Option("--template", help="Skriv en tom arbeidsbok for et nytt program.")] = False,
    wheel: Annotated[
        str | None,
        typer.Option(
            "--wheel",
            help="Med --template: årshjulet et nytt program starter fra, innovasjon-norge (Innovasjon Norges "
            "årshjul) eller vestre-toten (demoens).",
        ),
    ] = None,
) -> None:
    """Skriv programmets data til en Excel-arbeidsbok: ett ark per slags data, nedtrekkslister og veiledning."""
    from omstilling.app.workbooks import export_workbook as run_export

    exported = run_export(
        current_engine(), programme, file, with_contacts=with_contacts, as_csv=as_csv, template=template, wheel=wheel
    )
    counts = exported.counts
    what = exported.programme or "en tom arbeidsbok"
    rows = ", ".join(f"{name} {count}" for name, count in counts.items() if count) or "ingen rader"
    err.print(f"Skrev {what} til {escape(str(file))} ({escape(rows)}).")


@app.command("import")
@user_errors
def import_workbook(
    file: WorkbookArgument,
    programme: ProgrammeOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Kontroller alt og vis hva som ville blitt endret; skriv ingenting.")
    ] = False,
) -> None:
    """Les programdata fra en Excel-arbeidsbok (eller CSV-filer): hver rad kontrolleres, alt eller ingenting skrives."""
    from omstilling.app.workbooks import import_workbook as run_import
    from omstilling.intake.workbook import WorkbookInvalid

    try:
        report = run_import(current_engine(), file, programme=programme, confirm=not dry_run)
    except WorkbookInvalid as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        raise
    print_import(report)


def print_import(report, limit: int = 100) -> None:
    """Per sheet: new, changed (and which columns), unchanged; then each new or changed row."""
    from rich.table import Table

    verb = "Prøvekjøring, ingenting er skrevet" if report.dry_run else "Importert"
    created = " (et nytt program)" if report.created else ""
    out.print(f"[bold]{verb}:[/] {escape(str(report.path))} → {escape(report.programme)}{created}")
    table = Table(title_justify="left")
    table.add_column("Ark", no_wrap=True)
    for column in ("Nye", "Endret", "Uendret"):
        table.add_column(column, justify="right")
    table.add_column("Endrede kolonner (rader)")
    for sheet in report.sheets:
        fields = ", ".join(f"{header} ({n})" for header, n in sheet.changed_fields.items())
        table.add_row(sheet.sheet, str(len(sheet.new)), str(len(sheet.changed)), str(sheet.unchanged), escape(fields))
    out.print(table)
    changes = [c for sheet in report.sheets for c in (*sheet.new, *sheet.changed)]
    if changes:
        details = Table("Ark", "Rad", "Nøkkel", "Endring", title="Endringer", title_justify="left")
        for change in changes[:limit]:
            what = "ny" if change.is_new else "; ".join(f"{h}: {old} → {new}" for h, old, new in change.fields)
            details.add_row(change.sheet, str(change.row), escape(change.label), escape(what))
        out.print(details)
        if len(changes) > limit:
            out.print(f"… og {len(changes) - limit} til.")
    for warning in report.warnings:  # (a grant near the de minimis ceiling: recorded, and said)
        out.print(warning, markup=False, soft_wrap=True)
    if report.ignored:
        out.print(f"Ark som ikke ble lest (ikke omstillings egne): {escape(', '.join(report.ignored))}.")
    if not changes:
        out.print("Ingen endringer: databasen har allerede det filen sier.")
