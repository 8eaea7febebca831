"""The smaller cases of issue 22, each once a traceback, a bare 500 or a thing done that should not be: addresses
with ids and dates out of range, a database URL of an unknown kind, years such as 0, -5 and 99999, a board report
for a meeting that does not exist, two reminder runs at once, and error messages that showed the server's staging
folder, a library's English, or another programme's name."""

from __future__ import annotations

import io
import logging
import re
import threading
import time
import zipfile
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, func, select

from omstilling.intake import writes
from omstilling.messaging import invitations
from omstilling.messaging.outbox import invite
from omstilling.store import choose, db
from omstilling.store.load import load_all_recipients, load_snapshots
from omstilling.store.models import DocumentRecord, Invitation, Programme
from tests.support import asgi
from tests.support.demo import NOW, add_copy
from tests.support.web import OPERATOR, SLUG, csrf_for, csrf_of, make_app, sign_in

LEADER = "programleder@example.org"


@pytest.fixture
def site(demo_sqlite, tmp_path):
    return make_app(demo_sqlite, tmp_path, base_url="http://testserver"), demo_sqlite


def error_page(response) -> tuple[str, str]:
    title = re.search(r"<h1>([^<]+)</h1>", response.text)
    message = re.search(r'<p class="melding feil" role="alert"[^>]*>([^<]+)</p>', response.text)
    return (title.group(1) if title else "", message.group(1) if message else "")


# ── the web app: addresses out of range, and nothing unforeseen as a bare 500 ───────────────────────────────────


def test_an_id_past_the_databases_integers_is_a_page_that_does_not_exist(site):
    app, engine = site
    client = sign_in(TestClient(app, raise_server_exceptions=False), engine, LEADER)
    for number in (10**25, 2**63, -1, 0):
        answer = client.get(f"/programmer/{SLUG}/dokumenter/{number}/rapport.md")
        assert answer.status_code == 404, number
        assert error_page(answer)[0] == "Finnes ikke"


def test_a_day_out_of_range_is_a_bad_request_with_a_norwegian_page(site):
    app, engine = site
    client = sign_in(TestClient(app, raise_server_exceptions=False), engine, LEADER)
    for path in ("hjul.svg?dag=9999-12-31", "?dag=0001-01-01", "frister?dag=9999-12-31"):
        answer = client.get(f"/programmer/{SLUG}/{path}".replace("/?", "?"))
        assert answer.status_code == 400, path
        day = path.split("=")[1]
        assert error_page(answer) == ("Ugyldig dato", f"«{day}» er utenfor årene omstilling viser (1900–2100) (dag).")


def test_anything_unforeseen_is_a_norwegian_page_not_a_bare_500(site, monkeypatch):
    from omstilling.web import views

    def broken(*args, **kwargs):
        raise RuntimeError("something internal went wrong")

    monkeypatch.setattr(views, "documents", broken)
    app, engine = site
    client = sign_in(TestClient(app, raise_server_exceptions=False), engine, LEADER)
    answer = client.get(f"/programmer/{SLUG}/dokumenter")
    assert answer.status_code == 500 and answer.headers["content-type"].startswith("text/html")
    assert error_page(answer)[0] == "Noe gikk galt" and "internal" not in answer.text


