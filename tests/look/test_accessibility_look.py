"""Universal design (issue 27, part 1): axe-core (through axe-playwright-python) in Chromium on every page of the web
app, as every role, at 390 and 1280 px, in the states that matter — a programme with data and one without, a form
sent back with an error, the page after an action, a refusal (403), a page that is not there (404), the sign-in page
and an answer link — and not one violation of any impact. The report of the run (every page, its violations and how
many rules passed) is written to OMSTILLING_AXE_REPORT (CI keeps it as an artifact), else into the test's folder."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

from omstilling.access import signin
from omstilling.store import db
from tests.support.keyboard import tab_to
from tests.support.meeting import on
from tests.support.web import COUNTY, COUNTY_OFFICER, OPERATOR, OTHER_SAME_COUNTY, SLUG

pytestmark = pytest.mark.look

LEADER, CHAIR, MEMBER = "programleder@example.org", "styreleder@example.org", "styremedlem1@example.org"
MEETING = f"/programmer/{SLUG}/moter/2014-06-16"
PROGRAMME_PAGES = [
    f"/programmer/{SLUG}",
    f"/programmer/{SLUG}/frister",
    f"/programmer/{SLUG}/frister/arsrapport/2014/1",
    f"/programmer/{SLUG}/vedtak",
    f"/programmer/{SLUG}/vedtak?oppfolging=forfalt&sok=s%C3%B8knaden",
    f"/programmer/{SLUG}/dokumenter",
    f"/programmer/{SLUG}/meldinger",
    MEETING,
    f"/programmer/{SLUG}/data",
    f"/programmer/{SLUG}/tekster/arsrapport/2014",
    f"/programmer/{SLUG}/stotte",  # (403 for the board: its page is checked too)
    f"/programmer/{OTHER_SAME_COUNTY}",  # a programme with nothing in it yet
    f"/programmer/{OTHER_SAME_COUNTY}/frister",
    f"/fylker/{quote(COUNTY)}",
    "/",
    "/programmer/finnes-ikke",
    "/tilgjengelighet",
]
ROLES = {
    LEADER: PROGRAMME_PAGES,
    CHAIR: PROGRAMME_PAGES,
    MEMBER: PROGRAMME_PAGES,
    COUNTY_OFFICER: PROGRAMME_PAGES,
    OPERATOR: [*PROGRAMME_PAGES, "/drift/logg", "/drift/innlogginger"],
}


def report_path(tmp_path: Path) -> Path:
    return Path(os.environ.get("OMSTILLING_AXE_REPORT") or tmp_path / "axe-rapport.json")


def signed_in(browser, served, engine, email: str | None, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    if email:
        with db.session_scope(engine) as session:
            _, link = signin.create_link(session, email, base_url=served.url, now=signin.utcnow())
        page.goto(link)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_load_state()
    return page


def test_every_page_as_every_role_has_no_axe_violations(browser, site, tmp_path, monkeypatch):
    from axe_playwright_python.sync_playwright import Axe

    served, engine, _ = site
    axe = Axe()
    report: list[dict] = []

    def check(page, label: str) -> None:
        found = axe.run(page).response
        report.append(
            {
                "side": label,
                "adresse": page.url.removeprefix(served.url),
                "brudd": [
                    {
                        "regel": v["id"],
                        "alvor": v["impact"],
                        "hjelp": v["help"],
                        "steder": [n["target"] for n in v["nodes"]],
                    }
                    for v in found["violations"]
                ],
                "regler_bestatt": len(found["passes"]),
            }
        )

    for email, width in [*((e, 390) for e in ROLES), (LEADER, 1280), (OPERATOR, 1280)]:
        paths = ROLES[email]
        if True:
            page = signed_in(browser, served, engine, email, width)
            for path in paths:
                page.goto(served.url + path)
                check(page, f"{email} {width} {path}")
            page.close()
    for width in (390, 1280):
        # not signed in: the sign-in page, a bad sign-in link, a page that needs a sign-in, a bad answer link
        page = signed_in(browser, served, engine, None, width)
        for path in (
            "/logg-inn",
            "/inn/ugyldig",
            f"/programmer/{SLUG}",
            f"{MEETING}/svar/ugyldig.lenke",
            "/tilgjengelighet",
        ):
            page.goto(served.url + path)
            check(page, f"ikke innlogget {width} {path}")
        page.close()

    # states after an action and with errors (at a phone's width); the answer on the meeting's notice day
    on(monkeypatch, date(2014, 6, 10))
    page = signed_in(browser, served, engine, CHAIR, 390)
    page.goto(served.url + MEETING)
    page.get_by_label("Kommer", exact=True).check()
    page.get_by_role("button", name="Lagre svaret").click()
    page.wait_for_load_state()
    assert "Svaret ditt er lagret" in page.content()
    check(page, "styreleder 390 etter svar på møtesiden")
    page.close()
    page = signed_in(browser, served, engine, LEADER, 390)
    page.goto(served.url + f"/programmer/{SLUG}/tekster/arsrapport/2014")
    area = page.locator("textarea").first
    area.evaluate("a => { a.value = 'x'.repeat(20001); }")  # past the limit (maxlength stops typing, not a script)
    page.get_by_role("button", name=re.compile("Lagre")).first.click()
    page.wait_for_load_state()
    assert page.locator('[aria-invalid="true"]').count() == 1
    check(page, "programleder 390 tekst med feil")
    page.goto(served.url + f"/programmer/{SLUG}/data")
    check(page, "programleder 390 data")
    page.close()

    path = report_path(tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    broken = [f"{r['side']}: {b['regel']} ({b['alvor']}) {b['steder'][:3]}" for r in report for b in r["brudd"]]
    assert len(report) > 90 and all(r["regler_bestatt"] > 10 for r in report)
    assert broken == [], "\n".join(broken)


@pytest.mark.parametrize("width", [320, 390])
def test_every_page_reflows_without_sideways_scrolling(browser, site, width):
    """WCAG 1.4.10: at 320 CSS px (and a phone's 390) no page scrolls sideways; a table that needs more room scrolls
    in its own box. As the operator, who sees the widest tables (the addresses too), and the leader."""
    served, engine, _ = site
    wide: list[str] = []
    for email in (OPERATOR, LEADER):
        page = signed_in(browser, served, engine, email, width)
        for path in ROLES[email]:
            page.goto(served.url + path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                culprits = page.evaluate(
                    f"""() => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > {width} + 1
                                     && !e.closest('.tabell, [role=region]'))
                        .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className)"""
                )
                wide.append(f"{email} {path}: {scroll} px ({', '.join(culprits)})")
        page.close()
    assert wide == [], "\n".join(wide)


def test_the_html_reports_have_no_axe_violations_and_read_at_390_px(browser, demo_sqlite, tmp_path):
    """Issue 27: a document's HTML as a person opens it (from Dokumenter, or attached): language, headings in order,
    table headers, alternative text, contrast, a main landmark (pandoc's template had none), no sideways scroll."""
    from axe_playwright_python.sync_playwright import Axe

    from omstilling.core.enums import DocumentKind
    from tests.support.layout import publish_demo

    axe = Axe()
    page = browser.new_page(viewport={"width": 390, "height": 900}, is_mobile=True)
    broken: list[str] = []
    for kind, year, as_of, meeting in [
        (DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), None),
        (DocumentKind.HALF_YEAR_REPORT, 2014, date(2014, 6, 30), None),
        (DocumentKind.APPLICATION, 2014, date(2014, 6, 1), None),
        (DocumentKind.BOARD_REPORT, 2014, date(2014, 6, 15), date(2014, 6, 16)),
        (DocumentKind.NOTICE, 2014, date(2014, 6, 6), date(2014, 6, 16)),
    ]:
        made = publish_demo(demo_sqlite, kind, year, as_of, tmp_path, formats=("html",), meeting_date=meeting)
        page.goto(made.paths[0].as_uri())
        found = axe.run(page).response
        broken += [f"{kind.value}: {v['id']} ({v['impact']}) {v['nodes'][0]['target']}" for v in found["violations"]]
        if page.evaluate("document.documentElement.scrollWidth") > 390:
            broken.append(f"{kind.value}: scrolls sideways at 390 px")
    page.close()
    assert broken == [], "\n".join(broken)


