"""One sheet's cells → validated records, through the sheet's input model (`omstilling.intake.schemas`), with every
problem tied to its row and column. Rules that span rows or sheets are in `checks`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from pydantic import BaseModel, ValidationError

from omstilling.core.language import _
from omstilling.intake.workbook.cells import CellError, is_blank
from omstilling.intake.workbook.columns import Column, Sheet
from omstilling.intake.workbook.problems import NO_VALUE, CellProblem, Problems, explain
from omstilling.intake.workbook.records import Record
from omstilling.intake.workbook.source import RawSheet

KeyFunction = Callable[[Record], tuple]


@dataclass
class Row:
    """A row that passed its own checks: its number in the sheet, its record and the cells as typed."""

    number: int
    key: tuple
    record: Record
    cells: dict[str, object]  # field → the raw cell value

    def cell(self, field_name: str) -> object:
        return self.cells.get(field_name, NO_VALUE)


@dataclass
class ParsedSheet:
    sheet: Sheet
    rows: dict[tuple, Row] = field(default_factory=dict)
    failed: set[tuple] = field(default_factory=set)  # keys of rows with problems: checks leave them be
    present: set[str] = field(default_factory=set)  # the fields the file has a column for
    in_file: bool = False  # False: the file has no such sheet (the database's rows stand as they are)


def _header(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def _dump(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list):
        return [_dump(item) for item in value]
    return value


def _columns(raw: RawSheet, sheet: Sheet) -> tuple[dict[int, Column], list[CellProblem]]:
    """Which column of the file is which, by its header in either written standard; unknown, doubled and missing
    required headers are problems."""
    known = {_header(header): c for c in sheet.columns for header in c.headers}
    found: dict[int, Column] = {}
    problems = []
    for index, text in enumerate(raw.headers):
        if is_blank(text):
            if any(index < len(values) and not is_blank(values[index]) for _, values in raw.rows):
                problems.append(
                    CellProblem(
                        sheet.title,
                        1,
                        get_column_letter(index + 1),
                        NO_VALUE,
                        _("kolonnen har data, men ingen overskrift"),
                    )
                )
            continue
        column = known.get(_header(text))
        if column is None:
            names = ", ".join(f"«{c.header}»" for c in sheet.columns)
            message = _("ukjent kolonne; arket har disse: %(names)s (egne notater hører på et eget ark)") % {
                "names": names
            }
            problems.append(CellProblem(sheet.title, 1, str(text).strip(), NO_VALUE, message))
        elif column in found.values():
            problems.append(CellProblem(sheet.title, 1, column.header, NO_VALUE, _("kolonnen står to ganger")))
        else:
            found[index] = column
    for column in sheet.columns:
        if column.required and column not in found.values():
            problems.append(CellProblem(sheet.title, 1, column.header, NO_VALUE, _("kolonnen mangler; den er påkrevd")))
    return found, problems


def _too_long(sheet: Sheet, record: Record) -> list[tuple[str, str]]:
    """Texts longer than the database column holds."""
    found = []
    for name, value in record.items():
        if not isinstance(value, str):
            continue
        for table in sheet.tables:
            column = table.__table__.c.get(name)
            length = getattr(getattr(column, "type", None), "length", None)
            if length and len(value) > length:
                found.append(
                    (
                        name,
                        _("er for lang: høyst %(length)s tegn (her %(here)s)") % {"length": length, "here": len(value)},
                    )
                )
                break
    return found


def parse_sheet(
    raw: RawSheet,
    sheet: Sheet,
    current: dict[tuple, Record],
    key_of: KeyFunction,
    found: Problems | None = None,
) -> tuple[ParsedSheet, list[CellProblem]]:
    """The sheet's valid rows by key, and every problem found in its rows (each row on its own). Given `found`
    (an import's bounded collection), the problems go there instead, as they are found, and the list is empty."""
    columns, problems = _columns(raw, sheet)
    parsed = ParsedSheet(sheet, present={c.field for c in columns.values()}, in_file=True)
    if problems:
        if found is not None:
            found.extend(problems)
            return parsed, []
        return parsed, problems
    model_fields = sheet.model.model_fields
    defaults = {name: info.default for name, info in model_fields.items() if not info.is_required()}
    for number, values in raw.rows:
        cells = {c.field: values[i] if i < len(values) else None for i, c in columns.items()}
        if all(is_blank(value) for value in cells.values()):
            continue
        row_problems: dict[str, CellProblem] = {}

        def problem(column: Column, message: str, value: object = None) -> None:
            # Called only within this row's iteration, so the loop variables are this row's.
            shown = cells.get(column.field, NO_VALUE) if value is None else value  # noqa: B023
            row_problems.setdefault(column.field, CellProblem(sheet.title, number, column.header, shown, message))  # noqa: B023

        record: Record = {}
        for column in columns.values():
            if column.derived:
                continue
            value = cells[column.field]
            if is_blank(value):
                if column.required:
                    problem(column, _("må fylles ut: %(expected)s") % {"expected": column.kind.expected})
                continue
            try:
                record[column.field] = column.kind.read(value, raw.from_text)
            except CellError as exc:
                problem(column, str(exc))

        key = key_of({**{k: defaults.get(k) for k in sheet.key}, **record})
        before = current.get(key, {})
        given = {name: value for name, value in record.items() if name in model_fields}
        absent = {name: before[name] for name in model_fields if name not in parsed.present and name in before}
        try:
            valid = sheet.model.model_validate({**absent, **given})
        except ValidationError as exc:
            for error in exc.errors():
                message = error["msg"].removeprefix("Value error, ")
                name = str(error["loc"][0]) if error["loc"] else message.split(": ")[0]
                column = sheet.column(name) or sheet.column(sheet.key[0])
                problem(column, explain(error, column))
        else:
            record = _canonical(sheet, valid, record, before, parsed.present)
            for name, message in _too_long(sheet, record):
                problem(sheet.column(name), message)
            key = key_of(record)
        if None in key:
            if not row_problems:
                problem(sheet.column(sheet.key[0]), _("raden mangler nøkkel"))
        elif key in parsed.rows or key in parsed.failed:
            first = parsed.rows[key].number if key in parsed.rows else None
            facts = {"key": sheet.key_headers, "row": first}
            if first:
                same = _("samme %(key)s som rad %(row)s; hver rad må ha sin egen nøkkel") % facts
            else:
                same = _("samme %(key)s som en rad over; hver rad må ha sin egen nøkkel") % facts
            problem(sheet.column(sheet.key[0]), same)
        if row_problems:
            if found is not None:
                found.extend(row_problems.values())
            else:
                problems.extend(row_problems.values())
            if None not in key:
                parsed.failed.add(key)
            continue
        parsed.rows[key] = Row(number, key, record, cells)
    return parsed, problems


def _canonical(sheet: Sheet, valid: BaseModel, given: Record, before: Record, present: set[str]) -> Record:
    """The row as a record: the model's normalised values; a column the file lacks keeps the stored value."""
    record = {}
    for column in sheet.columns:
        name = column.field
        if column.derived:
            continue
        if name in sheet.model.model_fields:
            record[name] = _dump(getattr(valid, name))
        elif name in present:
            record[name] = given.get(name)
        elif name in before:
            record[name] = before[name]
    return record
