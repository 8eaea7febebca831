"""Signing in through the organisation's identity provider (issue 22, item 2), end to end against a real OpenID
provider on 127.0.0.1: the authorization code flow with PKCE (S256), state and nonce; a wrong state, a replayed
code, someone the programmes do not know, someone without a role today, a level of assurance too low, and the
e-mail links switched off. Every refusal is a Norwegian page and no session."""

from __future__ import annotations

import hashlib
import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from omstilling.config import Settings, sign_in_problem
from omstilling.store import db
from omstilling.store.models import AuditEvent, WebSession
from omstilling.web.security import BROWSER_COOKIE, COOKIE, SecretKeyRefused
from tests.support.oidc import (
    LEADER_SUB,
    LOW_SUB,
    NO_EMAIL_SUB,
    SUBSTANTIAL,
    at_provider,
    back_at_app,
    s256,
    sign_in_through,
    to_provider,
    with_params,
)
from tests.support.web import SLUG, add_programmes, make_app, sign_in

LEADER = "programleder@example.org"
PROGRAMME = f"/programmer/{SLUG}"


@pytest.fixture
def site(demo_sqlite, tmp_path, oidc_provider):
    add_programmes(demo_sqlite)
    app = make_app(demo_sqlite, tmp_path, base_url="http://testserver", **oidc_provider.settings())
    return app, demo_sqlite, oidc_provider


def signed_in_as(client: TestClient) -> int:
    """The status of the programme's page: 200 signed in, 303 (to sign in) not."""
    return client.get(PROGRAMME, follow_redirects=False).status_code


def sessions_of(engine) -> list[WebSession]:
    with db.session_scope(engine) as session:
        return list(session.exec(select(WebSession).order_by(col(WebSession.id))))


def audit_of(engine) -> list[tuple[str, str, str | None, dict]]:
    with db.session_scope(engine) as session:
        return [
            (e.action, e.outcome, e.target, e.detail)
            for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.id)))
        ]


def test_the_sign_in_page_offers_the_organisations_button_and_the_email_link(site):
    app, _, _ = site
    page = TestClient(app).get(f"/logg-inn?neste={PROGRAMME}").text
    assert "Logg inn med Vestre Toten kommune" in page
    assert f'href="/logg-inn/oidc?neste={PROGRAMME}"' in page
    assert "Send meg en lenke" in page


def test_a_person_with_a_role_signs_in_through_the_provider_with_pkce_state_and_nonce(site):
    app, engine, provider = site
    client = TestClient(app)
    before = len(provider.seen)
    authorize = to_provider(client, neste=f"{PROGRAMME}/frister")
    assert authorize.startswith(provider.issuer + "/oauth2/authorize?")
    back = back_at_app(client, at_provider(authorize, LEADER_SUB))
    assert back.status_code == 303 and back.headers["location"] == f"{PROGRAMME}/frister"
    assert signed_in_as(client) == 200

    asked = provider.requests_to("/oauth2/authorize")[-1]
    assert asked["response_type"] == "code" and asked["client_id"] == "omstilling-test"
    assert asked["redirect_uri"] == "http://testserver/logg-inn/oidc/svar"  # from the base URL, never the request
    assert asked["code_challenge_method"] == "S256" and asked["state"] and asked["nonce"]
    assert set(asked["scope"].split()) == {"openid", "email", "profile"}
    token = [params for path, params in provider.seen[before:] if path == "/oauth2/token"]
    assert len(token) == 1 and token[0]["grant_type"] == "authorization_code"
    assert s256(token[0]["code_verifier"]) == asked["code_challenge"]  # the verifier only the app knew

    # the address was matched without case; the cookie is a token whose hash alone is kept
    (row,) = sessions_of(engine)
    assert (row.email, row.method, row.ended_at) == (LEADER, "oidc", None)
    token_in_cookie = client.cookies[COOKIE]
    assert row.token_hash == hashlib.sha256(token_in_cookie.encode()).hexdigest() != token_in_cookie
    assert ("innlogging", "ok", LEADER, {"metode": "oidc", "acr": SUBSTANTIAL}) in audit_of(engine)


def test_an_answer_with_a_wrong_state_is_refused_and_signs_nobody_in(site):
    app, engine, _ = site
    client = TestClient(app)
    callback = at_provider(to_provider(client), LEADER_SUB)
    page = back_at_app(client, with_params(callback, state="en-annen-state"))
    assert page.status_code == 400 and "Innloggingen kunne ikke fullføres" in page.text
    assert "hører ikke til en innlogging startet i denne nettleseren" in page.text
    assert signed_in_as(client) == 303 and sessions_of(engine) == []
    assert ("innlogging", "nektet", None, {"metode": "oidc", "grunn": "feil state"}) in audit_of(engine)


