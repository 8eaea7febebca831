"""A nynorsk programme's e-mail is nynorsk as it arrives (issue 28): a second programme of the demo's county (not the
demo), set to nynorsk, gets its reminders, its board meeting's notice and calendar invitation and its minutes'
messages over a real SMTP server in nynorsk, in every part (subject, text, HTML, the calendar object), with dates
through Babel's nn («måndag 16. juni 2014») and no bokmål-only word form (the programme's own data taken out: its
titles and names are its own words). A digest follows its programmes' standard: nynorsk when all its items are a
nynorsk programme's, bokmål around them when a person hears from a bokmål and a nynorsk programme the same day."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from omstilling.app import minutes as minutes_use_case
from omstilling.app.attendance import meeting_board
from omstilling.config import get_settings
from omstilling.core.enums import MessageKind
from omstilling.core.language import WrittenStandard
from omstilling.messaging.outbox import invite, remind
from omstilling.messaging.transport import RecordingNotifier
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot
from omstilling.store.models import OutboxMessage, Programme
from tests.support.demo import add_copy
from tests.support.mail import Received
from tests.support.nynorsk import bokmal_words, data_strings

SLUG = "gjovik"
MEETING = date(2014, 6, 16)
URL = re.compile(r"https?://\S+")


@pytest.fixture
def nynorsk(demo_sqlite, tmp_path, monkeypatch):
    """The demo's database with a second programme, Omstilling Gjøvik, in nynorsk (the same people, the same plan);
    its own data, to be taken out before the word check."""
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "ut"))
    get_settings.cache_clear()
    add_copy(demo_sqlite, language=WrittenStandard.NYNORSK)
    with db.session_scope(demo_sqlite) as session:
        snapshot = load_snapshot(session, session.exec(select(Programme).where(Programme.slug == SLUG)).one())
    assert snapshot.language is WrittenStandard.NYNORSK
    yield demo_sqlite, data_strings(snapshot)
    get_settings.cache_clear()


def run(engine, smtp, day: date, **options) -> None:
    """The day's run for the nynorsk programme alone: invitations and notices up to date, reminders, send."""
    now = datetime.combine(day, datetime.min.time(), tzinfo=UTC).replace(hour=5)
    invite(engine, as_of=day, now=now, notifier=smtp.notifier, programme_slug=options.get("programme_slug", SLUG))
    remind(engine, as_of=day, now=now, notifier=smtp.notifier, **({"programme_slug": SLUG} | options))


def read(message: Received) -> str:
    """Everything a person reads in a message: the subject, the text, the HTML's text, the calendar's title and
    description (links taken out: an address is not a word)."""
    html = re.sub(r"<[^>]+>", " ", message.html or "")
    calendar = "\n".join(
        line for line in (message.calendar or "").splitlines() if line.startswith(("SUMMARY", "DESCRIPTION"))
    )
    return URL.sub(" ", "\n".join([message.subject, message.body, html, calendar]))


def minutes_out_for_comments(engine) -> list[str]:
    """The leader writes the minutes of 16 June the next morning and sends them to the members present; the minutes'
    items as recorded (their titles and decisions: what the leader recorded, as the draft's message lists them)."""
    today, now = date(2014, 6, 17), datetime(2014, 6, 17, 8, tzinfo=UTC)
    with db.session_scope(engine) as session:
        board = meeting_board(session, choose.programme(session, SLUG), MEETING)
        assert board is not None
        present = [line.seat.person_id for line in board.board.members][:3]
    minutes_use_case.save(
        engine,
        SLUG,
        MEETING,
        by="programleder@example.org",
        basis="ny",
        present=present,
        others="",
        decisions={},
        disqualified={},
        today=today,
        now=now,
    )
    version = minutes_use_case.send_for_comments(
        engine, SLUG, MEETING, deadline=date(2014, 6, 24), today=today, now=now
    )
    return [text for item in version.content.items for text in (item.title, item.decision) if text]