def test_sign_in_and_answer_a_notice_with_the_keyboard_alone_and_a_visible_focus(browser, site, monkeypatch):
    """WCAG 2.1.1 and 2.4.7: a board member signs in by e-mail and answers the notice on the meeting page with the
    keyboard only (Tab, Space, Enter), and every element the focus passes shows it (`tests.support.keyboard`'s
    check; the other tasks by keyboard are in test_keyboard_look.py)."""
    served, _, inbox = site
    on(monkeypatch, date(2014, 6, 10))
    page = browser.new_page(viewport={"width": 390, "height": 900}, is_mobile=True)
    page.goto(served.url + MEETING)
    tab_to(page, lambda f: f["tag"] == "input" and f["type"] == "email")
    page.keyboard.type(MEMBER)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Sjekk e-posten").wait_for()
    for _ in range(200):
        mail = next((m for m in reversed(inbox.messages) if m["to"] == [MEMBER]), None)
        if mail is not None:
            break
        page.wait_for_timeout(50)
    assert mail is not None
    page.goto(re.search(r"http://127\.0\.0\.1:\d+/inn/\S+", mail["body"]).group(0))
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Logg inn")
    page.keyboard.press("Enter")
    page.wait_for_url(served.url + MEETING)
    tab_to(page, lambda f: f["tag"] == "input" and f["name"] == "svar")
    page.keyboard.press("Space")  # the first answer, «kommer»
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Lagre svaret")
    page.keyboard.press("Enter")
    page.get_by_text("Svaret ditt er lagret: kommer.").wait_for()
    page.close()


