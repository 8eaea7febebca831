"""The audit trail (issue 22, item 4): every change, download, sign-in and message given up is recorded with who,
when, from where and what, through every way in (the application layer, the command line, the web app); a failed
action is recorded too; an audit that cannot be written never stops the action; the operator's page lists and
filters it; what the settings keep, and no more, is kept."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import col, select

from omstilling.app import audit as audit_log
from omstilling.app.access import grant_county, revoke_county
from omstilling.app.deadlines import mark_deadline
from omstilling.app.drafts import write_report
from omstilling.app.workbooks import export_workbook, import_workbook
from omstilling.config import Settings
from omstilling.core.enums import DeadlineStatus, DocumentKind, OutboxStatus
from omstilling.errors import NotFound
from omstilling.intake.workbook import WorkbookInvalid
from omstilling.messaging.delivery import send_pending
from omstilling.messaging.outbox import RunSummary, remind
from omstilling.messaging.transport import RecordingNotifier
from omstilling.store import audit, db
from omstilling.store.models import AuditEvent, Deadline, DocumentRecord, OutboxMessage, WheelEvent
from tests.support.demo import NOW
from tests.support.web import COUNTY, OPERATOR, SLUG, add_programmes, csrf_for, csrf_of, make_app, sign_in

LEADER = "programleder@example.org"
DEADLINE = f"/programmer/{SLUG}/frister/soknad-fylket/2014/1"


def events(engine, **wanted) -> list[audit_log.Event]:
    """Every event wanted, oldest first."""
    return list(reversed(audit_log.events(engine, per_page=None, **wanted).events))


def status_of(engine, key: str = "arsrapport", year: int = 2014) -> object:
    with db.session_scope(engine) as session:
        return session.exec(
            select(Deadline.status)
            .join(WheelEvent)
            .where(WheelEvent.key == key, Deadline.year == year)
            .order_by(col(Deadline.occurrence))
        ).first()


def test_every_change_through_the_application_layer_is_recorded_with_who_where_and_what(demo_engine, tmp_path):
    before = datetime.now(UTC)
    with audit.acting_as("tester@example.org", "10.0.0.7"):
        mark_deadline(demo_engine, SLUG, "arsrapport", 2014, DeadlineStatus.DONE, by="Testesen")
        write_report(demo_engine, SLUG, DocumentKind.ANNUAL_REPORT, year=2014, formats=["md"], out_dir=tmp_path / "ut")
        exported = export_workbook(demo_engine, SLUG, tmp_path / "bok.xlsx", with_contacts=True)
        import_workbook(demo_engine, exported.path, programme=SLUG)  # a dry run changes nothing: not recorded
        import_workbook(demo_engine, exported.path, programme=SLUG, confirm=True)
        grant_county(demo_engine, "fylke@example.org", COUNTY, by="drift")
        revoke_county(demo_engine, "fylke@example.org", COUNTY)
    found = events(demo_engine)
    assert [(e.action, e.outcome, e.programme, e.target) for e in found] == [
        ("frist-markert", "ok", SLUG, "arsrapport 2014"),
        ("utkast-skrevet", "ok", SLUG, "arsrapport 2014 arsrapport"),
        ("arbeidsbok-eksportert", "ok", SLUG, str((tmp_path / "bok.xlsx").resolve())),
        ("arbeidsbok-importert", "ok", SLUG, "bok.xlsx"),
        ("fylkestilgang-gitt", "ok", None, "fylke@example.org"),
        ("fylkestilgang-fjernet", "ok", None, "fylke@example.org"),
    ]
    assert {(e.actor, e.source) for e in found} == {("tester@example.org", "10.0.0.7")}
    assert all(before <= e.at <= datetime.now(UTC) for e in found)
    assert found[0].detail == {
        "status": "utfort",
        "by": "Testesen",
        "tittel": "Årsrapport for fjoråret",
        "forfall": "2014-01-31",
    }
    assert found[1].detail["versjon"] == 1 and found[1].detail["endret"] is True
    assert found[2].detail["kontaktdata"] is True
    assert found[4].detail == {"fylke": COUNTY, "gitt_av": "drift"}


def test_a_failed_action_is_recorded_as_failed_with_the_error_and_changes_nothing(demo_engine, tmp_path):
    with pytest.raises(NotFound):
        mark_deadline(demo_engine, SLUG, "ingen-slik", 2014, DeadlineStatus.DONE, by="Testesen")
    broken = tmp_path / "brukket.xlsx"
    export_workbook(demo_engine, SLUG, broken)
    from openpyxl import load_workbook

    book = load_workbook(broken)
    book["Prosjekter"]["A2"] = None  # a project without its number
    book.save(broken)
    with pytest.raises(WorkbookInvalid):
        import_workbook(demo_engine, broken, programme=SLUG, confirm=True)
    assert not revoke_county(demo_engine, "ingen@example.org", COUNTY)
    failed = [e for e in events(demo_engine) if e.outcome == "feilet"]
    assert [(e.action, e.target) for e in failed] == [
        ("frist-markert", "ingen-slik 2014"),
        ("arbeidsbok-importert", "brukket.xlsx"),
        ("fylkestilgang-fjernet", "ingen@example.org"),
    ]
    assert "ingen hendelse «ingen-slik»" in failed[0].detail["feil"]
    assert failed[1].detail["problemer"] >= 1 and "ingenting ble importert" in failed[1].detail["feil"]
    assert failed[2].detail["feil"] == "hadde ingen slik lesetilgang"


def test_when_the_audit_cannot_be_written_the_action_is_still_done_and_the_failure_is_logged(demo_engine, caplog):
    with demo_engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE auditevent"))
    with caplog.at_level(logging.WARNING, logger="omstilling.store.audit"):
        marked = mark_deadline(demo_engine, SLUG, "arsrapport", 2014, DeadlineStatus.DONE, by="Testesen")
    assert marked.status is DeadlineStatus.DONE
    assert status_of(demo_engine) is DeadlineStatus.DONE
    assert "revisjonsloggen fikk ikke hendelsen frist-markert (ok)" in caplog.text


def test_the_audit_is_written_after_the_action_is_committed_on_a_connection_of_its_own(demo_engine, monkeypatch):
    seen = []
    real = audit.record

    def record(engine, action, **kwargs):
        seen.append((str(action), status_of(engine)))  # another connection already sees the deadline marked
        return real(engine, action, **kwargs)

    monkeypatch.setattr(audit, "record", record)
    mark_deadline(demo_engine, SLUG, "arsrapport", 2014, DeadlineStatus.DONE, by="Testesen")
    assert seen == [("frist-markert", DeadlineStatus.DONE)]


@pytest.mark.postgres
def test_a_locked_audit_table_delays_the_action_by_at_most_a_moment_and_never_stops_it(demo_engine, caplog):
    if demo_engine.dialect.name != "postgresql":
        pytest.skip("SQLite locks the whole database, the action's tables with the audit's")
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        with demo_engine.begin() as connection:
            connection.execute(sa.text("LOCK TABLE auditevent IN ACCESS EXCLUSIVE MODE"))
            locked.set()
            release.wait(60)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="omstilling.store.audit"):
            mark_deadline(demo_engine, SLUG, "arsrapport", 2014, DeadlineStatus.DONE, by="Testesen")
        waited = time.monotonic() - started
    finally:
        release.set()
        holder.join()
    assert waited < audit.WAIT_SECONDS * 2 + 2
    assert status_of(demo_engine) is DeadlineStatus.DONE
    assert "revisjonsloggen fikk ikke hendelsen frist-markert" in caplog.text


def test_the_command_line_records_its_user_and_audit_lists_and_filters_the_trail(demo_cli, tmp_path):
    assert demo_cli("done", "arsrapport", "--year", "2014").exit_code == 0
    assert demo_cli("done", "ingen-slik", "--year", "2014").exit_code == 1
    assert demo_cli("county-access", "grant", "fylke@example.org", COUNTY).exit_code == 0
    assert demo_cli("report", "arsrapport", "--year", "2014", "--format", "md").exit_code == 0
    assert demo_cli("export", str(tmp_path / "bok.xlsx")).exit_code == 0
    assert demo_cli("import", str(tmp_path / "bok.xlsx")).exit_code == 0
    listed = demo_cli("audit", "--json")
    assert listed.exit_code == 0, listed.stderr
    rows = list(reversed(json.loads(listed.stdout)))
    assert [(r["action"], r["outcome"]) for r in rows] == [
        ("frist-markert", "ok"),
        ("frist-markert", "feilet"),
        ("fylkestilgang-gitt", "ok"),
        ("utkast-skrevet", "ok"),
        ("arbeidsbok-eksportert", "ok"),
        ("arbeidsbok-importert", "ok"),
    ]
    assert {r["source"] for r in rows} == {"cli"}
    assert len({r["actor"] for r in rows}) == 1 and rows[0]["actor"].startswith("cli:")

    only = json.loads(demo_cli("audit", "--action", "frist-markert", "--json").stdout)
    assert [r["outcome"] for r in only] == ["feilet", "ok"]
    assert json.loads(demo_cli("audit", "--programme", "ingen-slik", "--json").stdout) == []
    assert json.loads(demo_cli("audit", "--since", "2000-01-01", "--until", "2000-12-31", "--json").stdout) == []
    assert len(json.loads(demo_cli("audit", "--actor", "cli:", "--limit", "2", "--json").stdout)) == 2
    table = demo_cli("audit", "--action", "fylkestilgang-gitt")
    assert "fylke@example.org" in table.stdout and "Oppland fylkeskommune" in table.stdout
    unknown = demo_cli("audit", "--action", "tull")
    assert unknown.exit_code == 1 and unknown.stderr.startswith("feil: ukjent handling «tull»: velg blant innlogging")


@pytest.fixture
def site(demo_sqlite, tmp_path):
    add_programmes(demo_sqlite)
    write_report(demo_sqlite, SLUG, DocumentKind.ANNUAL_REPORT, year=2014, formats=["html"], out_dir=tmp_path / "out")
    return make_app(demo_sqlite, tmp_path), demo_sqlite


def test_the_web_app_records_who_from_which_address_marked_drafted_and_downloaded(site):
    app, engine = site
    with db.session_scope(engine) as session:
        document = session.exec(select(DocumentRecord)).first()
    client = sign_in(TestClient(app), engine, LEADER)
    csrf = csrf_of(client.get(DEADLINE).text)
    assert client.post(DEADLINE, data={"csrf": csrf, "handling": "utfort"}, follow_redirects=False).status_code == 303
    assert client.post(DEADLINE, data={"csrf": csrf, "handling": "utfort", "notat": "x" * 5000}).status_code == 409
    assert client.get(f"/programmer/{SLUG}/dokumenter/{document.id}/arsrapport.html").status_code == 200
    assert client.get(f"/programmer/{SLUG}/data/arbeidsbok.xlsx").status_code == 200
    assert (
        client.post(
            f"/programmer/{SLUG}/dokumenter/utkast",
            data={"csrf": csrf, "dokument": "arsrapport"},
            follow_redirects=False,
        ).status_code
        == 303
    )
    found = [e for e in events(engine) if e.actor == LEADER and e.action != "innlogging"]
    assert [(e.action, e.outcome) for e in found] == [
        ("frist-markert", "ok"),
        ("frist-markert", "feilet"),
        ("dokument-lastet-ned", "ok"),
        ("arbeidsbok-eksportert", "ok"),
        ("utkast-skrevet", "ok"),
    ]
    assert {e.source for e in found} == {"testclient"}  # the client's address, as the server saw it
    assert found[0].detail["by"] == "Bjørn Iversen"
    assert found[2].target == f"{SLUG}-2014-arsrapport-v1.html" and found[2].programme == SLUG
    assert found[3].detail == {"kontaktdata": False, "nedlasting": True}


def seed(engine, count: int, **fields) -> None:
    for number in range(count):
        audit.record(
            engine,
            fields.get("action", "frist-markert"),
            who=fields.get("who", LEADER),
            source="10.0.0.1",
            programme=fields.get("programme", SLUG),
            target=f"hendelse {number}",
            at=fields.get("at", datetime(2014, 3, 1, 12, tzinfo=UTC)) + timedelta(minutes=number),
        )


def rows_of(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [row.split("</tr>")[0] for row in re.split(r"<tr\b[^>]*>", body)[1:]]


def test_the_operators_page_lists_the_trail_newest_first_filters_it_and_pages_through_it(site):
    app, engine = site
    seed(engine, 55)
    seed(
        engine,
        3,
        who="styreleder@example.org",
        action="dokument-lastet-ned",
        programme="gjovik",
        at=datetime(2014, 5, 1, 12, tzinfo=UTC),
    )
    client = sign_in(TestClient(app), engine, OPERATOR)
    page = client.get("/drift/logg?handling=frist-markert&program=vestre-toten")
    assert page.status_code == 200
    assert "<caption>Hendelse 1–50 av 55, filtrert</caption>" in page.text
    assert all(re.search(rf'<th scope="col"[^>]*>{name}</th>', page.text) for name in ("Hvem", "Hvorfra"))
    rows = rows_of(page.text)
    assert len(rows) == 50 and "hendelse 54" in rows[0] and "frist markert" in rows[0] and "10.0.0.1" in rows[0]
    assert "Side 1 av 2" in page.text and 'rel="next"' in page.text
    second = client.get("/drift/logg?handling=frist-markert&program=vestre-toten&side=2")
    assert len(rows_of(second.text)) == 5 and "hendelse 0<" in rows_of(second.text)[-1] + "<"

    by_person = rows_of(client.get("/drift/logg?person=STYRELEDER").text)
    assert len(by_person) == 3 and all("dokument lastet ned" in row and "gjovik" in row for row in by_person)
    by_days = client.get("/drift/logg?fra=2014-05-01&til=2014-05-01")
    assert "av 3" in by_days.text and len(rows_of(by_days.text)) == 3
    assert "Ingen hendelser i loggen passer." in client.get("/drift/logg?fra=2014-06-01&til=2014-06-30").text
    wrong = client.get("/drift/logg?fra=2014-06-01&til=2014-05-01")
    assert wrong.status_code == 400 and "fra-datoen 2014-06-01 er etter til-datoen 2014-05-01" in wrong.text
    assert client.get("/drift/logg?fra=i-går").status_code == 400
    assert client.get("/drift/logg?side=null").status_code == 400


def test_nobody_but_the_operator_may_see_the_trail_or_export_a_person(site):
    app, engine = site
    for email in (LEADER, "styreleder@example.org", "fylke@example.org"):
        client = sign_in(TestClient(app), engine, email)
        assert client.get("/drift/logg").status_code == 403
        answer = client.post("/drift/personer/eksport", data={"csrf": csrf_for(client, "/"), "epost": LEADER})
        assert answer.status_code == 403 and "Ingen tilgang" in answer.text
    anonymous = TestClient(app).get("/drift/logg", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/logg-inn")


def test_purging_removes_what_is_older_than_the_settings_keep_and_blanks_old_message_texts(demo_engine, demo_cli):
    remind(demo_engine, as_of=date(2014, 6, 6), now=NOW, notifier=RecordingNotifier())
    with db.session_scope(demo_engine) as session:
        sent = session.exec(select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.SENT)).all()
        assert sent and all(m.body for m in sent)
    remind(demo_engine, as_of=date(2014, 6, 20), now=NOW + timedelta(days=14), notifier=None)  # rows that wait
    seed(demo_engine, 2, at=NOW - timedelta(days=800))
    seed(demo_engine, 1, at=NOW - timedelta(days=10))
    settings = Settings(audit_days=730, message_body_days=90)
    nothing = audit_log.purge(demo_engine, now=NOW + timedelta(days=30), settings=settings)
    assert (nothing.events, nothing.bodies) == (2, 0)
    done = audit_log.purge(demo_engine, now=NOW + timedelta(days=91), settings=settings)
    assert done.bodies == len(sent) and done.events == 0
    with db.session_scope(demo_engine) as session:
        rows = session.exec(select(OutboxMessage)).all()
    assert {m.body for m in rows if m.status is OutboxStatus.SENT} == {""}
    assert all(m.html is None for m in rows if m.status is OutboxStatus.SENT)
    assert all(m.subject for m in rows)  # the rows stay, with what the message history shows
    assert all(m.body for m in rows if m.status is OutboxStatus.PENDING)  # what is still to go keeps its text
    kinds = [e.action for e in events(demo_engine)]
    assert kinds.count("frist-markert") == 1 and kinds.count("opprydding") == 2


def test_the_purge_command_says_what_it_removed(demo_cli):
    demo_cli("init")
    from omstilling.store import db as store

    seed(store.get_engine(), 3, at=datetime.now(UTC) - timedelta(days=731))
    result = demo_cli("purge")
    assert result.exit_code == 0
    assert result.stderr.startswith("Fjernet 3 hendelser eldre enn 730 dager fra loggen og tømte teksten i 0 meldinger")
    assert json.loads(demo_cli("purge", "--json").stdout) == {
        "events": 0,
        "bodies": 0,
        "audit_days": 730,
        "message_body_days": 90,
    }


def test_a_message_given_up_by_the_outbox_is_recorded_with_its_recipient(demo_engine):
    remind(demo_engine, as_of=date(2014, 6, 6), now=NOW, notifier=None)
    with db.session_scope(demo_engine) as session:
        waiting = session.exec(
            select(OutboxMessage.recipient).where(OutboxMessage.status == OutboxStatus.PENDING)
        ).all()
    with audit.acting_as("prefect", "prefect"):
        send_pending(demo_engine, RecordingNotifier(failing=True), NOW, RunSummary(date(2014, 6, 6)), max_attempts=1)
    given_up = events(demo_engine, action="melding-gitt-opp")
    assert sorted(e.target for e in given_up) == sorted(waiting)
    assert {(e.outcome, e.programme, e.actor) for e in given_up} == {("feilet", SLUG, "prefect")}
    assert {e.detail["feil"] for e in given_up} == {"the test notifier is failing"}
    assert all(e.detail["type"] == "paminnelse" and e.detail["emne"] for e in given_up)


def test_the_web_app_records_the_settings_it_starts_with_when_they_change_and_never_a_secret(demo_sqlite, tmp_path):
    secret = "en-lang-og-tilfeldig-nokkel-som-ingen-gjetter-9f8e7d6c5b4a"
    make_app(demo_sqlite, tmp_path, secret_key=secret)
    make_app(demo_sqlite, tmp_path, secret_key=secret)  # the same settings again: nothing new
    make_app(demo_sqlite, tmp_path, secret_key=secret, audit_days=365, session_hours=4)
    found = events(demo_engine := demo_sqlite, action="innstillinger-endret")
    assert len(found) == 2
    assert found[1].detail["endret"] == {"audit_days": ["730", "365"], "session_hours": ["8", "4"]}
    assert found[1].target == "audit_days, session_hours" and found[1].source == "web"
    assert found[0].detail["innstillinger"]["secret_key"] == "satt"
    with db.session_scope(demo_engine) as session:
        stored = json.dumps([e.detail for e in session.exec(select(AuditEvent)).all()])
    assert secret not in stored


def test_each_sign_in_and_its_failure_is_recorded_with_the_clients_address(site):
    app, engine = site
    client = TestClient(app)
    csrf = csrf_for(client)
    client.post("/logg-inn", data={"csrf": csrf, "epost": LEADER})  # no mail set up here: the link is not sent
    client.post("/logg-inn", data={"csrf": csrf, "epost": "Ukjent@Example.org"})
    assert client.post("/inn/ingen-slik-lenke", data={"csrf": csrf}).status_code == 400
    sign_in(client, engine, LEADER)
    client.post("/logg-ut", data={"csrf": csrf_for(client, "/")})
    found = [
        (e.action, e.actor, e.target, e.outcome, e.source)
        for e in events(engine)
        if e.action in ("innloggingslenke", "innlogging", "utlogging")
    ]
    assert found == [
        ("innloggingslenke", "anonym", LEADER, "feilet", "testclient"),
        ("innloggingslenke", "anonym", "ukjent@example.org", "nektet", "testclient"),
        ("innlogging", "ukjent", None, "nektet", "testclient"),
        ("innlogging", LEADER, LEADER, "ok", "testclient"),
        ("utlogging", LEADER, LEADER, "ok", "testclient"),
    ]
    assert [e.detail.get("utfall") for e in events(engine, action="innloggingslenke")] == [
        "ikke sendt",
        "ukjent adresse",
    ]


def test_a_sign_in_link_printed_on_the_command_line_is_recorded(demo_cli):
    assert demo_cli("login-link", LEADER).exit_code == 0
    printed = json.loads(demo_cli("audit", "--action", "innloggingslenke", "--json").stdout)
    assert [(r["target"], r["source"], r["outcome"]) for r in printed] == [(LEADER, "cli", "ok")]
    assert printed[0]["actor"].startswith("cli:")
