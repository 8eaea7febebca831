"""The web app's guards: the session cookie (signed, expiring), the CSRF token every form carries, the secret
key that signs them (refused in production when missing or a placeholder), and a rate limit per client."""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
import time
from collections import deque
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from omstilling.config import Settings, secret_key_problem
from omstilling.errors import OmstillingError

log = logging.getLogger(__name__)

COOKIE = "omstilling_okt"


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
    """Session data in a signed cookie: {"c": CSRF token, "e": signed-in address or None, "f": a message}.
    `clock` (seconds since the epoch) both stamps a cookie and tells its age."""

    def __init__(self, secret: str, max_age_seconds: int, clock=time.time):
        self.clock = clock
        self._serializer = URLSafeTimedSerializer(secret, salt="omstilling-okt", signer=_ClockedSigner,
                                                  signer_kwargs={"clock": lambda: self.clock()})  # noqa: PLW0108 (read at each call: a test moves it)
        self.max_age = max_age_seconds

    def load(self, cookie: str | None) -> dict[str, Any] | None:
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
        return {"c": secrets.token_urlsafe(24), "e": None}


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
