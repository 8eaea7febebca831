"""What the operator and the programme leader do by hand, as jobs the Prefect forms run (flows/handlinger.py):
each takes plain arguments, opens its own session, and returns what it did as Markdown a person reads (the run's
artifact). An error a user can cause raises an `OmstillingError` with a Norwegian message."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from pathlib import Path

from sqlalchemy.engine import Engine

from omstilling import clock, db, services
from omstilling.config import get_settings
from omstilling.core.enums import DeadlineStatus, Role
from omstilling.core.formatting import date_short
from omstilling.core.statuspage import status_page
from omstilling.deadlines import close
from omstilling.errors import NotFound, OmstillingError
from omstilling.load import load_recipients, load_snapshot
from omstilling.notify import configured_notifier


@dataclass(frozen=True)
class Done:
    """What an action did: a title, the Markdown for the run's artifact, and whether it went through."""

    title: str
    markdown: str
    ok: bool = True


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def mark_deadline(engine: Engine, slug: str, event: str, year: int, status: DeadlineStatus, *, by: str,
                  note: str | None = None, today: date | None = None, now: datetime | None = None) -> Done:
    """Mark the year's deadline of an event done or skipped, or open it again (as `omstilling done`)."""
    today, now = today or clock.today(), now or clock.now()
    if not by.strip():
        raise OmstillingError("oppgi hvem som markerer fristen (feltet «by»)")
    with db.session_scope(engine) as session:
        programme = services.get_programme(session, slug)
        deadline = close(session, programme, event, year, status=status, by=by.strip(), at=now, note=note,
                         as_of=today)
        due = deadline.due_date
    title = f"«{event}» {year} (frist {date_short(due)}) er nå {status.label}"
    lines = [f"# {title}", "", f"Program: {slug}. Markert av {by.strip()} {date_short(today)}."]
    if note:
        lines += ["", f"Merknad: {note}"]
    if status is DeadlineStatus.OPEN:
        lines += ["", "Påminnelsene for fristen går igjen fra neste daglige kjøring."]
    else:
        lines += ["", "Påminnelsene for fristen stopper."]
    return Done(title, "\n".join(lines) + "\n")


def _server_file(path: str, *, must_exist: bool) -> Path:
    if not path or not path.strip():
        raise OmstillingError("oppgi stien til arbeidsboka på serveren")
    found = Path(path.strip()).expanduser()
    if must_exist and not found.is_file():
        raise NotFound(f"fant ikke filen «{found}» på serveren (stien må være der arbeideren kjører)")
    return found


def import_workbook(engine: Engine, path: str, *, programme: str | None = None, confirm: bool = False) -> Done:
    """Check a workbook the server can read and show what it would change; with `confirm`, write it (all or
    nothing). A workbook with problems lists every one and writes nothing."""
    from omstilling.workbook import WorkbookInvalid
    from omstilling.workbook import import_workbook as run_import

    found = _server_file(path, must_exist=True)
    try:
        with db.session_scope(engine) as session:
            report = run_import(session, found, programme=programme, dry_run=not confirm)
    except WorkbookInvalid as exc:
        lines = [f"# {found.name}: {len(exc.problems)} feil, ingenting er importert", "",
                 "| Feil |", "|:--|"] + [f"| {_cell(problem)} |" for problem in exc.problems]
        return Done(str(exc), "\n".join(lines) + "\n", ok=False)
    verb = "Importert" if confirm else "Prøvekjøring, ingenting er skrevet"
    created = " (et nytt program)" if report.created else ""
    lines = [f"# {verb}: {found.name} → {report.programme}{created}", "",
             "| Ark | Nye | Endret | Uendret | Endrede kolonner (rader) |", "|:--|--:|--:|--:|:--|"]
    for sheet in report.sheets:
        fields = ", ".join(f"{header} ({n})" for header, n in sheet.changed_fields.items())
        lines.append(f"| {sheet.sheet} | {len(sheet.new)} | {len(sheet.changed)} | {sheet.unchanged} | "
                     f"{_cell(fields)} |")
    changes = [c for sheet in report.sheets for c in (*sheet.new, *sheet.changed)]
    if changes:
        lines += ["", "## Endringer", "", "| Ark | Rad | Nøkkel | Endring |", "|:--|--:|:--|:--|"]
        for change in changes[:200]:
            what = "ny" if change.is_new else "; ".join(f"{h}: {old} → {new}" for h, old, new in change.fields)
            lines.append(f"| {change.sheet} | {change.row} | {_cell(change.label)} | {_cell(what)} |")
        if len(changes) > 200:
            lines.append(f"\n… og {len(changes) - 200} til.")
    else:
        lines += ["", "Ingen endringer: databasen har allerede det filen sier."]
    if not confirm and changes:
        lines += ["", "Kjør skjemaet igjen med «confirm» krysset av for å skrive endringene."]
    if report.ignored:
        lines += ["", f"Ark som ikke ble lest (ikke omstillings egne): {', '.join(report.ignored)}."]
    title = (f"{verb}: {report.changes} endringer" if changes else "Ingen endringer")
    return Done(title, "\n".join(lines) + "\n")


