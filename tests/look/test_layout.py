"""The documents laid out: Word through LibreOffice, the PDF as drawn. What a board member would notice."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from omstilling.core.enums import DocumentKind
from omstilling.documents.publish import publish
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot

pytestmark = pytest.mark.look

LIGHTS = {"Grønn": (0xC6, 0xE9, 0xC9), "Gul": (0xFF, 0xEB, 0x9C), "Rød": (0xF4, 0xC7, 0xC3)}


def publish_demo(engine, kind: DocumentKind, year: int, as_of: date, out: Path, **options):
    with db.session_scope(engine) as session:
        programme = choose.programme(session)
        return publish(session, programme, load_snapshot(session, programme), kind, year, as_of, out_dir=out, **options)


def words_that_must_stay_whole(docx: Path) -> set[str]:
    """Every word of every table header, and every cell that is one word (status words such as "Grønn",
    "Oppfylt", "avsluttet"). (A name longer than 14 letters in a long text may break when a table has too many
    columns for all its words: see omstilling/documents/tabeller.lua.)"""
    words = set()
    for table in Document(docx).tables:
        for number, row in enumerate(table.rows):
            for cell in row.cells:
                text = cell.text.strip()
                if number == 0:
                    words.update(text.split())
                elif text and " " not in text and len(text) <= 14:
                    words.add(text)
    words = {w.strip("():,.") for w in words}
    return {w for w in words if len(w) >= 2 and any(c.isalpha() for c in w)}


def broken(words: set[str], text: str) -> list[str]:
    """The words that the laid-out text shows split over two lines, as "Hold|t" would be ("Hold\\nt")."""
    found = []
    for word in sorted(words):
        for cut in range(1, len(word)):
            head, tail = re.escape(word[:cut]), re.escape(word[cut:])
            if re.search(rf"(?<!\w){head}-?\n{tail}(?!\w)", text):
                found.append(f"{word[:cut]}|{word[cut:]}")
    return found


@pytest.mark.parametrize(
    "kind, year, as_of, meeting",
    [
        (DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), None),
        (DocumentKind.HALF_YEAR_REPORT, 2014, date(2014, 6, 30), None),
        (DocumentKind.BOARD_REPORT, 2014, date(2014, 6, 16), date(2014, 6, 16)),
        (DocumentKind.ACTION_PLAN, 2014, date(2014, 12, 1), None),
    ],
)
def test_word_tables_laid_out_by_libreoffice_keep_header_and_status_words_whole(
    demo_sqlite, tmp_path, word_to_pdf, pdf_text, kind, year, as_of, meeting
):
    docx = publish_demo(demo_sqlite, kind, year, as_of, tmp_path, formats=("docx",), meeting_date=meeting).paths[0]
    words = words_that_must_stay_whole(docx)
    assert {"Status", "Periode"} & words or kind is not DocumentKind.ANNUAL_REPORT
    text = pdf_text(word_to_pdf(docx))
    assert broken(words, text) == []


def light_cells(bbox_html: str) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    """(page, word, box) of every traffic-light word, from `pdftotext -bbox`."""
    root = ElementTree.fromstring(
        re.sub(r"<!DOCTYPE[^>]*>", "", bbox_html).replace(' xmlns="http://www.w3.org/1999/xhtml"', "")
    )
    found = []
    for number, page in enumerate(root.iter("page"), start=1):
        for word in page.iter("word"):
            if word.text in LIGHTS:
                box = tuple(float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
                found.append((number, word.text, box))
    return found


def near(colour: tuple[int, int, int], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(colour, expected, strict=True))


@pytest.mark.parametrize("through_word", [False, True], ids=["pdf", "word"])
def test_traffic_lights_print_as_coloured_cells_with_the_word_in_them(
    demo_sqlite, tmp_path, word_to_pdf, pdf_text, page_picture, through_word
):
    fmt = "docx" if through_word else "pdf"
    path = publish_demo(
        demo_sqlite, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=(fmt,)
    ).paths[0]
    pdf = word_to_pdf(path) if through_word else path
    cells = light_cells(pdf_text(pdf, "-bbox"))
    assert {word for _, word, _ in cells} == set(LIGHTS)
    for page, word, (_, y0, x1, y1) in cells:
        picture = page_picture(pdf, page)
        beside = picture.getpixel((round(x1 + 3), round((y0 + y1) / 2)))  # in the cell, just right of the word
        assert near(beside, LIGHTS[word]), (word, page, beside)
