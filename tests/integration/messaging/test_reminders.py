"""Reminders as people receive them: over real SMTP (aiosmtpd), exactly once, nothing lost when SMTP is down."""

from __future__ import annotations

import multiprocessing
from datetime import date, timedelta

from aiosmtpd.controller import Controller
from sqlmodel import select

from omstilling.core.enums import DeadlineStatus, OutboxStatus
from omstilling.messaging.outbox import remind
from omstilling.messaging.transport import AppriseNotifier, RecordingNotifier
from omstilling.store import choose, db
from omstilling.store.models import OutboxMessage
from omstilling.wheel.deadlines import mark
from tests.support.demo import APPLICATION, NOW
from tests.support.mail import Inbox, apprise_config, free_port


def recipients(inbox: Inbox) -> list[str]:
    return sorted(address for message in inbox.reminders() for address in message.to)


def test_a_reminder_arrives_by_email_with_what_is_missing(demo_engine, smtp):
    summary = remind(demo_engine, as_of=date(2014, 6, 6), now=NOW, notifier=AppriseNotifier(smtp.config))
    # the application's reminder to the leader and the municipality; the board's message of the day is the
    # notice of the meeting of 16 June (issue 25: `test_notices.py`), not a reminder
    assert summary.sent == 2
    assert recipients(smtp) == APPLICATION
    message = next(m for m in smtp.reminders() if m.to == ["programleder@example.org"])
    assert message.subject == (
        "Vestre Toten: Påminnelse: Søknad til fylkeskommunen om midler for neste år – frist fredag 20. juni 2014"
    )
    body = message.body
    # the text part keeps the template's lines, one per line, as a text-only mail client shows them
    assert body.splitlines()[:9] == [
        "Hei Bjørn Iversen,",
        "",
        "Fristen for «Søknad til fylkeskommunen om midler for neste år» er fredag 20. juni 2014, om 14 dager.",
        "",
        "Program: Omstillingsprogrammet i Vestre Toten",
        "Ansvarlig: programleder, kontaktperson i kommunen",
        "Status: kommende",
        "Du får denne meldingen som programleder. Dette er en påminnelse.",
        "",
    ]
    assert "- 13 prosjekter mangler rapporterte arbeidsplasser for 2014\n" in body
    assert "- Budsjettet for 2015 er ikke registrert\n" in body
    # no shell commands for people; without a web address, whom to ask
    assert "omstilling done" not in body and "--year" not in body
    assert "Når fristen er nådd, be den som drifter omstilling i kommunen om å markere den utført." in body
    # the HTML part is HTML: paragraphs, the due date in bold, the missing items as a list
    html = message.html
    assert "<p " in html and "<strong>fredag 20. juni 2014</strong>" in html
    assert '<li style="margin:0 0 4px 0;">13 prosjekter mangler rapporterte arbeidsplasser for 2014</li>' in html
    assert "Omstillingsprogrammet i Vestre Toten</h1>" in html


def test_running_twice_sends_nothing_twice(demo_engine, smtp):
    notifier = AppriseNotifier(smtp.config)
    remind(demo_engine, as_of=date(2014, 6, 6), now=NOW, notifier=notifier)
    again = remind(demo_engine, as_of=date(2014, 6, 6), now=NOW + timedelta(hours=1), notifier=notifier)
    assert (again.new_rows, again.sent) == (0, 0)
    assert len(smtp.reminders()) == 2


def test_smtp_down_loses_nothing_and_delivers_once_on_the_next_run(demo_engine):
    port = free_port()  # nothing listens here yet
    notifier = AppriseNotifier(apprise_config(port))
    down = remind(demo_engine, as_of=date(2014, 1, 31), now=NOW, notifier=notifier)
    assert (down.sent, down.failed, down.waiting) == (0, 2, 2)
    with db.session_scope(demo_engine) as session:
        rows = session.exec(select(OutboxMessage)).all()
        assert {(r.status, r.attempts) for r in rows} == {(OutboxStatus.PENDING, 1)}
        assert all(r.last_error for r in rows)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        too_soon = remind(demo_engine, as_of=date(2014, 1, 31), now=NOW + timedelta(minutes=5), notifier=notifier)
        assert too_soon.sent == 0  # waits for the backoff
        later = remind(demo_engine, as_of=date(2014, 1, 31), now=NOW + timedelta(minutes=20), notifier=notifier)
        overdue = remind(demo_engine, as_of=date(2014, 2, 3), now=NOW + timedelta(days=3), notifier=notifier)
        final = remind(demo_engine, as_of=date(2014, 2, 3), now=NOW + timedelta(days=3, hours=2), notifier=notifier)
    finally:
        controller.stop()
    subjects = sorted(m.subject for m in inbox.reminders())
    assert subjects.count("Vestre Toten: Fristen er i dag: Årsrapport 2013 – frist fredag 31. januar 2014") == 2
    # the two of 31 January, once the server is back that day; then the two overdue notices of 3 February
    assert (later.sent, overdue.sent, final.sent) == (2, 2, 0)


