"""The board meeting's notice (issue 25): on its notice day the board and the leader get "Innkalling til styremøte"
over a real SMTP server, with the place, the agenda in order, the board pack as PDF and the meeting's link, and
no checklist of the leader's; once, whatever runs twice or crashes; a moved or cancelled meeting is corrected."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
from pypdf import PdfReader
from sqlmodel import select

from omstilling.app import reminders as use_case
from omstilling.config import get_settings
from omstilling.core.enums import MeetingStatus, MessageKind
from omstilling.messaging.outbox import remind
from omstilling.messaging.transport import AppriseNotifier
from omstilling.store import db
from omstilling.store.models import BoardMeeting, OutboxMessage

NOTICE_DAY = date(2014, 6, 6)  # 16 June less 7 days is Whit Monday: the Friday before
CALLED = [
    "programleder@example.org",
    "styreleder@example.org",
    "styremedlem1@example.org",
    "styremedlem2@example.org",
    "styremedlem3@example.org",
    "varamedlem1@example.org",
]
SUBJECT = "Vestre Toten: Innkalling til styremøte mandag 16. juni 2014 kl. 13.00"
CHECKLIST = ("mangler rapporterte arbeidsplasser", "avvik mangler forklaring", "Dette mangler fortsatt")
INVITATIONS = 6  # the notice day's calendar invitations: the called meeting's, one each (no other meeting's that day)


@pytest.fixture
def run(tmp_path, monkeypatch, smtp):
    """The day's run as the tick makes it (`app.reminders.send_reminders`), on a day, through the test server."""
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("OMSTILLING_BASE_URL", "https://omstilling.example.no/")
    get_settings.cache_clear()
    notifier = {"it": smtp.notifier}
    monkeypatch.setattr(use_case, "configured_notifier", lambda: notifier["it"])

    def on(engine, day: date):
        moment = datetime.combine(day, time(5), tzinfo=UTC)
        monkeypatch.setattr("omstilling.clock.now", lambda: moment)
        return use_case.send_reminders(engine, as_of=day)[0]

    on.notifier = notifier
    yield on
    get_settings.cache_clear()


def notices(smtp, word="Innkalling til styremøte"):
    return [m for m in smtp.messages if word in m.subject and m.calendar is None]


def about_june(messages) -> list:
    """The messages but the first invitations to the later meetings (they follow one a day: test_invitations.py)."""
    return [
        m for m in messages if not (m.is_invitation and ": Invitasjon: " in m.subject and " juni " not in m.subject)
    ]


def test_the_board_and_the_leader_are_called_with_place_agenda_pack_and_link_and_no_checklist(demo_sqlite, smtp, run):
    run(demo_sqlite, NOTICE_DAY)
    called = notices(smtp)
    assert sorted(a for m in called for a in m.to) == CALLED
    for notice in called:
        assert notice.subject == SUBJECT
        lines = notice.body.splitlines()
        assert "Tid: mandag 16. juni 2014 kl. 13.00–16.00" in lines
        assert any(line.startswith("Sted: ") and line != "Sted: ikke oppgitt" for line in lines)
        # the agenda as the papers order it: standing items, decision cases, briefing cases, eventuelt
        order = [lines.index(h) for h in ("Saksliste", "Vedtakssaker", "Orienteringssaker", "- Eventuelt")]
        assert order == sorted(order)
        assert any(line.startswith("- Sak ") and "/14: " in line for line in lines)
        assert any(line.strip().startswith("Forslag til vedtak: ") for line in lines)
        assert "Møtet i nettappen: https://omstilling.example.no/programmer/vestre-toten/moter/2014-06-16" in lines
        assert "Styrepapirene er vedlagt (PDF)." in lines
        assert not any(word in notice.body or word in (notice.html or "") for word in CHECKLIST)
        assert "Saksliste" in notice.html and "moter/2014-06-16" in notice.html
        (name,) = notice.attachments
        pdf = notice.attachments[name]
        assert name == "styrepapirer-2014-06-16.pdf" and pdf.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(pdf))
        text = "".join(page.extract_text() for page in reader.pages)
        assert "Innkalling" in text and "16/14" in text
        assert "Styrepapirer" in (reader.metadata.title or "")
    # the pack was written once, not per recipient: every notice carries the same file
    assert len({bytes(m.attachments["styrepapirer-2014-06-16.pdf"]) for m in called}) == 1
    # nobody who is not the leader gets the leader's checklist on that day, the municipal contact included
    for message in smtp.messages:
        if message.to != ["programleder@example.org"]:
            assert not any(word in message.body for word in CHECKLIST), (message.to, message.subject)
    # and the board's "Påminnelse" of the meeting is not sent beside the notice
    assert not [m for m in smtp.messages if "Påminnelse: Styremøte mandag 16. juni" in m.subject]
    # a second run of the day sends nothing twice
    count = len(smtp.messages)
    run(demo_sqlite, NOTICE_DAY)
    assert len(smtp.messages) == count


