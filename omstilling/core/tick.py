"""The daily tick of the årshjul, as library calls the Prefect flow sequences (and `simulate` replays):
materialise the year's deadlines, check the quotas, know which documents are drafted when, and plan and send the
reminders. The drafts themselves are scheduled report runs (`omstilling.core.runplan`); `simulate` writes them
day by day with `documents_due`.

When a document is drafted: on the day of its event's first reminder (so every reminder can point at the
draft); the board report and the board pack (`styrerapport`, `styrepapirer`) seven days before each board
meeting, moved back to a working day (caught up on up to the day before the meeting); the draft minutes
(`protokoll`) the day after the meeting (caught up on within two weeks). A draft whose day was missed is caught up
on any later day up to its deadline, as long as the document has not been written. Nothing is drafted outside
the programme's status period."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from omstilling.core.enums import DocumentKind, MeetingStatus
from omstilling.core.periods import document_name, period_end, report_year
from omstilling.core.snapshot import ProgrammeSnapshot, WheelEventData
from omstilling.core.wheel import WorkCalendar, reminder_dates
from omstilling.core.wheel.quotas import shortfalls
from omstilling.core.wheel.rules import in_status_period, occurrences, years_around

BOARD_PACK_DAYS = 7
MINUTES_DAYS = 14  # the draft minutes are written the day after a meeting, or caught up on within two weeks


@dataclass(frozen=True)
class DocumentDue:
    """A document the tick should write: which kind, for which year, seen from which day."""

    kind: DocumentKind
    year: int
    as_of: date
    draft_day: date
    due: date
    meeting_date: date | None = None
    reason: str = ""


@dataclass(frozen=True)
class Draft:
    """One draft the wheel asks for, whatever the day: made on `draft_day` (or, caught up, on any day up to
    `last_day`) for the occurrence due on `due`; `meeting_date` for a board pack."""

    kind: DocumentKind
    year: int
    draft_day: date
    last_day: date
    due: date
    meeting_date: date | None
    reason: str

    @property
    def name(self) -> str:
        """The document's name in its year, as its record holds it (`styrerapport-2014-06-16`)."""
        return document_name(self.kind, self.meeting_date)

    def written(self, written: set[tuple[str, int, str]]) -> bool:
        return (self.kind.value, self.year, self.name) in written

    def seen_from(self, day: date) -> date:
        """The as-of day of the draft made on `day`: that day, but never past the document's period (the minutes:
        the meeting's day)."""
        if self.kind is DocumentKind.MINUTES and self.meeting_date is not None:  # the minutes always have one
            return self.meeting_date
        return day if self.meeting_date else min(day, period_end(self.kind, self.year))


def drafts(snapshot: ProgrammeSnapshot, years: Callable[[WheelEventData], Iterable[int]]) -> Iterator[Draft]:
    """Every draft of the programme's document events in the rule years `years(event)` gives, and the board pack
    of every board meeting that is not cancelled (pure; see the module's rule for the days)."""
    calendar = WorkCalendar.of(snapshot)
    for event in snapshot.wheel_events:
        if not event.document:
            continue
        kind = DocumentKind(event.document)
        if kind.for_meeting:  # a meeting's documents are drafted from the meetings themselves (below)
            continue
        for year in years(event):
            for occurrence in occurrences(event, year, calendar, snapshot.timezone):
                before = [s.on for s in reminder_dates(occurrence, calendar) if s.offset <= 0]
                draft_day = min(before) if before else occurrence.due
                yield Draft(
                    kind,
                    report_year(kind, occurrence.nominal),
                    draft_day,
                    occurrence.due,
                    occurrence.due,
                    None,
                    f"utkast til «{event.title}»",
                )
    for meeting in snapshot.meetings:
        if meeting.status is MeetingStatus.CANCELLED or not in_status_period(snapshot.status_years, meeting.date.year):
            continue  # (the status period bounds the board packs too: no draft after it)
        draft_day = calendar.on_or_before(meeting.date - timedelta(days=BOARD_PACK_DAYS))
        # before the meeting: the board report, and the pack the board is sent (notice and report in one PDF)
        for kind in (DocumentKind.BOARD_REPORT, DocumentKind.BOARD_PACK):
            yield Draft(
                kind,
                meeting.date.year,
                draft_day,
                meeting.date - timedelta(days=1),
                meeting.date,
                meeting.date,
                f"styrepapirer til møtet {meeting.date.isoformat()}",
            )
        # after the meeting: the draft minutes, for the leader to complete in Word
        yield Draft(
            DocumentKind.MINUTES,
            meeting.date.year,
            meeting.date + timedelta(days=1),
            meeting.date + timedelta(days=MINUTES_DAYS),
            meeting.date,
            meeting.date,
            f"protokoll fra møtet {meeting.date.isoformat()}",
        )


def documents_due(snapshot: ProgrammeSnapshot, as_of: date, written: set[tuple[str, int, str]]) -> list[DocumentDue]:
    """The documents to draft on `as_of` (pure). `written` holds (kind, year, name) of documents already written."""
    return [
        DocumentDue(d.kind, d.year, d.seen_from(as_of), d.draft_day, d.due, d.meeting_date, d.reason)
        for d in drafts(snapshot, lambda event: years_around(event, as_of))
        if d.draft_day <= as_of <= d.last_day and not d.written(written)
    ]


@dataclass
class QuotaWarning:
    programme: str
    period: str
    title: str
    counted: int
    minimum: int
    state: str
    last_call: date | None


def quota_warnings(snapshot: ProgrammeSnapshot, as_of: date) -> list[QuotaWarning]:
    """Quotas of the current period that are at risk or missed (pure)."""
    return [
        QuotaWarning(
            snapshot.slug,
            f.label,
            f.quota.title,
            len(f.held) + len(f.planned),
            f.quota.minimum,
            f.state.value,
            f.last_call,
        )
        for f in shortfalls(snapshot.quotas, snapshot.meetings, as_of, WorkCalendar.of(snapshot), snapshot.status_years)
    ]


@dataclass
class SimulationSummary:
    start: date
    end: date
    documents: list[dict[str, Any]] = field(default_factory=list)  # JSON records
    reminders_by_role: dict[str, int] = field(default_factory=dict)
    reminders: int = 0
    notices: int = 0  # the board meetings' notices (innkalling), one per person called
    quotas_at_risk: list[dict[str, Any]] = field(default_factory=list)
    working_days: int = 0
