"""Import: a workbook (or CSV files) → the programme's rows, inserted or updated by their stable keys.

read the file (within the limits) ─▶ which programme ─▶ each sheet's rows through its input model ─▶ rules
     across sheets
     └─ every problem is counted, the first ones kept; any problem: nothing is written (WorkbookInvalid lists
        them, and says how many more there were)
─▶ what changes (diff) ─▶ dry run: report only │ otherwise: write, in the caller's unit of work

Everything it says (the problems, the report's sheet and column names) is in the written standard of the
programme the workbook is for: the one named, or the one the Program sheet names, or for a new programme the
sheet's Målform. Sheet names and headers are read in either standard, whatever the programme's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path

from sqlmodel import Session, col, select

from omstilling import clock
from omstilling.core.enums import MeetingKind, MinutesStatus
from omstilling.core.language import WrittenStandard, _, speaking
from omstilling.errors import OmstillingError
from omstilling.intake.workbook.aid import AidChecker
from omstilling.intake.workbook.apply import Writer
from omstilling.intake.workbook.checks import Checker
from omstilling.intake.workbook.columns import (
    MEETINGS,
    PROGRAMME,
    SHEETS,
    Column,
    is_the_exports_own,
    sheet_titled,
)
from omstilling.intake.workbook.diff import SheetChanges, diff
from omstilling.intake.workbook.limits import Limits
from omstilling.intake.workbook.parse import ParsedSheet, parse_sheet
from omstilling.intake.workbook.problems import NO_VALUE, CellProblem, Problems, WorkbookInvalid
from omstilling.intake.workbook.records import Record, key_of, programme_records
from omstilling.intake.workbook.source import RawSheet, UnreadableFile, read_source
from omstilling.store import audit, choose
from omstilling.store.models import BoardMeeting, Minutes, Programme, Project


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    path: Path
    programme: str
    created: bool
    dry_run: bool
    sheets: list[SheetChanges]
    ignored: list[str] = field(default_factory=list)  # sheets in the file that omstilling does not read
    language: WrittenStandard = WrittenStandard.BOKMAL  # the programme's written standard: what the report says
    warnings: list[str] = field(
        default_factory=list
    )  # what the import says but does not refuse (a grant near the ceiling)

    @property
    def changes(self) -> int:
        return sum(len(s.new) + len(s.changed) for s in self.sheets)


def _sheets(path: Path, raw_sheets: list[RawSheet]) -> tuple[dict[str, RawSheet], list[str], list[CellProblem]]:
    """The file's sheets by their names here (in either written standard; case does not matter); the ones
    omstilling does not know."""
    found, ignored, problems = {}, [], []
    for raw in raw_sheets:
        sheet = sheet_titled(raw.name)
        if sheet is None:
            if not is_the_exports_own(raw.name):
                ignored.append(raw.name)
        elif sheet.name in found:
            problems.append(CellProblem(sheet.title, None, None, NO_VALUE, _("arket finnes to ganger")))
        else:
            found[sheet.name] = raw
    if not found:
        names = ", ".join(sheet.title for sheet in SHEETS)
        raise UnreadableFile(
            _("%(path)s: filen har ingen av arkene omstilling leser (forventet minst ett av: %(names)s)")
            % {"path": path, "names": names}
        )
    return found, ignored, problems


def _programme_column(field_name: str) -> Column:
    column = PROGRAMME.column(field_name)
    assert column is not None, field_name
    return column


def _cell_of(raw: RawSheet | None, field_name: str) -> tuple[object, int]:
    """The first row's cell of the Program sheet's column for `field_name` (by its header in either standard), and
    the row's number; (None, 0) when there is none."""
    if raw is None:
        return None, 0
    wanted = {" ".join(h.split()).casefold() for h in _programme_column(field_name).headers}
    headers = [" ".join(str(h).split()).casefold() if h is not None else "" for h in raw.headers]
    column = next((i for i, header in enumerate(headers) if header in wanted), None)
    rows = [(n, values) for n, values in raw.rows if any(v not in (None, "") for v in values)]
    if column is None or not rows or column >= len(rows[0][1]) or rows[0][1][column] in (None, ""):
        return None, 0
    return rows[0][1][column], rows[0][0]