# ── the command line ────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("foo://x", "OMSTILLING_DATABASE_URL begynner med «foo://», en database omstilling ikke bruker"),
        (
            "mysql://bruker:hemmelig@vert/db",
            "OMSTILLING_DATABASE_URL gjelder en database omstilling ikke har driver for",
        ),
        ("ikke en adresse", "OMSTILLING_DATABASE_URL er ikke en databaseadresse"),
    ],
)
def test_a_database_url_omstilling_cannot_use_is_one_line(cli, monkeypatch, url, words):
    monkeypatch.setenv("OMSTILLING_DATABASE_URL", url)
    for command in (("status",), ("init",)):
        result = cli(*command)
        assert result.exit_code == 1, result.output
        line = result.stderr.strip()
        assert "\n" not in line and line.startswith(f"feil: {words}"), line
        assert line.endswith("; skriv sqlite:///omstilling.db eller postgresql://bruker@vert/database"), line
        assert "hemmelig" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--year", "0"),
        ("status", "--year", "-5"),
        ("report", "arsrapport", "--year", "99999"),
        ("report", "halvarsrapport", "--year", "0", "--format", "md"),
        ("done", "soknad-fylket", "--year", "-5"),
        ("status", "--as-of", "0001-01-01"),
        ("report", "styrerapport", "--meeting", "9999-12-31"),
        ("simulate", "--from", "9999-12-30", "--to", "9999-12-31"),
    ],
)
def test_a_year_or_day_out_of_range_is_a_usage_error_not_a_traceback(demo_cli, monkeypatch, args):
    monkeypatch.setenv("COLUMNS", "200")
    result = demo_cli(*args)
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Ugyldig verdi for" in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_board_report_for_a_meeting_that_does_not_exist_is_refused_and_nothing_recorded(
    demo_cli, demo_template, tmp_path
):
    def records() -> int:
        engine = db.make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
        with Session(engine) as session:
            found = session.exec(select(func.count()).select_from(DocumentRecord)).one()
        engine.dispose()
        return found

    before = records()
    for kind in ("styrerapport", "innkalling", "styrepapirer", "protokoll"):
        result = demo_cli("report", kind, "--meeting", "2014-01-07", "--format", "md")
        assert result.exit_code == 1
        assert result.stderr.strip() == (
            "feil: ingen styremøte 2014-01-07 i vestre-toten (møtene i 2014: 2014-01-27, "
            "2014-03-17, 2014-05-19, 2014-06-16, 2014-09-15, 2014-10-20, 2014-11-28, "
            "2014-12-15); ingenting ble skrevet"
        )
    assert records() == before and not (tmp_path / "ut").exists()
    written = demo_cli("report", "styrerapport", "--meeting", "2014-06-16", "--format", "md")
    assert written.exit_code == 0 and records() == before + 1


def test_two_reminder_runs_at_once_plan_the_invitations_once_and_say_nothing_of_it(demo_engine, caplog):
    """One run has added this morning's invitations and not yet committed; the other, beside it, wants the same
    ones. Before: on PostgreSQL a unique violation, on SQLite "database is locked", each a traceback with raw SQL
    and the programme reported as failed. Now the second waits for the first (SQLite) or takes its rows
    (PostgreSQL), and goes on."""
    engine, as_of = demo_engine, date(2014, 6, 6)
    flushed, commit = threading.Event(), threading.Event()

    def first_run() -> None:
        with Session(engine, expire_on_commit=False) as session:
            programmes = choose.programmes(session, SLUG)
            programme_id = programmes[0].id
            assert programme_id is not None
            snapshot = load_snapshots(session, programmes)[programme_id]
            recipients = load_all_recipients(session, [programme_id]).get(programme_id, ())
            invitations.plan(session, snapshot, recipients, as_of, NOW, "omstilling@example.org")
            session.flush()
            flushed.set()
            commit.wait(30)
            session.commit()

    holder = threading.Thread(target=first_run)
    holder.start()
    assert flushed.wait(30)
    found: dict = {}
    second = threading.Thread(target=lambda: found.update(result=invite(engine, as_of=as_of, now=NOW, notifier=None)))
    with caplog.at_level(logging.WARNING):
        second.start()
        time.sleep(1.0)  # the second run is now waiting on the first one's rows
        commit.set()
        holder.join(60)
        second.join(60)
    added, errors = found["result"]
    assert errors == [] and added > 0
    assert [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("omstilling")] == []
    with db.session_scope(engine) as session:
        uids = session.exec(select(Invitation.uid)).all()
    assert uids and len(uids) == len(set(uids))


