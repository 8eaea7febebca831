"""A programme's agenda for a year, seen from a day (pure: plain data in, plain data out, the day passed in).

The one answer to "what stands where, seen from this day". Every surface renders it and decides nothing of its
own: the web app's overview, Frister and each deadline's page, the county page's count of overdue deadlines,
`omstilling status` and `omstilling wheel`, the Prefect status artifact, the wheel picture, the calendar feed.

The items of a year: every occurrence of the wheel's rules (deadlines, meetings such as the PSV, the decisions
to follow up), every board meeting in the data (cancelled ones included) and each board meeting's notice day
(the quota rule's notice days before it, on a working day; 7 when no quota rule counts the meeting).

Each item's state on the day `as_of` (`AgendaState`, one set of Norwegian words):

- a deadline, a rule's meeting or a follow-up: `utført` or `hoppet over` when it was marked so on or before the
  day (a mark made later did not exist yet on that day; a mark without a time counts from its due date); else
  `kommende` before its due date, `i dag` on it, `forfalt` after it;
- a board meeting: `avlyst` when cancelled; `planlagt` before its day (whatever the data says today), `i dag` on
  it; after it `holdt` when marked held, else still `planlagt` (`unconfirmed`: not marked held);
- a notice day: `avlyst` with its meeting; `kommende`, `i dag`, then `passert`.

For an open item, and a board meeting still to come, the agenda also says what is still missing for it
(`core.reminders.missing`, as of the day) and the steps of its reminder ladder still to come."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from omstilling.core.enums import AgendaKind, AgendaState, DeadlineStatus, EventKind, MeetingKind, MeetingStatus
from omstilling.core.formatting import date_short
from omstilling.core.language import _
from omstilling.core.snapshot import DeadlineData, MeetingData, ProgrammeSnapshot, WheelEventData
from omstilling.core.wheel.rules import Occurrence, Reminder, in_status_period, reminder_dates, wheel_year
from omstilling.core.wheel.words import rule_in_words
from omstilling.core.wheel.workdays import WorkCalendar

BOARD_MEETING_START = time(9, 0)
BOARD_MEETING_MINUTES = {MeetingKind.ORDINARY: 180, MeetingKind.SEMINAR: 360}
NEXT_ITEMS = 6
"""How many of the next items a list of what comes next shows (the overview, `omstilling status`)."""
DEFAULT_NOTICE_DAYS = 7
"""A board meeting is called at least a week ahead when no quota rule says otherwise."""

KINDS = {
    EventKind.DEADLINE: AgendaKind.DEADLINE,
    EventKind.MEETING: AgendaKind.MEETING,
    EventKind.FOLLOW_UP: AgendaKind.FOLLOW_UP,
    EventKind.AID_REPORT: AgendaKind.AID_REPORT,
}


@dataclass(frozen=True)
class AgendaItem:
    """One dated item of the year and where it stands on the agenda's day."""

    key: str
    uid: str
    title: str
    kind: AgendaKind
    due: date
    nominal: date
    start: datetime | None
    end: datetime | None
    responsible: tuple[str, ...]
    document: str | None
    state: AgendaState
    description: str | None
    occurrence: Occurrence | None = None
    """The wheel's occurrence behind the item: it can be marked, and it has a page and a reminder ladder."""
    meeting_id: int | None = None
    location: str | None = None
    roles: tuple[str, ...] = ()  # who takes part in a meeting: its responsible roles and its ladder's
    rule: str = ""
    rule_text: str = ""
    record: DeadlineData | None = None
    """What was recorded for the deadline (who marked it, when, the note), if anything."""
    unconfirmed: bool = False
    """A board meeting whose day has passed without being marked held."""
    missing: tuple[str, ...] = ()
    """What is still missing for an open item, seen from the day (empty when not asked for)."""
    next_reminders: tuple[Reminder, ...] = ()
    """The steps of an open item's reminder ladder on or after the day."""

    @property
    def status(self) -> str:
        """The state in Norwegian words."""
        return self.state.label

    @property
    def closable(self) -> bool:
        """Whether it can be marked done or skipped now: an open deadline; for a board meeting, whose state is the
        meeting's, its deadline (its reminders) when not marked yet."""
        if self.kind is AgendaKind.BOARD_MEETING:
            return self.record is None or self.record.status is DeadlineStatus.OPEN
        return self.state.open

    @property
    def address(self) -> tuple[str, int, int] | None:
        """(event key, year, number) of the deadline page, for an item that has one."""
        o = self.occurrence
        return (o.event.key, o.year, o.number) if o is not None else None


