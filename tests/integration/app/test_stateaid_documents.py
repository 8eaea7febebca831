"""State aid's documents (issue 29): the grant letter's de minimis paragraph with its figures, the declaration form,
and the register export with whether and by when each award must be reported. The demo's 2014 grants are awards
(Toten Trebygg AS: 150 000 kroner on 17 March 2014 for project 2014-01, 18 115,94 euro at the ECB's 8,2800)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from omstilling.app import stateaid
from omstilling.app import stateaid_documents as papers
from omstilling.app.audit import events
from omstilling.config import get_settings
from omstilling.errors import NotFound, OmstillingError
from tests.support.demo import add_copy
from tests.support.nynorsk import bokmal_words

LEADER = "programleder@example.org"
TOTEN_TREBYGG = "910791907"
MADE = date(2014, 6, 2)
NB = "\u00a0"
COLUMNS = [
    "Støttegiver",
    "Kommune",
    "Mottakers organisasjonsnummer",
    "Mottaker",
    "Hjemmel",
    "Formål",
    "Ordning eller ad hoc",
    "Støtteinstrument",
    "Beløp (kr)",
    "Brutto tilskuddsekvivalent (kr)",
    "Beløp (euro)",
    "Kurs (kr per euro)",
    "Kursdato",
    "Kurskilde",
    "Mottakers størrelse",
    "Region",
    "Næring (NACE)",
    "Tildelingsdato",
    "Prosjekt",
    "Skal rapporteres",
    "Rapporteringsfrist",
    "Rapportert",
]


def squeezed(text: str) -> str:
    """The text with its line breaks as spaces (a paragraph's sentences stand on lines of their own in Markdown)."""
    return " ".join(text.split(" \n")).replace("\n", " ")


@pytest.fixture
def register_rule(monkeypatch):
    """Set the register's threshold and deadline (the settings) for one test."""

    def setting(threshold: str, deadline: str) -> None:
        monkeypatch.setenv("OMSTILLING_REGISTER_THRESHOLD_EUR", threshold)
        monkeypatch.setenv("OMSTILLING_REGISTER_DEADLINE", deadline)
        get_settings.cache_clear()

    yield setting
    get_settings.cache_clear()


def letter(engine, project: str = "2014-01") -> str:
    return papers.grant_letter(engine, "vestre-toten", project, "md", today=MADE).data.decode()


def test_the_grant_letter_of_a_2014_grant_says_the_regulation_the_euro_at_the_rate_and_the_sum_so_far(demo_sqlite):
    text = squeezed(letter(demo_sqlite))
    assert "# Tilsagn om tilskudd til prosjekt 2014-01" in text
    assert "**Til:** Toten Trebygg AS, org.nr. 910 791 907" in text
    assert (
        "Styret i Omstillingsprogrammet i Vestre Toten vedtok 17. mars 2014 i sak 05/14 å gi Toten Trebygg AS et "
        f"tilskudd på 150{NB}000 kroner til prosjekt 2014-01" in text
    )
    assert (
        "Tilskuddet er bagatellmessig støtte etter kommisjonsforordning (EU) nr. 1407/2013 om bagatellmessig støtte, "
        "slik den gjaldt i EØS da støtten ble gitt. Støtten er gitt 17. mars 2014, den dagen Toten Trebygg AS fikk "
        "rett til den. "
        f"Støtten er på 150{NB}000 kroner, og brutto tilskuddsekvivalent er 18{NB}115,94{NB}euro, regnet om etter Den "
        "europeiske sentralbankens referansekurs 8,2800 kroner per euro fra 17. mars 2014." in text
    )
    assert (
        f"Medregnet denne støtten har Toten Trebygg AS (org.nr. 910 791 907) fått 18{NB}115,94{NB}euro i "
        "bagatellmessig støtte i regnskapsåret 2014 og de to foregående (fra 1. januar 2012 til 17. mars 2014)" in text
    )
    assert (
        f"Taket er 200{NB}000{NB}euro over tre regnskapsår for ett og samme foretak (forordning (EU) nr. 1407/2013 "
        f"artikkel 3 nr. 2), og 181{NB}884,06{NB}euro er igjen." in text
    )
    assert "2023/2831" not in text and f"300{NB}000" not in text
    assert "Ta vare på dette brevet i 10 år fra 17. mars 2014." in text
    assert (
        "Opplys om denne støtten når foretaket søker om annen bagatellmessig støtte, slik at den som gir støtten, kan "
        "kontrollere taket for regnskapsåret og de to foregående." in text
    )
    assert "Registeret for offentlig støtte" not in text  # 18 115,94 euro is under the register's threshold
    assert "**Bjørn Iversen**" in text and "programleder, Omstillingsprogrammet i Vestre Toten" in text


def test_the_sum_so_far_counts_other_programmes_and_declared_aid_in_the_window_and_nothing_later(demo_sqlite):
    """Omstilling Gjøvik granted Toten Trebygg the same 18 115,94 euro the same day; Innovasjon Norge's declared
    50 000 euro of 2012 is in the window (the fiscal years 2012-2014), its 90 000 euro of 17 March 2011 is not,
    though it is three years to the day before; an award made after the grant date is not «so far»."""
    add_copy(demo_sqlite)
    stateaid.record_declaration(
        demo_sqlite,
        "vestre-toten",
        TOTEN_TREBYGG,
        declared_on=date(2014, 3, 1),
        signed_by="Kari Nordmann, daglig leder",
        rows=[
            {
                "grantor": "Innovasjon Norge",
                "scheme": "Etablerertilskudd",
                "granted_on": date(2012, 9, 3),
                "amount_eur": "50000",
            },
            {
                "grantor": "Innovasjon Norge",
                "scheme": "Forstudie",
                "granted_on": date(2011, 3, 17),
                "amount_eur": "90000",
            },
        ],
        by=LEADER,
    )
    stateaid.record_award(demo_sqlite, "gjovik", "2014-01", by=LEADER, granted_on=date(2014, 5, 19), amount_nok=100_000)
    text = squeezed(letter(demo_sqlite))
    assert (
        f"fått 86{NB}231,88{NB}euro i bagatellmessig støtte i regnskapsåret 2014 og de to foregående (fra 1. januar "
        "2012 til 17. mars 2014)" in text
    )
    assert f"og 113{NB}768,12{NB}euro er igjen." in text
    table = letter(demo_sqlite).split("| Støttegiver |")[1].split("\n\n")[0]
    assert "| Innovasjon Norge (erklært) | Etablerertilskudd | 03.09.2012 | 50" in table
    assert "| Omstilling Gjøvik | 2014-01 | 17.03.2014 | 18" in table
    assert "Forstudie" not in table and "19.05.2014" not in table
    assert f"| **Sum** | | | **86{NB}231,88** |" in table


def test_a_later_award_on_the_project_is_its_own_letter_with_the_registers_deadline(demo_sqlite):
    """1 400 000 kroner on 19 May 2014: 172 085,31 euro at the ECB's 8,1355, over 100 000 euro, so to the register
    within six months; not the board's decision of 17 March, so no case is named."""
    stateaid.record_award(
        demo_sqlite, "vestre-toten", "2014-01", by=LEADER, granted_on=date(2014, 5, 19), amount_nok=1_400_000
    )
    text = squeezed(letter(demo_sqlite))
    assert (
        "Omstillingsprogrammet i Vestre Toten gir Toten Trebygg AS et tilskudd på "
        f"1{NB}400{NB}000 kroner til prosjekt 2014-01" in text
    )
    assert "05/14" not in text
    assert (
        f"brutto tilskuddsekvivalent er 172{NB}085,31{NB}euro" in text
        and "8,1355 kroner per euro fra 19. mai 2014" in text
    )
    assert f"fått 190{NB}201,25{NB}euro" in text and f"9{NB}798,75{NB}euro er igjen" in text
    assert (
        "Omstillingsprogrammet i Vestre Toten rapporterer støtten til Registeret for offentlig støtte "
        "(Brønnøysundregistrene) innen 19. november 2014." in text
    )


def test_the_letter_as_pdf_is_one_page_with_the_paragraph(demo_sqlite):
    made = papers.grant_letter(demo_sqlite, "vestre-toten", "2014-01", "pdf", today=MADE)
    assert made.name == "tilsagnsbrev-2014-01.pdf" and made.media_type == "application/pdf"
    pages = PdfReader(io.BytesIO(made.data)).pages
    assert len(pages) == 1
    words = " ".join(pages[0].extract_text().split())
    assert "Bagatellmessig støtte" in words and "1407/2013" in words and "181 884,06 euro er igjen" in words


def test_a_project_without_an_award_or_of_no_such_number_is_refused_with_what_to_do(demo_sqlite, tmp_path):
    with pytest.raises(OmstillingError, match=r"^prosjekt 2014-06 har ingen registrert bagatellmessig støtte; "):
        papers.write_grant_letter(demo_sqlite, "vestre-toten", "2014-06", out_dir=tmp_path / "ut")
    with pytest.raises(NotFound, match="programmet har ikke prosjekt 2099-01"):
        papers.write_grant_letter(demo_sqlite, "vestre-toten", "2099-01", out_dir=tmp_path / "ut")
    assert not (tmp_path / "ut").exists()
    assert [e.outcome for e in events(demo_sqlite, action="utkast-skrevet").events] == ["feilet", "feilet"]


def test_the_letter_is_written_beside_the_programmes_documents(demo_sqlite, tmp_path):
    written = papers.write_grant_letter(demo_sqlite, "vestre-toten", "2014-01", out_dir=tmp_path, today=MADE)
    assert [p.relative_to(tmp_path).as_posix() for p in written.paths] == [
        "vestre-toten/2014/stotte/tilsagnsbrev-2014-01.pdf",
        "vestre-toten/2014/stotte/tilsagnsbrev-2014-01.docx",
    ]
    assert written.title == "Tilsagn om tilskudd til prosjekt 2014-01"


def test_a_nynorsk_programmes_letter_and_form_are_nynorsk(demo_sqlite):
    with demo_sqlite.begin() as connection:
        connection.execute(sa.text("UPDATE programme SET language = 'nn'"))
    text = squeezed(letter(demo_sqlite))
    assert "# Tilsegn om tilskot til prosjekt 2014-01" in text
    assert (
        f"Støtta er på 150{NB}000 kroner, og brutto tilskotsekvivalent er 18{NB}115,94{NB}euro, rekna om etter "
        "referansekursen til Den europeiske sentralbanken, 8,2800 kroner per euro frå 17. mars 2014." in text
    )
    assert f"og 181{NB}884,06{NB}euro er att." in text
    own = ["Omstillingsprogrammet i Vestre Toten", "Toten Trebygg AS", "Produktutvikling i tre for nye markeder"]
    assert bokmal_words(text, own) == set()
    form = papers.declaration_form(demo_sqlite, "vestre-toten", "md", project="2014-01", today=MADE).data.decode()
    assert "# Eigenerklæring om bagatellmessig støtte" in form
    assert bokmal_words(form, [*own, "Vestre Toten kommune"]) == set()


def test_the_declaration_form_is_filled_in_for_a_project_a_company_or_left_blank(demo_sqlite):
    def form(**which) -> str:
        return squeezed(papers.declaration_form(demo_sqlite, "vestre-toten", "md", today=MADE, **which).data.decode())

    for_project = form(project="2014-01")
    assert "**Foretak:** Toten Trebygg AS" in for_project and "**Organisasjonsnummer:** 910 791 907" in for_project
    assert "**Gjelder:** prosjekt 2014-01 «Produktutvikling i tre for nye markeder»" in for_project
    assert (
        f"taket på 200{NB}000{NB}euro over tre regnskapsår (kommisjonsforordning (EU) nr. 1407/2013 artikkel 3 nr. 2)"
        in for_project
    )
    assert "| Støttegiver | Ordning eller prosjekt | Dato for tilsagn | Beløp i kroner | Beløp i euro |" in for_project
    assert (
        "□ Foretaket har ikke fått annen bagatellmessig støtte i inneværende regnskapsår og de to foregående."
        in for_project
    )
    assert "Sted og dato:" in for_project and "Underskrift:" in for_project
    by_number = form(org_number="910 791 907")
    assert "**Foretak:** Toten Trebygg AS" in by_number and "Gjelder" not in by_number
    blank = form()
    assert "**Foretak:** \\_\\_\\_" in blank and "**Organisasjonsnummer:** \\_\\_\\_" in blank
    today = squeezed(papers.declaration_form(demo_sqlite, "vestre-toten", "md", today=date(2026, 12, 6)).data.decode())
    assert f"taket på 300{NB}000{NB}euro over tre år (kommisjonsforordning (EU) 2023/2831 artikkel 3)" in today
    assert "□ Foretaket har ikke fått annen bagatellmessig støtte de tre siste årene." in today
    with pytest.raises(OmstillingError, match="«123» "):
        form(org_number="123")
    with pytest.raises(OmstillingError, match="oppgi enten prosjekt eller organisasjonsnummer, ikke begge"):
        form(project="2014-01", org_number="910791907")


def xlsx_rows(engine, **which) -> list[list]:
    made = papers.register_export(engine, "vestre-toten", "xlsx", today=MADE, **which)
    sheet = load_workbook(io.BytesIO(made.data))["Tildelinger"]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_the_register_export_has_the_registers_fields_and_under_todays_rule_reports_none(demo_sqlite):
    rows = xlsx_rows(demo_sqlite, year=2014)
    assert rows[0] == COLUMNS
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first["Støttegiver"] == "Omstillingsprogrammet i Vestre Toten"
    assert first["Mottakers organisasjonsnummer"] == TOTEN_TREBYGG and first["Mottaker"] == "Toten Trebygg AS"
    assert first["Hjemmel"] == "bagatellmessig støtte, forordning (EU) nr. 1407/2013"
    assert {r[COLUMNS.index("Hjemmel")] for r in rows[1:]} == {"bagatellmessig støtte, forordning (EU) nr. 1407/2013"}
    assert first["Ordning eller ad hoc"] == "ordning (omstillingsmidler)"
    assert first["Støtteinstrument"] == "tilskudd" and first["Mottakers størrelse"] == "liten bedrift"
    assert (first["Beløp (kr)"], first["Beløp (euro)"], first["Kurs (kr per euro)"]) == (150000, 18115.94, 8.28)
    assert first["Tildelingsdato"].date() == date(2014, 3, 17) and first["Kurskilde"] == "ECB"
    assert (first["Region"], first["Næring (NACE)"], first["Formål"]) == ("Oppland", "16.230", "Produktutvikling")
    assert len(rows) == 10  # the demo's nine 2014 awards
    assert {r[COLUMNS.index("Skal rapporteres")] for r in rows[1:]} == {"nei"}  # none is 100 000 euro or more
    assert all(r[COLUMNS.index("Rapporteringsfrist")] is None for r in rows[1:])


def test_the_threshold_and_deadline_settings_decide_which_awards_must_be_reported_and_by_when(
    demo_sqlite, register_rule
):
    register_rule("30000", "6 måneder")
    rows = xlsx_rows(demo_sqlite)
    due = {r[COLUMNS.index("Prosjekt")]: r[COLUMNS.index("Rapporteringsfrist")] for r in rows[1:] if r[19] == "ja"}
    assert {k: v.date() for k, v in due.items()} == {
        "2014-04": date(2014, 9, 17),  # 36 231,88 euro on 17 March 2014
        "2014-11": date(2014, 9, 17),
        "2014-05": date(2014, 11, 19),  # 30 729,52 euro on 19 May 2014
    }
    register_rule("0", "20 virkedager")  # the proposal: every award within 20 working days
    made = papers.register_export(demo_sqlite, "vestre-toten", "csv", today=MADE)
    lines = list(csv.reader(io.StringIO(made.data.decode("utf-8-sig")), delimiter=";"))
    assert made.data.startswith("\ufeff".encode()) and lines[0] == COLUMNS
    first = dict(zip(COLUMNS, lines[1], strict=True))
    assert (first["Beløp (euro)"], first["Kurs (kr per euro)"], first["Tildelingsdato"]) == (
        "18115,94",
        "8,2800",
        "17.03.2014",
    )
    assert (first["Skal rapporteres"], first["Rapporteringsfrist"]) == ("ja", "14.04.2014")  # 17 March + 20
    by_project = {line[COLUMNS.index("Prosjekt")]: line for line in lines[1:]}
    # 19 May 2014 + 20 working days: Ascension Day (29 May) and Whit Monday (9 June) are not counted
    assert by_project["2014-02"][COLUMNS.index("Rapporteringsfrist")] == "18.06.2014"
    assert {line[COLUMNS.index("Skal rapporteres")] for line in lines[1:]} == {"ja"}


def test_the_register_export_says_the_rule_it_was_judged_by(demo_sqlite, register_rule):
    register_rule("100000", "20 virkedager")
    made = papers.register_export(demo_sqlite, "vestre-toten", "xlsx", year=2014, today=MADE)
    about = dict(load_workbook(io.BytesIO(made.data))["Om eksporten"].iter_rows(values_only=True))
    assert about["Terskel for rapportering"] == f"100{NB}000{NB}euro"
    assert about["Frist for rapportering"] == "20 virkedager etter tildelingsdatoen"
    assert (about["År"], about["Tildelinger"], about["Skal rapporteres"]) == ("2014", "9", "0")


def test_an_unknown_format_is_refused_in_words(demo_sqlite, tmp_path):
    with pytest.raises(OmstillingError, match="ukjent format «pdf»: velg blant xlsx, csv"):
        papers.write_register(demo_sqlite, "vestre-toten", formats=["pdf"], out_dir=tmp_path / "ut")
    assert not (tmp_path / "ut").exists()


def test_near_the_ceiling_the_county_lists_the_company_with_every_programme_that_granted(demo_engine):
    """Two programmes of Oppland granted Raufoss Komponent AS 36 231,88 euro each on 17 March 2014, and it declared
    100 000 euro from Innovasjon Norge in 2013: 172 463,76 euro, over 80 % of Regulation (EU) No 1407/2013's
    ceiling of 200 000 euro."""
    add_copy(demo_engine)
    assert papers.county_near_ceiling(demo_engine, "Oppland fylkeskommune", as_of=date(2014, 12, 31)) == []
    stateaid.record_declaration(
        demo_engine,
        "gjovik",
        "910815652",
        declared_on=date(2014, 3, 1),
        signed_by="Per Hansen, daglig leder",
        rows=[{"grantor": "Innovasjon Norge", "granted_on": date(2013, 6, 3), "amount_eur": "100000"}],
        by=LEADER,
    )
    near = papers.county_near_ceiling(demo_engine, "Oppland fylkeskommune", as_of=date(2014, 12, 31))
    assert [(c.names, c.org_text, str(c.total), str(c.left), c.programmes) for c in near] == [
        (
            ("Raufoss Komponent AS",),
            "910 815 652",
            "172463.76",
            "27536.24",
            ("Omstilling Gjøvik", "Omstillingsprogrammet i Vestre Toten"),
        )
    ]
    assert papers.county_near_ceiling(demo_engine, "Finnmark fylkeskommune", as_of=date(2014, 12, 31)) == []


def test_a_project_number_of_any_letters_gives_a_file_name_a_download_can_carry(demo_sqlite):
    with demo_sqlite.begin() as connection:
        connection.execute(sa.text("UPDATE project SET number = 'Łódź/14' WHERE number = '2014-01'"))
    made = papers.grant_letter(demo_sqlite, "vestre-toten", "Łódź/14", "md", today=MADE)
    assert made.name == "tilsagnsbrev-d-14.md"
    made.name.encode("latin-1")  # an HTTP header's


def test_a_grant_of_2024_cites_regulation_2023_2831_and_counts_the_three_years_before_it(demo_sqlite):
    """An award on 1 March 2024 (1 150 000 kroner at an entered 11,5000: 100 000 euro) is judged by Regulation (EU)
    2023/2831: its letter cites it with 300 000 euro over three years, the demo's 2014 award is outside its window,
    and the register export names its basis beside the 2014 awards' 1407/2013."""
    stateaid.record_award(
        demo_sqlite,
        "vestre-toten",
        "2014-01",
        by=LEADER,
        granted_on=date(2024, 3, 1),
        amount_nok=1_150_000,
        rate="11.5",
    )
    text = squeezed(letter(demo_sqlite))
    assert (
        "Tilskuddet er bagatellmessig støtte etter kommisjonsforordning (EU) 2023/2831 om bagatellmessig støtte, slik "
        "den gjelder i EØS. Støtten er gitt 1. mars 2024" in text
    )
    assert f"fått 100{NB}000{NB}euro i bagatellmessig støtte i treårsperioden fra 2. mars 2021 til 1. mars 2024" in text
    assert f"Taket er 300{NB}000{NB}euro over tre år for ett og samme foretak, og 200{NB}000{NB}euro er igjen." in text
    assert "1407/2013" not in text and "17.03.2014" not in text
    rows = xlsx_rows(demo_sqlite)
    basis = {(r[COLUMNS.index("Prosjekt")], r[COLUMNS.index("Tildelingsdato")].year): r[4] for r in rows[1:]}
    assert basis[("2014-01", 2024)] == "bagatellmessig støtte, forordning (EU) 2023/2831"
    assert basis[("2014-01", 2014)] == "bagatellmessig støtte, forordning (EU) nr. 1407/2013"


def test_a_text_longer_than_its_column_wraps_in_a_row_tall_enough(demo_sqlite):
    """Seen as a county officer opens the export in LibreOffice: «bagatellmessig støtte, forordning (EU) nr.
    1407/2013» was cut off at «1407/2» by the next column (the widths stop at 40 letters)."""
    made = papers.register_export(demo_sqlite, "vestre-toten", "xlsx", year=2014, today=MADE)
    sheet = load_workbook(io.BytesIO(made.data))["Tildelinger"]
    column = next(cell.column_letter for cell in sheet[1] if cell.value == "Hjemmel")
    basis = sheet[f"{column}2"]
    assert basis.value == "bagatellmessig støtte, forordning (EU) nr. 1407/2013"
    assert len(basis.value) > sheet.column_dimensions[column].width
    assert basis.alignment.wrap_text and (sheet.row_dimensions[2].height or 0) >= 30
