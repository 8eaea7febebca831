"""Dokumenter (issue 24, part 7): every document by its title in words; «Lag utkast» for a chosen document, year
or meeting and formats; Word, PDF and HTML for everyone who reads the programme and the Markdown only for the
operator (refused by address too); a refusal in the page's words, not a command line's; and a link to where the
programme leader writes their own words for a document."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import select

from omstilling import clock
from omstilling.app import drafts
from omstilling.config import get_settings
from omstilling.core.enums import DocumentKind
from omstilling.core.periods import document_period
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot
from omstilling.store.models import AuditEvent, DocumentRecord
from tests.support.web import COUNTY_OFFICER, OPERATOR, SLUG, add_programmes, csrf_of, make_app, sign_in

PAGE = f"/programmer/{SLUG}/dokumenter"
PEOPLE = {
    "leader": "programleder@example.org",
    "board": "styremedlem1@example.org",
    "chair": "styreleder@example.org",
    "county": COUNTY_OFFICER,  # reads the county's programmes, granted by the operator
    "observer": "ofk@example.org",  # the county's observer on this board
    "operator": OPERATOR,
    "nobody": None,
}
WORKERS = {"leader", "operator"}
READERS = set(PEOPLE) - {"nobody"}


@pytest.fixture
def site(demo_sqlite, tmp_path, monkeypatch):
    """The demo with an annual report for 2014 written as Markdown and HTML, and the app; documents the page
    writes land under tmp_path/out."""
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "out"))
    get_settings.cache_clear()
    add_programmes(demo_sqlite)
    drafts.write_report(demo_sqlite, SLUG, DocumentKind.ANNUAL_REPORT, year=2014, formats=["md", "html"])
    with db.session_scope(demo_sqlite) as session:
        ids = {r.format: r.id for r in session.exec(select(DocumentRecord))}
    yield make_app(demo_sqlite, tmp_path), demo_sqlite, ids
    get_settings.cache_clear()


def client_as(app, engine, person: str) -> TestClient:
    client, email = TestClient(app), PEOPLE[person]
    return sign_in(client, engine, email) if email else client


def flash_of(response) -> str:
    """The message shown once after a form, without its «Feil:» mark."""
    found = re.search(r'<p class="melding[^"]*"[^>]*>(.*?)</p>', response.text)
    return re.sub(r"<[^>]+>", "", found.group(1)).removeprefix("Feil: ") if found else ""


def records(engine) -> set[tuple[str, int, str, str]]:
    with db.session_scope(engine) as session:
        return {(r.kind.value, r.year, r.name, r.format) for r in session.exec(select(DocumentRecord))}


def post_draft(client: TestClient, **form):
    csrf = csrf_of(client.get(PAGE).text)
    return client.post(f"{PAGE}/utkast", data={"csrf": csrf, **form}, follow_redirects=True)


@pytest.mark.parametrize("person", PEOPLE)
def test_every_documents_route_answers_each_role(site, person):
    app, engine, ids = site
    client = client_as(app, engine, person)
    csrf = csrf_of(client.get("/logg-inn").text)
    answers = {
        "page": client.get(PAGE, follow_redirects=False),
        "page for a meeting's document": client.get(f"{PAGE}?dokument=styrepapirer", follow_redirects=False),
        "html": client.get(f"{PAGE}/{ids['html']}/arsrapport.html", follow_redirects=False),
        "markdown": client.get(f"{PAGE}/{ids['md']}/arsrapport.md", follow_redirects=False),
        "markdown named as html": client.get(f"{PAGE}/{ids['md']}/arsrapport.html", follow_redirects=False),
        "draft": client.post(
            f"{PAGE}/utkast",
            data={"csrf": csrf, "dokument": "ingen-slik"},  # refused for its content (400), or for who asks
            follow_redirects=False,
        ),
    }
    got = {what: answer.status_code for what, answer in answers.items()}
    if person == "nobody":
        assert set(got.values()) == {303}
        assert all(a.headers["location"].startswith("/logg-inn") for a in answers.values())
        return
    markdown = 200 if person == "operator" else 403
    assert got == {
        "page": 200,
        "page for a meeting's document": 200,
        "html": 200,
        "markdown": markdown,
        "markdown named as html": markdown,
        "draft": 400 if person in WORKERS else 403,
    }
    page = answers["page"].text
    assert ("Lag utkast" in page) == (person in WORKERS)
    assert (">Markdown<" in page) == (person == "operator")
    assert ">HTML<" in page and "Årsrapport 2014" in page
    if person != "operator":
        refused = answers["markdown"].text
        assert "Markdown-filene er kilden dokumentene lages fra, og bare drift kan hente dem." in refused
        assert "Dokumentene finnes som Word, PDF, HTML." in refused


def test_a_board_member_who_types_the_markdowns_address_is_refused_and_it_is_recorded(site):
    app, engine, ids = site
    board = client_as(app, engine, "board")
    answer = board.get(f"{PAGE}/{ids['md']}/{SLUG}-2014-arsrapport-v1.md")
    assert answer.status_code == 403 and "text/markdown" not in answer.headers["content-type"]
    assert "<h1>Ingen tilgang</h1>" in answer.text and "bare drift kan hente dem" in answer.text
    with db.session_scope(engine) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "dokument-lastet-ned", AuditEvent.actor == PEOPLE["board"])
        ).all()
    assert [(e.outcome, e.target) for e in events] == [("nektet", f"{SLUG}-2014-arsrapport-v1.md")]
    assert client_as(app, engine, "operator").get(f"{PAGE}/{ids['md']}/x.md").text.startswith("# Årsrapport 2014")


def test_the_leader_may_not_have_a_draft_written_as_markdown(site):
    app, engine, _ = site
    leader = client_as(app, engine, "leader")
    before = records(engine)
    answer = post_draft(leader, dokument="soknad", valgt="soknad", aar="2014", format=["md", "docx"])
    assert answer.status_code == 403 and "bare drift kan hente dem" in answer.text
    assert records(engine) == before


def test_the_form_offers_the_years_or_the_meetings_preselected_as_the_documents_defaults_and_the_formats(site):
    app, engine, _ = site
    with db.session_scope(engine) as session:
        connection = session.connection()
        connection.execute(sa.text("UPDATE boardmeeting SET status = 'avlyst' WHERE date = '2014-11-28'"))
    with db.session_scope(engine) as session:
        snapshot = load_snapshot(session, choose.programme(session, SLUG))
    leader = client_as(app, engine, "leader")

    page = leader.get(f"{PAGE}?dokument=soknad").text
    years = re.findall(r'<option value="(\d{4})"( selected)?>([^<]+)</option>', page)
    assert [(value, label) for value, _, label in years] == [
        (str(y), f"Søknad om omstillingsmidler for {y + 1}") for y in range(2010, 2016)
    ]
    default = document_period(snapshot, DocumentKind.APPLICATION, clock.today()).year
    assert [value for value, chosen, _ in years if chosen] == [str(default)]
    boxes = re.findall(r'<input type="checkbox" name="format" value="(\w+)"( checked)?>', page)
    assert boxes == [("docx", " checked"), ("pdf", ""), ("html", " checked")]  # md,html,docx without the md

    page = leader.get(f"{PAGE}?dokument=protokoll").text
    meetings = re.findall(r'<option value="(\d{4}-\d\d-\d\d)"( selected)?>([^<]+)</option>', page)
    assert ("2014-06-16", "", "mandag 16. juni 2014") in meetings
    assert "2014-11-28" not in [value for value, _, _ in meetings]  # cancelled
    minutes = document_period(snapshot, DocumentKind.MINUTES, clock.today()).meeting_date
    assert [value for value, chosen, _ in meetings if chosen] == [minutes.isoformat()]
    assert 'name="aar"' not in page
    assert re.findall(r'name="format" value="(\w+)"( checked)?', page) == [
        ("docx", " checked"),
        ("pdf", ""),
        ("html", ""),
    ]

    operator = client_as(app, engine, "operator").get(f"{PAGE}?dokument=styrepapirer").text
    assert re.findall(r'name="format" value="(\w+)"( checked)?', operator) == [
        ("docx", ""),
        ("pdf", " checked"),
        ("html", ""),
        ("md", " checked"),
    ]
    assert leader.get(f"{PAGE}?dokument=ingen-slik").status_code == 400


def test_a_draft_for_a_chosen_year_in_the_chosen_formats_is_labelled_by_its_title(site):
    app, engine, _ = site
    leader = client_as(app, engine, "leader")
    answer = post_draft(leader, dokument="soknad", valgt="soknad", aar="2013", format=["docx", "pdf"])
    assert flash_of(answer) == "Nytt utkast: Søknad om omstillingsmidler for 2014, versjon 1."
    assert {r for r in records(engine) if r[0] == "soknad"} == {
        ("soknad", 2013, "soknad", "docx"),
        ("soknad", 2013, "soknad", "pdf"),
    }
    headings = re.findall(r"<h2 id=\"dokument-\d+\">([^<]+)</h2>", answer.text)
    assert "Søknad om omstillingsmidler for 2014" in headings and "Årsrapport 2014" in headings
    # the page stays on the document just drafted
    assert '<option value="soknad" selected>' in answer.text
    assert '<option value="2013" selected>Søknad om omstillingsmidler for 2014</option>' in answer.text
    again = post_draft(leader, dokument="soknad", valgt="soknad", aar="2013", format=["docx"])
    assert flash_of(again) == (
        "Søknad om omstillingsmidler for 2014 er uendret siden versjon 1: tallene er de samme, så ingenting nytt ble "
        "skrevet."
    )


def test_a_draft_for_a_chosen_meeting_is_labelled_by_the_meeting_in_words(site):
    app, engine, _ = site
    leader = client_as(app, engine, "leader")
    answer = post_draft(leader, dokument="innkalling", valgt="innkalling", mote="2014-06-16", format=["html"])
    assert flash_of(answer) == "Nytt utkast: Innkalling til styremøte mandag 16. juni 2014, versjon 1."
    assert ("innkalling", 2014, "innkalling-2014-06-16", "html") in records(engine)
    assert {r[3] for r in records(engine) if r[0] == "innkalling"} == {"html"}
    assert ">Innkalling til styremøte mandag 16. juni 2014</h2>" in answer.text
    assert '<option value="2014-06-16" selected>mandag 16. juni 2014</option>' in answer.text
    assert "innkalling-2014-06-16</" not in answer.text and "(innkalling-2014-06-16)" not in answer.text


def test_a_board_pack_is_listed_by_its_title_not_its_file_key(site):
    app, engine, _ = site
    drafts.write_report(engine, SLUG, DocumentKind.BOARD_PACK, meeting_date=date(2014, 1, 27), formats=["md"])
    page = client_as(app, engine, "operator").get(PAGE).text
    assert ">Styrepapirer til møtet mandag 27. januar 2014</h2>" in page
    assert "(styrepapirer-2014-01-27)" not in page


def test_a_refusal_speaks_to_the_web_user_not_of_command_line_options(site, monkeypatch):
    app, engine, _ = site
    monkeypatch.setattr(clock, "today", lambda: date(2016, 3, 1))  # after the programme: no meeting comes
    leader = client_as(app, engine, "leader")
    before = records(engine)
    answer = post_draft(leader, dokument="styrerapport", format=["pdf"])
    said = flash_of(answer)
    assert said == (
        "Utkastet ble ikke laget: ingen styremøter på eller etter 2015-12-31 (møtene i 2015: 2015-01-26): "
        "velg styremøtet i skjemaet"
    )
    assert "--" not in said and "oppgi" not in said
    with db.session_scope(engine) as session:
        session.connection().execute(sa.text("UPDATE boardmeeting SET status = 'avlyst' WHERE date = '2014-06-16'"))
    cancelled = flash_of(
        post_draft(leader, dokument="styrerapport", valgt="styrerapport", mote="2014-06-16", format=["pdf"])
    )
    assert cancelled.startswith("Utkastet ble ikke laget: styremøtet 2014-06-16 i vestre-toten er avlyst")
    assert "--" not in cancelled
    nothing = flash_of(post_draft(leader, dokument="arsrapport", valgt="arsrapport", aar="2014"))
    assert nothing == "Utkastet ble ikke laget: kryss av for minst ett format."
    assert records(engine) == before


def test_a_form_drawn_for_another_kind_first_shows_the_fields_of_the_chosen_one(site):
    """Without JavaScript the fields do not follow the chosen kind: the page shows them before anything is written."""
    app, engine, _ = site
    leader = client_as(app, engine, "leader")
    before = records(engine)
    answer = post_draft(leader, dokument="styrepapirer", valgt="arsrapport", aar="2014", format=["docx"])
    assert answer.url.path == PAGE and answer.url.query == b"dokument=styrepapirer"
    assert flash_of(answer) == "Velg styremøte og formater for styrepapirer, og lag utkastet."
    assert 'name="mote"' in answer.text and records(engine) == before


def test_the_leader_is_led_to_write_their_own_words_for_the_documents_that_ask_for_them(site):
    app, engine, _ = site
    drafts.write_report(engine, SLUG, DocumentKind.BOARD_PACK, meeting_date=date(2014, 6, 16), formats=["md"])
    drafts.write_report(engine, SLUG, DocumentKind.NOTICE, meeting_date=date(2014, 6, 16), formats=["md"])
    leader = client_as(app, engine, "leader").get(PAGE).text
    links = re.findall(r'<a href="([^"]+)" aria-label="Skriv programleders tekst til ([^"]+)">', leader)
    assert (f"/programmer/{SLUG}/tekster/arsrapport/2014", "Årsrapport 2014") in links
    # the board pack prints its board report's texts: written there
    assert (
        f"/programmer/{SLUG}/tekster/styrerapport/2014?mote=2014-06-16",
        "Styrepapirer til møtet mandag 16. juni 2014",
    ) in links
    assert not [link for link in links if "innkalling" in link[0]]  # the notice asks for no texts
    soknad = client_as(app, engine, "leader").get(f"{PAGE}?dokument=soknad").text
    assert re.search(rf'href="/programmer/{SLUG}/tekster/soknad/\d{{4}}"', soknad)
    for reader in ("board", "chair", "county"):
        assert "Skriv programleders tekst" not in client_as(app, engine, reader).get(PAGE).text
