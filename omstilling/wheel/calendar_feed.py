"""The wheel as an iCalendar feed (RFC 5545, the icalendar package).

Deadlines are all-day events, meetings timed events in Europe/Oslo; each reminder step before a due date
becomes a VALARM at 08:00 local time on its working day. UIDs are derived from the programme, the event
and the occurrence, so a subscribed calendar updates its events instead of duplicating them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from omstilling.core.agenda import agenda, calendar_title
from omstilling.core.enums import AgendaState, DocumentKind, Role
from omstilling.core.formatting import date_long
from omstilling.core.language import _, speaking
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.core.wheel.rules import reminder_dates
from omstilling.core.wheel.view import calendar_for

ALARM_TIME = time(8, 0)


def role_names(roles: tuple[str, ...]) -> str:
    labels = [Role(r).label if r in Role._value2member_map_ else r for r in roles]
    return ", ".join(labels)


def build_calendar(snapshot: ProgrammeSnapshot, year: int, *, as_of: date, stamp: datetime) -> bytes:
    """The year's wheel as .ics bytes, in the programme's written standard. `stamp` is the DTSTAMP (the moment the
    feed is made)."""
    with speaking(snapshot.language):
        return _calendar(snapshot, year, as_of=as_of, stamp=stamp)


def _calendar(snapshot: ProgrammeSnapshot, year: int, *, as_of: date, stamp: datetime) -> bytes:
    zone = ZoneInfo(snapshot.timezone)
    work = calendar_for(snapshot)
    feed = Calendar()
    feed.add("prodid", "-//omstilling//årshjul//NO")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", _("Årshjul %(year)s – %(programme)s") % {"year": year, "programme": snapshot.name})
    feed.add("x-wr-timezone", snapshot.timezone)
    for row in agenda(snapshot, year, as_of, with_missing=False).items:
        event = Event()
        event.add("uid", row.uid)
        event.add("dtstamp", stamp)
        # a meeting (it has a time) is titled as its e-mailed invitation, which has the same UID
        event.add("summary", calendar_title(row.title, snapshot.name) if row.start is not None else row.title)
        if row.start is not None:
            event.add("dtstart", row.start)
            event.add("dtend", row.end)
        else:
            event.add("dtstart", row.due)
            event.add("dtend", row.due + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        if row.state is AgendaState.CANCELLED:
            event.add("status", "CANCELLED")
        event.add("categories", [row.kind.label])
        lines = [_("Ansvarlig: %(roles)s.") % {"roles": role_names(row.responsible)}]
        if row.document:
            lines.append(_("Dokument: %(document)s.") % {"document": DocumentKind(row.document).label})
        if row.nominal != row.due:
            lines.append(_("Flyttet fra %(day)s, som ikke er en arbeidsdag.") % {"day": date_long(row.nominal)})
        if row.description:
            lines.append(row.description)
        event.add("description", "\n".join(lines))
        if row.occurrence is not None:
            for reminder in reminder_dates(row.occurrence, work):
                if reminder.offset > 0:
                    continue  # escalations after the due date are messages, not calendar alarms
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add(
                    "description",
                    _("Påminnelse: %(title)s – frist %(due)s") % {"title": row.title, "due": date_long(row.due)},
                )
                alarm.add("trigger", datetime.combine(reminder.on, ALARM_TIME, tzinfo=zone).astimezone(ZoneInfo("UTC")))
                event.add_component(alarm)
        feed.add_component(event)
    feed.add_missing_timezones()
    return feed.to_ical()
