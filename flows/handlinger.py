"""What the operator and the programme leader do by hand, as Prefect forms (deployments named for what they do, «marker-frist/marker-en-frist»): mark a
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

from flows.felles import (
    Blank,
    artifact_key,
    choosing_in_the_form,
    engine,
    form,
    in_words,
    programme_name,
    run_name,
)
from omstilling import clock
from omstilling.app import deadlines, programmes, results, testmessage, workbooks
from omstilling.core.enums import DeadlineStatus, DocumentKind, Role
from omstilling.errors import OmstillingError

Status = Literal["utført", "hoppet over", "åpen"]
# (each a drop-down in the form)
RoleName = Literal[tuple(role.value for role in Role)]  # type: ignore[valid-type]

OTHER_EVENT = "Annen hendelse: skriv den i «other_event»"
EVENT_CHOICES = (
    *(kind.label[0].upper() + kind.label[1:] for kind in DocumentKind if not kind.for_meeting),
    "Styremøte",
    "Oppfølging av vedtak",
    OTHER_EVENT,
)
"""What the «marker frist» form offers as a list: each yearly document's deadline by the document's name
(«Årsrapport» is the programme's event whose document is the annual report, whatever its key), a board meeting,
a decision's follow-up, and any other event of the programme's wheel by its key or title (`wheel.deadlines
.find_event` finds them all, case and accents aside)."""
EventChoice = Literal[EVENT_CHOICES]  # type: ignore[valid-type]


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
    lines = [f"# {marked.sentence}", "", f"{programme_name(marked.programme)}. Markert av {marked.by}."]
    if marked.note:
        lines += ["", f"Merknad: {marked.note}"]
    return "\n".join(lines) + "\n"


def _marking_name() -> str:
    """ "Marker frist · Årsrapport · 2014 · vestre-toten" (the event typed in «other_event» when one was)."""
    parameters = flow_run.parameters
    event = (parameters.get("other_event") or "").strip() or parameters.get("event")
    return run_name("Marker frist", event, parameters.get("year"), parameters.get("programme"))


@form
@flow(name="marker-frist", flow_run_name=_marking_name, log_prints=True, validate_parameters=False)
@in_words
def marker_frist(
    programme: str,
    event: EventChoice,  # type: ignore[valid-type]
    year: int,
    status: Status = "utført",
    by: str = "",
    other_event: str = "",
    note: str = "",
    due: date | Blank = None,
    case: str = "",
) -> str:
    """Marker en frist i årshjulet som utført, hoppet over eller åpen igjen; påminnelsene stopper (eller går igjen).

    Args:
        programme: Programmet: kortnavnet (vestre-toten) eller navnet (Vestre Toten), store eller små bokstaver.
        event: Fristen som markeres. Står den ikke i lista, velg «Annen hendelse» og skriv den i other_event.
        year: Året fristen er i, ikke året rapporten gjelder: årsrapporten for 2013 har frist i januar 2014, så
            for den skriver du 2014.
        status: Ny status for fristen.
        by: Hvem som markerer (navnet lagres med fristen).
        other_event: Bare for «Annen hendelse»: hendelsens nøkkel eller tittel i programmets årshjul, f.eks.
            kontaktmote-fylket.
        note: En merknad som lagres med fristen (høyst 2 000 tegn).
        due: Fristen med denne datoen, når hendelsen har flere i året (f.eks. styremøter). Tomt: årets første.
        case: For oppfølging av vedtak: oppfølgingen av denne styresaken (NN/ÅÅ).
    """
    what = other_event.strip() or (event if event != OTHER_EVENT else "")
    if not what:
        raise OmstillingError(
            "velg fristen i lista «event», eller velg «Annen hendelse» og skriv hendelsens nøkkel eller tittel i "
            "«other_event»; ingenting ble endret"
        )
    with choosing_in_the_form():
        marked = deadlines.mark_deadline(
            engine(),
            programme,
            what,
            year,
            DeadlineStatus.parse(status),
            by=by,
            note=note or None,
            due=due,
            case=case.strip() or None,
        )
    create_markdown_artifact(
        markdown=marked_markdown(marked),
        key=artifact_key("frist", marked.programme, marked.event_key, year),
        description=f"{marked.sentence} ({programme_name(marked.programme)})",
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


@form
@flow(
    name="importer-arbeidsbok",
    flow_run_name=named("Importer arbeidsbok", "programme", "path"),
    log_prints=True,
    validate_parameters=False,
)
@in_words
def importer_arbeidsbok(path: str, programme: str | Blank = None, confirm: bool = False) -> str:
    """Les programdata fra en Excel-arbeidsbok på serveren. Først en prøvekjøring: endringene vises som en tabell
    og ingenting skrives. Se over tabellen, og kjør igjen med «confirm» for å skrive dem (alt eller ingenting).

    Args:
        path: Stien til arbeidsboka (.xlsx) der arbeideren kjører, f.eks. /srv/omstilling/inn/vestre-toten.xlsx.
        programme: Programmet (kortnavnet eller navnet); tomt: programmet arbeidsboka selv oppgir.
        confirm: Skriv endringene. Uten dette er det en prøvekjøring som bare viser dem.
    """
    from omstilling.intake.workbook import WorkbookInvalid

    try:
        with choosing_in_the_form():
            report = workbooks.import_workbook(engine(), path, programme=programme, confirm=confirm)
    except WorkbookInvalid as exc:
        return show(invalid_markdown(path, exc), "import", programme or "arbeidsbok")
    return show(import_markdown(report, confirm), "import", programme or "arbeidsbok")


@form
@flow(
    name="eksporter-arbeidsbok",
    flow_run_name=named("Eksporter arbeidsbok", "programme"),
    log_prints=True,
    validate_parameters=False,
)
@in_words
def eksporter_arbeidsbok(programme: str | Blank = None, path: str | Blank = None, with_contacts: bool = False) -> str:
    """Skriv programmets data til en Excel-arbeidsbok på serveren: ett ark per slags data, nedtrekkslister og
    veiledning.

    Args:
        programme: Programmet (kortnavnet eller navnet). Tomt: det eneste programmet i databasen.
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


@form
@flow(
    name="send-testmelding",
    flow_run_name=named("Testmelding", "role", "programme"),
    log_prints=True,
    validate_parameters=False,
)
@in_words
def send_testmelding(programme: str, role: RoleName = "programleder") -> str:  # type: ignore[valid-type]
    """Send en kort testmelding på e-post til alle som har en rolle i programmet, gjennom det samme oppsettet som
    påminnelsene bruker. Viser hvem som fikk den, og hva e-postserveren svarte.

    Args:
        programme: Programmet: kortnavnet (vestre-toten) eller navnet (Vestre Toten).
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
        description=f"Status for {programme_name(programme)} {as_of.strftime('%d.%m.%Y')}",
    )
    return programme


@form
@flow(
    name="statusside",
    flow_run_name=named("Statusside", "programme", "as_of"),
    log_prints=True,
    validate_parameters=False,
)
@in_words
def statusside(programme: str | Blank = None, as_of: date | Blank = None) -> list[str]:
    """Oppdater statussiden (artefakten «status-<program>»): neste frister og hva som mangler, frister som er
    passert, styremøtekravet og åpne avvik. Den daglige kjøringen oppdaterer den også.

    Args:
        programme: Programmet (kortnavnet eller navnet). Tomt: alle programmene.
        as_of: Dagen siden gjelder. Tomt: i dag.
    """
    return [publish_status_page(slug, as_of or clock.today()) for slug in programmes.slugs(engine(), programme)]
