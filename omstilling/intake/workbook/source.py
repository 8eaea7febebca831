"""Reading what the user hands in: an .xlsx workbook, one .csv file, or a folder of .csv files (one per sheet,
named after it: Prosjekter.csv). The result is plain cells per sheet; a file that cannot be read at all gets
one clear line (`UnreadableFile`)."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from omstilling.errors import OmstillingError
from omstilling.intake.workbook.cells import unguard_formula
from omstilling.intake.workbook.columns import INSTRUCTIONS, LISTS

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of encrypted .xlsx files and of old .xls files
ZIP = b"PK\x03\x04"


class UnreadableFile(OmstillingError):
    """A file that is not a workbook (or CSV) omstilling can read; nothing was imported."""


@dataclass
class RawSheet:
    """One sheet's cells as the file holds them: the header row, then numbered data rows."""

    name: str
    headers: list[object]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    from_text: bool = False  # CSV: every cell is text, dates are ISO


def sheet_name(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def read_source(path: Path) -> list[RawSheet]:
    """The sheets in `path` (.xlsx, .csv, or a folder of .csv files)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        if not files:
            raise UnreadableFile(f"{path}: mappen har ingen .csv-filer (én per ark, f.eks. Prosjekter.csv)")
        return [read_csv(p) for p in files]
    if not path.exists():
        raise UnreadableFile(f"{path}: filen finnes ikke")
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFile(f"{path}: filen er tom; forventet en Excel-arbeidsbok (.xlsx)")
    if data.startswith(ZIP):
        return read_xlsx(path, data)
    if data.startswith(OLE2):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise UnreadableFile(f"{path}: arbeidsboka er passordbeskyttet; fjern passordet i Excel "
                                 "(Fil › Informasjon › Beskytt arbeidsbok) og lagre den på nytt")
        raise UnreadableFile(f"{path}: en gammel Excel 97–2003-arbeidsbok (.xls); lagre den som .xlsx og prøv igjen")
    if path.suffix.lower() == ".csv":
        return [read_csv(path, data)]
    looks_like = "en tekst- eller CSV-fil" if _text(data) is not None else "en fil av en annen type"
    raise UnreadableFile(f"{path}: ikke en Excel-arbeidsbok (.xlsx): filen er {looks_like}; "
                         "lagre den som .xlsx, eller bruk CSV-filer som heter det samme som arkene (Prosjekter.csv)")


def read_xlsx(path: Path, data: bytes) -> list[RawSheet]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 (openpyxl raises many kinds for a damaged or foreign zip file)
        raise UnreadableFile(f"{path}: ikke en Excel-arbeidsbok (.xlsx) som kan leses ({exc})") from None
    try:
        sheets = []
        for worksheet in workbook.worksheets:
            if sheet_name(worksheet.title) in (INSTRUCTIONS, LISTS):
                continue  # written by the export for people and drop-downs; never read back
            rows = worksheet.iter_rows(values_only=True)
            headers = list(next(rows, ()))
            sheet = RawSheet(sheet_name(worksheet.title), headers)
            for number, values in enumerate(rows, start=2):
                sheet.rows.append((number, list(values)))
            sheets.append(sheet)
        return sheets
    finally:
        workbook.close()


def _text(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):  # Norwegian Excel saves "CSV (semikolondelt)" as Windows-1252
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    return None


def read_csv(path: Path, data: bytes | None = None) -> RawSheet:
    """A CSV file as a sheet named after the file; `;`, `,` or tab between cells, UTF-8 or Windows-1252. A cell
    the export guarded against being run as a formula (`'=HYPERLINK(…)`) loses that one apostrophe."""
    text = _text(path.read_bytes() if data is None else data)
    if text is None:
        raise UnreadableFile(f"{path}: ikke en tekstfil; forventet CSV i UTF-8")
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = next(reader, [])
    sheet = RawSheet(sheet_name(path.stem), list(headers), from_text=True)
    for number, values in enumerate(reader, start=2):
        sheet.rows.append((number, [unguard_formula(value) for value in values]))
    return sheet
