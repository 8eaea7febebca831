"""A meeting whose minutes are approved keeps what they record when a workbook comes in (issue 25): its day and
status, and its cases' titles and decisions; a new case cannot join it. Everything else about it (the place), and
the other meetings, import as before; an unchanged round trip is accepted."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from omstilling.core.enums import MinutesStatus
from omstilling.intake.workbook import WorkbookInvalid, export_workbook, import_workbook
from omstilling.store import choose, db
from omstilling.store.models import BoardCase, BoardMeeting, Minutes
from omstilling.store.models.base import stored_id

MEETING = date(2014, 6, 16)
NOW = datetime(2014, 6, 20, 8, tzinfo=UTC)


def approve(engine) -> None:
    with db.session_scope(engine) as session:
        meeting = session.exec(select(BoardMeeting).where(BoardMeeting.date == MEETING)).one()
        session.add(
            Minutes(
                meeting_id=stored_id(meeting),
                version=1,
                status=MinutesStatus.APPROVED,
                content={"present": [], "absent": [], "others": "", "items": []},
                written_by="programleder@example.org",
                written_at=NOW,
                approved_at=NOW,
            )
        )


def export(engine, path: Path) -> Path:
    with db.session_scope(engine) as session:
        export_workbook(session, choose.programme(session), path)
    return path


def edit(path: Path, sheet: str, match, column: str, value) -> Path:
    workbook = load_workbook(path)
    rows = workbook[sheet]
    index = [c.value for c in rows[1]].index(column)
    for row in rows.iter_rows(min_row=2):
        if match(row):
            row[index].value = value
    workbook.save(path)
    return path


def problems(engine, path: Path) -> list[str]:
    with pytest.raises(WorkbookInvalid) as caught, db.session_scope(engine) as session:
        import_workbook(session, path)
    return [str(p) for p in caught.value.problems]


def decision_of(engine, number: str) -> str | None:
    with db.session_scope(engine) as session:
        return session.exec(select(BoardCase).where(BoardCase.number == number)).one().decision


def is_the_meeting(row) -> bool:
    return row[1].value is not None and str(row[1].value)[:10] == MEETING.isoformat()


def test_the_approved_minutes_keep_their_cases_and_their_day(demo_sqlite, tmp_path):
    approve(demo_sqlite)
    before = decision_of(demo_sqlite, "16/14")
    path = edit(
        export(demo_sqlite, tmp_path / "a.xlsx"), "Saker", lambda r: r[0].value == "16/14", "Vedtak", "Noe annet."
    )
    (problem,) = problems(demo_sqlite, path)
    assert (
        "Saker" in problem
        and "saken står i protokollen fra møtet, som er godkjent (versjon 1), så vedtaket kan ikke endres" in problem
    )
    assert decision_of(demo_sqlite, "16/14") == before
    path = edit(export(demo_sqlite, tmp_path / "b.xlsx"), "Styremøter", is_the_meeting, "Status", "avlyst")
    (problem,) = problems(demo_sqlite, path)
    assert "protokollen fra møtet er godkjent (versjon 1), så statusen kan ikke endres" in problem
    # a case of another meeting, and the meeting's place, change as before
    path = edit(export(demo_sqlite, tmp_path / "c.xlsx"), "Styremøter", is_the_meeting, "Sted", "Raufoss")
    path = edit(path, "Saker", lambda r: r[0].value == "02/14", "Vedtak", "Vedtatt slik.")
    with db.session_scope(demo_sqlite) as session:
        import_workbook(session, path)
    assert decision_of(demo_sqlite, "02/14") == "Vedtatt slik."
    with db.session_scope(demo_sqlite) as session:
        assert session.exec(select(BoardMeeting).where(BoardMeeting.date == MEETING)).one().location == "Raufoss"
