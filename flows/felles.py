"""What the flows share: the day seen from (Oslo), the engine from settings, and artifact keys."""

from __future__ import annotations

import re
from datetime import date

from omstilling import db
from omstilling.jobs import local_now


def today_in_oslo() -> date:
    return local_now().date()


def engine():
    """The app database from OMSTILLING_DATABASE_URL; each task opens its own sessions from it."""
    return db.get_engine()


def artifact_key(*parts: object) -> str:
    """Prefect artifact keys: lowercase letters, digits and dashes."""
    text = "-".join(str(p) for p in parts if p is not None).lower()
    for norwegian, ascii_ in (("å", "a"), ("æ", "ae"), ("ø", "o")):
        text = text.replace(norwegian, ascii_)
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", text)).strip("-")
