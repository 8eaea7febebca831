"""Bagatellmessig støtte on the web (issue 29): a programme's awards with their grant letters, declaration forms and
the register export, for its leader, the county's readers and the operator, never the board; and the county page's
companies near the ceiling, for the county's readers and the operator only. Every route as every role."""

from __future__ import annotations

import io
import re
from datetime import date
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from omstilling.app import stateaid
from omstilling.app.audit import events
from tests.support.web import COUNTY, COUNTY_OFFICER, OPERATOR, SLUG, add_programmes, make_app, sign_in

PEOPLE = {
    "nobody": None,
    "leader": "programleder@example.org",
    "board": "styremedlem1@example.org",
    "chair": "styreleder@example.org",
    "observer": "ofk@example.org",  # the county's observer on the board: reads the programme, not its aid
    "officer": COUNTY_OFFICER,
    "operator": OPERATOR,
    "same_county_leader": "leder@gjovik.example.org",
    "other_county_leader": "leder@nordkapp.example.org",
}
AID = {"leader", "officer", "operator"}
COUNTY_PAGE = {"officer", "operator"}
BASE = f"/programmer/{SLUG}/stotte"
ROUTES = [
    (BASE, AID),
    (f"{BASE}/register.xlsx", AID),
    (f"{BASE}/register.csv?aar=2014", AID),
    (f"{BASE}/tilsagnsbrev.pdf?prosjekt=2014-01", AID),
    (f"{BASE}/tilsagnsbrev.docx?prosjekt=2014-01", AID),
    (f"{BASE}/egenerklaering.docx?prosjekt=2014-01", AID),
    (f"{BASE}/egenerklaering.pdf", AID),
    (f"/fylker/{quote(COUNTY)}", COUNTY_PAGE),
]
RAUFOSS_KOMPONENT = "910815652"  # project 2014-04: 36 231,88 euro on 17 March 2014


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_template):
    """The demo with Gjøvik (same county) and Nordkapp (another), the county's officer; and Raufoss Komponent AS
    near the ceiling: it declared 210 000 euro from Innovasjon Norge in 2013 beside the demo's 36 231,88 euro."""
    import shutil

    from omstilling.store import db

    folder = tmp_path_factory.mktemp("web-stotte")
    shutil.copyfile(demo_template, folder / "demo.db")
    engine = db.make_engine(f"sqlite:///{folder / 'demo.db'}")
    add_programmes(engine)
    stateaid.record_declaration(
        engine,
        SLUG,
        RAUFOSS_KOMPONENT,
        declared_on=date(2014, 3, 1),
        signed_by="Per Hansen, daglig leder",
        rows=[
            {
                "grantor": "Innovasjon Norge",
                "scheme": "Risikolån",
                "granted_on": date(2013, 6, 3),
                "amount_eur": "210000",
            }
        ],
        by="programleder@example.org",
    )
    yield make_app(engine, folder), engine
    engine.dispose()


@pytest.fixture
def on_new_years_eve(monkeypatch):
    """Today is 31 December 2014: the county page's three years run from 1 January 2012."""
    monkeypatch.setattr("omstilling.clock.today", lambda: date(2014, 12, 31))


def client_for(site, person: str) -> TestClient:
    app, engine = site
    client = TestClient(app)
    if PEOPLE[person]:
        sign_in(client, engine, PEOPLE[person])
    return client


@pytest.mark.parametrize("person", PEOPLE)
def test_every_route_answers_each_person_as_their_roles_allow(site, person, on_new_years_eve):
    client = client_for(site, person)
    wrong = []
    for path, allowed in ROUTES:
        response = client.get(path, follow_redirects=False)
        if person == "nobody":
            expected = "sign in"
            got = "sign in" if response.status_code == 303 and "/logg-inn" in response.headers["location"] else None
        elif person in allowed:
            expected, got = "allowed", "allowed" if response.status_code == 200 else None
        elif person in ("board", "chair", "observer") and path.startswith(BASE):
            expected = "told who may"
            told = "Bare programlederen, fylkeskommunens lesere og drift kan se støtten" in response.text
            got = expected if response.status_code == 403 and told else None
        else:
            expected = "forbidden"
            got = expected if response.status_code == 403 and "Ingen tilgang" in response.text else None
        if got != expected:
            wrong.append(f"{path}: expected {expected}, got {response.status_code} {response.text[:120]!r}")
    assert wrong == []


def test_the_board_is_not_offered_the_aid_page_and_the_leader_is(site):
    board = client_for(site, "board").get(f"/programmer/{SLUG}/dokumenter").text
    leader = client_for(site, "leader").get(f"/programmer/{SLUG}/dokumenter").text
    assert f'href="{BASE}"' not in board
    assert f'href="{BASE}"' in leader


def text_of(html: str) -> str:
    """The page's text, tags gone and spaces squeezed (a no-break space kept: the figures hold it)."""
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_aid_page_lists_each_award_with_its_letter_and_form(site):
    page = client_for(site, "officer").get(BASE).text
    row = re.search(r"<tr role=\"row\" id=\"prosjekt-2014-01\">(.*?)</tr>", page, re.S)
    assert row is not None
    assert text_of(row.group(1)).startswith(
        "2014-01 Toten Trebygg AS org.nr. 910 791 907 17.03.2014 150\u00a0000\u00a0kr 18\u00a0115,94\u00a0euro "
        "under terskelen PDF · Word forordning (EU) nr. 1407/2013"
    )
    assert f'href="{BASE}/tilsagnsbrev.pdf?prosjekt=2014-01"' in row.group(1)
    assert f'href="{BASE}/egenerklaering.docx?prosjekt=2014-01"' in row.group(1)
    assert f'href="{BASE}/register.xlsx?aar=2014"' in page
    assert "minst 100\u00a0000\u00a0euro, innen 6 måneder etter tildelingsdatoen" in page