@dataclass(frozen=True)
class Agenda:
    """The year's items in date order, seen from `as_of`."""

    year: int
    as_of: date
    items: tuple[AgendaItem, ...] = field(default_factory=tuple)

    @property
    def overdue(self) -> list[AgendaItem]:
        """The year's items overdue on the day."""
        return [i for i in self.items if i.state is AgendaState.OVERDUE]

    def upcoming(self, limit: int | None = None) -> list[AgendaItem]:
        """What is still to come on or after the day, in date order."""
        found = [i for i in self.items if i.state.ahead and i.due >= self.as_of]
        return found[:limit] if limit is not None else found

    @property
    def markable(self) -> list[AgendaItem]:
        """The items that have a deadline page (an occurrence of a wheel event)."""
        return [i for i in self.items if i.occurrence is not None]

    def find(self, event_key: str, year: int, number: int) -> AgendaItem | None:
        return next((i for i in self.items if i.address == (event_key, year, number)), None)

    def states(self) -> dict[str, AgendaState]:
        """Each item's state by its uid: what the surfaces are checked against."""
        return {i.uid: i.state for i in self.items}


def overdue_on(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> list[AgendaItem]:
    """What is overdue on the day, for a page about `year`: the year's overdue items and, when the year is the
    day's own, last year's still overdue (on 10 January the December deadlines left open are still late)."""
    years = (year - 1, year) if year == as_of.year else (year,)
    return [i for y in years for i in agenda(snapshot, y, as_of, with_missing=False).overdue]


def participants(event: WheelEventData) -> tuple[str, ...]:
    """The roles a meeting's invitation goes to: those responsible and those its reminders go to."""
    return tuple(dict.fromkeys((*event.responsible_roles, *(role for step in event.ladder for role in step.roles))))


def event_rule_in_words(kind: EventKind, rule: str) -> str:
    """What a wheel event's rule says, in Norwegian words (events without a rule say where their dates come from)."""
    if kind is EventKind.BOARD_MEETING:
        return _("hvert styremøte i møteplanen")
    if kind is EventKind.FOLLOW_UP:
        return _("fristen for hvert vedtak som skal følges opp")
    if kind is EventKind.AID_REPORT:
        return _("fristen for hver tildeling av støtte som skal rapporteres til Registeret for offentlig støtte")
    return rule_in_words(rule)


def meeting_start(meeting: MeetingData) -> time:
    return meeting.start_time or BOARD_MEETING_START


def closed_on(record: DeadlineData, timezone: str) -> date:
    """The local day a deadline was marked done or skipped (its due date when the time was not recorded)."""
    if record.closed_at is None:
        return record.due_date
    at = record.closed_at if record.closed_at.tzinfo else record.closed_at.replace(tzinfo=UTC)
    return at.astimezone(ZoneInfo(timezone)).date()


def _dated_state(due: date, as_of: date) -> AgendaState:
    if due > as_of:
        return AgendaState.COMING
    return AgendaState.TODAY if due == as_of else AgendaState.OVERDUE


def deadline_state(due: date, record: DeadlineData | None, as_of: date, timezone: str) -> AgendaState:
    """A deadline's state on `as_of` (see the module's rules)."""
    if record is not None and record.status is not DeadlineStatus.OPEN and closed_on(record, timezone) <= as_of:
        return AgendaState.DONE if record.status is DeadlineStatus.DONE else AgendaState.SKIPPED
    return _dated_state(due, as_of)


def meeting_state(meeting: MeetingData, as_of: date) -> AgendaState:
    """A board meeting's state on `as_of` (see the module's rules)."""
    if meeting.status is MeetingStatus.CANCELLED:
        return AgendaState.CANCELLED
    if meeting.date > as_of:
        return AgendaState.PLANNED
    if meeting.date == as_of:
        return AgendaState.TODAY
    return AgendaState.HELD if meeting.status is MeetingStatus.HELD else AgendaState.PLANNED


def notice_state(day: date, meeting: MeetingData, as_of: date) -> AgendaState:
    if meeting.status is MeetingStatus.CANCELLED:
        return AgendaState.CANCELLED
    if day > as_of:
        return AgendaState.COMING
    return AgendaState.TODAY if day == as_of else AgendaState.PASSED


def notice_days(snapshot: ProgrammeSnapshot, meeting: MeetingData) -> int:
    """How many days ahead the meeting is called: the longest notice of the quota rules that count it."""
    days = [q.notice_days for q in snapshot.quotas if meeting.kind in q.meeting_kinds]
    return max(days) if days else DEFAULT_NOTICE_DAYS


def notice_day(snapshot: ProgrammeSnapshot, meeting: MeetingData, calendar: WorkCalendar) -> date:
    """The last working day the meeting can be called with its notice (a notice longer than a year counts as a
    year: the database does not bound it)."""
    return calendar.on_or_before(meeting.date - timedelta(days=min(notice_days(snapshot, meeting), 366)))


def _records(snapshot: ProgrammeSnapshot) -> dict[tuple[str, int, int], DeadlineData]:
    return {(d.event_key, d.year, d.occurrence): d for d in snapshot.deadlines}


def _meeting_title(meeting: MeetingData) -> str:
    return _("Styreseminar") if meeting.kind is MeetingKind.SEMINAR else _("Styremøte")


def _notice_title(meeting: MeetingData) -> str:
    """ "Innkalling til styremøte 16.06.2014"."""
    if meeting.kind is MeetingKind.SEMINAR:
        title = _("Innkalling til styreseminar %(date)s")
    else:
        title = _("Innkalling til styremøte %(date)s")
    return title % {"date": date_short(meeting.date)}


def _open_details(
    snapshot: ProgrammeSnapshot, occurrence: Occurrence, as_of: date, calendar: WorkCalendar, with_missing: bool
) -> tuple[tuple[str, ...], tuple[Reminder, ...]]:
    from omstilling.core.reminders import missing

    gaps = tuple(missing(snapshot, occurrence, as_of)) if with_missing else ()
    ahead = tuple(r for r in reminder_dates(occurrence, calendar) if r.on >= as_of)
    return gaps, ahead


def agenda(snapshot: ProgrammeSnapshot, year: int, as_of: date, *, with_missing: bool = True) -> Agenda:
    """The year's agenda seen from `as_of` (see the module). `with_missing=False` leaves out what is missing for
    each open item (the costly part; the county page only counts)."""
    calendar = WorkCalendar.of(snapshot)
    zone = ZoneInfo(snapshot.timezone)
    records = _records(snapshot)
    occurrences = wheel_year(snapshot.wheel_events, year, calendar, snapshot.timezone)
    # A `styremote` event's occurrences are the board meetings: they carry its reminders and its page.
    board = {o.number: o for o in occurrences if o.event.kind is EventKind.BOARD_MEETING}
    items: list[AgendaItem] = []
    for o in occurrences:
        if o.event.kind is EventKind.BOARD_MEETING:
            continue
        record = records.get((o.event.key, o.year, o.number))
        state = deadline_state(o.due, record, as_of, snapshot.timezone)
        gaps, ahead = _open_details(snapshot, o, as_of, calendar, with_missing) if state.open else ((), ())
        items.append(
            AgendaItem(
                key=o.event.key,
                uid=f"{snapshot.slug}.{o.event.key}.{o.year}.{o.number}@omstilling",
                title=o.event.title,
                kind=KINDS[o.event.kind],
                due=o.due,
                nominal=o.nominal,
                start=o.start,
                end=o.end,
                responsible=o.event.responsible_roles,
                document=o.event.document.value if o.event.document else None,
                state=state,
                description=o.event.description,
                occurrence=o,
                roles=participants(o.event) if o.event.kind is EventKind.MEETING else (),
                rule=o.event.rrule,
                rule_text=event_rule_in_words(o.event.kind, o.event.rrule),
                record=record,
                missing=gaps,
                next_reminders=ahead,
            )
        )
    if in_status_period(snapshot.status_years, year):
        for meeting in snapshot.meetings:
            occurrence = board.get(meeting.id)
            if meeting.date.year == year:
                start = datetime.combine(meeting.date, meeting_start(meeting), tzinfo=zone)
                state = meeting_state(meeting, as_of)
                steps: tuple[Reminder, ...] = ()
                lacking: tuple[str, ...] = ()
                if occurrence is not None and state.ahead:  # what its papers still lack, and its reminders
                    lacking, steps = _open_details(snapshot, occurrence, as_of, calendar, with_missing)
                items.append(
                    AgendaItem(
                        key="styreseminar-mote" if meeting.kind is MeetingKind.SEMINAR else "styremote",
                        # by the meeting's id, not its date: a moved meeting stays the same calendar event
                        uid=f"{snapshot.slug}.styremote.{meeting.id}@omstilling",
                        title=_meeting_title(meeting),
                        kind=AgendaKind.BOARD_MEETING,
                        due=meeting.date,
                        nominal=meeting.date,
                        start=start,
                        end=start + timedelta(minutes=BOARD_MEETING_MINUTES[meeting.kind]),
                        responsible=("styreleder", "programleder"),
                        document="styrerapport",
                        state=state,
                        description="; ".join(
                            _("Sak %(number)s: %(title)s") % {"number": c.number, "title": c.title}
                            for c in meeting.cases
                        )
                        or None,
                        occurrence=occurrence,
                        meeting_id=meeting.id,
                        location=meeting.location,
                        roles=participants(occurrence.event) if occurrence else ("styret", "programleder"),
                        rule_text=event_rule_in_words(EventKind.BOARD_MEETING, ""),
                        record=records.get((occurrence.event.key, year, occurrence.number)) if occurrence else None,
                        unconfirmed=state is AgendaState.PLANNED and meeting.date < as_of,
                        missing=lacking,
                        next_reminders=steps,
                    )
                )
    for meeting in snapshot.meetings:
        called = notice_day(snapshot, meeting, calendar)
        if called.year == year and in_status_period(snapshot.status_years, meeting.date.year):
            items.append(
                AgendaItem(
                    key="innkalling",
                    uid=f"{snapshot.slug}.innkalling.{meeting.id}@omstilling",
                    title=_notice_title(meeting),
                    kind=AgendaKind.NOTICE,
                    due=called,
                    nominal=meeting.date - timedelta(days=min(notice_days(snapshot, meeting), 366)),
                    start=None,
                    end=None,
                    responsible=("styreleder", "programleder"),
                    document="innkalling",
                    state=notice_state(called, meeting, as_of),
                    description=_("Siste dag å sende innkallingen med %(days)s dagers varsel.")
                    % {"days": notice_days(snapshot, meeting)},
                    meeting_id=meeting.id,
                    location=meeting.location,
                    rule_text=_("innkallingsfristen før hvert styremøte"),
                )
            )
    # in date order; on one day, timed items by their start, then notices before meetings, then by key
    order = {AgendaKind.NOTICE: 0}
    items.sort(key=lambda i: (i.due, i.start or datetime.min.replace(tzinfo=UTC), order.get(i.kind, 1), i.key, i.uid))
    return Agenda(year, as_of, tuple(items))


def calendar_title(title: str, programme: str) -> str:
    """A meeting's title in a calendar, which holds more than one board's: "Styremøte · Omstillingsprogrammet i
    Vestre Toten" (the e-mailed invitation and the .ics feed, which share the meeting's UID, say the same)."""
    return f"{title} · {programme}"