def _slug_in(raw: RawSheet | None) -> tuple[str | None, int, list[CellProblem]]:
    """The programme slug the Program sheet names (and its row), before the row is checked; a second row is a
    problem."""
    if raw is None:
        return None, 0, []
    rows = [n for n, values in raw.rows if any(v not in (None, "") for v in values)]
    problems = [
        CellProblem(PROGRAMME.title, n, None, NO_VALUE, _("arket har bare én rad: programmet arbeidsboka gjelder"))
        for n in rows[1:]
    ]
    slug, row = _cell_of(raw, "slug")
    if slug is None:
        return None, 0, problems
    return str(slug).strip(), row, problems


def _standard(session: Session, programme: str | None, raw_sheets: list[RawSheet] | None = None) -> WrittenStandard:
    """The written standard an import speaks: that of the programme the workbook is for (the one named, else the
    one its Program sheet names), or for a new programme the sheet's Målform; bokmål when none can be told."""
    raw = next((r for r in raw_sheets or () if sheet_titled(r.name) is PROGRAMME), None)
    slug = _slug_in(raw)[0] if programme is None else programme
    if slug is not None:
        found = session.exec(select(Programme.language).where(Programme.slug == slug)).first()
        if found is not None:
            return WrittenStandard(found)
    if programme is None and raw_sheets is None:
        slugs = session.exec(select(Programme.language)).all()
        if len(slugs) == 1:  # the only programme, which the import then chooses
            return WrittenStandard(slugs[0])
    try:
        return WrittenStandard.parse(str(_cell_of(raw, "language")[0] or ""))
    except OmstillingError:
        return WrittenStandard.BOKMAL


def _meeting_key(current: dict[tuple, Record], created: bool):
    """Meetings are known by their Møte-ID; a row without one by its date and type (or it is new)."""
    by_slot = {(m["date"], m["kind"]): k for k, m in current.items()}

    def key(record: Record) -> tuple:
        if record.get("id") is not None and not created:
            return (record["id"],)
        slot = (record.get("date"), record.get("kind") or MeetingKind.ORDINARY)
        return by_slot.get(slot, ("ny", *slot))

    return key


def _sealed(session: Session, programme: Programme | None) -> dict[tuple, str]:
    """The programme's meetings whose minutes are out for approval or approved (by the workbook's key), with the
    latest such version in words ("godkjent (versjon 2)")."""
    if programme is None:
        return {}
    rows = session.exec(
        select(Minutes.meeting_id, Minutes.version, Minutes.status)
        .join(BoardMeeting, col(BoardMeeting.id) == col(Minutes.meeting_id))
        .where(
            BoardMeeting.programme_id == programme.id,
            col(Minutes.status).in_([MinutesStatus.APPROVAL, MinutesStatus.APPROVED]),
        )
        .order_by(col(Minutes.version))
    )
    return {
        (meeting_id,): _("%(status)s (versjon %(version)s)")
        % {"status": MinutesStatus(status).label, "version": version}
        for meeting_id, version, status in rows
    }


def _owner(session: Session, programme: Programme | None):
    """Which other programme holds a project number or a meeting ID (for "that row belongs elsewhere")."""
    other = Programme.id != programme.id if programme else True

    def owner(kind: str, value: object) -> str | None:
        if kind == "project":
            query = (
                select(Programme.slug)
                .join(Project, Project.programme_id == Programme.id)
                .where(Project.number == value, other)
            )
        else:
            query = (
                select(Programme.slug)
                .join(BoardMeeting, BoardMeeting.programme_id == Programme.id)
                .where(BoardMeeting.id == value, other)
            )
        return session.exec(query.order_by(Programme.slug)).first()

    return owner