STATUS_COLOURS = """() => {
    // the stylesheet's status colours (--ok, --feil, --advarsel) and their light backgrounds
    const palette = {'rgb(29, 107, 51)': 'ok', 'rgb(164, 22, 26)': 'feil', 'rgb(138, 90, 0)': 'advarsel',
                     'rgb(230, 244, 234)': 'ok', 'rgb(251, 234, 234)': 'feil', 'rgb(253, 243, 220)': 'advarsel'};
    const found = [];
    for (const e of document.querySelectorAll('body *')) {
        const s = getComputedStyle(e), parent = getComputedStyle(e.parentElement);
        const own = [s.color !== parent.color && s.color, s.backgroundColor,
                     parseFloat(s.borderLeftWidth) > 0 && s.borderLeftColor].filter(c => c && palette[c]);
        const badge = e.matches('.status, .tilstand');
        if (!own.length && !badge) continue;
        const r = e.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        found.push({what: e.tagName.toLowerCase() + '.' + e.className, colours: own.map(c => palette[c]),
                    text: e.innerText.trim(), worded: /\\p{L}{2,}/u.test(e.innerText)});
    }
    return found;
}"""


def test_status_colours_are_never_the_only_signal(browser, site, monkeypatch):
    """WCAG 1.4.1: every element the stylesheet gives a status colour (its text, background or edge: a badge, a
    message, «Mangler:») and every status badge says its state in a word, on every page as the leader and the
    operator, with the states of a day in the middle of the demo's year (overdue, done, held, planned)."""
    served, engine, _ = site
    on(monkeypatch, date(2014, 6, 17))
    mute: list[str] = []
    colours: set[str] = set()
    for email in (LEADER, OPERATOR):
        page = signed_in(browser, served, engine, email, 390)
        for path in ROLES[email]:
            page.goto(served.url + path)
            for shown in page.evaluate(STATUS_COLOURS):
                colours.update(shown["colours"])
                if not shown["worded"]:
                    mute.append(f"{email} {path}: {shown['what']} «{shown['text']}»")
        page.close()
    assert colours == {"ok", "feil", "advarsel"}, colours  # each colour was seen, so each was checked
    assert mute == [], "\n".join(mute)
