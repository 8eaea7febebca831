"""What a Prefect run shows of its work for one programme (its artifacts' titles, tables and Markdown), in the
programme's written standard (issue 28): a document written, a deadline marked, a workbook checked, imported or
exported, the status page's title. The flows call these and only publish what they return; the operator's own
artifacts (the tick's tables across every programme) stay bokmål."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from omstilling.app.results import Done, cell
from omstilling.core import formatting
from omstilling.core.enums import DocumentKind
from omstilling.core.language import WrittenStandard, _, ngettext, speaking
from omstilling.store import db
from omstilling.store.models import Programme


def standard_of(engine: Engine, slug: str | None) -> WrittenStandard:
    """The programme's written standard; bokmål when there is no such programme (a title never fails a run)."""
    if not slug:
        return WrittenStandard.BOKMAL
    try:
        with db.session_scope(engine) as session:
            found = session.exec(select(Programme.language).where(Programme.slug == slug)).first()
    except Exception:  # noqa: BLE001 (a title must never fail a run)
        return WrittenStandard.BOKMAL
    return WrittenStandard(found) if found is not None else WrittenStandard.BOKMAL


@contextmanager
def speaking_for(engine: Engine, slug: str | None) -> Iterator[WrittenStandard]:
    """Within the block, texts are in the written standard of the programme `slug`."""
    with speaking(standard_of(engine, slug)) as standard:
        yield standard


@dataclass(frozen=True)
class DocumentShown:
    """A document written, as its run shows it: the Markdown's title, and the files as a table with its title."""

    description: str
    files: list[dict[str, Any]]
    files_description: str


def document_shown(
    engine: Engine, slug: str, kind: DocumentKind, programme: str, result: dict[str, Any]
) -> DocumentShown:
    """The titles and the table of files of one document's artifacts (`result` as the report flow writes it:
    paths, version, changed, fingerprint, year, meeting_date), for the programme named `programme`."""
    with speaking_for(engine, slug):
        about = result["meeting_date"] or result["year"]
        facts = {"document": kind.label, "period": about, "programme": programme}
        description = _("%(document)s %(period)s for %(programme)s") % facts
        files = [
            {
                _("fil"): path,
                _("versjon"): result["version"],
                _("endret"): _("ja") if result["changed"] else _("nei"),
                _("datafingeravtrykk"): result["fingerprint"][:12],
            }
            for path in result["paths"]
        ]
        told = _("Filene som ble skrevet: %(document)s %(period)s for %(programme)s") % facts
    return DocumentShown(description[:1].upper() + description[1:], files, told)


def marked_markdown(engine: Engine, marked: Any, programme: str) -> tuple[str, str]:
    """A deadline marked (`app.deadlines.Marked`): the form's artifact (the sentence every way in says, who marked
    it and the note) and its title."""
    with speaking_for(engine, marked.programme):
        lines = [
            f"# {marked.sentence}",
            "",
            _("%(programme)s. Markert av %(by)s.") % {"programme": programme, "by": marked.by},
        ]
        if marked.note:
            lines += ["", _("Merknad: %(note)s") % {"note": marked.note}]
        title = f"{marked.sentence} ({programme})"
    return "\n".join(lines) + "\n", title


def refused_markdown(engine: Engine, path: str, exc: Any, programme: str | None) -> Done:
    """A workbook with problems (`WorkbookInvalid`): every one, as a table (nothing was written), in the standard
    the import spoke."""
    name = Path(path.strip()).name
    standard = getattr(exc, "standard", None) or standard_of(engine, programme)
    with speaking(standard):
        lines = [
            "# " + _("%(file)s: %(total)s feil, ingenting er importert") % {"file": name, "total": exc.total},
            "",
            "| " + _("Feil") + " |",
            "|:--|",
        ] + [f"| {cell(problem)} |" for problem in exc.problems]
        if exc.more:
            lines.append(
                "\n"
                + _("… og %(more)s feil til, som ikke er vist: bare de første %(shown)s vises.")
                % {"more": exc.more, "shown": len(exc.problems)}
            )
    return Done(str(exc), "\n".join(lines) + "\n", ok=False)


