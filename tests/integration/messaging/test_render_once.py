"""Each message's text is rendered once per outbox row (issue 26, "Render once"): a reminder step that is still due
on the next days, or a meeting still ahead whose invitation is planned again every day, is not rendered again when
its row is already there; a digest renders its own text (a form of its own) once; the simulation renders what it
writes and nothing more. Counted by wrapping `messaging.texts.render`, through which every message kind's text goes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from omstilling.app.simulation import simulate
from omstilling.messaging import texts
from omstilling.messaging.outbox import invite, remind
from omstilling.store.models import OutboxMessage


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The templates rendered, one entry per message text."""
    seen: list[str] = []
    original = texts.render

    def counted(template: str, **values):
        seen.append(template)
        return original(template, **values)

    monkeypatch.setattr(texts, "render", counted)
    return seen


def test_a_simulated_season_renders_each_message_it_writes_once(demo_sqlite, tmp_path, renders):
    # May and June: reminders whose steps stay due for days, and the board meeting of 16 June with its notice
    summary = simulate(demo_sqlite, date(2014, 5, 1), date(2014, 6, 30), tmp_path / "sim", documents=False)
    written = list((tmp_path / "sim" / "meldinger").rglob("*.txt"))
    assert summary.notices and summary.reminders
    assert len(written) == summary.reminders + summary.notices
    assert len(renders) == len(written)


def test_the_daily_runs_render_each_row_once_and_each_digest_once(demo_sqlite, smtp, renders):
    """Three weeks of daily runs (invitations, the notice of 16 June, reminders; sent as digests): the texts
    rendered are the rows written and the digests sent, whatever is planned again on the next days."""
    day, digests = date(2014, 5, 26), 0
    while day <= date(2014, 6, 16):
        now = datetime.combine(day, time(5), tzinfo=UTC)
        invite(demo_sqlite, as_of=day, now=now, notifier=smtp.notifier)
        before = len(smtp.messages)
        remind(demo_sqlite, as_of=day, now=now, notifier=smtp.notifier, digest=True, clock=lambda now=now: now)
        digests += sum(1 for m in smtp.messages[before:] if ".sammendrag@" in m.headers.get("Message-ID", ""))
        day += timedelta(days=1)
    with demo_sqlite.connect() as connection:
        rows = connection.execute(sa.select(sa.func.count()).select_from(OutboxMessage.__table__)).scalar()
    assert digests, "some day has several reminders for one person"
    assert renders.count("sammendrag") == digests
    assert len(renders) - digests == rows
    assert renders.count("invitasjon") < len(renders)
