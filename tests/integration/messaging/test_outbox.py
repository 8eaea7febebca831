"""The outbox under the conditions that break a naive one (issue 11, cases 5–7), on SQLite and PostgreSQL:
a slow SMTP server and a lease shorter than the whole send with two workers really overlapping; a worker
killed in the middle of a send; a deadline closed while its rows wait; a backlog recorded while sending was off."""

from __future__ import annotations

import asyncio
import email
import multiprocessing
import os
import signal
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from omstilling.core.enums import DeadlineStatus, OutboxStatus
from omstilling.messaging.delivery import send_pending
from omstilling.messaging.outbox import RunSummary, remind
from omstilling.messaging.plan import record
from omstilling.messaging.transport import AppriseNotifier, RecordingNotifier
from omstilling.store import choose, db
from omstilling.store.models import OutboxMessage, WheelEvent
from omstilling.wheel.deadlines import mark
from tests.support.mail import apprise_config, free_port

NOW = datetime(2014, 6, 6, 7, 0, tzinfo=UTC)
DAY = date(2014, 6, 6)


class SlowInbox:
    """An SMTP server that takes `delay` seconds over each message, and keeps what it got and when. With `hold`,
    the message numbered `hold` (from 1) stops in the middle of its conversation until `release` is set;
    `holding` says it has got that far (a send caught in flight, without waiting for the wall clock)."""

    def __init__(self, delay: float, hold: int | None = None):
        self.delay, self.hold, self.arrived = delay, hold, 0
        self.received: list[tuple[str, float]] = []
        self.holding, self.release = threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.arrived += 1
        if self.arrived == self.hold:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
        await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content)
        self.received.append((envelope.rcpt_tos[0], time.monotonic()))
        assert message["Subject"]
        return "250 OK"


@pytest.fixture
def slow_smtp():
    inbox, port = SlowInbox(0.5), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


def queue(engine, count: int, *, planned_for: date = DAY, event_key: str = "soknad-fylket") -> list[str]:
    """`count` pending reminder rows for one of the demo's deadlines, each to its own address."""
    with db.session_scope(engine) as session:
        programme = choose.programme(session)
        event = session.exec(
            select(WheelEvent).where(WheelEvent.programme_id == programme.id, WheelEvent.key == event_key)
        ).one()
        addresses = [f"mottaker{n:02d}@example.org" for n in range(count)]
        rows = [
            {
                "programme_id": programme.id,
                "event_id": event.id,
                "year": 2014,
                "occurrence": 1,
                "due_date": date(2014, 6, 20),
                "step": 2,
                "recipient": address,
                "role": "styremedlem",
                "subject": f"Påminnelse {n}",
                "body": "Hei",
            }
            for n, address in enumerate(addresses)
        ]
        assert record(session, rows, planned_for, NOW) == count
    return addresses


def statuses(engine) -> dict[str, int]:
    with db.session_scope(engine) as session:
        found: dict[str, int] = {}
        for row in session.exec(select(OutboxMessage)):
            found[row.status.value] = found.get(row.status.value, 0) + 1
        return found


def send_in_process(url: str, port: int, lease_seconds: float, barrier) -> int:
    engine = db.make_engine(url)
    summary = RunSummary(DAY)
    barrier.wait(timeout=60)
    send_pending(engine, AppriseNotifier(apprise_config(port)), NOW, summary, lease=timedelta(seconds=lease_seconds))
    return summary.sent


def test_two_workers_overlapping_on_a_slow_server_with_a_short_lease_send_each_message_once(demo_engine, slow_smtp):
    """12 messages at 0,5 s each take 6 s; the lease is 1,5 s. A claim taken at the start of the run would run
    out long before its last message and let the other worker send it again."""
    addresses = queue(demo_engine, 12)
    context = multiprocessing.get_context("spawn")
    barrier = context.Manager().Barrier(2)
    url = demo_engine.url.render_as_string(hide_password=False)
    with context.Pool(2) as pool:
        sent = pool.starmap(send_in_process, [(url, slow_smtp.port, 1.5, barrier)] * 2)
    received = sorted(to for to, _ in slow_smtp.received)
    assert received == sorted(addresses)  # every message once: 0 duplicates, 0 lost
    assert sum(sent) == 12 and min(sent) >= 3, sent  # both workers really sent, side by side (shared the work)
    assert statuses(demo_engine) == {"sendt": 12}