class FailsAfter:
    """The test server's notifier, which stops working after `n` messages (a crash in the middle of a send)."""

    def __init__(self, real: AppriseNotifier, n: int):
        self.real, self.left = real, n

    def __getattr__(self, name):
        return getattr(self.real, name)

    def send_email(self, *args, **kwargs):
        if self.left <= 0:
            raise RuntimeError("the worker died")
        self.left -= 1
        return self.real.send_email(*args, **kwargs)


def test_a_crash_in_the_middle_of_the_send_sends_the_rest_exactly_once_on_the_next_run(demo_sqlite, smtp, run):
    run.notifier["it"] = FailsAfter(smtp.notifier, INVITATIONS + 3)  # the day's invitations, then 3 of the notices
    with pytest.raises(RuntimeError):
        run(demo_sqlite, NOTICE_DAY)
    assert len(notices(smtp)) == 3
    # the row in flight is held until its lease runs out; the next run after it sends the rest, each once
    run.notifier["it"] = smtp.notifier
    run(demo_sqlite, NOTICE_DAY)
    assert len(notices(smtp)) == 5
    after_lease = datetime.now(UTC) + timedelta(minutes=10)  # the leases are counted on the real clock
    moment = datetime.combine(NOTICE_DAY, time(5), tzinfo=UTC)
    remind(demo_sqlite, as_of=NOTICE_DAY, now=moment, notifier=smtp.notifier, clock=lambda: after_lease)
    assert sorted(a for m in notices(smtp) for a in m.to) == CALLED


def test_a_moved_meeting_sends_a_correction_naming_the_old_and_the_new_time(demo_sqlite, smtp, run):
    run(demo_sqlite, NOTICE_DAY)
    move(demo_sqlite, date(2014, 6, 16), date=date(2014, 6, 18), start_time=time(9, 0))
    run(demo_sqlite, date(2014, 6, 9) + timedelta(days=1))
    corrected = notices(smtp, "Endret innkalling")
    assert sorted(a for m in corrected for a in m.to) == CALLED
    (one, *_) = corrected
    assert one.subject == "Vestre Toten: Endret innkalling til styremøte onsdag 18. juni 2014 kl. 09.00"
    assert "- Tid: mandag 16. juni 2014 kl. 13.00 → onsdag 18. juni 2014 kl. 09.00" in one.body.splitlines()
    # a board member's correction carries answer links for the new day (the notice's name the old one)
    member = next(m for m in corrected if m.to == ["styremedlem1@example.org"])
    links = re.findall(r"^- (?:Kommer|Kommer ikke|Usikker): (https://\S+)$", member.body, re.MULTILINE)
    assert len(links) == 3 and all("/moter/2014-06-18/svar/" in link for link in links), member.body
    assert "Svarene som er gitt, gjelder fortsatt" in member.body
    count = len(smtp.messages)
    run(demo_sqlite, date(2014, 6, 11))
    assert len(notices(smtp, "Endret innkalling")) == len(corrected) and about_june(smtp.messages[count:]) == []


def test_a_cancelled_meeting_sends_an_avlyst_correction(demo_sqlite, smtp, run):
    run(demo_sqlite, NOTICE_DAY)
    move(demo_sqlite, date(2014, 6, 16), status=MeetingStatus.CANCELLED)
    run(demo_sqlite, date(2014, 6, 10))
    cancelled = notices(smtp, "Avlyst: Styremøte mandag 16. juni 2014 kl. 13.00")
    assert sorted(a for m in cancelled for a in m.to) == CALLED
    assert "er avlyst" in cancelled[0].body
    with db.session_scope(demo_sqlite) as session:
        kinds = {r.kind for r in session.exec(select(OutboxMessage)) if "Avlyst" in r.subject}
    assert MessageKind.CORRECTION in kinds


def test_the_calendar_entry_is_titled_with_the_programme(demo_sqlite, smtp, run):
    run(demo_sqlite, date(2014, 5, 20))  # the day after the May meeting: June's is the nearest, announced first
    (invitation,) = [m for m in smtp.invitations() if "16. juni" in m.subject and m.to == ["styremedlem1@example.org"]]
    event = icalendar.Calendar.from_ical(invitation.calendar).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Styremøte · Omstillingsprogrammet i Vestre Toten"


def move(engine, on: date, **changes) -> None:
    with db.session_scope(engine) as session:
        meeting = session.exec(select(BoardMeeting).where(BoardMeeting.date == on)).one()
        for name, value in changes.items():
            setattr(meeting, name, value)
        session.add(meeting)


def test_a_case_title_written_as_markup_is_text_in_the_notices_html(demo_sqlite, smtp, run):
    """Whoever enters the cases cannot put markup in the mail every board member gets (a tracking picture, a fake
    button): the title, the proposal and the place are text in the HTML part."""
    from omstilling.store.models import BoardCase

    with db.session_scope(demo_sqlite) as session:
        case = session.exec(select(BoardCase).where(BoardCase.number == "14/14")).one()
        case.title = '<img src="https://sporing.example/x.gif" onerror="alert(1)">Halvårsrapport'
        case.proposal = "<script>alert(2)</script> godkjennes."
        session.add(case)
    run(demo_sqlite, NOTICE_DAY)
    (notice, *_) = notices(smtp)
    assert "<img" not in notice.html and "<script" not in notice.html
    assert "&lt;img src=" in notice.html and "&lt;script&gt;" in notice.html


