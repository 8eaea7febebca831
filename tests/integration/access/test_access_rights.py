"""Rights come from those entitled to grant them (issue 22, case 1): a programme's own data (its workbook, which
its leader uploads) gives access to that programme and nothing beyond it. Reading a county's programmes is the
operator's grant (`omstilling county-access`); moving a programme to another county is the operator's to do.
Each test plays the leader who controls the data and tries to widen their own access."""

from __future__ import annotations

import io
import re
import shutil
from datetime import date
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import select

from omstilling.app.workbooks import export_workbook, import_workbook
from omstilling.errors import InputError
from omstilling.intake import writes
from omstilling.intake.workbook import WorkbookInvalid
from omstilling.store import db
from omstilling.store.models import Programme
from tests.support.web import (
    COUNTY,
    COUNTY_OFFICER,
    OTHER_COUNTY,
    OTHER_SAME_COUNTY,
    SLUG,
    add_programmes,
    csrf_of,
    make_app,
    sign_in,
)

LEADER = "programleder@example.org"
FINNMARK = "Finnmark fylkeskommune"


@pytest.fixture
def site(tmp_path, demo_template):
    shutil.copyfile(demo_template, tmp_path / "demo.db")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    add_programmes(engine)
    yield make_app(engine, tmp_path), engine, tmp_path
    engine.dispose()


def workbook_with(engine, tmp_path, change) -> bytes:
    """The programme's own workbook (with contacts, as its leader can write one), changed by `change`."""
    exported = export_workbook(engine, SLUG, tmp_path / "egen.xlsx", with_contacts=True)
    workbook = load_workbook(exported.path)
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_person(workbook, role: str, email: str) -> None:
    sheet = workbook["Personer"]
    headers = [c.value for c in sheet[1]]
    row = [None] * len(headers)
    for header, value in (
        ("Navn", "Programleder selv"),
        ("Rolle", role),
        ("Fra dato", date(2014, 1, 1)),
        ("E-post", email),
    ):
        row[headers.index(header)] = value
    sheet.append(row)


def set_county(workbook, county: str) -> None:
    sheet = workbook["Program"]
    headers = [c.value for c in sheet[1]]
    sheet.cell(2, headers.index("Fylkeskommune") + 1).value = county


def upload_and_confirm(client: TestClient, content: bytes):
    page = client.get(f"/programmer/{SLUG}/data")
    dry = client.post(
        f"/programmer/{SLUG}/data/provekjoring",
        data={"csrf": csrf_of(page.text)},
        files={"fil": ("egen.xlsx", content, "application/octet-stream")},
    )
    token = re.search(r'name="token" value="([^"]+)"', dry.text)
    if token is None:
        return dry
    return client.post(f"/programmer/{SLUG}/data/importer", data={"csrf": csrf_of(dry.text), "token": token.group(1)})


def county_of(engine, slug: str = SLUG) -> str:
    with db.session_scope(engine) as session:
        return session.exec(select(Programme.county).where(Programme.slug == slug)).one()


@pytest.mark.parametrize("role", ["observator-fylkeskommune", "observator-innovasjon-norge", "styreleder"])
def test_a_leader_who_names_themselves_an_observer_reads_their_own_programme_and_nothing_more(site, role):
    app, engine, tmp_path = site
    client = sign_in(TestClient(app), engine, LEADER)
    done = upload_and_confirm(client, workbook_with(engine, tmp_path, lambda wb: add_person(wb, role, LEADER)))
    assert "Importert fra egen.xlsx" in done.text, done.text[-2000:]
    for path in (f"/programmer/{OTHER_SAME_COUNTY}", f"/fylker/{quote(COUNTY)}", f"/programmer/{OTHER_COUNTY}"):
        assert client.get(path).status_code == 403, path
    assert client.get(f"/programmer/{SLUG}").status_code == 200


