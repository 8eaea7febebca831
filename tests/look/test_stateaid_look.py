"""State aid as the county's officer sees it (issue 29): the programme's page «Bagatellmessig støtte» and the county
page's companies near the ceiling on a phone (390 px) in Chromium, the grant letter of a 2014 grant as PDF pages, and
the register export laid out by LibreOffice (the screenshots and pages: OMSTILLING_LOOK_SCREENSHOTS=folder)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from urllib.parse import quote

import pytest

from omstilling.access import signin
from omstilling.app import stateaid
from omstilling.app import stateaid_documents as papers
from omstilling.store import db
from tests.support.look import tool
from tests.support.web import COUNTY, COUNTY_OFFICER, SLUG

pytestmark = pytest.mark.look


def signed_in(browser, served, engine, email: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    with db.session_scope(engine) as session:
        _, link = signin.create_link(session, email, base_url=served.url, now=signin.utcnow())
    page.goto(link)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    return page


def test_the_county_officer_reads_the_aid_page_and_the_companies_near_the_ceiling_on_a_phone(
    browser, site, screenshots, monkeypatch
):
    served, engine, _ = site
    monkeypatch.setattr("omstilling.clock.today", lambda: date(2014, 12, 31))
    stateaid.record_declaration(
        engine,
        SLUG,
        "910815652",
        declared_on=date(2014, 3, 1),
        signed_by="Per Hansen, daglig leder",
        rows=[{"grantor": "Innovasjon Norge", "granted_on": date(2013, 6, 3), "amount_eur": "210000"}],
        by="programleder@example.org",
    )
    page = signed_in(browser, served, engine, COUNTY_OFFICER, 390)
    page.goto(f"{served.url}/programmer/{SLUG}/stotte")
    page.get_by_role("heading", name="Bagatellmessig støtte").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    awards = page.get_by_role("region", name="Tildelinger av bagatellmessig støtte")
    assert awards.get_attribute("tabindex") == "0"
    assert "Toten Trebygg AS" in awards.inner_text()
    page.screenshot(path=screenshots / "stotte-390.png", full_page=True)
    page.goto(f"{served.url}/fylker/{quote(COUNTY)}")
    near = page.get_by_role("region", name="Foretakene nær taket")
    assert "Raufoss Komponent AS" in near.inner_text() and "246\u00a0231,88\u00a0euro" in near.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    near.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "fylket-naer-taket-390.png", full_page=True)
    page.close()


def test_the_grant_letter_of_a_2014_grant_is_one_pdf_page_with_its_figures(demo_sqlite, screenshots, pdf_text):
    pdftoppm = tool("pdftoppm", "poppler-utils")
    letter = papers.grant_letter(demo_sqlite, SLUG, "2014-01", "pdf", today=date(2014, 3, 20))
    pdf = screenshots / "tilsagnsbrev-2014-01.pdf"
    pdf.write_bytes(letter.data)
    text = " ".join(pdf_text(pdf).split())
    assert "brutto tilskuddsekvivalent er 18 115,94 euro" in text
    assert (
        "fått 18 115,94 euro i bagatellmessig støtte i regnskapsåret 2014 og de to foregående (fra 1. januar 2012 til "
        "17. mars 2014)" in text
    )
    assert "kommisjonsforordning (EU) nr. 1407/2013" in text and "Taket er 200 000 euro over tre regnskapsår" in text
    assert "side 1 av 1" in text
    subprocess.run([pdftoppm, "-r", "80", "-png", str(pdf), str(screenshots / "tilsagnsbrev")], check=True, timeout=60)


def test_the_register_export_laid_out_by_libreoffice_shows_every_field(demo_sqlite, screenshots, tmp_path, pdf_text):
    soffice = tool("soffice", "libreoffice-calc-nogui")
    made = papers.register_export(demo_sqlite, SLUG, "xlsx", year=2014, today=date(2014, 12, 1))
    workbook = tmp_path / "register-2014.xlsx"
    workbook.write_bytes(made.data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        timeout=240,
        capture_output=True,
    )
    pdf = tmp_path / "register-2014.pdf"
    shutil.copy(pdf, screenshots / "register-2014.pdf")
    text = " ".join(pdf_text(pdf).split())
    for heading in (
        "Støttegiver",
        "Mottakers",
        "organisasjonsnummer",
        "Hjemmel",
        "Tildelingsdato",
        "Rapporteringsfrist",
    ):
        assert heading in text, heading
    assert "Toten Trebygg AS" in text and "910791907" in text and "17.03.2014" in text
    assert "6 måneder etter tildelingsdatoen" in text
