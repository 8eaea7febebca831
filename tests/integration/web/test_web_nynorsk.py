"""The pages of a programme set to nynorsk read nynorsk (issue 28): a second programme of the demo's county (not the
demo), its board member and its leader on every page about it — the overview says «Målform: nynorsk», a date reads
«måndag 16. juni 2014», `<html lang="nn">`, and no bokmål-only word stands in what they see (the programme's own
data taken out: its titles and names are its own words); what a form did and what it refused is said in nynorsk
too, and so is the page an answer link in its notice opens. The demo's pages stay bokmål, and someone who may not
read the nynorsk programme is refused in bokmål, as for a programme that does not exist."""

from __future__ import annotations

import html
import re
import shutil
from datetime import UTC, datetime, time

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from omstilling.app import reminders
from omstilling.config import get_settings
from omstilling.core.language import WrittenStandard
from omstilling.intake import writes
from omstilling.store import db
from omstilling.store.load import load_snapshot
from omstilling.store.models import Programme
from tests.support.demo import add_copy
from tests.support.meeting import LEADER, MEMBERS, NOTICE_DAY, on
from tests.support.nynorsk import bokmal_words, data_strings
from tests.support.web import OPERATOR, SLUG, csrf_of, make_app, sign_in

NN = "gjovik"
BASE = f"/programmer/{NN}"
OUTSIDER = "leder@nordkapp.example.org"
"""The leader of a programme of another county: may not read the nynorsk one."""
PAGES = {
    "oversikt": BASE,
    "frister": f"{BASE}/frister",
    "frist": f"{BASE}/frister/soknad-fylket/2014/1",
    "frist sett fra en dag": f"{BASE}/frister/soknad-fylket/2014/1?dag=2014-06-01",
    "dokumenter": f"{BASE}/dokumenter",
    "meldinger": f"{BASE}/meldinger",
    "meldinger av en type": f"{BASE}/meldinger?type=innkalling",
    "vedtak": f"{BASE}/vedtak",
    "vedtak uten treff": f"{BASE}/vedtak?sok=finst-ikkje",
    "styremøte": f"{BASE}/moter/2014-06-16",
    "holdt styremøte": f"{BASE}/moter/2014-05-19",
    "programleders tekst": f"{BASE}/tekster/arsrapport/2014",
    "styrets tekst": f"{BASE}/tekster/styrerapport/2014?mote=2014-06-16",
}
LEADER_ONLY = {"data": f"{BASE}/data"}
MISSING = {
    "en frist som ikke finnes": (f"{BASE}/frister/tull/2014/1", 404),
    "en side som ikke finnes": (f"{BASE}/tull", 404),
    "en dag som ikke er en dato": (f"{BASE}?dag=2014-13-01", 400),
    "et møte som ikke finnes": (f"{BASE}/moter/2014-06-17", 404),
}


@pytest.fixture
def site(tmp_path, demo_template, smtp, monkeypatch):
    """The demo and a copy of it set to nynorsk, on the notice day of the meeting of 16 June 2014, the day's
    reminders and notices sent to the test SMTP server; and a programme of another county with its own leader."""
    shutil.copyfile(demo_template, tmp_path / "demo.db")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    add_copy(engine, language=WrittenStandard.NYNORSK)
    with db.session_scope(engine) as session:
        other = writes.create_programme(
            session,
            {
                "slug": "nordkapp",
                "name": "Omstilling Nordkapp",
                "municipality": "Nordkapp kommune",
                "county": "Finnmark fylkeskommune",
                "county_short": "FFK",
                "status_start_year": 2012,
                "status_end_year": 2017,
            },
        )
        writes.add_role(
            session,
            other,
            {
                "name": "Leder Nordkapp",
                "role": "programleder",
                "term_start": NOTICE_DAY.replace(year=2012),
                "email": OUTSIDER,
            },
        )
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("OMSTILLING_BASE_URL", "https://omstilling.example.no/")
    get_settings.cache_clear()
    monkeypatch.setattr(reminders, "configured_notifier", lambda: smtp.notifier)
    with monkeypatch.context() as sending:
        sending.setattr("omstilling.clock.now", lambda: datetime.combine(NOTICE_DAY, time(5), tzinfo=UTC))
        reminders.send_reminders(engine, as_of=NOTICE_DAY)
    on(monkeypatch, NOTICE_DAY)
    with db.session_scope(engine) as session:
        snapshot = load_snapshot(session, session.exec(select(Programme).where(Programme.slug == NN)).one())
    yield make_app(engine, tmp_path, base_url="http://testserver"), engine, data_strings(snapshot)
    engine.dispose()
    get_settings.cache_clear()


def seen(page: str) -> str:
    """What a person meets on a page: its text, and the words a screen reader or a hover gives (labels, the picture's
    alternative text, a field's hint, a table cell's label on a phone)."""
    words = re.findall(r'(?:aria-label|alt|placeholder|title|data-label)="([^"]*)"', page)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body) + " " + " ".join(words)).split())


def language_of(page: str) -> str:
    found = re.search(r'<html lang="(\w+)">', page)
    assert found, page[:200]
    return found[1]


