"""Vedtak (issue 25 part 5): the decisions register on the web, for everyone who may read the programme: each
adopted decision with its meeting, project and follow-up, the follow-up's state in words, searched and filtered
with a plain GET form, seen from a day, each meeting's documents linked on Dokumenter."""

from __future__ import annotations

import html
import re
import shutil
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from omstilling.app import drafts
from omstilling.app.deadlines import mark_deadline
from omstilling.core.enums import DeadlineStatus, DocumentKind
from omstilling.intake import writes
from omstilling.store import choose, db
from tests.support.web import COUNTY_OFFICER, OPERATOR, SLUG, add_programmes, make_app, sign_in

PAGE = f"/programmer/{SLUG}/vedtak"
WHAT = "Vedtatt handlingsplan sendes kommunen og Oppland fylkeskommune"
READERS = {
    "leader": "programleder@example.org",
    "board": "styremedlem1@example.org",
    "county observer": "ofk@example.org",
    "county officer": COUNTY_OFFICER,
    "operator": OPERATOR,
}
OTHERS = {"leader of another county's programme": "leder@nordkapp.example.org"}


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_template):
    """The demo with a cancelled meeting (its case decided on paper), a meeting still to come with its decision
    already written, 03/14's follow-up marked done on 20 February 2014, and the board report of 15 September."""
    folder = tmp_path_factory.mktemp("web-decisions")
    shutil.copyfile(demo_template, folder / "demo.db")
    engine = db.make_engine(f"sqlite:///{folder / 'demo.db'}")
    add_programmes(engine)
    with db.session_scope(engine) as session:
        programme = choose.programme(session, SLUG)
        case = {"title": "Avlyst sak om fiberutbygging", "decision": "Fiberutbygging prioriteres."}
        follow = {"follow_up": "Avlyst oppfølging", "follow_up_role": "programleder", "follow_up_due": date(2014, 9, 1)}
        writes.add_meeting(
            session,
            programme,
            {"date": date(2014, 8, 18), "status": "avlyst", "cases": [{"number": "30/14", **case, **follow}]},
        )
        writes.add_meeting(
            session,
            programme,
            {
                "date": date(2015, 2, 23),
                "cases": [{"number": "03/15", "title": "Sak ikke behandlet", "decision": "Skrevet på forhånd."}],
            },
        )
    mark_deadline(
        engine,
        SLUG,
        "vedtaksoppfolging",
        2014,
        DeadlineStatus.DONE,
        by="Bjørn Iversen",
        case="03/14",
        today=date(2014, 2, 20),
        now=datetime(2014, 2, 20, 9, 0, tzinfo=UTC),
    )
    drafts.write_report(
        engine,
        SLUG,
        DocumentKind.BOARD_REPORT,
        meeting_date=date(2014, 9, 15),
        formats=("md",),
        out_dir=folder / "out",
    )
    yield make_app(engine, folder), engine
    engine.dispose()


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def rows(page: str) -> dict[str, str]:
    """The table's rows by case number, as text."""
    body = page.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in page else ""
    found = {}
    for row in re.split(r"<tr\b[^>]*>", body)[1:]:
        text = text_of(row)
        found[text.split()[0]] = text
    return found


@pytest.fixture(scope="module")
def leader(site):
    app, engine = site
    return sign_in(TestClient(app), engine, READERS["leader"])


def test_every_reader_of_the_programme_sees_the_register_and_the_tab(site):
    app, engine = site
    for who, email in READERS.items():
        client = sign_in(TestClient(app), engine, email)
        page = client.get(f"{PAGE}?dag=2014-12-31")
        assert page.status_code == 200, who
        assert "03/14" in rows(page.text), who
        assert f'<a href="{PAGE}" aria-current="page">Vedtak</a>' in page.text, who
        assert f'href="{PAGE}"' in client.get(f"/programmer/{SLUG}").text, who  # in the programme's navigation


def test_others_are_refused_and_nobody_is_sent_to_sign_in(site):
    app, engine = site
    for who, email in OTHERS.items():
        client = sign_in(TestClient(app), engine, email)
        refused = client.get(PAGE, follow_redirects=False)
        assert refused.status_code == 403 and "Ingen tilgang" in refused.text, who
    gjovik = sign_in(TestClient(app), engine, "leder@gjovik.example.org")  # leads another programme of the county
    assert gjovik.get(PAGE, follow_redirects=False).status_code == 403
    assert gjovik.get("/programmer/gjovik/vedtak").status_code == 200  # their own
    nobody = TestClient(app).get(PAGE, follow_redirects=False)
    assert nobody.status_code == 303 and nobody.headers["location"].startswith("/logg-inn")


def test_a_decision_shows_its_meeting_project_follow_up_and_state_in_words(leader):
    found = rows(leader.get(f"{PAGE}?dag=2014-02-13").text)
    assert list(found) == ["01/14", "02/14", "03/14"]
    assert found["03/14"] == (
        "03/14 vedtakssak 27.01.2014 Handlingsplan 2014 – endelig vedtak Handlingsplan 2014 vedtas med rammebudsjett "
        f"på 4 000 000 kroner. – {WHAT} programleder, frist 14.02.2014 kommende ingen"
    )
    assert "2014-10" in found["02/14"]
    assert found["03/14"].endswith("kommende ingen")
    assert rows(leader.get(f"{PAGE}?dag=2014-02-17").text)["03/14"].endswith("forfalt ingen")
    assert rows(leader.get(f"{PAGE}?dag=2014-02-21").text)["03/14"].endswith("utført ingen")  # marked 20 February


