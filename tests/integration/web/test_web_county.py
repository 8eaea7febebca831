"""Fylket: the county's programmes side by side, one year for all, with sums; figures remembered between
requests and computed again exactly when a programme's data changed, by whatever path it was written."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import select

from omstilling.core import figures, formatting
from omstilling.store import db
from omstilling.store.load import load_snapshot
from omstilling.store.models import Programme
from tests.support.demo import OTHER, add_copy
from tests.support.web import COUNTY, OPERATOR, make_app, sign_in

PAGE = f"/fylker/{quote(COUNTY)}"
DEMO = "Omstillingsprogrammet i Vestre Toten"


def kr(amount: int) -> str:
    return " ".join(formatting.kr(amount).split())  # as the rows read once tags and spaces are squeezed


def row_of(page: str, name: str) -> str:
    """The text of the table row headed `name` (tags gone, spaces squeezed)."""
    found = re.search(r"<tr>\s*<th scope=\"row\"><a [^>]*>" + re.escape(name) + r"</a></th>(.*?)</tr>", page, re.S)
    assert found, f"no row for {name}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def sums_of(page: str) -> str:
    found = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def summary_of(engine, slug: str, year: int, as_of):
    with db.session_scope(engine) as session:
        programme = session.exec(select(Programme).where(Programme.slug == slug)).one()
        return figures.summary(load_snapshot(session, programme), year, as_of)


def test_two_programmes_with_different_figures_each_get_their_own_and_the_sums_add_them(demo_engine, tmp_path):
    other = add_copy(demo_engine)
    with demo_engine.begin() as connection:  # the copy's projects report twice the jobs
        connection.execute(
            sa.text(
                "UPDATE projectresult SET new_jobs = 2 * new_jobs WHERE project_id IN "
                "(SELECT id FROM project WHERE programme_id = :p)"
            ),
            {"p": other},
        )
    client = sign_in(TestClient(make_app(demo_engine, tmp_path)), demo_engine, OPERATOR)
    page = client.get(PAGE + "?aar=2014").text
    from datetime import date

    demo, copy = (summary_of(demo_engine, slug, 2014, date(2014, 12, 31)) for slug in ("vestre-toten", "gjovik"))
    assert copy["jobs"]["new"] == 2 * demo["jobs"]["new"] > 0
    for name, f in ((DEMO, demo), (OTHER, copy)):
        assert row_of(page, name).startswith(
            f"2010–2015 {f['jobs']['total']} {f['jobs']['new']} + "
            f"{f['jobs']['secured']} {f['companies']} {kr(f['leverage']['total_budget'])}"
        )
    total_new = demo["jobs"]["new"] + copy["jobs"]["new"]
    assert sums_of(page).startswith(
        f"Sum (2 program) 2014 {total_new + 2 * demo['jobs']['secured']} "
        f"{total_new} + {2 * demo['jobs']['secured']} {2 * demo['companies']} "
        f"{kr(2 * demo['leverage']['total_budget'])}"
    )


def test_figures_are_remembered_until_the_programmes_data_changes_even_behind_the_apps_back(demo_engine, tmp_path):
    other = add_copy(demo_engine)
    app = make_app(demo_engine, tmp_path)
    client = sign_in(TestClient(app), demo_engine, OPERATOR)
    cache = app.state.county_figures
    first = client.get(PAGE + "?aar=2014").text
    assert cache.computed == 2
    assert client.get(PAGE + "?aar=2014").text == first and cache.computed == 2  # nothing loaded again
    before = int(row_of(first, OTHER).split()[2])
    # a bulk statement, as an IT person's SQL or another process would write it: no ORM event sees it
    with demo_engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE projectresult SET new_jobs = new_jobs + 5 WHERE id = (SELECT min(r.id) FROM projectresult r "
                "JOIN project p ON p.id = r.project_id WHERE p.programme_id = :p AND r.date BETWEEN '2014-01-01' "
                "AND '2014-12-31')"
            ),
            {"p": other},
        )
    after = client.get(PAGE + "?aar=2014").text
    assert int(row_of(after, OTHER).split()[2]) == before + 5
    assert row_of(after, DEMO) == row_of(first, DEMO)
    assert cache.computed == 3  # only the programme that changed
    with demo_engine.begin() as connection:  # a deleted row counts as a change too
        connection.execute(
            sa.text("DELETE FROM projectresult WHERE project_id IN (SELECT id FROM project WHERE programme_id = :p)"),
            {"p": other},
        )
    assert row_of(client.get(PAGE + "?aar=2014").text, OTHER).split()[1:5] == ["0", "0", "+", "0"]


def test_every_programme_is_shown_for_the_same_year_and_one_outside_its_status_period_says_so(demo_engine, tmp_path):
    """The copy runs 2016–2021 and has a plan for 2016, the demo 2010–2015 with a plan for 2014: without a year
    asked, both rows are 2016 (the newest), never each their own year under one sum."""
    other = add_copy(demo_engine, status_start_year=2016, status_end_year=2021)
    with demo_engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO budgetline (programme_id, year, kind, category, focus_area_id, label, amount) "
                "SELECT programme_id, 2016, kind, category, focus_area_id, label, amount FROM budgetline WHERE programme_id = :p"
            ),
            {"p": other},
        )
    client = sign_in(TestClient(make_app(demo_engine, tmp_path)), demo_engine, OPERATOR)
    page = client.get(PAGE).text
    assert "side om side for 2016" in page
    assert row_of(page, DEMO).startswith("2010–2015 2016 er utenfor")
    assert row_of(page, OTHER).startswith("2016–2021 ")
    assert sums_of(page).startswith("Sum (2 program) 2016 ")
    asked = client.get(PAGE + "?aar=2014").text
    assert "side om side for 2014" in asked and "er utenfor" not in row_of(asked, DEMO)
    assert row_of(asked, OTHER).startswith("2016–2021 2014 er utenfor")


def test_a_programme_without_an_action_plan_does_not_pull_the_county_to_an_empty_year(demo_engine, tmp_path):
    """A new programme (2012–2017, nothing loaded yet) defaults to 2017 on its own; the county stays at 2014,
    the demo's plan year, and the new one's row says 2014 is within its period with zeros."""
    from omstilling.intake import writes

    with db.session_scope(demo_engine) as session:
        writes.create_programme(
            session,
            {
                "slug": "gjovik",
                "name": OTHER,
                "municipality": "Gjøvik kommune",
                "county": COUNTY,
                "county_short": "OFK",
                "status_start_year": 2012,
                "status_end_year": 2017,
            },
        )
    client = sign_in(TestClient(make_app(demo_engine, tmp_path)), demo_engine, OPERATOR)
    page = client.get(PAGE).text
    assert "side om side for 2014" in page
    assert row_of(page, OTHER).startswith("2012–2017 0 0 + 0 0 0 kr")
    assert "er utenfor" not in page


def test_a_year_that_is_not_four_plain_digits_is_refused_in_norwegian(demo_sqlite, tmp_path):
    client = sign_in(TestClient(make_app(demo_sqlite, tmp_path), raise_server_exceptions=False), demo_sqlite, OPERATOR)
    for year in ("abc", "1899", "2101", "-1", "9" * 5000, "2014.0", " 2014", "²", "٢٠١٤", "２０１４"):
        page = client.get(PAGE, params={"aar": year})
        assert page.status_code == 400 and "er ikke et år" in page.text, year
    assert "side om side for 2014" in client.get(PAGE, params={"aar": "2014"}).text