def test_a_delivery_longer_than_the_lease_is_not_sent_again_by_a_second_worker(demo_engine):
    """One message whose SMTP conversation is held open, a lease of 1 s: a second worker that looks in after the
    lease the delivery started with has run out must find the row still claimed, because the first keeps renewing
    while it delivers. The second worker's clock is set to that moment; the first worker's renewals are real."""
    inbox, port = SlowInbox(0, hold=1), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        (address,) = queue(demo_engine, 1)
        url = demo_engine.url.render_as_string(hide_password=False)
        first = multiprocessing.get_context("spawn").Process(target=send_alone, args=(url, port, 1.0))
        first.start()
        assert inbox.holding.wait(60)  # the first worker is in the middle of its delivery
        started = claimed_until(demo_engine)  # the lease the delivery started with
        renewed, deadline = started, time.monotonic() + 30
        while renewed <= started and time.monotonic() < deadline:  # until the first worker renews (a third of
            time.sleep(0.02)  # a lease: 0,33 s)
            renewed = claimed_until(demo_engine)
        assert renewed > started, "the first worker did not renew its claim while it delivered"
        later = started + (renewed - started) / 2  # the first lease is over; only the renewal holds the row
        second, other = RunSummary(DAY), RecordingNotifier()  # the second worker's own way out, to see what it sends
        send_pending(demo_engine, other, NOW, second, lease=timedelta(seconds=1), clock=lambda: later)
        inbox.release.set()
        first.join(30)
    finally:
        inbox.release.set()
        controller.stop()
    assert [to for to, _ in inbox.received] == [address]  # by the first worker
    assert other.sent == [] and second.sent == 0  # not by the second
    assert statuses(demo_engine) == {"sendt": 1}


def claimed_until(engine) -> datetime:
    """When the one claimed row's lease runs out."""
    with db.session_scope(engine) as session:
        (until,) = [r.claimed_until for r in session.exec(select(OutboxMessage)) if r.claim_token]
    return until if until.tzinfo else until.replace(tzinfo=UTC)


def send_alone(url: str, port: int, lease_seconds: float) -> None:
    engine = db.make_engine(url)
    send_pending(
        engine, AppriseNotifier(apprise_config(port)), NOW, RunSummary(DAY), lease=timedelta(seconds=lease_seconds)
    )


def test_a_worker_killed_mid_send_leaves_at_most_the_message_in_flight_to_be_sent_again(demo_engine):
    addresses = queue(demo_engine, 10)
    inbox, port = SlowInbox(0, hold=5), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        url = demo_engine.url.render_as_string(hide_password=False)
        worker = multiprocessing.get_context("spawn").Process(target=send_alone, args=(url, port, 3.0))
        worker.start()
        assert inbox.holding.wait(60)  # the fifth message is now in the middle of its SMTP conversation
        os.kill(worker.pid, signal.SIGKILL)
        worker.join()
        assert len(inbox.received) == 4
        inbox.release.set()

        # The next run straight away sends everything but the row in flight (its lease still holds) …
        send_pending(
            demo_engine, AppriseNotifier(apprise_config(port)), NOW, RunSummary(DAY), lease=timedelta(seconds=3)
        )
        assert statuses(demo_engine).get("venter", 0) == 1
        # … and a run one lease later (its clock 3,1 s on) sends that one too.
        send_pending(
            demo_engine,
            AppriseNotifier(apprise_config(port)),
            NOW,
            RunSummary(DAY),
            lease=timedelta(seconds=3),
            clock=lambda: datetime.now(UTC) + timedelta(seconds=3.1),
        )
    finally:
        inbox.release.set()
        controller.stop()
    received = [to for to, _ in inbox.received]
    assert set(received) == set(addresses)  # nothing lost
    assert len(received) - len(set(received)) <= 1  # at most the message in flight went twice
    assert statuses(demo_engine) == {"sendt": 10}


