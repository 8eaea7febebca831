"""Reminder texts say who else hears about an overdue deadline: the step's own roles (issue 11, case 9)."""

from __future__ import annotations

from datetime import date

from omstilling.core.enums import EventKind
from omstilling.core.reminders import PlannedReminder
from omstilling.core.snapshot import LadderStep, WheelEventData
from omstilling.core.wheel import WorkCalendar, occurrences, reminder_dates
from omstilling.messaging.texts import reminder_text


def overdue_text(step_roles: tuple[str, ...], role: str) -> str:
    event = WheelEventData(
        1,
        "frist",
        "Årsrapport for fjoråret",
        EventKind.DEADLINE,
        "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31",
        ("programleder",),
        None,
        ladder=(LadderStep(3, step_roles),),
    )
    calendar = WorkCalendar(())
    occurrence = occurrences(event, 2014, calendar)[0]
    (step,) = reminder_dates(occurrence, calendar)
    item = PlannedReminder(occurrence, step, "fristen er passert", role, "Leif Waarum", "leder@example.org")
    return reminder_text(
        item, programme="Vestre Toten", short="Vestre Toten", slug="vestre-toten", missing=[], as_of=date(2014, 2, 5)
    ).body


def test_an_overdue_notice_names_the_others_the_step_really_tells():
    assert "Fristen er passert.\n" in overdue_text(("styreleder",), "styreleder")
    assert "Fristen er passert; styreleder får også beskjed." in overdue_text(
        ("programleder", "styreleder"), "programleder"
    )
    assert "Fristen er passert; programleder og kontaktperson i kommunen får også beskjed." in overdue_text(
        ("styreleder", "programleder", "kommunekontakt"), "styreleder"
    )
    assert "kommunen får også beskjed" not in overdue_text(("styreleder",), "styreleder")
