"""Who gets what: every route of the web app walked as every role and as nobody.

Roles on the day decide: the programme leader works on their programme; the board (and anyone else with a role
on it, the county's observer among them) reads it; the county's officer, granted by the operator, reads every
programme of that county and the county's page; the operator sees everything. A role whose term has ended gives
nothing."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from omstilling.app import drafts
from omstilling.core.enums import DocumentKind
from omstilling.store import choose
from omstilling.store.models import DocumentRecord
from tests.support.web import (
    COUNTY,
    COUNTY_OFFICER,
    OPERATOR,
    OTHER_COUNTY,
    OTHER_SAME_COUNTY,
    SLUG,
    add_programmes,
    csrf_for,
    make_app,
    sign_in,
)

PEOPLE = {
    "nobody": None,
    "leader": "programleder@example.org",
    "board": "styremedlem1@example.org",
    "chair": "styreleder@example.org",
    "county": "ofk@example.org",
    "officer": COUNTY_OFFICER,
    "operator": OPERATOR,
    "former": "tidligere@example.org",
    "tampered": "leder@gjovik.example.org",
}
"""`tampered` leads Gjøvik, whose own data (written as its workbook would) also names them the county's observer,
the Innovasjon Norge observer and the chair: rights they tried to widen through data they control."""
READERS = {"leader", "board", "chair", "county", "officer", "operator"}
WORKERS = {"leader", "operator"}
COUNTY_READERS = {"officer", "operator"}  # other programmes of the county, and the county page
GJOVIK_READERS = COUNTY_READERS | {"tampered"}  # Gjøvik: its own leader reads and works on it, nothing more
EVERYTHING = {"operator"}
AID_READERS = {"leader", "officer", "operator"}  # a programme's state aid: not its board, nor the county's observer


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_template):
    import shutil

    from omstilling.config import get_settings
    from omstilling.store import db

    folder = tmp_path_factory.mktemp("web-access")
    shutil.copyfile(demo_template, folder / "demo.db")
    engine = db.make_engine(f"sqlite:///{folder / 'demo.db'}")
    add_programmes(engine)
    with db.session_scope(engine) as session:  # the leader of Gjøvik writes roles for themselves into its data
        from omstilling.intake import writes

        gjovik = choose.programme(session, OTHER_SAME_COUNTY)
        for role in ("observator-fylkeskommune", "observator-innovasjon-norge", "styreleder"):
            writes.add_role(
                session,
                gjovik,
                {
                    "name": "Leder gjovik",
                    "role": role,
                    "organisation": COUNTY,
                    "term_start": date(2012, 1, 1),
                    "email": PEOPLE["tampered"],
                },
            )
    import os

    os.environ["OMSTILLING_OUTPUT_DIR"] = str(folder / "out")
    get_settings.cache_clear()
    try:
        drafts.write_document(
            engine,
            SLUG,
            DocumentKind.ANNUAL_REPORT,
            2014,
            __import__("datetime").date(2014, 12, 31),
            formats=("md",),
            out_dir=folder / "out",
        )
    finally:
        del os.environ["OMSTILLING_OUTPUT_DIR"]
        get_settings.cache_clear()
    with db.session_scope(engine) as session:
        record = session.exec(select(DocumentRecord)).first()
    app = make_app(engine, folder)
    yield app, engine, record.id
    engine.dispose()


def routes(document_id: int) -> list[tuple[str, str, dict, set[str]]]:
    """(method, path, form, who gets it) for every route; the rest get 403, nobody is sent to sign in."""
    p = f"/programmer/{SLUG}"
    same, other = f"/programmer/{OTHER_SAME_COUNTY}", f"/programmer/{OTHER_COUNTY}"
    county = f"/fylker/{quote(COUNTY)}"
    return [
        ("GET", "/", {}, READERS | {"tampered"}),  # the home page lists what each may read
        ("GET", p, {}, READERS),
        ("GET", f"{p}/hjul.svg?aar=2014", {}, READERS),
        ("GET", f"{p}/frister", {}, READERS),
        ("GET", f"{p}/frister/soknad-fylket/2014/1", {}, READERS),
        ("GET", f"{p}/dokumenter", {}, READERS),
        ("GET", f"{p}/dokumenter/{document_id}/arsrapport.md", {}, EVERYTHING),  # the Markdown: the operator's
        ("GET", f"{p}/meldinger", {}, READERS),
        ("GET", f"{p}/data", {}, WORKERS),
        ("GET", f"{p}/data/arbeidsbok.xlsx", {}, WORKERS),
        ("POST", f"{p}/frister/soknad-fylket/2014/1", {"handling": "ingen-slik"}, WORKERS),
        ("POST", f"{p}/dokumenter/utkast", {"dokument": "ingen-slik"}, WORKERS),
        ("POST", f"{p}/data/provekjoring", {}, WORKERS),
        ("POST", f"{p}/data/importer", {"token": "ingen-slik"}, WORKERS),
        ("GET", f"{p}/stotte", {}, AID_READERS),
        ("GET", f"{p}/stotte/register.csv", {}, AID_READERS),
        ("POST", f"{p}/stotte/rapportert", {"prosjekt": "ingen-slik"}, WORKERS),
        ("GET", same, {}, GJOVIK_READERS),
        ("GET", f"{same}/frister", {}, GJOVIK_READERS),
        ("GET", f"{same}/dokumenter", {}, GJOVIK_READERS),
        ("GET", f"{same}/meldinger", {}, GJOVIK_READERS),
        ("GET", f"{same}/data", {}, {"operator", "tampered"}),
        ("GET", f"{same}/stotte", {}, GJOVIK_READERS),
        ("GET", county, {}, COUNTY_READERS),
        ("GET", other, {}, EVERYTHING),
        ("GET", f"{other}/data", {}, EVERYTHING),
        ("GET", f"{other}/stotte", {}, EVERYTHING),
        ("GET", f"/fylker/{quote('Finnmark fylkeskommune')}", {}, EVERYTHING),
        ("GET", "/drift/logg?handling=frist-markert&fra=2014-01-01&til=2014-12-31", {}, EVERYTHING),
        ("POST", "/drift/personer/eksport", {"epost": "styremedlem1@example.org"}, EVERYTHING),
        ("GET", "/drift/innlogginger", {}, EVERYTHING),
        ("POST", "/drift/innlogginger/logg-ut-overalt", {"epost": "ingen@example.org"}, EVERYTHING),
    ]


@pytest.mark.parametrize("person", PEOPLE)
def test_every_route_answers_each_person_as_their_roles_on_the_day_allow(site, person):
    app, engine, document_id = site
    client = TestClient(app)
    if PEOPLE[person] and person != "former":
        sign_in(client, engine, PEOPLE[person])
    csrf = csrf_for(client)
    wrong = []
    for method, path, form, allowed in routes(document_id):
        if method == "GET":
            response = client.get(path, follow_redirects=False)
        else:
            response = client.post(path, data={"csrf": csrf, **form}, follow_redirects=False)
        if person in ("nobody", "former"):
            expected = "sign in"
            got = (
                "sign in"
                if response.status_code == 303 and response.headers["location"].startswith("/logg-inn")
                else response.status_code
            )
        elif person in allowed:
            expected = "allowed"
            # a POST with a deliberately wrong value is refused for its content (400), never for who asks (403)
            got = (
                "allowed"
                if response.status_code in (200, 400)
                or (response.status_code == 303 and not response.headers["location"].startswith("/logg-inn"))
                else response.status_code
            )  # an operator's form answers by going back to its page
        else:
            expected = "forbidden"
            got = (
                "forbidden"
                if (response.status_code == 403 and "Ingen tilgang" in response.text)
                or (response.status_code == 403 and "Bare programlederen" in response.text)
                else response.status_code
            )
        if got != expected:
            wrong.append(f"{method} {path}: expected {expected}, got {got}")
    assert wrong == []


def test_a_person_whose_role_has_ended_cannot_sign_in_even_with_a_link(site):
    app, engine, _ = site
    client = TestClient(app)
    sign_in(client, engine, "tidligere@example.org")  # the link itself works once, but gives no access
    response = client.get(f"/programmer/{SLUG}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/logg-inn")


def test_the_board_sees_the_pages_but_no_buttons_that_change_anything(site):
    app, engine, _ = site
    client = sign_in(TestClient(app), engine, "styremedlem1@example.org")
    page = client.get(f"/programmer/{SLUG}/frister/soknad-fylket/2014/1").text
    assert "Søknad til fylkeskommunen" in page
    assert "Marker som utført" not in page
    assert ">Data<" not in client.get(f"/programmer/{SLUG}").text
    assert "Lag utkast" not in client.get(f"/programmer/{SLUG}/dokumenter").text


def test_the_leader_is_offered_the_buttons(site):
    app, engine, _ = site
    client = sign_in(TestClient(app), engine, "programleder@example.org")
    assert "Marker som utført" in client.get(f"/programmer/{SLUG}/frister/soknad-fylket/2014/1").text
    assert "Lag utkast" in client.get(f"/programmer/{SLUG}/dokumenter").text
    home = client.get("/").text
    assert "Omstillingsprogrammet i Vestre Toten" in home and "Gjøvik" not in home
