"""A board meeting's page (issue 25, part 3): the meeting, its agenda and documents for everyone who may read the
programme; who comes: each board member and deputy answers on the page or by the signed links in the notice as
sent over a real SMTP server, the leader and the chair see the answers and whether the board will have a quorum,
and a deputy called in for a member who cannot come gets the notice, once. Bad input changes nothing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from omstilling.config import get_settings
from omstilling.messaging.outbox import remind
from omstilling.store import db
from omstilling.store.models import MeetingAnswer, OutboxMessage
from tests.support.meeting import CHAIR, DEPUTY, LEADER, MEMBERS, NOTICE_DAY, PAGE, called_demo, on, text_of
from tests.support.web import COUNTY_OFFICER, OPERATOR, SLUG, csrf_of, sign_in


@pytest.fixture
def site(tmp_path, demo_template, smtp, monkeypatch):
    """The demo on the meeting's notice day, its notices sent to the test SMTP server."""
    app, engine = called_demo(tmp_path, demo_template, smtp, monkeypatch)
    yield app, engine
    engine.dispose()
    get_settings.cache_clear()


def notice_to(smtp, address: str):
    (found,) = [m for m in smtp.messages if m.to == [address] and "Innkalling til styremøte" in m.subject]
    return found


def links_of(message) -> dict[str, str]:
    """The answer links in a notice's plain text, by answer ("Kommer", "Kommer ikke", "Usikker")."""
    return dict(re.findall(r"^- (Kommer|Kommer ikke|Usikker): (https://\S+)$", message.body, re.MULTILINE))


def answer_by_link(link: str, choose: str | None = None):
    """Open an answer link (no sign-in) and press its button; returns the response after it."""
    client = TestClient(SITE["app"])
    path = "/" + link.split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200, page.text
    data = {"csrf": csrf_of(page.text)} | ({"svar": choose} if choose else {})
    return client.post(path, data=data)


SITE: dict = {}


def answers(engine) -> dict[int, str]:
    with db.session_scope(engine) as session:
        return {a.person_id: a.answer.value for a in session.exec(select(MeetingAnswer))}


def quorum_line(client: TestClient) -> str:
    page = client.get(PAGE).text
    return text_of(page.split('id="vedtaksfor"')[1].split("</p>")[0].split(">", 1)[1])


def test_the_page_as_every_role(site):
    app, engine = site
    for email in [LEADER, CHAIR, *MEMBERS, DEPUTY, COUNTY_OFFICER, OPERATOR]:
        page = sign_in(TestClient(app), engine, email).get(PAGE)
        assert page.status_code == 200, email
        text = text_of(page.text)
        assert "Styremøte mandag 16. juni 2014" in text and "Kl. 13.00–16.00" in text, email
        assert "planlagt" in text and "Saksliste" in text and "Eventuelt" in text, email
        assert "Forslag til vedtak:" in text and "Sak 16/14" in text, email
        assert "Styret blir ikke vedtaksført ennå: 0 av 4 medlemmer" in text, email
        sees_all = email in (LEADER, CHAIR, OPERATOR)
        assert ("Svarene fra styret" in page.text) is sees_all, email
        assert ('name="svar"' in page.text) is (email in (CHAIR, *MEMBERS, DEPUTY)), email
        assert "@example.org" not in text.replace(email, "") or email == OPERATOR, email  # names, not addresses
    other = sign_in(TestClient(app), engine, "leder@gjovik.example.org")
    assert other.get(PAGE, follow_redirects=False).status_code == 403
    nobody = TestClient(app).get(PAGE, follow_redirects=False)
    assert nobody.status_code == 303 and nobody.headers["location"].startswith("/logg-inn")
    missing = sign_in(TestClient(app), engine, LEADER).get(f"/programmer/{SLUG}/moter/2014-06-17")
    assert missing.status_code == 404 and "har ikke noe styremøte tirsdag" not in missing.text
    assert "har ikke noe styremøte 17. juni 2014" in text_of(missing.text)


def test_two_members_answer_by_link_and_the_quorum_line_follows(site, smtp):
    app, engine = site
    SITE["app"] = app
    chair = sign_in(TestClient(app), engine, CHAIR)
    assert quorum_line(chair).startswith("Styret blir ikke vedtaksført ennå: 0 av 4")
    assert links_of(notice_to(smtp, LEADER)) == {}  # the leader is not on the board: no answer links
    one, two = (links_of(notice_to(smtp, m)) for m in MEMBERS[:2])
    assert set(one) == {"Kommer", "Kommer ikke", "Usikker"} and one != two
    assert "Lagret" not in text_of(TestClient(app).get("/" + one["Kommer"].split("/", 3)[3]).text)
    assert answers(engine) == {}  # opening a link records nothing (a link checker may open them all)
    done = answer_by_link(one["Kommer"])
    assert "Svaret ditt er lagret: kommer" in text_of(done.text)
    assert "Endre til «kommer ikke»" in done.text
    answer_by_link(two["Kommer"])
    assert quorum_line(chair).startswith("Styret blir ikke vedtaksført ennå: 2 av 4")
    member = sign_in(TestClient(app), engine, CHAIR)
    page = member.get(PAGE)
    member.post(f"{PAGE}/svar", data={"csrf": csrf_of(page.text), "svar": "kommer"})
    line = quorum_line(chair)
    assert line.startswith("Styret blir vedtaksført: 3 av 4"), line
    # a member changes their mind from the confirmation page: the line follows
    answer_by_link(two["Kommer"], choose="usikker")
    assert quorum_line(chair).startswith("Styret blir ikke vedtaksført ennå: 2 av 4")
    rows = text_of(chair.get(PAGE).text)
    assert "usikker" in rows and "ikke svart" in rows


