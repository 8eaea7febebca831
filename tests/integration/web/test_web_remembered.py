"""What the web app remembers between requests (a programme's snapshot and its overview, the county page's table as
HTML) is never stale: a change by whatever path shows on the next request, in this process and in another process
of the web app over the same database (each keeps its own memory, keyed by what the database says each programme
is made of: `omstilling.app.snapshots`)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import quote

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import select

from omstilling.app.deadlines import mark_deadline
from omstilling.core.enums import DeadlineStatus
from omstilling.store import db
from omstilling.store.models import Programme
from tests.support.demo import OTHER, add_copy
from tests.support.web import COUNTY, OPERATOR, SLUG, make_app, sign_in

OVERVIEW = f"/programmer/{SLUG}?aar=2014&dag=2014-06-06"
COUNTY_PAGE = f"/fylker/{quote(COUNTY)}?aar=2014"
DEMO = "Omstillingsprogrammet i Vestre Toten"


def jobs_on(page: str) -> int:
    """Nøkkeltall's jobs on the overview."""
    found = re.search(r"<dt>Arbeidsplasser</dt><dd>(\d+)", page)
    assert found, "no jobs on the overview"
    return int(found.group(1))


def overdue_on(page: str) -> int:
    """The overview's count of deadlines overdue on its day."""
    found = re.search(r"Forfalt, ikke markert utført \((\d+)\)", page)
    return int(found.group(1)) if found else 0


def county_overdue(page: str, name: str = DEMO) -> int:
    """The last cell of the programme's row on the county page: its overdue deadlines."""
    found = re.search(r'<a href="[^"]*">' + re.escape(name) + r"</a></th>(.*?)</tr>", page, re.S)
    assert found, f"no row for {name}"
    return int(re.findall(r'<td class="tall">(\d+)</td>', found.group(1))[-1])


def first_overdue(page: str) -> tuple[str, int, int]:
    """The event, year and number of the first deadline of 2014 in the overview's overdue list."""
    listed = page[page.index("Forfalt, ikke markert utført") :]
    found = re.search(rf"/programmer/{SLUG}/frister/([^/]+)/2014/(\d+)", listed)
    assert found, "no overdue deadline of 2014 on the overview"
    return found.group(1), 2014, int(found.group(2))


def more_jobs(engine, jobs: int = 5) -> None:
    """A bulk statement behind the app's back (an IT person's SQL, another process): no ORM event sees it."""
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE projectresult SET new_jobs = new_jobs + :n WHERE id = (SELECT min(r.id) FROM projectresult r "
                "JOIN project p ON p.id = r.project_id WHERE p.programme_id = (SELECT id FROM programme WHERE slug = :slug) "
                "AND r.date BETWEEN '2014-01-01' AND '2014-06-06')"
            ),
            {"n": jobs, "slug": SLUG},
        )


def test_the_overview_is_remembered_until_the_programmes_data_changes_and_then_shows_the_change(demo_engine, tmp_path):
    app = make_app(demo_engine, tmp_path)
    client = sign_in(TestClient(app), demo_engine, OPERATOR)
    remembered = app.state.snapshots
    first = client.get(OVERVIEW).text
    loaded, computed = remembered.loaded, remembered.computed
    assert client.get(OVERVIEW).text == first
    assert (remembered.loaded, remembered.computed) == (loaded, computed)  # nothing loaded or computed again
    more_jobs(demo_engine)
    after = client.get(OVERVIEW).text
    assert jobs_on(after) == jobs_on(first) + 5
    assert remembered.loaded == loaded + 1
    # marked through the use case the command line and the Prefect form call: the next overview has one fewer
    event, year, number = first_overdue(after)
    mark_deadline(  # on the day the overview is seen from (one marked later was still overdue that day)
        demo_engine,
        SLUG,
        event,
        year,
        DeadlineStatus.DONE,
        by="test",
        occurrence=number,
        today=date(2014, 6, 6),
        now=datetime(2014, 6, 6, 8, tzinfo=UTC),
    )
    assert overdue_on(client.get(OVERVIEW).text) == overdue_on(after) - 1


def test_a_renamed_person_is_in_the_next_snapshot_though_a_person_belongs_to_no_one_programme(demo_engine, tmp_path):
    app = make_app(demo_engine, tmp_path)
    remembered = app.state.snapshots
    with db.session_scope(demo_engine) as session:
        programme = session.exec(select(Programme).where(Programme.slug == SLUG)).one()
        before = remembered.of(session, programme).snapshot.roles
    name = before[0].name
    with demo_engine.begin() as connection:
        connection.execute(sa.text("UPDATE person SET name = 'Nytt Navn' WHERE name = :n"), {"n": name})
    with db.session_scope(demo_engine) as session:
        programme = session.exec(select(Programme).where(Programme.slug == SLUG)).one()
        after = remembered.of(session, programme).snapshot.roles
    assert after[0].name == "Nytt Navn" and [r.name for r in after[1:]] == [r.name for r in before[1:]]


def test_two_processes_of_the_web_app_each_show_a_change_made_through_the_other_on_the_next_request(
    demo_engine, tmp_path
):
    """Two apps over one database, each with its own memory, as `uvicorn --workers 2` or two processes behind the
    proxy have: what one wrote (or anyone else) shows at once in the other, overview and county page alike."""
    add_copy(demo_engine)
    one, other = make_app(demo_engine, tmp_path), make_app(demo_engine, tmp_path)
    reader = sign_in(TestClient(one), demo_engine, OPERATOR)
    leader = sign_in(TestClient(other), demo_engine, OPERATOR)
    county_before, overview_before = reader.get(COUNTY_PAGE).text, reader.get(OVERVIEW).text
    assert reader.get(COUNTY_PAGE).text == county_before  # remembered: the same table
    assert leader.get(COUNTY_PAGE).text.count("<tr>") == county_before.count("<tr>")  # the other one's memory
    # the other process marks a deadline through its own page (the leader's form on the deadline page)
    event, year, number = first_overdue(overview_before)
    deadline = f"/programmer/{SLUG}/frister/{event}/{year}/{number}"
    csrf = re.search(r'name="csrf" value="([^"]+)"', leader.get(deadline).text).group(1)
    marked = leader.post(deadline, data={"csrf": csrf, "handling": "utfort"}, follow_redirects=False)
    assert marked.status_code == 303, marked.text
    county_after = reader.get(COUNTY_PAGE).text
    assert county_overdue(county_after) == county_overdue(county_before) - 1
    assert county_overdue(county_after, OTHER) == county_overdue(county_before, OTHER)
    more_jobs(demo_engine)
    assert jobs_on(reader.get(OVERVIEW).text) == jobs_on(overview_before) + 5
