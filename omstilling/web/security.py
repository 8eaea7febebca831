"""The web app's guards: sessions the server keeps and can end (the cookie carries only a token), the CSRF token
every form carries, the secret key that signs the pre-sign-in cookie (refused in production when missing or a
placeholder), and a rate limit per client."""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import Request
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.engine import Engine

from omstilling.access import sessions
from omstilling.config import Settings, secret_key_problem
from omstilling.errors import OmstillingError
from omstilling.store import db

log = logging.getLogger(__name__)

COOKIE = "omstilling_okt"
"""The signed-in session's cookie: a random token, its SHA-256 kept on the server."""
BROWSER_COOKIE = "omstilling_for"
"""Before signing in: the signed cookie of the sign-in forms (CSRF token, a message, the provider's state)."""


class SecretKeyRefused(OmstillingError):
    """Settings the web app must not start with: production without a real secret key, or without (or with a
    malformed) base URL."""


def session_secret(settings: Settings) -> str:
    """The key that signs session cookies (see `omstilling.config.secret_key_problem`); in development a missing
    key gets a random one for this process (people sign in again after a restart)."""
    problem = secret_key_problem(settings)
    if problem:
        raise SecretKeyRefused(problem)
    key = (settings.secret_key or "").strip()
    if not key:
        log.warning("OMSTILLING_SECRET_KEY er ikke satt: bruker en tilfeldig nøkkel til prosessen stopper")
        return secrets.token_urlsafe(48)
    return key


class _ClockedSigner(TimestampSigner):
    """itsdangerous's timestamp signer, reading the time from `clock` (seconds since the epoch)."""

    def __init__(self, *args: Any, clock: Any = time.time, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._clock = clock

    def get_timestamp(self) -> int:
        return int(self._clock())


class Sessions:
    """The web app's sessions. Signed in, the browser's cookie (`COOKIE`) carries only a random token: the session
    is a row on the server (`omstilling.access.sessions`), looked up on every request, so it ends when the server
    says (logging out, the operator's "log out everywhere", no role left, idle for `idle_minutes`, at the latest
    `hours` after signing in). Before signing in, a signed cookie (`BROWSER_COOKIE`, granting nothing) keeps the
    sign-in forms' CSRF token, a message shown once and the identity provider's state.

    Both kinds are a dict to the pages: {"c": CSRF token, "f": a message shown once, ...}. `clock` (seconds since
    the epoch) is every "now" here: tests pass their own."""

    def __init__(
        self, engine: Engine, secret: str, hours: int, idle_minutes: int, clock: Callable[[], float] = time.time
    ):
        self.engine = engine
        self.clock = clock
        self.lifetimes = sessions.Lifetimes(idle=timedelta(minutes=idle_minutes), absolute=timedelta(hours=hours))
        self.max_age = hours * 3600
        self._serializer = URLSafeTimedSerializer(
            secret, salt="omstilling-for", signer=_ClockedSigner, signer_kwargs={"clock": self._seconds}
        )

    def _seconds(self) -> float:
        return self.clock()  # read at each call: a test may swap `clock`

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)

    def open(self, token: str | None, browser: str | None) -> Opened:
        """The session of a request's cookies: the signed-in one `token` names while it is in force, else the
        browser's (a new one when there is none)."""
        if token:
            with db.session_scope(self.engine) as session:
                live = sessions.find(session, token, now=self.now(), lifetimes=self.lifetimes)
            if live is not None:
                return Opened(live, live.data, changed=False, drop_token=False)
        data = self.load(browser)
        return Opened(None, data or self.new(), changed=data is None, drop_token=bool(token))

    def begin(self, email: str, method: sessions.Method) -> tuple[str, sessions.Live]:
        """A new signed-in session (with its own CSRF token); the token goes in the cookie."""
        with db.session_scope(self.engine) as session:
            return sessions.start(session, email, method, now=self.now(), lifetimes=self.lifetimes, data=self.new())

    def end(self, live: sessions.Live, reason: sessions.Ended) -> bool:
        with db.session_scope(self.engine) as session:
            return sessions.end(session, live.id, now=self.now(), reason=reason)

    def save(self, live: sessions.Live) -> None:
        with db.session_scope(self.engine) as session:
            sessions.save_data(session, live)

    def load(self, cookie: str | None) -> dict[str, Any] | None:
        """The browser's pre-sign-in data from its signed cookie (None when missing, forged or too old)."""
        if not cookie:
            return None
        try:
            data = self._serializer.loads(cookie, max_age=self.max_age)
        except (SignatureExpired, BadSignature):
            return None
        return data if isinstance(data, dict) and isinstance(data.get("c"), str) else None

    def dump(self, data: dict[str, Any]) -> str:
        return self._serializer.dumps(data)

    @staticmethod
    def new() -> dict[str, Any]:
        return {"c": secrets.token_urlsafe(24)}


@dataclass
class Opened:
    """A request's session: the signed-in one (`live`) or the browser's; whether its data must be written back
    (`changed`), and whether the request's session token is no longer any good (`drop_token`: clear the cookie)."""

    live: sessions.Live | None
    data: dict[str, Any]
    changed: bool
    drop_token: bool


def begin_session(request: Request, email: str, method: sessions.Method) -> None:
    """Sign `email` in for the rest of this browser's visit: a new session on the server (a new token, a new CSRF
    token: nothing from before signing in carries over); the middleware sets the cookie."""
    store: Sessions = request.app.state.sessions
    before: sessions.Live | None = getattr(request.state, "web_session", None)
    if before is not None:  # signing in again in the same browser: the old session is done with
        store.end(before, sessions.Ended.REPLACED)
    token, live = store.begin(email, method)
    request.state.web_session, request.state.session = live, live.data
    request.state.session_token, request.state.session_changed = token, False


def end_session(request: Request, reason: sessions.Ended) -> None:
    """End this request's signed-in session on the server at once; the browser is left with a fresh pre-sign-in
    session (the middleware clears the old cookie)."""
    live: sessions.Live | None = getattr(request.state, "web_session", None)
    if live is not None:
        request.app.state.sessions.end(live, reason)
    request.state.web_session, request.state.session = None, Sessions.new()
    request.state.session_changed, request.state.drop_token = True, True


def csrf_matches(session: dict[str, Any], token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(str(token), session.get("c", ""))


class RateLimit:
    """At most `limit` hits per `window` seconds for each key (a client's address), in this process."""

    def __init__(self, limit: int, window: float, clock=time.monotonic):
        self.limit, self.window, self._clock = limit, window, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle clients
                for idle in [k for k, v in self._hits.items() if not v]:
                    del self._hits[idle]
            return True
