"""The documents as their readers see them, with the long names real programmes have (tests/support/layout.py):
Word laid out by LibreOffice (the running head and "side N av M" on every page, no word of a table broken), the PDF
as Typst sets it (no word of a table broken), and the HTML report on a phone 390 CSS px wide in Chromium (no
sideways scrolling of the page; wide tables scroll in their own box, which the keyboard reaches; images fit; no
word of a table broken)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from omstilling.core.enums import DocumentKind
from tests.support.layout import WORDS, broken, lengthen_names, publish_demo

pytestmark = pytest.mark.look

PROGRAMME = "Omstillingsprogrammet i Vestre Toten"
HALF_YEAR = (DocumentKind.HALF_YEAR_REPORT, 2014, date(2014, 6, 30))
ANNUAL = (DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31))


def table_words(docx: Path, *, joined_whole: bool = True) -> set[str]:
    """Every word of every table cell that has letters (as Word holds them, before any layout). With
    `joined_whole=False`, words joined by a hyphen, a dash or a slash count as their parts (Word and LibreOffice
    may break a line after the joint in a column of long text, as they do in a paragraph)."""
    words = set()
    for table in Document(docx).tables:
        for row in table.rows:
            for cell in row.cells:
                for word in cell.text.split():
                    words.update([word] if joined_whole else re.findall(r"[^-–/]+[-–/]?", word))
    words = {w.strip("():,.") for w in words}
    return {w for w in words if len(w) >= 2 and any(c.isalpha() for c in w)}


def test_word_through_libreoffice_has_the_running_head_and_page_numbers_and_keeps_long_words_whole(
    demo_sqlite, tmp_path, word_to_pdf, pdf_text
):
    lengthen_names(demo_sqlite)
    kind, year, as_of = HALF_YEAR
    docx = publish_demo(demo_sqlite, kind, year, as_of, tmp_path, formats=("docx",)).paths[0]
    pdf = word_to_pdf(docx)
    pages = pdf_text(pdf, "-layout").split("\f")[:-1]
    assert len(pages) >= 5
    for number, page in enumerate(pages, start=1):
        lines = [line.split() for line in page.splitlines() if line.strip()]
        # (the head: the programme on the left, the title on the right; the foot: the page of the pages)
        assert lines[0] == [*PROGRAMME.split(), "Halvårsrapport", "2014"], (number, lines[0])
        assert lines[-1] == ["side", str(number), "av", str(len(pages))], (number, lines[-1])
    assert {w.strip("()") for w in WORDS} <= table_words(docx)  # the long names are in the tables
    assert broken(table_words(docx, joined_whole=False), pdf_text(pdf)) == []


def test_the_pdf_keeps_every_word_of_its_tables_whole_with_long_names(demo_sqlite, tmp_path, pdf_text):
    lengthen_names(demo_sqlite)
    kind, year, as_of = ANNUAL
    pdf = publish_demo(demo_sqlite, kind, year, as_of, tmp_path / "pdf", formats=("pdf",)).paths[0]
    docx = publish_demo(demo_sqlite, kind, year, as_of, tmp_path / "docx", formats=("docx",)).paths[0]
    assert broken(table_words(docx), pdf_text(pdf)) == []


# Each word of each table cell on one line: a range over the word has one box (or boxes on one line).
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


def test_the_html_report_reads_on_a_phone_390_px_wide(demo_sqlite, tmp_path, browser, shots):
    lengthen_names(demo_sqlite)
    kind, year, as_of = HALF_YEAR
    html = publish_demo(demo_sqlite, kind, year, as_of, tmp_path, formats=("html",)).paths[0]
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(html.as_uri())
        page.screenshot(path=str(shots / "halvarsrapport-390.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('table')].map(t => {
                 const box = t.parentElement;
                 return {role: box.getAttribute('role'), tabindex: box.tabIndex, label: box.getAttribute('aria-label'),
                         right: box.getBoundingClientRect().right, scrolls: box.scrollWidth > box.clientWidth,
                         overflow: getComputedStyle(box).overflowX};
               })"""
        )
        assert len(boxes) > 5
        assert all(b["role"] == "region" and b["tabindex"] == 0 and b["label"] for b in boxes), boxes
        assert all(b["right"] <= 390 and b["overflow"] == "auto" for b in boxes), boxes
        assert any(b["scrolls"] for b in boxes)  # the wide ones scroll in their box, not the page
        images = page.evaluate("[...document.images].map(i => i.getBoundingClientRect().right)")
        assert images and max(images) <= 390
        assert page.evaluate(SPLIT_WORDS) == []
        # the keyboard reaches a table's box, and the arrow keys scroll it
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('div.tabell')"):
                break
        focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert focused and focused.startswith("Tabell")
        wide = page.locator("div.tabell", has=page.locator("th", has_text="Budsjettlinje")).first
        assert wide.evaluate("box => box.scrollWidth > box.clientWidth")
        wide.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        wide.element_handle().wait_for_element_state("stable")
        page.wait_for_function("box => box.scrollLeft > 0", arg=wide.element_handle())  # (it scrolls smoothly)
        assert re.search(r"Tabell under «Økonomi", wide.get_attribute("aria-label") or "")
    finally:
        context.close()
