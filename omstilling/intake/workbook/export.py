"""Export: a programme's rows → an Excel workbook a programme leader can edit and import again (one sheet per
kind, Norwegian headers, drop-downs, kroner and date formats, frozen headers, an instructions sheet), or CSV
files (one per sheet) for other tools. A programme's workbook is in its written standard (målform): the sheets'
names, the headers, the help and the instructions (`omstilling.core.language`); an empty one is bokmål."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from omstilling.core.language import _, gettext, speaking
from omstilling.intake.workbook.cells import COUNT, KRONER, YEAR, Choice, Day, Standard, YesNo
from omstilling.intake.workbook.columns import BY_NAME, INSTRUCTIONS, LISTS, SHEETS, Column, Sheet
from omstilling.intake.workbook.instructions import write_instructions
from omstilling.intake.workbook.records import Record, Records, programme_records
from omstilling.store.files import write_atomically
from omstilling.store.models import Programme

LAST_ROW = 1_048_576
REQUIRED_FILL = PatternFill("solid", fgColor="1F4E79")
OPTIONAL_FILL = PatternFill("solid", fgColor="5B9BD5")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAPPED = Alignment(wrap_text=True, vertical="top")  # long text (Prose), read where it stands
# Columns whose drop-down lists the numbers on another sheet: (sheet, column letter there).
REFERENCES = {"focus_area": ("Innsatsområder", "A"), "strategy": ("Tiltak", "B"), "project": ("Prosjekter", "A")}


STARTING_WHEELS = {
    "innovasjon-norge": ("arshjul-innovasjon-norge.yaml", "Innovasjon Norges årshjul for omstillingsprogrammer"),
    "vestre-toten": ("vestre-toten.yaml", "årshjulet til Omstillingsprogrammet i Vestre Toten (demoen)"),
}
"""The wheels a new programme can start from (the template's Årshjul, Kvoter and Fridager sheets)."""


def starting_wheel(name: str) -> dict[str, dict[tuple, dict]]:
    """A starting wheel's rows as workbook records: events (with each rule in words), quotas and closed days."""
    from importlib import resources

    import yaml

    from omstilling.core.agenda import event_rule_in_words
    from omstilling.errors import OmstillingError
    from omstilling.intake.schemas import ClosedDayIn, QuotaRuleIn, WheelEventIn, validate

    if name not in STARTING_WHEELS:
        raise OmstillingError(f"ukjent årshjul «{name}»; velg blant: {', '.join(STARTING_WHEELS)}")
    text = resources.files("omstilling.intake.demo_data").joinpath(STARTING_WHEELS[name][0]).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    events = {}
    for item in data["wheel"]:
        event = validate(WheelEventIn, item, "hendelse i årshjulet").model_dump()
        events[(event["key"],)] = event | {"rule_text": event_rule_in_words(event["kind"], event["rrule"])}
    quotas = {
        (q["key"],): q for q in (validate(QuotaRuleIn, item, "kvote").model_dump() for item in data.get("quotas", []))
    }
    closed = {
        (c["key"],): c
        for c in (validate(ClosedDayIn, item, "fridag").model_dump() for item in data.get("closed_days", []))
    }
    return {"Årshjul": events, "Kvoter": quotas, "Fridager": closed}


def export_workbook(
    session: Session,
    programme: Programme | None,
    path: Path | IO[bytes],
    *,
    with_contacts: bool = False,
    wheel: str | None = None,
) -> dict[str, int]:
    """Write `programme` (or, when None, an empty template, with the starting `wheel` when one is named) to
    `path`; returns the rows per sheet."""
    with speaking(programme.language if programme else None):  # the rules in words too («kvar måndag»)
        records = programme_records(session, programme)
        if programme is None and wheel:
            records.update(starting_wheel(wheel))
        write_workbook(records, path, with_contacts=with_contacts, title=programme.name if programme else None)
    return {name: len(rows) for name, rows in records.items()}


def export_csv(
    session: Session, programme: Programme | None, folder: Path, *, with_contacts: bool = False
) -> dict[str, int]:
    """Write one CSV file per sheet into `folder` (created if need be); returns the rows per sheet."""
    with speaking(programme.language if programme else None):
        records = programme_records(session, programme)
        write_csv(records, folder, with_contacts=with_contacts)
    return {name: len(rows) for name, rows in records.items()}


def write_csv(records: Records, folder: Path, *, with_contacts: bool = False) -> list[Path]:
    """UTF-8 with a byte-order mark (so Excel reads the letters right), `;` between cells, ISO dates; text that
    a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+47 999`) starts with an apostrophe, which the import
    takes off again. Files and headers are named in the current written standard."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in SHEETS:
        columns = sheet.visible(with_contacts)
        path = folder / f"{sheet.title}.csv"
        text = io.StringIO(newline="")
        writer = csv.writer(text, delimiter=";")
        writer.writerow(c.header for c in columns)
        for record in records[sheet.name].values():
            writer.writerow(c.kind.csv_text(record.get(c.field)) for c in columns)
        written.append(write_atomically(path, text.getvalue().encode("utf-8-sig"), make_folder=True))
    return written


def write_workbook(
    records: Records, path: Path | IO[bytes], *, with_contacts: bool = False, title: str | None = None
) -> None:
    """Save the workbook for `records` to `path`."""
    build_workbook(records, with_contacts=with_contacts, title=title).save(path)


def build_workbook(records: Records, *, with_contacts: bool = False, title: str | None = None) -> Workbook:
    """The workbook: instructions first, then one sheet per kind, then the hidden lists behind the drop-downs."""
    workbook = Workbook()
    write_instructions(workbook.active, title, with_contacts)
    workbook.active.title = gettext(INSTRUCTIONS)
    lists = workbook.create_sheet(gettext(LISTS))
    ranges = _lists(lists)
    lists.sheet_state = "hidden"
    for sheet in SHEETS:
        _sheet(
            workbook.create_sheet(sheet.title, index=len(workbook.sheetnames) - 1),
            sheet,
            records[sheet.name].values(),
            sheet.visible(with_contacts),
            ranges,
        )
    return workbook


def _lists(worksheet: Worksheet) -> dict[str, str]:
    """Each choice's labels in a column of the hidden sheet; returns the range a drop-down reads, by enum name."""
    ranges: dict[str, str] = {}
    lists: dict[str, tuple[str, ...]] = {}
    for sheet in SHEETS:
        for column in sheet.columns:
            if isinstance(column.kind, Choice):
                lists.setdefault(column.kind.list_name, column.kind.choices)
    for index, (name, labels) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        worksheet.cell(1, index, name)
        for row, label in enumerate(labels, start=2):
            worksheet.cell(row, index, label)
        ranges[name] = f"{quote_sheetname(worksheet.title)}!${letter}$2:${letter}${len(labels) + 1}"
    return ranges


def _validation(column: Column, ranges: dict[str, str]) -> DataValidation | None:
    """The drop-down or number rule Excel checks while typing (the import checks again)."""
    kind = column.kind
    rule: dict[str, Any] = {"allow_blank": True, "showErrorMessage": True, "errorTitle": column.header}
    if isinstance(kind, Choice):
        return DataValidation(
            type="list",
            formula1=f"={ranges[kind.list_name]}",
            **rule,
            error=_("Velg en av: %(choices)s") % {"choices": ", ".join(kind.choices)},
        )
    if isinstance(kind, YesNo):
        return DataValidation(type="list", formula1='"Ja,Nei"', **rule, error=_("Velg Ja eller Nei"))
    if isinstance(kind, Standard):
        words = ",".join(kind.choices)
        return DataValidation(type="list", formula1=f'"{words}"', **rule, error=_("Velg bokmål eller nynorsk"))
    if column.field in REFERENCES:
        other, letter = REFERENCES[column.field]
        title = BY_NAME[other].title
        return DataValidation(
            type="list",
            formula1=f"={quote_sheetname(title)}!${letter}$2:${letter}$5000",
            **rule,
            errorStyle="warning",
            error=_("Finnes ikke på arket %(sheet)s ennå. Legg den til der, eller velg fra listen.") % {"sheet": title},
        )
    if kind is YEAR:
        return DataValidation(
            type="whole",
            operator="between",
            formula1="1990",
            formula2="2100",
            **rule,
            error=_("Skriv et årstall, f.eks. 2014"),
        )
    if kind in (KRONER, COUNT):
        return DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            **rule,
            error=_("Skriv %(expected)s") % {"expected": kind.expected},
        )
    if isinstance(kind, Day):
        return DataValidation(
            type="date",
            operator="between",
            formula1="DATE(1990,1,1)",
            formula2="DATE(2100,12,31)",
            **rule,
            error=_("Skriv en dato, f.eks. 16.06.2014"),
        )
    return None