def test_a_deadline_marked_done_sends_none_of_its_queued_or_retrying_rows(demo_engine):
    queue(demo_engine, 3)
    failing = RecordingNotifier(failing=True)
    remind(demo_engine, as_of=DAY, now=NOW, notifier=failing)  # all fail once and wait for their retry
    with db.session_scope(demo_engine) as session:
        mark(
            session,
            choose.programme(session),
            "soknad-fylket",
            2014,
            status=DeadlineStatus.DONE,
            by="Bjørn Iversen",
            at=NOW,
            as_of=DAY,
        )
    working = RecordingNotifier()
    summary = remind(demo_engine, as_of=DAY, now=NOW + timedelta(hours=3), notifier=working)
    assert [to for to, _, _ in working.sent if to.startswith("mottaker")] == []
    assert summary.cancelled >= 3
    with db.session_scope(demo_engine) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.recipient.like("mottaker%"))).all()
        assert {r.status for r in rows} == {OutboxStatus.CANCELLED}


def test_a_backlog_recorded_while_sending_was_off_expires_instead_of_flooding(demo_engine):
    """Reminders recorded with no apprise configuration are not all sent the day one is added: those past their
    step's catch-up window expire and are counted; the recent ones still go."""
    for day in (date(2014, 1, 17), date(2014, 1, 28), date(2014, 1, 31), date(2014, 2, 3)):
        remind(demo_engine, as_of=day, now=NOW, notifier=None)
    recorded = statuses(demo_engine)["venter"]
    with db.session_scope(demo_engine) as session:
        recent = len(session.exec(select(OutboxMessage).where(OutboxMessage.planned_for == date(2014, 2, 3))).all())
    assert recorded > recent > 0
    notifier = RecordingNotifier()
    summary = remind(demo_engine, as_of=date(2014, 2, 6), now=NOW, notifier=notifier)
    assert summary.expired == recorded - recent
    assert summary.sent == len(notifier.sent) == recent
    assert statuses(demo_engine) == {"utlopt": recorded - recent, "sendt": recent}


def test_with_one_run_a_day_a_failing_reminder_is_given_up_and_told_not_quietly_expired(demo_engine):
    """Found by the review: the daily tick tries a row once a day, so after four days it expired before its
    fifth try and nobody was ever told that the mail server was down."""
    failing = RecordingNotifier(channels=("drift",), failing=True)
    gave_up = 0
    for day in (date(2014, 1, 31), date(2014, 2, 3), date(2014, 2, 4), date(2014, 2, 5), date(2014, 2, 6)):
        gave_up += remind(
            demo_engine, as_of=day, now=datetime.combine(day, datetime.min.time(), UTC), notifier=failing
        ).gave_up
    assert gave_up >= 2  # the due-day reminders of 31 January, given up once their time ran out
    failing.failing = False
    remind(demo_engine, as_of=date(2014, 2, 7), now=datetime(2014, 2, 7, 7, tzinfo=UTC), notifier=failing)
    told = {to for to, subject, _ in failing.sent if "kunne ikke sendes" in subject}
    assert told == {"kanal:drift", "programleder@example.org"}


def test_a_due_day_reminder_queued_before_the_due_date_is_not_sent_after_it(demo_engine):
    """Found by the review: "Fristen er i dag" for Friday 31 January went out on Monday 3 February."""
    remind(demo_engine, as_of=date(2014, 1, 31), now=NOW, notifier=None)  # recorded, nothing configured
    notifier = RecordingNotifier()
    summary = remind(demo_engine, as_of=date(2014, 2, 3), now=NOW, notifier=notifier)
    assert [s for _, s, _ in notifier.sent if "Fristen er i dag" in s] == []
    assert summary.expired == 2
    assert {s for _, s, _ in notifier.sent} == {
        ("Vestre Toten: Fristen er passert: Årsrapport 2013 – fristen var fredag 31. januar 2014")
    }


