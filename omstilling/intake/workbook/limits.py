"""How much of a file omstilling reads, checked before it is read: a workbook of a few hundred kilobytes can unpack
to millions of rows (a zip bomb), and openpyxl would build all of them in memory.

    the file's own size ─▶ the zip's directory: parts, sizes as declared, how tightly each is packed
      ─▶ every XML part streamed through expat once, nothing kept: the bytes as they really unpack, rows and
         columns per sheet (also rows and columns a cell's address jumps to), elements in the other parts
      ─▶ only then openpyxl (read-only, told the rows and columns to stop at)

A CSV file is held to the same size, rows and columns as it is read. Whatever is over a limit is refused with one
Norwegian line (`TooLarge`), and nothing is imported. The limits come from the settings (`Limits.from_settings`:
OMSTILLING_WORKBOOK_MAX_MB, _MAX_ROWS, _MAX_COLUMNS, _MAX_ERRORS), the same for the command line, the web app and
the Prefect forms."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from omstilling.config import Settings, get_settings
from omstilling.core.language import _
from omstilling.intake.workbook.problems import UnreadableFile, thousands

MB = 1024 * 1024
CHUNK = 64 * 1024

MAX_RATIO = 100
"""How many times smaller than its content a large part of a workbook may be packed. Sheets of real data pack
5–20 times (measured: the demo's export 6–10×, a 20 000-row sheet of one row repeated 16×, of blank cells 10×); a
part built to fill memory packs hundreds or thousands of times (a row of 3 million empty cells: 1 000×)."""
RATIO_FROM = 1 * MB
"""Parts smaller than this are not held to MAX_RATIO (a small part of repeated markup packs tightly and is harmless)."""
MAX_PARTS = 1000
"""A workbook is some ten parts and one per sheet; a zip file's directory of thousands is read into memory whole."""
MAX_OTHER_ELEMENTS = 100_000
"""Elements of an XML part openpyxl builds objects for (styles, the workbook, merged cells, validations …):
a real workbook has hundreds or a few thousand."""
MAX_CELL_ELEMENTS = 32
"""Elements inside one cell (a value, a formula, a rich text's runs)."""

# What a sheet's rows are made of: counted per row, not as "other" elements
CELL_CONTENT = frozenset(
    {
        "sheetData",
        "row",
        "c",
        "v",
        "f",
        "is",
        "t",
        "r",
        "rPr",
        "rPh",
        "phoneticPr",
        "rFont",
        "charset",
        "family",
        "b",
        "i",
        "strike",
        "outline",
        "shadow",
        "condense",
        "extend",
        "color",
        "sz",
        "u",
        "vertAlign",
        "scheme",
    }
)


@dataclass(frozen=True)
class Limits:
    """What omstilling reads of one workbook (or folder of CSV files) at most."""

    max_rows: int = 10_000
    """Rows per sheet, the header row included."""
    max_columns: int = 50
    max_bytes: int = 50 * MB
    """The workbook unpacked (all its parts together), a CSV file, a folder of them, and the file itself."""
    max_problems: int = 200
    """Errors listed; the rest are only counted."""

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Limits:
        found = settings or get_settings()
        return cls(
            max_rows=max(2, found.workbook_max_rows),
            max_columns=max(1, found.workbook_max_columns),
            max_bytes=max(1, int(found.workbook_max_mb * MB)),
            max_problems=max(1, found.workbook_max_errors),
        )

    @property
    def size(self) -> str:
        return size_words(self.max_bytes)


class TooLarge(UnreadableFile):
    """A file over one of the limits: refused before it was read; nothing was imported."""


def size_words(size: int) -> str:
    """A size as people read it: «50 MB», «1,5 MB», «12 kB»."""
    if size >= 10 * MB:
        return f"{size / MB:.0f} MB"
    if size >= MB:
        return f"{size / MB:.1f} MB".replace(".0 ", " ").replace(".", ",")
    return f"{-(-size // 1024)} kB"


def nothing() -> str:
    return _("ingenting ble importert")


# ── the file as a whole ──────────────────────────────────────────────────────────────────────────────────────────


def check_file_size(path: Path, size: int, limits: Limits, what: str | None = None) -> None:
    """`what`: what is too large, as the message names it (default «filen»)."""
    if size > limits.max_bytes:
        raise TooLarge(
            _("%(path)s: %(what)s er %(size)s; omstilling leser høyst %(limit)s; %(nothing)s")
            % {
                "path": path,
                "what": what or _("filen"),
                "size": size_words(size),
                "limit": limits.size,
                "nothing": nothing(),
            }
        )


def _declared_parts(data: bytes) -> int | None:
    """The number of parts the zip file's end record declares (read before the directory itself is), or None
    when there is no end record (zipfile then says the file is damaged)."""
    tail = data[-(65536 + 22) :]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 12:
        return None
    return int.from_bytes(tail[at + 10 : at + 12], "little")


def check_archive(path: Path, data: bytes, limits: Limits) -> None:
    """Check the workbook's zip file, its directory and every part, against `limits` (see the module's picture);
    raises TooLarge, or UnreadableFile for a damaged file."""
    check_file_size(path, len(data), limits)
    parts = _declared_parts(data)
    if parts is not None and parts > MAX_PARTS:  # 0xFFFF: a zip64 directory, never needed by a workbook
        raise TooLarge(_too_many_parts(path, parts))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise UnreadableFile(
            _("%(path)s: ikke en Excel-arbeidsbok (.xlsx) som kan leses: filen er skadet eller ikke en arbeidsbok")
            % {"path": path}
        ) from None
    with archive:
        _check_directory(path, archive, limits)
        _scan_parts(path, archive, limits)


def _too_many_parts(path: Path, parts: int) -> str:
    return _("%(path)s: filen har %(parts)s deler; en arbeidsbok har noen titalls; %(nothing)s") % {
        "path": path,
        "parts": thousands(parts),
        "nothing": nothing(),
    }


def _check_directory(path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        raise TooLarge(_too_many_parts(path, len(members)))
    declared = sum(member.file_size for member in members)
    if declared > limits.max_bytes:
        raise TooLarge(
            _("%(path)s: arbeidsboka er %(size)s pakket ut; omstilling leser høyst %(limit)s; %(nothing)s")
            % {"path": path, "size": size_words(declared), "limit": limits.size, "nothing": nothing()}
        )
    for member in members:
        if member.file_size > RATIO_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            ratio = member.file_size // max(member.compress_size, 1)
            raise TooLarge(
                _(
                    "%(path)s: en del av filen (%(part)s) er pakket %(ratio)s ganger tettere enn en arbeidsbok med "
                    "ekte data blir; den er laget for å fylle minnet, eller skadet; %(nothing)s"
                )
                % {"path": path, "part": member.filename, "ratio": thousands(ratio), "nothing": nothing()}
            )


# ── every XML part, streamed ─────────────────────────────────────────────────────────────────────────────────────


class _Over(Exception):
    """Raised inside expat's handler to stop the scan at once."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _column(reference: str) -> int:
    """The column number of a cell address (`AB12` → 28); 0 when it has no letters."""
    number = 0
    for char in reference:
        code = ord(char)
        if 65 <= code <= 90:
            number = number * 26 + code - 64
        elif 97 <= code <= 122:
            number = number * 26 + code - 96
        else:
            break
    return number


def _row_number(text: str | None, counted: int) -> int:
    if not text:
        return counted
    try:
        return int(text)
    except ValueError:
        try:
            return int(float(text))
        except (ValueError, OverflowError):
            return counted  # openpyxl refuses it when it reads the row


class _PartScan:
    """One XML part through expat, counting as it goes and keeping nothing. Which rules apply is decided by the
    part's root element: a worksheet (rows and columns), the shared strings (one per cell at most), or anything
    else (a bounded number of elements)."""

    def __init__(self, limits: Limits, sheet: str, part: str):
        self.limits, self.sheet, self.part = limits, sheet, part
        self.root: str | None = None
        self.rows = self.row_number = 0
        self.cells = self.in_cell = 0
        self.elements = self.other = 0
        self.strings_allowed = limits.max_rows * limits.max_columns

    def doctype(self, *_args) -> None:
        raise _Over(_("filen har XML som en arbeidsbok aldri har (en DOCTYPE-erklæring)"))

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name[name.rfind(":") + 1 :]
        self.elements += 1
        if self.root is None:
            self.root = local
        if self.root == "worksheet":
            self._sheet_element(local, attrs)
        elif self.root == "sst":
            if local == "si":
                self.cells += 1
                self.in_cell = 0
                if self.cells > self.strings_allowed:
                    raise _Over(
                        _("arbeidsboka har flere tekster enn arkene kan ha celler (%(cells)s)")
                        % {"cells": thousands(self.strings_allowed)}
                    )
            else:
                self.in_cell += 1
                if self.in_cell > MAX_CELL_ELEMENTS:
                    raise _Over(_("en tekst i arbeidsboka har flere deler enn en celle kan ha"))
        elif self.elements > MAX_OTHER_ELEMENTS:
            raise _Over(_("delen %(part)s har mer innhold enn en arbeidsbok trenger") % {"part": self.part})

    def _sheet_element(self, local: str, attrs: dict[str, str]) -> None:
        limits = self.limits
        if local == "c":
            self.cells += 1
            self.in_cell = 0
            column = max(self.cells, _column(attrs.get("r", "")))
            if column > limits.max_columns:
                raise _Over(
                    _("%(sheet)s har mer enn %(columns)s kolonner; omstilling leser høyst %(columns)s kolonner per ark")
                    % {"sheet": self.sheet, "columns": thousands(limits.max_columns)}
                )
        elif local == "row":
            self.rows += 1
            self.row_number = max(self.row_number + 1, _row_number(attrs.get("r"), self.rows))
            self.cells = 0
            if self.row_number > limits.max_rows:
                raise _Over(
                    _(
                        "%(sheet)s har mer enn %(rows)s rader; omstilling leser høyst %(rows)s rader per ark (tomme "
                        "rader med formatering under dataene teller også: slett dem, eller del opp arket)"
                    )
                    % {"sheet": self.sheet, "rows": thousands(limits.max_rows)}
                )
        elif local in CELL_CONTENT:
            self.in_cell += 1
            if self.in_cell > MAX_CELL_ELEMENTS:
                raise _Over(_("en celle i %(sheet)s har flere deler enn en celle kan ha") % {"sheet": self.sheet})
        else:
            self.other += 1
            if self.other > MAX_OTHER_ELEMENTS:
                raise _Over(_("%(sheet)s har mer innhold utenom cellene enn et ark trenger") % {"sheet": self.sheet})


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name → the sheet's title, from the workbook and its relations (small parts, already scanned), so that
    a message names the sheet as the user sees it; {} when they cannot be read."""
    import posixpath
    from xml.etree import ElementTree

    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, ValueError, OSError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in relations}
    titles = {}
    for element in workbook.iter():
        if element.tag.endswith("}sheet") or element.tag == "sheet":
            relation = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            target = targets.get(relation, "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            titles[part] = element.get("name", "")
    return titles


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            yield chunk


def _scan_parts(path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
    """Stream every XML part through expat. zipfile itself stops a part at the size its directory declares (and
    then finds the checksum wrong); the bytes are counted here as well, so a part can never unpack to more than
    the limit, whatever its directory says."""
    members = [m for m in archive.infolist() if m.filename.lower().endswith((".xml", ".rels", ".vml"))]
    ordered = sorted(members, key=lambda m: "/worksheets/" in m.filename)  # the workbook before its sheets
    titles: dict[str, str] | None = None
    unpacked = 0
    for member in ordered:
        if "/worksheets/" in member.filename and titles is None:
            titles = _sheet_titles(archive)
        title = (titles or {}).get(member.filename)
        sheet = (
            _("arket «%(title)s»") % {"title": title} if title else _("et ark (%(part)s)") % {"part": member.filename}
        )
        scan = _PartScan(limits, sheet, member.filename)
        parser = expat.ParserCreate()
        parser.StartElementHandler = scan.start
        parser.StartDoctypeDeclHandler = scan.doctype
        parser.EntityDeclHandler = scan.doctype
        try:
            for chunk in _chunks(archive, member):
                unpacked += len(chunk)
                if unpacked > limits.max_bytes:
                    raise _Over(
                        _("arbeidsboka er mer enn %(limit)s pakket ut; omstilling leser høyst %(limit)s")
                        % {"limit": limits.size}
                    )
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _Over as over:
            raise TooLarge(f"{path}: {over.message}; {nothing()}") from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError):
            # zlib's and zipfile's own (English) words are not for the user: what they mean is this
            raise UnreadableFile(
                _(
                    "%(path)s: ikke en Excel-arbeidsbok (.xlsx) som kan leses: filen er skadet (delen %(part)s er "
                    "ikke hel); %(nothing)s"
                )
                % {"path": path, "part": member.filename, "nothing": nothing()}
            ) from None
        except expat.ExpatError:
            raise UnreadableFile(
                _(
                    "%(path)s: ikke en Excel-arbeidsbok (.xlsx) som kan leses: delen %(part)s er ikke gyldig XML; "
                    "%(nothing)s"
                )
                % {"path": path, "part": member.filename, "nothing": nothing()}
            ) from None


# ── CSV ──────────────────────────────────────────────────────────────────────────────────────────────────────────


def check_csv_rows(path: Path, rows: int, columns: int, limits: Limits) -> None:
    """Called as each row of a CSV file is read: stop at the first row or column over the limit."""
    if rows > limits.max_rows:
        raise TooLarge(
            _("%(path)s: filen har mer enn %(rows)s rader; omstilling leser høyst %(rows)s rader per fil; %(nothing)s")
            % {"path": path, "rows": thousands(limits.max_rows), "nothing": nothing()}
        )
    if columns > limits.max_columns:
        raise TooLarge(
            _(
                "%(path)s: rad %(row)s har mer enn %(columns)s kolonner; omstilling leser høyst %(columns)s "
                "kolonner per fil; %(nothing)s"
            )
            % {"path": path, "row": rows, "columns": thousands(limits.max_columns), "nothing": nothing()}
        )
