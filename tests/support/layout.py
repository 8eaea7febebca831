"""For the layout tests (tables and charts must keep every word whole): long Norwegian names in the demo programme,
as real programmes write them (a budget line, project owners and a project title whose longest words are long),
and words measured in the tables' font (Liberation Sans, which has Arial's widths)."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from omstilling.core.enums import DocumentKind
from omstilling.documents.publish import Published, publish
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot

TABLE_TEXT = 9  # points: the text in the tables of Word (reference.docx's "Tabelltekst") and the PDF (dokument.typ)

BUDGET_LINE = "Programadministrasjon (fylkeskommunen og kommunen)"
INCOME_LINE = "Tilskudd fra Innlandet fylkeskommune (regionalutviklingsmidler)"
OWNERS = (
    "Næringsutviklingsselskapet Vestre Toten AS",
    "Gjøvikregionens Leverandørutviklingsforening",
    "Raufoss Industripark Kompetansesenter AS",
)
TITLE = "Leverandørutviklingsprogrammet for forsvarsindustrien"
# the longest words these put in a table, which a reader must see whole
WORDS = (
    "Programadministrasjon",
    "(fylkeskommunen",
    "(regionalutviklingsmidler)",
    "Næringsutviklingsselskapet",
    "Leverandørutviklingsforening",
    "Leverandørutviklingsprogrammet",
    "Kompetansesenter",
)


def lengthen_names(engine: Engine) -> None:
    """Give the demo's administration line, an income line, every project's owner and the project 2014-01's title long
    names (the owners in turn)."""
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE budgetline SET label = :label WHERE label LIKE 'Programadministrasjon%'"),
            {"label": BUDGET_LINE},
        )
        connection.execute(
            text("UPDATE budgetline SET label = :label WHERE label LIKE 'Tilskudd fra%'"), {"label": INCOME_LINE}
        )
        ids = [row[0] for row in connection.execute(text("SELECT id FROM project ORDER BY id"))]
        for number, project in enumerate(ids):
            connection.execute(
                text("UPDATE project SET owner = :owner WHERE id = :id"),
                {"owner": OWNERS[number % len(OWNERS)], "id": project},
            )
        connection.execute(text("UPDATE project SET title = :title WHERE number = '2014-01'"), {"title": TITLE})


@cache
def advances(bold: bool) -> dict[int, int] | None:
    """Liberation Sans' advance widths by character, in thousandths of an em (None when the font is missing)."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    try:
        path = font_manager.findfont(
            font_manager.FontProperties(family="Liberation Sans", weight="bold" if bold else "normal"),
            fallback_to_default=False,
        )
    except ValueError:
        return None
    font = TTFont(path)
    scale = 1000 / font["head"].unitsPerEm
    metrics = font["hmtx"]
    return {code: round(metrics[glyph][0] * scale) for code, glyph in font.getBestCmap().items()}


def width(word: str, bold: bool) -> float:
    widths = advances(bold)
    if widths is None:
        pytest.skip("Liberation Sans is not installed (Debian: fonts-liberation2)")
    return sum(widths.get(ord(c), 556) for c in word) * TABLE_TEXT / 1000


def too_narrow(columns: list[float], rows: list[list[str]], margins: float) -> list[str]:
    """The words (of the header, in bold, and the body) wider than their column's room for text."""
    found = []
    for number, row in enumerate(rows):
        for column, cell in zip(columns, row, strict=False):
            for word in re.split(r"[ \t\n]+", cell.strip()):
                if word and width(word, bold=number == 0) > column - margins:
                    found.append(f"{word} ({width(word, number == 0):.0f} pt > {column - margins:.0f} pt)")
    return found


def publish_demo(engine: Engine, kind: DocumentKind, year: int, as_of: date, out: Path, **options) -> Published:
    """Write one document of the (only) programme in `engine` to `out`."""
    with db.session_scope(engine) as session:
        programme = choose.programme(session)
        return publish(session, programme, load_snapshot(session, programme), kind, year, as_of, out_dir=out, **options)


def broken(words: set[str], text: str) -> list[str]:
    """The words that laid-out text (pdftotext's) shows split over two lines, as "Hold|t" would be ("Hold\\nt")."""
    found = []
    for word in sorted(words):
        for cut in range(1, len(word)):
            head, tail = re.escape(word[:cut]), re.escape(word[cut:])
            if re.search(rf"(?<!\w){head}-?\n{tail}(?!\w)", text):
                found.append(f"{word[:cut]}|{word[cut:]}")
    return found
