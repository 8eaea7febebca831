"""A workbook on the server: checked and imported (all or nothing), or exported."""

from __future__ import annotations

import io

from sqlalchemy.engine import Engine

from omstilling.app.results import Done, cell, server_file
from omstilling.config import get_settings
from omstilling.errors import OmstillingError
from omstilling.intake import writes
from omstilling.store import db
from omstilling.store.files import write_atomically


def import_workbook(engine: Engine, path: str, *, programme: str | None = None, confirm: bool = False) -> Done:
    """Check a workbook the server can read and show what it would change; with `confirm`, write it (all or
    nothing). A workbook with problems lists every one and writes nothing."""
    from omstilling.intake.workbook import WorkbookInvalid
    from omstilling.intake.workbook import import_workbook as run_import

    found = server_file(path, must_exist=True)
    try:
        with db.session_scope(engine) as session:
            report = run_import(session, found, programme=programme, dry_run=not confirm)
    except WorkbookInvalid as exc:
        lines = [f"# {found.name}: {len(exc.problems)} feil, ingenting er importert", "",
                 "| Feil |", "|:--|"] + [f"| {cell(problem)} |" for problem in exc.problems]
        return Done(str(exc), "\n".join(lines) + "\n", ok=False)
    verb = "Importert" if confirm else "Prøvekjøring, ingenting er skrevet"
    created = " (et nytt program)" if report.created else ""
    lines = [f"# {verb}: {found.name} → {report.programme}{created}", "",
             "| Ark | Nye | Endret | Uendret | Endrede kolonner (rader) |", "|:--|--:|--:|--:|:--|"]
    for sheet in report.sheets:
        fields = ", ".join(f"{header} ({n})" for header, n in sheet.changed_fields.items())
        lines.append(f"| {sheet.sheet} | {len(sheet.new)} | {len(sheet.changed)} | {sheet.unchanged} | "
                     f"{cell(fields)} |")
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
    title = (f"{verb}: {report.changes} endringer" if changes else "Ingen endringer")
    return Done(title, "\n".join(lines) + "\n")


def export_workbook(engine: Engine, slug: str | None, path: str | None = None, *,
                    with_contacts: bool = False) -> Done:
    """Write the programme to an Excel workbook on the server (default: the output folder,
    `<programme>/arbeidsbok-<programme>.xlsx`); returns the file and the rows per sheet."""
    from omstilling.intake.workbook import export_workbook as run_export

    with db.session_scope(engine) as session:
        programme = writes.get_programme(session, slug)
        target = (server_file(path, must_exist=False) if path else
                  get_settings().output_dir / programme.slug / f"arbeidsbok-{programme.slug}.xlsx")
        if target.suffix.lower() != ".xlsx":
            raise OmstillingError(f"arbeidsboka må være en .xlsx-fil, ikke «{target.name}»")
        buffer = io.BytesIO()
        counts = run_export(session, programme, buffer, with_contacts=with_contacts)
        chosen = programme.slug
    write_atomically(target, buffer.getvalue())
    lines = [f"# Arbeidsbok for {chosen}", "", f"Skrevet til `{target.resolve()}`"
             + (" (med e-post og telefon: personopplysninger, ikke del filen)." if with_contacts else "."), "",
             "| Ark | Rader |", "|:--|--:|"] + [f"| {name} | {count} |" for name, count in counts.items()]
    return Done(f"Arbeidsbok for {chosen}: {target}", "\n".join(lines) + "\n")
