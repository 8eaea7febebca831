"""Deadlines in the database, the calendar feed and the picture, for the demo and for another programme."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import select

from omstilling.core.enums import DeadlineStatus
from omstilling.core.wheel import QuotaState, wheel_year
from omstilling.core.wheel.view import calendar_for, quota_rows, wheel_json
from omstilling.errors import InputError, NotFound
from omstilling.intake import writes
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot
from omstilling.store.models import Deadline, WheelEvent
from omstilling.wheel.calendar_feed import build_calendar
from omstilling.wheel.deadlines import mark, materialise
from omstilling.wheel.picture import draw_wheel

STAMP = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def deadlines(engine, year: int) -> dict[str, tuple[date, DeadlineStatus]]:
    with db.session_scope(engine) as session:
        rows = session.exec(select(Deadline, WheelEvent).join(WheelEvent).where(Deadline.year == year)).all()
        return {event.key: (deadline.due_date, deadline.status) for deadline, event in rows}


def test_materialising_a_year_twice_changes_nothing(demo_engine):
    with db.session_scope(demo_engine) as session:
        first = materialise(session, choose.programme(session), 2014, date(2014, 1, 1))
    with db.session_scope(demo_engine) as session:
        second = materialise(session, choose.programme(session), 2014, date(2014, 1, 1))
    assert (first.created, first.unchanged) == (20, 0)  # 11 from rules, 7 board meetings, 2 decisions to follow up
    assert (second.created, second.moved, second.removed, second.unchanged) == (0, 0, 0, 20)
    assert deadlines(demo_engine, 2014)["arsrapport"] == (date(2014, 1, 31), DeadlineStatus.OPEN)


def test_when_a_rule_changes_open_future_deadlines_follow_and_done_ones_stay(demo_engine):
    with db.session_scope(demo_engine) as session:
        programme = choose.programme(session)
        materialise(session, programme, 2014, date(2014, 1, 1))
        mark(
            session,
            programme,
            "halvarsrapport",
            2014,
            status=DeadlineStatus.DONE,
            by="Bjørn Iversen",
            at=STAMP,
            as_of=date(2014, 1, 1),
        )
        for key in ("halvarsrapport", "soknad-fylket", "arsrapport"):
            event = session.exec(select(WheelEvent).where(WheelEvent.key == key)).one()
            event.rrule = "FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15"  # all three now due 15 August
            session.add(event)
    with db.session_scope(demo_engine) as session:
        result = materialise(session, choose.programme(session), 2014, date(2014, 3, 1))
    after = deadlines(demo_engine, 2014)
    assert after["soknad-fylket"] == (date(2014, 8, 15), DeadlineStatus.OPEN)  # open and not yet due: follows
    assert after["halvarsrapport"] == (date(2014, 6, 30), DeadlineStatus.DONE)  # done: stays
    assert after["arsrapport"] == (date(2014, 1, 31), DeadlineStatus.OPEN)  # already overdue: stays
    assert result.moved == 1


def test_a_deadline_is_marked_done_with_who_and_when_and_not_twice(demo_engine):
    with db.session_scope(demo_engine) as session:
        programme = choose.programme(session)
        deadline = mark(
            session,
            programme,
            "arsrapport",
            2015,
            status=DeadlineStatus.DONE,
            by="Bjørn Iversen",
            at=STAMP,
            note="Sendt styret",
            as_of=date(2015, 1, 20),
        )
        assert (deadline.closed_by, deadline.note) == ("Bjørn Iversen", "Sendt styret")
    with pytest.raises(InputError) as caught, db.session_scope(demo_engine) as session:
        mark(
            session,
            choose.programme(session),
            "arsrapport",
            2015,
            status=DeadlineStatus.SKIPPED,
            by="x",
            at=STAMP,
            as_of=date(2015, 1, 20),
        )
    assert str(caught.value) == (
        "ugyldig frist: status: «arsrapport» 2015 er allerede utført av Bjørn Iversen; ingenting ble endret"
    )
    with db.session_scope(demo_engine) as session:
        snapshot = load_snapshot(session, choose.programme(session))
    statuses = {e["key"]: e["status"] for e in wheel_json(snapshot, 2015, STAMP.date())["events"]}
    assert statuses["arsrapport"] == "utført"
    # seen from a day before the mark was made, the deadline was not done yet
    earlier = {e["key"]: e["status"] for e in wheel_json(snapshot, 2015, date(2015, 2, 10))["events"]}
    assert earlier["arsrapport"] == "forfalt"
    assert earlier["kommunal-behandling"] == "kommende"
    assert earlier["styremote"] == "planlagt"


def test_an_unknown_event_names_the_events_there_are(demo_engine):
    with pytest.raises(NotFound) as caught, db.session_scope(demo_engine) as session:
        mark(
            session,
            choose.programme(session),
            "arsmelding",
            2014,
            status=DeadlineStatus.DONE,
            by="x",
            at=STAMP,
            as_of=date(2014, 1, 1),
        )
    assert str(caught.value) == (
        "ingen hendelse «arsmelding» i årshjulet til «vestre-toten» (hendelser: arkiv-overlevering, arsrapport, "
        "halvarsrapport, handlingsplan-vedtak, kommunal-behandling, kontaktmote-fylket, omstillingskonferanse, psv, "
        "psv-faktagrunnlag, psv-rapport, registerrapport, sluttevaluering, sluttrapport, soknad-fylket, styremote, "
        "styreseminar, vedtaksoppfolging)"
    )


def test_two_processes_materialising_at_once_write_each_deadline_once(demo_engine):
    barrier, errors = threading.Barrier(2), []

    def run():
        try:
            with db.session_scope(demo_engine) as session:
                programme = choose.programme(session)
                barrier.wait(timeout=10)
                materialise(session, programme, 2015, date(2015, 1, 1))
        except Exception as exc:  # noqa: BLE001 (the test reports any failure below)
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # 2015, the last year: nine rules (no plan or application for 2016), the three closing duties and the board
    # meeting of 26 January
    assert len(deadlines(demo_engine, 2015)) == 13


def test_the_calendar_feed_parses_back_with_the_same_events_and_uids(demo_snapshot):
    first = Calendar.from_ical(build_calendar(demo_snapshot, 2014, as_of=date(2014, 1, 1), stamp=STAMP))
    second = Calendar.from_ical(
        build_calendar(demo_snapshot, 2014, as_of=date(2014, 1, 1), stamp=STAMP + timedelta(days=1))
    )
    events = list(first.walk("VEVENT"))
    # the wheel's events, the year's board meetings and their notice days, the decisions to follow up
    assert len(events) == 11 + 8 + 8 + 2
    assert [str(e["UID"]) for e in events] == [str(e["UID"]) for e in second.walk("VEVENT")]
    assert len({str(e["UID"]) for e in events}) == len(events)
    by_uid = {str(e["UID"]): e for e in events}
    report = by_uid["vestre-toten.arsrapport.2014.1@omstilling"]
    assert str(report["SUMMARY"]) == "Årsrapport for fjoråret"
    assert report.decoded("DTSTART") == date(2014, 1, 31)  # all day
    assert "Ansvarlig: programleder." in str(report["DESCRIPTION"])
    triggers = [alarm.decoded("TRIGGER") for alarm in report.walk("VALARM")]
    # 28, 14 and 3 days before and on the day, each 08:00 in Oslo (07:00 UTC in winter)
    assert triggers == [
        datetime(2014, 1, 3, 7, 0, tzinfo=UTC),
        datetime(2014, 1, 17, 7, 0, tzinfo=UTC),
        datetime(2014, 1, 28, 7, 0, tzinfo=UTC),
        datetime(2014, 1, 31, 7, 0, tzinfo=UTC),
    ]
    psv = by_uid["vestre-toten.psv.2014.1@omstilling"]
    assert psv.decoded("DTSTART") == datetime(2014, 10, 15, 9, 0, tzinfo=psv.decoded("DTSTART").tzinfo)
    assert psv["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert [tz["TZID"] for tz in first.walk("VTIMEZONE")] == ["Europe/Oslo"]


def test_the_picture_is_drawn_with_norwegian_months_and_the_events(demo_snapshot, tmp_path):
    svg = draw_wheel(demo_snapshot, 2014, tmp_path / "arshjul.svg", as_of=date(2014, 12, 31)).read_text()
    for text in ("januar", "desember", "Årshjul 2014", "Årsrapport for fjoråret", "1. halvår: oppfylt"):
        assert text in svg
    png = draw_wheel(demo_snapshot, 2014, tmp_path / "arshjul.png", as_of=date(2014, 12, 31))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError) as caught:
        draw_wheel(demo_snapshot, 2014, tmp_path / "arshjul.pdf", as_of=date(2014, 12, 31))
    assert str(caught.value) == "bildet må være en .png- eller .svg-fil, ikke «arshjul.pdf»"


def test_a_title_with_dollar_signs_is_drawn_as_written_in_the_picture_and_the_budget_chart(demo_snapshot, tmp_path):
    """Before: matplotlib read "$…$" in a programme's own titles as TeX; a malformed one stopped the picture."""
    from dataclasses import replace

    from omstilling.documents.charts import budget_chart

    title = "Kostnad $\\frac{1}{$ i kr"
    events = tuple(replace(e, title=title) if e.key == "arsrapport" else e for e in demo_snapshot.wheel_events)
    svg = draw_wheel(replace(demo_snapshot, wheel_events=events), 2014, tmp_path / "a.svg", as_of=date(2014, 6, 6))
    assert "$\\frac{1}{$" in svg.read_text()
    line = {"label": title, "budget": 1, "granted": 1, "paid": 0}
    assert "Kostnad $\\frac{1}{$ i kr" in budget_chart([line], tmp_path / "b.svg").read_text()


