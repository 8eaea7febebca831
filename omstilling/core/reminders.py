"""Which reminders are due on a day, to whom, and what is still missing (pure: no clock, no database).

A deadline's ladder (see `omstilling.core.wheel.rules`) places each step on a working day. On a day, the latest
step whose date has come is due, if it came at most `CATCH_UP_DAYS` ago (so a missed daily run catches up,
while a run that was down for weeks does not flood anyone); a reminder before the deadline is never sent
after it has passed. A deadline marked done or skipped has no more steps. The people are those holding the
step's roles on the day; `styret` means the chair, the members and the deputies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from omstilling.core import indicators as ind
from omstilling.core import texts
from omstilling.core.enums import DeadlineStatus, DocumentKind, EventKind, MeetingStatus, ProjectStatus, Role
from omstilling.core.figures import county_request
from omstilling.core.formatting import date_long
from omstilling.core.language import _, ngettext
from omstilling.core.periods import last_meeting, next_meeting, period_end, report_year
from omstilling.core.snapshot import ProgrammeSnapshot, in_term
from omstilling.core.wheel import (
    Occurrence,
    Reminder,
    WorkCalendar,
    occurrences,
    occurrences_around,
    reminder_dates,
)
from omstilling.core.wheel.quotas import shortfalls

CATCH_UP_DAYS = 3
BOARD = (Role.BOARD_CHAIR.value, Role.BOARD_MEMBER.value, Role.DEPUTY_MEMBER.value)
REPORTS = {
    DocumentKind.ANNUAL_REPORT,
    DocumentKind.HALF_YEAR_REPORT,
    DocumentKind.BOARD_REPORT,
    DocumentKind.BOARD_PACK,
    DocumentKind.APPLICATION,
    DocumentKind.PSV_FACTS,
    DocumentKind.SEMINAR_BASIS,
    DocumentKind.FINAL_REPORT,
    DocumentKind.FINAL_EVALUATION,
}


@dataclass(frozen=True)
class RecipientData:
    """Private contact data: who holds a role, and their address. Used for reminders only."""

    name: str
    role: str
    email: str | None
    term_start: date
    term_end: date | None
    person_id: int | None = None
    """The person's id (the meeting's answers are theirs); None for a placeholder."""

    def holds_on(self, day: date) -> bool:
        return in_term(self.term_start, self.term_end, day)


@dataclass(frozen=True)
class PlannedReminder:
    """One message to one person: a step of a deadline's ladder."""

    occurrence: Occurrence
    reminder: Reminder
    step_name: str
    role: str
    name: str | None
    email: str | None

    @property
    def deadline_key(self) -> tuple[str, int, int]:
        return self.occurrence.event.key, self.occurrence.year, self.occurrence.number


def step_name(occurrence: Occurrence, reminder: Reminder) -> str:
    """Første påminnelse, påminnelse, siste påminnelse, fristen er i dag, fristen er passert."""
    if reminder.offset > 0:
        return _("fristen er passert")
    if reminder.offset == 0:
        return _("fristen er i dag") if occurrence.event.kind is EventKind.DEADLINE else _("i dag")
    before = sorted(step.offset for step in occurrence.event.ladder if step.offset < 0)
    if len(before) > 1 and reminder.offset == before[0]:
        return _("første påminnelse")
    if reminder.offset == before[-1]:
        return _("siste påminnelse")
    return _("påminnelse")


def due_step(occurrence: Occurrence, calendar: WorkCalendar, as_of: date) -> Reminder | None:
    """The ladder step to send on `as_of`, if any (see the module's rule)."""
    came = [r for r in reminder_dates(occurrence, calendar) if r.on <= as_of]
    if not came:
        return None
    latest = max(came, key=lambda r: (r.on, r.offset))
    if (as_of - latest.on).days > CATCH_UP_DAYS:
        return None
    if latest.offset <= 0 and as_of > occurrence.due:
        return None
    return latest


