"""The register deadline as the programme leader meets it (issue 29, item 4): the page Bagatellmessig støtte on a phone
(390 px) in Chromium with «Marker som rapportert» on each award to report, the page after it is pressed («rapportert
3. september 2014»), and the deadline's own page on the wheel (the screenshots: OMSTILLING_LOOK_SCREENSHOTS=folder)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from omstilling.access import signin
from omstilling.store import db
from omstilling.store.models import AidAward, Project
from tests.support.web import SLUG

pytestmark = pytest.mark.look
LEADER = "programleder@example.org"


@pytest.fixture
def lowered(monkeypatch):
    """The threshold at 30 000 euro (the demo's awards are all under today's 100 000), and today 3 September 2014."""
    from omstilling.config import get_settings

    monkeypatch.setenv("OMSTILLING_REGISTER_THRESHOLD_EUR", "30000")
    get_settings.cache_clear()
    monkeypatch.setattr("omstilling.clock.today", lambda: date(2014, 9, 3))


def test_the_leader_marks_an_award_reported_on_a_phone(browser, lowered, site, screenshots):
    served, engine, _ = site
    page = browser.new_page(viewport={"width": 390, "height": 900}, is_mobile=True)
    with db.session_scope(engine) as session:
        _, link = signin.create_link(session, LEADER, base_url=served.url, now=signin.utcnow())
        award_id = session.exec(
            select(col(AidAward.id))
            .join(Project, col(Project.id) == col(AidAward.project_id))
            .where(Project.number == "2014-04")
        ).one()
    page.goto(link)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    page.goto(f"{served.url}/programmer/{SLUG}/stotte")
    button = page.get_by_role(
        "button", name="Marker støtten til prosjekt 2014-04 som rapportert til Registeret for offentlig støtte i dag"
    )
    button.scroll_into_view_if_needed()
    assert button.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.locator("#prosjekt-2014-04")
    row.screenshot(path=screenshots / "registerfrist-knapp-390.png")
    page.screenshot(path=screenshots / "registerfrist-stotte-390.png", full_page=True)
    button.click()
    page.wait_for_load_state()
    assert "rapportert 3. september 2014" in row.inner_text()
    assert "er rapportert til Registeret for offentlig støtte 3. september 2014" in page.inner_text("main")
    row.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "registerfrist-rapportert-390.png")
    page.goto(f"{served.url}/programmer/{SLUG}/frister/registerrapport/2014/{award_id}")
    assert "Rapportering til Registeret for offentlig støtte: 2014-04 Raufoss Komponent AS" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshots / "registerfrist-frist-390.png", full_page=True)