def test_every_page_of_a_nynorsk_programme_reads_nynorsk_for_its_board_and_its_leader(site):
    app, engine, data = site
    found = {}
    for who, pages in (
        (MEMBERS[0], PAGES | {name: (url, 403) for name, url in LEADER_ONLY.items()}),  # refused in nynorsk
        (LEADER, PAGES | LEADER_ONLY | MISSING),
    ):
        client = sign_in(TestClient(app), engine, who)
        for name, asked in pages.items():
            url, status = asked if isinstance(asked, tuple) else (asked, 200)
            page = client.get(url)
            assert page.status_code == status, (who, name, page.text[:300])
            assert language_of(page.text) == "nn", (who, name)
            if words := bokmal_words(seen(page.text), data):
                found[f"{who} {name}"] = sorted(words)
    assert not found, found

    board = sign_in(TestClient(app), engine, MEMBERS[0])
    overview = seen(board.get(BASE).text)
    assert "Målform: nynorsk" in overview
    assert "Oversikt 2014" in overview and "Neste fristar" in overview and "Nøkkeltal 2014" in overview
    assert "Sett frå fredag 6. juni 2014." in overview
    meeting = seen(board.get(f"{BASE}/moter/2014-06-16").text)
    assert "Styremøte måndag 16. juni 2014" in meeting
    assert "Kven kjem" in meeting and "Svaret ditt" in meeting and "Lagre svaret" in meeting
    assert "Fristar" in seen(board.get(f"{BASE}/frister").text)
    refused = board.get(LEADER_ONLY["data"])
    assert "Berre for programleiaren" in seen(refused.text)


def test_what_the_leader_does_and_is_refused_is_said_in_nynorsk(site):
    app, engine, data = site
    leader = sign_in(TestClient(app), engine, LEADER)
    deadline = PAGES["frist"]
    assert "<title>Fristar – Omstilling Gjøvik · omstilling</title>" in leader.get(PAGES["frister"]).text
    form = leader.get(deadline).text
    done = leader.post(deadline, data={"csrf": csrf_of(form), "handling": "utfort", "notat": ""})
    assert done.status_code == 200
    text = seen(done.text)
    assert "er no utført. Påminningane stoppar." in text, text[:600]
    # the same form again, sent from a page opened before the mark: refused in nynorsk, nothing changed
    again = leader.post(deadline, data={"csrf": csrf_of(form), "handling": "utfort", "notat": ""})
    assert again.status_code == 409 and language_of(again.text) == "nn"
    assert "ingenting vart endra" in seen(again.text), seen(again.text)[:800]
    # a form from elsewhere (or an expired one)
    stale = leader.post(deadline, data={"csrf": "gammal", "handling": "apne"})
    assert stale.status_code == 400 and "Skjemaet har gått ut" in seen(stale.text)
    # a draft without a format
    drafted = leader.post(
        f"{BASE}/dokumenter/utkast",
        data={"csrf": csrf_of(form), "dokument": "arsrapport", "valgt": "arsrapport", "aar": "2013"},
    )
    assert "Utkastet vart ikkje laga: kryss av for minst eitt format." in seen(drafted.text)
    made = leader.post(
        f"{BASE}/dokumenter/utkast",
        data={"csrf": csrf_of(form), "dokument": "arsrapport", "valgt": "arsrapport", "aar": "2013", "format": "html"},
    )
    text = seen(made.text)
    assert "Nytt utkast: Årsrapport 2013, versjon 1." in text, text[:800]
    assert "Versjonar av Årsrapport 2013" in text and "(gjeldande)" in text
    assert not bokmal_words(text, data), bokmal_words(text, data)


def test_the_answer_link_in_a_nynorsk_notice_opens_a_nynorsk_page(site, smtp):
    app, _, data = site
    (notice,) = [
        m for m in smtp.messages if m.to == [MEMBERS[1]] and f"/programmer/{NN}/moter/" in m.body and "/svar/" in m.body
    ]
    link = re.search(rf"https://\S+/programmer/{NN}/moter/2014-06-16/svar/\S+", notice.body)[0]
    path = "/" + link.split("/", 3)[3]
    client = TestClient(app)  # nobody signed in: the signed link is the authority
    page = client.get(path)
    assert page.status_code == 200 and language_of(page.text) == "nn"
    assert "Svar på innkallinga" in seen(page.text) and "Styremøtet måndag 16. juni 2014." in seen(page.text)
    saved = client.post(path, data={"csrf": csrf_of(page.text)})
    assert "Svaret ditt er lagra:" in seen(saved.text) and not bokmal_words(seen(saved.text), data)
    # a changed link is refused as one for a programme that does not exist would be: in bokmål, so that a made-up
    # link cannot tell a nynorsk programme from none (the review's finding)
    tampered = client.get(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"))
    assert tampered.status_code == 400 and language_of(tampered.text) == "nb"
    assert "Lenken er ikke gyldig" in seen(tampered.text)


def test_the_demo_stays_bokmal_and_an_outsider_is_refused_in_bokmal(site):
    app, engine, _ = site
    board = sign_in(TestClient(app), engine, MEMBERS[0])
    demo = board.get(f"/programmer/{SLUG}")
    assert language_of(demo.text) == "nb"
    assert "Målform: bokmål" in seen(demo.text) and "Neste frister" in seen(demo.text)
    assert language_of(board.get("/").text) == "nb"  # the list of one's programmes is no programme's page
    outsider = sign_in(TestClient(app), engine, OUTSIDER)
    forbidden, unknown = outsider.get(BASE), outsider.get("/programmer/finst-ikkje")
    assert forbidden.status_code == unknown.status_code == 403
    assert forbidden.text == unknown.text and language_of(forbidden.text) == "nb"
    assert "Ingen tilgang" in seen(forbidden.text) and "Du har ikke tilgang" in seen(forbidden.text)
    operator = sign_in(TestClient(app), engine, OPERATOR)
    assert language_of(operator.get(BASE).text) == "nn"  # the operator reads the programme as its people do
    assert language_of(operator.get("/drift/logg").text) == "nb"
