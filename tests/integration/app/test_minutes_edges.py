"""The minutes' steps at their edges (issue 25, part 4; each found by the reviewer who tried to break them): two
first saves at once, a stale form, a case added after the first draft, a meeting cancelled while its minutes are out
for approval, a failure in the last approval, text a PDF or PostgreSQL cannot hold, and the approval page's times on a
server in another time zone. On both backends where the backend matters."""

from __future__ import annotations

import threading
import time as clock_time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from omstilling.app import attendance
from omstilling.app import minutes as use_case
from omstilling.config import get_settings
from omstilling.core import minutes as rules
from omstilling.core.enums import MeetingStatus, MinutesStatus
from omstilling.store import choose, db
from omstilling.store.models import BoardCase, BoardMeeting, Minutes, MinutesApproval

MEETING = date(2014, 6, 16)
AFTER = date(2014, 6, 17)
NOW = datetime(2014, 6, 17, 8, 0, tzinfo=UTC)
SLUG = "vestre-toten"
LEADER = "programleder@example.org"


@pytest.fixture
def engine(demo_engine, tmp_path, monkeypatch):
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "ut"))
    get_settings.cache_clear()
    yield demo_engine
    get_settings.cache_clear()


def board(engine):
    with db.session_scope(engine) as session:
        return attendance.meeting_board(session, choose.programme(session, SLUG), MEETING)


def members(engine) -> list[int]:
    return [line.seat.person_id for line in board(engine).board.members]


def save(engine, basis: str = "ny", present: list[int] | None = None, **texts):
    return use_case.save(
        engine,
        SLUG,
        MEETING,
        by=LEADER,
        basis=basis,
        present=members(engine)[:3] if present is None else present,
        others=texts.pop("others", ""),
        decisions=texts.pop("decisions", {}),
        disqualified={},
        today=AFTER,
        now=NOW,
    )


def out_for_approval(engine) -> rules.Version:
    save(engine)
    return use_case.send_for_approval(engine, SLUG, MEETING, today=AFTER, now=NOW)


def addresses(engine) -> dict[int, str]:
    found = board(engine)
    return {p.person_id: p.email for p in found.recipients if p.person_id is not None and p.email}


def versions(engine) -> list[tuple[int, MinutesStatus]]:
    with db.session_scope(engine) as session:
        return [(m.version, m.status) for m in session.exec(select(Minutes).order_by(Minutes.version))]  # type: ignore[arg-type]


def test_two_first_saves_at_once_make_one_version_and_a_norwegian_refusal(engine, monkeypatch):
    """Both start before either has written (the rules are slowed down inside the unit of work): without a lock on
    the meeting, both insert version 1 and one dies on the unique key."""
    slow = rules.content_problem

    def slowly(*args, **kwargs):
        clock_time.sleep(0.4)
        return slow(*args, **kwargs)

    monkeypatch.setattr(rules, "content_problem", slowly)
    ids = members(engine)
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def one():
        start.wait()
        try:
            save(engine, present=ids[:3])
            outcomes.append("lagret")
        except use_case.MinutesRefused as exc:
            outcomes.append(str(exc))
        except Exception as exc:  # noqa: BLE001 (the failure this test is about)
            outcomes.append(f"FEIL {type(exc).__name__}")

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[0].startswith("Protokollen er endret siden du åpnet siden"), outcomes
    assert sorted(outcomes)[1] == "lagret"
    assert versions(engine) == [(1, MinutesStatus.DRAFT)]


def test_a_stale_form_does_not_withdraw_the_version_out_for_approval(engine):
    version = out_for_approval(engine)
    with pytest.raises(use_case.MinutesRefused) as refused:
        save(engine, basis="1:utkast", decisions={"16/14": "Noe annet."})
    assert "versjon 1 er nå til godkjenning" in str(refused.value)
    assert versions(engine) == [(1, MinutesStatus.APPROVAL)]
    save(engine, basis=rules.basis(version), decisions={"16/14": "Noe annet."})  # the form of today: version 2
    assert versions(engine) == [(1, MinutesStatus.WITHDRAWN), (2, MinutesStatus.DRAFT)]