def holders(recipients: tuple[RecipientData, ...], roles: tuple[str, ...], day: date) -> list[RecipientData]:
    """Who holds the roles on `day` (a role with nobody in it gives a placeholder without name)."""
    wanted = [r for role in roles for r in (BOARD if role == "styret" else (role,))]
    found = []
    for role in dict.fromkeys(wanted):
        people = [r for r in recipients if r.role == role and r.holds_on(day)]
        found.extend(people or [RecipientData("", role, None, day, day)])
    return found


def plan(snapshot: ProgrammeSnapshot, recipients: tuple[RecipientData, ...], as_of: date) -> list[PlannedReminder]:
    """The reminders due on `as_of`, one per person per step (a person with two of the roles hears once)."""
    calendar = WorkCalendar.of(snapshot)
    if not calendar.is_working_day(as_of):
        return []
    planned = []
    for event in snapshot.wheel_events:
        for occurrence in occurrences_around(event, as_of, calendar, snapshot.timezone, extra_days=CATCH_UP_DAYS):
            if snapshot.deadline_status(event.key, occurrence.year, occurrence.number) is not DeadlineStatus.OPEN:
                continue
            reminder = due_step(occurrence, calendar, as_of)
            if reminder is None:
                continue
            seen: set[str] = set()
            for person in holders(recipients, reminder.roles, as_of):
                key = person.email or f"(ingen e-post: {person.role})"
                if key in seen:
                    continue
                seen.add(key)
                planned.append(
                    PlannedReminder(
                        occurrence,
                        reminder,
                        step_name(occurrence, reminder),
                        person.role,
                        person.name or None,
                        person.email,
                    )
                )
    return planned


@dataclass(frozen=True)
class DeadlineDocument:
    """The document a deadline is about: its kind, the year it covers and, for a meeting's document, the meeting."""

    kind: DocumentKind
    year: int
    meeting_date: date | None = None


def deadline_document(snapshot: ProgrammeSnapshot, occurrence: Occurrence) -> DeadlineDocument | None:
    """The document `occurrence` is the deadline of (None when its event makes none, or its meeting is cancelled):
    the year from its rule's date (`report_year`); a meeting's document is for the board meeting itself, or, on a
    deadline of its own, for the next meeting not cancelled on or after it (the minutes: the last one before)."""
    kind = occurrence.event.document
    if kind is None:
        return None
    if not kind.for_meeting:
        return DeadlineDocument(kind, report_year(kind, occurrence.nominal))
    if occurrence.event.kind is EventKind.BOARD_MEETING:
        meeting = next((m for m in snapshot.meetings if m.id == occurrence.number), None)
        day = meeting.date if meeting is not None and meeting.status is not MeetingStatus.CANCELLED else None
    elif kind is DocumentKind.MINUTES:
        day = last_meeting(snapshot, occurrence.due)
    else:
        day = next_meeting(snapshot, occurrence.due)
    return DeadlineDocument(kind, day.year, day) if day is not None else None


