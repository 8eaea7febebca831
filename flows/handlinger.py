"""What the operator and the programme leader do by hand, as Prefect forms (deployments named for what they do, «marker-frist/marker-en-frist»): mark a
deadline, import or export a workbook, send a test message, refresh the status pages. Each flow calls one use case
(`omstilling.app`) and shows what it did as a Markdown artifact; an error the user caused fails the run with
a Norwegian message."""

from __future__ import annotations

from datetime import date
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
from omstilling.app import artifacts, deadlines, programmes, results, testmessage, workbooks
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
    "Rapportering til Registeret for offentlig støtte",
    OTHER_EVENT,
)
"""What the «marker frist» form offers as a list: each yearly document's deadline by the document's name
(«Årsrapport» is the programme's event whose document is the annual report, whatever its key), a board meeting,
a decision's follow-up, an award's report to the register, and any other event of the programme's wheel by its key or title (`wheel.deadlines
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
    """The form's artifact: the sentence every way in says, who marked it and the note (the programme's standard)."""
    return artifacts.marked_markdown(engine(), marked, programme_name(marked.programme))[0]


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
    project: str = "",
    granted: date | Blank = None,
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
        project: For rapportering til Registeret for offentlig støtte: støtten på dette prosjektet (f.eks. 2014-04);
            utført betyr rapportert i dag.
        granted: Bare med project, når prosjektet har flere tildelinger: tildelingsdatoen til støtten som markeres.
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
            project=project.strip() or None,
            granted=granted,
        )
    markdown, title = artifacts.marked_markdown(engine(), marked, programme_name(marked.programme))
    create_markdown_artifact(
        markdown=markdown, key=artifact_key("frist", marked.programme, marked.event_key, year), description=title
    )
    return marked.sentence


def invalid_markdown(path: str, exc, programme: str | None = None) -> results.Done:
    """A workbook with problems: every one, as a table (nothing was written), as the import told them."""
    return artifacts.refused_markdown(engine(), path, exc, programme)


def import_markdown(report, confirm: bool) -> results.Done:
    """What an import changed (or, as a dry run, would change), sheet by sheet and row by row."""
    return artifacts.import_markdown(report, confirm)


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
        return show(invalid_markdown(path, exc, programme), "import", programme or "arbeidsbok")
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
    done = artifacts.exported_markdown(engine(), exported, with_contacts)
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
        description=artifacts.status_title(engine(), programme, programme_name(programme), as_of),
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
