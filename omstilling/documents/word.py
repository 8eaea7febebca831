"""Word after pandoc: what pandoc's DOCX writer cannot say, added with python-docx.

Column widths come from the table filter (tabeller.lua) through pandoc; here every table is fixed to those
widths, as wide as the text (so Word and LibreOffice do not re-flow them and break words), its header row repeats
on each page, no row is split across two pages, cell text takes the "Tabelltekst" style, and a traffic-light cell (a run in a
"Lys grønn/gul/rød" character style) gets its colour as the cell's shading, with the word left in it.

Every page gets the PDF's running head (the programme on the left, the document's title on the right, a thin
line under them) and foot ("side 3 av 12", with Word's PAGE and NUMPAGES fields, so Word and LibreOffice count the
pages as they lay them out), in the reference document's "Header" and "Footer" styles.

It works on the XML: python-docx's style properties search every style on each access, which made a long
report take a second here."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from omstilling.documents.pdf import TitlePage

# The paragraph style of the text in table cells, when the reference document has it (documents/templates/reference.docx).
CELL_STYLE = "Tabelltekst"
# The cell colours of the traffic lights (as document.css and dokument.typ have them).
LIGHT_FILLS = {"Lys grønn": "C6E9C9", "Lys gul": "FFEB9C", "Lys rød": "F4C7C3"}
EMU_PER_TWIP = 635


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


def finish_docx(data: bytes, page: TitlePage | None = None) -> bytes:
    """Fixed column widths, whole rows, repeated headers, the cell text style and coloured traffic lights in
    every table; the running head (from `page`: programme and title) and the page numbers on every page."""
    document = Document(io.BytesIO(data))
    ids = _style_ids(document)
    if page is not None:
        _running_head_and_foot(document, ids, page)
    cell_style = ids.get(CELL_STYLE)
    fills = {ids[name]: fill for name, fill in LIGHT_FILLS.items() if name in ids}
    text_width = _text_width(document.sections[-1]) // EMU_PER_TWIP
    for table in document.element.body.iter(qn("w:tbl")):
        table.tblPr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
        _full_width(table, text_width)
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


def _text_width(section) -> int:
    """The width of a section's text in EMU (A4 less 2.2 cm margins when the document does not say)."""
    page = section.page_width or 7_560_000
    left, right = section.left_margin or 792_000, section.right_margin or 792_000
    return int(page - left - right)


def _full_width(table, text_width: int) -> None:
    """The table as wide as the text, its columns in the parts tabeller.lua gave them (pandoc writes the grid
    for a 5.5-inch page and the table as 100 %, which Word and LibreOffice each resolve their own way)."""
    columns = list(table.tblGrid.iterchildren(qn("w:gridCol")))
    widths = [int(column.get(qn("w:w"), "0")) for column in columns]
    if not columns or sum(widths) <= 0:
        return
    total, placed = sum(widths), 0
    for number, (column, width) in enumerate(zip(columns, widths, strict=True)):
        share = text_width - placed if number == len(columns) - 1 else round(text_width * width / total)
        column.set(qn("w:w"), str(share))
        placed += share
    size = table.tblPr.find(qn("w:tblW"))
    if size is not None:
        size.set(qn("w:type"), "dxa")
        size.set(qn("w:w"), str(text_width))


def _row_properties(row):
    """A row's w:trPr, which comes after any w:tblPrEx and before the cells."""
    properties = row.find(qn("w:trPr"))
    if properties is None:
        properties = OxmlElement("w:trPr")
        exception = row.find(qn("w:tblPrEx"))
        row.insert(1 if exception is not None else 0, properties)
    return properties


def _running_head_and_foot(document, ids: dict[str, str], page: TitlePage) -> None:
    """Programme ⇥ title over a thin line at the top of every page, "side N av M" centred at the foot."""
    for section in document.sections:
        width = _text_width(section)
        for part, style in ((section.header, "Header"), (section.footer, "Footer")):
            part.is_linked_to_previous = False
            for extra in part.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
            paragraph = part.paragraphs[0]._p
            for child in list(paragraph):
                paragraph.remove(child)
            properties = _first(paragraph, "w:pPr")
            if style in ids:
                _first(properties, "w:pStyle").set(qn("w:val"), ids[style])
            if style == "Header":
                _bottom_line(properties)
                _tab_right(properties, width)
                _text(paragraph, page.programme)
                _text(paragraph, "", tab=True)
                _text(paragraph, page.title)
            else:
                _child(properties, "w:jc").set(qn("w:val"), "center")
                _text(paragraph, "side ")
                _field(paragraph, "PAGE")
                _text(paragraph, " av ")
                _field(paragraph, "NUMPAGES")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (a control character in a programme's name would stop every Word file)."""


def _text(paragraph, text: str, *, tab: bool = False) -> None:
    text = _NOT_XML.sub("", text)
    run = OxmlElement("w:r")
    if tab:
        run.append(OxmlElement("w:tab"))
    else:
        element = OxmlElement("w:t")
        element.set(qn("xml:space"), "preserve")
        element.text = text
        run.append(element)
    paragraph.append(run)


def _field(paragraph, instruction: str) -> None:
    """A field Word and LibreOffice compute as they lay the pages out ("1" until then)."""
    for kind in ("begin", "instruction", "separate", "result", "end"):
        run = OxmlElement("w:r")
        if kind == "instruction":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        elif kind == "result":
            element = OxmlElement("w:t")
            element.text = "1"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run.append(element)
        paragraph.append(run)


# (the schema's order in w:pPr: pStyle … pBdr, shd, tabs … jc …; these are the ones written here)
_PARAGRAPH_ORDER = ["w:pStyle", "w:keepNext", "w:pBdr", "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"]


def _in_order(properties, element) -> None:
    tag = next(t for t in _PARAGRAPH_ORDER if qn(t) == element.tag)
    after = {qn(t) for t in _PARAGRAPH_ORDER[_PARAGRAPH_ORDER.index(tag) + 1 :]}
    later = next((child for child in properties if child.tag in after), None)
    if later is None:
        properties.append(element)
    else:
        later.addprevious(element)


def _bottom_line(properties) -> None:
    borders = OxmlElement("w:pBdr")
    line = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "2"), ("w:color", "555555")):
        line.set(qn(key), value)
    borders.append(line)
    _in_order(properties, borders)


def _tab_right(properties, width) -> None:
    tabs = OxmlElement("w:tabs")
    stop = OxmlElement("w:tab")
    stop.set(qn("w:val"), "right")
    stop.set(qn("w:pos"), str(width // EMU_PER_TWIP))
    tabs.append(stop)
    _in_order(properties, tabs)
