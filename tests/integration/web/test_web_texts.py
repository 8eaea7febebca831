"""Programleders tekst in the web app: the page of a document's sections (/programmer/{slug}/tekster/{kind}/{year},
`?mote=` for a meeting's document), written by those who work on the programme and read by those who read it;
walked as every role, with the CSRF token, a text past the limit, a section the kind does not have and a cancelled
meeting refused, and the link from a deadline's page."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import col, select

from omstilling.app.texts import BODY_LIMIT
from omstilling.core.enums import TextSection
from omstilling.store import db
from omstilling.store.models import AuditEvent, LeaderText
from tests.support.web import COUNTY_OFFICER, OPERATOR, SLUG, add_programmes, csrf_for, csrf_of, make_app, sign_in

PAGE = f"/programmer/{SLUG}/tekster/halvarsrapport/2014"
LEADER = "programleder@example.org"
BOARD = "styremedlem1@example.org"
PEOPLE = {
    "leader": LEADER,
    "operator": OPERATOR,
    "board": BOARD,
    "county": "ofk@example.org",  # the county's observer on the demo's board: reads it
    "officer": COUNTY_OFFICER,  # reads every programme of the county, granted by the operator
    "other-leader": "leder@gjovik.example.org",  # leads another programme of the county
    "nobody": None,
}
WORKERS = {"leader", "operator"}
READERS = WORKERS | {"board", "county", "officer"}


@pytest.fixture
def site(demo_sqlite, tmp_path):
    add_programmes(demo_sqlite)
    return make_app(demo_sqlite, tmp_path), demo_sqlite


def client_as(site, person: str) -> TestClient:
    app, engine = site
    client = TestClient(app)
    email = PEOPLE[person]
    if email is not None:
        sign_in(client, engine, email)
    return client


def texts(engine) -> list[tuple[str, TextSection, str, str]]:
    with db.session_scope(engine) as session:
        return [
            (t.name, t.section, t.body, t.written_by)
            for t in session.exec(select(LeaderText).order_by(col(LeaderText.id)))
        ]


def main(html: str) -> str:
    return html[html.index("<main") :]


@pytest.mark.parametrize("person", PEOPLE)
def test_the_texts_page_answers_each_person_as_their_roles_allow(site, person):
    _, engine = site
    client = client_as(site, person)
    page = client.get(PAGE, follow_redirects=False)
    posted = client.post(
        PAGE, data={"csrf": csrf_for(client), "veien-videre": f"Skrevet av {person}."}, follow_redirects=False
    )
    if person == "nobody":
        assert page.status_code == posted.status_code == 303
        assert page.headers["location"].startswith("/logg-inn") and posted.headers["location"].startswith("/logg-inn")
        assert texts(engine) == []
    elif person in WORKERS:
        assert page.status_code == 200 and "<textarea" in page.text and "Lagre teksten" in page.text
        assert posted.status_code == 303 and posted.headers["location"] == PAGE
        assert [t[2] for t in texts(engine)] == [f"Skrevet av {person}."]
    elif person in READERS:
        assert page.status_code == 200 and "Halvårsrapport 2014" in page.text
        assert "<textarea" not in page.text and "Lagre teksten" not in page.text
        assert posted.status_code == 403 and "Bare programlederen" in posted.text
        assert texts(engine) == []
    else:
        assert page.status_code == posted.status_code == 403
        assert "Ingen tilgang" in page.text and "Ingen tilgang" in posted.text
        assert texts(engine) == []


def test_the_leader_writes_a_section_and_sees_it_saved_with_who_and_when_and_a_way_to_a_new_draft(site):
    _, engine = site
    client = client_as(site, "leader")
    page = client.get(PAGE)
    body = main(page.text)
    assert "<h1>Halvårsrapport 2014</h1>" in body
    for label in ("Programleders sammendrag", "Vurdering av de kvalitative målene", "Kommentar til avvikene"):
        assert f">{label}</h2>" in body
    assert 'aria-labelledby="overskrift-veien-videre"' in body and "Ikke skrevet ennå." in body
    saved = client.post(
        PAGE, data={"csrf": csrf_of(page.text), "veien-videre": "Vi satser på industrien.\r\n\r\nOg <b>reiseliv</b>."}
    )
    shown = main(saved.text)
    assert '<p class="melding ok" id="melding" role="status">Teksten er lagret: veien videre.</p>' in shown
    assert "Vi satser på industrien.\n\nOg &lt;b&gt;reiseliv&lt;/b&gt;.</textarea>" in shown
    assert re.search(r"Sist skrevet av Bjørn Iversen, \d\d\.\d\d\.\d{4} kl\.\u00a0\d\d\.\d\d\.", shown), shown
    assert f'href="/programmer/{SLUG}/dokumenter">lag et nytt utkast' in shown
    assert texts(engine) == [
        ("halvarsrapport", TextSection.WAY_FORWARD, "Vi satser på industrien.\n\nOg <b>reiseliv</b>.", "Bjørn Iversen")
    ]
    with db.session_scope(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "tekst-skrevet")).one()
    assert (event.actor, event.programme, event.target, event.outcome) == (
        LEADER,
        SLUG,
        "halvarsrapport 2014 halvarsrapport",
        "ok",
    )
    assert event.detail["endret"] == ["veien-videre"]


def test_readers_see_the_text_as_written_and_who_wrote_it(site):
    writer = client_as(site, "leader")
    writer.post(PAGE, data={"csrf": csrf_for(writer), "sammendrag": "Første linje\nandre linje\n\nNytt avsnitt"})
    page = main(client_as(site, "board").get(PAGE).text)
    assert "<p>Første linje<br>andre linje</p>" in page and "<p>Nytt avsnitt</p>" in page
    assert "Sist skrevet av Bjørn Iversen" in page and "Ikke skrevet ennå." in page


def test_a_form_without_the_sessions_csrf_token_is_refused_and_writes_nothing(site):
    _, engine = site
    client = client_as(site, "leader")
    for data in ({"veien-videre": "Uten token."}, {"csrf": "forfalsket", "veien-videre": "Falsk token."}):
        refused = client.post(PAGE, data=data)
        assert refused.status_code == 400 and "Skjemaet er utløpt" in refused.text
    assert texts(engine) == []


def test_a_text_past_the_limit_is_refused_at_its_field_and_what_was_typed_stays(site):
    _, engine = site
    client = client_as(site, "leader")
    client.post(PAGE, data={"csrf": csrf_for(client), "sammendrag": "Før."})
    too_long = "x" * (BODY_LIMIT + 1)
    refused = client.post(PAGE, data={"csrf": csrf_for(client), "sammendrag": "Etter.", "veien-videre": too_long})
    assert refused.status_code == 400
    page = main(refused.text)
    assert 'role="alert"' in page and "Teksten ble ikke lagret." in page
    message = "teksten er 20\u00a0001 tegn; den kan være høyst 20\u00a0000 tegn"
    assert f'<p class="melding feil" id="feil-veien-videre"><strong>Feil:</strong> {message}</p>' in page
    field = re.search(r'<textarea id="tekst-veien-videre"[^>]*>', page).group(0)
    assert 'aria-describedby="hint-veien-videre sist-veien-videre feil-veien-videre"' in field
    assert 'aria-invalid="true"' in field and "autofocus" in field
    assert f">{too_long}</textarea>" in page and ">Etter.</textarea>" in page  # both as typed
    assert [t[2] for t in texts(engine)] == ["Før."]


def test_a_section_the_kind_does_not_have_is_refused(site):
    _, engine = site
    client = client_as(site, "leader")
    application = f"/programmer/{SLUG}/tekster/soknad/2014"
    page = client.get(application)
    assert page.status_code == 200 and 'name="avvik"' not in page.text
    refused = client.post(application, data={"csrf": csrf_of(page.text), "avvik": "Avvik."})
    assert refused.status_code == 400
    assert "kommentar til avvikene: søknad til fylkeskommunen har ikke denne delen" in refused.text
    notice = f"/programmer/{SLUG}/tekster/innkalling/2014?mote=2014-06-16"
    assert client.get(notice).status_code == 404
    assert client.post(notice, data={"csrf": csrf_of(page.text), "sammendrag": "Nei."}).status_code == 404
    assert texts(engine) == []


def test_a_text_for_a_cancelled_meeting_is_refused(site):
    _, engine = site
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE boardmeeting SET status = 'avlyst' WHERE date = '2014-10-20'"))
    client = client_as(site, "leader")
    cancelled = f"/programmer/{SLUG}/tekster/styrerapport/2014?mote=2014-10-20"
    page = client.get(cancelled)
    assert page.status_code == 404 and "møtet 20.10.2014 er avlyst" in page.text
    refused = client.post(cancelled, data={"csrf": csrf_for(client), "sammendrag": "Til et avlyst møte."})
    assert refused.status_code == 404 and "er avlyst" in refused.text
    assert texts(engine) == []
    held = f"/programmer/{SLUG}/tekster/styrerapport/2014?mote=2014-09-15"
    saved = client.post(held, data={"csrf": csrf_for(client), "sammendrag": "Til møtet i september."})
    assert saved.status_code == 200 and "Rapport til styre" in saved.text
    assert texts(engine) == [
        ("styrerapport-2014-09-15", TextSection.SUMMARY, "Til møtet i september.", "Bjørn Iversen")
    ]


def test_the_board_packs_address_leads_to_its_board_reports_texts(site):
    client = client_as(site, "leader")
    moved = client.get(f"/programmer/{SLUG}/tekster/styrepapirer/2014?mote=2014-06-16", follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == f"/programmer/{SLUG}/tekster/styrerapport/2014?mote=2014-06-16"


def test_a_deadline_whose_document_has_texts_links_to_them_and_says_they_are_missing(site):
    leader, board = client_as(site, "leader"), client_as(site, "board")
    half = f"/programmer/{SLUG}/frister/halvarsrapport/2014/1"
    page = leader.get(half).text
    assert f'<a href="{PAGE}">Skriv programleders tekst</a>' in page
    assert "Ikke skrevet ennå: programleders sammendrag" in page
    assert f'<a href="{PAGE}">Les programleders tekst</a>' in board.get(half).text
    facts = leader.get(f"/programmer/{SLUG}/frister/psv-faktagrunnlag/2014/1").text
    assert "programleders tekst" not in facts
    leader.post(
        PAGE,
        data={
            "csrf": csrf_for(leader),
            **{s: f"Skrevet: {s}." for s in ("sammendrag", "kvalitative-mal", "avvik", "veien-videre")},
        },
    )
    assert "Ikke skrevet ennå" not in leader.get(half).text


def form_of(page: str) -> dict[str, str]:
    """What the page's form sends back unchanged: each section's text and the mark of the text as it was loaded."""
    fields = dict(re.findall(r'<input type="hidden" name="(lastet-[a-z-]+)" value="([0-9a-f]*)">', page))
    for name, body in re.findall(r'<textarea id="tekst-[a-z-]+" name="([a-z-]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = body.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    fields["csrf"] = csrf_of(page)
    return fields


def test_two_people_on_the_same_page_never_save_over_each_others_words(site):
    """The leader and the operator open the page while the summary says "Utkast 1". The leader saves a finished
    summary; the operator then writes only "Veien videre" and saves the form as it was loaded: the leader's summary
    stays theirs. When the operator changed the summary too, the save is refused with what it says now, their text
    kept in the field, and nothing written; saving again then keeps theirs, knowingly."""
    _, engine = site
    leader, operator = client_as(site, "leader"), client_as(site, "operator")
    first = leader.post(PAGE, data={"csrf": csrf_for(leader), "sammendrag": "Utkast 1."}, follow_redirects=False)
    assert first.status_code == 303
    leaders_form, operators_form = form_of(leader.get(PAGE).text), form_of(operator.get(PAGE).text)
    assert leaders_form["sammendrag"] == operators_form["sammendrag"] == "Utkast 1."

    saved = leader.post(PAGE, data=leaders_form | {"sammendrag": "Ferdig sammendrag."}, follow_redirects=False)
    assert saved.status_code == 303
    only_way_forward = operator.post(
        PAGE, data=operators_form | {"veien-videre": "Driftens plan."}, follow_redirects=False
    )
    assert only_way_forward.status_code == 303
    kept = {(section, body, by) for _, section, body, by in texts(engine)}
    assert (TextSection.SUMMARY, "Ferdig sammendrag.", "Bjørn Iversen") in kept  # the leader by name
    assert (TextSection.WAY_FORWARD, "Driftens plan.", "drift") in kept

    clash = operator.post(PAGE, data=operators_form | {"sammendrag": "Driftens sammendrag."}, follow_redirects=False)
    assert clash.status_code == 400
    assert "endret denne delen etter at du åpnet siden (nå: «Ferdig sammendrag.»)" in clash.text
    assert "Driftens sammendrag.</textarea>" in clash.text  # what they typed stays in the field
    assert (TextSection.SUMMARY, "Ferdig sammendrag.", "Bjørn Iversen") in {(s, b, w) for _, s, b, w in texts(engine)}
    again = operator.post(PAGE, data=form_of(clash.text), follow_redirects=False)
    assert again.status_code == 303
    assert (TextSection.SUMMARY, "Driftens sammendrag.", "drift") in {(s, b, w) for _, s, b, w in texts(engine)}


def test_a_meetings_texts_are_written_only_for_the_meeting_named(site):
    client = client_as(site, "leader")
    posted = client.post(
        f"/programmer/{SLUG}/tekster/styrerapport/2014",
        data={"csrf": csrf_for(client), "sammendrag": "Hvilket møte?"},
        follow_redirects=False,
    )
    assert posted.status_code == 400 and "hvilket møte den gjelder" in posted.text
    assert texts(site[1]) == []
