"""Helpers the web tests share: an app on a test database, and signing in as someone through a real link."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from omstilling.access import signin
from omstilling.access.roles import grant_county
from omstilling.config import Settings
from omstilling.intake import writes
from omstilling.store import choose, db

OPERATOR = "drift@example.org"
SLUG = "vestre-toten"
COUNTY = "Oppland fylkeskommune"
OTHER_SAME_COUNTY = "gjovik"
OTHER_COUNTY = "nordkapp"
COUNTY_OFFICER = "fylke@example.org"
"""Reads every programme of COUNTY: granted by the operator (the demo's county observer, ofk@example.org, only
reads the programme whose board they sit on)."""


def add_programmes(engine: Engine) -> None:
    """Beside the demo: another programme of the same county and one of another county, each with a leader; and
    the county's officer, granted reading the county by the operator."""
    with db.session_scope(engine) as session:
        for slug, name, county, short in (
            (OTHER_SAME_COUNTY, "Omstilling Gjøvik", COUNTY, "OFK"),
            (OTHER_COUNTY, "Omstilling Nordkapp", "Finnmark fylkeskommune", "FFK"),
        ):
            programme = writes.create_programme(
                session,
                {
                    "slug": slug,
                    "name": name,
                    "municipality": f"{name} kommune",
                    "county": county,
                    "county_short": short,
                    "status_start_year": 2012,
                    "status_end_year": 2017,
                },
            )
            writes.add_role(
                session,
                programme,
                {
                    "name": f"Leder {slug}",
                    "role": "programleder",
                    "term_start": date(2012, 1, 1),
                    "email": f"leder@{slug}.example.org",
                },
            )
        demo = choose.programme(session, SLUG)
        writes.add_role(
            session,
            demo,
            {
                "name": "Tidligere leder",
                "role": "programleder",
                "term_start": date(2010, 1, 1),
                "term_end": date(2010, 12, 31),
                "email": "tidligere@example.org",
            },
        )
        grant_county(session, COUNTY_OFFICER, COUNTY, by="drift")


def make_app(engine: Engine, tmp_path: Path, **settings):
    from omstilling.web import create_app

    values = {"database_url": str(engine.url), "operators": OPERATOR, "output_dir": tmp_path / "out"} | settings
    return create_app(Settings(**values), engine=engine)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def follow_link(client: TestClient, link: str):
    """Open a sign-in link and press its button, as a person would; returns the response after the button."""
    path = "/" + link.split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200, page.text
    return client.post(path, data={"csrf": csrf_of(page.text)}, follow_redirects=False)


def sign_in(client: TestClient, engine: Engine, email: str) -> TestClient:
    with db.session_scope(engine) as session:
        _, link = signin.create_link(session, email, base_url="http://testserver", now=signin.utcnow())
    response = follow_link(client, link)
    assert response.status_code == 303, response.text
    return client


def csrf_for(client: TestClient, path: str = "/logg-inn") -> str:
    return csrf_of(client.get(path).text)


def client_as(site: tuple, email: str | None) -> TestClient:
    """A client of `site` (the app and its engine), signed in as `email` (None: nobody)."""
    app, engine = site[0], site[1]
    client = TestClient(app)
    if email:
        sign_in(client, engine, email)
    return client
