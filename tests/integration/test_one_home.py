"""Decisions that had several homes and now have one: each test goes through more than one way in (the command
line, the application layer the web app and the forms call) and would fail if a way in decided on its own again."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from omstilling.app.deadlines import mark_deadline
from omstilling.core.enums import DeadlineStatus, DocumentKind, default_formats_in_words
from omstilling.errors import InputError
from omstilling.store import db
from omstilling.store.models import Deadline, WheelEvent


def _note_of(engine, key: str, year: int) -> tuple[str | None, object]:
    with db.session_scope(engine) as session:
        deadline = session.exec(select(Deadline).join(WheelEvent).where(WheelEvent.key == key, Deadline.year == year)
                                .order_by(Deadline.occurrence)).first()
        return (None, DeadlineStatus.OPEN) if deadline is None else (deadline.note, deadline.status)


def test_the_note_limit_is_the_same_on_the_command_line_and_in_the_application_layer(demo_cli, tmp_path):
    refused = demo_cli("done", "arsrapport", "--year", "2015", "--by", "Kari", "--note", "x" * 2001)
    assert refused.exit_code == 1
    assert "høyst 2\u00a0000 tegn, denne har 2\u00a0001; ingenting ble endret" in refused.stderr
    engine = db.make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with pytest.raises(InputError, match="høyst 2\u00a0000 tegn"):
        mark_deadline(engine, None, "arsrapport", 2015, DeadlineStatus.DONE, by="Kari", note="x" * 2001)
    assert _note_of(engine, "arsrapport", 2015) == (None, DeadlineStatus.OPEN)
    done = demo_cli("done", "arsrapport", "--year", "2015", "--by", "Kari", "--note", "  " + "x" * 2000 + "  ")
    assert done.exit_code == 0
    assert _note_of(engine, "arsrapport", 2015) == ("x" * 2000, DeadlineStatus.DONE)


def test_a_marking_instant_is_stored_in_utc_whatever_zone_the_caller_gives(demo_cli, tmp_path):
    """The Prefect form passed Oslo time (clock.now()) and it was stored as if UTC: an hour off in winter."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    from zoneinfo import ZoneInfo

    mark_deadline(engine, None, "arsrapport", 2015, DeadlineStatus.DONE, by="Kari",
                  now=datetime(2015, 1, 20, 9, 30, tzinfo=ZoneInfo("Europe/Oslo")))
    with db.session_scope(engine) as session:
        closed = session.exec(select(Deadline.closed_at).join(WheelEvent).where(WheelEvent.key == "arsrapport",
                                                                                Deadline.year == 2015)).one()
    assert closed.replace(tzinfo=closed.tzinfo or UTC) == datetime(2015, 1, 20, 8, 30, tzinfo=UTC)


def test_every_way_in_takes_a_documents_default_formats_from_its_kind(cli, monkeypatch):
    """The CLI's help, the report flows' forms and the tick's runs ask DocumentKind.default_formats."""
    from flows.rapporter import REPORT_FLOWS

    monkeypatch.setenv("COLUMNS", "400")
    help_text = " ".join(cli("report", "--help").stdout.replace("│", " ").split())
    assert default_formats_in_words() in help_text
    assert "styrepapirer: md,pdf" in default_formats_in_words()
    for kind, report_flow in REPORT_FLOWS.items():
        formats = inspect.signature(report_flow.fn).parameters["formats"]
        assert formats.default is None, kind  # left empty: the kind's own
        assert f"Tomt: {', '.join(kind.default_formats)}" in " ".join(report_flow.fn.__doc__.split()), kind
    assert DocumentKind.BOARD_PACK.default_formats == ("md", "pdf")
    assert DocumentKind.MINUTES.default_formats == ("md", "docx")


def test_the_board_pack_is_written_as_its_kind_says_when_nobody_names_formats(demo_cli, tmp_path):
    written = demo_cli("report", "styrepapirer", "--meeting", "2014-06-16")
    assert written.exit_code == 0, written.output
    assert sorted(p.rsplit(".", 1)[1] for p in written.stdout.split()) == ["md", "pdf"]
    refused = demo_cli("report", "arsrapport", "--year", "2014", "--format", "md,odt")
    assert refused.exit_code == 1 and "ukjent format «odt»: velg blant md, html, docx, pdf" in refused.stderr
