"""What the operator and the programme leader do by hand, as Prefect forms (deployments «skjema»): mark a
deadline, import or export a workbook, send a test message, refresh the status pages. Each flow calls one use case
(`omstilling.app`) and shows what it did as a Markdown artifact; an error the user caused fails the run with
a Norwegian message."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

from flows.felles import artifact_key, choosing_in_the_form, engine, run_name
from omstilling import clock
from omstilling.app import deadlines, programmes, results, testmessage, workbooks
from omstilling.core.enums import DeadlineStatus, Role
from omstilling.errors import OmstillingError

Status = Literal["utført", "hoppet over", "åpen"]
RoleName = Literal[tuple(role.value for role in Role)]  # type: ignore[valid-type] (a drop-down in the form)


def named(title: str, *parameters: str):
    """A run name from the parameters given ("Statusside · vestre-toten"), leaving out those left empty."""
    return lambda: run_name(title, *(flow_run.parameters.get(p) for p in parameters))


def show(done: results.Done, *key: object) -> str:
    """Publish what the action did; fail the run (with its words) when it did not go through."""
    create_markdown_artifact(markdown=done.markdown, key=artifact_key(*key), description=done.title)
    if not done.ok:
        raise OmstillingError(done.title)
    return done.title


def marked_markdown(marked: deadlines.Marked) -> str:
    """The form's artifact: the sentence every way in says, who marked it and the note."""
    lines = [f"# {marked.sentence}", "", f"Program: {marked.programme}. Markert av {marked.by}."]
    if marked.note:
        lines += ["", f"Merknad: {marked.note}"]
    return "\n".join(lines) + "\n"


@flow(name="marker-frist", flow_run_name=named("Marker frist", "event", "year", "programme"), log_prints=True)
def marker_frist(
    programme: str,
    event: str,
    year: int,
    status: Status = "utført",
    by: str = "",
    note: str | None = None,
    due: date | None = None,
    case: str | None = None,
) -> str:
    """Marker en frist i årshjulet som utført, hoppet over eller åpen igjen; påminnelsene stopper (eller går igjen).

    Args:
        programme: Programmets kortnavn, f.eks. vestre-toten.
        event: Hendelsens nøkkel i årshjulet, f.eks. arsrapport eller soknad-fylket.
        year: Året fristen gjelder.
        status: Ny status for fristen.
        by: Hvem som markerer (navnet lagres med fristen).
        note: En merknad som lagres med fristen (høyst 2 000 tegn).
        due: Fristen med denne datoen, når hendelsen har flere i året (f.eks. styremøter). Tomt: årets første.
        case: For vedtaksoppfølging: oppfølgingen av denne styresaken (NN/ÅÅ).
    """
    with choosing_in_the_form():
        marked = deadlines.mark_deadline(
            engine(), programme, event, year, DeadlineStatus.parse(status), by=by, note=note, due=due, case=case
        )
    create_markdown_artifact(
        markdown=marked_markdown(marked), key=artifact_key("frist", programme, event, year), description=marked.sentence
    )
    return marked.sentence


def invalid_markdown(path: str, exc) -> results.Done:
    """A workbook with problems: every one, as a table (nothing was written)."""
    name = Path(path.strip()).name
    lines = [f"# {name}: {exc.total} feil, ingenting er importert", "", "| Feil |", "|:--|"] + [
        f"| {results.cell(problem)} |" for problem in exc.problems
    ]
    if exc.more:
        lines.append(f"\n… og {exc.more} feil til, som ikke er vist: bare de første {len(exc.problems)} vises.")
    return results.Done(str(exc), "\n".join(lines) + "\n", ok=False)


def import_markdown(report, confirm: bool) -> results.Done:
    """What an import changed (or, as a dry run, would change), sheet by sheet and row by row."""
    cell = results.cell
    verb = "Importert" if confirm else "Prøvekjøring, ingenting er skrevet"
    created = " (et nytt program)" if report.created else ""
    lines = [
        f"# {verb}: {report.path.name} → {report.programme}{created}",
        "",
        "| Ark | Nye | Endret | Uendret | Endrede kolonner (rader) |",
        "|:--|--:|--:|--:|:--|",
    ]
    for sheet in report.sheets:
        fields = ", ".join(f"{header} ({n})" for header, n in sheet.changed_fields.items())
        lines.append(
            f"| {sheet.sheet} | {len(sheet.new)} | {len(sheet.changed)} | {sheet.unchanged} | {cell(fields)} |"
        )
    changes = [c for sheet in report.sheets for c in (*sheet.new, *sheet.changed)]
    if changes:
        lines += ["", "## Endringer", "", "| Ark | Rad | Nøkkel | Endring |", "|:--|--:|:--|:--|"]
        for change in changes[:200]:
            what = "ny" if change.is_new else "; ".join(f"{h}: {old} → {new}" for h, old, new in change.fields)
            lines.append(f"| {change.sheet} | {change.row} | {cell(change.label)} | {cell(what)} |")
        if len(changes) > 200:
            lines.append(f"\n… og {len(changes) - 200} til.")
    else:
        lines += ["", "Ingen endringer: databasen har allerede det filen sier."]
    if not confirm and changes:
        lines += ["", "Kjør skjemaet igjen med «confirm» krysset av for å skrive endringene."]
    if report.ignored:
        lines += ["", f"Ark som ikke ble lest (ikke omstillings egne): {', '.join(report.ignored)}."]
    title = f"{verb}: {report.changes} endringer" if changes else "Ingen endringer"
    return results.Done(title, "\n".join(lines) + "\n")


