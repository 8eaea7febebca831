"""«Registrer støtte» refusing a decimal amount (the review of issue 29, defect 3), as the programme leader sees it
in Chromium at 390 px: the sentence, the amount field marked invalid and focused, nothing recorded (the screenshot:
OMSTILLING_LOOK_SCREENSHOTS=folder)."""

from __future__ import annotations

import pytest

from omstilling.app import stateaid
from tests.look.test_stateaid_form_look import PAGE, fill, signed_in
from tests.support.web import SLUG

pytestmark = pytest.mark.look


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
