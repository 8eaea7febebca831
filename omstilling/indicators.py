"""Indicators: pure functions over a `ProgrammeSnapshot` and dates. No I/O, no clock.

Definitions (DOMAIN.md), written once and printed in the documents' notes:
- Jobs: new and secured jobs are counted separately from the results projects report, by the result's date;
  the sum is shown beside them.
- New companies: companies established, from the reported results, by date.
- Leverage (giring): the total budget (all funding sources) of the projects granted in the period, in
  kroner, and as a ratio to the programme's support to those projects.
- Competence share: of the projects granted in the period, the share (by count) that have competence building
  as a substantial element.
- Cooperation projects: projects granted in the period flagged as regional cooperation.
- Projects per strategy: projects granted in the strategy's year, in its focus area, carrying one of its tags
  (any project there when it has none) and none of its excluded tags.
- Programme support: grants to started projects less money returned to the programme.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from omstilling.models.enums import BudgetKind, Comparator, GoalMetric, PaymentKind, ProjectStatus
from omstilling.snapshot import GoalData, ProgrammeSnapshot, ProjectData, StrategyData


def year_span(first: int, last: int) -> tuple[date, date]:
    return date(first, 1, 1), date(last, 12, 31)


def _within(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def granted_in(projects: Iterable[ProjectData], start: date, end: date) -> list[ProjectData]:
    """Projects the programme decided to support in [start, end] and that still count (not rejected/withdrawn)."""
    return [p for p in projects if p.status.supported and _within(p.decision_date, start, end)]


@dataclass(frozen=True)
class Jobs:
    new: int
    secured: int

    @property
    def total(self) -> int:
        return self.new + self.secured


def jobs(snapshot: ProgrammeSnapshot, start: date, end: date) -> Jobs:
    """New and secured jobs reported with a date in [start, end]."""
    results = [r for p in snapshot.projects for r in p.results if start <= r.date <= end]
    return Jobs(sum(r.new_jobs for r in results), sum(r.secured_jobs for r in results))


def new_companies(snapshot: ProgrammeSnapshot, start: date, end: date) -> int:
    return sum(r.new_companies for p in snapshot.projects for r in p.results if start <= r.date <= end)


def extra_revenue(snapshot: ProgrammeSnapshot, start: date, end: date) -> int:
    return sum(r.extra_revenue for p in snapshot.projects for r in p.results if start <= r.date <= end)


@dataclass(frozen=True)
class Leverage:
    total_budget: int
    programme_support: int

    @property
    def ratio(self) -> Fraction | None:
        """Total budget per krone of programme support (None when there is no support)."""
        return Fraction(self.total_budget, self.programme_support) if self.programme_support else None


def leverage(projects: Iterable[ProjectData]) -> Leverage:
    projects = list(projects)
    return Leverage(sum(p.total_budget for p in projects), sum(p.grant_amount for p in projects))


@dataclass(frozen=True)
class Share:
    count: int
    of: int

    @property
    def percent(self) -> Fraction | None:
        return Fraction(100 * self.count, self.of) if self.of else None


def competence_share(projects: Iterable[ProjectData]) -> Share:
    projects = list(projects)
    return Share(sum(p.competence_building for p in projects), len(projects))


def counts_for(strategy: StrategyData, project: ProjectData) -> bool:
    """Whether a project counts towards a strategy's target (see the module's definitions)."""
    if project.focus_area_id != strategy.focus_area_id:
        return False
    tags = set(project.tags)
    if strategy.tags and not tags & set(strategy.tags):
        return False
    return not tags & set(strategy.exclude_tags)


def strategy_projects(snapshot: ProgrammeSnapshot, strategy: StrategyData, as_of: date) -> list[ProjectData]:
    start, end = year_span(strategy.year, strategy.year)
    return [p for p in granted_in(snapshot.projects, start, min(end, as_of)) if counts_for(strategy, p)]


def goal_actual(snapshot: ProgrammeSnapshot, goal: GoalData, as_of: date) -> int | Fraction | None:
    """The goal's figure so far: over its period, up to `as_of`. None for qualitative goals."""
    start, end = year_span(goal.period_start, goal.period_end)
    end = min(end, as_of)
    if end < start:
        return 0 if goal.metric is not GoalMetric.QUALITATIVE else None
    in_scope = [
        p
        for p in granted_in(snapshot.projects, start, end)
        if goal.focus_area_id is None or p.focus_area_id == goal.focus_area_id
    ]
    match goal.metric:
        case GoalMetric.JOBS:
            return jobs(snapshot, start, end).total
        case GoalMetric.NEW_COMPANIES:
            return new_companies(snapshot, start, end)
        case GoalMetric.LEVERAGE:
            return leverage(in_scope).total_budget
        case GoalMetric.COMPETENCE_SHARE:
            return competence_share(in_scope).percent
        case GoalMetric.COOPERATION_PROJECTS:
            return sum(p.regional_cooperation for p in in_scope)
        case GoalMetric.PROJECT_COUNT:
            strategy = snapshot.strategy(goal.strategy_id)
            return len([p for p in in_scope if strategy is None or counts_for(strategy, p)])
        case _:
            return None


