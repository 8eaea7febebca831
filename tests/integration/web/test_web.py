"""The web app as people meet it: signing in by a link that arrives by e-mail (real SMTP), sessions and CSRF,
marking a deadline, the workbook upload, messages, and the secret key in production."""

from __future__ import annotations

import io
import re
import shutil
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import select
from typer.testing import CliRunner

from omstilling.access import signin
from omstilling.config import Settings, get_settings
from omstilling.core.enums import DeadlineStatus, OutboxStatus
from omstilling.messaging.links import deadline_url, documents_url
from omstilling.messaging.outbox import remind
from omstilling.messaging.transport import AppriseNotifier
from omstilling.store import db
from omstilling.store.models import Deadline, OutboxMessage, ProjectResult, SignInToken, WheelEvent
from tests.support.demo import NOW
from tests.support.mail import free_port
from tests.support.web import OPERATOR, SLUG, csrf_for, csrf_of, follow_link, make_app, sign_in

LEADER = "programleder@example.org"
DEADLINE = f"/programmer/{SLUG}/frister/soknad-fylket/2014/1"


@pytest.fixture
def site(demo_sqlite, tmp_path, smtp):
    config = tmp_path / "apprise.yaml"
    config.write_text(smtp.config)
    app = make_app(demo_sqlite, tmp_path, apprise_config=config, base_url="http://testserver")
    return app, demo_sqlite, smtp


def link_in(message: dict) -> str:
    found = re.search(r"http://testserver/inn/\S+", message["body"])
    assert found, message["body"]
    return found.group(0)


def ask(client: TestClient, email: str, neste: str = ""):
    return client.post("/logg-inn", data={"csrf": csrf_for(client), "epost": email, "neste": neste})


