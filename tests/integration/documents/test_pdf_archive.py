"""Every document kind's PDF is archive-ready and accessible (issue 27, part 2): it claims PDF/A-2a and PDF/UA-1 in
its XMP identification (and Typst checks both while writing, refusing a picture without alternative text), is tagged
with a structure tree, says its language and title, and embeds every font. Read back with pypdf."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from omstilling.core.enums import DocumentKind
from omstilling.store import choose, db
from tests.support.layout import publish_demo

MEETING = date(2014, 6, 16)
KINDS = [
    (DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), None),
    (DocumentKind.HALF_YEAR_REPORT, 2014, date(2014, 6, 30), None),
    (DocumentKind.APPLICATION, 2014, date(2014, 6, 1), None),
    (DocumentKind.PSV_FACTS, 2014, date(2014, 10, 1), None),
    (DocumentKind.SEMINAR_BASIS, 2014, date(2014, 11, 1), None),
    (DocumentKind.ACTION_PLAN, 2014, date(2014, 12, 1), None),
    (DocumentKind.FINAL_REPORT, 2015, date(2015, 12, 31), None),
    (DocumentKind.BOARD_REPORT, 2014, date(2014, 6, 15), MEETING),
    (DocumentKind.NOTICE, 2014, date(2014, 6, 6), MEETING),
    (DocumentKind.BOARD_PACK, 2014, date(2014, 6, 15), MEETING),
    (DocumentKind.MINUTES, 2014, MEETING, MEETING),
]


def fonts_of(reader: PdfReader) -> list[tuple[str, bool]]:
    """Every font the pages use, and whether its program is embedded (a Type0 font through its descendant)."""
    found = []
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        fonts = resources.get("/Font") or {}
        for ref in fonts.values():
            font: Any = ref.get_object() if isinstance(ref, IndirectObject) else ref
            target = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font.get("/BaseFont")), embedded))
    return found


@pytest.mark.parametrize(("kind", "year", "as_of", "meeting"), KINDS, ids=[k[0].value for k in KINDS])
def test_each_kinds_pdf_claims_pdfa_2a_and_ua_1_is_tagged_and_embeds_its_fonts(
    demo_sqlite, tmp_path, kind, year, as_of, meeting
):
    result = publish_demo(demo_sqlite, kind, year, as_of, tmp_path, formats=("pdf",), meeting_date=meeting)
    reader = PdfReader(result.paths[0])
    root = reader.trailer["/Root"]
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = xmp.stream.get_data().decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in raw and "<pdfaid:conformance>A</pdfaid:conformance>" in raw, raw[:800]
    assert "<pdfuaid:part>1</pdfuaid:part>" in raw
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower().startswith("nb")
    assert reader.metadata is not None and reader.metadata.title
    fonts = fonts_of(reader)
    assert fonts and all(embedded for _, embedded in fonts), fonts


def test_a_character_the_fonts_cannot_draw_is_printed_as_a_question_mark_and_the_pdf_is_still_written(
    demo_sqlite, tmp_path
):
    """PDF/A refuses text it cannot draw; an emoji or a Chinese name in the leader's words used to be drawn blank, and
    with the archive standard would stop the whole PDF. It is printed as «?» instead."""
    from datetime import UTC, datetime

    from omstilling.intake import writes

    with db.session_scope(demo_sqlite) as session:
        writes.put_leader_text(
            session,
            choose.programme(session),
            {"kind": "arsrapport", "year": 2014, "section": "sammendrag", "body": "Et godt år 👍 med Zhōng 中文 AS."},
            written_by="programleder@example.org",
            now=datetime(2015, 1, 10, tzinfo=UTC),
        )
    result = publish_demo(demo_sqlite, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=("pdf",))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(result.paths[0]).pages).split())
    assert "Et godt år ? med Zhōng ?? AS." in text


def test_a_character_the_fonts_cannot_draw_in_a_chart_is_a_question_mark_there_too(demo_sqlite, tmp_path):
    """The budget chart is a picture (SVG) the PDF draws with the same fonts: an emoji or a Chinese word in a budget
    line's name stopped the PDF, and with it the run's other formats (found by review). The chart's SVG, which the
    Markdown and the Word picture show as well, gets the «?», and every format is written."""
    from sqlalchemy import text

    with demo_sqlite.begin() as connection:
        changed = connection.execute(
            text("UPDATE budgetline SET label = :label WHERE label = 'Prosjektmidler innsatsområde 2'"),
            {"label": "Prosjektmidler reiseliv og mat 🍽 中文"},
        ).rowcount
    assert changed == 1
    formats = ("md", "docx", "pdf")
    result = publish_demo(demo_sqlite, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=formats)
    assert [path.suffix for path in result.paths] == [".md", ".docx", ".pdf"]
    assert all(path.exists() for path in result.paths)
    pdf = " ".join(" ".join(page.extract_text() for page in PdfReader(result.paths[2]).pages).split())
    assert "reiseliv og mat ? ??" in pdf  # the chart's name, as the PDF holds it
    svg = (result.paths[0].parent / "arsrapport-figurer" / "budsjett.svg").read_text()
    assert "reiseliv og mat ? ??" in svg and "中" not in svg
