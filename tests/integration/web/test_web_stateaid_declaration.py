"""A company's declaration of other de minimis aid, and organisation numbers that count as one undertaking, on the
page Bagatellmessig støtte (issue 29, brief B item 3): for the programme's leader and the operator only, through
`app.stateaid`; hostile input gets a Norwegian message tied to its field, and nothing is written."""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from fastapi.testclient import TestClient

from omstilling.app import stateaid
from omstilling.store import db
from tests.support.web import OTHER_SAME_COUNTY, SLUG, add_programmes, client_as, csrf_for, csrf_of, make_app

PAGE = f"/programmer/{SLUG}/stotte"
PEOPLE = {
    "nobody": None,
    "board": "styremedlem1@example.org",
    "officer": "fylke@example.org",
    "other_leader": f"leder@{OTHER_SAME_COUNTY}.example.org",
    "leader": "programleder@example.org",
    "operator": "drift@example.org",
}
TOTEN_TREBYGG = "910791907"  # project 2014-01: 18 115,94 euro on 17 March 2014
OTHER = "974760606"
DECLARATION = {
    "e_orgnr": "910 791 907",
    "e_dato": "2014-03-01",
    "e_signert": "Kari Lie, daglig leder",
    "e_giver_1": "Innovasjon Norge",
    "e_ordning_1": "Etablerertilskudd",
    "e_tildelt_1": "2013-06-03",
    "e_euro_1": "25 000,50",
}
LINK = {"k_orgnr": TOTEN_TREBYGG, "k_med": "974 760 606", "k_hvorfor": "Samme eier", "handling": "koble"}


@pytest.fixture
def site(tmp_path, demo_template):
    shutil.copyfile(demo_template, tmp_path / "demo.db")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    add_programmes(engine)
    yield make_app(engine, tmp_path), engine
    engine.dispose()


def client_for(site, person: str) -> TestClient:
    return client_as(site, PEOPLE[person])


def declared(engine) -> list:
    aid = stateaid.company_aid(engine, TOTEN_TREBYGG, as_of=date(2014, 3, 17))
    return [(r.grantor, r.granted, r.eur) for r in aid.rows if r.kind == "erklært"]


def members(engine) -> tuple[str, ...]:
    return stateaid.company_aid(engine, TOTEN_TREBYGG, as_of=date(2014, 3, 17)).members


def send(client: TestClient, path: str, data: dict[str, str], own_page: bool = True):
    token = csrf_of(client.get(PAGE).text) if own_page else csrf_for(client)
    return client.post(f"{PAGE}/{path}", data={"csrf": token} | data, follow_redirects=False)


def message(html: str) -> str:
    found = re.search(r'<p class="melding[^"]*" id="melding"[^>]*>(.*?)</p>', html, re.S)
    assert found, "no message on the page"
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("\u00a0", " ")


def invalid(html: str) -> list[str]:
    return re.findall(r'<input id="([a-z_0-9]+)"[^>]*aria-invalid="true"[^>]*aria-describedby="melding"', html)


@pytest.mark.parametrize("person", PEOPLE)
def test_only_the_leader_and_the_operator_may_record_a_declaration_or_a_link(site, person):
    _, engine = site
    client = client_for(site, person)
    allowed = person in ("leader", "operator")
    for path, data in (("erklaering", DECLARATION), ("kobling", LINK)):
        response = send(client, path, data, own_page=allowed)
        if allowed:
            assert response.status_code == 303, response.text[:300]
        elif person == "nobody":
            assert response.status_code == 303 and "/logg-inn" in response.headers["location"]
        elif person == "other_leader":
            assert response.status_code == 403 and "Ingen tilgang" in response.text
        else:
            assert response.status_code == 403 and "Bare programlederen (eller drift)" in response.text
    if allowed:
        assert declared(engine) == [("Innovasjon Norge", date(2013, 6, 3), Decimal("25000.50"))]
        assert members(engine) == (TOTEN_TREBYGG, OTHER)
        said = message(client.get(PAGE).text)
        assert said == "Org.nr. 910791907 og 974 760 606 regnes nå som ett foretak i alle programmenes tak."
    else:
        assert declared(engine) == [] and members(engine) == (TOTEN_TREBYGG,)


def test_a_declaration_is_said_on_the_page_and_a_link_can_be_taken_away(site):
    _, engine = site
    client = client_for(site, "leader")
    done = send(client, "erklaering", DECLARATION)
    assert message(client.get(done.headers["location"]).text) == (
        "Erklæringen fra org.nr. 910 791 907 av 1. mars 2014 er registrert: 1 tildeling fra andre, 25 000,50 euro."
    )
    send(client, "kobling", LINK)
    assert members(engine) == (TOTEN_TREBYGG, OTHER)
    gone = send(client, "kobling", LINK | {"handling": "fjern"})
    assert gone.status_code == 303 and members(engine) == (TOTEN_TREBYGG,)
    assert message(client.get(PAGE).text) == "Koblingen mellom org.nr. 910791907 og 974 760 606 er fjernet."


HOSTILE = {
    "a bad check digit": ("erklaering", {"e_orgnr": "910 791 908"}, "e_orgnr", "gyldig organisasjonsnummer"),
    "an org number of 8 digits": ("erklaering", {"e_orgnr": "91079190"}, "e_orgnr", "gyldig organisasjonsnummer"),
    "a grantor of 10 000 characters": ("erklaering", {"e_giver_1": "x" * 10_000}, "e_giver_1", "høyst 200 tegn"),
    "control characters": ("erklaering", {"e_signert": "Kari\x07"}, "e_signert", "kontrolltegn"),
    "an impossible date": ("erklaering", {"e_tildelt_1": "2013-02-30"}, "e_tildelt_1", "er ikke en dato"),
    "aid after the declaration": ("erklaering", {"e_tildelt_1": "2014-04-01"}, "e_tildelt_1", "etter at erklæringen"),
    "a negative amount": ("erklaering", {"e_euro_1": "-5"}, "e_euro_1", "beløpet må være over 0 euro"),
    "an amount of 10^15": ("erklaering", {"e_euro_1": "1" + "0" * 15}, "e_euro_1", "under 1 000 milliarder"),
    "a row without its grantor": ("erklaering", {"e_giver_1": ""}, "e_giver_1", "oppgi hvem som ga støtten"),
    "a number linked to itself": ("kobling", {"k_med": TOTEN_TREBYGG}, "k_med", "regnes alltid som ett med seg selv"),
    "a link with a bad number": ("kobling", {"k_med": "974760607"}, "k_med", "gyldig organisasjonsnummer"),
    "removing a link nobody made": ("kobling", {"handling": "fjern"}, "k_med", "ingen slik kobling å fjerne"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_input_is_refused_tied_to_its_field_and_nothing_is_written(site, case):
    _, engine = site
    path, changes, field, said = HOSTILE[case]
    client = client_for(site, "leader")
    response = send(client, path, (DECLARATION if path == "erklaering" else LINK) | changes)
    assert response.status_code == 409, response.text[:300]
    assert said in message(response.text), message(response.text)
    assert invalid(response.text) == [field]
    assert declared(engine) == [] and members(engine) == (TOTEN_TREBYGG,)


def test_the_csrf_token_is_required(site):
    _, engine = site
    client = client_for(site, "leader")
    for path, data in (("erklaering", DECLARATION), ("kobling", LINK)):
        response = client.post(f"{PAGE}/{path}", data=data, follow_redirects=False)
        assert response.status_code == 400 and "Skjemaet er utløpt" in response.text
    assert declared(engine) == [] and members(engine) == (TOTEN_TREBYGG,)
