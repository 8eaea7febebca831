"""No word in a table is broken to squeeze a column (issue 27, WCAG 1.4.10 reflow; found by a keyboard tester at
390 px): `main { overflow-wrap: anywhere }` let the browser shrink a column to a letter's width, so dates read
«23.0 / 1.20 / 14», words «påminn / else», «Periode» one letter a line. At 390 and 320 px, and at 768 and 1280 where
the tables are tables again, on the pages with tables — the overview, a deadline page, the year's deadlines, the
decisions, the meeting, the workbook's dry run and its list of errors, of a bokmål and of a nynorsk programme, and
the operator's log, sign-ins and county table — every table either stacks (each row a card, each cell labelled by its
column) or scrolls in a box of its own that the keyboard reaches; no date, number or word in a table is broken; the
page does not scroll sideways; and a long string a person typed (a web address, a 66-letter word) still breaks.

How a broken word is found (BROKEN_WORDS): the browser says where each piece of text is drawn. For every run of
characters between spaces in a table's text, a DOM Range over it gives one rectangle per line it is drawn on
(Range.getClientRects). A run is cut where a line may end anyway — after a hyphen, a soft hyphen, a slash or a dash —
and each piece must lie on one line. A run wider than 16rem (no date, number or Norwegian word is; a typed web
address is) may break anywhere: that is what `anywhere` is for. This looks at what was drawn, not at the CSS, so it
holds whatever rule or layout squeezes a column; on today's stylesheet it finds «23.0/1.20/14» and the rest.

Screenshots (OMSTILLING_LOOK_SCREENSHOTS=folder), at 390 px, whole pages: the overview, the deadline page and the
dry run of each programme."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

from omstilling.core.language import WrittenStandard
from omstilling.store import db
from tests.support.demo import add_copy
from tests.support.keyboard import sign_in
from tests.support.look import Served
from tests.support.mail import free_port
from tests.support.meeting import LEADER, on
from tests.support.web import COUNTY, OPERATOR, SLUG, make_app

pytestmark = pytest.mark.look
NYNORSK = "gjovik"
PHONES = (390, 320)
WIDTHS = (*PHONES, 768, 1280)
NOTE = "Rapportert 23.05.2014, https://www.vestre-toten.kommune.no/omstilling/prosjekter/2014-05/sluttrapport"

BROKEN_WORDS = """() => {
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize), longest = 16 * rem;
    const drawn = rectangles => {  // on how many lines, and how wide in all
        const rects = [...rectangles].filter(r => r.width > 0).sort((a, b) => a.top - b.top);
        let lines = 0, last = null;
        for (const r of rects) if (!last || r.top > last.top + last.height / 2) { lines++; last = r; }
        return {lines, width: rects.reduce((sum, r) => sum + r.width, 0)};
    };
    const broken = [];
    for (const cell of document.querySelectorAll('main table :is(th, td, caption)')) {
        const box = cell.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) continue;  // a stacked table's header row, there for screen readers
        const text = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = text.nextNode(); node; node = text.nextNode()) {
            for (const run of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, run.index);
                range.setEnd(node, run.index + run[0].length);
                if (drawn(range.getClientRects()).width > longest) continue;  // a long typed string: it may break
                for (const piece of run[0].matchAll(/[^-\\u00ad\\u2010\\u2013\\u2014/]+[-\\u00ad\\u2010\\u2013\\u2014/]*/g)) {
                    const start = run.index + piece.index, end = start + piece[0].length;
                    range.setStart(node, start);
                    range.setEnd(node, end);
                    if (drawn(range.getClientRects()).lines < 2) continue;
                    // on two lines? then by its letters, each its own last rectangle: Chromium gives the hyphen it
                    // draws at a line's end for a soft hyphen to the next letter, as a rectangle before the letter's
                    const letters = [];
                    for (let k = start; k < end; k++) {
                        range.setStart(node, k);
                        range.setEnd(node, k + 1);
                        const own = [...range.getClientRects()].filter(r => r.width > 0).pop();
                        if (own) letters.push(own);
                    }
                    if (drawn(letters).lines > 1)
                        broken.push(`«${piece[0]}» in ${cell.tagName.toLowerCase()} «${cell.innerText.trim().slice(0, 40)}»`);
                }
            }
        }
    }
    return broken;
}"""

UNREACHABLE_TABLES = """() => [...document.querySelectorAll('main table')].flatMap(table => {
    const box = table.parentElement, name = box.getAttribute('aria-label') || table.querySelector('th')?.innerText;
    const stacked = getComputedStyle(table).display === 'block';
    const wrong = [];
    if (!box.matches('.tabell[tabindex="0"][role=region][aria-label]'))
        wrong.push('is not in a box with tabindex="0", role=region and an aria-label');
    if (stacked && [...table.querySelectorAll('tbody td')].some(td => !td.dataset.label))
        wrong.push('stacks, but a cell has no data-label');
    return wrong.map(w => `table «${name}» ${w}`);
})"""


@pytest.fixture
def served(tmp_path, demo_template, monkeypatch):
    """The demo and a nynorsk copy of it («gjovik», the same board and leader), in the middle of the demo's year."""
    from omstilling.config import get_settings

    shutil.copyfile(demo_template, tmp_path / "demo.db")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    add_copy(engine, language=WrittenStandard.NYNORSK)
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "out"))
    get_settings.cache_clear()
    on(monkeypatch, date(2014, 6, 17))
    port = free_port()
    app = make_app(engine, tmp_path, base_url=f"http://127.0.0.1:{port}")
    with Served(app, port) as running:
        yield running, engine
    get_settings.cache_clear()
    engine.dispose()


