"""Vedtak (issue 25 part 5) in Chromium: a board member reads the decisions register on a phone (390 px) and on a
desktop (1280 px), searches it with the form, and the table scrolls in its own box, not the page (the
screenshots: OMSTILLING_LOOK_SCREENSHOTS=folder)."""

from __future__ import annotations

import pytest

from omstilling.access import signin
from omstilling.store import db
from tests.support.web import SLUG

pytestmark = pytest.mark.look
BOARD = "styremedlem1@example.org"
PAGE = f"/programmer/{SLUG}/vedtak?dag=2014-09-14"


def signed_in(browser, served, engine, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    with db.session_scope(engine) as session:
        _, link = signin.create_link(session, BOARD, base_url=served.url, now=signin.utcnow())
    page.goto(link)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    return page


@pytest.mark.parametrize("width", [390, 1280])
def test_a_board_member_reads_and_searches_the_decisions_on_a_phone_and_a_desktop(browser, site, screenshots, width):
    served, engine, _ = site
    page = signed_in(browser, served, engine, width)
    page.goto(served.url + PAGE)
    page.get_by_role("heading", name="Vedtak").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.get_by_role("region", name="Vedtak fattet av styret")
    assert box.get_attribute("tabindex") == "0"
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")  # on a phone each row is a card: nothing hidden
    assert page.locator("tbody tr").count() == 18  # 01/14 to 18/14: the meetings up to 16 June
    page.screenshot(path=screenshots / f"vedtak-{width}.png", full_page=True)
    page.get_by_label("Oppfølging", exact=True).select_option("forfalt")
    page.get_by_label("Søk", exact=True).fill("søknaden")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**oppfolging=forfalt**")
    assert page.locator("tbody tr").count() == 1
    row = page.locator("tbody tr").first.inner_text()
    assert "16/14" in row and "forfalt" in row
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=screenshots / f"vedtak-{width}-forfalt.png", full_page=True)
    page.close()
