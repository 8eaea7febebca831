"""Addresses in the web app that messages link to (only when OMSTILLING_BASE_URL is set).

One place builds them, so the e-mail and the web app's routes agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from itsdangerous import BadSignature, URLSafeSerializer


def deadline_url(base_url: str, slug: str, event_key: str, year: int, occurrence: int = 1) -> str:
    """The page where a deadline is marked done (sign-in first, then back here)."""
    return f"{base_url.rstrip('/')}/programmer/{quote(slug)}/frister/{quote(event_key)}/{year}/{occurrence}"


def documents_url(base_url: str, slug: str) -> str:
    """The programme's documents page."""
    return f"{base_url.rstrip('/')}/programmer/{quote(slug)}/dokumenter"


def meeting_url(base_url: str, slug: str, day: date) -> str:
    """A board meeting's page (by its date)."""
    return f"{base_url.rstrip('/')}/programmer/{quote(slug)}/moter/{day.isoformat()}"


@dataclass(frozen=True)
class AnswerToken:
    """What a signed answer link names: the meeting, the person, the answer, and the last day it is good for."""

    meeting_id: int
    person_id: int
    answer: str
    until: date


def _signer(key: str) -> URLSafeSerializer:
    return URLSafeSerializer(key, salt="omstilling-moetesvar")


def answer_token(key: str, token: AnswerToken) -> str:
    """The token of an answer link: its content signed (HMAC) with `key` (`config.answer_key`)."""
    return str(_signer(key).dumps([token.meeting_id, token.person_id, token.answer, token.until.isoformat()]))


def read_answer_token(key: str, token: str) -> AnswerToken | None:
    """What a token names, or None when it was not signed with `key` (changed, cut short, made up)."""
    try:
        meeting_id, person_id, answer, until = _signer(key).loads(token)
        return AnswerToken(int(meeting_id), int(person_id), str(answer), date.fromisoformat(until))
    except (BadSignature, ValueError, TypeError):
        return None


def answer_url(base_url: str, slug: str, day: date, token: str) -> str:
    """Where an answer link in a board meeting's notice leads (no sign-in needed: the token is the authority)."""
    return f"{meeting_url(base_url, slug, day)}/svar/{token}"
