"""PDF as the board receives it, Word tables that lay out cleanly, coloured traffic lights, and the board papers
(notice, pack, draft minutes) of one meeting. Layout through LibreOffice is checked in tests/look."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader
from sqlmodel import select
from typer.testing import CliRunner

from omstilling.config import get_settings
from omstilling.core.enums import DocumentKind
from omstilling.documents.pdf import TitlePage, to_typst
from omstilling.documents.publish import publish
from omstilling.intake import writes
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot
from omstilling.store.models import DocumentRecord
from tests.support.layout import too_narrow

NBSP = "\u00a0"
HOSTILE = "<script>alert(1)</script> #set text(red) $x^2$ *fet* @sitat _kursiv_ [lenke](x) <b>"


@pytest.fixture
def sqlite_demo(demo_sqlite):
    return demo_sqlite


def publish_demo(engine, kind: DocumentKind, year: int, as_of: date, out: Path, **options):
    with db.session_scope(engine) as session:
        programme = choose.programme(session)
        return publish(session, programme, load_snapshot(session, programme), kind, year, as_of, out_dir=out, **options)


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def figure(amount: str) -> str:
    """A figure as the PDF's text gives it back: the no-break spaces of the source (U+00A0, which Typst sets as
    no-break) come back from the PDF as the glyph they share with the space; never a line break inside."""
    return amount.replace(" ", "[ \u00a0]") + "[ \u00a0]kr"


def test_the_annual_report_as_pdf_has_page_numbers_the_house_header_and_the_seeds_budget(sqlite_demo, tmp_path):
    result = publish_demo(
        sqlite_demo,
        DocumentKind.ANNUAL_REPORT,
        2014,
        date(2014, 12, 31),
        tmp_path,
        formats=("pdf",),
        made_on=date(2015, 1, 20),
    )
    path = result.paths[0]
    assert path.name == "arsrapport.pdf"
    pages = pdf_pages(path)
    count = len(pages)
    assert count >= 4
    first = " ".join(pages[0].split())
    assert "Omstillingsprogrammet i Vestre Toten" in first and "Årsrapport 2014" in first
    assert "2014 · tall per 31. desember 2014" in first and "Utkast per 20. januar 2015" in first
    for number, text in enumerate(pages[1:], start=2):
        assert f"side {number} av {count}" in text
        assert text.startswith("Omstillingsprogrammet i Vestre Toten Årsrapport 2014")  # the running header
    text = "\n".join(pages)
    for amount in ("4 000 000", "2 400 000", "700 000", "900 000"):
        assert re.search(figure(amount), text), amount
    assert "Sum inntekter" in text and "Definisjoner" in text
    markdown_source = to_typst(
        f"| Sum |\n|--:|\n| 4{NBSP}000{NBSP}000{NBSP}kr |\n", TitlePage("T", "P", "", ""), get_settings().templates_dir
    )
    assert "4~000~000~kr" in markdown_source, "the thousands separators stay no-break spaces in Typst"


def test_traffic_lights_are_coloured_cells_in_word_html_and_pdf_with_the_word_kept(sqlite_demo, tmp_path):
    result = publish_demo(
        sqlite_demo, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=("md", "html", "docx")
    )
    markdown, html, docx = result.paths
    shaded = {}
    for table in Document(docx).tables:
        for row in table.rows:
            for cell in row.cells:
                shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
                if shading is not None:
                    shaded.setdefault(cell.text, set()).add(shading.get(qn("w:fill")))
    assert shaded == {"Grønn": {"C6E9C9"}, "Gul": {"FFEB9C"}, "Rød": {"F4C7C3"}}
    page = " ".join(html.read_text().split())
    assert re.search(r'<td class="lys rod"[^>]*><span class="lys rod"[^>]*>Rød</span></td>', page)
    assert re.search(r'<td class="lys gronn"[^>]*><span class="lys gronn"[^>]*>Grønn</span></td>', page)
    assert "td.lys.rod { background:" in page  # the stylesheet colours them
    typst = to_typst(markdown.read_text(), TitlePage("T", "P", "", ""), get_settings().templates_dir)
    assert "table.cell(fill: lys-rod)[Rød]" in typst and "table.cell(fill: lys-gronn)[Grønn]" in typst
    assert "#let lys-rod = rgb(" in typst


def test_every_word_table_has_fixed_widths_that_fit_its_words_whole_rows_and_a_repeated_header(sqlite_demo, tmp_path):
    result = publish_demo(
        sqlite_demo, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=("docx",)
    )
    document = Document(result.paths[0])
    for table in document.tables:
        properties = table._tbl.tblPr
        assert properties.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
        grid = [int(col.get(qn("w:w"))) / 20 for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        # every word fits its column, measured in the tables' font, less Word's cell margins (0.19 cm either side)
        assert too_narrow(grid, [[c.text for c in row.cells] for row in table.rows], 2 * 5.4) == []
        assert all(p.style.name == "Tabelltekst" for row in table.rows for c in row.cells for p in c.paragraphs)
    goals = next(t for t in document.tables if t.rows[0].cells[-1].text == "Status")
    figures = [c.paragraphs[0].alignment for c in goals.rows[1].cells[2:5]]
    assert all(a is not None and a.name == "RIGHT" for a in figures), "numbers are right-aligned"


def test_user_text_stays_text_in_every_format_pdf_included(sqlite_demo, tmp_path):
    with db.session_scope(sqlite_demo) as session:
        writes.add_project(
            session,
            choose.programme(session),
            {
                "number": "2014-99",
                "title": HOSTILE,
                "owner": "Ondsinnet & co <b>AS</b> #1 $",
                "focus_area": 1,
                "phase": "forstudie",
                "status": "innvilget",
                "grant_amount": 10_000,
                "decision_date": "2014-05-19",
            },
        )
    result = publish_demo(
        sqlite_demo, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=("html", "docx", "pdf")
    )
    html, docx, pdf = result.paths
    page = " ".join(html.read_text().split())
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "#set text(red) $x^2$ *fet* @sitat _kursiv_ [lenke](x) &lt;b&gt;" in page
    cells = [c.text for t in Document(docx).tables for row in t.rows for c in row.cells]
    assert f"{HOSTILE} (Ondsinnet & co <b>AS</b> #1 $)" in cells
    text = " ".join(" ".join(pdf_pages(pdf)).split())
    for piece in (
        "<script>alert(1)</script>",
        "#set text(red)",
        "$x^2$",
        "*fet*",
        "@sitat",
        "_kursiv_",
        "[lenke](x)",
        "<b>",
        "Ondsinnet & co <b>AS</b> #1 $",
    ):
        assert piece.replace(" ", "") in text.replace(" ", ""), piece  # (table cells wrap between words)


def test_the_board_pack_is_one_pdf_with_contents_the_notice_and_the_report(sqlite_demo, tmp_path):
    result = publish_demo(
        sqlite_demo, DocumentKind.BOARD_PACK, 2014, date(2014, 6, 16), tmp_path, meeting_date=date(2014, 6, 16)
    )
    assert [p.name for p in result.paths] == ["styrepapirer-2014-06-16.md", "styrepapirer-2014-06-16.pdf"]
    pages = pdf_pages(result.paths[1])
    text = " ".join(" ".join(pages).split())
    assert (
        "Innhold" in pages[1]
        and "Saksliste" in pages[1]
        and "Rapport til styremøtet mandag 16. juni 2014" in " ".join(pages[1].split())
    )
    notice = text.index("Innkalling til styremøte mandag 16. juni 2014 Omstillingsprogrammet")
    report = text.index("Rapport til styremøtet mandag 16. juni 2014 Omstillingsprogrammet")
    assert notice < report
    assert "Dato: mandag 16. juni 2014 Tid: kl. 13.00 Sted: Vestre Toten rådhus" in text
    agenda = [text.index(f"Sak {number} ", notice) for number in ("14/14", "15/14", "16/14")]
    assert agenda == sorted(agenda) and agenda[-1] < report
    assert "Forslag til vedtak: Halvårsrapporten med avviksrapport godkjennes." in text
    assert re.search("Forslag til vedtak: Det innvilges inntil 200[ \u00a0]000 kroner i tilskudd.", text)
    assert all(f"av {len(pages)}" in page for page in pages[1:])


def add_meeting_with_cases_out_of_order(engine) -> None:
    with db.session_scope(engine) as session:
        writes.add_meeting(
            session,
            choose.programme(session),
            {
                "date": "2015-02-09",
                "kind": "ordinaert",
                "start_time": "09:30",
                "location": "Raufoss <Næringspark>",
                "cases": [
                    {"number": "10/15", "title": "Eventuelt", "proposal": None},
                    {
                        "number": "2/15",
                        "title": "Søknad om støtte: *Nytt* verksted #2",
                        "proposal": "Innvilges med 50 000 kroner.",
                    },
                    {"number": "1/15", "title": "Godkjenning av innkalling og saksliste", "proposal": "Godkjennes."},
                ],
            },
        )


def test_the_notice_lists_the_agenda_in_case_order_with_each_proposed_decision(sqlite_demo, tmp_path):
    add_meeting_with_cases_out_of_order(sqlite_demo)
    result = publish_demo(
        sqlite_demo,
        DocumentKind.NOTICE,
        2015,
        date(2015, 2, 1),
        tmp_path,
        meeting_date=date(2015, 2, 9),
        formats=("md", "pdf"),
    )
    markdown = result.paths[0].read_text()
    assert result.paths[0].name == "innkalling-2015-02-09.md"
    agenda = markdown.split("## Saksliste")[1].split("## Sakene")[0]
    # the registered standing items keep their numbers: approving the notice first, eventuelt last
    assert re.findall(r"(?:Sak |\| )(\d+/15)", agenda) == ["1/15", "2/15", "10/15"]
    assert "Godkjenning av protokoll fra styremøtet" in agenda  # the standing item the programme did not register
    assert "**Tid:** kl. 09.30" in markdown and "Raufoss \\<Næringspark\\>" in markdown
    text = " ".join(" ".join(pdf_pages(result.paths[1])).split())
    cases = text[text.index("Sakene") :]  # the cases in full, after the agenda
    order = [cases.index(f"Sak {n} ") for n in ("1/15", "2/15", "10/15")]
    assert order == sorted(order)
    assert "Sak 2/15 Søknad om støtte: *Nytt* verksted #2 (vedtakssak) Forslag til vedtak: Innvilges med" in text
    assert "Sak 10/15 Eventuelt Saker som meldes inn ved møtets start." in text
    assert "Sted: Raufoss <Næringspark>" in text


def test_the_draft_minutes_open_in_word_with_each_case_its_proposal_and_a_blank_for_the_decision(sqlite_demo, tmp_path):
    add_meeting_with_cases_out_of_order(sqlite_demo)
    result = publish_demo(
        sqlite_demo, DocumentKind.MINUTES, 2015, date(2015, 2, 9), tmp_path, meeting_date=date(2015, 2, 9)
    )
    assert [p.name for p in result.paths] == ["protokoll-2015-02-09.md", "protokoll-2015-02-09.docx"]
    document = Document(result.paths[1])
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 2")]
    assert headings == [
        "Sak 1/15 Godkjenning av innkalling og saksliste",
        "Godkjenning av protokoll fra styremøtet 26. januar 2015",
        "Sak 2/15 Søknad om støtte: *Nytt* verksted #2",
        "Sak 10/15 Eventuelt",
        "Underskrifter",
    ]
    assert "Forslag til vedtak: Godkjennes." in paragraphs
    blanks = [p for p in paragraphs if p.startswith("Vedtak: ")]
    assert len(blanks) == 3 and all(set(p.removeprefix("Vedtak: ")) == {"…"} for p in blanks)
    assert any(p.startswith("Innkalt: ") for p in paragraphs) and "Til stede: ……………………" in paragraphs
    assert "Leif Waarum, styreleder" in paragraphs


def test_the_pdf_and_the_pack_are_recorded_and_unchanged_data_writes_nothing(sqlite_demo, tmp_path):
    first = publish_demo(
        sqlite_demo,
        DocumentKind.BOARD_PACK,
        2014,
        date(2014, 6, 16),
        tmp_path,
        meeting_date=date(2014, 6, 16),
        run_id="run-1",
    )
    pdf = first.paths[1]
    written = pdf.stat().st_mtime_ns
    again = publish_demo(
        sqlite_demo,
        DocumentKind.BOARD_PACK,
        2014,
        date(2014, 6, 16),
        tmp_path,
        meeting_date=date(2014, 6, 16),
        run_id="run-2",
    )
    assert (first.changed, again.changed, again.version) == (True, False, 1)
    assert pdf.stat().st_mtime_ns == written
    report = publish_demo(
        sqlite_demo, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=("pdf",), run_id="run-3"
    )
    with db.session_scope(sqlite_demo) as session:
        records = session.exec(select(DocumentRecord).order_by(DocumentRecord.id)).all()
        rows = [
            (r.kind, r.name, r.format, r.version, r.run_id, r.fingerprint, len(r.template_version)) for r in records
        ]
    assert rows == [
        (DocumentKind.BOARD_PACK, "styrepapirer-2014-06-16", "md", 1, "run-1", first.fingerprint, 12),
        (DocumentKind.BOARD_PACK, "styrepapirer-2014-06-16", "pdf", 1, "run-1", first.fingerprint, 12),
        (DocumentKind.ANNUAL_REPORT, "arsrapport", "pdf", 1, "run-3", report.fingerprint, 12),
    ]


def test_the_command_line_writes_the_pack_as_pdf_and_refuses_an_unknown_format(sqlite_demo, tmp_path, monkeypatch):
    from omstilling.cli import app
    from omstilling.config import get_settings

    monkeypatch.setenv("OMSTILLING_DATABASE_URL", sqlite_demo.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        written = runner.invoke(app, ["report", "styrepapirer", "--meeting", "2014-06-16", "--out", str(tmp_path)])
        refused = runner.invoke(app, ["report", "arsrapport", "--format", "pdf,odt", "--out", str(tmp_path)])
    finally:
        get_settings.cache_clear()
    assert written.exit_code == 0, written.output
    pdf = tmp_path / "vestre-toten" / "2014" / "styrepapirer-2014-06-16.pdf"
    assert str(pdf) in written.stdout and PdfReader(io.BytesIO(pdf.read_bytes())).pages
    assert refused.exit_code == 1
    assert "feil: ukjent format «odt»: velg blant md, html, docx, pdf" in refused.output


def test_a_pdf_without_charts_is_made_before_its_years_folder_exists(sqlite_demo, tmp_path):
    """A new programme's first board pack (no results and no budget, so no chart has made the year's folder yet):
    Typst was given a root that did not exist and failed with a raw FileNotFoundError, every time."""
    from dataclasses import replace

    out = tmp_path / "ny"
    with db.session_scope(sqlite_demo) as session:
        programme = choose.programme(session)
        new = replace(load_snapshot(session, programme), projects=(), budget_lines=(), goals=())
        result = publish(
            session,
            programme,
            new,
            DocumentKind.BOARD_PACK,
            2015,
            date(2015, 1, 20),
            out_dir=out,
            meeting_date=date(2015, 1, 26),
            formats=("pdf",),
        )
    assert result.paths[0].exists() and result.paths[0].parent == out / "vestre-toten" / "2015"
    assert not (out / "vestre-toten" / "2015" / "styrepapirer-2015-01-26-figurer").exists()
    assert "Styrepapirer til møtet mandag 26. januar 2015" in " ".join(pdf_pages(result.paths[0])[0].split())
