"""What an import changes, per sheet: the new rows, the changed rows with each changed field (old → new), and
how many rows are unchanged. A dry run shows this and writes nothing; a real run shows it after committing."""

from __future__ import annotations

from dataclasses import dataclass, field

from omstilling.core.language import _
from omstilling.intake.workbook.columns import BY_NAME, Sheet
from omstilling.intake.workbook.parse import ParsedSheet
from omstilling.intake.workbook.records import Record, Records

SKIPPED = {"id", "meeting_date"}  # identity, not content: a case's meeting is compared by `meeting`


@dataclass(frozen=True)
class Change:
    """One row that is new, or changed in the listed fields: (column header, old value, new value) as shown; `sheet`
    is the sheet's name as the workbook calls it (in the programme's written standard)."""

    sheet: str
    row: int
    key: tuple
    label: str
    fields: tuple[tuple[str, str, str], ...] = ()

    @property
    def is_new(self) -> bool:
        return not self.fields


@dataclass
class SheetChanges:
    """A sheet's new, changed and unchanged rows: `sheet` is its name as the workbook calls it (in the programme's
    written standard), `name` the bokmål name the code knows it by."""

    sheet: str
    new: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.name or self.sheet

    @property
    def changed_fields(self) -> dict[str, int]:
        """Each changed column with the number of rows it changed in."""
        counts: dict[str, int] = {}
        for change in self.changed:
            for header, _old, _new in change.fields:
                counts[header] = counts.get(header, 0) + 1
        return counts


def _cell(sheet: Sheet, name: str, value: object) -> str:
    """A value as its column shows it."""
    column = sheet.column(name)
    return column.kind.show(value) if column else str(value)


def label(sheet: Sheet, record: Record) -> str:
    """A row's key as a person reads it: "2014-05", "2014-05, 01.06.2014, utbetaling", "26.01.2015 (ordinært …)"."""
    if sheet.name == "Styremøter":
        return f"{sheet.column('date').kind.show(record['date'])} ({sheet.column('kind').kind.show(record['kind'])})"
    if sheet.name == "Tekster":  # "rapport til styret 16.06.2014: programleders sammendrag"
        document, meeting, section = (_cell(sheet, f, record.get(f)) for f in ("kind", "meeting_date", "section"))
        return f"{document} {meeting or record['year']}: {section}"
    return ", ".join(sheet.column(f).kind.show(record.get(f)) for f in sheet.key)


def _show(sheet: Sheet, name: str, value: object, meetings: dict[tuple, Record]) -> str:
    if name == "meeting":
        return sheet.column("meeting_date").kind.show(meetings[value]["date"]) if value in meetings else "?"
    return sheet.column(name).kind.show(value) or _("(tom)")


def compare(sheet: Sheet, old: Record, new: Record, meetings: tuple[dict, dict]) -> tuple[tuple[str, str, str], ...]:
    """The fields whose value differs, as (header, old, new); contact data is not shown, only named.

    `meetings` are the meetings before and after the import, to show a case's meeting by its date."""
    fields = []
    for name, value in new.items():
        if name in SKIPPED or old.get(name) == value:
            continue
        column = sheet.column("meeting_date" if name == "meeting" else name)
        if column.private:
            fields.append((column.header, "…", "…"))
        else:
            before, after = _show(sheet, name, old.get(name), meetings[0]), _show(sheet, name, value, meetings[1])
            fields.append((column.header, before, after))
    return tuple(fields)


def diff(parsed: dict[str, ParsedSheet], current: Records, states: Records) -> list[SheetChanges]:
    """Per sheet in the file, in workbook order: new, changed (with fields) and unchanged rows.

    `states` holds the records as they will be after the import."""
    result = []
    for name, sheet in parsed.items():
        title = BY_NAME[name].title
        changes = SheetChanges(title, name=name)
        for key, row in sheet.rows.items():
            old = current[name].get(key)
            if old is None and name == "Tekster" and not row.record.get("body"):
                changes.unchanged += 1  # a section left blank stays unwritten: there is nothing to keep
                continue
            if old is None:
                changes.new.append(Change(title, row.number, key, label(sheet.sheet, row.record)))
                continue
            fields = compare(sheet.sheet, old, row.record, (current["Styremøter"], states["Styremøter"]))
            if fields:
                changes.changed.append(Change(title, row.number, key, label(sheet.sheet, row.record), fields))
            else:
                changes.unchanged += 1
        result.append(changes)
    return result