def workbook(page, url: str, slug: str, folder: Path, *, wrong: bool = False) -> Path:
    """The programme's workbook as downloaded, with its last three results changed (their jobs, and a note with a
    web address in it), or with a count of jobs that is not a number (`wrong`)."""
    from openpyxl import load_workbook

    got = page.request.get(f"{url}/programmer/{slug}/data/arbeidsbok.xlsx")
    assert got.ok, got.status
    path = folder / f"{slug}-{'feil' if wrong else 'endret'}.xlsx"
    path.write_bytes(got.body())
    book = load_workbook(path)
    sheet = book[next(name for name in book.sheetnames if name.startswith("Resultat"))]  # «Resultater», «Resultat»
    rows = [r for r in sheet.iter_rows(min_row=2) if r[0].value][-3:]
    assert len(rows) == 3
    for n, row in enumerate(rows):  # new and secured jobs (the demo's are fewer), and the note
        row[3].value = "mange" if wrong else 90 + n
        row[4].value = 80 + n
        row[7].value = NOTE
    book.save(path)
    return path


def upload(page, url: str, slug: str, path: Path) -> None:
    page.goto(f"{url}/programmer/{slug}/data")
    page.locator("#fil").set_input_files(path)
    with page.expect_navigation():
        page.locator('form[action$="/data/provekjoring"] button[type=submit]').click()