def test_bad_input_gets_a_norwegian_message_and_changes_nothing(site, smtp, monkeypatch):
    app, engine = site
    SITE["app"] = app
    links = links_of(notice_to(smtp, MEMBERS[0]))
    path = "/" + links["Kommer"].split("/", 3)[3]
    # a tampered link
    client = TestClient(app)
    tampered = client.get(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"))
    assert tampered.status_code == 400 and "Lenken er ikke gyldig" in text_of(tampered.text)
    # an unknown answer value, on the page and by link
    member = sign_in(TestClient(app), engine, MEMBERS[0])
    bad = member.post(f"{PAGE}/svar", data={"csrf": csrf_of(member.get(PAGE).text), "svar": "kanskje"})
    assert bad.status_code == 400 and "«kanskje» er ikke et svar" in text_of(bad.text)
    page = client.get(path)
    bad = client.post(path, data={"csrf": csrf_of(page.text), "svar": "kanskje"})
    assert bad.status_code == 400 and "«kanskje» er ikke et svar" in text_of(bad.text)
    # someone who is not on the board that day
    observer = sign_in(TestClient(app), engine, "ofk@example.org")
    refused = observer.post(f"{PAGE}/svar", data={"csrf": csrf_of(observer.get(PAGE).text), "svar": "kommer"})
    assert refused.status_code == 400 and "ikke medlem eller varamedlem i styret" in text_of(refused.text)
    # a deputy call-in by a member who is neither the leader nor the chair
    answer_by_link(links["Kommer ikke"])
    with db.session_scope(engine) as session:
        member_id = session.exec(select(MeetingAnswer)).one().person_id
    calls = member.post(f"{PAGE}/vara", data={"csrf": csrf_of(member.get(PAGE).text), "medlem": member_id, "vara": 1})
    assert calls.status_code == 400 and "Bare programlederen og styrelederen" in text_of(calls.text)
    before = answers(engine)
    # after the meeting: the link has expired and the page refuses
    on(monkeypatch, date(2014, 6, 17))
    late = TestClient(app).get(path)
    assert late.status_code == 400 and "Lenken er utløpt" in text_of(late.text)
    late = member.post(f"{PAGE}/svar", data={"csrf": csrf_of(member.get(PAGE).text), "svar": "kommer"})
    assert late.status_code == 400 and "kan ikke endres etter møtet" in text_of(late.text)
    assert answers(engine) == before


def test_the_chair_calls_in_a_deputy_who_gets_the_notice_once(site, smtp, monkeypatch):
    app, engine = site
    SITE["app"] = app
    answer_by_link(links_of(notice_to(smtp, MEMBERS[0]))["Kommer ikke"])
    chair = sign_in(TestClient(app), engine, CHAIR)
    page = chair.get(PAGE).text
    assert "Kall inn vara" in page
    member = re.search(r'name="medlem" value="(\d+)"', page).group(1)
    deputy = re.search(r'<select id="vara-\d+" name="vara"><option value="(\d+)"', page).group(1)
    for _ in range(2):  # pressed twice: one message
        done = chair.post(f"{PAGE}/vara", data={"csrf": csrf_of(page), "medlem": member, "vara": deputy})
        assert done.status_code == 200 and "er kalt inn og får innkallingen" in text_of(done.text)
    with db.session_scope(engine) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.recipient == DEPUTY)).all()
        assert len([r for r in rows if r.kind.value == "innkalling"]) == 2  # the ordinary notice, and the call-in
    moment = datetime.combine(NOTICE_DAY, time(8), tzinfo=UTC)
    remind(engine, as_of=NOTICE_DAY, now=moment, notifier=smtp.notifier)
    remind(engine, as_of=NOTICE_DAY, now=moment, notifier=smtp.notifier)
    called = [m for m in smtp.messages if m.to == [DEPUTY] and "varamedlem for" in m.body]
    assert len(called) == 1 and "Du innkalles som varamedlem for" in called[0].body
    assert links_of(called[0])  # the deputy answers by their own links
    text = text_of(chair.get(PAGE).text)
    assert "kalt inn for" in text and "Forventet på møtet:" in text


def test_the_overview_and_frister_lead_to_the_meetings_page(site):
    """A board meeting in Neste frister and on Frister links to its page (who comes, the agenda), not to a
    deadline page; its notice day still links to its deadline."""
    app, engine = site
    client = TestClient(app)
    sign_in(client, engine, "styremedlem1@example.org")
    for path in (f"/programmer/{SLUG}", f"/programmer/{SLUG}/frister"):
        page = client.get(path).text
        assert f'href="/programmer/{SLUG}/moter/2014-06-16"' in page, path


def test_answers_and_call_ins_are_in_the_audit_trail_refusals_too(site):
    from omstilling.store.models import AuditEvent

    app, engine = site
    member = TestClient(app)
    sign_in(member, engine, "styremedlem1@example.org")
    page = member.get(PAGE).text
    member.post(f"{PAGE}/svar", data={"csrf": csrf_of(page), "svar": "kommer-ikke"})
    member.post(f"{PAGE}/svar", data={"csrf": csrf_of(page), "svar": "kanskje"})
    with db.session_scope(engine) as session:
        trail = [
            (e.action, e.outcome, e.detail.get("svar"))
            for e in session.exec(select(AuditEvent).where(AuditEvent.action == "motesvar"))
        ]
    assert trail == [("motesvar", "ok", "kommer-ikke"), ("motesvar", "feilet", "kanskje")]
