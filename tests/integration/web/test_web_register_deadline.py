"""The register deadline on the web (issue 29, item 4): on «Bagatellmessig støtte» the programme's leader (or the
operator) marks an award reported with «Marker som rapportert», through the same function as the command line, so
the award and its deadline on the wheel never disagree; the deadline's own page marks it too. Every other role is
refused and nothing is written; a leader of another programme reaches no award of this one."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from omstilling.store import db
from omstilling.store.models import AidAward, Project
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
BASE = f"/programmer/{SLUG}/stotte"
TODAY = date(2014, 9, 3)


@pytest.fixture
def site(tmp_path, demo_template, monkeypatch):
    """A fresh copy of the demo with Gjøvik and Nordkapp; the threshold lowered to 30 000 euro, so 2014-04
    (Raufoss Komponent AS, 36 231,88 euro, granted 17 March 2014) is due 17 September 2014; today 3 September."""
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
    yield make_app(engine, tmp_path), engine
    engine.dispose()
    get_settings.cache_clear()


def reported_on(engine, project: str = "2014-04") -> date | None:
    with db.session_scope(engine) as session:
        return session.exec(
            select(col(AidAward.reported_on))
            .join(Project, col(Project.id) == col(AidAward.project_id))
            .where(Project.number == project)
        ).one()


def client_for(site, person: str) -> TestClient:
    return client_as(site, PEOPLE[person])


@pytest.mark.parametrize("person", PEOPLE)
def test_only_the_programmes_leader_and_the_operator_can_mark_an_award_reported(site, person):
    _app, engine = site
    client = client_for(site, person)
    response = client.post(
        f"{BASE}/rapportert", data={"csrf": csrf_for(client), "prosjekt": "2014-04"}, follow_redirects=False
    )
    if person == "nobody":
        assert response.status_code == 303 and response.headers["location"].startswith("/logg-inn")
    elif person in WORKERS:
        assert response.status_code == 303 and response.headers["location"] == f"{BASE}#prosjekt-2014-04"
        page = client.get(BASE).text
        assert (
            "Støtten til prosjekt 2014-04 (Raufoss Komponent AS) er rapportert til Registeret for offentlig støtte "
            "3. september 2014. Påminnelsene stopper." in page
        )
        assert reported_on(engine) == TODAY
        return
    elif person.endswith("county_leader"):
        assert response.status_code == 403 and "Ingen tilgang" in response.text
    else:  # reads the programme but does not work on it
        assert response.status_code == 403 and "Bare programlederen" in response.text
    assert reported_on(engine) is None


def test_a_leader_of_another_programme_reaches_no_award_of_this_one(site):
    _app, engine = site
    client = client_for(site, "same_county_leader")
    mine = f"/programmer/{OTHER_SAME_COUNTY}/stotte"
    response = client.post(f"{mine}/rapportert", data={"csrf": csrf_for(client), "prosjekt": "2014-04"})
    assert "programmet har ikke prosjekt 2014-04" in response.text
    assert reported_on(engine) is None


def row(page: str, project: str) -> str:
    found = re.search(rf'<tr role="row" id="prosjekt-{project}">(.*?)</tr>', page, re.S)
    assert found is not None
    return found.group(1)


def test_the_button_is_the_leaders_and_the_page_says_when_it_was_reported(site):
    leader = client_for(site, "leader")
    page = leader.get(BASE).text
    assert "Marker som rapportert" in row(page, "2014-04")
    assert "Marker som rapportert" not in row(page, "2014-01")  # under the threshold: nothing to report
    assert "Marker som rapportert" not in client_for(site, "officer").get(BASE).text  # the county reads only
    leader.post(f"{BASE}/rapportert", data={"csrf": csrf_for(leader), "prosjekt": "2014-04"})
    done = row(leader.get(BASE).text, "2014-04")
    assert "rapportert 3. september 2014" in done and "Marker som rapportert" not in done


def test_the_deadline_page_marks_the_award_and_opening_it_again_clears_it(site):
    _app, engine = site
    with db.session_scope(engine) as session:
        award_id = session.exec(
            select(col(AidAward.id))
            .join(Project, col(Project.id) == col(AidAward.project_id))
            .where(Project.number == "2014-04")
        ).one()
    leader = client_for(site, "leader")
    page_url = f"/programmer/{SLUG}/frister/registerrapport/2014/{award_id}"
    page = leader.get(page_url).text
    assert "Rapportering til Registeret for offentlig støtte: 2014-04 Raufoss Komponent AS" in page
    assert "17. september 2014" in page
    csrf = csrf_for(leader, page_url)
    leader.post(page_url, data={"csrf": csrf, "handling": "utfort"})
    assert reported_on(engine) == TODAY
    leader.post(page_url, data={"csrf": csrf, "handling": "apne"})
    assert reported_on(engine) is None


def test_frister_names_it_in_the_programmes_written_standard(site):
    """Bokmål, then the same programme in nynorsk: the kind word beside the title on Frister."""
    import sqlalchemy as sa

    _app, engine = site
    leader = client_for(site, "leader")
    title = "Rapportering til Registeret for offentlig støtte: 2014-04 Raufoss Komponent AS"
    bokmal = leader.get(f"/programmer/{SLUG}/frister?aar=2014").text
    assert title in bokmal and "rapportering til Registeret for offentlig støtte</span>" in bokmal
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE programme SET language = 'nn' WHERE slug = :s"), {"s": SLUG})
    nynorsk = leader.get(f"/programmer/{SLUG}/frister?aar=2014").text
    assert title in nynorsk  # the award's own words: the wheel's title (data) and the project
    assert "rapportering til Registeret for offentleg støtte</span>" in nynorsk