def test_a_case_added_after_the_first_draft_is_in_the_next_save_and_the_register(engine):
    first = save(engine)
    with db.session_scope(engine) as session:
        meeting = session.exec(select(BoardMeeting).where(BoardMeeting.date == MEETING)).one()
        session.add(
            BoardCase(
                programme_id=meeting.programme_id,
                meeting_id=meeting.id,
                number="77/14",
                title="Ekstra sak",
                proposal="Ja.",
            )
        )
    second = save(engine, basis=rules.basis(first), decisions={"77/14": "Styret sa ja."})
    assert ("77/14", "Styret sa ja.") in [(i.key, i.decision) for i in second.content.items]


def test_the_minutes_of_a_meeting_cancelled_since_cannot_be_approved(engine):
    version = out_for_approval(engine)
    with db.session_scope(engine) as session:
        meeting = session.exec(select(BoardMeeting).where(BoardMeeting.date == MEETING)).one()
        meeting.status = MeetingStatus.CANCELLED
        session.add(meeting)
    email = addresses(engine)[version.content.approvers[0].id]
    with pytest.raises(use_case.MinutesRefused) as refused:
        use_case.approve(
            engine, SLUG, MEETING, email=email, method="epost", sha256=version.pdf_sha256 or "", today=AFTER, now=NOW
        )
    assert "er avlyst; protokollen kan ikke godkjennes" in str(refused.value)


def test_a_failure_in_the_last_approval_leaves_no_approved_file_behind(engine, monkeypatch, tmp_path):
    version = out_for_approval(engine)
    mail = addresses(engine)
    people = [p.id for p in version.content.approvers]
    for person in people[:-1]:
        use_case.approve(
            engine,
            SLUG,
            MEETING,
            email=mail[person],
            method="epost",
            sha256=version.pdf_sha256 or "",
            today=AFTER,
            now=NOW,
        )

    def broken(*args, **kwargs):
        raise RuntimeError("utboksen svarer ikke")

    monkeypatch.setattr(use_case.messages, "rows", broken)
    with pytest.raises(RuntimeError):
        use_case.approve(
            engine,
            SLUG,
            MEETING,
            email=mail[people[-1]],
            method="epost",
            sha256=version.pdf_sha256 or "",
            today=AFTER,
            now=NOW,
        )
    assert versions(engine) == [(1, MinutesStatus.APPROVAL)]
    assert not list((tmp_path / "ut").rglob("*-godkjent.pdf"))
    with db.session_scope(engine) as session:
        assert len(session.exec(select(MinutesApproval)).all()) == len(people) - 1


def test_text_a_database_or_a_pdf_cannot_hold_is_left_out(engine):
    saved = save(
        engine, others="Kari\x00 Programleder", decisions={"16/14": "Styret \u202elive\u202c vedtar.\r\nPunkt to."}
    )
    item = next(i for i in saved.content.items if i.key == "16/14")
    assert item.decision == "Styret live vedtar.\nPunkt to." and saved.content.others == "Kari Programleder"
    use_case.send_for_comments(
        engine, SLUG, MEETING, deadline=date(2014, 6, 24), today=AFTER, now=NOW
    )  # PostgreSQL took it


def test_the_approval_page_gives_oslo_times_on_a_server_in_another_zone(engine, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    clock_time.tzset()
    try:
        version = out_for_approval(engine)
        mail = addresses(engine)
        for person in version.content.approvers:
            use_case.approve(
                engine,
                SLUG,
                MEETING,
                email=mail[person.id],
                method="epost",
                sha256=version.pdf_sha256 or "",
                today=AFTER,
                now=NOW,
            )
        with db.session_scope(engine) as session:
            path = Path(session.exec(select(Minutes)).one().approved_path or "")
        from pypdf import PdfReader

        words = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
        assert "17.06.2014 kl. 10.00" in words, words[-400:]
    finally:
        monkeypatch.delenv("TZ")
        clock_time.tzset()
