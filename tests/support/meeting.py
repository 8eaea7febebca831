"""The demo's board meeting of 16 June 2014 as the meeting and minutes tests use it: its days, the board's addresses,
and the page's text."""

from __future__ import annotations

import html
import re
from datetime import date

from tests.support.web import SLUG

NOTICE_DAY = date(2014, 6, 6)
MEETING = date(2014, 6, 16)
PAGE = f"/programmer/{SLUG}/moter/{MEETING.isoformat()}"
LEADER, CHAIR, DEPUTY = "programleder@example.org", "styreleder@example.org", "varamedlem1@example.org"
MEMBERS = ["styremedlem1@example.org", "styremedlem2@example.org", "styremedlem3@example.org"]


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def on(monkeypatch, day: date) -> None:
    """The day the pages and the answers are on (sign-in and sessions keep the real time)."""
    monkeypatch.setattr("omstilling.clock.today", lambda: day)
    monkeypatch.setattr("omstilling.clock.today_in", lambda _zone: day)
