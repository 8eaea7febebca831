"""Two workers recording grants to one company at the same moment (issue 29): each alone fits under the de minimis
ceiling, both together do not, so one of them must be refused. The first holds its unit of work open after
recording; the second, on a connection of its own, must wait for it (PostgreSQL: the advisory lock on the
company's organisation number; SQLite: the one writer), then see the first's award and be refused. Without the
lock the second reads the sum without the first's uncommitted award and both pass. The same for a workbook import
and a grant at once, and for a link recorded while a grant is being checked."""

from __future__ import annotations

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from omstilling.app import stateaid
from omstilling.intake import stateaid as recording
from omstilling.store import choose, db
from omstilling.store.models import AidAward

TOTEN_TREBYGG = "910791907"  # the demo's award: 18 115,94 euro on 17 March 2014 (project 2014-01)
# each alone fits under Regulation (EU) No 1407/2013's 200 000 euro beside the demo's award, both together do not
FIRST = {"project": "2014-01", "granted_on": date(2014, 5, 19), "amount_nok": 1_000_000}  # 122 918,08 euro
SECOND = {"granted_on": date(2014, 5, 20), "amount_nok": 600_000}  # 73 746,31 euro at 8,1360


def waiting(engine, thread: threading.Thread) -> bool:
    """Whether `thread`'s unit of work is waiting for a lock (PostgreSQL: a lock not granted; SQLite: still running
    after a while, waiting for the one writer), or has finished."""
    deadline = time.monotonic() + 15
    if engine.dialect.name == "postgresql":
        with engine.connect() as watcher:
            while thread.is_alive() and time.monotonic() < deadline:
                if watcher.execute(sa.text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar():
                    return True
                time.sleep(0.01)
        return False
    thread.join(1.0)
    return thread.is_alive()


def in_thread(target) -> tuple[threading.Thread, dict]:
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = target()
        except Exception as exc:  # noqa: BLE001 (the test looks at what the worker met)
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def awards_to(engine, org: str) -> int:
    with db.session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(AidAward).where(AidAward.org_number == org)).one()


def test_two_workers_granting_to_one_company_at_once_do_not_both_pass(demo_engine):
    first = Session(demo_engine, expire_on_commit=False)
    try:
        programme = choose.programme(first, "vestre-toten")
        _award, verdict = recording.add_award(first, programme, FIRST, by="arbeider-1")
        assert not verdict.refused
        thread, outcome = in_thread(
            lambda: stateaid.record_award(demo_engine, "vestre-toten", "2014-01", by="arbeider-2", **SECOND)
        )
        assert waiting(demo_engine, thread), "the second worker did not wait for the first"
        first.commit()
    finally:
        first.close()
    thread.join(30)
    assert not thread.is_alive()
    refused = outcome.get("error")
    assert isinstance(refused, stateaid.AidRefused), outcome
    assert "har fått 141\u00a0034,02\u00a0euro" in str(refused)  # the demo's award and the first worker's
    assert refused.verdict.after == Decimal("214780.33")
    assert awards_to(demo_engine, TOTEN_TREBYGG) == 2


def test_a_grant_waits_for_a_workbook_import_that_grants_to_the_same_company(demo_engine, tmp_path):
    """The import holds the company's lock from its check to its commit: a grant in between sees the import's award."""
    from openpyxl import load_workbook

    from omstilling.intake.workbook import export_workbook, import_workbook

    path = tmp_path / "arbeidsbok.xlsx"
    with db.session_scope(demo_engine) as session:
        export_workbook(session, choose.programme(session, "vestre-toten"), path)
    book = load_workbook(path)
    book["Støtte"].append(["2014-01", date(2014, 5, 19), None, 1_000_000])
    book.save(path)
    importing = Session(demo_engine, expire_on_commit=False)
    try:
        report = import_workbook(importing, path, programme="vestre-toten", written_by="leder")
        assert [len(s.new) for s in report.sheets if s.name == "Støtte"] == [1]
        thread, outcome = in_thread(
            lambda: stateaid.record_award(demo_engine, "vestre-toten", "2014-01", by="arbeider-2", **SECOND)
        )
        assert waiting(demo_engine, thread), "the grant did not wait for the import"
        importing.commit()
    finally:
        importing.close()
    thread.join(30)
    assert isinstance(outcome.get("error"), stateaid.AidRefused), outcome
    assert awards_to(demo_engine, TOTEN_TREBYGG) == 2


def test_a_link_waits_for_a_grant_being_checked_and_the_grant_after_it_counts_the_link(demo_engine):
    """A link recorded while a grant to one of its companies is being checked waits for it (links take their lock
    exclusively); the next grant counts the linked company's aid."""
    if demo_engine.dialect.name != "postgresql":
        pytest.skip("on SQLite every writer waits for the one before it; the links' own lock is PostgreSQL's")
    first = Session(demo_engine, expire_on_commit=False)
    try:
        programme = choose.programme(first, "vestre-toten")
        recording.add_award(first, programme, FIRST, by="arbeider-1")
        thread, outcome = in_thread(
            lambda: stateaid.record_link(demo_engine, "vestre-toten", "910815652", TOTEN_TREBYGG, by="leder")
        )
        assert waiting(demo_engine, thread), "the link did not wait for the grant"
        first.commit()
    finally:
        first.close()
    thread.join(30)
    assert outcome.get("value") is True, outcome
    company = stateaid.company_aid(demo_engine, "910815652", as_of=date(2014, 5, 19))
    assert company.total == Decimal("18115.94") + Decimal("122918.08") + Decimal("36231.88")