def _sheet(
    worksheet: Worksheet, sheet: Sheet, records: Iterable[Record], columns: tuple[Column, ...], ranges: dict[str, str]
) -> None:
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = worksheet.cell(1, index, column.header)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        about = _("%(help)s\n\nFormat: %(format)s.") % {"help": column.explained, "format": column.kind.expected}
        cell.comment = Comment(about, "omstilling", width=300, height=140)
        worksheet.column_dimensions[letter].width = column.width
        worksheet.column_dimensions[letter].number_format = column.kind.number_format
        if column.kind.wrap:
            worksheet.column_dimensions[letter].alignment = WRAPPED  # rows typed anew wrap too
        if (validation := _validation(column, ranges)) is not None:
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            worksheet.add_data_validation(validation)
    count = 0
    for count, record in enumerate(records, start=1):
        for index, column in enumerate(columns, start=1):
            value = column.kind.write(record.get(column.field))
            cell = worksheet.cell(count + 1, index, value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, even when it looks like a formula (openpyxl's "=…")
            cell.number_format = column.kind.number_format
            if column.kind.wrap:
                cell.alignment = WRAPPED
            if column.field == "id":
                cell.font = Font(color="808080")
    worksheet.row_dimensions[1].height = 32
    worksheet.freeze_panes = "A2"
    worksheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
