"""The daily tick of the årshjul, as library calls the Prefect flow sequences (and `simulate` replays):
materialise the year's deadlines, check the quotas, write the documents that are due to be drafted, and plan
and send the reminders.

When a document is drafted: on the day of its event's first reminder (so every reminder can point at the
draft), and the board pack (`styrerapport`) seven days before each board meeting, moved back to a working
day. A tick that did not run that day catches up on the next, as long as the document has not been written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from omstilling.models.enums import DocumentKind, MeetingStatus
from omstilling.reminders import report_year
from omstilling.snapshot import ProgrammeSnapshot
from omstilling.wheel import WorkCalendar, occurrences, reminder_dates
from omstilling.wheel.quotas import QuotaState, forecast_year

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
    calendar = WorkCalendar.for_rules(tuple(snapshot.closed_days))
    found = []
    for year in (as_of.year, as_of.year + 1):
        for event in (e for e in snapshot.wheel_events if e.document):
            for occurrence in occurrences(event, year, calendar, snapshot.timezone):
                steps = reminder_dates(occurrence, calendar)
                before = [s.on for s in steps if s.offset <= 0]
                draft_day = min(before) if before else occurrence.due
                kind = DocumentKind(event.document)
                about = report_year(kind, occurrence.due)
                if kind is DocumentKind.BOARD_REPORT:
                    continue
                if draft_day <= as_of <= occurrence.due and (kind.value, about, kind.value) not in written:
                    period_end = date(about, 6, 30) if kind is DocumentKind.HALF_YEAR_REPORT else date(about, 12, 31)
                    found.append(DocumentDue(kind, about, min(as_of, period_end), draft_day, occurrence.due,
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
    calendar = WorkCalendar.for_rules(tuple(snapshot.closed_days))
    warnings = []
    for quota in snapshot.quotas:
        for forecast in forecast_year(quota, snapshot.meetings, as_of.year, as_of, calendar):
            if forecast.start <= as_of <= forecast.end and forecast.state in (QuotaState.AT_RISK, QuotaState.MISSED):
                warnings.append(QuotaWarning(snapshot.slug, forecast.label, quota.title,
                                             len(forecast.held) + len(forecast.planned), quota.minimum,
                                             forecast.state.value, forecast.last_call))
    return warnings


@dataclass
class SimulationSummary:
    start: date
    end: date
    documents: list[dict] = field(default_factory=list)
    reminders_by_role: dict[str, int] = field(default_factory=dict)
    reminders: int = 0
    quotas_at_risk: list[dict] = field(default_factory=list)
    working_days: int = 0
