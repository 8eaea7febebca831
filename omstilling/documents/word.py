"""Word after pandoc: what pandoc's DOCX writer cannot say, added with python-docx.

Column widths come from the table filter (tabeller.lua) through pandoc; here every table is fixed to those
widths (so Word and LibreOffice do not re-flow them and break words), its header row repeats on each page, no
row is split across two pages, cell text takes the "Tabelltekst" style, and a traffic-light cell (a run in a "Lys grønn/gul/rød" character style) gets
its colour as the cell's shading, with the word left in it."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# The cell colours of the traffic lights (as document.css and dokument.typ have them).
# The paragraph style of the text in table cells, when the reference document has it (templates/reference.docx).
CELL_STYLE = "Tabelltekst"
LIGHT_FILLS = {"Lys grønn": "C6E9C9", "Lys gul": "FFEB9C", "Lys rød": "F4C7C3"}


def _child(parent, tag: str):
    """The first child `tag` of `parent`, made when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    for old in properties.findall(qn("w:shd")):
        properties.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _light(cell) -> str | None:
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            style = run.style.name if run.style is not None else ""
            if style in LIGHT_FILLS:
                return LIGHT_FILLS[style]
    return None


def _fixed_layout(table) -> None:
    properties = table._tbl.tblPr
    layout = _child(properties, "w:tblLayout")
    layout.set(qn("w:type"), "fixed")


def _rows_whole(table) -> None:
    for number, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        _child(properties, "w:cantSplit")
        if number == 0:
            _child(properties, "w:tblHeader")


def finish_docx(data: bytes) -> bytes:
    """Fixed column widths, whole rows, repeated headers, the cell text style and coloured traffic lights in
    every table."""
    document = Document(io.BytesIO(data))
    names = {style.name for style in document.styles}
    cell_style = document.styles[CELL_STYLE] if CELL_STYLE in names else None
    for table in document.tables:
        _fixed_layout(table)
        _rows_whole(table)
        for row in table.rows:
            for cell in row.cells:
                if cell_style is not None:
                    for paragraph in cell.paragraphs:
                        paragraph.style = cell_style
                fill = _light(cell)
                if fill:
                    _shade(cell, fill)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