def import_workbook(
    session: Session,
    path: Path | str,
    *,
    programme: str | None = None,
    dry_run: bool = False,
    today: date | None = None,
    may_move_county: bool = True,
    name_other_programmes: bool = True,
    limits: Limits | None = None,
    written_by: str | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Check every row of the file against the programme it names (or `programme`), then write the new and
    changed rows in `session` (nothing on a dry run). Raises WorkbookInvalid listing the problems (past
    `limits.max_problems`, the first ones and how many more), or UnreadableFile for a file that is not a workbook
    or is over the `limits` (default: the settings'). Without `may_move_county` (a programme's own people, in the
    web app) the workbook may not move the programme to another county: that county's readers would then read it
    unseen by the county. Without `name_other_programmes` (the same people) a project or meeting that belongs to
    another programme is told as one this programme does not have, never naming the other. A text on the sheet
    Tekster that changes is written by `written_by` (default: who acts, as the audit trail names them) at `now`.
    Everything it says is in the programme's written standard (`_standard`)."""
    path, today, limits = Path(path), today or clock.today(), limits or Limits.from_settings()
    with speaking(_standard(session, programme)):
        raw_sheets = read_source(path, limits)
    standard = _standard(session, programme, raw_sheets)
    with speaking(standard):
        report = _import(
            session,
            path,
            raw_sheets,
            programme=programme,
            dry_run=dry_run,
            today=today,
            may_move_county=may_move_county,
            name_other_programmes=name_other_programmes,
            limits=limits,
            written_by=written_by,
            now=now,
        )
    report.language = standard
    return report


def _import(
    session: Session,
    path: Path,
    raw_sheets: list[RawSheet],
    *,
    programme: str | None,
    dry_run: bool,
    today: date,
    may_move_county: bool,
    name_other_programmes: bool,
    limits: Limits,
    written_by: str | None,
    now: datetime | None,
) -> ImportReport:
    """`import_workbook`'s work, once the file is read (in the standard it speaks)."""
    problems = Problems(limits.max_problems)
    found, ignored, doubled = _sheets(path, raw_sheets)
    problems.extend(doubled)
    slug, row, more = _slug_in(found.get(PROGRAMME.name))
    problems.extend(more)
    wanted = slug if slug is not None else programme
    if slug is not None and programme is not None and slug != programme:
        problems.add(
            CellProblem(
                PROGRAMME.title,
                row,
                _programme_column("slug").header,
                slug,
                _("arbeidsboka gjelder et annet program enn «%(programme)s» (--programme)") % {"programme": programme},
            )
        )
        wanted = programme
    if slug is None:
        target = choose.programme(session, programme)
    else:
        target = session.exec(select(Programme).where(Programme.slug == wanted)).first()
    created = target is None
    current = programme_records(session, target)

    parsed: dict[str, ParsedSheet] = {}
    for sheet in SHEETS:
        raw = found.get(sheet.name)
        if raw is None:
            parsed[sheet.name] = ParsedSheet(sheet)
            continue
        key = _meeting_key(current[sheet.name], created) if sheet is MEETINGS else partial(key_of, sheet)
        parsed[sheet.name] = parse_sheet(raw, sheet, current[sheet.name], key, found=problems)[0]
    if created and not parsed[PROGRAMME.name].rows and not problems:
        problems.add(
            CellProblem(
                PROGRAMME.title,
                None,
                None,
                NO_VALUE,
                _("programmet «%(slug)s» finnes ikke ennå; arket trenger en gyldig rad for å opprette det")
                % {"slug": slug},
            )
        )
    owner = _owner(session, target) if name_other_programmes else (lambda kind, value: None)
    checker = Checker(parsed, current, target.slug if target else slug, owner, today, _sealed(session, target))
    problems.extend(checker.run())
    if target is not None and not may_move_county:
        new_county = checker.state[PROGRAMME.name].get((target.slug,), {}).get("county")
        if new_county is not None and new_county != target.county:
            problems.add(
                CellProblem(
                    PROGRAMME.title,
                    row,
                    _programme_column("county").header,
                    new_county,
                    _("bare driftsansvarlig kan flytte programmet til en annen fylkeskommune (nå: %(county)s)")
                    % {"county": target.county},
                )
            )
    who = written_by or audit.current().who
    aid = AidChecker(
        session,
        target,
        parsed,
        current,
        checker.state,
        programme_name=next(iter(checker.state[PROGRAMME.name].values()), {}).get("name", slug or ""),
        by=who,
        lock=not dry_run and not problems,
    )
    problems.extend(aid.run())
    if problems:
        raise WorkbookInvalid(path, problems.listed, problems.more)

    in_file = {name: sheet for name, sheet in parsed.items() if sheet.in_file}
    changes = diff(in_file, current, checker.state)
    if not dry_run:
        writer = Writer(
            session, target, parsed, checker.state, str(path), today, who, now or clock.now(), aid_plan=aid.plan
        )
        target = writer.run(changes)
    report = ImportReport(path, target.slug if target else slug, created, dry_run, changes, ignored)
    report.warnings = aid.plan.warnings
    return report
