"""The programme leader's workbook with state aid, on the Data page as a phone shows it (issue 29): a grant near the
de minimis ceiling is said on the dry run before anything is written, and a grant over it is refused with the
regulation's sentence at its sheet, row and column; both pages fit 390 px without sideways scroll."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from omstilling.app import workbooks
from tests.support.look import sign_in_by_mail
from tests.support.web import SLUG

pytestmark = pytest.mark.look
LEADER = "programleder@example.org"
PAGE = f"/programmer/{SLUG}/data"


def workbook_with(engine, path, amount: int):
    workbooks.export_workbook(engine, SLUG, path)
    book = load_workbook(path)
    book["Støtte"].append(["2014-01", date(2014, 5, 19), None, amount])
    book.save(path)
    return path


def upload(phone, path) -> None:
    phone.get_by_label("Arbeidsbok (.xlsx)").set_input_files(str(path))
    phone.get_by_role("button", name="Kontroller filen").click()
    phone.wait_for_load_state()


def test_a_grant_near_the_ceiling_is_said_and_one_over_it_refused_on_a_phone(browser, site, screenshots, tmp_path):
    served, engine, inbox = site
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    sign_in_by_mail(phone, served, inbox, LEADER, PAGE)

    upload(phone, workbook_with(engine, tmp_path / "naer-taket.xlsx", 1_400_000))
    warning = phone.locator("ul.varsler li")
    warning.first.wait_for()
    assert warning.inner_text().startswith(
        "Støtte, rad 11: Obs: med dette tilskuddet har Toten Trebygg AS (org.nr. 910 791 907) fått "
        "190\u00a0201,25\u00a0euro i bagatellmessig støtte"
    )
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the dry run is {width} px wide on a 390 px phone"
    phone.screenshot(path=screenshots / "stotte-01-varsel-mobil.png", full_page=True)

    phone.goto(served.url + PAGE)
    upload(phone, workbook_with(engine, tmp_path / "over-taket.xlsx", 2_500_000))
    errors = phone.locator("table.feilliste")
    errors.wait_for()
    text = " ".join(errors.inner_text().split())
    assert "Støtte" in text and "Beløp (kr)" in text
    assert "Tilskuddet kan ikke gis som bagatellmessig støtte: Toten Trebygg AS (org.nr. 910 791 907)" in text
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the refusal is {width} px wide on a 390 px phone"
    phone.screenshot(path=screenshots / "stotte-02-nektet-mobil.png", full_page=True)
