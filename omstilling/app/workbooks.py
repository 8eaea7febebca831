"""A programme's workbook: checked and imported (all or nothing), or exported. The command line, the web app's Data
page and the Prefect forms all call these, with the same checks and the same Norwegian errors; each renders the
result its own way (a table in the terminal, a page, an artifact)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from omstilling.config import Settings, get_settings
from omstilling.core.enums import AuditAction
from omstilling.errors import OmstillingError
from omstilling.intake.workbook import ImportReport
from omstilling.store import audit, choose, db
from omstilling.store.files import write_atomically


def import_workbook(
    engine: Engine,
    path: Path | str,
    *,
    programme: str | None = None,
    confirm: bool = False,
    may_move_county: bool = True,
    name_other_programmes: bool = True,
    settings: Settings | None = None,
) -> ImportReport:
    """Check a workbook (or a folder of CSV files) and say what it would change; with `confirm`, write it, all or
    nothing. A workbook with problems raises `WorkbookInvalid` listing them, and nothing is written. Only the
    operator's ways in (the command line, the Prefect forms, an operator in the web app) may move a programme to
    another county (`may_move_county`), or hear which other programme holds a project or meeting the workbook
    names (`name_other_programmes`). A file over the limits of `settings` (default: the environment's: its size
    unpacked, rows and columns per sheet, OMSTILLING_WORKBOOK_*) is refused before it is read (`TooLarge`); past
    OMSTILLING_WORKBOOK_MAX_ERRORS problems, the first ones are listed and the rest counted. An import (not a check)
    is recorded in the audit trail, done or failed."""
    from omstilling.intake.workbook import WorkbookInvalid
    from omstilling.intake.workbook import import_workbook as run_import
    from omstilling.intake.workbook.limits import Limits

    limits = Limits.from_settings(settings)
    found = Path(str(path).strip()).expanduser() if str(path).strip() else None
    if found is None:
        raise OmstillingError("oppgi stien til arbeidsboka")
    if not confirm:
        with db.session_scope(engine) as session:
            return run_import(
                session,
                found,
                programme=programme,
                dry_run=True,
                may_move_county=may_move_county,
                name_other_programmes=name_other_programmes,
                limits=limits,
            )
    with audit.audited(engine, AuditAction.WORKBOOK_IMPORTED, programme=programme, target=found.name) as noted:
        try:
            with db.session_scope(engine) as session:
                report = run_import(
                    session,
                    found,
                    programme=programme,
                    dry_run=False,
                    may_move_county=may_move_county,
                    name_other_programmes=name_other_programmes,
                    limits=limits,
                )
        except WorkbookInvalid as exc:
            noted.detail["problemer"] = exc.total
            raise
        noted.programme = report.programme
        noted.detail |= {"endringer": report.changes, "nytt_program": report.created}
    return report


@dataclass(frozen=True)
class Exported:
    """A workbook written: for which programme (None: an empty one for a new programme), where, rows per sheet."""

    programme: str | None
    path: Path
    counts: dict[str, int]


def default_target(slug: str) -> Path:
    """Where a programme's workbook goes when nobody says: the output folder, <programme>/arbeidsbok-<programme>.xlsx."""
    return get_settings().output_dir / slug / f"arbeidsbok-{slug}.xlsx"


def export_workbook(
    engine: Engine,
    slug: str | None,
    target: Path | str | None = None,
    *,
    with_contacts: bool = False,
    as_csv: bool = False,
    template: bool = False,
    wheel: str | None = None,
) -> Exported:
    """Write the programme (or, with `template`, an empty workbook for a new programme, starting from the wheel
    `wheel`) to an Excel workbook, or with `as_csv` to one CSV file per sheet in the folder `target`."""
    from omstilling.intake import workbook

    chosen_target = Path(str(target).strip()).expanduser() if target is not None and str(target).strip() else None
    if template and slug:
        raise OmstillingError("velg enten en tom arbeidsbok for et nytt program (--template) eller et program")
    if wheel and not template:
        raise OmstillingError("--wheel gjelder bare en tom arbeidsbok for et nytt program (--template)")
    if wheel and as_csv:
        raise OmstillingError("--wheel skrives bare til en .xlsx-arbeidsbok, ikke med --csv")
    if chosen_target is None and (template or as_csv):
        raise OmstillingError("oppgi hvor arbeidsboka skal skrives")
    if not as_csv and chosen_target is not None and chosen_target.suffix.lower() != ".xlsx":
        raise OmstillingError(f"arbeidsboka må være en .xlsx-fil, ikke «{chosen_target.name}» (eller bruk --csv MAPPE)")
    with (
        audit.audited(
            engine,
            AuditAction.WORKBOOK_EXPORTED,
            programme=slug,
            target=chosen_target,
            kontaktdata=with_contacts,
            mal=template,
        ) as noted,
        db.session_scope(engine) as session,
    ):
        programme = None if template else choose.programme(session, slug)
        where = chosen_target or default_target(programme.slug if programme else "ny")
        noted.programme, noted.target = programme.slug if programme else None, where.resolve()
        if as_csv:
            counts = workbook.export_csv(session, programme, where, with_contacts=with_contacts)
        else:
            buffer = io.BytesIO()
            counts = workbook.export_workbook(session, programme, buffer, with_contacts=with_contacts, wheel=wheel)
            write_atomically(where, buffer.getvalue(), make_folder=True)
        exported = Exported(programme.slug if programme else None, where, counts)
    return exported


def workbook_bytes(engine: Engine, slug: str, *, with_contacts: bool = False) -> bytes:
    """The programme's workbook as bytes (the web app's download, recorded in the audit trail)."""
    from omstilling.intake import workbook

    buffer = io.BytesIO()
    with (
        audit.audited(
            engine,
            AuditAction.WORKBOOK_EXPORTED,
            programme=slug,
            target=f"{slug}.xlsx",
            kontaktdata=with_contacts,
            nedlasting=True,
        ),
        db.session_scope(engine) as session,
    ):
        workbook.export_workbook(session, choose.programme(session, slug), buffer, with_contacts=with_contacts)
    return buffer.getvalue()