@flow(name="importer-arbeidsbok", flow_run_name=named("Importer arbeidsbok", "programme", "path"), log_prints=True)
def importer_arbeidsbok(path: str, programme: str | None = None, confirm: bool = False) -> str:
    """Les programdata fra en Excel-arbeidsbok på serveren. Først en prøvekjøring: endringene vises som en tabell
    og ingenting skrives. Se over tabellen, og kjør igjen med «confirm» for å skrive dem (alt eller ingenting).

    Args:
        path: Stien til arbeidsboka (.xlsx) der arbeideren kjører, f.eks. /srv/omstilling/inn/vestre-toten.xlsx.
        programme: Programmets kortnavn; tomt: programmet arbeidsboka selv oppgir.
        confirm: Skriv endringene. Uten dette er det en prøvekjøring som bare viser dem.
    """
    from omstilling.intake.workbook import WorkbookInvalid

    try:
        with choosing_in_the_form():
            report = workbooks.import_workbook(engine(), path, programme=programme, confirm=confirm)
    except WorkbookInvalid as exc:
        return show(invalid_markdown(path, exc), "import", programme or "arbeidsbok")
    return show(import_markdown(report, confirm), "import", programme or "arbeidsbok")


@flow(name="eksporter-arbeidsbok", flow_run_name=named("Eksporter arbeidsbok", "programme"), log_prints=True)
def eksporter_arbeidsbok(programme: str | None = None, path: str | None = None, with_contacts: bool = False) -> str:
    """Skriv programmets data til en Excel-arbeidsbok på serveren: ett ark per slags data, nedtrekkslister og
    veiledning.

    Args:
        programme: Programmets kortnavn. Tomt: det eneste programmet i databasen.
        path: Hvor arbeidsboka skrives (.xlsx). Tomt: utmappen, <program>/arbeidsbok-<program>.xlsx.
        with_contacts: Ta med e-post og telefon (personopplysninger: ikke del filen).
    """
    with choosing_in_the_form():
        exported = workbooks.export_workbook(engine(), programme, path, with_contacts=with_contacts)
    lines = [
        f"# Arbeidsbok for {exported.programme}",
        "",
        f"Skrevet til `{exported.path.resolve()}`"
        + (" (med e-post og telefon: personopplysninger, ikke del filen)." if with_contacts else "."),
        "",
        "| Ark | Rader |",
        "|:--|--:|",
    ] + [f"| {name} | {count} |" for name, count in exported.counts.items()]
    done = results.Done(f"Arbeidsbok for {exported.programme}: {exported.path}", "\n".join(lines) + "\n")
    return show(done, "eksport", programme or "arbeidsbok")


@flow(name="send-testmelding", flow_run_name=named("Testmelding", "role", "programme"), log_prints=True)
def send_testmelding(programme: str, role: RoleName = "programleder") -> str:
    """Send en kort testmelding på e-post til alle som har en rolle i programmet, gjennom det samme oppsettet som
    påminnelsene bruker. Viser hvem som fikk den, og hva e-postserveren svarte.

    Args:
        programme: Programmets kortnavn, f.eks. vestre-toten.
        role: Rollen som skal få testmeldingen.
    """
    return show(testmessage.send_test_message(engine(), programme, role), "testmelding", programme)


@task(name="oppdater statusside", task_run_name="oppdater statusside · {programme} {as_of}")
def publish_status_page(programme: str, as_of: date) -> str:
    """The programme's status page as its keyed artifact (`status-<programme>`: versions stack)."""
    markdown = programmes.status_of(engine(), programme, as_of)
    create_markdown_artifact(
        markdown=markdown,
        key=artifact_key("status", programme),
        description=f"Status for {programme} {as_of.isoformat()}",
    )
    return programme


@flow(name="statusside", flow_run_name=named("Statusside", "programme", "as_of"), log_prints=True)
def statusside(programme: str | None = None, as_of: date | None = None) -> list[str]:
    """Oppdater statussiden (artefakten «status-<program>»): neste frister og hva som mangler, frister som er
    passert, styremøtekravet og åpne avvik. Den daglige kjøringen oppdaterer den også.

    Args:
        programme: Programmets kortnavn. Tomt: alle programmene.
        as_of: Dagen siden gjelder. Tomt: i dag.
    """
    return [publish_status_page(slug, as_of or clock.today()) for slug in programmes.slugs(engine(), programme)]
