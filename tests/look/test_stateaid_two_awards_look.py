"""A project with two awards as the programme leader meets it on a phone (review of issue 29, defect 5): project
2014-12 gets 300 000 kroner on 17 March and on 20 October 2014 (the threshold lowered to 30 000 euro, today
3 November 2014). On «Bagatellmessig støtte» at 390 px in Chromium each row says its grant date and its button names
it; pressing the March award's button marks that one, and the October award keeps its own button (the screenshots:
OMSTILLING_LOOK_SCREENSHOTS=folder)."""

from __future__ import annotations

from datetime import date

import pytest

from omstilling.access import signin
from omstilling.app import stateaid
from omstilling.store import db
from tests.support.web import SLUG

pytestmark = pytest.mark.look
LEADER = "programleder@example.org"


@pytest.fixture
def lowered(monkeypatch):
    from omstilling.config import get_settings

    monkeypatch.setenv("OMSTILLING_REGISTER_THRESHOLD_EUR", "30000")
    get_settings.cache_clear()
    monkeypatch.setattr("omstilling.clock.today", lambda: date(2014, 11, 3))


def test_the_leader_marks_one_of_two_awards_on_a_phone(browser, lowered, site, screenshots):
    served, engine, _ = site
    for day in (date(2014, 3, 17), date(2014, 10, 20)):
        stateaid.record_award(
            engine, SLUG, "2014-12", by="K", granted_on=day, org_number="974760606", amount_nok=300_000
        )
    page = browser.new_page(viewport={"width": 390, "height": 900}, is_mobile=True)
    with db.session_scope(engine) as session:
        _, link = signin.create_link(session, LEADER, base_url=served.url, now=signin.utcnow())
    page.goto(link)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    page.goto(f"{served.url}/programmer/{SLUG}/stotte")
    march, october = page.locator("#prosjekt-2014-12-2014-03-17"), page.locator("#prosjekt-2014-12-2014-10-20")
    assert "17.03.2014" in march.inner_text() and "20.10.2014" in october.inner_text()
    name = "Marker støtten til prosjekt 2014-12 tildelt %s som rapportert til Registeret for offentlig støtte i dag"
    button = page.get_by_role("button", name=name % "17.03.2014")
    button.scroll_into_view_if_needed()
    assert button.is_visible() and page.get_by_role("button", name=name % "20.10.2014").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    march.screenshot(path=screenshots / "to-tildelinger-mars-390.png")
    october.screenshot(path=screenshots / "to-tildelinger-oktober-390.png")
    button.click()
    page.wait_for_load_state()
    assert "rapportert 3. november 2014" in march.inner_text()
    assert "Marker som rapportert" not in march.inner_text() and "Marker som rapportert" in october.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert "2014-12 (Gjøvikregionen Næringsråd) tildelt 17.03.2014 er rapportert" in page.inner_text("main")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=screenshots / "to-tildelinger-melding-390.png")
    march.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "to-tildelinger-rapportert-390.png")