def test_the_state_links_to_the_deadline_page_seen_from_the_same_day(leader):
    page = leader.get(f"{PAGE}?dag=2014-02-17").text
    link = re.search(r'href="([^"]*/frister/vedtaksoppfolging/2014/\d+\?dag=2014-02-17)"', page)
    assert link is not None
    assert "forfalt" in text_of(leader.get(html.unescape(link.group(1))).text)


def test_a_cancelled_meeting_and_a_meeting_still_to_come_have_adopted_nothing(leader):
    found = rows(leader.get(f"{PAGE}?dag=2015-02-20").text)
    assert "30/14" not in found and "03/15" not in found
    assert "28/14" in found
    later = rows(leader.get(f"{PAGE}?dag=2015-03-02").text)
    assert "30/14" not in later
    assert "ikke markert holdt" in later["03/15"]  # its day has passed, not marked held


def test_search_and_filters_by_a_plain_get_form(leader):
    page = leader.get(f"{PAGE}?dag=2014-12-31").text
    assert re.search(r'<form method="get"[^>]*role="search"', page)
    for field in ('name="sok"', 'name="aar"', 'name="oppfolging"', 'name="dag"'):
        assert field in page
    assert list(rows(leader.get(f"{PAGE}?dag=2014-12-31&sok=rammebudsjett").text)) == ["03/14"]
    assert list(rows(leader.get(f"{PAGE}?dag=2014-12-31&sok=2014-10").text)) == ["02/14"]
    assert list(rows(leader.get(f"{PAGE}?dag=2014-12-31&sok=16%2F14").text)) == ["16/14"]
    assert "1 av 28 vedtak." in leader.get(f"{PAGE}?dag=2014-12-31&sok=16%2F14").text
    assert "Ingen vedtak passer søket." in leader.get(f"{PAGE}?dag=2014-12-31&sok=ingenting+slikt").text
    assert rows(leader.get(f"{PAGE}?dag=2015-03-02&aar=2015").text).keys() == {"03/15"}
    assert list(rows(leader.get(f"{PAGE}?dag=2014-09-14&oppfolging=apne").text)) == ["16/14"]
    assert list(rows(leader.get(f"{PAGE}?dag=2014-09-14&oppfolging=forfalt").text)) == ["16/14"]
    assert list(rows(leader.get(f"{PAGE}?dag=2014-09-01&oppfolging=forfalt").text)) == []
    assert list(rows(leader.get(f"{PAGE}?dag=2014-09-14&oppfolging=ferdige").text)) == ["03/14"]
    kept = leader.get(f"{PAGE}?dag=2014-09-14&oppfolging=forfalt&sok=s%C3%B8knaden&aar=2014").text
    assert 'value="søknaden"' in kept and '<option value="2014" selected>' in kept
    assert '<option value="forfalt" selected>' in kept


def test_bad_input_gets_a_norwegian_page(leader):
    assert "ikke et valg for oppfølging" in leader.get(f"{PAGE}?oppfolging=alle").text
    assert leader.get(f"{PAGE}?aar=tjue").status_code == 400
    assert leader.get(f"{PAGE}?dag=2014-13-01").status_code == 400
    assert leader.get(f"{PAGE}?sok={'x' * 201}").status_code == 400


def test_a_meeting_s_documents_are_linked_on_dokumenter(leader):
    page = leader.get(f"{PAGE}?dag=2014-12-31").text
    anchor = "dok-2014-styrerapport-2014-09-15"
    assert f'href="/programmer/{SLUG}/dokumenter#{anchor}"' in page
    assert "rapport til styret" in rows(page)["20/14"] and "rapport til styret" not in rows(page)["24/14"]
    assert f'id="{anchor}"' in leader.get(f"/programmer/{SLUG}/dokumenter").text


def test_the_table_scrolls_in_its_own_labelled_box(leader):
    page = leader.get(PAGE).text
    assert '<div class="tabell" tabindex="0" role="region" aria-label="Vedtak fattet av styret">' in page


def test_the_board_report_lists_exactly_the_register_s_open_follow_ups_of_earlier_meetings(site, leader):
    _, engine = site
    report = drafts.write_report(
        engine, SLUG, DocumentKind.BOARD_REPORT, meeting_date=date(2014, 9, 15), formats=("md",)
    ).published.markdown
    section = report.split("### Oppfølging av vedtak\n")[1].split("\n## ")[0]
    listed = re.findall(r"^\| (\d\d/\d\d) \|", section, flags=re.MULTILINE)
    # the report counts up to the day before the meeting: the register seen from that day
    register = rows(leader.get(f"{PAGE}?dag=2014-09-14&oppfolging=apne").text)
    assert listed == list(register) == ["16/14"]  # not 30/14 (its meeting was cancelled), not 03/14 (done)
