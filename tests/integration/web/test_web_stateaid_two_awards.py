"""A project with two awards on «Bagatellmessig støtte» (review of issue 29, defect 5): project 2014-12 gets
300 000 kroner on 17 March and on 20 October 2014, both over the 30 000 euro the test sets as the register's
threshold. Each row carries its own grant date (its id, the hidden field of «Marker som rapportert», its letter and
form links), so the March award can be marked and downloaded; the second press marks the other award. Every role
tried on the route with the date: the leader and the operator only, nothing written for the others."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from omstilling.app import stateaid
from omstilling.store import db
from tests.support.web import OTHER_SAME_COUNTY, SLUG, add_programmes, client_as, csrf_for, make_app

PEOPLE = {
    "nobody": None,
    "leader": "programleder@example.org",
    "board": "styremedlem1@example.org",
    "chair": "styreleder@example.org",
    "observer": "ofk@example.org",
    "officer": "fylkesradgiver@ofk.example.org",
    "operator": "drift@example.org",
    "same_county_leader": "leder@gjovik.example.org",
    "other_county_leader": "leder@nordkapp.example.org",
}
WORKERS = {"leader", "operator"}
READERS = {"leader", "officer", "operator"}
BASE = f"/programmer/{SLUG}/stotte"
TODAY = date(2014, 11, 3)
MARCH, OCTOBER = date(2014, 3, 17), date(2014, 10, 20)


@pytest.fixture
def site(tmp_path, demo_template, monkeypatch):
    import shutil

    from omstilling.config import get_settings
    from tests.support import web

    monkeypatch.setenv("OMSTILLING_REGISTER_THRESHOLD_EUR", "30000")
    get_settings.cache_clear()
    monkeypatch.setattr("omstilling.clock.today", lambda: TODAY)
    PEOPLE["officer"], PEOPLE["operator"] = web.COUNTY_OFFICER, web.OPERATOR
    shutil.copyfile(demo_template, tmp_path / "demo.db")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    add_programmes(engine)
    for day in (MARCH, OCTOBER):
        stateaid.record_award(
            engine, SLUG, "2014-12", by="K", granted_on=day, org_number="974760606", amount_nok=300_000
        )
    yield make_app(engine, tmp_path), engine
    engine.dispose()
    get_settings.cache_clear()


def reported(engine) -> dict[date, date | None]:
    return {a.granted_on: a.reported_on for a in stateaid.programme_awards(engine, SLUG) if a.project == "2014-12"}


def client_for(site, person: str) -> TestClient:
    return client_as(site, PEOPLE[person])


def row(page: str, day: date) -> str:
    found = re.search(rf'<tr role="row" id="prosjekt-2014-12-{day.isoformat()}">(.*?)</tr>', page, re.S)
    assert found is not None, day
    return found.group(1)


def test_each_row_carries_its_awards_grant_date(site):
    page = client_for(site, "leader").get(BASE).text
    for day in (MARCH, OCTOBER):
        mine = row(page, day)
        assert f'<input type="hidden" name="tildelt" value="{day.isoformat()}">' in mine
        assert f"tilsagnsbrev.pdf?prosjekt=2014-12&amp;tildelt={day.isoformat()}" in mine
        assert f"egenerklaering.docx?prosjekt=2014-12&amp;tildelt={day.isoformat()}" in mine
        assert f"tilsagnsbrev for prosjekt 2014-12 tildelt {day:%d.%m.%Y}" in mine
    one = re.search(r'<tr role="row" id="prosjekt-2014-04">(.*?)</tr>', page, re.S)  # one award: as before
    assert one is not None and 'name="tildelt"' not in one.group(1) and "tildelt=" not in one.group(1)


@pytest.mark.parametrize("person", PEOPLE)
def test_only_the_leader_and_the_operator_mark_the_march_award_and_only_it(site, person):
    _app, engine = site
    client = client_for(site, person)
    response = client.post(
        f"{BASE}/rapportert",
        data={"csrf": csrf_for(client), "prosjekt": "2014-12", "tildelt": MARCH.isoformat()},
        follow_redirects=False,
    )
    if person == "nobody":
        assert response.status_code == 303 and response.headers["location"].startswith("/logg-inn")
    elif person in WORKERS:
        assert response.headers["location"] == f"{BASE}#prosjekt-2014-12-2014-03-17"
        assert reported(engine) == {MARCH: TODAY, OCTOBER: None}
        page = client.get(BASE).text
        assert "rapportert 3. november 2014" in row(page, MARCH)
        assert (
            "Støtten til prosjekt 2014-12 (Gjøvikregionen Næringsråd) tildelt 17.03.2014 er rapportert til Registeret "
            "for offentlig støtte 3. november 2014. Påminnelsene stopper." in page
        )
        assert "Marker som rapportert" in row(page, OCTOBER)
        return
    else:
        assert response.status_code == 403
    assert reported(engine) == {MARCH: None, OCTOBER: None}


def test_pressing_both_buttons_marks_both_awards(site):
    _app, engine = site
    leader = client_for(site, "leader")
    for day in (OCTOBER, MARCH):
        leader.post(f"{BASE}/rapportert", data={"csrf": csrf_for(leader), "prosjekt": "2014-12", "tildelt": day})
    assert reported(engine) == {MARCH: TODAY, OCTOBER: TODAY}
    page = leader.get(BASE).text
    assert "allerede" not in page and "forfalt" not in row(page, MARCH)


def test_a_leader_of_another_programme_cannot_mark_this_ones_award(site):
    _app, engine = site
    client = client_for(site, "same_county_leader")
    data = {"csrf": csrf_for(client), "prosjekt": "2014-12", "tildelt": MARCH.isoformat()}
    response = client.post(f"/programmer/{OTHER_SAME_COUNTY}/stotte/rapportert", data=data)
    assert "programmet har ikke prosjekt 2014-12" in response.text
    assert reported(engine) == {MARCH: None, OCTOBER: None}


@pytest.mark.parametrize("person", PEOPLE)
def test_the_march_letter_is_the_march_awards_for_those_who_read_the_aid(site, person):
    client = client_for(site, person)
    response = client.get(f"{BASE}/tilsagnsbrev.pdf?prosjekt=2014-12&tildelt=2014-03-17", follow_redirects=False)
    if person not in READERS:
        assert response.status_code in (303, 403)
        return
    assert response.status_code == 200
    assert 'filename="vestre-toten-tilsagnsbrev-2014-12-2014-03-17.pdf"' in response.headers["content-disposition"]
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "17. mars 2014" in text and "20. oktober 2014" not in text
    form = client.get(f"{BASE}/egenerklaering.docx?prosjekt=2014-12&tildelt=2014-03-17")
    assert form.status_code == 200 and "egenerklaering-2014-12-2014-03-17.docx" in form.headers["content-disposition"]
    wrong = client.get(f"{BASE}/tilsagnsbrev.pdf?prosjekt=2014-12&tildelt=2014-05-05")
    assert wrong.status_code == 404 and "har ingen tildeling 05.05.2014" in wrong.text
    bad = client.get(f"{BASE}/tilsagnsbrev.pdf?prosjekt=2014-12&tildelt=mars")
    assert bad.status_code == 400 and "er ikke en dato" in bad.text
