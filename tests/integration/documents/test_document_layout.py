"""The layout every document gets, checked in the files themselves (the look lane, tests/look/test_layout.py, lays
them out in LibreOffice, Typst and Chromium): Word's running head and page numbers, table columns at least as wide
as their longest word (measured with the tables' font, Liberation Sans = Arial), and HTML tables in a box of their
own that a keyboard reaches."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from omstilling.config import get_settings
from omstilling.core.enums import DocumentKind
from omstilling.documents.pdf import TitlePage, to_typst
from omstilling.documents.publish import convert, publish
from omstilling.documents.render import render_markdown
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot
from tests.support.layout import WORDS, lengthen_names, too_narrow

MEETING = date(2014, 6, 16)
PROGRAMME = "Omstillingsprogrammet i Vestre Toten"
# A4 less 2.2 cm on each side, in points: the width of the text in Word (reference.docx) and the PDF (dokument.typ)
TEXT_WIDTH = (210 - 2 * 22) / 25.4 * 72
CELL_MARGINS = {"docx": 2 * 5.4, "typst": 2 * 5.0}  # Word's 0.19 cm either side; dokument.typ's inset


def publish_demo(engine, kind: DocumentKind, out: Path, fmt: str):
    year, as_of, meeting = (2014, MEETING, MEETING) if kind.for_meeting else (2014, date(2014, 12, 31), None)
    if kind is DocumentKind.HALF_YEAR_REPORT:
        as_of = date(2014, 6, 30)
    with db.session_scope(engine) as session:
        programme = choose.programme(session)
        snapshot = load_snapshot(session, programme)
        return publish(
            session, programme, snapshot, kind, year, as_of, out_dir=out, formats=(fmt,), meeting_date=meeting
        )


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda kind: kind.value)
def test_word_has_the_pdfs_running_head_and_page_numbers_on_every_page(demo_sqlite, tmp_path, kind):
    path = publish_demo(demo_sqlite, kind, tmp_path, "docx").paths[0]
    document = Document(path)
    title = document.core_properties.title or ""
    for section in document.sections:
        assert not section.different_first_page_header_footer  # the same head on the first page
        head = section.header
        assert not head.is_linked_to_previous
        words = "".join(p.text for p in head.paragraphs)
        assert words.startswith(PROGRAMME + "\t"), words
        heading = words.split("\t", 1)[1]
        assert heading and (not title or heading == title)
        foot = section.footer._element
        instructions = [i.text.strip() for i in foot.iter(qn("w:instrText"))]
        assert instructions == ["PAGE", "NUMPAGES"]
        assert "".join(t.text for t in foot.iter(qn("w:t"))) == "side 1 av 1"  # (until Word counts the pages)
        assert [c.get(qn("w:fldCharType")) for c in foot.iter(qn("w:fldChar"))] == ["begin", "separate", "end"] * 2


def test_words_heading_is_the_documents_title(demo_sqlite, tmp_path):
    path = publish_demo(demo_sqlite, DocumentKind.BOARD_PACK, tmp_path, "docx").paths[0]
    head = "".join(p.text for p in Document(path).sections[0].header.paragraphs)
    with db.session_scope(demo_sqlite) as session:
        snapshot = load_snapshot(session, choose.programme(session))
    title = render_markdown(DocumentKind.BOARD_PACK, snapshot, 2014, MEETING, meeting_date=MEETING).title
    assert "16. juni 2014" in title
    assert head == f"{PROGRAMME}\t{title}"


def word_tables(docx: bytes) -> list[tuple[list[float], list[list[str]]]]:
    """Each table of a DOCX as its column widths (points) and its rows' cell texts."""
    tables = []
    for table in Document(io.BytesIO(docx)).tables:
        grid = table._tbl.tblGrid
        columns = [int(col.get(qn("w:w"))) / 20 for col in grid.iterchildren(qn("w:gridCol"))]
        tables.append((columns, [[cell.text for cell in row.cells] for row in table.rows]))
    return tables


def typst_columns(source: str) -> list[list[float]]:
    """Each table's column widths (points) in the Typst source, in order."""
    return [
        [float(p) / 100 * TEXT_WIDTH for p in re.findall(r"([\d.]+)%", columns)]
        for columns in re.findall(r"#table\(\s*columns: \(([^)]*)\)", source)
    ]


@pytest.mark.parametrize("fmt", ["docx", "typst"])
def test_every_table_column_is_as_wide_as_its_longest_word_with_long_norwegian_names(demo_sqlite, fmt):
    lengthen_names(demo_sqlite)
    with db.session_scope(demo_sqlite) as session:
        snapshot = load_snapshot(session, choose.programme(session))
    templates = get_settings().templates_dir
    for kind, as_of in (
        (DocumentKind.HALF_YEAR_REPORT, date(2014, 6, 30)),
        (DocumentKind.ANNUAL_REPORT, date(2014, 12, 31)),
    ):
        rendered = render_markdown(kind, snapshot, 2014, as_of)
        tables = word_tables(convert(rendered.markdown, "docx", rendered.title, Path("."), templates))
        if fmt == "typst":  # the same tables, with the widths the PDF gives them
            columns = typst_columns(to_typst(rendered.markdown, TitlePage(rendered.title, "", "", ""), templates))
            assert len(columns) == len(tables)
            tables = [(widths, rows) for widths, (_, rows) in zip(columns, tables, strict=True)]
        assert len(tables) >= 8
        text = "\n".join(cell for _, rows in tables for row in rows for cell in row)
        assert all(word in text for word in WORDS)  # the long names are in the tables
        narrow = [word for columns, rows in tables for word in too_narrow(columns, rows, CELL_MARGINS[fmt])]
        assert narrow == [], kind


def test_html_tables_scroll_in_a_labelled_box_a_keyboard_reaches(demo_sqlite, tmp_path):
    path = publish_demo(demo_sqlite, DocumentKind.HALF_YEAR_REPORT, tmp_path, "html").paths[0]
    html = path.read_text()
    tables = html.count("<table")
    boxes = re.findall(r'<div class="tabell" role="region" tabindex="0" aria-label="([^"]+)">\s*<table', html)
    assert len(boxes) == tables > 5
    assert "Tabell under «Økonomi per 30. juni 2014» (Budsjettlinje, Budsjett, Innvilget" in html
    assert re.search(r"div\.tabell\s*\{[^}]*overflow-x:\s*auto", html)
    assert re.search(r"img\s*\{[^}]*max-width:\s*100%", html)
    # a project number stays whole ("2014-13", not "2014-" and "13" on two lines)
    assert '<span class="helt">2014-01</span>' in html


def test_a_running_head_without_a_programme_is_just_the_title():
    data = convert("# Hei\n\nTekst.\n", "docx", "Tittel", Path("."), get_settings().templates_dir)
    head = Document(io.BytesIO(data)).sections[0].header
    assert "".join(p.text for p in head.paragraphs) == "\tTittel"
    assert zipfile.ZipFile(io.BytesIO(data)).namelist().count("word/footer1.xml") <= 1
