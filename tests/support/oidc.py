"""A real OpenID provider on 127.0.0.1 for the sign-in tests (the PyPI package oidc-provider-mock: its
authorization form signs in whoever its field `sub` names; unknown subjects get their `sub` as e-mail), what the
app asked it for, and signing in through it as a person would, with the app's TestClient as the browser.

Its ID tokens are signed with its own key (RS256) and carry the claims its users were given, `acr` among them."""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from fastapi.testclient import TestClient

LEADER_SUB = "leder-123"
"""The programme leader as the organisation knows them: their address in another case than the programme's."""
LOW_SUB = "leder-lavt-niva"
"""The programme leader, signed in at a level of assurance too low for ID-porten's `substantial`."""
NO_EMAIL_SUB = "uten-epost"
SUBSTANTIAL = "idporten-loa-substantial"
USERS = {
    LEADER_SUB: {
        "email": "Programleder@Example.ORG",
        "email_verified": True,
        "name": "Programleder",
        "acr": SUBSTANTIAL,
    },
    LOW_SUB: {"email": "programleder@example.org", "acr": "idporten-loa-low"},
    NO_EMAIL_SUB: {"name": "Uten e-post"},
}
CLIENT_ID = "omstilling-test"
CLIENT_SECRET = "oidc-klienthemmelighet-bare-for-testene"


@dataclass
class Provider:
    """The running provider: its `issuer` (also where its discovery document is), and every request it got
    (`seen`: path and parameters, in order)."""

    issuer: str
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def settings(self, **more: Any) -> dict[str, Any]:
        """The app's settings for signing in through this provider."""
        return {
            "oidc_issuer": self.issuer,
            "oidc_client_id": CLIENT_ID,
            "oidc_client_secret": CLIENT_SECRET,
            "oidc_name": "Logg inn med Vestre Toten kommune",
        } | more

    def requests_to(self, path: str) -> list[dict[str, str]]:
        return [params for seen, params in self.seen if seen == path]


@contextmanager
def running_provider() -> Iterator[Provider]:
    import flask
    import oidc_provider_mock
    import werkzeug.serving

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("oidc_provider_mock").setLevel(logging.ERROR)
    app = oidc_provider_mock.app(
        user_claims=[oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in USERS.items()],
        require_nonce=True,
    )
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    provider = Provider(f"http://127.0.0.1:{server.server_port}")

    @app.before_request
    def remember() -> None:
        provider.seen.append((flask.request.path, dict(flask.request.values.items())))

    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def s256(verifier: str) -> str:
    """The PKCE code challenge of `verifier` (RFC 7636, S256)."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def to_provider(client: TestClient, neste: str | None = None) -> str:
    """Press the sign-in page's button: the address of the provider's authorization page the app sends to."""
    start = client.get("/logg-inn/oidc" + (f"?{urlencode({'neste': neste})}" if neste else ""), follow_redirects=False)
    assert start.status_code == 303, start.text
    return start.headers["location"]


def at_provider(authorize_url: str, sub: str | None, *, deny: bool = False) -> str:
    """At the provider: its form, then sign in as `sub` (or press Deny); the address it sends the browser back
    to (the app's redirect URI with the code and state)."""
    with httpx.Client(timeout=10) as browser:
        form = browser.get(authorize_url)
        assert form.status_code == 200 and 'name="sub"' in form.text, form.text
        answer = browser.post(authorize_url, data={"action": "deny"} if deny else {"sub": sub})
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


def back_at_app(client: TestClient, callback_url: str):
    """The browser follows the provider's redirect back to the app (whose answer is returned, unfollowed)."""
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}", follow_redirects=False)


def sign_in_through(client: TestClient, sub: str, neste: str | None = None):
    """The whole code flow as a browser goes through it: the app's button, the provider's form, back to the app."""
    return back_at_app(client, at_provider(to_provider(client, neste), sub))


def with_params(url: str, **changed: str) -> str:
    """`url` with some query parameters changed (a state or code an attacker swapped)."""
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | changed
    return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"