def import_markdown(report: Any, confirm: bool) -> Done:
    """What an import changed (or, as a dry run, would change), sheet by sheet and row by row (`ImportReport`), in
    the standard the import spoke."""
    with speaking(report.language):
        verb = _("Importert") if confirm else _("Prøvekjøring, ingenting er skrevet")
        created = " " + _("(et nytt program)") if report.created else ""
        headers = (_("Ark"), _("Nye"), _("Endret"), _("Uendret"), _("Endrede kolonner (rader)"))
        lines = [
            f"# {verb}: {report.path.name} → {report.programme}{created}",
            "",
            "| " + " | ".join(headers) + " |",
            "|:--|--:|--:|--:|:--|",
        ]
        for sheet in report.sheets:
            fields = ", ".join(f"{header} ({n})" for header, n in sheet.changed_fields.items())
            lines.append(
                f"| {sheet.sheet} | {len(sheet.new)} | {len(sheet.changed)} | {sheet.unchanged} | {cell(fields)} |"
            )
        changes = [c for sheet in report.sheets for c in (*sheet.new, *sheet.changed)]
        if changes:
            columns = (_("Ark"), _("Rad"), _("Nøkkel"), _("Endring"))
            lines += ["", "## " + _("Endringer"), "", "| " + " | ".join(columns) + " |", "|:--|--:|:--|:--|"]
            for change in changes[:200]:
                what = _("ny") if change.is_new else "; ".join(f"{h}: {old} → {new}" for h, old, new in change.fields)
                lines.append(f"| {change.sheet} | {change.row} | {cell(change.label)} | {cell(what)} |")
            if len(changes) > 200:
                lines.append("\n" + _("… og %(more)s til.") % {"more": len(changes) - 200})
        else:
            lines += ["", _("Ingen endringer: databasen har allerede det filen sier.")]
        if not confirm and changes:
            lines += ["", _("Kjør skjemaet igjen med «confirm» krysset av for å skrive endringene.")]
        if report.ignored:
            ignored = ", ".join(report.ignored)
            lines += ["", _("Ark som ikke ble lest (ikke omstillings egne): %(sheets)s.") % {"sheets": ignored}]
        title = (
            ngettext("%(verb)s: %(count)s endring", "%(verb)s: %(count)s endringer", report.changes)
            % {"verb": verb, "count": report.changes}
            if changes
            else None
        )
        title = title or _("Ingen endringer")
    return Done(title, "\n".join(lines) + "\n")


def exported_markdown(engine: Engine, exported: Any, with_contacts: bool) -> Done:
    """A workbook written (`app.workbooks.Exported`): where, and the rows per sheet, in the programme's standard."""
    from omstilling.intake.workbook.columns import BY_NAME

    with speaking_for(engine, exported.programme):
        about = {"programme": exported.programme}
        where = {"path": exported.path.resolve()}
        if with_contacts:
            written = _("Skrevet til `%(path)s` (med e-post og telefon: personopplysninger, ikke del filen).") % where
        else:
            written = _("Skrevet til `%(path)s`.") % where
        lines = [
            "# " + _("Arbeidsbok for %(programme)s") % about,
            "",
            written,
            "",
            "| " + _("Ark") + " | " + _("Rader") + " |",
            "|:--|--:|",
        ] + [f"| {BY_NAME[name].title if name in BY_NAME else name} | {n} |" for name, n in exported.counts.items()]
        title = _("Arbeidsbok for %(programme)s: %(path)s") % {**about, "path": exported.path}
    return Done(title, "\n".join(lines) + "\n")


def status_title(engine: Engine, slug: str, programme: str, as_of: date) -> str:
    """The status page's artifact title: «Status for Omstilling Gjøvik 16.06.2014»."""
    with speaking_for(engine, slug):
        return _("Status for %(programme)s %(day)s") % {"programme": programme, "day": formatting.date_short(as_of)}
