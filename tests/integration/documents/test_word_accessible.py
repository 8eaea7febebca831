"""Word documents for everyone (issue 27, part 2): real heading styles in order, table header rows that repeat on a
new page, alternative text on every chart, and the document's language set to Norwegian bokmål."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from itertools import pairwise

import pytest
from docx import Document
from docx.oxml.ns import qn

from omstilling.core.enums import DocumentKind
from tests.support.layout import publish_demo


@pytest.mark.parametrize(
    ("kind", "year", "as_of"),
    [(DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31)), (DocumentKind.HALF_YEAR_REPORT, 2014, date(2014, 6, 30))],
    ids=["arsrapport", "halvarsrapport"],
)
def test_headings_repeated_header_rows_chart_alt_text_and_language(demo_sqlite, tmp_path, kind, year, as_of):
    result = publish_demo(demo_sqlite, kind, year, as_of, tmp_path, formats=("docx",))
    path = result.paths[0]
    document = Document(str(path))
    levels = [int(p.style.name.split()[-1]) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert levels and levels[0] == 1 and all(b - a <= 1 for a, b in pairwise(levels)), levels
    assert document.tables
    for table in document.tables:
        properties = table.rows[0]._tr.trPr
        assert properties is not None and properties.find(qn("w:tblHeader")) is not None
    with zipfile.ZipFile(path) as archive:
        body = archive.read("word/document.xml").decode()
        styles = archive.read("word/styles.xml").decode()
    pictures = re.findall(r"<wp:docPr [^>]*>", body)
    assert pictures and all(re.search(r'descr="[^"]{10,}"', p) for p in pictures), pictures
    assert 'w:val="nb-NO"' in " ".join(re.findall(r"<w:lang [^>]*>", styles))
