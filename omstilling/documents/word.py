"""Word after pandoc: what pandoc's DOCX writer cannot say, added with python-docx.

Column widths come from the table filter (tabeller.lua) through pandoc; here every table is fixed to those
widths (so Word and LibreOffice do not re-flow them and break words), its header row repeats on each page, no
row is split across two pages, cell text takes the "Tabelltekst" style, and a traffic-light cell (a run in a
"Lys grønn/gul/rød" character style) gets its colour as the cell's shading, with the word left in it.

It works on the XML: python-docx's style properties search every style on each access, which made a long
report take a second here."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# The paragraph style of the text in table cells, when the reference document has it (documents/templates/reference.docx).
CELL_STYLE = "Tabelltekst"
# The cell colours of the traffic lights (as document.css and dokument.typ have them).
LIGHT_FILLS = {"Lys grønn": "C6E9C9", "Lys gul": "FFEB9C", "Lys rød": "F4C7C3"}


def _child(parent, tag: str):
    """The child `tag` of `parent`, made (last) when missing; for elements whose place is free (in w:trPr)."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def _shade(cell, fill: str) -> None:
    properties = _first(cell, "w:tcPr")
    for old in properties.findall(qn("w:shd")):
        properties.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    # (the schema's order: w:shd comes before these)
    later = next((child for child in properties if child.tag in _AFTER_SHADING), None)
    if later is None:
        properties.append(shading)
    else:
        later.addprevious(shading)


_AFTER_SHADING = {
    qn(f"w:{tag}")
    for tag in (
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
        "headers",
        "cellIns",
        "cellDel",
        "cellMerge",
        "tcPrChange",
    )
}


def _first(parent, tag: str):
    """The child `tag` that must come first in `parent` (a cell's or row's properties), made when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert(0, found)
    return found


def _style_ids(document) -> dict[str, str]:
    """Style name → style id, read once (python-docx looks styles up by a linear search on every access)."""
    return {style.name: style.style_id for style in document.styles}


def finish_docx(data: bytes) -> bytes:
    """Fixed column widths, whole rows, repeated headers, the cell text style and coloured traffic lights in
    every table."""
    document = Document(io.BytesIO(data))
    ids = _style_ids(document)
    cell_style = ids.get(CELL_STYLE)
    fills = {ids[name]: fill for name, fill in LIGHT_FILLS.items() if name in ids}
    for table in document.element.body.iter(qn("w:tbl")):
        table.tblPr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
        for number, row in enumerate(table.iterchildren(qn("w:tr"))):
            properties = _row_properties(row)
            _child(properties, "w:cantSplit")
            if number == 0:
                _child(properties, "w:tblHeader")
            for cell in row.iterchildren(qn("w:tc")):
                if cell_style:
                    for paragraph in cell.iterchildren(qn("w:p")):
                        _first(_first(paragraph, "w:pPr"), "w:pStyle").set(qn("w:val"), cell_style)
                light = next(
                    (fills[r.get(qn("w:val"))] for r in cell.iter(qn("w:rStyle")) if r.get(qn("w:val")) in fills), None
                )
                if light:
                    _shade(cell, light)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _row_properties(row):
    """A row's w:trPr, which comes after any w:tblPrEx and before the cells."""
    properties = row.find(qn("w:trPr"))
    if properties is None:
        properties = OxmlElement("w:trPr")
        exception = row.find(qn("w:tblPrEx"))
        row.insert(1 if exception is not None else 0, properties)
    return properties