def test_an_answer_carried_to_another_browser_is_refused(site):
    """The state is bound to the browser that started: someone who gets the redirect (code and state) to their
    own browser is not signed in."""
    app, engine, _ = site
    callback = at_provider(to_provider(TestClient(app)), LEADER_SUB)
    other = TestClient(app)
    page = back_at_app(other, callback)
    assert page.status_code == 400 and signed_in_as(other) == 303 and sessions_of(engine) == []


def test_a_replayed_code_is_refused_by_the_provider_and_the_app_says_so(site):
    app, engine, provider = site
    first = TestClient(app)
    callback = at_provider(to_provider(first), LEADER_SUB)
    assert back_at_app(first, callback).status_code == 303
    used_code = re.search(r"code=([^&]+)", callback).group(1)
    # another browser starts its own sign-in (its own state and verifier) and swaps in the code already used
    attacker = TestClient(app)
    own = at_provider(to_provider(attacker), "angriper@example.org")
    page = back_at_app(attacker, with_params(own, code=used_code))
    assert page.status_code == 400
    assert "godtok ikke innloggingskoden" in page.text and "allerede brukt" in page.text
    assert signed_in_as(attacker) == 303
    assert len(sessions_of(engine)) == 1  # only the first browser's
    assert provider.requests_to("/oauth2/token")[-1]["code"] == used_code  # the provider was asked, and refused


def test_someone_the_programmes_do_not_know_gets_a_clear_page_and_no_session(site):
    app, engine, _ = site
    client = TestClient(app)
    page = sign_in_through(client, "ukjent@example.org")
    assert page.status_code == 403 and "Ikke registrert i omstilling" in page.text
    assert "ukjent@example.org" in page.text and "står ikke hos noe omstillingsprogram" in page.text
    assert "Du er ikke logget inn" in page.text
    assert signed_in_as(client) == 303 and sessions_of(engine) == []
    assert ("innlogging", "nektet", "ukjent@example.org", {"metode": "oidc", "grunn": "ukjent person"}) in audit_of(
        engine
    )


def test_someone_whose_role_has_ended_gets_a_clear_page_and_no_session(site):
    app, engine, _ = site
    client = TestClient(app)
    page = sign_in_through(client, "tidligere@example.org")  # led the programme in 2010
    assert page.status_code == 403 and "Ingen rolle i dag" in page.text
    assert "har ingen rolle i et omstillingsprogram i dag" in page.text
    assert signed_in_as(client) == 303 and sessions_of(engine) == []


def test_a_provider_that_names_no_email_gets_a_page_that_says_which_claim_was_missing(site):
    app, engine, _ = site
    page = sign_in_through(TestClient(app), NO_EMAIL_SUB)
    assert page.status_code == 403 and "kravet «email»" in page.text and sessions_of(engine) == []


def test_the_email_claim_is_a_setting(demo_sqlite, tmp_path, oidc_provider):
    """Entra ID may carry the address in `preferred_username` or `upn`: a claim this provider does not send
    leaves the person outside, even though `email` would have named them."""
    app = make_app(
        demo_sqlite, tmp_path, base_url="http://testserver", **oidc_provider.settings(oidc_email_claim="upn")
    )
    page = sign_in_through(TestClient(app), LEADER_SUB)
    assert page.status_code == 403 and "kravet «upn»" in page.text


def test_a_level_of_assurance_too_low_is_refused_when_one_is_required(demo_sqlite, tmp_path, oidc_provider):
    app = make_app(
        demo_sqlite,
        tmp_path,
        base_url="http://testserver",
        **oidc_provider.settings(oidc_acr_values=f"{SUBSTANTIAL} idporten-loa-high"),
    )
    low = TestClient(app)
    page = sign_in_through(low, LOW_SUB)
    assert oidc_provider.requests_to("/oauth2/authorize")[-1]["acr_values"] == f"{SUBSTANTIAL} idporten-loa-high"
    assert page.status_code == 403 and "For lavt sikkerhetsnivå" in page.text
    assert "idporten-loa-low" in page.text and SUBSTANTIAL in page.text
    assert signed_in_as(low) == 303
    enough = TestClient(app)
    assert sign_in_through(enough, LEADER_SUB).status_code == 303 and signed_in_as(enough) == 200