def export_workbook(engine: Engine, slug: str | None, path: str | None = None, *,
                    with_contacts: bool = False) -> Done:
    """Write the programme to an Excel workbook on the server (default: the output folder,
    `<programme>/arbeidsbok-<programme>.xlsx`); returns the file and the rows per sheet."""
    from omstilling.workbook import export_workbook as run_export

    with db.session_scope(engine) as session:
        programme = services.get_programme(session, slug)
        target = (_server_file(path, must_exist=False) if path else
                  get_settings().output_dir / programme.slug / f"arbeidsbok-{programme.slug}.xlsx")
        if target.suffix.lower() != ".xlsx":
            raise OmstillingError(f"arbeidsboka må være en .xlsx-fil, ikke «{target.name}»")
        buffer = io.BytesIO()
        counts = run_export(session, programme, buffer, with_contacts=with_contacts)
        chosen = programme.slug
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(buffer.getvalue())
    temporary.replace(target)
    lines = [f"# Arbeidsbok for {chosen}", "", f"Skrevet til `{target.resolve()}`"
             + (" (med e-post og telefon: personopplysninger, ikke del filen)." if with_contacts else "."), "",
             "| Ark | Rader |", "|:--|--:|"] + [f"| {name} | {count} |" for name, count in counts.items()]
    return Done(f"Arbeidsbok for {chosen}: {target}", "\n".join(lines) + "\n")


def send_test_message(engine: Engine, slug: str, role: str, *, today: date | None = None) -> Done:
    """Send a short test e-mail to everyone who holds `role` in the programme today, through the configured
    apprise services (what a reminder would use); returns who got it and what the mail server said."""
    today = today or clock.today()
    try:
        wanted = Role.parse(role)
    except ValueError:
        raise OmstillingError(f"ukjent rolle «{role}» (roller: {', '.join(r.value for r in Role)})") from None
    notifier = configured_notifier()
    if notifier is None or not notifier.can_email:
        raise OmstillingError("ingen e-post er satt opp: sett OMSTILLING_APPRISE_CONFIG (eller "
                              "OMSTILLING_APPRISE_SECRET_BLOCK) til et apprise-oppsett med en mailto-tjeneste")
    with db.session_scope(engine) as session:
        programme = services.get_programme(session, slug)
        name = programme.name
        people = [r for r in load_recipients(session, programme) if r.role == wanted.value and r.holds_on(today)]
    if not people:
        raise NotFound(f"ingen har rollen {wanted.label} i {slug} {date_short(today)}")
    subject = f"{name}: testmelding fra omstilling"
    rows = []
    for person in people:
        if not person.email:
            rows.append((person.name, "–", "ingen e-postadresse registrert"))
            continue
        body = (f"Hei {person.name},\n\ndette er en testmelding fra omstilling til deg som {wanted.label} i "
                f"{name}. Kommer den fram, kommer påminnelsene også fram.\n")
        html = "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in body.strip().split("\n\n"))
        delivery = notifier.send_email(person.email, subject, body, html=html)
        rows.append((person.name, person.email, "sendt" if delivery.ok else f"feilet: {delivery.error}"))
    sent = sum(1 for _, _, result in rows if result == "sendt")
    lines = [f"# Testmelding til {wanted.label} i {slug}", "", f"Emne: {subject}", "",
             "| Navn | E-post | Resultat |", "|:--|:--|:--|"] + [f"| {_cell(n)} | {_cell(a)} | {_cell(r)} |"
                                                                 for n, a, r in rows]
    return Done(f"Testmelding: {sent} av {len(rows)} sendt", "\n".join(lines) + "\n", ok=sent == len(rows))


def status_of(engine: Engine, slug: str, as_of: date) -> str:
    """One programme's status page."""
    with db.session_scope(engine) as session:
        return status_page(load_snapshot(session, services.get_programme(session, slug)), as_of)
