"""Reading what the user hands in: an .xlsx workbook, one .csv file, or a folder of .csv files (one per sheet,
named after it: Prosjekter.csv). The result is plain cells per sheet; a file that cannot be read at all gets
one clear line (`UnreadableFile`), and so does one over the limits (`limits.TooLarge`: its size, unpacked, its
rows and columns), checked before it is read."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from omstilling.core.language import _
from omstilling.intake.workbook.cells import unguard_formula
from omstilling.intake.workbook.columns import is_the_exports_own
from omstilling.intake.workbook.limits import Limits, check_archive, check_csv_rows, check_file_size
from omstilling.intake.workbook.problems import UnreadableFile

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of encrypted .xlsx files and of old .xls files
ZIP = b"PK\x03\x04"


@dataclass
class RawSheet:
    """One sheet's cells as the file holds them: the header row, then numbered data rows."""

    name: str
    headers: list[object]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    from_text: bool = False  # CSV: every cell is text, dates are ISO


def sheet_name(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def read_source(path: Path, limits: Limits | None = None) -> list[RawSheet]:
    """The sheets in `path` (.xlsx, .csv, or a folder of .csv files), within `limits` (default: the settings')."""
    limits = limits or Limits.from_settings()
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        if not files:
            raise UnreadableFile(
                _("%(path)s: mappen har ingen .csv-filer (én per ark, f.eks. Prosjekter.csv)") % {"path": path}
            )
        check_file_size(path, sum(p.stat().st_size for p in files), limits, _("CSV-filene i mappen"))
        return [read_csv(p, limits=limits) for p in files]
    if not path.exists():
        raise UnreadableFile(_("%(path)s: filen finnes ikke") % {"path": path})
    check_file_size(path, path.stat().st_size, limits)  # before a byte of it is read
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFile(_("%(path)s: filen er tom; forventet en Excel-arbeidsbok (.xlsx)") % {"path": path})
    if data.startswith(ZIP):
        return read_xlsx(path, data, limits)
    if data.startswith(OLE2):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise UnreadableFile(
                _(
                    "%(path)s: arbeidsboka er passordbeskyttet; fjern passordet i Excel "
                    "(Fil › Informasjon › Beskytt arbeidsbok) og lagre den på nytt"
                )
                % {"path": path}
            )
        raise UnreadableFile(
            _("%(path)s: en gammel Excel 97–2003-arbeidsbok (.xls); lagre den som .xlsx og prøv igjen") % {"path": path}
        )
    if path.suffix.lower() == ".csv":
        return [read_csv(path, data, limits)]
    if _text(data) is not None:
        told = _(
            "%(path)s: ikke en Excel-arbeidsbok (.xlsx): filen er en tekst- eller CSV-fil; lagre den som .xlsx, "
            "eller bruk CSV-filer som heter det samme som arkene (Prosjekter.csv)"
        )
    else:
        told = _(
            "%(path)s: ikke en Excel-arbeidsbok (.xlsx): filen er en fil av en annen type; lagre den som .xlsx, "
            "eller bruk CSV-filer som heter det samme som arkene (Prosjekter.csv)"
        )
    raise UnreadableFile(told % {"path": path})


def _trimmed(values: tuple[object, ...]) -> list[object]:
    """A row without the empty cells openpyxl pads it with on the right."""
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    return list(values[:end])


def read_xlsx(path: Path, data: bytes, limits: Limits | None = None) -> list[RawSheet]:
    """The workbook's sheets, once `limits.check_archive` has found the zip file and every part of it within the
    limits; openpyxl then reads the same bytes (read-only), told where to stop, so that a sheet's dimension (which
    may lie) never decides how many rows or columns it builds."""
    from openpyxl import load_workbook

    limits = limits or Limits.from_settings()
    check_archive(path, data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 (openpyxl raises many kinds for a damaged or foreign zip file)
        # its own words are English and about its insides: the user hears what they mean
        raise UnreadableFile(
            _(
                "%(path)s: ikke en Excel-arbeidsbok (.xlsx) som kan leses: filen er skadet, eller en "
                "annen slags fil i zip-format; lagre den på nytt som Excel-arbeidsbok (.xlsx)"
            )
            % {"path": path}
        ) from None
    try:
        sheets = []
        for worksheet in workbook.worksheets:
            if is_the_exports_own(sheet_name(worksheet.title)):
                continue  # written by the export for people and drop-downs; never read back
            rows = worksheet.iter_rows(values_only=True, max_row=limits.max_rows, max_col=limits.max_columns)
            headers = _trimmed(next(rows, ()))
            sheet = RawSheet(sheet_name(worksheet.title), headers)
            for number, values in enumerate(rows, start=2):
                sheet.rows.append((number, _trimmed(values)))
            while sheet.rows and not sheet.rows[-1][1]:
                sheet.rows.pop()  # blank rows below the data (formatted, or openpyxl's filling)
            widest = max((len(values) for _, values in sheet.rows), default=0)
            sheet.headers += [None] * (widest - len(sheet.headers))  # data without a header is told, not dropped
            sheets.append(sheet)
        return sheets
    except Exception:  # noqa: BLE001 (a sheet that is damaged inside: openpyxl's own words again)
        raise UnreadableFile(
            _(
                "%(path)s: ikke en Excel-arbeidsbok (.xlsx) som kan leses: et av arkene er skadet; "
                "lagre den på nytt som Excel-arbeidsbok (.xlsx)"
            )
            % {"path": path}
        ) from None
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


def read_csv(path: Path, data: bytes | None = None, limits: Limits | None = None) -> RawSheet:
    """A CSV file as a sheet named after the file; `;`, `,` or tab between cells, UTF-8 or Windows-1252. A cell
    the export guarded against being run as a formula (`'=HYPERLINK(…)`) loses that one apostrophe. Held to
    `limits` (size before it is read; rows and columns as they are read)."""
    limits = limits or Limits.from_settings()
    if data is None:
        check_file_size(path, path.stat().st_size, limits)
        data = path.read_bytes()
    check_file_size(path, len(data), limits)
    text = _text(data)
    if text is None:
        raise UnreadableFile(_("%(path)s: ikke en tekstfil; forventet CSV i UTF-8") % {"path": path})
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader, [])
        check_csv_rows(path, 1, len(headers), limits)
        sheet = RawSheet(sheet_name(path.stem), list(headers), from_text=True)
        for number, values in enumerate(reader, start=2):
            check_csv_rows(path, number, len(values), limits)
            sheet.rows.append((number, [unguard_formula(value) for value in values]))
    except csv.Error:  # a cell longer than the csv module takes (128 KB), or a stray NUL: its words are English
        raise UnreadableFile(
            _(
                "%(path)s: ikke en CSV-fil som kan leses (rad %(row)s: en celle er for lang, "
                "eller filen har tegn en CSV-fil ikke har)"
            )
            % {"path": path, "row": reader.line_num}
        ) from None
    return sheet
