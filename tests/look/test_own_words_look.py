"""The programme leader's own words from the web page to every format: the leader signs in by the link that comes
by e-mail, writes «Veien videre» for the 2014 half-year report on its Programleders tekst page (in Chromium, by
keyboard, also at 390 px without sideways scroll), a draft is made, and the text stands in the PDF (poppler), the
Word document (python-docx) and the HTML; a second draft, made after the data changed, keeps it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from omstilling.app import drafts, texts
from omstilling.core.enums import DocumentKind, TextSection
from tests.support.look import sign_in_by_mail
from tests.support.web import SLUG

pytestmark = pytest.mark.look
LEADER = "programleder@example.org"
PAGE = f"/programmer/{SLUG}/tekster/halvarsrapport/2014"
WAY_FORWARD = "Vi satser videre på treindustrien på Raufoss og på besøksnæringen langs Mjøsa."
SUMMARY = "Første halvår ga færre arbeidsplasser enn planlagt, men flere forprosjekter."
FORMATS = ("md", "html", "docx", "pdf")


def words(text: str) -> str:
    """Text as one line of single spaces (a PDF or a Word document breaks lines and spaces as it lays out)."""
    return " ".join(text.replace("\u00ad", "").split())


def formats_of(paths: list[Path]) -> dict[str, Path]:
    return {p.suffix.lstrip("."): p for p in paths}


def read_all(paths: dict[str, Path], pdf_text) -> dict[str, str]:
    from docx import Document

    document = Document(str(paths["docx"]))
    word = "\n".join(
        [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    html = re.sub(r"<[^>]+>", " ", paths["html"].read_text(encoding="utf-8"))
    return {
        "md": words(paths["md"].read_text(encoding="utf-8")),
        "html": words(html),
        "docx": words(word),
        "pdf": words(pdf_text(paths["pdf"])),
    }


def test_the_leaders_way_forward_written_on_the_page_stands_in_every_format_and_stays_in_the_next_draft(
    browser, site, screenshots, pdf_text, tmp_path
):
    served, engine, inbox = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in_by_mail(page, served, inbox, LEADER, PAGE)
    page.get_by_role("heading", name="Halvårsrapport 2014", level=1).wait_for()
    page.screenshot(path=screenshots / "tekster-01-tom.png", full_page=True)

    field = page.get_by_label("Veien videre")
    field.focus()
    page.keyboard.type(WAY_FORWARD)
    page.keyboard.press("Tab")  # from the last field to the button, and press it from the keyboard
    assert page.evaluate("document.activeElement.textContent") == "Lagre teksten"
    page.keyboard.press("Enter")
    page.get_by_text("Teksten er lagret: veien videre.").wait_for()
    assert page.get_by_label("Veien videre").input_value() == WAY_FORWARD
    assert page.locator("#sist-veien-videre").inner_text().startswith("Sist skrevet av Bjørn Iversen, ")
    assert page.get_by_role("link", name="lag et nytt utkast på Dokumenter-siden").is_visible()
    page.screenshot(path=screenshots / "tekster-02-lagret.png", full_page=True)

    out = tmp_path / "dokumenter"
    first = drafts.write_report(
        engine, SLUG, DocumentKind.HALF_YEAR_REPORT, year=2014, formats=FORMATS, out_dir=out, today=date(2014, 6, 27)
    ).published
    assert first.version == 1
    seen = read_all(formats_of(first.paths), pdf_text)
    missing = [fmt for fmt, text in seen.items() if words(WAY_FORWARD) not in text]
    assert missing == [], f"«Veien videre» is not in the draft's {', '.join(missing)}"

    # the data changes (another section is written), so the next draft is a new version: it keeps the first text
    texts.write_texts(
        engine, SLUG, DocumentKind.HALF_YEAR_REPORT, 2014, {TextSection.SUMMARY: SUMMARY}, by="Bjørn Iversen"
    )
    second = drafts.write_report(
        engine, SLUG, DocumentKind.HALF_YEAR_REPORT, year=2014, formats=FORMATS, out_dir=out, today=date(2014, 6, 28)
    ).published
    assert second.changed and second.version == 2
    seen = read_all(formats_of(second.paths), pdf_text)
    for text in (WAY_FORWARD, SUMMARY):
        missing = [fmt for fmt, got in seen.items() if words(text) not in got]
        assert missing == [], f"«{text[:20]}…» is not in the second draft's {', '.join(missing)}"


def test_the_texts_page_fits_a_phone_and_says_a_refused_text_at_its_field(browser, site, screenshots):
    served, _, inbox = site
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    sign_in_by_mail(phone, served, inbox, LEADER, PAGE)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"
    phone.screenshot(path=screenshots / "tekster-03-mobil.png", full_page=True)

    # past the limit (the field's maxlength stops typing; a pasted or scripted text still reaches the server)
    phone.get_by_label("Veien videre").evaluate(
        "(el, n) => { el.removeAttribute('maxlength'); el.value = 'x'.repeat(n); }", texts.BODY_LIMIT + 1
    )
    phone.get_by_role("button", name="Lagre teksten").click()
    alert = phone.get_by_role("alert")
    alert.wait_for()
    assert "Teksten ble ikke lagret." in alert.inner_text()
    field = phone.get_by_label("Veien videre")
    assert field.get_attribute("aria-invalid") == "true"
    assert phone.evaluate("document.activeElement.id") == "tekst-veien-videre"  # focus on the field in error
    described = phone.evaluate(
        "() => document.getElementById('tekst-veien-videre').getAttribute('aria-describedby').split(' ')"
        ".map(id => document.getElementById(id).innerText).join(' | ')"
    )
    assert "høyst 20\u00a0000 tegn" in described
    assert len(field.input_value()) == texts.BODY_LIMIT + 1  # what was sent stays in the field
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page with its error is {width} px wide on a 390 px phone"
    phone.screenshot(path=screenshots / "tekster-04-feil-mobil.png", full_page=True)