NORDVIK_WHEEL = [
    {
        "key": "handlingsplan-vedtak",
        "title": "Styret vedtar handlingsplanen",
        "kind": "frist",
        "rrule": "FREQ=YEARLY;BYMONTH=11;BYDAY=2TH",
        "responsible_roles": ["styreleder"],
        "document": "handlingsplan",
    },
    {
        "key": "psv",
        "title": "Programstatusvurdering",
        "kind": "mote",
        "rrule": "FREQ=YEARLY;BYMONTH=11;BYDAY=-1TU",
        "start_time": "10:00",
        "duration_minutes": 300,
        "responsible_roles": ["programleder", "prosessveileder"],
    },
    {
        "key": "soknad-fylket",
        "title": "Søknad til fylkeskommunen",
        "kind": "frist",
        "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1",
        "responsible_roles": ["programleder"],
        "document": "soknad",
        "depends_on": ["handlingsplan-vedtak"],
        "ladder": [{"offset": -14, "roles": ["programleder"]}],
    },
]


def test_another_programme_with_another_wheel_is_data_alone(engine):
    with db.session_scope(engine) as session:
        nordvik = writes.create_programme(
            session,
            {
                "slug": "nordvik",
                "name": "Omstilling Nordvik",
                "municipality": "Nordvik kommune",
                "county": "Troms fylkeskommune",
                "county_short": "TFK",
                "status_start_year": 2020,
                "status_end_year": 2025,
            },
        )
        for event in NORDVIK_WHEEL:
            writes.add_wheel_event(session, nordvik, event)
        writes.add_quota_rule(
            session, nordvik, {"key": "styremoter", "title": "Minst 4 styremøter hvert halvår", "minimum": 4}
        )
        for day in ("2021-01-20", "2021-03-10", "2021-05-05", "2021-06-16"):
            writes.add_meeting(session, nordvik, {"date": day, "status": "holdt"})
        writes.add_meeting(session, nordvik, {"date": "2021-09-08", "status": "holdt"})
        snapshot = load_snapshot(session, nordvik)
    found = {o.event.key: o.due for o in wheel_year(snapshot.wheel_events, 2021, calendar_for(snapshot))}
    assert found == {
        "handlingsplan-vedtak": date(2021, 11, 11),
        "psv": date(2021, 11, 30),
        "soknad-fylket": date(2021, 12, 1),
    }
    assert found["soknad-fylket"] > found["handlingsplan-vedtak"]
    first, second = quota_rows(snapshot, 2021, date(2021, 10, 1))
    assert (first.quota.minimum, first.state) == (4, QuotaState.MET)
    assert (second.state, second.missing) == (QuotaState.AT_RISK, 3)


def test_an_event_cannot_depend_on_one_that_is_not_on_the_wheel(engine):
    with pytest.raises(InputError) as caught, db.session_scope(engine) as session:
        programme = writes.create_programme(
            session,
            {
                "slug": "sorvik",
                "name": "Sørvik",
                "municipality": "Sørvik kommune",
                "county": "F",
                "county_short": "F",
                "status_start_year": 2020,
                "status_end_year": 2025,
            },
        )
        writes.add_wheel_event(session, programme, NORDVIK_WHEEL[2])
    assert str(caught.value) == (
        "ugyldig hendelse «soknad-fylket» i årshjulet: depends_on: «handlingsplan-vedtak» — "
        "finnes ikke i årshjulet (legg inn hendelsene den avhenger av først)"
    )