def test_the_county_officer_downloads_the_register_export_and_it_is_logged(site):
    _app, engine = site
    response = client_for(site, "officer").get(f"{BASE}/register.xlsx?aar=2014")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="vestre-toten-register-2014.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["Tildelinger"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Støttegiver", "Kommune", "Mottakers organisasjonsnummer", "Mottaker"]
    assert header[-3:] == ["Skal rapporteres", "Rapporteringsfrist", "Rapportert"]
    assert sheet.max_row == 10
    logged = events(engine, action="dokument-lastet-ned", person=COUNTY_OFFICER)
    assert [e.target for e in logged.events][:1] == ["register-2014.xlsx"]


def test_a_letter_for_a_project_without_an_award_says_what_to_do(site):
    client = client_for(site, "leader")
    response = client.get(f"{BASE}/tilsagnsbrev.pdf?prosjekt=2014-06")
    assert response.status_code == 400
    assert "prosjekt 2014-06 har ingen registrert bagatellmessig støtte; registrer tildelingen først" in response.text
    assert client.get(f"{BASE}/tilsagnsbrev.pdf?prosjekt=2099-01").status_code == 404
    unknown = client.get(f"{BASE}/register.pdf")
    assert unknown.status_code == 404 and "Dette dokumentet finnes som Excel, CSV." in unknown.text


def test_the_letter_downloaded_is_the_projects_pdf(site):
    response = client_for(site, "leader").get(f"{BASE}/tilsagnsbrev.pdf?prosjekt=2014-01")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="vestre-toten-tilsagnsbrev-2014-01.pdf"'
    assert response.content.startswith(b"%PDF")


def near_ceiling_rows(page: str) -> list[str]:
    section = page.split('id="naer-taket"', 1)[1].split("</section>", 1)[0]
    return [text_of(row) for row in re.findall(r"<tbody>(.*?)</tbody>", section, re.S)]


@pytest.mark.parametrize("person", ["officer", "operator"])
def test_the_county_page_shows_the_companies_near_the_ceiling(site, person, on_new_years_eve):
    page = client_for(site, person).get(f"/fylker/{quote(COUNTY)}").text
    assert "Foretak nær taket for bagatellmessig støtte" in page
    assert (
        "og som i regnskapsåret 2014 og de to foregående, til og med i dag, 31. desember 2014, har fått minst "
        "80\u00a0% av taket på 200\u00a0000\u00a0euro (forordning (EU) nr. 1407/2013)."
    ) in page
    assert '<th scope="col" role="columnheader" class="tall">Sum i regnskapsårene</th>' in page
    assert near_ceiling_rows(page) == [  # over Regulation (EU) No 1407/2013's 200 000 euro
        (
            "Raufoss Komponent AS 910 815 652 246\u00a0231,88\u00a0euro over taket 0\u00a0euro "
            "Omstillingsprogrammet i Vestre Toten"
        )
    ]


def test_the_county_page_a_year_on_has_none_near_the_ceiling(site, monkeypatch):
    """On 4 June 2016 the declared aid of 3 June 2013 has left the three years."""
    monkeypatch.setattr("omstilling.clock.today", lambda: date(2016, 6, 4))
    page = client_for(site, "officer").get(f"/fylker/{quote(COUNTY)}").text
    assert near_ceiling_rows(page) == []
    assert "Ingen foretak som programmene i fylket har gitt støtte til, har nådd 80\u00a0% av taket." in page


def test_under_the_proposed_rule_every_award_shows_its_deadline_for_the_register(site, monkeypatch):
    """OMSTILLING_REGISTER_THRESHOLD_EUR=0 and «20 virkedager»: the demo's smallest grant, 14 302,74 euro on
    20 October 2014, is due at the register on 17 November 2014."""
    from omstilling.config import get_settings

    monkeypatch.setenv("OMSTILLING_REGISTER_THRESHOLD_EUR", "0")
    monkeypatch.setenv("OMSTILLING_REGISTER_DEADLINE", "20 virkedager")
    get_settings.cache_clear()
    try:
        page = client_for(site, "leader").get(BASE).text
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert "Hver tildeling skal rapporteres til registeret innen 20 virkedager etter tildelingsdatoen." in page
    row = re.search(r"<tr role=\"row\" id=\"prosjekt-2014-09\">(.*?)</tr>", page, re.S)
    assert row is not None and "20.10.2014 120\u00a0000\u00a0kr 14\u00a0302,74\u00a0euro 17.11.2014" in text_of(
        row.group(1)
    )


def test_a_nynorsk_programmes_aid_page_is_nynorsk(demo_sqlite, tmp_path):
    import sqlalchemy as sa

    from tests.support.nynorsk import bokmal_words

    with demo_sqlite.begin() as connection:
        connection.execute(sa.text("UPDATE programme SET language = 'nn'"))
    client = sign_in(TestClient(make_app(demo_sqlite, tmp_path)), demo_sqlite, PEOPLE["leader"])
    page = client.get(BASE).text
    assert '<html lang="nn">' in page and "<h1>Bagatellmessig støtte</h1>" in page
    assert "Ei tildeling skal rapporterast til registeret når ho er på minst 100\u00a0000\u00a0euro" in page
    names = re.findall(r"<td role=\"cell\" data-label=\"Mottakar\">([^<]+?) <span", page)
    assert len(names) == 9
    text = text_of(page.split("<main", 1)[1])
    assert bokmal_words(text, [*names, "Omstillingsprogrammet i Vestre Toten"]) == set()
