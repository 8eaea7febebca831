"""Addresses in the web app that messages link to (only when OMSTILLING_BASE_URL is set).

One place builds them, so the e-mail and the web app's routes agree."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote


def deadline_url(base_url: str, slug: str, event_key: str, year: int, occurrence: int = 1) -> str:
    """The page where a deadline is marked done (sign-in first, then back here)."""
    return f"{base_url.rstrip('/')}/programmer/{quote(slug)}/frister/{quote(event_key)}/{year}/{occurrence}"


def documents_url(base_url: str, slug: str) -> str:
    """The programme's documents page."""
    return f"{base_url.rstrip('/')}/programmer/{quote(slug)}/dokumenter"


def meeting_url(base_url: str, slug: str, day: date) -> str:
    """A board meeting's page (by its date)."""
    return f"{base_url.rstrip('/')}/programmer/{quote(slug)}/moter/{day.isoformat()}"
