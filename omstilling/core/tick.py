"""The daily tick of the årshjul, as library calls the Prefect flow sequences (and `simulate` replays):
materialise the year's deadlines, check the quotas, write the documents that are due to be drafted, and plan
and send the reminders.

When a document is drafted: on the day of its event's first reminder (so every reminder can point at the
draft), and the board pack (`styrerapport`) seven days before each board meeting, moved back to a working
day. A tick that did not run that day catches up on the next, as long as the document has not been written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from omstilling.core.enums import DocumentKind, MeetingStatus
from omstilling.core.periods import period_end, report_year
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.core.wheel import WorkCalendar, reminder_dates
from omstilling.core.wheel.quotas import shortfalls
from omstilling.core.wheel.rules import occurrences_around

BOARD_PACK_DAYS = 7


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


def documents_due(snapshot: ProgrammeSnapshot, as_of: date, written: set[tuple[str, int, str]]) -> list[DocumentDue]:
    """The documents to draft on `as_of` (pure). `written` holds (kind, year, name) of documents already written."""
    calendar = WorkCalendar.of(snapshot)
    found = []
    for event in (e for e in snapshot.wheel_events if e.document):
        kind = DocumentKind(event.document)
        if kind is DocumentKind.BOARD_REPORT:
            continue
        for occurrence in occurrences_around(event, as_of, calendar, snapshot.timezone):
            before = [s.on for s in reminder_dates(occurrence, calendar) if s.offset <= 0]
            draft_day = min(before) if before else occurrence.due
            about = report_year(kind, occurrence.nominal)
            if draft_day <= as_of <= occurrence.due and (kind.value, about, kind.value) not in written:
                found.append(DocumentDue(kind, about, min(as_of, period_end(kind, about)), draft_day, occurrence.due,
                                         reason=f"utkast til «{event.title}»"))
    for meeting in snapshot.meetings:
        if meeting.status is MeetingStatus.CANCELLED:
            continue
        draft_day = calendar.on_or_before(meeting.date - timedelta(days=BOARD_PACK_DAYS))
        name = f"{DocumentKind.BOARD_REPORT.value}-{meeting.date.isoformat()}"
        if draft_day <= as_of < meeting.date and (DocumentKind.BOARD_REPORT.value, meeting.date.year,
                                                  name) not in written:
            found.append(DocumentDue(DocumentKind.BOARD_REPORT, meeting.date.year, as_of, draft_day, meeting.date,
                                     meeting.date, reason=f"styrepapirer til møtet {meeting.date.isoformat()}"))
    return found


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
    return [QuotaWarning(snapshot.slug, f.label, f.quota.title, len(f.held) + len(f.planned), f.quota.minimum,
                         f.state.value, f.last_call)
            for f in shortfalls(snapshot.quotas, snapshot.meetings, as_of, WorkCalendar.of(snapshot),
                                snapshot.status_years)]


@dataclass
class SimulationSummary:
    start: date
    end: date
    documents: list[dict] = field(default_factory=list)
    reminders_by_role: dict[str, int] = field(default_factory=dict)
    reminders: int = 0
    quotas_at_risk: list[dict] = field(default_factory=list)
    working_days: int = 0
