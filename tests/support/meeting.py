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


def called_demo(tmp_path, demo_template, smtp, monkeypatch):
    """The demo (with the access tests' other programmes) on the meeting's notice day, its notices sent through the
    test SMTP server: (the web app, the engine). The caller disposes of the engine."""
    import shutil
    from datetime import UTC, datetime, time

    from omstilling.app import reminders
    from omstilling.config import get_settings
    from omstilling.store import db
    from tests.support.web import add_programmes, make_app

    shutil.copyfile(demo_template, tmp_path / "demo.db")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    add_programmes(engine)
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("OMSTILLING_BASE_URL", "https://omstilling.example.no/")
    get_settings.cache_clear()
    monkeypatch.setattr(reminders, "configured_notifier", lambda: smtp.notifier)
    with monkeypatch.context() as sending:
        sending.setattr("omstilling.clock.now", lambda: datetime.combine(NOTICE_DAY, time(5), tzinfo=UTC))
        reminders.send_reminders(engine, as_of=NOTICE_DAY)
    on(monkeypatch, NOTICE_DAY)
    return make_app(engine, tmp_path, base_url="http://testserver"), engine
