"""Plain, immutable data the pure core works on. Built by `omstilling.store.load`; no ORM objects leak past it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

from omstilling.core.enums import (
    BudgetCategory,
    BudgetKind,
    CaseKind,
    Comparator,
    DeadlineStatus,
    DeviationStatus,
    DocumentKind,
    EventKind,
    FollowUpStatus,
    FundingSource,
    GoalMetric,
    IndicatorKind,
    InvitationTiming,
    MeetingKind,
    MeetingStatus,
    PaymentKind,
    Phase,
    ProjectStatus,
    PsvForm,
    ResultSource,
    Role,
    TextSection,
    WheelPhase,
)
from omstilling.core.language import WrittenStandard

if TYPE_CHECKING:  # core.stateaid imports core.wheel, whose rules import this module
    from omstilling.core.stateaid import ReportingRule


@dataclass(frozen=True)
class FocusAreaData:
    id: int
    number: int
    name: str


@dataclass(frozen=True)
class StrategyData:
    id: int
    number: str
    name: str
    year: int
    focus_area_id: int
    count_target: int | None
    target_text: str | None
    tags: tuple[str, ...]
    exclude_tags: tuple[str, ...]


@dataclass(frozen=True)
class GoalData:
    id: int
    key: str
    focus_area_id: int | None
    strategy_id: int | None
    metric: GoalMetric
    comparator: Comparator
    target: int | None
    baseline: int | None
    period_start: int
    period_end: int
    text: str


@dataclass(frozen=True)
class PaymentData:
    date: date
    kind: PaymentKind
    amount: int


@dataclass(frozen=True)
class ResultData:
    date: date
    new_jobs: int
    secured_jobs: int
    new_companies: int
    extra_revenue: int
    source: ResultSource


@dataclass(frozen=True)
class ProjectData:
    id: int
    number: str
    title: str
    owner: str
    focus_area_id: int
    strategy_id: int | None
    tags: tuple[str, ...]
    phase: Phase
    status: ProjectStatus
    grant_amount: int
    decision_date: date | None
    decision_case: str | None
    start_date: date | None
    end_date: date | None
    competence_building: bool
    regional_cooperation: bool
    network_project: bool
    org_number: str | None = None
    """The company's organisation number (the Brønnøysund registers'), when recorded."""
    funding: dict[FundingSource, int] = field(default_factory=dict)
    payments: tuple[PaymentData, ...] = ()
    results: tuple[ResultData, ...] = ()

    @property
    def total_budget(self) -> int:
        """The project's whole budget: all funding sources (the programme's grant when none are given)."""
        return sum(self.funding.values()) or self.grant_amount


@dataclass(frozen=True)
class BudgetLineData:
    id: int
    year: int
    kind: BudgetKind
    category: BudgetCategory
    focus_area_id: int | None
    label: str
    amount: int
    actual: int | None = None
    """The accounts (regnskap): spent on the line, or income received; None when not recorded."""


@dataclass(frozen=True)
class CaseData:
    number: str
    title: str
    decision: str | None
    project_id: int | None
    proposal: str | None = None
    id: int = 0
    follow_up: str | None = None
    """A decision to follow up (vedtaksoppfølging): what, who (a role) and by when."""
    follow_up_role: str | None = None
    follow_up_due: date | None = None
    kind: CaseKind = CaseKind.DECISION
    background: str | None = None
    """The case's background (saksframstilling), as the board pack prints it before the proposed decision."""


@dataclass(frozen=True)
class MeetingData:
    id: int
    date: date
    kind: MeetingKind
    status: MeetingStatus
    location: str | None
    cases: tuple[CaseData, ...] = ()
    start_time: time | None = None


@dataclass(frozen=True)
class ScoreData:
    indicator: str
    kind: IndicatorKind
    score: int
    justification: str | None


@dataclass(frozen=True)
class RecommendationData:
    number: int
    text: str
    follow_up: str | None
    status: FollowUpStatus


@dataclass(frozen=True)
class AssessmentData:
    year: int
    meeting_date: date | None
    facilitator: str | None
    summary: str | None
    scores: tuple[ScoreData, ...] = ()
    recommendations: tuple[RecommendationData, ...] = ()
    form: PsvForm | None = None
    """The indicator set the year was scored on (None: not said; `omstilling.core.psv.form_for` decides)."""
    conclusion: str | None = None
    """The verbal conclusion the participants agreed on in the meeting, beside the grades."""


@dataclass(frozen=True)
class IndicatorData:
    """One indicator of the programme's own PSV set (the workbook's sheet PSV-indikatorer)."""

    number: int
    name: str
    kind: IndicatorKind
    description: str | None = None


@dataclass(frozen=True)
class DeviationData:
    """A recorded deviation: its cause, corrective action and status."""

    subject: str
    period: str
    cause: str | None
    action: str | None
    status: DeviationStatus


@dataclass(frozen=True)
class RoleData:
    """Public role data only: contact data never enters a snapshot."""

    name: str
    role: Role
    organisation: str | None
    term_start: date
    term_end: date | None

    def holds_on(self, day: date) -> bool:
        return in_term(self.term_start, self.term_end, day)


def in_term(start: date, end: date | None, day: date) -> bool:
    """Whether `day` lies in a term that started on `start` and ends on `end` (None: still running)."""
    return start <= day and (end is None or day <= end)


