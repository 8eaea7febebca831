"""Makes omstilling/documents/templates/reference.docx, the Word styles pandoc uses for DOCX documents.

A municipality may replace reference.docx with its own (open it in Word, change the styles "Normal",
"Heading 1–3", "Title", "Table", "Tabelltekst" (the text in table cells), "Header" and "Footer" (the running
head and the page numbers omstilling/documents/word.py writes), and the page, save). This script only recreates
the default:
    .venv/bin/python omstilling/documents/templates/reference_docx.py
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pypandoc
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

HERE = Path(__file__).parent
BLUE = RGBColor(0x1F, 0x3F, 0x66)
GREY = RGBColor(0x55, 0x55, 0x55)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        default = Path(folder) / "default.docx"
        with default.open("wb") as out:
            subprocess.run(
                [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"], stdout=out, check=True
            )
        document = Document(default)
        styles = document.styles
        styles["Normal"].font.name = "Calibri"
        styles["Normal"].font.size = Pt(11)
        for name in ("Body Text", "First Paragraph", "Compact"):
            if name in [s.name for s in styles]:
                styles[name].font.name = "Calibri"
                styles[name].font.size = Pt(11)
        for name, size in (("Title", 24), ("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12)):
            style = styles[name]
            style.font.name = "Calibri"
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.color.rgb = BLUE
        _table_borders(styles["Table"])
        # The text in table cells (omstilling/documents/word.py gives it to every cell): smaller than the body,
        # so that columns of figures and status words fit on one line, and in Arial, whose letters' widths the
        # column widths are made from (omstilling/documents/tabeller.lua): LibreOffice sets it in Liberation
        # Sans, which has the same widths, where Calibri would become a wider font and break words.
        cells = styles.add_style("Tabelltekst", WD_STYLE_TYPE.PARAGRAPH)
        cells.base_style = styles["Compact"]
        _font(cells, "Arial")
        cells.font.size = Pt(9)
        cells.paragraph_format.space_before = Pt(1)
        cells.paragraph_format.space_after = Pt(1)
        # The running head (programme and title) and the foot ("side 3 av 12") of every page, as in the PDF
        for name in ("Header", "Footer"):
            running = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            # (Word's own "header" and "footer" styles, as Word names them, not new ones beside them)
            running.style_id = name
            running.element.attrib.pop(qn("w:customStyle"), None)
            running.base_style = styles["Normal"]
            running.font.size = Pt(8)
            running.font.color.rgb = GREY
            running.paragraph_format.space_before = Pt(0)
            running.paragraph_format.space_after = Pt(0)
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin, section.bottom_margin = Cm(2.4), Cm(2.2)
        document.save(HERE / "reference.docx")


def _font(style, name: str) -> None:
    """The style's font for every script (python-docx's font.name sets only two of the four)."""
    style.font.name = name
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), name)


def _table_borders(style) -> None:
    """Thin blue-grey lines round every cell of pandoc's "Table" style, so tables read as tables in Word."""
    properties = style.element.find(qn("w:tblPr"))
    if properties is None:
        properties = OxmlElement("w:tblPr")
        style.element.append(properties)
    for old in properties.findall(qn("w:tblBorders")):
        properties.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:color"), "A9BCD0")
        borders.append(line)
    properties.append(borders)


if __name__ == "__main__":
    main()
