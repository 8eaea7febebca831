"""Workbooks made to exhaust a server, written part by part as an attacker would (a real .xlsx is a zip file of XML
parts): millions of rows in a few hundred kilobytes, a row a million cells wide, a cell far out at XFD1048576, a
style sheet of a million styles, a part whose directory lies about its size. The tests and bench/workbook_limits.py
build them here."""

from __future__ import annotations

import random
import struct
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
)
PACKAGE_RELATIONS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>'
    '<sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELATIONS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)


def styles(extra: int = 0, noise: bool = False) -> Iterator[str]:
    """A style sheet; with `extra`, that many more cell formats (openpyxl builds an object for each)."""
    yield (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/>'
        '<name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        f'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{extra + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    )
    draw = random.Random(22)
    for _ in range(extra):
        number = draw.randrange(10**9) if noise else 0
        yield f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="{number}"/>'
    yield "</cellXfs></styleSheet>"


def sheet(rows: Iterable[str], dimension: str | None = "A1:A1") -> Iterator[str]:
    """A worksheet of the given `<row>` elements (as text), with the dimension it claims."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
    if dimension:
        yield f'<dimension ref="{dimension}"/>'
    yield "<sheetData>"
    yield from rows
    yield "</sheetData></worksheet>"


def text_row(number: int, *values: str) -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in values)
    return f'<row r="{number}">{cells}</row>'


def write_workbook(
    path: Path,
    sheet_parts: Iterable[str],
    *,
    title: str = "Prosjekter",
    style_parts: Iterable[str] | None = None,
    extra: dict[str, str] | None = None,
) -> Path:
    """An .xlsx with one sheet, its parts streamed into the zip file (a sheet of gigabytes never in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELATIONS)
        archive.writestr("xl/workbook.xml", WORKBOOK.replace("{title}", title))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELATIONS)
        for name, parts in (("xl/styles.xml", style_parts or styles()), ("xl/worksheets/sheet1.xml", sheet_parts)):
            with archive.open(name, "w", force_zip64=True) as stream:
                buffered: list[str] = []
                size = 0
                for part in parts:
                    buffered.append(part)
                    size += len(part)
                    if size > 1 << 20:
                        stream.write("".join(buffered).encode())
                        buffered, size = [], 0
                stream.write("".join(buffered).encode())
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return path


HEADERS = ("Prosjektnummer", "Tittel", "Prosjekteier", "Innsatsområde", "Fase", "Status")


def many_rows(path: Path, rows: int, dimension: str | None = "A1:F2") -> Path:
    """A Prosjekter sheet of `rows` rows below its header (each a different project, so it packs as real data
    does), claiming the dimension given."""
    body = (text_row(n, f"R-{n}", f"Prosjekt {n}", "Bedrift AS", "1", "forstudie", "søkt") for n in range(2, rows + 2))
    return write_workbook(path, sheet([text_row(1, *HEADERS), *body], dimension))


def one_far_cell(path: Path, reference: str = "XFD1048576", dimension: str | None = "A1:F1") -> Path:
    """A header row and one cell far out: openpyxl would fill every row and column up to it."""
    row = int("".join(c for c in reference if c.isdigit()))
    far = f'<row r="{row}"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row>'
    return write_workbook(path, sheet([text_row(1, *HEADERS), far], dimension))


def wide_row(path: Path, cells: int, noise: bool = True, dimension: str | None = "A1:A1") -> Path:
    """A header row, then one row `cells` cells wide (with `noise`, each a different number, so it packs no
    tighter than real data)."""
    draw = random.Random(22)
    values = (f"<c><v>{draw.randrange(10**9) if noise else 0}</v></c>" for _ in range(cells))
    return write_workbook(path, sheet([text_row(1, *HEADERS), '<row r="2">', *values, "</row>"], dimension))


def many_styles(path: Path, styles_count: int) -> Path:
    """A tiny sheet with a style sheet of `styles_count` cell formats that differ (so it packs like real data)."""
    return write_workbook(path, sheet([text_row(1, *HEADERS)]), style_parts=styles(styles_count, noise=True))


def with_doctype(path: Path) -> Path:
    """A sheet whose XML declares entities (the "billion laughs": each expands to ten of the one before)."""
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{n} "{("&a" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    )
    rows = [text_row(1, *HEADERS), '<row r="2"><c t="inlineStr"><is><t>&a9;</t></is></c></row>']
    parts = sheet(rows)
    first = next(parts)
    return write_workbook(
        path, [first.replace("<worksheet", f"<!DOCTYPE worksheet [{entities}]><worksheet", 1), *parts]
    )


def many_parts(path: Path, parts: int) -> Path:
    """A workbook with `parts` extra empty parts in its zip directory."""
    return write_workbook(
        path, sheet([text_row(1, *HEADERS)]), extra={f"xl/media/empty{n}.bin": "" for n in range(parts)}
    )


def lying_size(path: Path, rows: int) -> Path:
    """A Prosjekter sheet of `rows` rows whose zip directory says the sheet unpacks to 1 000 bytes: a reader
    that trusts the directory's size has no idea how much is coming."""
    many_rows(path, rows)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        real_size = info.file_size
    # the directory entry: signature, 16 bytes in, then compressed size (4), uncompressed size (4); zip64 keeps
    # the sizes in an extra field when force_zip64 wrote one
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        name = bytes(data[entry + 46 : entry + 46 + name_length])
        if name == b"xl/worksheets/sheet1.xml":
            break
        entry = data.find(b"PK\x01\x02", entry + 4)
    assert entry >= 0
    extra_length = struct.unpack_from("<H", data, entry + 30)[0]
    size_field = struct.unpack_from("<I", data, entry + 24)[0]
    if size_field == 0xFFFFFFFF:  # zip64: the real sizes are in the extra field (id 1: uncompressed first)
        at = entry + 46 + name_length
        end = at + extra_length
        while at < end:
            kind, length = struct.unpack_from("<HH", data, at)
            if kind == 1:
                assert struct.unpack_from("<Q", data, at + 4)[0] == real_size
                struct.pack_into("<Q", data, at + 4, 1000)
                break
            at += 4 + length
    else:
        struct.pack_into("<I", data, entry + 24, 1000)
    path.write_bytes(bytes(data))
    return path