def unwritten_line(snapshot: ProgrammeSnapshot, occurrence: Occurrence, as_of: date) -> str | None:
    """«Ikke skrevet ennå: programleders sammendrag og veien videre»: the sections of the deadline's document that
    the programme leader must write and nobody has (`omstilling.core.texts`), as the document stands on `as_of`."""
    document = deadline_document(snapshot, occurrence)
    if document is None or not texts.sections(document.kind):
        return None
    last_day = document.meeting_date or period_end(document.kind, document.year)
    gaps = texts.unwritten(snapshot, document.kind, document.year, min(as_of, last_day), document.meeting_date)
    if not gaps:
        return None
    labels = [s.label for s in gaps]
    if len(labels) == 1:
        listed = labels[0]
    else:
        listed = _("%(first)s og %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}
    return _("Ikke skrevet ennå: %(sections)s") % {"sections": listed}


def missing(snapshot: ProgrammeSnapshot, occurrence: Occurrence, as_of: date) -> list[str]:
    """What is still missing for a deadline, in Norwegian sentences, computed from the data."""
    event, due = occurrence.event, occurrence.due
    kind = event.document
    year = report_year(kind, occurrence.nominal)
    lines = []
    calendar = WorkCalendar.of(snapshot)
    for key in event.depends_on:
        dependency = next((e for e in snapshot.wheel_events if e.key == key), None)
        if dependency is None:
            continue
        earlier = [o for y in (due.year - 1, due.year) for o in occurrences(dependency, y, calendar) if o.due <= due]
        if (
            earlier
            and snapshot.deadline_status(dependency.key, earlier[-1].year, earlier[-1].number)
            is not DeadlineStatus.DONE
        ):
            lines.append(
                _("Avhenger av «%(title)s» (frist %(due)s), som ikke er markert utført")
                % {"title": dependency.title, "due": date_long(earlier[-1].due)}
            )
    if kind in REPORTS:
        start, end = ind.year_span(year, year)
        until = min(end, as_of)
        silent = [
            p
            for p in snapshot.projects
            if p.status.started
            and p.status is not ProjectStatus.NOT_CARRIED_OUT
            and p.decision_date
            and p.decision_date <= until
            and (p.end_date is None or p.end_date >= start)
            and not any(start <= r.date <= until for r in p.results)
        ]
        if silent:
            lines.append(
                ngettext(
                    "%(n)s prosjekt mangler rapporterte arbeidsplasser for %(year)s",
                    "%(n)s prosjekter mangler rapporterte arbeidsplasser for %(year)s",
                    len(silent),
                )
                % {"n": len(silent), "year": year}
            )
        unexplained = [d for d in ind.deviations(snapshot, year, until) if d.needs_explanation]
        if unexplained:
            lines.append(_("%(n)s avvik mangler forklaring") % {"n": len(unexplained)})
    if (unwritten := unwritten_line(snapshot, occurrence, as_of)) is not None:
        lines.append(unwritten)
    if kind in (DocumentKind.APPLICATION, DocumentKind.PSV_FACTS, DocumentKind.SEMINAR_BASIS):
        wanted = year - 1 if kind is DocumentKind.APPLICATION else year
        if kind is not DocumentKind.PSV_FACTS and not any(a.year >= wanted for a in snapshot.assessments):
            lines.append(_("Ingen programstatusvurdering er registrert for %(year)s") % {"year": wanted})
    if kind in (DocumentKind.APPLICATION, DocumentKind.ACTION_PLAN) and not any(
        line.year == year + 1 for line in snapshot.budget_lines
    ):
        lines.append(_("Budsjettet for %(year)s er ikke registrert") % {"year": year + 1})
    if kind is DocumentKind.APPLICATION:
        request = county_request(snapshot, year)
        if request["budget_year"] is not None and request["amount"] is None:
            lines.append(
                _(
                    "Søknadsbeløpet er ikke fastsatt: budsjettet for %(year)s har ingen inntektslinje for tilskuddet "
                    "fra %(county)s"
                )
                % {"year": request["budget_year"], "county": snapshot.county}
            )
    if kind in REPORTS or Role.BOARD_CHAIR.value in event.responsible_roles:
        for forecast in shortfalls(snapshot.quotas, snapshot.meetings, as_of, calendar, snapshot.status_years):
            counted = len(forecast.held) + len(forecast.planned)
            lines.append(
                ngettext(
                    "bare %(counted)s styremøte er holdt eller planlagt før %(end)s (minst %(minimum)s)",
                    "bare %(counted)s styremøter er holdt eller planlagt før %(end)s (minst %(minimum)s)",
                    counted,
                )
                % {"counted": counted, "end": date_long(forecast.end), "minimum": forecast.quota.minimum}
            )
    return lines
