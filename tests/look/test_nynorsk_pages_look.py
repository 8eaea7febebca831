"""A nynorsk programme's pages on a phone (issue 28): its board member opens the overview and the board meeting's page
at 390 px in Chromium; each is in nynorsk (`lang="nn"`, «Målform: nynorsk», «Styremøte måndag 16. juni 2014»), and
the longer nynorsk words («Tilgjengelegheitserklæring» in the footer) make nothing scroll sideways. Screenshots
(OMSTILLING_LOOK_SCREENSHOTS=folder): the two pages, whole."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from omstilling.access import signin
from omstilling.core.language import WrittenStandard
from omstilling.store import db
from tests.support.demo import add_copy
from tests.support.look import Served
from tests.support.mail import free_port
from tests.support.meeting import MEMBERS, on
from tests.support.web import make_app

pytestmark = pytest.mark.look
PHONE = 390
DAY = date(2014, 6, 6)


@pytest.fixture
def served(tmp_path, demo_template, monkeypatch):
    from omstilling.config import get_settings

    shutil.copyfile(demo_template, tmp_path / "demo.db")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    add_copy(engine, language=WrittenStandard.NYNORSK)
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "out"))
    get_settings.cache_clear()
    on(monkeypatch, DAY)
    port = free_port()
    app = make_app(engine, tmp_path, base_url=f"http://127.0.0.1:{port}")
    with Served(app, port) as running:
        yield running, engine
    get_settings.cache_clear()
    engine.dispose()


def test_the_overview_and_the_meeting_page_of_a_nynorsk_programme_on_a_phone(browser, served, screenshots):
    site, engine = served
    page = browser.new_page(viewport={"width": PHONE, "height": 844}, is_mobile=True, device_scale_factor=2)
    with db.session_scope(engine) as session:
        _, link = signin.create_link(session, MEMBERS[0], base_url=site.url, now=signin.utcnow())
    page.goto(link)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    for name, path, words in (
        ("oversikt", "/programmer/gjovik", ["Målform: nynorsk", "Neste fristar", "Styremøte (kvotar)"]),
        ("styremote", "/programmer/gjovik/moter/2014-06-16", ["Styremøte måndag 16. juni 2014", "Kven kjem"]),
    ):
        page.goto(site.url + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "nn"
        text = " ".join(page.locator("main").inner_text().split())
        for wanted in words:
            assert wanted in text, (name, wanted)
        assert "Tilgjengelegheitserklæring" in page.locator("footer").inner_text()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE, f"{name} is {width} px wide on a {PHONE} px phone"
        page.screenshot(path=str(screenshots / f"nynorsk-{name}-{PHONE}.png"), full_page=True)
    page.close()
