"""Decisions that had several homes and now have one: each test goes through more than one way in (the command
line, the application layer the web app and the forms call) and would fail if a way in decided on its own again."""

from __future__ import annotations

import inspect
import re
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
        deadline = session.exec(
            select(Deadline)
            .join(WheelEvent)
            .where(WheelEvent.key == key, Deadline.year == year)
            .order_by(Deadline.occurrence)
        ).first()
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

    mark_deadline(
        engine,
        None,
        "arsrapport",
        2015,
        DeadlineStatus.DONE,
        by="Kari",
        now=datetime(2015, 1, 20, 9, 30, tzinfo=ZoneInfo("Europe/Oslo")),
    )
    with db.session_scope(engine) as session:
        closed = session.exec(
            select(Deadline.closed_at).join(WheelEvent).where(WheelEvent.key == "arsrapport", Deadline.year == 2015)
        ).one()
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


def test_two_people_marking_one_deadline_at_once_one_is_told_it_was_just_marked(demo_cli, tmp_path, monkeypatch):
    """Both read the deadline open before either writes (a barrier forces it): on SQLite, which takes no row lock
    for the read, both used to be told it worked and one of them lost their note."""
    import threading

    from omstilling.wheel import deadlines as module

    engine = db.make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    mark_deadline(engine, None, "arsrapport", 2015, DeadlineStatus.SKIPPED, by="oppsett")  # rows written
    mark_deadline(engine, None, "arsrapport", 2015, DeadlineStatus.OPEN, by="oppsett")
    both_ready = threading.Barrier(2, timeout=10)
    materialise = module.materialise

    def materialise_then_wait(*args, **kwargs):  # then both read the deadline before either writes
        result = materialise(*args, **kwargs)
        both_ready.wait()
        return result

    monkeypatch.setattr(module, "materialise", materialise_then_wait)
    outcomes: dict[str, object] = {}

    def mark(person: str) -> None:
        try:
            outcomes[person] = mark_deadline(
                engine, None, "arsrapport", 2015, DeadlineStatus.DONE, by=person, note=f"notat fra {person}"
            ).sentence
        except InputError as exc:
            outcomes[person] = exc

    threads = [threading.Thread(target=mark, args=(p,)) for p in ("Kari", "Ola")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    told_done = [p for p, o in outcomes.items() if isinstance(o, str)]
    assert len(told_done) == 1, outcomes
    (other,) = {"Kari", "Ola"} - set(told_done)
    assert re.search(
        r"(ble nettopp markert|er allerede) utført av (Kari|Ola); ingenting ble endret", str(outcomes[other])
    )
    assert _note_of(engine, "arsrapport", 2015) == (f"notat fra {told_done[0]}", DeadlineStatus.DONE)


def test_a_note_the_browser_counts_as_2000_characters_is_kept_and_control_characters_are_refused(demo_cli, tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with pytest.raises(InputError, match="kontrolltegn"):
        mark_deadline(engine, None, "arsrapport", 2015, DeadlineStatus.DONE, by="Kari", note="før\x00etter")
    with pytest.raises(InputError, match="markert av: er for langt"):
        mark_deadline(engine, None, "arsrapport", 2015, DeadlineStatus.DONE, by="b" * 201)
    browser_note = "\r\n".join(["x" * 199] * 10)  # 1 999 characters as the browser counts, 2 008 as it sends
    mark_deadline(engine, None, "arsrapport", 2015, DeadlineStatus.DONE, by="Kari", note=browser_note)
    assert _note_of(engine, "arsrapport", 2015) == ("\n".join(["x" * 199] * 10), DeadlineStatus.DONE)


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("OMSTILLING_TIMEZONE", "Mars/Olympus", "OMSTILLING_TIMEZONE «Mars/Olympus» er ingen kjent tidssone"),
        ("OMSTILLING_TIMEZONE", "../../etc/passwd", "OMSTILLING_TIMEZONE «../../etc/passwd» er ingen kjent tidssone"),
        ("OMSTILLING_FILE_MODE", "0777", "OMSTILLING_FILE_MODE 0777 lar andre skrive i filene eller kjøre dem"),
        ("OMSTILLING_FILE_MODE", "abc", "OMSTILLING_FILE_MODE må være en filmodus i oktal"),
    ],
)
def test_a_setting_that_cannot_be_used_is_one_norwegian_line_not_a_traceback(demo_cli, monkeypatch, name, value, said):
    from omstilling.config import get_settings

    monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    result = demo_cli("wheel", "--year", "2014")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"feil: {said}")
    assert "Traceback" not in result.stderr and "pydantic" not in result.stderr