def goal_met(goal: GoalData, actual: int | Fraction | None) -> bool | None:
    """Whether the actual figure meets the target (None for qualitative goals)."""
    if actual is None or goal.target is None or goal.comparator is Comparator.QUALITATIVE:
        return None
    if goal.comparator is Comparator.AT_LEAST:
        return actual >= goal.target
    if goal.comparator is Comparator.AT_MOST:
        return actual <= goal.target
    return actual == goal.target


def net_paid(project: ProjectData, on: date) -> int:
    """Paid out to the project up to `on`, less what it paid back."""
    return sum(
        pay.amount if pay.kind is PaymentKind.PAYMENT else -pay.amount for pay in project.payments if pay.date <= on
    )


@dataclass(frozen=True)
class PortfolioStatus:
    """The portfolio as it stood on a date (the seed's "status pr. 31.12.2013")."""

    on: date
    started: int
    finished: int
    running: int
    not_carried_out: int
    granted: int
    returned: int
    withdrawn: int
    total_budget: int
    jobs: Jobs
    new_companies: int
    extra_revenue: int

    @property
    def support(self) -> int:
        """Programme support: what the started projects were granted and kept (see the module's definitions)."""
        return self.granted - self.withdrawn

    @property
    def leverage(self) -> Leverage:
        return Leverage(self.total_budget, self.support)


def portfolio_status(snapshot: ProgrammeSnapshot, on: date) -> PortfolioStatus:
    """Counts and sums of the projects started on or before `on` (whole programme period until then)."""
    started = [p for p in snapshot.projects if p.status.started and p.decision_date and p.decision_date <= on]
    ended = [p for p in started if p.end_date is not None and p.end_date <= on]
    not_carried_out = [p for p in ended if p.status is ProjectStatus.NOT_CARRIED_OUT]
    finished = [p for p in ended if p.status is ProjectStatus.FINISHED]
    carried_out = [p for p in started if p.status is not ProjectStatus.NOT_CARRIED_OUT]
    returned = sum(
        pay.amount for p in started for pay in p.payments if pay.kind is PaymentKind.RETURNED and pay.date <= on
    )
    withdrawn = sum(p.grant_amount - net_paid(p, on) for p in not_carried_out)
    beginning = date(snapshot.status_start_year, 1, 1)
    return PortfolioStatus(
        on=on,
        started=len(started),
        finished=len(finished),
        running=len(started) - len(finished) - len(not_carried_out),
        not_carried_out=len(not_carried_out),
        granted=sum(p.grant_amount for p in started),
        returned=returned,
        withdrawn=withdrawn,
        total_budget=sum(p.total_budget for p in carried_out),
        jobs=jobs(snapshot, beginning, on),
        new_companies=new_companies(snapshot, beginning, on),
        extra_revenue=extra_revenue(snapshot, beginning, on),
    )


@dataclass(frozen=True)
class BudgetRow:
    label: str
    kind: BudgetKind
    budget: int
    granted: int | None
    paid: int | None


def budget_status(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> list[BudgetRow]:
    """The year's budget lines; spending lines on a focus area show what was granted and paid there so far."""
    start, end = year_span(year, year)
    end = min(end, as_of)
    granted = granted_in(snapshot.projects, start, end)
    rows = []
    for line in (b for b in snapshot.budget_lines if b.year == year):
        if line.focus_area_id is None:
            rows.append(BudgetRow(line.label, line.kind, line.amount, None, None))
            continue
        in_area = [p for p in granted if p.focus_area_id == line.focus_area_id]
        paid = sum(net_paid(p, as_of) for p in in_area)
        rows.append(BudgetRow(line.label, line.kind, line.amount, sum(p.grant_amount for p in in_area), paid))
    return rows
