"""The web app's pages render one agenda (`omstilling.core.agenda`) for the day they are seen from: the overview,
Frister, each deadline's page and the county page say the same about the same items, whatever the day."""

from __future__ import annotations

import html
import re
from datetime import date
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omstilling import clock
from omstilling.core.agenda import agenda, overdue_on
from omstilling.core.formatting import date_short, date_with_weekday
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot
from omstilling.wheel.deadlines import materialise
from tests.support.web import COUNTY, OPERATOR, SLUG, make_app, sign_in

LEADER = "programleder@example.org"
BASE = f"/programmer/{SLUG}"


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def frister_rows(page: str) -> list[tuple[str, str, str]]:
    """(date, title, status) of each row of the Frister table (none when the year has no items)."""
    if "<tbody>" not in page:
        assert "Årshjulet har ingen frister" in page
        return []
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td\b[^>]*>(.*?)</td>", row, re.S)
        title = text_of(re.sub(r'<span class="hint">.*?</span>', "", cells[1], flags=re.S))
        status = text_of(re.search(r'<span class="status[^"]*">(.*?)</span>', cells[3], re.S).group(1))
        rows.append((text_of(cells[0]), title, status))
    return rows


def section(page: str, start: str, end: str) -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


def overview_next(page: str) -> list[str]:
    """The titles under Neste frister, in order."""
    part = section(page, 'id="neste"', "</section>").split("<h3>Forfalt", 1)[0]
    return [text_of(t) for t in re.findall(r"<li>\s*<h3>(.*?)</h3>", part, re.S)]


def overview_overdue(page: str) -> list[str]:
    part = section(page, 'id="neste"', "</section>")
    if "<h3>Forfalt" not in part:
        return []
    listed = part.split("<h3>Forfalt", 1)[1]
    return [text_of(li).rsplit(" – frist ", 1)[0] for li in re.findall(r"<li>(.*?)</li>", listed, re.S)]


def deadline_status(page: str) -> str:
    return text_of(re.search(r'id="status">(.*?)</span>', page, re.S).group(1))


@pytest.fixture
def site(demo_sqlite, tmp_path):
    app = make_app(demo_sqlite, tmp_path)
    return sign_in(TestClient(app), demo_sqlite, LEADER), demo_sqlite


def engine_snapshot(engine):
    with db.session_scope(engine) as session:
        return load_snapshot(session, choose.programme(session, SLUG))


def the_agenda(engine, year: int, day: date):
    return agenda(engine_snapshot(engine), year, day)


