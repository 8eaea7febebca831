"""The decisions register (vedtaksprotokoll): every decision the board of a programme has adopted, seen from a day
(pure: plain data in, plain data out, the day passed in).

A case's decision is adopted when its meeting has taken place on the day (marked held, or its day has passed and
it is not cancelled; a meeting still to come, or cancelled, has adopted nothing) and the case has a decision text.
A decision the board asked to have followed up carries its follow-up: what, the role responsible and the deadline,
and the deadline's state in the agenda's words (`core.agenda.deadline_state` on the wheel's `vedtak` occurrence,
the one home for states). The web app's page *Vedtak*, `omstilling decisions` and the board report's "Oppfølging
av vedtak" (`documents.context.open_follow_ups`) all read it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from omstilling.core.agenda import deadline_state, meeting_state
from omstilling.core.enums import AgendaState, CaseKind, EventKind, MeetingStatus
from omstilling.core.language import _
from omstilling.core.snapshot import CaseData, DeadlineData, MeetingData, ProgrammeSnapshot
from omstilling.core.wheel.rules import occurrences
from omstilling.core.wheel.workdays import WorkCalendar


class FollowUpFilter(Enum):
    """Which decisions a filter by follow-up keeps (the values are the web form's and the CLI's words)."""

    OPEN = "apne"
    OVERDUE = "forfalt"
    CLOSED = "ferdige"

    @property
    def slug(self) -> str:
        return str(self.value)

    @property
    def label(self) -> str:
        """The filter in words, in the current written standard."""
        words = {
            FollowUpFilter.OPEN: _("åpne oppfølginger"),
            FollowUpFilter.OVERDUE: _("forfalte oppfølginger"),
            FollowUpFilter.CLOSED: _("utført eller hoppet over"),
        }
        return words[self]

    @classmethod
    def named(cls, value: str) -> FollowUpFilter | None:
        return next((f for f in cls if f.slug == value), None)

    def keeps(self, state: AgendaState | None) -> bool:
        if state is None:
            return False
        if self is FollowUpFilter.OPEN:
            return state.open
        if self is FollowUpFilter.OVERDUE:
            return state is AgendaState.OVERDUE
        return state in (AgendaState.DONE, AgendaState.SKIPPED)


@dataclass(frozen=True)
class FollowUp:
    """A decision to follow up: what, who (a role), by when, and where its deadline stands on the day."""

    what: str
    role: str
    due: date
    """The deadline as the wheel has it (the decision's date moved to a working day)."""
    state: AgendaState
    event_key: str | None
    """The `vedtak` event whose deadline it is (its page is /frister/<key>/<year>/<number>); None without one."""
    year: int
    number: int


@dataclass(frozen=True)
class Decision:
    """One adopted decision of the register."""

    number: str
    title: str
    kind: CaseKind
    decision: str
    meeting: date
    meeting_state: AgendaState
    """`holdt`, or `planlagt` for a meeting whose day has passed without being marked held (`unconfirmed`)."""
    project: str | None
    """The number of the project the case concerns."""
    project_title: str | None
    follow_up: FollowUp | None

    @property
    def held(self) -> bool:
        return self.meeting_state is AgendaState.HELD

    @property
    def state(self) -> AgendaState | None:
        """The follow-up's state (None: nothing to follow up)."""
        return self.follow_up.state if self.follow_up else None

    def matches(self, words: str) -> bool:
        """Whether every word of a free-text search is in the number, title, decision, project or follow-up."""
        text = " ".join(
            filter(
                None,
                (
                    self.number,
                    self.title,
                    self.decision,
                    self.project,
                    self.project_title,
                    self.follow_up.what if self.follow_up else None,
                ),
            )
        ).casefold()
        return all(word in text for word in words.casefold().split())


def adopted(meeting: MeetingData, as_of: date) -> bool:
    """Whether the meeting's decisions are adopted on `as_of`: it is marked held or its day has passed, and it is
    not cancelled (a meeting ahead is `planlagt` on the agenda whatever the data says)."""
    if meeting.status is MeetingStatus.CANCELLED or meeting.date > as_of:
        return False
    return meeting.date < as_of or meeting.status is MeetingStatus.HELD


def register(snapshot: ProgrammeSnapshot, as_of: date) -> list[Decision]:
    """Every decision adopted on `as_of`, the newest meeting first and, within a meeting, by case number."""
    calendar = WorkCalendar.of(snapshot)
    event = next((e for e in snapshot.wheel_events if e.kind is EventKind.FOLLOW_UP), None)
    projects = {p.id: p for p in snapshot.projects}
    records = {(d.event_key, d.year, d.occurrence): d for d in snapshot.deadlines}
    found = []
    for meeting in sorted(snapshot.meetings, key=lambda m: m.date, reverse=True):
        if not adopted(meeting, as_of):
            continue
        state = meeting_state(meeting, as_of)
        for case in sorted(meeting.cases, key=case_order):
            if not (case.decision and case.decision.strip()):
                continue
            project = projects.get(case.project_id) if case.project_id is not None else None
            found.append(
                Decision(
                    number=case.number,
                    title=case.title,
                    kind=case.kind,
                    decision=case.decision,
                    meeting=meeting.date,
                    meeting_state=AgendaState.HELD if state is AgendaState.TODAY else state,
                    project=project.number if project else None,
                    project_title=project.title if project else None,
                    follow_up=_follow_up(snapshot, case, event.key if event else None, calendar, records, as_of),
                )
            )
    return found


def _follow_up(
    snapshot: ProgrammeSnapshot,
    case: CaseData,
    event_key: str | None,
    calendar: WorkCalendar,
    records: dict[tuple[str, int, int], DeadlineData],
    as_of: date,
) -> FollowUp | None:
    if not (case.follow_up and case.follow_up_role and case.follow_up_due):
        return None
    year = case.follow_up_due.year
    due = _due(snapshot, event_key, year, case.id, calendar)
    if due is None:  # no `vedtak` event (or a deadline outside the status period): no page, no record
        event_key, due = None, calendar.on_or_after(case.follow_up_due)
    record = records.get((event_key, year, case.id)) if event_key else None
    return FollowUp(
        what=case.follow_up,
        role=case.follow_up_role,
        due=due,
        state=deadline_state(due, record, as_of, snapshot.timezone),
        event_key=event_key,
        year=year,
        number=case.id,
    )


def _due(
    snapshot: ProgrammeSnapshot, event_key: str | None, year: int, case_id: int, calendar: WorkCalendar
) -> date | None:
    """The follow-up's due date as the wheel's occurrence has it (the agenda's item is that occurrence)."""
    event = next((e for e in snapshot.wheel_events if e.key == event_key), None)
    if event is None:
        return None
    found = next((o for o in occurrences(event, year, calendar, snapshot.timezone) if o.number == case_id), None)
    return found.due if found else None


def search(
    decisions: Iterable[Decision],
    words: str = "",
    year: int | None = None,
    follow_up: FollowUpFilter | None = None,
) -> list[Decision]:
    """The decisions that match a free-text search, the year of their meeting and a follow-up filter."""
    return [
        d
        for d in decisions
        if (not words.strip() or d.matches(words))
        and (year is None or d.meeting.year == year)
        and (follow_up is None or follow_up.keeps(d.state))
    ]


def years(decisions: Iterable[Decision]) -> list[int]:
    """The years the register has decisions in, newest first."""
    return sorted({d.meeting.year for d in decisions}, reverse=True)


def case_order(case: CaseData) -> tuple[int, int, str]:
    """Cases by their number "NN/YY": the year, then the running number (10/14 after 9/14)."""
    running, _, year = case.number.partition("/")
    return (int(year) if year.isdigit() else 0, int(running) if running.isdigit() else 0, case.number)