def test_a_cancelled_meeting_held_after_all_is_called_again_once(demo_sqlite, smtp, run):
    """Called on 6 June, cancelled (the board told «Avlyst»), then held after all: the board gets a new notice with
    the agenda and the pack (it got only a calendar update, its last word from us being that the meeting was off),
    once however often the day runs."""
    run(demo_sqlite, NOTICE_DAY)
    move(demo_sqlite, date(2014, 6, 16), status=MeetingStatus.CANCELLED)
    run(demo_sqlite, date(2014, 6, 9))
    move(demo_sqlite, date(2014, 6, 16), status=MeetingStatus.PLANNED)
    run(demo_sqlite, date(2014, 6, 10))
    again = [m for m in notices(smtp) if "Avlyst" not in m.subject]
    assert len(again) == 2 * len(CALLED)  # the first notice, and the new one
    assert sorted(a for m in again[len(CALLED) :] for a in m.to) == CALLED
    assert all(m.attachments for m in again[len(CALLED) :])
    count = len(smtp.messages)
    run(demo_sqlite, date(2014, 6, 11))
    assert about_june(smtp.messages[count:]) == []


def test_a_member_who_joins_after_the_notice_day_gets_the_notice_once_and_no_one_else_again(demo_sqlite, smtp, run):
    from omstilling.intake import writes
    from omstilling.store import choose

    run(demo_sqlite, NOTICE_DAY)
    with db.session_scope(demo_sqlite) as session:
        writes.add_role(
            session,
            choose.programme(session),
            {
                "name": "Ny Styrerepresentant",
                "role": "styremedlem",
                "term_start": date(2014, 6, 9),
                "email": "ny@example.org",
            },
        )
    run(demo_sqlite, date(2014, 6, 9))
    run(demo_sqlite, date(2014, 6, 10))
    called = notices(smtp)
    assert sorted(a for m in called for a in m.to) == sorted([*CALLED, "ny@example.org"])
    (late,) = [m for m in called if m.to == ["ny@example.org"]]
    assert late.subject == SUBJECT and late.attachments and "Saksliste" in late.body


def test_a_notice_sent_late_carries_the_pack_the_others_got_even_after_it_is_written_again(
    demo_sqlite, smtp, run, tmp_path
):
    """The notice to one member fails on the notice day; the leader then corrects a case and writes the pack
    again; the retried notice carries the same PDF as everyone else's (it took the newer one: the board read two
    sets of papers for one notice, and nobody was told)."""
    import hashlib

    from omstilling.app.drafts import write_report
    from omstilling.core.enums import DocumentKind
    from omstilling.store.models import BoardCase

    run.notifier["it"] = FailsAfter(smtp.notifier, INVITATIONS + 5)  # every notice but the last goes out
    with pytest.raises(RuntimeError):
        run(demo_sqlite, NOTICE_DAY)
    with db.session_scope(demo_sqlite) as session:
        case = session.exec(select(BoardCase).where(BoardCase.number == "14/14")).one()
        case.title = "Halvårsrapport per 30. juni 2014 (rettet tittel)"
        session.add(case)
    rewritten = write_report(
        demo_sqlite, None, DocumentKind.BOARD_PACK, meeting_date=date(2014, 6, 16), formats=("pdf",)
    )
    assert rewritten.published.changed and rewritten.published.version == 2
    run.notifier["it"] = smtp.notifier
    after_lease = datetime.now(UTC) + timedelta(minutes=10)
    moment = datetime.combine(NOTICE_DAY, time(5), tzinfo=UTC)
    remind(demo_sqlite, as_of=NOTICE_DAY, now=moment, notifier=smtp.notifier, clock=lambda: after_lease)
    called = notices(smtp)
    assert sorted(a for m in called for a in m.to) == CALLED
    packs = {hashlib.sha256(next(iter(m.attachments.values()))).hexdigest() for m in called}
    assert len(packs) == 1


def test_a_meeting_without_a_time_is_called_without_an_invented_one(demo_sqlite, smtp, run):
    """The calendar needs a time and takes a default; the notice says the time is not set instead of giving the
    default as the meeting's («kl. 09.00–12.00» for a meeting nobody had set a time for)."""
    move(demo_sqlite, date(2014, 6, 16), start_time=None)
    run(demo_sqlite, NOTICE_DAY)
    (notice, *_) = notices(smtp)
    assert notice.subject == "Vestre Toten: Innkalling til styremøte mandag 16. juni 2014, klokkeslett ikke fastsatt"
    assert "Tid: mandag 16. juni 2014, klokkeslett ikke fastsatt" in notice.body.splitlines()
    assert " kl. " not in notice.body.split("Saksliste")[0]
