"""«Registrer støtte» refusing a decimal amount (the review of issue 29, defect 3), as the programme leader sees it
in Chromium at 390 px: the sentence, the amount field marked invalid and focused, nothing recorded (the screenshot:
OMSTILLING_LOOK_SCREENSHOTS=folder)."""

from __future__ import annotations

import pytest

from omstilling.access import signin
from omstilling.app import stateaid
from omstilling.store import db
from tests.support.web import SLUG

pytestmark = pytest.mark.look
LEADER = "programleder@example.org"
PAGE = f"/programmer/{SLUG}/stotte"


def signed_in(browser, served, engine, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    page = context.new_page()
    with db.session_scope(engine) as session:
        _, link = signin.create_link(session, LEADER, base_url=served.url, now=signin.utcnow())
    page.goto(link)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    return page


def fill(page, **values: str) -> None:
    form = page.locator("#registrer form")
    for name, value in values.items():
        field = form.locator(f"#{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_a_decimal_amount_is_refused_on_the_amount_field(browser, site, screenshots):
    served, engine, _ = site
    page = signed_in(browser, served, engine, 390)
    page.goto(served.url + PAGE)
    fill(page, prosjekt="2014-12", orgnr="974 760 606", belop="1500.50")
    page.locator("#registrer form").get_by_role("button", name="Registrer").click()
    page.wait_for_load_state()
    said = page.locator("#melding").inner_text()
    assert "Beløp i kroner: skriv hele kroner, uten øre (for eksempel 1 500, ikke 1 500,50)" in said.replace(
        "\u00a0", " "
    )
    assert page.locator("#belop").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "belop"
    assert [a for a in stateaid.programme_awards(engine, SLUG) if a.project == "2014-12"] == []
    page.locator("#registrer").screenshot(path=screenshots / "registrer-stotte-desimaler-390.png")