def test_a_second_give_up_of_the_same_step_gets_its_own_alert(demo_engine):
    """Found by the review: the alert's key was the step, so the second give-up was never told."""
    failing = RecordingNotifier(channels=("drift",), failing=True)
    queue(demo_engine, 1)
    for attempt in range(5):
        send_pending(demo_engine, failing, NOW + timedelta(hours=attempt * 12), RunSummary(DAY))
    with db.session_scope(demo_engine) as session:
        programme = choose.programme(session)
        event = session.exec(
            select(WheelEvent).where(WheelEvent.programme_id == programme.id, WheelEvent.key == "soknad-fylket")
        ).one()
        record(
            session,
            [
                {
                    "programme_id": programme.id,
                    "event_id": event.id,
                    "year": 2014,
                    "occurrence": 1,
                    "due_date": date(2014, 6, 20),
                    "step": 2,
                    "recipient": "sen@example.org",
                    "role": "styremedlem",
                    "subject": "Påminnelse sen",
                    "body": "Hei",
                }
            ],
            DAY,
            NOW,
        )
    summaries = []
    for attempt in range(5):
        summary = RunSummary(DAY)
        send_pending(demo_engine, failing, NOW + timedelta(days=3, hours=attempt * 12), summary)
        summaries.append(summary)
    assert sum(s.gave_up for s in summaries) == 1
    assert sum(s.alerts_queued for s in summaries) == 2  # drift and the leader, for the second give-up too


def test_what_a_row_is_comes_from_its_kind_never_from_its_step(demo_engine):
    """The kind is a column, and the step only what the kind says: a meeting's announcements of SEQUENCE 0 (step 0,
    which once meant an alert), an alert whose step is the id of the row it tells about (here 2, as the reminder's
    ladder step) and that reminder, on a deadline then marked done. The reminder is cancelled; the alert and the
    announcement go, each counted as what it is; the deadline's ladder on the web page counts only the reminder."""
    from omstilling.core.enums import MessageKind
    from omstilling.store.load import load_snapshot
    from omstilling.store.models import Invitation
    from omstilling.web import views

    queue(demo_engine, 1)
    with db.session_scope(demo_engine) as session:
        programme = choose.programme(session)
        reminder = session.exec(select(OutboxMessage)).one()
        meeting = Invitation(
            programme_id=programme.id,
            uid="mote@omstilling",
            summary="Styremøte",
            starts_at=NOW + timedelta(days=30),
            ends_at=NOW + timedelta(days=30, hours=2),
        )
        session.add(meeting)
        session.flush()
        common = {"subject": "Emne", "body": "Tekst", "planned_for": DAY, "created_at": NOW}
        session.add(
            OutboxMessage(
                deadline_id=reminder.deadline_id,
                kind=MessageKind.ALERT,
                step=reminder.step,
                recipient="programleder@example.org",
                role="programleder",
                **common,
            )
        )
        for member in ("styremedlem1@example.org", "styremedlem2@example.org"):
            session.add(
                OutboxMessage(
                    invitation_id=meeting.id,
                    kind=MessageKind.INVITATION,
                    step=0,
                    recipient=member,
                    role="styremedlem",
                    ics="BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n",
                    **common,
                )
            )
        mark(
            session, programme, "soknad-fylket", 2014, status=DeadlineStatus.DONE, by="Bjørn Iversen", at=NOW, as_of=DAY
        )
    notifier, summary = RecordingNotifier(), RunSummary(DAY)
    send_pending(demo_engine, notifier, NOW, summary)
    assert {e["to"]: e["calendar"] is not None for e in notifier.extras} == {
        "programleder@example.org": False,
        "styremedlem1@example.org": True,
        "styremedlem2@example.org": True,
    }
    assert (summary.sent, summary.alerts_sent, summary.invitations_sent, summary.cancelled) == (1, 1, 2, 1)
    with db.session_scope(demo_engine) as session:
        assert sorted((row.kind.value, row.status.value) for row in session.exec(select(OutboxMessage))) == [
            ("invitasjon", "sendt"),
            ("invitasjon", "sendt"),
            ("paminnelse", "avbrutt"),
            ("varsel", "sendt"),
        ]
        snapshot = load_snapshot(session, choose.programme(session))
        row = views.find_item(snapshot, "soknad-fylket", 2014, 1, DAY)
        ladder = views.ladder(session, snapshot, row, DAY)
    assert ladder[reminder.step - 1].what == f"1 {OutboxStatus.CANCELLED.label}"