def test_known_and_unknown_addresses_answer_alike_and_the_mail_goes_after_the_answer(
    demo_sqlite, tmp_path, smtp, monkeypatch
):
    """The e-mail was sent inside the request: a known address answered as late as the mail server was slow (here
    a second), an unknown one at once, so the time told which addresses omstilling knows."""
    from omstilling.messaging.transport import AppriseNotifier

    config = tmp_path / "apprise.yaml"
    config.write_text(smtp.config)
    app = make_app(demo_sqlite, tmp_path, apprise_config=config, base_url="http://testserver")
    slow_server, mailed = 1.0, []
    send_email = AppriseNotifier.send_email

    def slowly(self, *args, **kwargs):
        time.sleep(slow_server)
        found = send_email(self, *args, **kwargs)
        mailed.append(time.monotonic())
        return found

    monkeypatch.setattr(AppriseNotifier, "send_email", slowly)
    answers = {}
    for address in (LEADER, "ukjent@example.org"):
        client = TestClient(app)
        csrf = csrf_for(client)
        started = time.monotonic()
        sent = asgi.post(
            app,
            "/logg-inn",
            iter([f"csrf={csrf}&epost={address}&neste=".encode()]),
            kind="application/x-www-form-urlencoded",
            cookies=asgi.cookies_of(client),
        )
        assert sent.status == 200 and "Sjekk e-posten" in sent.text
        answers[address] = (started, sent.answered)
    # the known address was answered before its mail had gone to the (slow) server: the answer does not wait for it,
    # so its time tells nothing (an order, not a threshold that a busy machine could miss)
    assert len(mailed) == 1 and [m["to"] for m in smtp.messages] == [[LEADER]]  # sent all the same, after
    assert answers[LEADER][1] < mailed[0], (answers, mailed)


# ── what the messages say ───────────────────────────────────────────────────────────────────────────────────────


def upload(client: TestClient, content: bytes, name: str):
    page = client.get(f"/programmer/{SLUG}/data")
    return client.post(
        f"/programmer/{SLUG}/data/provekjoring",
        data={"csrf": csrf_of(page.text)},
        files={"fil": (name, content, "application/octet-stream")},
    )


def test_an_unreadable_upload_names_the_file_as_uploaded_in_norwegian(site, tmp_path):
    app, engine = site
    client = sign_in(TestClient(app), engine, LEADER)
    answer = upload(client, b"Prosjektnummer;Tittel\n", "data.xlsx")
    assert error_page(answer)[1].startswith("data.xlsx: ikke en Excel-arbeidsbok (.xlsx): filen er en tekst- eller")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notat.txt", "ikke en arbeidsbok")
    answer = upload(client, buffer.getvalue(), "pakket.xlsx")
    assert answer.status_code == 422
    assert error_page(answer)[1] == (
        "pakket.xlsx: ikke en Excel-arbeidsbok (.xlsx) som kan leses: filen er skadet, "
        "eller en annen slags fil i zip-format; lagre den på nytt som Excel-arbeidsbok "
        "(.xlsx)"
    )
    for page in (answer, upload(client, b"PK\x03\x04" + b"\x00" * 100, "skadet.xlsx")):
        assert ".opplastinger" not in page.text and str(tmp_path) not in page.text
        assert not re.search(r"There is no item|File is not a zip|Bad magic|zip file|Errno", page.text)


def test_a_programme_leader_never_learns_another_programmes_name_from_an_import(site):
    app, engine = site
    add_copy(engine)
    with db.session_scope(engine) as session:
        other = session.exec(select(Programme).where(Programme.slug == "gjovik")).one()
        writes.add_project(
            session,
            other,
            {
                "number": "G-99",
                "title": "Gjøviks eget",
                "owner": "Bedrift AS",
                "focus_area": 1,
                "phase": "forstudie",
                "status": "sokt",
            },
        )
    leader = sign_in(TestClient(app), engine, LEADER)
    workbook = load_workbook(io.BytesIO(leader.get(f"/programmer/{SLUG}/data/arbeidsbok.xlsx").content))
    workbook["Utbetalinger"].append(["G-99", date(2014, 5, 1), "utbetaling", 1000, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    answer = upload(leader, buffer.getvalue(), "demo.xlsx")
    assert answer.status_code == 422 and "programmet har ikke prosjekt G-99 (se arket Prosjekter)" in answer.text
    assert "gjovik" not in answer.text.casefold() and "gjøvik" not in answer.text.casefold()
    operator = sign_in(TestClient(app), engine, OPERATOR)
    answer = upload(operator, buffer.getvalue(), "demo.xlsx")
    assert "prosjekt G-99 hører til programmet «gjovik», ikke «vestre-toten»" in answer.text
