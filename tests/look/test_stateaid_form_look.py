"""«Registrer støtte» as the programme leader uses it (issue 29, brief B): the form on the page Bagatellmessig støtte
at 390 px and 1280 px in Chromium, with axe; the ceiling's refusal (the sum, the amount marked invalid and focused)
and an award recorded, with htmx and without JavaScript (the screenshots: OMSTILLING_LOOK_SCREENSHOTS=folder)."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from omstilling.access import signin
from omstilling.app import stateaid
from omstilling.store import db
from omstilling.store.models import AidDeclaration
from tests.support.web import SLUG

pytestmark = pytest.mark.look
LEADER = "programleder@example.org"
PAGE = f"/programmer/{SLUG}/stotte"


def signed_in(browser, served, engine, width: int, javascript: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, is_mobile=width < 500, java_script_enabled=javascript
    )
    page = context.new_page()
    with db.session_scope(engine) as session:
        _, link = signin.create_link(session, LEADER, base_url=served.url, now=signin.utcnow())
    page.goto(link)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    return page


def declarations(engine) -> int:
    with db.session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(AidDeclaration)).one()


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in found["violations"]]


def fill(page, **values: str) -> None:
    form = page.locator("#registrer form")
    for name, value in values.items():
        field = form.locator(f"#{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_form_passes_axe_and_fits_the_screen(browser, site, screenshots, width):
    served, engine, _ = site
    page = signed_in(browser, served, engine, width)
    page.goto(served.url + PAGE)
    page.get_by_role("heading", name="Registrer støtte").scroll_into_view_if_needed()
    for name in ("Prosjekt", "Organisasjonsnummer", "Tildelingsdato", "Beløp i kroner", "Eurokurs (kroner per euro)"):
        assert page.locator("#registrer").get_by_label(name, exact=True).is_visible(), name
    for name in ("Foretakets organisasjonsnummer", "Støttegiver", "Regnes som ett foretak med"):
        assert page.get_by_label(name, exact=True).first.is_visible(), name
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert violations(page) == []
    page.locator("#registrer").screenshot(path=screenshots / f"registrer-stotte-{width}.png")
    page.locator("#erklaering").screenshot(path=screenshots / f"registrer-erklaering-{width}.png")
    page.locator("#foretak").screenshot(path=screenshots / f"registrer-foretak-{width}.png")


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "uten-javascript"])
def test_a_refusal_and_an_award_at_390_px(browser, site, screenshots, javascript):
    from playwright.sync_api import expect

    served, engine, _ = site
    page = signed_in(browser, served, engine, 390, javascript)
    page.goto(served.url + PAGE)
    before = len(stateaid.programme_awards(engine, SLUG))
    fill(page, prosjekt="2014-04", orgnr="910 815 652", tildelt="2014-05-19", belop="2 500 000")
    page.get_by_role("button", name="Registrer støtte").click()
    amount = page.locator("#belop")
    amount.wait_for()
    expect(amount).to_be_focused()
    assert amount.get_attribute("aria-invalid") == "true"
    message = page.locator("#melding")
    assert "har fått 36\u00a0231,88\u00a0euro" in message.inner_text() and "over taket" in message.inner_text()
    assert page.get_by_role("alert").count() == 1
    assert len(stateaid.programme_awards(engine, SLUG)) == before
    if javascript:  # axe runs in the page: not without JavaScript
        assert violations(page) == []
    suffix = "htmx" if javascript else "uten-js"
    page.locator("#registrer").screenshot(path=screenshots / f"registrer-avvist-390-{suffix}.png")

    fill(page, belop="100 000")
    page.get_by_role("button", name="Kontroller mot taket").click()
    page.locator("#kontroll").wait_for()
    assert "blir summen 48\u00a0523,69\u00a0euro" in page.locator("#kontroll").inner_text()
    assert len(stateaid.programme_awards(engine, SLUG)) == before
    page.get_by_role("button", name="Registrer støtte").click()
    page.get_by_text("Støtten til prosjekt 2014-04 (Raufoss Komponent AS").wait_for()
    assert len(stateaid.programme_awards(engine, SLUG)) == before + 1
    if javascript:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert violations(page) == []
    page.screenshot(path=screenshots / f"registrer-lagret-390-{suffix}.png")


def test_a_declarations_refusal_at_390_px(browser, site, screenshots):
    """Issue 29, brief G: the declaration form's refusal on a phone: the sentence above the form, the row's amount
    marked invalid and focused, nothing recorded, no sideways scroll."""
    from playwright.sync_api import expect

    served, engine, _ = site
    page = signed_in(browser, served, engine, 390)
    page.goto(served.url + PAGE)
    before = declarations(engine)
    form = page.locator("#erklaering form")
    for name, value in {
        "e_orgnr": "910 815 652",
        "e_dato": "2014-03-01",
        "e_signert": "Kari Nordmann",
        "e_giver_1": "Innovasjon Norge",
        "e_tildelt_1": "2013-02-01",
        "e_euro_1": "0",
    }.items():
        form.locator(f"#{name}").fill(value)
    page.get_by_role("button", name="Registrer egenerklæringen").click()
    amount = page.locator("#e_euro_1")
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(amount).to_be_focused()
    said = " ".join(page.locator("#erklaering #melding").inner_text().split())
    assert said == (
        "Feil: Erklæringen ble ikke registrert, og ingenting ble lagret. Beløp i euro, rad 1: beløpet må være over 0 "
        "euro."
    ), said
    assert declarations(engine) == before
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert violations(page) == []
    page.locator("#erklaering").screenshot(path=screenshots / "erklaering-avvist-390.png")
