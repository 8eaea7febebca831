"""The web app in a real browser (Chromium): sign in through the link that arrives by e-mail, mark a deadline
done and see its reminders stop, upload a broken workbook and read the row-level errors, make and download a
document; a screenshot of each page on the way (look at them: OMSTILLING_LOOK_SCREENSHOTS=folder)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from omstilling.app import reminders as use_case
from omstilling.messaging.transport import AppriseNotifier
from tests.support.demo import NOW
from tests.support.web import COUNTY, COUNTY_OFFICER, SLUG

pytestmark = pytest.mark.look
LEADER = "programleder@example.org"
DEADLINE = f"/programmer/{SLUG}/frister/soknad-fylket/2014/1"


def sign_in_by_mail(page, served, inbox, email: str, start: str, shots=None):
    page.goto(served.url + start)
    assert "/logg-inn" in page.url
    if shots:
        page.screenshot(path=shots / "01-logg-inn.png", full_page=True)
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_role("button", name="Send meg en lenke").click()
    page.get_by_role("heading", name="Sjekk e-posten").wait_for()
    if shots:
        page.screenshot(path=shots / "02-lenke-sendt.png", full_page=True)
    for _ in range(200):  # the mail may arrive a moment after the page (a loaded machine)
        mail = next((m for m in reversed(inbox.messages) if m["to"] == [email]), None)
        if mail is not None:
            break
        page.wait_for_timeout(50)
    assert mail is not None, f"no sign-in mail to {email}"
    link = re.search(r"http://127\.0\.0\.1:\d+/inn/\S+", mail["body"]).group(0)
    page.goto(link)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(served.url + start)


def test_a_leader_signs_in_by_mail_and_marks_a_deadline_done_and_its_reminders_stop(
    browser, site, screenshots, monkeypatch
):
    served, engine, inbox = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in_by_mail(page, served, inbox, LEADER, DEADLINE, screenshots)
    assert page.locator("#status").inner_text() == "forfalt"  # seen from today, 2014 is long past
    page.screenshot(path=screenshots / "03-frist.png", full_page=True)
    page.get_by_label("Notat (valgfritt)").fill("Sendt til fylkeskommunen 18. juni")
    page.get_by_role("button", name="Marker som utført").click()
    page.get_by_text("er nå utført. Påminnelsene stopper.", exact=False).wait_for()
    assert page.locator("#status").inner_text() == "utført"
    ladder = page.locator("td.stige").all_inner_texts()
    assert ladder and all(step == "sendes ikke: fristen er utført" for step in ladder)
    page.screenshot(path=screenshots / "04-frist-utfort.png", full_page=True)
    # the daily run that would have reminded about it sends nothing about it
    before = len(inbox.messages)
    # (the day's run as the tick makes it: on 6 June the board meeting's notices go out, the board pack written first)
    monkeypatch.setattr(use_case, "configured_notifier", lambda: AppriseNotifier(inbox.config))
    monkeypatch.setattr("omstilling.clock.now", lambda: NOW)
    use_case.send_reminders(engine, as_of=date(2014, 6, 6))
    sent = inbox.messages[before:]
    assert any("Innkalling til styremøte" in m["subject"] for m in sent)
    assert not any("Søknad til fylkeskommunen" in m["subject"] for m in sent)

    page.goto(f"{served.url}/programmer/{SLUG}?aar=2014&dag=2014-06-06")
    page.get_by_role("heading", name="Neste frister").wait_for()
    page.locator(".hjul img").scroll_into_view_if_needed()
    picture = page.locator(".hjul img")
    for _ in range(100):  # the wheel is drawn on the first request (a few tenths of a second)
        if picture.evaluate("img => img.complete && img.naturalWidth > 0"):
            break
        page.wait_for_timeout(100)
    assert picture.evaluate("img => img.naturalWidth") > 0
    page.screenshot(path=screenshots / "05-oversikt.png", full_page=True)
    page.goto(f"{served.url}/programmer/{SLUG}/frister?aar=2014")
    assert "utført" in page.locator("tr", has_text="Søknad til fylkeskommunen").inner_text()
    page.screenshot(path=screenshots / "06-frister.png", full_page=True)
    page.goto(f"{served.url}/programmer/{SLUG}/meldinger")
    page.screenshot(path=screenshots / "07-meldinger.png", full_page=True)


def test_a_broken_workbook_upload_shows_the_row_level_errors(browser, site, screenshots, tmp_path):
    served, _, inbox = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in_by_mail(page, served, inbox, LEADER, f"/programmer/{SLUG}/data")
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned arbeidsboka (Excel)").click()
    download.value.save_as(tmp_path / "vestre-toten.xlsx")
    workbook = load_workbook(tmp_path / "vestre-toten.xlsx")
    workbook["Prosjekter"]["J7"] = -5
    workbook["Utbetalinger"]["B3"] = "i morgen"
    broken = tmp_path / "feil.xlsx"
    workbook.save(broken)
    page.get_by_label("Arbeidsbok (.xlsx)").set_input_files(str(broken))
    page.get_by_role("button", name="Kontroller filen").click()
    page.get_by_role("heading", name="Feil i arbeidsboka (2)").wait_for()
    rows = page.locator("table.feilliste tbody tr").all_inner_texts()
    assert [" ".join(r.split()) for r in rows] == [
        "Prosjekter 7 Tilsagn (kr) -5 — må være et helt beløp på 0 eller mer",
        'Utbetalinger 3 Dato "i morgen" — er tekst, ikke en dato: skriv en dato i cellen, f.eks. 16.06.2014',
    ]
    assert "ingenting ble importert (databasen er uendret)" in page.content()
    page.screenshot(path=screenshots / "08-data-feil.png", full_page=True)


def test_a_draft_is_made_and_downloaded_and_the_county_sees_its_programmes(browser, site, screenshots):
    served, _, inbox = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in_by_mail(page, served, inbox, LEADER, f"/programmer/{SLUG}/dokumenter")
    page.get_by_label("Dokument", exact=True).select_option(label="Årsrapport")
    page.get_by_role("button", name="Lag utkast").click()
    page.get_by_text(re.compile(r"Nytt utkast: Årsrapport \d{4}, versjon 1\.")).wait_for(timeout=60_000)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^HTML: Årsrapport")).first.click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Årsrapport" in text and "Vestre Toten" in text
    assert download.value.suggested_filename.startswith(f"{SLUG}-") and download.value.suggested_filename.endswith(
        ".html"
    )
    page.screenshot(path=screenshots / "09-dokumenter.png", full_page=True)

    county = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in_by_mail(county, served, inbox, COUNTY_OFFICER, f"/fylker/{quote(COUNTY)}")
    names = county.locator("tbody th").all_inner_texts()
    assert names == ["Omstilling Gjøvik", "Omstillingsprogrammet i Vestre Toten"]
    assert county.locator("tfoot th").inner_text() == "Sum (2 program)"
    # one year for every row (Gjøvik has no plan and would default to 2017 on its own)
    assert "side om side for 2014" in county.content() and "er utenfor" not in county.content()
    county.screenshot(path=screenshots / "10-fylket.png", full_page=True)


def test_the_pages_work_on_a_phone_and_from_the_keyboard(browser, site, screenshots):
    served, _, inbox = site
    phone = browser.new_page(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    sign_in_by_mail(phone, served, inbox, LEADER, f"/programmer/{SLUG}?aar=2014&dag=2014-06-06")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px phone"
    phone.locator(".hjul img").scroll_into_view_if_needed()
    for _ in range(100):
        if phone.locator(".hjul img").evaluate("img => img.complete && img.naturalWidth > 0"):
            break
        phone.wait_for_timeout(100)
    phone.screenshot(path=screenshots / "11-mobil-oversikt.png", full_page=True)
    phone.goto(f"{served.url}{DEADLINE}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=screenshots / "12-mobil-frist.png", full_page=True)

    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent") == "Hopp til innholdet"
    phone.keyboard.press("Enter")
    phone.locator("#notat").focus()
    phone.keyboard.type("Fra tastaturet")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent") == "Marker som utført"
    phone.keyboard.press("Enter")
    phone.get_by_text("er nå utført. Påminnelsene stopper.", exact=False).wait_for()


def test_the_leaders_pages_seen_from_three_days_agree(browser, site, screenshots):
    """The overview, Frister and a deadline's page in Chromium, seen from 20.01.2014, 06.06.2014 and 31.12.2014:
    the same items with the same states on each (look at them: OMSTILLING_LOOK_SCREENSHOTS=folder)."""
    served, _, inbox = site
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    base = f"/programmer/{SLUG}"
    sign_in_by_mail(page, served, inbox, LEADER, base)
    expected = {
        "2014-01-20": ("Innkalling til styremøte 27.01.2014", "i dag", "kommende"),
        "2014-06-06": ("Innkalling til styremøte 16.06.2014", "i dag", "forfalt"),
        "2014-12-31": (None, None, "forfalt"),
    }
    for day, (first, first_state, annual) in expected.items():
        page.goto(f"{served.url}{base}?aar=2014&dag={day}")
        page.screenshot(path=screenshots / f"20-oversikt-{day}.png", full_page=True)
        cards = page.locator("#neste ~ ul.kort > li")
        if first is None:
            assert page.get_by_text("Ingenting mer i 2014 etter 31. desember 2014.").is_visible()
        else:
            assert cards.first.locator("h3").inner_text() == first
            assert cards.first.locator(".status").inner_text() == first_state
        page.goto(f"{served.url}{base}/frister?aar=2014&dag={day}")
        page.screenshot(path=screenshots / f"21-frister-{day}.png", full_page=True)
        row = page.locator("tbody tr", has_text="Årsrapport for fjoråret")
        page.goto(f"{served.url}{base}/frister/arsrapport/2014/1?dag={day}")
        page.screenshot(path=screenshots / f"22-frist-{day}.png", full_page=True)
        state = page.locator("#status").inner_text()
        assert state == annual
        page.go_back()
        assert row.locator(".status").inner_text() == state