def test_a_link_sent_by_email_signs_in_once_and_brings_the_person_back_where_they_were_going(site):
    app, engine, inbox = site
    client = TestClient(app)
    first = client.get(DEADLINE, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/logg-inn?neste=")
    answer = ask(client, LEADER, neste=DEADLINE)
    assert "Sjekk e-posten" in answer.text
    assert [m["to"] for m in inbox.messages] == [[LEADER]]
    assert inbox.messages[0]["subject"] == "Innlogging i omstilling"
    assert "virker én gang" in inbox.messages[0]["body"]
    link = link_in(inbox.messages[0])
    signed = follow_link(client, link)
    assert signed.status_code == 303 and signed.headers["location"] == DEADLINE
    assert "Marker som utført" in client.get(DEADLINE).text
    # a second use of the same link, from another browser, does nothing
    again = TestClient(app).get("/" + link.split("/", 3)[3])
    assert again.status_code == 400 and "allerede brukt" in again.text
    with db.session_scope(engine) as session:
        row = session.exec(select(SignInToken)).one()
        assert row.used_at is not None and row.sent_at is not None
        assert row.token_hash not in link  # only the hash of the secret is stored


def test_the_page_says_the_same_for_an_unknown_address_and_sends_nothing(site):
    app, _, inbox = site
    client = TestClient(app)
    known, unknown = ask(client, LEADER), ask(client, "ukjent@example.org")
    strip = lambda html: html.replace(LEADER, "X").replace("ukjent@example.org", "X")  # noqa: E731
    assert known.status_code == unknown.status_code == 200
    assert strip(csrf_less(known.text)) == strip(csrf_less(unknown.text))
    assert [m["to"] for m in inbox.messages] == [[LEADER]]


def csrf_less(html: str) -> str:
    return re.sub(r'name="csrf" value="[^"]+"', "", html)


def test_an_expired_link_does_not_sign_in(site):
    app, engine, _ = site
    with db.session_scope(engine) as session:
        _, link = signin.create_link(
            session, LEADER, base_url="http://testserver", now=signin.utcnow() - timedelta(minutes=16)
        )
    page = TestClient(app).get("/" + link.split("/", 3)[3])
    assert page.status_code == 400 and "utløpt" in page.text
    assert signin.claim(engine, link.rsplit("/", 1)[1], signin.utcnow()) is None


def test_links_are_rate_limited_per_address_and_per_client(site):
    app, _, inbox = site
    client = TestClient(app)
    for _ in range(4):
        assert ask(client, LEADER).status_code == 200
    assert len(inbox.messages) == signin.PER_ADDRESS == 3  # the fourth within 15 minutes is not sent
    assert ask(client, LEADER).status_code == 200
    limited = ask(client, LEADER)
    assert limited.status_code == 429 and "For mange forespørsler" in limited.text


def test_a_form_without_the_sessions_csrf_token_changes_nothing(site):
    app, engine, _ = site
    client = sign_in(TestClient(app), engine, LEADER)
    response = client.post(DEADLINE, data={"handling": "utfort", "csrf": "forfalsket"})
    assert response.status_code == 400 and "ingenting ble endret" in response.text
    assert status_of(engine) is None  # not even materialised: nothing was written


def status_of(engine, key: str = "soknad-fylket", year: int = 2014):
    with db.session_scope(engine) as session:
        row = session.exec(
            select(Deadline).join(WheelEvent).where(WheelEvent.key == key, Deadline.year == year)
        ).first()
        return row.status if row else None


def test_the_session_cookie_is_httponly_samesite_and_secure_over_https(site, tmp_path):
    app, engine, _ = site
    cookie = TestClient(app).get("/logg-inn").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    https = make_app(engine, tmp_path, base_url="https://omstilling.example.no")
    assert "secure" in TestClient(https).get("/logg-inn").headers["set-cookie"].lower()


def test_a_session_expires(site):
    app, engine, _ = site
    client = sign_in(TestClient(app), engine, LEADER)
    assert client.get(f"/programmer/{SLUG}", follow_redirects=False).status_code == 200
    sessions = app.state.sessions
    real = sessions.clock
    sessions.clock = lambda: real() + sessions.max_age + 1  # as if OMSTILLING_SESSION_HOURS had run out
    assert client.get(f"/programmer/{SLUG}", follow_redirects=False).status_code == 303


def test_marking_a_deadline_done_stops_its_reminders_and_reopening_starts_them(site):
    app, engine, inbox = site
    client = sign_in(TestClient(app), engine, LEADER)
    page = client.get(DEADLINE)
    done = client.post(
        DEADLINE,
        data={"csrf": csrf_of(page.text), "handling": "utfort", "notat": "<script>alert(1)</script> Sendt 18. juni"},
    )
    assert (
        "Fristen «Søknad til fylkeskommunen om midler for neste år» 20.06.2014 er nå utført. Påminnelsene stopper."
    ) in done.text
    assert 'id="status">utført<' in done.text and "av Bjørn Iversen" in done.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Sendt 18. juni" in done.text and "<script>alert" not in done.text
    assert "sendes ikke: fristen er utført" in done.text
    assert status_of(engine) is DeadlineStatus.DONE
    with db.session_scope(engine) as session:  # an instant in UTC, as every stored instant
        closed = session.exec(
            select(Deadline.closed_at).join(WheelEvent).where(WheelEvent.key == "soknad-fylket")
        ).one()
    assert abs(closed.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(minutes=5)
    remind(engine, as_of=date(2014, 6, 6), now=NOW, notifier=AppriseNotifier(inbox.config))
    assert not any("Søknad til fylkeskommunen" in m["subject"] for m in inbox.messages)
    twice = client.post(DEADLINE, data={"csrf": csrf_of(done.text), "handling": "utfort"})
    assert twice.status_code == 409 and "er allerede utført av Bjørn Iversen; ingenting ble endret" in twice.text
    reopened = client.post(DEADLINE, data={"csrf": csrf_of(done.text), "handling": "apne"})
    assert "er nå åpen. Påminnelsene går igjen fra neste daglige kjøring." in reopened.text
    assert status_of(engine) is DeadlineStatus.OPEN


def test_the_addresses_reminders_link_to_are_pages_of_the_app(site):
    app, engine, _ = site
    client = sign_in(TestClient(app), engine, LEADER)
    for url in (
        deadline_url("http://testserver", SLUG, "soknad-fylket", 2014, 1),
        documents_url("http://testserver", SLUG),
    ):
        assert client.get(url).status_code == 200, url


def exported(client: TestClient) -> bytes:
    response = client.get(f"/programmer/{SLUG}/data/arbeidsbok.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    return response.content


def upload(client: TestClient, content: bytes, name: str = "demo.xlsx"):
    page = client.get(f"/programmer/{SLUG}/data")
    return client.post(
        f"/programmer/{SLUG}/data/provekjoring",
        data={"csrf": csrf_of(page.text)},
        files={"fil": (name, content, "application/octet-stream")},
    )


def jobs_of(engine) -> int:
    with db.session_scope(engine) as session:
        return sum(r.new_jobs for r in session.exec(select(ProjectResult)))


def test_a_broken_workbook_shows_every_row_level_error_and_changes_nothing(site):
    app, engine, _ = site
    client = sign_in(TestClient(app), engine, LEADER)
    workbook = load_workbook(io.BytesIO(exported(client)))
    workbook["Prosjekter"]["J7"] = -5
    workbook["Utbetalinger"]["B3"] = "i morgen"
    workbook["Resultater"]["D2"] = 99
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = jobs_of(engine)
    page = upload(client, buffer.getvalue(), "feil.xlsx")
    assert page.status_code == 422
    assert "feil.xlsx: 2 feil; ingenting ble importert (databasen er uendret)" in page.text
    rows = re.findall(
        r"<tr\b[^>]*><td\b[^>]*>(\w+)</td><td\b[^>]*class=\"tall\">(\d+)</td>"
        r"<td\b[^>]*>([^<]+)</td><td\b[^>]*>([^<]+)</td></tr>",
        page.text,
    )
    assert rows == [
        ("Prosjekter", "7", "Tilsagn (kr)", "-5 — må være et helt beløp på 0 eller mer"),
        (
            "Utbetalinger",
            "3",
            "Dato",
            ("&#34;i morgen&#34; — er tekst, ikke en dato: skriv en dato i cellen, f.eks. 16.06.2014"),
        ),
    ]
    assert jobs_of(engine) == before


def test_a_good_workbook_is_shown_as_a_dry_run_and_lands_only_when_confirmed(site):
    app, engine, _ = site
    client = sign_in(TestClient(app), engine, LEADER)
    workbook = load_workbook(io.BytesIO(exported(client)))
    row = next(r for r in workbook["Resultater"].iter_rows(min_row=2) if r[0].value == "2014-05")
    row[3].value = 12
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = jobs_of(engine)
    dry = upload(client, buffer.getvalue())
    assert dry.status_code == 200
    assert "Prøvekjøring: demo.xlsx" in dry.text and "Nye arbeidsplasser: 2 → 12" in dry.text
    assert "1 ny eller endret rad:" in dry.text
    assert jobs_of(engine) == before
    token = re.search(r'name="token" value="([^"]+)"', dry.text).group(1)
    done = client.post(f"/programmer/{SLUG}/data/importer", data={"csrf": csrf_of(dry.text), "token": token})
    assert "Importert fra demo.xlsx: 1 ny eller endret rad." in done.text
    assert jobs_of(engine) == before + 10
    again = client.post(f"/programmer/{SLUG}/data/importer", data={"csrf": csrf_of(dry.text), "token": token})
    assert again.status_code == 400 and "finnes ikke lenger" in again.text


def test_a_file_that_is_no_workbook_gets_one_clear_message(site):
    app, engine, _ = site
    client = sign_in(TestClient(app), engine, LEADER)
    page = upload(client, b"Prosjektnummer;Tittel\n", "data.csv")
    assert page.status_code == 400 and "«data.csv» er ikke en Excel-arbeidsbok" in page.text
    page = upload(client, b"Prosjektnummer;Tittel\n", "data.xlsx")
    assert page.status_code == 422 and "ikke en Excel-arbeidsbok (.xlsx)" in page.text


def test_messages_show_roles_to_everyone_and_addresses_only_to_the_operator(site):
    app, engine, inbox = site
    remind(engine, as_of=date(2014, 6, 6), now=NOW, notifier=AppriseNotifier(inbox.config))
    leader = sign_in(TestClient(app), engine, LEADER).get(f"/programmer/{SLUG}/meldinger").text
    operator = sign_in(TestClient(app), engine, OPERATOR).get(f"/programmer/{SLUG}/meldinger").text
    assert "Søknad til fylkeskommunen om midler for neste år" in leader and "programleder" in leader
    assert "sendt" in leader
    assert "@example.org" not in leader
    assert "programleder@example.org" in operator
    with db.session_scope(engine) as session:
        assert session.exec(select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.SENT)).first()


def test_the_overview_shows_the_next_deadlines_with_what_is_missing(site):
    app, engine, _ = site
    client = sign_in(TestClient(app), engine, LEADER)
    page = client.get(f"/programmer/{SLUG}?aar=2014&dag=2014-06-06").text
    assert "Søknad til fylkeskommunen om midler for neste år" in page
    assert "fredag 20. juni 2014" in page
    assert "13 prosjekter mangler rapporterte arbeidsplasser for 2014" in page
    assert "Budsjettet for 2015 er ikke registrert" in page
    bad = client.get(f"/programmer/{SLUG}?dag=i-morgen")
    assert bad.status_code == 400 and "«i-morgen» er ikke en dato" in bad.text


def test_production_refuses_a_missing_or_placeholder_secret_key(demo_sqlite, tmp_path):
    from omstilling.web.security import SecretKeyRefused

    for key in (None, "changeme", "kort"):
        with pytest.raises(SecretKeyRefused, match="OMSTILLING_SECRET_KEY"):
            make_app(demo_sqlite, tmp_path, env="production", secret_key=key)
    make_app(
        demo_sqlite,
        tmp_path,
        env="production",
        secret_key="q8Jv2mZr7LwX0bN4sKd9TfYh3Gc6PaUe1RiOo5Ej",
        base_url="https://omstilling.kommune.no",
    )


def test_production_refuses_to_start_without_a_base_url_and_a_malformed_one_anywhere(demo_sqlite, tmp_path):
    """Issue 22, case 2: the sign-in link's address must come from configuration, never from the request."""
    from omstilling.web.security import SecretKeyRefused

    key = "q8Jv2mZr7LwX0bN4sKd9TfYh3Gc6PaUe1RiOo5Ej"
    with pytest.raises(SecretKeyRefused, match="OMSTILLING_BASE_URL mangler: i produksjon"):
        make_app(demo_sqlite, tmp_path, env="production", secret_key=key)
    for url in ("omstilling.kommune.no", "https://", "javascript:alert(1)"):
        with pytest.raises(SecretKeyRefused, match="er ikke en full adresse"):
            make_app(demo_sqlite, tmp_path, base_url=url)


def test_a_sign_in_link_never_points_at_the_host_the_request_names(demo_sqlite, tmp_path, smtp):
    """Without OMSTILLING_BASE_URL the link was built from the Host header: anyone could make the real leader
    receive a working link to a host of their choosing."""
    from omstilling.config import DEVELOPMENT_BASE_URL

    config = tmp_path / "apprise.yaml"
    config.write_text(smtp.config)
    for address, base_url, expected in (
        (LEADER, None, DEVELOPMENT_BASE_URL),
        ("styreleder@example.org", "https://omstilling.kommune.no", "https://omstilling.kommune.no"),
    ):
        app = make_app(demo_sqlite, tmp_path, apprise_config=config, base_url=base_url)
        client = TestClient(app, base_url="https://evil.example")  # https: the cookie is Secure when the base URL is
        before = len(smtp.messages)
        client.post(
            "/logg-inn",
            data={"csrf": csrf_for(client), "epost": address},
            headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"},
        )
        assert len(smtp.messages) == before + 1, address
        body = smtp.messages[-1]["body"]
        assert f"{expected}/inn/" in body and "evil.example" not in body


def test_the_web_command_refuses_to_start_in_production_without_a_key(tmp_path, monkeypatch, demo_template):
    from omstilling.cli import app

    shutil.copy(demo_template, tmp_path / "cli.db")
    monkeypatch.setenv("OMSTILLING_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("OMSTILLING_ENV", "production")
    monkeypatch.delenv("OMSTILLING_SECRET_KEY", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["web", "--port", str(free_port())])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert result.stderr.startswith("feil: OMSTILLING_SECRET_KEY mangler: i produksjon")


def test_login_link_prints_a_link_that_signs_in_and_refuses_unknown_addresses(tmp_path, monkeypatch, demo_template):
    from omstilling.cli import app as cli

    shutil.copy(demo_template, tmp_path / "cli.db")
    monkeypatch.setenv("OMSTILLING_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        printed = runner.invoke(cli, ["login-link", LEADER, "--base-url", "http://testserver"])
        unknown = runner.invoke(cli, ["login-link", "ukjent@example.org"])
    finally:
        get_settings.cache_clear()
    assert printed.exit_code == 0 and printed.stdout.startswith("http://testserver/inn/")
    assert unknown.exit_code == 1 and unknown.stderr.startswith("feil: ukjent@example.org har ingen rolle")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    web = make_app(engine, tmp_path)
    client = TestClient(web)
    assert follow_link(client, printed.stdout.strip()).status_code == 303
    assert "Omstillingsprogrammet i Vestre Toten" in client.get("/").text
    engine.dispose()


def test_settings_read_the_operators_and_production_mode_from_the_environment(monkeypatch):
    monkeypatch.setenv("OMSTILLING_OPERATORS", " Drift@Example.org, it@kommune.no ")
    monkeypatch.setenv("OMSTILLING_ENV", "production")
    settings = Settings()
    assert settings.operator_emails == {"drift@example.org", "it@kommune.no"} and settings.production


def test_a_deadline_page_shows_when_it_was_marked_in_the_programmes_own_time_zone(site):
    """The time zone has one home per programme (Programme.timezone): the page used a hard-coded Europe/Oslo."""
    from omstilling.app.deadlines import mark_deadline
    from omstilling.store.models import Programme

    app, engine, _ = site
    with db.session_scope(engine) as session:
        programme = session.exec(select(Programme).where(Programme.slug == SLUG)).one()
        programme.timezone = "Europe/London"
    mark_deadline(
        engine,
        SLUG,
        "soknad-fylket",
        2014,
        DeadlineStatus.DONE,
        by="Bjørn Iversen",
        now=datetime(2014, 6, 18, 10, 0, tzinfo=UTC),
    )
    page = sign_in(TestClient(app), engine, LEADER).get(DEADLINE)
    assert "av Bjørn Iversen, 18.06.2014 kl.\u00a011.00" in page.text  # London in summer; Oslo would say 12.00


def test_a_note_longer_than_the_limit_is_refused_on_the_page_as_everywhere_and_nothing_changes(site):
    app, engine, _ = site
    client = sign_in(TestClient(app), engine, LEADER)
    page = client.get(DEADLINE)
    assert 'maxlength="2000"' in page.text
    refused = client.post(DEADLINE, data={"csrf": csrf_of(page.text), "handling": "utfort", "notat": "x" * 2001})
    assert refused.status_code == 409
    assert "merknad: er for lang: høyst 2\u00a0000 tegn, denne har 2\u00a0001; ingenting ble endret" in refused.text
    assert status_of(engine) in (None, DeadlineStatus.OPEN)  # not marked, and not even written


@pytest.mark.parametrize(
    "url",
    [
        "https://real.example@evil.example",
        "http://localhost:8000/../",
        "https://?x=1",
        "https://real.example/?next=",
        "https://real.example\n.evil",
        "http://[::1",
        "https://" + "a" * 600,
        "javascript:alert(1)//",
    ],
)
def test_a_base_url_that_could_send_a_link_elsewhere_is_refused_by_the_web_app_and_login_link(
    demo_sqlite, tmp_path, monkeypatch, demo_template, url
):
    """Found by the review: user info, a query, '..' or a missing host passed the first check."""
    from omstilling.cli import app as cli
    from omstilling.web.security import SecretKeyRefused

    with pytest.raises(SecretKeyRefused, match="er ikke en full adresse til webappen"):
        make_app(demo_sqlite, tmp_path, base_url=url)
    shutil.copy(demo_template, tmp_path / "cli.db")
    monkeypatch.setenv("OMSTILLING_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    try:
        printed = CliRunner().invoke(cli, ["login-link", LEADER, "--base-url", url])
    finally:
        get_settings.cache_clear()
    assert printed.exit_code == 1 and "--base-url" in printed.stderr and "/inn/" not in printed.stdout