def test_denying_at_the_provider_signs_nobody_in(site):
    app, engine, _ = site
    client = TestClient(app)
    page = back_at_app(client, at_provider(to_provider(client), None, deny=True))
    assert page.status_code == 400 and "Innloggingen ble avbrutt" in page.text and "access_denied" in page.text
    assert signed_in_as(client) == 303 and sessions_of(engine) == []


def test_with_email_links_switched_off_only_the_provider_signs_in(demo_sqlite, tmp_path, oidc_provider):
    before = make_app(demo_sqlite, tmp_path, base_url="http://testserver", **oidc_provider.settings())
    from omstilling.access import signin

    with db.session_scope(demo_sqlite) as session:  # a link sent before the operator switched them off
        _, link = signin.create_link(session, LEADER, base_url="http://testserver", now=signin.utcnow())
    app = make_app(demo_sqlite, tmp_path, base_url="http://testserver", email_links=False, **oidc_provider.settings())
    client = TestClient(app)
    page = client.get("/logg-inn").text
    assert "Logg inn med Vestre Toten kommune" in page and "Send meg en lenke" not in page
    csrf = app.state.sessions.load(client.cookies[BROWSER_COOKIE])["c"]  # no form on the page carries it now
    asked = client.post("/logg-inn", data={"csrf": csrf, "epost": LEADER})
    assert asked.status_code == 404 and "slått av" in asked.text
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 404
    assert client.post(path, data={"csrf": csrf}, follow_redirects=False).status_code == 404
    assert signed_in_as(client) == 303
    assert sign_in_through(client, LEADER_SUB).status_code == 303 and signed_in_as(client) == 200
    assert before is not app


def test_without_a_provider_its_routes_do_not_exist_and_the_page_has_no_button(demo_sqlite, tmp_path):
    app = make_app(demo_sqlite, tmp_path, base_url="http://testserver")
    client = TestClient(app)
    assert "Logg inn med" not in client.get("/logg-inn").text
    assert client.get("/logg-inn/oidc", follow_redirects=False).status_code == 404


@pytest.mark.parametrize(
    "given",
    [
        {"oidc_issuer": "https://login.microsoftonline.com/tenant/v2.0"},
        {"oidc_issuer": "https://idporten.no", "oidc_client_id": "omstilling"},
        {"oidc_client_id": "omstilling", "oidc_client_secret": "hemmelig"},
    ],
)
def test_half_set_oidc_settings_refuse_to_start(demo_sqlite, tmp_path, given):
    settings = Settings(**given)
    problem = sign_in_problem(settings)
    assert problem and problem.startswith("OpenID Connect er bare halvveis satt opp")
    with pytest.raises(SecretKeyRefused, match="halvveis"):
        make_app(demo_sqlite, tmp_path, **given)


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"email_links": False}, "Ingen kan logge inn"),
        ({"oidc_issuer": "http://idp.example.no", "oidc_client_id": "a", "oidc_client_secret": "b"}, "https-adresse"),
        (
            {
                "oidc_issuer": "https://idp.example.no",
                "oidc_client_id": "a",
                "oidc_client_secret": "b",
                "oidc_scopes": "email profile",
            },
            "«openid»",
        ),
        ({"session_idle_minutes": 0}, "minst 1"),
    ],
)
def test_settings_no_one_could_sign_in_safely_with_refuse_to_start(demo_sqlite, tmp_path, given, says):
    with pytest.raises(SecretKeyRefused, match=says):
        make_app(demo_sqlite, tmp_path, **given)


def test_the_web_command_and_login_link_refuse_what_the_app_refuses(cli, monkeypatch):
    import uvicorn

    from omstilling.config import get_settings

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: pytest.fail("the web app started"))
    assert cli("init").exit_code == 0
    monkeypatch.setenv("OMSTILLING_OIDC_ISSUER", "https://login.microsoftonline.com/tenant/v2.0")
    get_settings.cache_clear()
    started = cli("web", "--port", "8765")
    assert started.exit_code == 1 and "halvveis" in started.output and "OMSTILLING_OIDC_CLIENT_ID" in started.output
    monkeypatch.delenv("OMSTILLING_OIDC_ISSUER")
    monkeypatch.setenv("OMSTILLING_EMAIL_LINKS", "false")
    get_settings.cache_clear()
    link = cli("login-link", LEADER)
    assert link.exit_code == 1 and "slått av" in link.output


def test_an_email_link_still_signs_in_beside_the_provider(site):
    app, engine, _ = site
    client = sign_in(TestClient(app), engine, LEADER)
    assert signed_in_as(client) == 200
    (row,) = sessions_of(engine)
    assert row.method == "epost"
