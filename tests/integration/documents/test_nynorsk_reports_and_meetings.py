"""The annual, half-year, board and final reports, the notice, the board pack and the minutes for a programme set to
nynorsk (issue 28): their titles, headings and the sentences built from figures read nynorsk, with the form a count
asks for (one, many), dates through Babel's nn («måndag 16. juni 2014»), and no bokmål-only word stands in them once
the programme's own data is taken out. The files say their language (PDF, HTML, Word: nn-NO), the charts speak it,
and the minutes as recorded are printed in it. The same documents for a bokmål programme are checked byte for byte
by test_bokmal_unchanged.py."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from sqlmodel import select

from omstilling.core import minutes
from omstilling.core.enums import CaseKind, DocumentKind, QuorumRule
from omstilling.core.language import WrittenStandard, speaking
from omstilling.documents import charts
from omstilling.documents import minutes as minutes_document
from omstilling.documents.publish import publish
from omstilling.documents.render import render_markdown
from omstilling.store import db
from omstilling.store.load import load_snapshot
from omstilling.store.models import Programme
from tests.support.demo import OTHER, add_copy
from tests.support.nynorsk import bokmal_words, data_strings
from tests.support.texts import documents

NBSP = "\u00a0"
KINDS = {
    DocumentKind.ANNUAL_REPORT: "dokument-arsrapport.md",
    DocumentKind.HALF_YEAR_REPORT: "dokument-halvarsrapport.md",
    DocumentKind.BOARD_REPORT: "dokument-styrerapport.md",
    DocumentKind.NOTICE: "dokument-innkalling.md",
    DocumentKind.BOARD_PACK: "dokument-styrepapirer.md",
    DocumentKind.MINUTES: "dokument-protokoll.md",
    DocumentKind.FINAL_REPORT: "dokument-sluttrapport.md",
}
MEETING = date(2014, 6, 16)


def kr(text: str) -> str:
    """Amounts as the documents write them, `2 630 000 kroner` with no-break spaces."""
    return re.sub(r"(?<=\d) (?=\d|kroner)", NBSP, text)


@pytest.fixture(scope="module")
def nynorsk(demo_snapshot):
    return replace(demo_snapshot, language=WrittenStandard.NYNORSK)


@pytest.fixture(scope="module")
def made(nynorsk) -> dict[str, str]:
    return {name: text for name, text in documents(nynorsk).items() if name in KINDS.values()}


def test_the_annual_report_reads_nynorsk_with_its_figures(made):
    text = made[KINDS[DocumentKind.ANNUAL_REPORT]]
    for line in (
        "# Årsrapport 2014",
        "**Omstillingsprogrammet i Vestre Toten** · Vestre Toten kommune · status per 31. desember 2014",
        "## Samandrag",
        "*Programleiaren har ikkje skrive samandraget sitt enno.*",
        "Omstillingsprogrammet i Vestre Toten har i 2014 innvilga støtte til 14 nye prosjekt med til saman "
        + kr("2 630 000 kroner i tilsegn. Prosjekta har eit samla budsjett på 17 920 000 kroner")
        + ", ein giringsfaktor på 6,8.",
        "Rapporten har 5 avvik.",
        "| Nøkkeltal | 2014 | Totalt sidan 2010 |",
        "| Sikra arbeidsplassar | 21 | 63 |",
        "## Styrearbeidet",
        "## Måloppnåing",
        "### Innsatsområde 2: Attraktivitet for næringslivet",
        "Innsatsområdet har ingen målbare mål for 2014.",
        "### Kommentar frå programleiaren til avvika",
        "### Nye og avslutta prosjekt",
        f"Kompetanseheving er eit vesentleg element i 11 av 14 nye prosjekt (79{NBSP}%; målet er minst 70{NBSP}%).",
        "Kvar krone frå programmet har utløyst 6,8 kroner i samla prosjektbudsjett (giringsfaktor).",
        "| Budsjettlinje | Budsjett | Innvilga | Utbetalt | Rekneskap | Står att |",
        "## Vegen vidare",
        "**Trafikklys.** Grøn: målet er nådd, eller ligg an til å bli nådd",
        "Dokumentet er laga 31. desember 2014 med tal per 31. desember 2014, henta frå det programmet har registrert.",
    ):
        assert line in text, line
    # a traffic light: the word in nynorsk, its colour and Word style as before
    assert '[Raud]{.lys .rod custom-style="Lys rød"}' in text and '[Grøn]{.lys .gronn custom-style="Lys grønn"}' in text


def test_one_new_project_reads_in_the_singular(nynorsk):
    granted = [p for p in nynorsk.projects if p.decision_date and p.decision_date.year == 2014]
    one = replace(nynorsk, projects=[p for p in nynorsk.projects if p not in granted[1:]])
    text = render_markdown(DocumentKind.ANNUAL_REPORT, one, 2014, date(2014, 12, 31)).markdown
    sentence = next(line for line in text.splitlines() if " har i 2014 innvilga støtte til " in line)
    assert re.fullmatch(
        r"Omstillingsprogrammet i Vestre Toten har i 2014 innvilga støtte til 1 nytt prosjekt med til saman "
        r"[\d\u00a0]+\u00a0kroner i tilsegn\. Prosjektet har eit samla budsjett på [\d\u00a0]+\u00a0kroner, "
        r"ein giringsfaktor på [\d,]+\.",
        sentence,
    ), sentence


def test_the_half_year_report_counts_its_lights_in_nynorsk(made):
    text = made[KINDS[DocumentKind.HALF_YEAR_REPORT]]
    for line in (
        "# Halvårsrapport 2014",
        "## Innleiing",
        "Tal for 2014 gjeld perioden frå 1. januar til og med 30. juni 2014.",
        "Av 7 målbare mål har 4 grønt, 1 gult og 2 raudt lys.",
        "Avviksrapporten har 3 avvik.",
        "## Måloppnåing så langt i 2014",
        "## Økonomi per 30. juni 2014",
        "## Styrearbeidet i 1. halvår",
    ):
        assert line in text, line


def test_the_board_report_notice_and_minutes_name_the_meeting_with_its_nynorsk_weekday(made):
    report = made[KINDS[DocumentKind.BOARD_REPORT]]
    for line in (
        "# Rapport til styremøtet måndag 16. juni 2014",
        "## Orientering frå programleiaren",
        "## 1. Prosjektstøtte sidan førre møte",
        "I perioden frå og med førre styremøte 19. mai 2014 og fram til dette møtet er det innvilga støtte til 3 "
        + kr("prosjekt med til saman 510 000 kroner i tilsegn. Prosjekta har eit samla budsjett på 4 250 000 kroner."),
        "| Nr. | Prosjekt (prosjekteigar), fase | Område | Tilsegn | Samla budsjett | Vedtak |",
        "Kvar sak står med bakgrunn og forslag til vedtak i innkallinga.",
        "## 5. Opne avvik",
    ):
        assert line in report, line
    notice = made[KINDS[DocumentKind.NOTICE]]
    for line in (
        "# Innkalling til styremøte måndag 16. juni 2014",
        "Styret blir kalla inn til ordinært styremøte:",
        "**Dato:** måndag 16. juni 2014\\",
        "**Stad:** Vestre Toten rådhus",
        "**Forslag til vedtak:** Innkalling og saksliste blir godkjende.",
        (
            "Rapporten til styret følgjer som eige dokument. Meld forfall til styreleiaren eller programleiaren så "
            "snart som mogleg."
        ),
    ):
        assert line in notice, line
    assert "Rapporten til styret følgjer etter innkallinga." in made[KINDS[DocumentKind.BOARD_PACK]]
    draft = made[KINDS[DocumentKind.MINUTES]]
    assert draft.startswith("# Utkast til protokoll frå styremøtet måndag 16. juni 2014\n")
    assert "**Innkalla:** Leif Waarum (styreleiar), Bjørn Iversen (programleiar)," in draft
    assert "(observatør frå fylkeskommunen)" in draft  # chosen by the role's key, named by its nynorsk label


def test_the_final_report_reads_nynorsk(made):
    text = made[KINDS[DocumentKind.FINAL_REPORT]]
    for line in (
        "# Sluttrapport for omstillingsperioden til og med 2017",
        "## 1 Samandrag",
        "## 9 Vidareføring etter programperioden",
        "| År | Nye | Sikra | I alt | Mål | Bedrifter | Prosjekt | Støtte | Prosjektbudsjett |",
    ):
        assert line in text, line


def test_no_bokmal_only_word_in_a_nynorsk_programmes_reports_and_meeting_papers(made, nynorsk):
    data = data_strings(nynorsk)
    found = {name: sorted(words) for name, text in made.items() if (words := bokmal_words(text, data))}
    assert len(made) == len(KINDS)
    assert not found, found


def test_the_minutes_as_recorded_are_printed_in_nynorsk(nynorsk):
    person = minutes.Person
    present = (person(1, "Kari Nordmann", "styreleder"), person(2, "Ola Nordmann", "styremedlem"))
    items = (
        minutes.Item("14/14", "14/14", "Halvårsrapport", CaseKind.DECISION, None, "Godkjent.", (2,)),
        minutes.Item("15/14", "15/14", "Søknad", CaseKind.DECISION, None, "Innvilget.", (1, 2)),
        minutes.Item("eventuelt", None, "Eventuelt", CaseKind.BRIEFING, None, ""),
    )
    content = minutes.Content(present, (), "", items)
    approval = minutes.Approval(1, "Kari Nordmann", "styreleder", datetime(2014, 6, 20, 8, 5, tzinfo=UTC), "epost", "a")
    record = minutes_document.recorded(
        2, content, 5, QuorumRule.MORE_THAN_HALF, "Europe/Oslo", approvals=(approval,), sha256="ab" * 32, replaces=1
    )
    text = minutes_document.markdown(nynorsk, MEETING, record, MEETING)
    for line in (
        "# Protokoll frå styremøtet 16. juni 2014",
        "**Til stades:** Kari Nordmann (styreleiar), Ola Nordmann (styremedlem)",
        "**Forfall:** ingen",
        "Ola Nordmann var inhabil og tok ikkje del i handsaminga av saka.",
        "Kari Nordmann og Ola Nordmann var inhabile og tok ikkje del i handsaminga av saka.",
        "**Vedtak:** Ingen saker.",
        "| Namn | Rolle | Godkjend | Korleis |",
        "| Kari Nordmann | styreleiar | 20.06.2014 kl. 10.05 |",
        "Protokollen erstattar versjon 1.",
    ):
        assert line in text, line
    # the same record for a bokmål programme reads bokmål
    bokmal = minutes_document.markdown(replace(nynorsk, language=WrittenStandard.BOKMAL), MEETING, record, MEETING)
    assert "Ola Nordmann var inhabil og deltok ikke i behandlingen av saken." in bokmal


def test_the_charts_speak_the_current_standard():
    years = [{"year": 2014, "new": 4, "secured": 6, "total": 10, "target": 50}]
    lines = [{"label": "Prosjektmidler innsatsområde 1", "budget": 2_400_000, "granted": 1_580_000, "paid": 890_000}]
    with speaking("nn"):
        jobs, budget = charts.jobs_canvas(years), charts.budget_canvas(lines)
    assert jobs is not None and budget is not None
    jobs_words = [w.text for w in jobs.words]
    assert jobs.title == jobs_words[0] == "Nye og sikra arbeidsplassar per år"
    assert {"Nye", "Sikra", "Mål for året"} <= set(jobs_words)
    budget_words = [w.text for w in budget.words]
    assert budget.title == budget_words[0] == "Budsjett, innvilga og utbetalt (kr)"
    assert budget_words[1:4] == ["Budsjett", "Innvilga", "Utbetalt"]
    assert "1\u00a0000\u00a0000" in budget_words  # the sums as Norwegian figures
    assert "<title>Budsjett, innvilga og utbetalt (kr)</title>" in budget.svg()


def test_a_nynorsk_programmes_files_say_nynorsk(demo_sqlite, tmp_path):
    """A second programme set to nynorsk: its PDF (the PDF/A's /Lang and Typst's hyphenation), HTML and Word files
    name nn-NO, the first page and the board pack's contents are in nynorsk; the demo's stay nb-NO."""
    add_copy(demo_sqlite, language=WrittenStandard.NYNORSK)
    with db.session_scope(demo_sqlite) as session:
        programme = session.exec(select(Programme).where(Programme.slug == "gjovik")).one()
        snapshot = load_snapshot(session, programme)
        report = publish(
            session,
            programme,
            snapshot,
            DocumentKind.ANNUAL_REPORT,
            2014,
            date(2014, 12, 31),
            out_dir=tmp_path,
            formats=("pdf", "html", "docx"),
        )
        pack = publish(
            session,
            programme,
            snapshot,
            DocumentKind.BOARD_PACK,
            2014,
            date(2014, 6, 6),
            out_dir=tmp_path,
            formats=("pdf",),
            meeting_date=MEETING,
        )
    pdf, html, docx = report.paths
    reader = PdfReader(pdf)
    assert str(reader.trailer["/Root"]["/Lang"]) == "nn-NO"
    first = " ".join(reader.pages[0].extract_text().split())
    assert f"{OTHER} Årsrapport 2014 2014 · tal per 31. desember 2014" in first, first
    assert "Utkast per 31. desember 2014" in first
    page = html.read_text()
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="nn-NO" xml:lang="nn-NO">' in page
    assert 'alt="Nye og sikra arbeidsplassar per år mot målet"' in page  # the chart's alternative text
    with zipfile.ZipFile(docx) as archive:
        styles = archive.read("word/styles.xml").decode()
    assert 'w:val="nn-NO"' in " ".join(re.findall(r"<w:lang [^>]*>", styles))
    contents = " ".join(PdfReader(pack.paths[0]).pages[1].extract_text().split())
    assert "Innhald Innkalling til styremøte måndag 16. juni 2014" in contents, contents[:200]