def assert_pages_agree(client: TestClient, engine, year: int, day: date) -> None:
    seen = the_agenda(engine, year, day)
    query = f"?aar={year}&dag={day.isoformat()}"
    overview = client.get(BASE + query).text
    assert f"Sett fra {text_of(date_short(day))}" not in overview  # the long form, with the weekday
    assert overview_next(overview) == [i.title for i in seen.upcoming(6)]
    assert overview_overdue(overview) == [i.title for i in overdue_on(engine_snapshot(engine), year, day)]
    listed = frister_rows(client.get(BASE + "/frister" + query).text)
    assert listed == [(date_short(i.due), i.title, i.status) for i in seen.items]
    for item in seen.markable[:: max(1, len(seen.markable) // 4)]:
        key, y, n = item.address
        page = client.get(f"{BASE}/frister/{key}/{y}/{n}?dag={day.isoformat()}").text
        assert deadline_status(page) == item.status, (item.title, day)


@pytest.mark.parametrize("day", [date(2014, 1, 20), date(2014, 6, 6), date(2014, 12, 31)])
def test_the_overview_frister_and_each_deadline_page_agree_seen_from_a_day(site, day):
    client, engine = site
    assert_pages_agree(client, engine, 2014, day)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(date(2000, 1, 1), date(2040, 12, 31)))
def test_the_pages_agree_on_any_day(site, day):
    client, engine = site
    assert_pages_agree(client, engine, day.year, day)


def test_seen_from_20_january_2014_the_board_meetings_are_planned_and_the_next_one_is_listed(site):
    client, _ = site
    rows = frister_rows(client.get(f"{BASE}/frister?aar=2014&dag=2014-01-20").text)
    meetings = [status for _, title, status in rows if title == "Styremøte"]
    assert meetings and set(meetings) == {"planlagt"}, meetings
    overview = client.get(f"{BASE}?aar=2014&dag=2014-01-20").text
    assert "Sett fra mandag 20. januar 2014." in overview
    assert overview_next(overview)[:2] == ["Innkalling til styremøte 27.01.2014", "Styremøte"]
    june = overview_next(client.get(f"{BASE}?aar=2014&dag=2014-06-06").text)
    assert "Styremøte" in june and "Innkalling til styremøte 16.06.2014" in june


def test_a_deadline_page_is_seen_from_the_day_it_is_asked_for_and_marks_only_today(site):
    client, _ = site
    annual = f"{BASE}/frister/arsrapport/2014/1"
    before = client.get(annual + "?dag=2014-01-20").text
    assert deadline_status(before) == "kommende"
    assert "Sett fra mandag 20. januar 2014" in before
    assert 'value="utfort"' not in before and "Se den i dag</a> for å markere den" in before
    now = client.get(annual).text
    assert deadline_status(now) == "forfalt"
    assert 'value="utfort"' in now
    # the overview's links keep the day they were seen from
    overview = client.get(f"{BASE}?aar=2014&dag=2014-01-20").text
    assert f'href="{annual}?dag=2014-01-20"' in overview


def test_a_programme_that_has_ended_opens_on_its_last_year_with_figures_and_says_so(site):
    client, _ = site
    page = client.get(BASE).text
    assert "<h1>Oversikt 2014</h1>" in page
    assert f"Sett fra {date_with_weekday(clock.today())}." in page  # what stands where today
    assert "Programmet er avsluttet: statusperioden 2010–2015 endte 31. desember 2015. Her vises 2014" in text_of(page)
    frister = client.get(BASE + "/frister").text
    assert "<h1>Frister 2014</h1>" in frister and "Programmet er avsluttet" in frister


def county_overdue(page: str, name: str) -> int:
    found = re.search(r"<th scope=\"row\"><a [^>]*>" + re.escape(name) + r"</a></th>(.*?)</tr>", page, re.S)
    return int(re.findall(r"<td class=\"tall\">(.*?)</td>", found.group(1), re.S)[-1])


def test_the_county_counts_overdue_deadlines_from_the_agenda_the_same_before_and_after_a_tick(demo_sqlite, tmp_path):
    engine = demo_sqlite
    client = sign_in(TestClient(make_app(engine, tmp_path)), engine, OPERATOR)
    page_of = lambda: client.get(f"/fylker/{quote(COUNTY)}?aar=2014").text  # noqa: E731
    with db.session_scope(engine) as session:
        snapshot = load_snapshot(session, choose.programme(session, SLUG))
    expected = agenda(snapshot, 2014, clock.today()).overdue
    assert expected and all(i.kind.value != "styremote" for i in expected)
    name = "Omstillingsprogrammet i Vestre Toten"
    before = county_overdue(page_of(), name)
    with db.session_scope(engine) as session:  # what the daily tick writes: every deadline of the year
        materialise(session, choose.programme(session, SLUG), 2014, date(2014, 12, 31))
    after = county_overdue(page_of(), name)
    assert before == after == len(expected)


def test_on_10_january_last_years_open_deadlines_are_still_overdue_on_the_overview(site):
    client, _ = site
    page = client.get(f"{BASE}?aar=2015&dag=2015-01-10").text
    late = overview_overdue(page)
    assert "Styret vedtar revidert omstillingsplan og handlingsplan for neste år" in late  # due 15.12.2014
    assert "frist 15.12.2014" in section(page, 'id="neste"', "</section>")


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/New_York"])
def test_a_mark_made_now_shows_at_once_whatever_the_programmes_time_zone(site, zone):
    """Before: with the programme 13 hours ahead of the installation, a deadline just marked done still said
    «forfalt» and offered to be marked again (the mark's day in the programme's zone was already tomorrow)."""
    import sqlalchemy as sa

    from tests.support.web import csrf_of

    client, engine = site
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE programme SET timezone = :z WHERE slug = :s"), {"z": zone, "s": SLUG})
    path = f"{BASE}/frister/psv/2014/1"
    page = client.get(path).text
    done = client.post(path, data={"csrf": csrf_of(page), "handling": "utfort"})
    assert deadline_status(done.text) == "utført"
    assert 'value="apne"' in done.text and 'value="utfort"' not in done.text


def test_a_board_meetings_page_marks_its_deadline_and_offers_what_can_be_done(site):
    """Before: on the meeting's day the page offered «Marker som utført», and after it the meeting still read
    «i dag» with the same buttons; on other days only «Åpne igjen», refused as already open."""
    from tests.support.web import csrf_of

    client, _ = site
    path = f"{BASE}/frister/styremote/2015/9"
    page = client.get(path).text
    assert deadline_status(page) in ("holdt", "planlagt")
    assert 'value="utfort"' in page and 'value="apne"' not in page
    done = client.post(path, data={"csrf": csrf_of(page), "handling": "utfort"})
    assert done.status_code == 200 and "er nå utført" in done.text
    assert 'value="apne"' in done.text and 'value="utfort"' not in done.text