def test_a_nynorsk_programmes_reminders_notice_invitation_and_minutes_arrive_in_nynorsk(nynorsk, smtp):
    engine, data = nynorsk
    run(engine, smtp, date(2014, 6, 6))  # the notice of 16 June, its calendar invitation, the application's reminder
    # the minutes' standing items are worded when the leader first saves them (app.minutes), in the programme's
    # standard whoever saves: here the use case is called as a script would, outside any page
    recorded = minutes_out_for_comments(engine)
    assert "Innkalling og saksliste blir godkjende." in recorded, recorded
    run(engine, smtp, date(2014, 6, 17))
    own = data
    assert smtp.messages and all(m.subject.startswith("Gjøvik: ") for m in smtp.messages)

    notice = next(m for m in smtp.messages if m.to == ["styreleder@example.org"] and "Innkalling" in m.subject)
    assert notice.subject == "Gjøvik: Innkalling til styremøte måndag 16. juni 2014 kl. 13.00"
    assert "Du blir kalla inn til styremøte i Omstilling Gjøvik.\n" in notice.body
    assert "Tid: måndag 16. juni 2014 kl. 13.00–16.00\nStad: " in notice.body
    assert notice.body.endswith("\nHelsing omstilling\n")

    invitation = next(m for m in smtp.invitations() if m.to == ["styreleder@example.org"])
    assert invitation.subject == "Gjøvik: Invitasjon: Styremøte måndag 16. juni 2014 kl. 13.00"
    assert "Du er invitert til «Styremøte» måndag 16. juni 2014 kl. 13.00–16.00" in invitation.body
    assert "Invitasjonen ligg ved som kalenderfil (invitasjon.ics), så møtet kjem i kalenderen din." in invitation.body
    assert "SUMMARY:Styremøte · Omstilling Gjøvik" in invitation.calendar

    reminder = next(
        m for m in smtp.reminders() if m.to == ["programleder@example.org"] and "påminning" in m.subject.lower()
    )
    assert "Du får denne meldinga som programleiar." in reminder.body
    assert "Ansvarleg: " in reminder.body and "Helsing omstilling" in reminder.body

    (draft,) = [m for m in smtp.messages if m.to == ["styremedlem1@example.org"] and "protokoll" in m.subject]
    assert (
        draft.subject == "Gjøvik: Utkast til protokoll frå styremøtet 16. juni 2014 – kommentarar innan 24. juni 2014"
    )
    assert "Du var til stades på møtet." in draft.body and "innan tysdag 24. juni 2014;" in draft.body
    assert "<strong>tysdag 24. juni 2014</strong>" in draft.html

    for message in smtp.messages:  # every part of every message, the HTML's frame too
        assert message.html is None or '<html lang="nn">' in message.html, message.subject
        assert message.html is None or "Denne meldinga er send automatisk frå årshjulet til Omstilling Gjøvik." in (
            message.html
        )
        words = bokmal_words(read(message), own)
        assert not words, (message.subject, words)


def test_a_digest_is_nynorsk_for_a_nynorsk_programme_and_bokmal_around_two_standards(nynorsk, smtp):
    engine, data = nynorsk
    # 7 February 2014: the leader has two reminders of each programme
    run(engine, smtp, date(2014, 2, 7), digest=True)
    (own,) = [m for m in smtp.reminders() if m.to == ["programleder@example.org"]]
    assert own.subject == "Gjøvik: Årshjulet fredag 7. februar 2014: 2 påminningar"
    assert own.body.startswith("Hei Bjørn Iversen,\n\nDette står på årshjulet ditt fredag 7. februar 2014:\n")
    assert own.body.count("Helsing omstilling") == 1 and own.body.endswith("\nHelsing omstilling\n")
    assert '<html lang="nn">' in own.html
    assert not bokmal_words(read(own), data)

    smtp.messages.clear()
    # 10 March 2014: the chair (the same person in both programmes) has a reminder of each (and each programme's
    # notice of 17 March, which goes on its own)
    run(engine, smtp, date(2014, 3, 10), digest=True, programme_slug=None)
    (mixed,) = [m for m in smtp.reminders() if m.to == ["styreleder@example.org"] and "Årshjulet" in m.subject]
    assert mixed.subject == "Årshjulet mandag 10. mars 2014: 2 påminnelser"
    assert "\n1. Gjøvik: " in mixed.body and "\n2. Vestre Toten: " in mixed.body
    assert mixed.body.count("Hilsen omstilling") == 1 and "Helsing omstilling" not in mixed.body
    assert "Du får denne meldinga som styreleiar." in mixed.body  # the nynorsk programme's items, as written
    assert "Du får denne meldingen som styreleder." in mixed.body
    assert '<html lang="nb">' in mixed.html


def test_messages_given_up_are_told_to_the_leader_in_nynorsk_and_to_the_operator_in_bokmal(nynorsk, smtp):
    """The alert about reminders that could not be sent: the programme's leader reads it in the programme's
    standard, the installation's operator (the `drift` channel) in bokmål."""
    engine, data = nynorsk
    failing = RecordingNotifier(channels=("drift",), failing=True)
    for attempt in range(5):  # the annual report's reminders of 31 January, tried five times
        now = datetime(2014, 2, 2 + attempt, 5, tzinfo=UTC)
        remind(engine, as_of=date(2014, 1, 31), now=now, notifier=failing, programme_slug=SLUG)
    remind(engine, as_of=date(2014, 1, 31), now=datetime(2014, 2, 12, 5, tzinfo=UTC), notifier=smtp.notifier)
    (alert,) = [m for m in smtp.reminders() if "sendast" in m.subject]
    assert alert.to == ["programleder@example.org"]
    assert alert.subject == "Gjøvik: omstilling: 2 påminningar kunne ikkje sendast"
    assert alert.body.startswith("Desse påminningane kunne ikkje sendast, og blir ikkje prøvde igjen (etter opptil 5")
    assert "(til programleiar)" in alert.body and '<html lang="nn">' in alert.html
    assert not bokmal_words(read(alert), data)
    with db.session_scope(engine) as session:
        (operator,) = session.exec(
            select(OutboxMessage).where(
                OutboxMessage.kind == MessageKind.ALERT, OutboxMessage.recipient == "kanal:drift"
            )
        ).all()
        assert operator.subject == "Gjøvik: omstilling: 2 påminnelser kunne ikke sendes"
        assert (
            operator.body.startswith("Disse påminnelsene kunne ikke sendes") and "(til programleder)" in operator.body
        )
