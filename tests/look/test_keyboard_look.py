"""Every task of the web app done with the keyboard alone, with a visible focus (issue 27; WCAG 2.1.1 Keyboard,
2.4.7 Focus Visible, 1.4.11 for the indicator's contrast): marking a deadline, the workbook's dry run and import,
a draft of a document, and the meeting page's minutes from recording to approval, each as the role that does it, at a
phone's width. Tab and Shift+Tab move, Enter and Space act, the arrow keys choose in a list (and Ctrl+A selects a text
to replace); no mouse click anywhere (`tests.support.keyboard`). At every stop the focused element must show the focus;
afterwards the task's effect must be on the page in the words a person reads. Screenshots mid-task, the focus showing,
go to OMSTILLING_LOOK_SCREENSHOTS (else the test's folder)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from omstilling.app.deadlines import mark_deadline
from omstilling.core.enums import DeadlineStatus
from tests.support.keyboard import button, field, link, settled_focus, shows_focus, sign_in, tab_to
from tests.support.meeting import LEADER, on
from tests.support.web import SLUG

pytestmark = pytest.mark.look
PHONE = {"width": 390, "height": 844}
APPLICATION = "Søknad til fylkeskommunen om midler for neste år"
DONE = f"Fristen «{APPLICATION}» 20.06.2014 er nå utført. Påminnelsene stopper."


def phone(browser):
    return browser.new_page(viewport=PHONE, is_mobile=True)


def on_day(monkeypatch, day: date) -> None:
    """The pages' day and the clock's instant on it (a deadline marked at the real time would, seen from 2014, not
    be marked yet)."""
    on(monkeypatch, day)
    monkeypatch.setattr("omstilling.clock.now", lambda: datetime(day.year, day.month, day.day, 8, tzinfo=UTC))


def inside(page, selector: str) -> bool:
    return page.evaluate(f"document.querySelector({selector!r}).contains(document.activeElement)")


def test_mark_a_deadline_done_and_open_again_with_the_keyboard_alone(browser, site, monkeypatch, screenshots):
    """The leader goes from Frister to the application's deadline, writes a note and marks it done (htmx swaps the
    deadline in place: the focus goes to the sentence that says what happened, not to the page's end), opens it
    again with Space, and is told in the page, at the focus, when someone else marked it meanwhile (a 409)."""
    served, engine, _ = site
    on_day(monkeypatch, date(2014, 6, 17))
    page = phone(browser)
    sign_in(page, served.url, engine, LEADER)
    page.goto(f"{served.url}/programmer/{SLUG}/frister")
    tab_to(page, link(APPLICATION), most=120)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#status").inner_text() == "kommende"
    tab_to(page, field("Notat (valgfritt)"))
    page.keyboard.type("Sendt fylkeskommunen 17. juni.")
    tab_to(page, button("Marker som utført"))
    page.screenshot(path=screenshots / "tastatur-01-frist-390.png")
    page.keyboard.press("Enter")
    page.locator("#status", has_text="utført").wait_for()
    # the focus is on what happened, and it shows
    assert settled_focus(page)["text"] == DONE
    assert page.locator("#melding").get_attribute("role") == "status"
    assert "Notat: Sendt fylkeskommunen 17. juni." in page.locator("#frist").inner_text()
    assert page.locator("#status").inner_text() == "utført"
    page.keyboard.press("Tab")  # on from the sentence, into the deadline (not to the page's footer)
    assert inside(page, "#frist") and shows_focus(page)
    tab_to(page, button("Åpne igjen"))
    page.keyboard.press("Space")
    page.locator("#status", has_text="kommende").wait_for()
    assert settled_focus(page)["text"].startswith(f"Fristen «{APPLICATION}» 20.06.2014 er nå åpen.")

    # someone marks it while the page is open: the refusal is swapped in (a 409) and has the focus
    tab_to(page, button("Marker som utført"))
    mark_deadline(engine, SLUG, "soknad-fylket", 2014, DeadlineStatus.DONE, by="Kari Kommune", occurrence=1)
    page.keyboard.press("Enter")
    refusal = page.locator("#feil")
    refusal.wait_for()
    assert refusal.get_attribute("role") == "alert"
    said = settled_focus(page)
    assert said["id"] == "feil" and "er allerede utført av Kari Kommune" in said["text"], said
    assert page.locator("#status").inner_text() == "utført"  # and the deadline as it now stands, by whom
    assert "av Kari Kommune" in page.locator("#frist").inner_text()
    page.close()


def test_dry_run_and_import_a_workbook_with_the_keyboard_alone(browser, site, screenshots, tmp_path):
    """The leader downloads the workbook (Enter on the link), changes a figure in it, chooses it in the file field and
    has it checked, reads the dry run and confirms it. The file field opens the system's file dialog on Space, as for
    any keyboard user; a browser under test has no such dialog to type in, so Playwright answers the file chooser the
    key opened (`expect_file_chooser`) with the file — the keyboard did reach the field and open it."""
    from axe_playwright_python.sync_playwright import Axe
    from openpyxl import load_workbook

    served, engine, _ = site
    page = phone(browser)
    sign_in(page, served.url, engine, LEADER)
    page.goto(f"{served.url}/programmer/{SLUG}/data")
    tab_to(page, link("Last ned arbeidsboka (Excel)"))
    with page.expect_download() as downloading:
        page.keyboard.press("Enter")
    downloaded = tmp_path / downloading.value.suggested_filename
    downloading.value.save_as(downloaded)
    assert downloaded.name == f"{SLUG}.xlsx"
    workbook = load_workbook(downloaded)
    row = next(r for r in workbook["Resultater"].iter_rows(min_row=2) if r[0].value == "2014-05")
    row[3].value = 12
    changed = tmp_path / "resultater.xlsx"
    workbook.save(changed)

    tab_to(page, field("Arbeidsbok (.xlsx)"))
    with page.expect_file_chooser() as choosing:
        page.keyboard.press("Space")
    choosing.value.set_files(changed)
    shows_focus(page)
    tab_to(page, button("Kontroller filen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("heading", name="Prøvekjøring: resultater.xlsx").wait_for()
    said = page.get_by_role("status").inner_text()
    assert said == "Ingenting er skrevet ennå. 1 ny eller endret rad:", said
    assert "Nye arbeidsplasser: 2 → 12" in page.locator("main").inner_text()
    assert Axe().run(page).response["violations"] == []  # the dry run's tables too (scrolled by keyboard if wide)
    tab_to(page, button("Bekreft og importer"))
    page.screenshot(path=screenshots / "tastatur-02-provekjoring-390.png", full_page=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    said = page.locator("#melding").inner_text()
    assert said == "Importert fra resultater.xlsx: 1 ny eller endret rad.", said
    page.close()


def choose(page, label: str, most: int = 12) -> None:
    """In the focused list box, press ↓ until `label` is chosen (each step is a choice: the page may redraw)."""
    for _ in range(most):
        if shows_focus(page)["chosen"] == label:
            return
        page.keyboard.press("ArrowDown")
        page.wait_for_load_state("networkidle")
    raise AssertionError(f"«{label}» is not among the choices")


def tick_only(page, wanted: set[str]) -> None:
    """Tab into the next group of check boxes and through it, ticking (Space) exactly those labelled `wanted`; the
    focus ends on what follows the group."""
    box, labels = tab_to(page, lambda f: f["type"] == "checkbox"), set()
    while box["type"] == "checkbox":
        name = box["label"].split(" (")[0]  # «Leif Waarum (styreleder)»: the name
        if box["checked"] != (name in wanted):
            page.keyboard.press("Space")
        assert shows_focus(page)["checked"] == (name in wanted)
        labels.add(name)
        page.keyboard.press("Tab")
        box = shows_focus(page)
    assert wanted <= labels, labels


def test_make_a_draft_with_the_keyboard_alone(browser, site, monkeypatch):
    """The leader chooses the half-year report in «Dokument» with the arrow keys (htmx redraws the form for it and
    the focus stays on the list), sends the form with no format ticked and is told at the boxes, then ticks HTML
    alone and makes the draft, which is then listed with its file."""
    served, engine, _ = site
    on_day(monkeypatch, date(2014, 7, 1))
    page = phone(browser)
    sign_in(page, served.url, engine, LEADER)
    page.goto(f"{served.url}/programmer/{SLUG}/dokumenter")
    tab_to(page, field("Dokument"))
    choose(page, "Halvårsrapport")
    year = tab_to(page, field("År"))["chosen"]
    assert year.startswith("Halvårsrapport"), year
    tick_only(page, set())
    tab_to(page, button("Lag utkast"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # refused, and said at the boxes: the first has the focus, each is invalid and described by the message
    said = page.locator("#melding")
    assert said.get_attribute("role") == "alert"
    assert said.inner_text() == "Feil: Utkastet ble ikke laget: kryss av for minst ett format."
    box = shows_focus(page)
    assert box["type"] == "checkbox" and box["invalid"], box
    assert page.locator(":focus").get_attribute("aria-describedby") == "melding"

    tab_to(page, field("År"), back=True)  # back up to the year, then through the boxes again
    assert shows_focus(page)["chosen"] == year
    tick_only(page, {"HTML"})
    tab_to(page, button("Lag utkast"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#melding").inner_text() == f"Nytt utkast: {year}, versjon 1."
    made = page.get_by_role("region", name=f"Versjoner av {year}")
    assert made.get_by_role("link", name=f"HTML: {year}, versjon 1").count() == 1
    page.close()


CASE = "Sak 16/14"
DECISION = "Styret vedtar forslaget, med den endringen at tilskuddet er 400 000 kr."
COMMENT = "Rett navnet på bedriften i sak 16/14."


def flash(page) -> str:
    return " ".join(page.locator("#melding").inner_text().split())


def press(page, wanted, key: str = "Enter", most: int = 200) -> None:
    """Tab to `wanted` and press `key` on it, which sends a form: wait for the page it leads to."""
    tab_to(page, wanted, most=most)
    with page.expect_navigation():
        page.keyboard.press(key)


def test_the_minutes_from_record_to_approval_with_the_keyboard_alone(browser, site, monkeypatch, screenshots):
    """The meeting page's minutes, each step by the role that takes it, by keyboard: the leader records them (who
    attended, the decision in a case, who was disqualified behind «Inhabil i saken»), sends them for comments (a
    deadline that is not after today is refused at the date field, which gets the focus), a member comments and
    another has none, the leader sends them for approval, and the three who attended as the board approve."""
    from tests.support.meeting import CHAIR, MEMBERS, PAGE

    served, engine, _ = site
    on_day(monkeypatch, date(2014, 6, 17))
    leader = phone(browser)
    sign_in(leader, served.url, engine, LEADER)
    leader.goto(served.url + PAGE)
    tick_only(leader, {"Leif Waarum", "Styremedlem 1", "Styremedlem 2"})  # «Til stede»
    assert shows_focus(leader)["label"].startswith("Andre til stede")
    leader.keyboard.type("Bjørn Iversen (programleder, referent)")
    tab_to(leader, lambda f: f["tag"] == "textarea" and f["group"].startswith(CASE), most=120)
    leader.keyboard.press("Control+A")  # the decision the draft offers, replaced (typing alone would put it in front)
    leader.keyboard.type(DECISION)
    tab_to(leader, lambda f: f["tag"] == "summary" and f["group"].startswith(CASE))
    leader.keyboard.press("Enter")  # opens the disclosure
    tick_only(leader, {"Styremedlem 2"})
    press(leader, button("Lagre protokollen"))
    assert flash(leader) == "Protokollen er lagret (versjon 1, utkast)."
    minutes = leader.locator(".protokoll-innhold").inner_text()
    assert "Forfall: Styremedlem 3" in minutes, minutes
    case = leader.locator(".protokoll-innhold li", has_text=CASE).inner_text()
    assert case.endswith(f"Inhabil: Styremedlem 2\nVedtak: {DECISION}"), case

    # a deadline for comments in the past: refused at the field, which has the focus
    tab_to(leader, field("Frist for kommentarer"), most=200)
    leader.keyboard.type("01012014")  # each part in turn, day and month first in either order: 1 January 2014
    assert leader.get_by_label("Frist for kommentarer").input_value() == "2014-01-01"
    press(leader, button("Send utkastet til kommentar"))
    said = leader.locator("#melding")
    assert said.get_attribute("role") == "alert"
    assert flash(leader) == (
        "Feil: Protokollen ble ikke sendt: Fristen for kommentarer må være etter i dag (17. juni 2014). "
        "Ingenting ble endret."
    )
    date_field = shows_focus(leader)
    assert date_field["label"] == "Frist for kommentarer" and date_field["invalid"], date_field
    assert leader.get_by_label("Frist for kommentarer").get_attribute("aria-describedby") == "melding"
    leader.screenshot(path=screenshots / "tastatur-03-protokoll-frist-390.png")
    press(leader, button("Send utkastet til kommentar"))  # the date it offers, a week ahead
    assert flash(leader).startswith("Utkastet er sendt til 3 som var til stede, med frist 24. juni 2014"), flash(leader)

    # a member comments, another has no comments
    on_day(monkeypatch, date(2014, 6, 18))
    member = phone(browser)
    sign_in(member, served.url, engine, MEMBERS[0])
    member.goto(served.url + PAGE)
    tab_to(member, field("Din kommentar til utkastet"), most=120)
    member.keyboard.type(COMMENT)
    tab_to(member, button("Send kommentaren"))
    member.screenshot(path=screenshots / "tastatur-04-moete-kommentar-390.png")
    with member.expect_navigation():
        member.keyboard.press("Enter")
    assert flash(member) == "Kommentaren din er lagret."
    assert COMMENT in member.locator("ul.kommentarer").inner_text()
    other = phone(browser)
    sign_in(other, served.url, engine, MEMBERS[1])
    other.goto(served.url + PAGE)
    tab_to(other, button("Jeg har ingen kommentarer"), most=120)
    tab_to(other, button("Send kommentaren"), back=True)  # Shift+Tab goes back the same way
    press(other, button("Jeg har ingen kommentarer"))
    assert flash(other) == "Takk, du har sagt at du ikke har kommentarer."
    other.close()

    leader.goto(served.url + PAGE)
    press(leader, button("Send til godkjenning"))
    assert flash(leader) == "Versjon 1 av protokollen er sendt til godkjenning hos 3 som var til stede.", flash(leader)

    # the three who attended as the board approve the PDF they are shown
    on_day(monkeypatch, date(2014, 6, 19))
    for email in (CHAIR, MEMBERS[1], MEMBERS[0]):
        page = member if email == MEMBERS[0] else phone(browser)
        if page is not member:
            sign_in(page, served.url, engine, email)
        page.goto(served.url + PAGE)
        press(page, button("Godkjenn protokollen"))
        assert flash(page).startswith("Du har godkjent versjon 1 av protokollen"), flash(page)
        if page is not member:
            page.close()
    approved = member.locator("#godkjent-protokoll").inner_text()
    assert approved.startswith("Godkjent protokoll: Protokoll fra styremøtet mandag 16. juni 2014 (versjon 1, PDF)")
    assert member.locator("#protokoll-status").inner_text() == "Versjon 1: godkjent."
    member.close()
    leader.close()
