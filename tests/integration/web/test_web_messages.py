"""Meldinger (issue 25, part 2): every kind of message the programme sent — reminders, calendar invitations, the
board meeting's notices and their corrections — each with its kind in words, what it is about (a meeting linked to
its page), the recipient's name and role; addresses only for the operator; filtered by kind with a plain GET form."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from omstilling.app import reminders as use_case
from omstilling.config import get_settings
from omstilling.store import db
from omstilling.store.models import Contact, Person
from tests.support.web import OPERATOR, SLUG, make_app, sign_in

NOTICE_DAY = date(2014, 6, 6)  # the notice of the board meeting of Monday 16 June 2014 (see test_notices.py)
PAGE = f"/programmer/{SLUG}/meldinger"
LEADER = "programleder@example.org"
BOARD_MEMBER = "styremedlem1@example.org"
COUNTY_READER = "ofk@example.org"  # the county's observer on the demo's board: reads the programme


@pytest.fixture
def site(demo_sqlite, tmp_path, monkeypatch, smtp):
    """The demo after the notice day's run and the next day's (as the tick makes them, through the test SMTP server:
    the county's contact meeting is first announced the day after the called meeting, one new meeting a day), and
    the web app."""
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("OMSTILLING_BASE_URL", "https://omstilling.example.no/")
    get_settings.cache_clear()
    monkeypatch.setattr(use_case, "configured_notifier", lambda: smtp.notifier)
    for as_of in (NOTICE_DAY, NOTICE_DAY + timedelta(days=1)):
        with monkeypatch.context() as day:
            moment = datetime.combine(as_of, time(5), tzinfo=UTC)
            day.setattr("omstilling.clock.now", lambda moment=moment: moment)
            use_case.send_reminders(demo_sqlite, as_of=as_of)
    get_settings.cache_clear()
    assert [m for m in smtp.messages if "Innkalling til styremøte" in m.subject]
    yield make_app(demo_sqlite, tmp_path, base_url="http://testserver"), demo_sqlite
    get_settings.cache_clear()


def page_of(app, engine, email: str, query: str = "") -> str:
    response = sign_in(TestClient(app), engine, email).get(PAGE + query)
    assert response.status_code == 200, response.text
    return response.text


def names_of(engine) -> dict[str, str]:
    with db.session_scope(engine) as session:
        found = session.exec(select(Contact.email, Person.name).join(Person, col(Person.id) == Contact.person_id))
        return {email: name for email, name in found.all() if email}


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr\b.*?</tr>", body, flags=re.S)


def test_the_leader_sees_the_notices_and_invitations_with_names_and_no_addresses(site):
    app, engine = site
    page = page_of(app, engine, LEADER)
    names = names_of(engine)
    notices = [r for r in rows(page) if "Innkalling til styremøte mandag 16. juni 2014" in r]
    assert len(notices) == 6  # the leader, the chair, three members and the deputy
    for row in notices:
        assert "innkalling til styremøte" in row  # the kind in words
        assert 'href="/programmer/vestre-toten/moter/2014-06-16"' in row
        assert "mandag 16. juni 2014 kl. 13.00" in row
    everyone = "".join(notices)
    assert names[BOARD_MEMBER] in everyone and names["styreleder@example.org"] in everyone
    assert "styremedlem" in everyone and "styreleder" in everyone
    invitations = [r for r in rows(page) if "møteinnkalling til kalenderen" in r]
    board = [r for r in invitations if "Invitasjon: Styremøte" in r]
    assert board and all('href="/programmer/vestre-toten/moter/' in r for r in board)
    assert any(names[BOARD_MEMBER] in r for r in board)
    # a meeting that is not the board's (the county's contact meeting) has no board meeting's page to link to
    assert any("Kontaktmøte med fylkeskommunen" in r and "/moter/" not in r for r in invitations)
    assert "@example.org" not in page
    assert 'tabindex="0" role="region" aria-label="' in page


def test_the_operator_also_sees_the_addresses(site):
    app, engine = site
    page = page_of(app, engine, OPERATOR)
    (row, *_) = [r for r in rows(page) if "Innkalling til styremøte" in r and BOARD_MEMBER in r]
    assert names_of(engine)[BOARD_MEMBER] in row


@pytest.mark.parametrize("email", [BOARD_MEMBER, COUNTY_READER])
def test_a_board_member_and_a_county_reader_see_names_and_never_addresses(site, email):
    app, engine = site
    page = page_of(app, engine, email)
    assert names_of(engine)[BOARD_MEMBER] in page and "Innkalling til styremøte" in page
    assert "@example.org" not in page


def test_the_kind_filter_shows_one_kind_and_says_so(site):
    app, engine = site
    every = rows(page_of(app, engine, LEADER))
    notices_only = page_of(app, engine, LEADER, "?type=innkalling")
    shown = rows(notices_only)
    assert 0 < len(shown) < len(every)
    assert all("innkalling til styremøte" in r and "Innkalling til styremøte" in r for r in shown)
    assert '<option value="innkalling" selected>' in notices_only
    reminders = rows(page_of(app, engine, LEADER, "?type=paminnelse"))
    assert reminders and all("påminnelse om en frist" in r and "/moter/" not in r for r in reminders)
    client = sign_in(TestClient(app), engine, LEADER)
    bad = client.get(PAGE + "?type=ingen-slik")
    assert bad.status_code == 400 and "«ingen-slik» er ikke en type melding" in bad.text


def test_one_message_is_one_message(site):
    """Brief D, item 3: a programme that has sent one message read «1 meldinger.»."""
    from omstilling.store.models import OutboxMessage

    app, engine = site
    with db.session_scope(engine) as session:
        messages = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        kept = next(m for m in messages if m.kind == "innkalling")
        for message in messages:
            if message.id != kept.id:
                session.delete(message)
    said = re.compile(r'<p id="antall" role="status">([^<]*)')
    assert said.search(page_of(app, engine, LEADER)).group(1) == "1 melding."
    assert said.search(page_of(app, engine, LEADER, "?type=innkalling")).group(1).startswith("1 melding av typen ")
