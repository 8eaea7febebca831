"""Sessions the server can end (issue 22, item 3, and broken case 4: logging out did not end the session, the
old cookie worked for the rest of its 8 hours). The cookie carries a random token; the session is a row on the
server, ended by logging out, by the operator's "log out everywhere" (the page and the command), by losing one's
last role, and by being idle too long (the clock is the test's own)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from omstilling import clock
from omstilling.store import db
from omstilling.store.models import AuditEvent, Contact, Person, RoleAssignment, WebSession
from omstilling.web.security import COOKIE
from tests.support.web import OPERATOR, SLUG, csrf_for, csrf_of, make_app, sign_in

LEADER = "programleder@example.org"
PROGRAMME = f"/programmer/{SLUG}"
PAGE = "/drift/innlogginger"


@pytest.fixture
def site(demo_sqlite, tmp_path):
    return make_app(demo_sqlite, tmp_path, base_url="http://testserver"), demo_sqlite


def status(client: TestClient, path: str = PROGRAMME) -> int:
    return client.get(path, follow_redirects=False).status_code


def browser_with(app, cookie: str) -> TestClient:
    """Another browser that has (or was given) this session cookie."""
    client = TestClient(app)
    client.cookies.set(COOKIE, cookie)
    return client


def rows(engine) -> list[WebSession]:
    with db.session_scope(engine) as session:
        return list(session.exec(select(WebSession).order_by(col(WebSession.id))))


def test_logging_out_ends_the_session_so_the_old_cookie_signs_nobody_in(site):
    app, engine = site
    client = sign_in(TestClient(app), engine, LEADER)
    old = client.cookies[COOKIE]
    assert status(client) == 200
    out = client.post("/logg-ut", data={"csrf": csrf_for(client, PROGRAMME)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/logg-inn"
    assert "Du er logget ut" in client.get("/logg-inn").text
    # the cookie as it was before logging out, replayed (copied, or kept by a shared computer's browser)
    replayed = browser_with(app, old).get(PROGRAMME, follow_redirects=False)
    assert replayed.status_code == 303 and replayed.headers["location"].startswith("/logg-inn")
    (row,) = rows(engine)
    assert row.ended_at is not None and row.ended_reason == "logget ut"


def test_the_cookie_is_a_random_token_whose_hash_alone_is_kept(site):
    app, engine = site
    client = sign_in(TestClient(app), engine, LEADER)
    cookie = client.cookies[COOKIE]
    (row,) = rows(engine)
    assert row.token_hash == hashlib.sha256(cookie.encode()).hexdigest()
    assert LEADER not in cookie and "." not in cookie  # no signed data in it: nothing to read, nothing to keep alive
    assert row.email == LEADER and row.method == "epost"


def test_the_session_cookie_is_secure_when_the_base_url_is_https(demo_sqlite, tmp_path):
    from omstilling.access import signin

    app = make_app(demo_sqlite, tmp_path, base_url="https://omstilling.kommune.no")
    client = TestClient(app, base_url="https://omstilling.kommune.no")
    with db.session_scope(demo_sqlite) as session:
        _, link = signin.create_link(session, LEADER, base_url="https://omstilling.kommune.no", now=signin.utcnow())
    path = "/" + link.split("/", 3)[3]
    response = client.post(path, data={"csrf": csrf_of(client.get(path).text)}, follow_redirects=False)
    assert response.status_code == 303
    cookies = [v.lower() for k, v in response.headers.multi_items() if k.lower() == "set-cookie"]
    session_cookie = [c for c in cookies if c.startswith(f"{COOKIE}=")]
    assert session_cookie and all("secure" in c and "httponly" in c and "samesite=lax" in c for c in cookies)
    assert status(client) == 200


def test_log_out_everywhere_on_the_operators_page_ends_the_sessions_of_other_browsers(site):
    app, engine = site
    laptop, phone = (sign_in(TestClient(app), engine, LEADER) for _ in range(2))
    other = sign_in(TestClient(app), engine, "styreleder@example.org")
    operator = sign_in(TestClient(app), engine, OPERATOR)
    page = operator.get(PAGE)
    assert page.status_code == 200 and LEADER in page.text and "styreleder@example.org" in page.text
    done = operator.post(
        f"{PAGE}/logg-ut-overalt", data={"csrf": csrf_of(page.text), "epost": "Programleder@Example.org"}
    )
    assert (
        done.status_code == 200
        and "Logget ut Programleder@Example.org overalt: 2 innlogginger er avsluttet" in done.text
    )
    assert status(laptop) == status(phone) == 303
    assert status(other) == 200 and status(operator) == 200  # nobody else
    assert LEADER not in operator.get(PAGE).text
    assert status(sign_in(TestClient(app), engine, LEADER)) == 200  # the role stands: they can sign in again
    with db.session_scope(engine) as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "utlogging", AuditEvent.target == LEADER)
        ).one()
        assert event.actor == OPERATOR and event.detail == {"overalt": True, "avsluttet": 2}


def test_the_operators_sessions_page_is_the_operators_alone(site):
    app, engine = site
    leader = sign_in(TestClient(app), engine, LEADER)
    assert status(leader, PAGE) == 403
    refused = leader.post(f"{PAGE}/logg-ut-overalt", data={"csrf": csrf_for(leader, PROGRAMME), "epost": OPERATOR})
    assert refused.status_code == 403
    assert status(TestClient(app), PAGE) == 303
    assert "Innlogginger" not in leader.get("/").text
    assert "/drift/innlogginger" in sign_in(TestClient(app), engine, OPERATOR).get("/").text


def test_log_out_everywhere_from_the_command_line(demo_cli, tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    app = make_app(engine, tmp_path, base_url="http://testserver")
    browser = sign_in(TestClient(app), engine, LEADER)
    assert status(browser) == 200
    result = demo_cli("logout-everywhere", LEADER)
    assert result.exit_code == 0, result.output
    assert "er logget ut overalt: én innlogging er avsluttet" in result.output
    assert status(browser) == 303
    again = demo_cli("logout-everywhere", LEADER)
    assert again.exit_code == 0 and "ingen innlogginger var aktive" in again.output
    bad = demo_cli("logout-everywhere", "ikke-en-adresse")
    assert bad.exit_code == 1 and bad.output.startswith("feil:")
    engine.dispose()


def test_losing_ones_last_role_ends_the_session_at_the_next_request(site):
    app, engine = site
    client = sign_in(TestClient(app), engine, LEADER)
    assert status(client) == 200
    set_term_end(engine, LEADER, clock.today() - timedelta(days=1))
    assert status(client) == 303
    (row,) = rows(engine)
    assert row.ended_reason == "ingen rolle i dag"
    # ended, not just hidden: the role given back does not bring the old session back
    set_term_end(engine, LEADER, None)
    assert status(client) == 303 and status(browser_with(app, client.cookies.get(COOKIE) or "x")) == 303


def set_term_end(engine, email: str, end: date | None) -> None:
    with db.session_scope(engine) as session:
        roles = session.exec(
            select(RoleAssignment)
            .join(Person, col(Person.id) == RoleAssignment.person_id)
            .join(Contact, col(Contact.person_id) == Person.id)
            .where(Contact.email == email)
        ).all()
        assert roles
        for role in roles:
            role.term_end = end
            session.add(role)


def test_a_session_left_idle_ends_and_one_in_use_goes_on(demo_sqlite, tmp_path):
    app = make_app(demo_sqlite, tmp_path, base_url="http://testserver", session_idle_minutes=30)
    sessions = app.state.sessions
    now = [1_800_000_000.0]
    sessions.clock = lambda: now[0]
    busy = sign_in(TestClient(app), demo_sqlite, LEADER)
    idle = sign_in(TestClient(app), demo_sqlite, "styreleder@example.org")
    for _ in range(3):  # 29 minutes at a time: the busy one asks each time, the idle one never
        now[0] += 29 * 60
        assert status(busy) == 200
    assert status(idle) == 303
    assert {r.email: r.ended_reason for r in rows(demo_sqlite)} == {
        LEADER: None,
        "styreleder@example.org": "ubrukt for lenge",
    }


def test_a_busy_session_still_ends_at_its_absolute_lifetime(demo_sqlite, tmp_path):
    app = make_app(demo_sqlite, tmp_path, base_url="http://testserver", session_hours=2, session_idle_minutes=60)
    now = [1_800_000_000.0]
    app.state.sessions.clock = lambda: now[0]
    client = sign_in(TestClient(app), demo_sqlite, LEADER)
    for _ in range(3):
        now[0] += 50 * 60
        expected = 200 if now[0] < 1_800_000_000.0 + 2 * 3600 else 303
        assert status(client) == expected


def test_the_csrf_token_belongs_to_one_session(site):
    app, engine = site
    client = TestClient(app)
    before = csrf_for(client)  # the sign-in page's token, before signing in
    sign_in(client, engine, LEADER)
    mark = f"{PROGRAMME}/frister/soknad-fylket/2014/1"
    refused = client.post(mark, data={"csrf": before, "handling": "utfort"})
    assert refused.status_code == 400 and "ingenting ble endret" in refused.text
    other = sign_in(TestClient(app), engine, LEADER)
    assert client.post(mark, data={"csrf": csrf_for(other, mark), "handling": "utfort"}).status_code == 400
    assert (
        client.post(
            mark, data={"csrf": csrf_for(client, mark), "handling": "utfort"}, follow_redirects=False
        ).status_code
        == 303
    )


def test_signing_in_again_in_the_same_browser_ends_the_session_before(site):
    app, engine = site
    client = sign_in(TestClient(app), engine, LEADER)
    first = client.cookies[COOKIE]
    sign_in(client, engine, "styreleder@example.org")
    assert status(browser_with(app, first)) == 303
    assert [r.ended_reason for r in rows(engine)] == ["ny innlogging", None]