@dataclass(frozen=True)
class LadderStep:
    """Remind `roles` this many days from the due date (negative: before; positive: after, an escalation)."""

    offset: int
    roles: tuple[str, ...]


@dataclass(frozen=True)
class WheelEventData:
    id: int
    key: str
    title: str
    kind: EventKind
    rrule: str
    responsible_roles: tuple[str, ...]
    document: DocumentKind | None
    depends_on: tuple[str, ...] = ()
    ladder: tuple[LadderStep, ...] = ()
    start_time: time | None = None
    duration_minutes: int | None = None
    description: str | None = None
    meetings: tuple[tuple[int, date, time | None], ...] = ()
    """For a `styremote` event: the board meetings it stands for (id, date, start), from the data."""
    phase: WheelPhase = WheelPhase.EVERY_YEAR
    follow_ups: tuple[tuple[int, date, str, str], ...] = ()
    """For a `vedtak` event: the decisions to follow up (case id, due date, role, "sak 05/14: what"), from the
    data."""
    status_years: tuple[int, int] | None = None
    """The programme's status period (first and last year), which bounds the event; None: unbounded."""
    aid_awards: tuple[tuple[int, date, Decimal, str], ...] = ()
    """For a `registerrapport` event: the programme's awards of state aid (award id, grant date, euro, "2014-01
    Toten Trebygg AS (150 000 euro)"), from the data; `reporting` says which the register must be told of."""
    reporting: ReportingRule | None = None
    """For a `registerrapport` event: the installation's rule for reporting to Registeret for offentlig støtte."""


@dataclass(frozen=True)
class QuotaData:
    key: str
    title: str
    minimum: int
    months_per_period: int
    meeting_kinds: tuple[MeetingKind, ...]
    notice_days: int
    description: str | None = None


@dataclass(frozen=True)
class DeadlineData:
    """A materialised occurrence and what became of it."""

    event_key: str
    year: int
    occurrence: int
    due_date: date
    status: DeadlineStatus
    closed_by: str | None = None
    closed_at: datetime | None = None
    note: str | None = None


@dataclass(frozen=True)
class OwnTextData:
    """A section of one document in the programme leader's own words (`omstilling.core.texts`): the document by
    kind, year and name (as its records name it), who wrote it and when."""

    kind: DocumentKind
    year: int
    name: str
    section: TextSection
    body: str
    written_by: str
    written_at: datetime


@dataclass(frozen=True)
class ProgrammeSnapshot:
    id: int
    slug: str
    name: str
    municipality: str
    county: str
    county_short: str
    status_start_year: int
    status_end_year: int
    timezone: str
    focus_areas: tuple[FocusAreaData, ...] = ()
    strategies: tuple[StrategyData, ...] = ()
    goals: tuple[GoalData, ...] = ()
    budget_lines: tuple[BudgetLineData, ...] = ()
    projects: tuple[ProjectData, ...] = ()
    meetings: tuple[MeetingData, ...] = ()
    assessments: tuple[AssessmentData, ...] = ()
    roles: tuple[RoleData, ...] = ()
    wheel_events: tuple[WheelEventData, ...] = ()
    quotas: tuple[QuotaData, ...] = ()
    closed_days: tuple[str, ...] = ()
    deadlines: tuple[DeadlineData, ...] = ()
    deviations: tuple[DeviationData, ...] = ()
    texts: tuple[OwnTextData, ...] = ()
    indicators: tuple[IndicatorData, ...] = ()
    """The programme's own PSV indicator set, in its order (empty: it scores on Innovasjon Norge's forms)."""
    # when the board's meetings first land in calendars, the programme's own choice (None: the installation's,
    # `OMSTILLING_INVITATIONS`; `messaging.invitations.timing` decides)
    invitations: InvitationTiming | None = None
    # the programme's written standard (målform), bokmål or nynorsk: what its documents and messages are written in
    language: WrittenStandard = WrittenStandard.BOKMAL

    def __post_init__(self) -> None:
        # The status period bounds the wheel: each event carries the snapshot's own period, so a snapshot with
        # another end year (an extension) is bounded by it, whoever built the events.
        years = self.status_years
        if any(e.status_years != years for e in self.wheel_events):
            object.__setattr__(
                self,
                "wheel_events",
                tuple(e if e.status_years == years else replace(e, status_years=years) for e in self.wheel_events),
            )

    @property
    def status_years(self) -> tuple[int, int]:
        return self.status_start_year, self.status_end_year

    def focus_area(self, focus_area_id: int | None) -> FocusAreaData | None:
        return next((a for a in self.focus_areas if a.id == focus_area_id), None)

    def strategy(self, strategy_id: int | None) -> StrategyData | None:
        return next((s for s in self.strategies if s.id == strategy_id), None)

    def deadline_status(self, event_key: str, year: int, occurrence: int) -> DeadlineStatus:
        """What became of a deadline (open when it has not been materialised yet)."""
        for deadline in self.deadlines:
            if (deadline.event_key, deadline.year, deadline.occurrence) == (event_key, year, occurrence):
                return deadline.status
        return DeadlineStatus.OPEN

    def plan_years(self) -> list[int]:
        """Years that have an action plan in the data (goals or budget lines for exactly that year)."""
        years = {line.year for line in self.budget_lines}
        years |= {g.period_start for g in self.goals if g.period_start == g.period_end}
        years |= {s.year for s in self.strategies}
        return sorted(years)