def test_no_word_in_a_table_is_broken_on_a_phone_and_every_table_stacks_or_scrolls_in_its_box(
    browser, served, screenshots, tmp_path
):
    site, engine = served
    found: list[str] = []
    seen: set[str] = set()

    def look(name: str, shot: bool = False) -> None:
        """The page as it is at each width (laid out again, not loaded again: a dry run is the answer to a POST)."""
        assert page.locator("main table").count() > 0, f"{name}: no table"
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            found.extend(f"{name} {width}: {w}" for w in page.evaluate(BROKEN_WORDS))
            found.extend(f"{name} {width}: {w}" for w in page.evaluate(UNREACHABLE_TABLES))
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                found.append(f"{name} {width}: the page is {scroll} px wide")
            if shot and width == 390:
                for picture in page.locator("main img").all():  # the wheel: drawn when first asked, loaded lazily
                    picture.scroll_into_view_if_needed()
                page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
                page.screenshot(path=str(screenshots / f"tabeller-{name}-390.png"), full_page=True)
        seen.add(name)

    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    sign_in(page, site.url, engine, LEADER)
    for slug in (SLUG, NYNORSK):
        base = f"{site.url}/programmer/{slug}"
        for name, path, shot in (
            ("oversikt", "", True),
            ("frist", "/frister/arsrapport/2014/1", True),
            ("frister", "/frister", False),
            ("vedtak", "/vedtak", False),
            ("moete", "/moter/2014-06-16", False),
        ):
            page.goto(base + path)
            look(f"{slug}-{name}", shot)
        upload(page, site.url, slug, workbook(page, site.url, slug, tmp_path))
        assert page.locator("main table").count() == 2, page.locator("main").inner_text()[:500]
        look(f"{slug}-provekjoring", shot=True)
        upload(page, site.url, slug, workbook(page, site.url, slug, tmp_path, wrong=True))
        assert page.locator("table.feilliste").count() == 1, page.locator("main").inner_text()[:500]
        look(f"{slug}-feilliste")
    page.close()

    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    sign_in(page, site.url, engine, OPERATOR)
    for name, path in (
        ("logg", "/drift/logg"),
        ("innlogginger", "/drift/innlogginger"),
        ("fylket", f"/fylker/{quote(COUNTY)}"),
    ):
        page.goto(site.url + path)
        look(name)
    page.close()
    assert len(seen) == 2 * 7 + 3
    assert found == [], "\n".join(found)


LONG_WORD = "Omstillingsprogrammets" * 3  # 66 letters, as if typed without a space
LONG_URL = "https://www.vestre-toten.kommune.no/omstilling/prosjekter/2014-05/sluttrapport-med-vedlegg"


def test_a_long_string_a_person_typed_still_breaks_in_a_table_rather_than_widening_it(browser, served):
    """On a phone, what a table cannot make room for breaks inside its cell: a 66-letter word and a long web
    address, put in a cell of every table (as text, as the app puts what a person typed), are each drawn on more than
    one line, in the tables that stack and in the county's, which scrolls; the page stays within the window and no
    other word in the tables breaks (the long strings squeeze nothing)."""
    site, engine = served
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    sign_in(page, site.url, engine, OPERATOR)
    wrong: list[str] = []
    for path in (f"/programmer/{SLUG}", f"/programmer/{SLUG}/frister/arsrapport/2014/1", f"/fylker/{quote(COUNTY)}"):
        page.goto(site.url + path)
        cells = page.evaluate(
            """([word, url]) => [...document.querySelectorAll('main table')].map(table => {
                const cells = [...table.querySelectorAll('tbody tr:first-child :is(th, td)')]
                    .filter(cell => !cell.matches('.tall'));  // not a cell for figures, which never wraps
                cells[0].append(' ' + word);
                cells[cells.length - 1].append(' ' + url);
                return cells.length;
            })""",
            [LONG_WORD, LONG_URL],
        )
        assert cells and all(n > 0 for n in cells), (path, cells)
        for width in PHONES:
            page.set_viewport_size({"width": width, "height": 844})
            lines = page.evaluate(
                """(strings) => [...document.querySelectorAll('main table tbody')].flatMap(body => strings.map(s => {
                    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
                    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                        const at = node.data.indexOf(s);
                        if (at < 0) continue;
                        const range = document.createRange();
                        range.setStart(node, at);
                        range.setEnd(node, at + s.length);
                        return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
                    }
                    return 0;
                }))""",
                [LONG_WORD, LONG_URL],
            )
            if not all(n > 1 for n in lines):
                wrong.append(f"{path} {width}: lines of the long strings {lines}")
            wrong.extend(f"{path} {width}: {w}" for w in page.evaluate(BROKEN_WORDS))
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wrong.append(f"{path} {width}: the page is {scroll} px wide")
    page.close()
    assert wrong == [], "\n".join(wrong)
