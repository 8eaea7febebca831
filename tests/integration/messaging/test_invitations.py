"""Calendar invitations that read well and arrive once (issue 25, part 2): on a programme's first run, with a
season's meetings within the 120-day horizon, nobody gets a calendar invitation per meeting in one morning; the
nearest comes first and the rest follow one a day, each once. When board meetings first land in calendars is the
programme's own choice (`Programme.invitations`), the installation's only when it has made none."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
from sqlmodel import select

from omstilling.app import reminders as use_case
from omstilling.config import get_settings
from omstilling.core.enums import InvitationTiming
from omstilling.store import db
from omstilling.store.models import Programme

FIRST_DAY = date(2014, 8, 20)  # the programme's first tick: its meetings of the next 120 days, none announced yet
# within 120 days of 20 August: the contact meeting with the county (27 August: the chair and the leader), the board
# meetings of 15 September, 20 October and 15 December, the PSV meeting (15 October) and the seminar (28 November)
AHEAD = [
    "onsdag 27. august",
    "mandag 15. september",
    "onsdag 15. oktober",
    "mandag 20. oktober",
    "fredag 28. november",
    "mandag 15. desember",
]
MEMBER, CHAIR = "styremedlem1@example.org", "styreleder@example.org"


@pytest.fixture
def run(tmp_path, monkeypatch, smtp):
    """The day's run as the tick makes it (`app.reminders.send_reminders`) through the test server; returns the
    messages that day brought."""
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "out"))
    get_settings.cache_clear()
    monkeypatch.setattr(use_case, "configured_notifier", lambda: smtp.notifier)

    def on(engine, day: date) -> list:
        moment = datetime.combine(day, time(5), tzinfo=UTC)
        monkeypatch.setattr("omstilling.clock.now", lambda: moment)
        before = len(smtp.messages)
        use_case.send_reminders(engine, as_of=day)
        return smtp.messages[before:]

    yield on
    get_settings.cache_clear()


def new_invitations(messages: list) -> list:
    return [m for m in messages if m.is_invitation and ": Invitasjon: " in m.subject]


def uids(message) -> str:
    (event,) = icalendar.Calendar.from_ical(message.attachments["invitasjon.ics"]).walk("VEVENT")
    return str(event["UID"])


def choose_timing(engine, timing: InvitationTiming | None) -> None:
    with db.session_scope(engine) as session:
        programme = session.exec(select(Programme)).one()
        programme.invitations = timing
        session.add(programme)


def test_the_first_run_announces_the_nearest_meeting_and_the_rest_one_a_day_each_once(demo_sqlite, smtp, run):
    days: dict[date, list] = {}
    for offset in range(10):
        day = FIRST_DAY + timedelta(days=offset)
        days[day] = new_invitations(run(demo_sqlite, day))
    # nobody gets more than one new calendar entry a day, the first day included
    for day, messages in days.items():
        per_person = Counter(address for m in messages for address in m.to)
        assert max(per_person.values(), default=0) <= 1, (day, per_person)
    # the nearest first: on the first day the meeting a week away, the board's next meeting the day after
    assert {m.subject.split(": ", 2)[2] for m in days[FIRST_DAY]} == {
        "Kontaktmøte med fylkeskommunen onsdag 27. august 2014 kl. 10.00"
    }
    assert [m.subject for m in days[FIRST_DAY + timedelta(days=1)] if m.to == [MEMBER]] == [
        "Vestre Toten: Invitasjon: Styremøte mandag 15. september 2014 kl. 13.00"
    ]
    # and in the end every meeting of the horizon is in the chair's calendar, in the order they come, each once
    chair = [m for messages in days.values() for m in messages if m.to == [CHAIR]]
    assert [next(d for d in AHEAD if d in m.subject) for m in chair] == AHEAD
    assert len({uids(m) for m in chair}) == len(chair)
    # a second run of a day sends nothing again
    assert new_invitations(run(demo_sqlite, FIRST_DAY + timedelta(days=9))) == []


def test_a_meeting_close_at_hand_is_not_held_back_by_another_announced_that_day(demo_sqlite, smtp, run):
    """On 1 September the contact meeting is over; the board meeting of 15 September is two weeks off and the PSV
    meeting further: the board meeting goes first. Its notice day (8 September) comes while the others still wait
    their turn: its invitation is there for the notice."""
    first = new_invitations(run(demo_sqlite, date(2014, 9, 1)))
    assert {m.subject for m in first if m.to == [MEMBER]} == {
        "Vestre Toten: Invitasjon: Styremøte mandag 15. september 2014 kl. 13.00"
    }
    assert max(Counter(a for m in first for a in m.to).values()) == 1


def test_the_programme_that_chose_the_notice_day_gets_the_invitation_with_the_notice(
    demo_sqlite, smtp, run, monkeypatch
):
    choose_timing(demo_sqlite, InvitationTiming.NOTICE)  # the installation's setting is «planlagt»
    for offset in range(10):
        sent = run(demo_sqlite, FIRST_DAY + timedelta(days=offset))
        assert not [m for m in new_invitations(sent) if "Styremøte" in m.subject], offset
    notice_day = run(demo_sqlite, date(2014, 9, 8))  # 15 September less 7 days
    assert [m.subject for m in new_invitations(notice_day) if m.to == [MEMBER]] == [
        "Vestre Toten: Invitasjon: Styremøte mandag 15. september 2014 kl. 13.00"
    ]
    assert [m for m in notice_day if m.to == [MEMBER] and "Innkalling til styremøte" in m.subject]


def test_the_programme_that_chose_planned_is_invited_ahead_though_the_installation_says_the_notice_day(
    demo_sqlite, smtp, run, monkeypatch
):
    monkeypatch.setenv("OMSTILLING_INVITATIONS", "innkalling")
    get_settings.cache_clear()
    run(demo_sqlite, FIRST_DAY)
    assert not [m for m in new_invitations(run(demo_sqlite, FIRST_DAY + timedelta(days=1))) if "Styremøte" in m.subject]
    choose_timing(demo_sqlite, InvitationTiming.PLANNED)
    assert [
        m.subject for m in new_invitations(run(demo_sqlite, FIRST_DAY + timedelta(days=2))) if m.to == [MEMBER]
    ] == ["Vestre Toten: Invitasjon: Styremøte mandag 15. september 2014 kl. 13.00"]


def column_of(sheet, header: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == header)


def test_the_choice_is_a_column_of_the_workbook_that_imports_and_exports_unchanged(demo_sqlite, tmp_path):
    """«Kalenderinvitasjon» on the sheet Program: blank (the installation's choice) as the demo has it, then
    «innkalling» written by the leader lands in the programme, exports as it was written, and imports again as no
    change; a word that is not a choice is named by sheet, row and column, and nothing is written."""
    from openpyxl import load_workbook

    from omstilling.intake.workbook import WorkbookInvalid, export_workbook, import_workbook
    from omstilling.store import choose
    from omstilling.store.load import load_snapshot

    with db.session_scope(demo_sqlite) as session:
        export_workbook(session, choose.programme(session), tmp_path / "demo.xlsx")
    workbook = load_workbook(tmp_path / "demo.xlsx")
    column = column_of(workbook["Program"], "Kalenderinvitasjon")
    assert workbook["Program"].cell(2, column).value is None
    workbook["Program"].cell(2, column).value = "innkalling"
    workbook.save(tmp_path / "innkalling.xlsx")
    with db.session_scope(demo_sqlite) as session:
        dry = import_workbook(session, tmp_path / "innkalling.xlsx", dry_run=True)
    assert [(s.sheet, s.changed[0].fields) for s in dry.sheets if s.changed] == [
        ("Program", (("Kalenderinvitasjon", "(tom)", "innkalling"),))
    ]
    with db.session_scope(demo_sqlite) as session:
        assert import_workbook(session, tmp_path / "innkalling.xlsx").changes == 1
        assert load_snapshot(session, choose.programme(session)).invitations is InvitationTiming.NOTICE
        export_workbook(session, choose.programme(session), tmp_path / "igjen.xlsx")
    again = load_workbook(tmp_path / "igjen.xlsx")
    assert again["Program"].cell(2, column_of(again["Program"], "Kalenderinvitasjon")).value == "innkalling"
    with db.session_scope(demo_sqlite) as session:
        assert import_workbook(session, tmp_path / "igjen.xlsx").changes == 0
    again["Program"].cell(2, column_of(again["Program"], "Kalenderinvitasjon")).value = "snart"
    again.save(tmp_path / "feil.xlsx")
    with pytest.raises(WorkbookInvalid) as caught, db.session_scope(demo_sqlite) as session:
        import_workbook(session, tmp_path / "feil.xlsx")
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Program", 2, "Kalenderinvitasjon")
    assert "planlagt" in problem.message and "innkalling" in problem.message
    with db.session_scope(demo_sqlite) as session:
        assert load_snapshot(session, choose.programme(session)).invitations is InvitationTiming.NOTICE


def test_the_demo_files_schema_takes_the_choice_by_its_word_and_leaves_it_optional():
    from omstilling.errors import InputError
    from omstilling.intake.schemas import ProgrammeIn

    base = {
        "slug": "ny",
        "name": "Omstillingsprogrammet i Ny",
        "municipality": "Ny kommune",
        "county": "Innlandet fylkeskommune",
        "county_short": "IFK",
        "status_start_year": 2020,
        "status_end_year": 2025,
    }
    assert ProgrammeIn.model_validate(base).invitations is None
    assert ProgrammeIn.model_validate(base | {"invitations": "innkalling"}).invitations is InvitationTiming.NOTICE
    assert ProgrammeIn.model_validate(base | {"invitations": "planlagt"}).invitations is InvitationTiming.PLANNED
    with pytest.raises((ValueError, InputError)):
        ProgrammeIn.model_validate(base | {"invitations": "snart"})


def test_status_says_when_the_board_meetings_land_in_calendars_and_whose_choice_it_is(demo_cli, tmp_path):
    import json

    shown = " ".join(demo_cli("status").stdout.split())
    assert "Kalenderinvitasjon til styremøtene: når møtet er planlagt (installasjonens valg" in shown
    assert json.loads(demo_cli("status", "--json").stdout)["programme"]["invitations"] is None
    engine = db.make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    choose_timing(engine, InvitationTiming.NOTICE)
    engine.dispose()
    shown = " ".join(demo_cli("status").stdout.split())
    assert "Kalenderinvitasjon til styremøtene: sammen med innkallingen (programmets valg)." in shown
    assert json.loads(demo_cli("status", "--json").stdout)["programme"]["invitations"] == "innkalling"
