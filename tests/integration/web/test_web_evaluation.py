"""The final evaluation's data pack on Dokumenter (issue 29, item 6): the programme leader drafts it with its
workbook, which the page offers for that document only (Excel, with the PDF, ticked by default), and everyone who
reads the programme downloads the workbook as a spreadsheet; a workbook asked for another document is refused in
the page's words and nothing is written."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import select

from omstilling.config import get_settings
from omstilling.store import db
from omstilling.store.models import DocumentRecord
from tests.support.web import COUNTY_OFFICER, OPERATOR, SLUG, add_programmes, csrf_of, make_app, sign_in

PAGE = f"/programmer/{SLUG}/dokumenter"
PEOPLE = {
    "leader": "programleder@example.org",
    "board": "styremedlem1@example.org",
    "chair": "styreleder@example.org",
    "county": COUNTY_OFFICER,
    "observer": "ofk@example.org",
    "operator": OPERATOR,
    "nobody": None,
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def site(demo_sqlite, tmp_path, monkeypatch):
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "out"))
    get_settings.cache_clear()
    add_programmes(demo_sqlite)
    yield make_app(demo_sqlite, tmp_path), demo_sqlite
    get_settings.cache_clear()


def client_as(app, engine, person: str) -> TestClient:
    client, email = TestClient(app), PEOPLE[person]
    return sign_in(client, engine, email) if email else client


def flash_of(response) -> str:
    found = re.search(r'<p class="melding[^"]*"[^>]*>(.*?)</p>', response.text)
    return re.sub(r"<[^>]+>", "", found.group(1)).removeprefix("Feil: ") if found else ""


def post_draft(client: TestClient, **form):
    csrf = csrf_of(client.get(PAGE).text)
    return client.post(f"{PAGE}/utkast", data={"csrf": csrf, **form}, follow_redirects=True)


def records(engine) -> dict[str, int]:
    with db.session_scope(engine) as session:
        return {
            r.format: r.id for r in session.exec(select(DocumentRecord).where(DocumentRecord.kind == "sluttevaluering"))
        }


def test_the_form_offers_the_workbook_for_the_evaluations_data_pack_only(site):
    app, engine = site
    leader = client_as(app, engine, "leader")
    page = leader.get(f"{PAGE}?dokument=sluttevaluering").text
    assert re.findall(r'name="format" value="(\w+)"( checked)?', page) == [
        ("docx", ""),
        ("pdf", " checked"),
        ("xlsx", " checked"),
        ("html", ""),
    ]
    assert (
        '<option value="2015" selected>Datagrunnlag for sluttevalueringen, omstillingsperioden til og med 2015</option>'
        in page
    )
    annual = leader.get(f"{PAGE}?dokument=arsrapport").text
    assert 'value="xlsx"' not in annual


def test_a_workbook_asked_for_another_document_is_refused_in_the_pages_words_and_nothing_is_written(site):
    app, engine = site
    leader = client_as(app, engine, "leader")
    answer = post_draft(leader, dokument="arsrapport", valgt="arsrapport", aar="2014", format=["xlsx"])
    assert flash_of(answer) == "Utkastet ble ikke laget: ukjent format «xlsx»: velg blant md, html, docx, pdf"
    with db.session_scope(engine) as session:
        assert session.exec(select(DocumentRecord)).all() == []


@pytest.mark.parametrize("person", PEOPLE)
def test_the_leader_drafts_the_data_pack_and_everyone_who_reads_the_programme_downloads_its_workbook(site, person):
    app, engine = site
    leader = client_as(app, engine, "leader")
    answer = post_draft(leader, dokument="sluttevaluering", valgt="sluttevaluering", aar="2014", format=["xlsx"])
    assert flash_of(answer) == (
        "Nytt utkast: Datagrunnlag for sluttevalueringen, omstillingsperioden til og med 2014, versjon 1."
    )
    assert ">Excel<" in answer.text
    found = records(engine)
    assert set(found) == {"xlsx"}
    client = client_as(app, engine, person)
    download = client.get(f"{PAGE}/{found['xlsx']}/sluttevaluering.xlsx", follow_redirects=False)
    if person == "nobody":
        assert download.status_code == 303 and download.headers["location"].startswith("/logg-inn")
        return
    assert download.status_code == 200
    assert download.headers["content-type"] == XLSX
    assert f'filename="{SLUG}-2014-sluttevaluering-v1.xlsx"' in download.headers["content-disposition"]
    book = load_workbook(BytesIO(download.content))
    assert (
        book["Om datagrunnlaget"]["A1"].value
        == "Datagrunnlag for sluttevalueringen, omstillingsperioden til og med 2014"
    )