def test_a_deadline_marked_done_stops_its_ladder(demo_engine):
    notifier = RecordingNotifier()
    with db.session_scope(demo_engine) as session:
        mark(
            session,
            choose.programme(session),
            "arsrapport",
            2014,
            status=DeadlineStatus.DONE,
            by="Bjørn Iversen",
            at=NOW,
            as_of=date(2014, 1, 20),
        )
    for day in range(20, 32):
        remind(demo_engine, as_of=date(2014, 1, day), now=NOW, notifier=notifier)
    remind(demo_engine, as_of=date(2014, 2, 3), now=NOW, notifier=notifier)
    assert [s for s in notifier.sent if "Årsrapport" in s[1]] == []


def test_a_failing_recipient_is_given_up_after_five_tries_and_the_operator_is_told_through_the_outbox(demo_engine):
    failing = RecordingNotifier(channels=("drift",), failing=True)
    for attempt in range(5):
        summary = remind(demo_engine, as_of=date(2014, 1, 31), now=NOW + timedelta(days=attempt), notifier=failing)
    assert summary.gave_up == 2
    # one alert about the deadline's step to the drift channel and one to the leader, each listing both rows
    assert summary.as_dict()["alerts"] == {"queued": 2, "sent": 0, "failed": 0}
    with db.session_scope(demo_engine) as session:
        rows = session.exec(select(OutboxMessage)).all()
        assert sorted((r.status.value, r.kind.value) for r in rows) == [
            ("feilet", "paminnelse"),
            ("feilet", "paminnelse"),
            ("venter", "varsel"),
            ("venter", "varsel"),
        ]
    failing.failing = False
    later = remind(demo_engine, as_of=date(2014, 1, 31), now=NOW + timedelta(days=6), notifier=failing)
    # the given-up reminders are never sent; the alerts about them now are, to the operator and the leader
    assert sorted(to for to, _, _ in failing.sent) == ["kanal:drift", "programleder@example.org"]
    assert {subject for _, subject, _ in failing.sent} == {"Vestre Toten: omstilling: 2 påminnelser kunne ikke sendes"}
    body = failing.sent[0][2]
    assert "(til programleder)" in body and "(til styreleder)" in body
    assert later.alerts_sent == 2


def test_the_digest_sends_one_message_per_person(demo_engine):
    notifier = RecordingNotifier()
    remind(demo_engine, as_of=date(2014, 10, 1), now=NOW, notifier=notifier, digest=True)
    by_person = [to for to, _, _ in notifier.sent]
    assert sorted(by_person) == sorted(set(by_person))
    leader = next(body for to, _, body in notifier.sent if to == "programleder@example.org")
    assert "Programstatusvurdering (PSV)" in leader and "Faktagrunnlag til programstatusvurderingen" in leader


def run_in_process(url: str, port: int, barrier) -> int:
    engine = db.make_engine(url)
    barrier.wait(timeout=30)
    return remind(engine, as_of=date(2014, 6, 6), now=NOW, notifier=AppriseNotifier(apprise_config(port))).sent


def test_two_processes_at_once_send_each_message_once(demo_engine, smtp):
    context = multiprocessing.get_context("spawn")
    barrier = context.Manager().Barrier(2)
    url = demo_engine.url.render_as_string(hide_password=False)
    with context.Pool(2) as pool:
        sent = pool.starmap(run_in_process, [(url, smtp.port, barrier)] * 2)
    assert sum(sent) == 2 and recipients(smtp) == APPLICATION