def test_a_leader_cannot_move_their_programme_to_another_county_and_nothing_changes(site):
    app, engine, tmp_path = site
    client = sign_in(TestClient(app), engine, LEADER)
    moved = workbook_with(
        engine, tmp_path, lambda wb: (set_county(wb, FINNMARK), add_person(wb, "observator-fylkeskommune", LEADER))
    )
    refused = upload_and_confirm(client, moved)
    assert refused.status_code == 422
    assert (
        "bare driftsansvarlig kan flytte programmet til en annen fylkeskommune (nå: Oppland fylkeskommune)"
        in refused.text
    )
    assert county_of(engine) == COUNTY
    assert client.get(f"/programmer/{OTHER_COUNTY}").status_code == 403
    assert client.get(f"/fylker/{quote(FINNMARK)}").status_code == 403


def test_the_operator_may_move_a_programme_and_the_other_countys_officer_then_reads_it_not_the_leader(site):
    app, engine, tmp_path = site
    moved = workbook_with(engine, tmp_path, lambda wb: set_county(wb, FINNMARK))
    with pytest.raises(WorkbookInvalid):  # what the leader's web upload passes
        import_workbook(engine, _saved(tmp_path, moved), programme=SLUG, confirm=True, may_move_county=False)
    assert county_of(engine) == COUNTY
    import_workbook(engine, _saved(tmp_path, moved), programme=SLUG, confirm=True)  # the CLI's and the forms'
    assert county_of(engine) == FINNMARK
    officer = sign_in(TestClient(app), engine, COUNTY_OFFICER)  # Oppland's officer: not Finnmark's
    assert officer.get(f"/programmer/{SLUG}").status_code == 403
    assert officer.get(f"/programmer/{OTHER_SAME_COUNTY}").status_code == 200


def _saved(tmp_path, content: bytes):
    path = tmp_path / "flyttet.xlsx"
    path.write_bytes(content)
    return path


def test_only_the_operators_grant_reads_a_county_and_it_can_be_taken_away(demo_cli, tmp_path):
    """`omstilling county-access`: a misspelt county grants nothing (refused, with the counties there are)."""
    refused = demo_cli("county-access", "grant", "fylke@example.org", "Oplland fylkeskommune")
    assert refused.exit_code == 1
    assert "ingen program hører til denne fylkeskommunen (finnes: Oppland fylkeskommune)" in refused.stderr
    granted = demo_cli("county-access", "grant", "Fylke@Example.org", COUNTY, "--by", "Drift")
    assert granted.exit_code == 0, granted.output
    assert "fylke@example.org kan nå lese alle programmene i Oppland fylkeskommune (gitt av Drift" in granted.stderr
    listed = demo_cli("county-access", "list", "--json")
    assert [(g["email"], g["county"], g["granted_by"]) for g in __import__("json").loads(listed.stdout)] == [
        ("fylke@example.org", COUNTY, "Drift")
    ]
    assert demo_cli("county-access", "revoke", "fylke@example.org", COUNTY).exit_code == 0
    gone = demo_cli("county-access", "revoke", "fylke@example.org", COUNTY)
    assert gone.exit_code == 1 and "har ingen lesetilgang til Oppland fylkeskommune" in gone.stderr


def test_a_grant_for_an_address_that_is_no_address_is_refused():
    from omstilling.access.roles import grant_county

    with pytest.raises(InputError, match="er ikke en e-postadresse"):
        grant_county(None, "ikke en adresse", COUNTY, by="drift")  # type: ignore[arg-type]


def test_a_role_written_straight_into_the_data_gives_its_programme_only(site):
    """However the row arrived (a workbook, a write), a county observer's role reads that programme only."""
    app, engine, _ = site
    with db.session_scope(engine) as session:
        programme = session.exec(select(Programme).where(Programme.slug == OTHER_COUNTY)).one()
        writes.add_role(
            session,
            programme,
            {
                "name": "Innsmett",
                "role": "observator-fylkeskommune",
                "term_start": date(2012, 1, 1),
                "email": "innsmett@example.org",
            },
        )
    client = sign_in(TestClient(app), engine, "innsmett@example.org")
    assert client.get(f"/programmer/{OTHER_COUNTY}").status_code == 200
    assert client.get(f"/fylker/{quote(FINNMARK)}").status_code == 403
    assert client.get(f"/programmer/{SLUG}").status_code == 403
