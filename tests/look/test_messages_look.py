"""Meldinger (issue 25 part 2) in Chromium: after the notice day of the board meeting of 16 June 2014, the operator
(who sees the addresses too, the widest the table gets) reads every message on a phone (390 px) and on a desktop
(1280 px), filters it to the notices with the form, and the table scrolls in its own box, not the page (the
screenshots: OMSTILLING_LOOK_SCREENSHOTS=folder)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from omstilling.access import signin
from omstilling.app import reminders as use_case
from omstilling.store import db
from tests.support.web import OPERATOR, SLUG

pytestmark = pytest.mark.look
NOTICE_DAY = date(2014, 6, 6)
PAGE = f"/programmer/{SLUG}/meldinger"


def signed_in(browser, served, engine, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    with db.session_scope(engine) as session:
        _, link = signin.create_link(session, OPERATOR, base_url=served.url, now=signin.utcnow())
    page.goto(link)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    return page


@pytest.mark.parametrize("width", [390, 1280])
def test_the_operator_reads_and_filters_the_messages_on_a_phone_and_a_desktop(
    browser, site, screenshots, monkeypatch, width
):
    served, engine, smtp = site
    monkeypatch.setattr(use_case, "configured_notifier", lambda: smtp.notifier)
    with monkeypatch.context() as day:
        moment = datetime.combine(NOTICE_DAY, time(5), tzinfo=UTC)
        day.setattr("omstilling.clock.now", lambda: moment)
        use_case.send_reminders(engine, as_of=NOTICE_DAY)
    page = signed_in(browser, served, engine, width)
    page.goto(served.url + PAGE)
    page.get_by_role("heading", name="Meldinger").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.get_by_role("region", name="Meldingene, nyeste først")
    assert box.get_attribute("tabindex") == "0"
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")  # on a phone each row is a card: nothing hidden
    page.screenshot(path=screenshots / f"meldinger-{width}.png", full_page=True)
    page.get_by_label("Type", exact=True).select_option("innkalling")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**type=innkalling**")
    assert page.locator("tbody tr").count() == 6
    row = page.locator("tbody tr").first.inner_text()
    assert "innkalling til styremøte" in row and "mandag 16. juni 2014 kl. 13.00" in row and "@example.org" in row
    link = page.locator("tbody tr").first.get_by_role("link")
    assert link.get_attribute("href") == f"/programmer/{SLUG}/moter/2014-06-16"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=screenshots / f"meldinger-{width}-innkalling.png", full_page=True)
    page.close()
