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

from omstilling.core.enums import (
    BudgetKind,
    Comparator,
    DeviationStatus,
    FundingSource,
    GoalMetric,
    PaymentKind,
    ProjectStatus,
)
from omstilling.core.formatting import kr, number, percent
from omstilling.core.language import _
from omstilling.core.sentences import spending_deviation
from omstilling.core.snapshot import (
    BudgetLineData,
    DeviationData,
    GoalData,
    ProgrammeSnapshot,
    ProjectData,
    StrategyData,
)


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


def jobs(snapshot: ProgrammeSnapshot, start: date, end: date, projects: Iterable[ProjectData] | None = None) -> Jobs:
    """New and secured jobs reported with a date in [start, end] (by `projects`: default all of them)."""
    chosen = snapshot.projects if projects is None else projects
    results = [r for p in chosen for r in p.results if start <= r.date <= end]
    return Jobs(sum(r.new_jobs for r in results), sum(r.secured_jobs for r in results))


def new_companies(
    snapshot: ProgrammeSnapshot, start: date, end: date, projects: Iterable[ProjectData] | None = None
) -> int:
    """Companies established, reported with a date in [start, end] (by `projects`: default all of them)."""
    chosen = snapshot.projects if projects is None else projects
    return sum(r.new_companies for p in chosen for r in p.results if start <= r.date <= end)


def in_area(projects: Iterable[ProjectData], focus_area_id: int | None) -> list[ProjectData]:
    """The projects of one focus area (all of them for a goal of the whole programme)."""
    return [p for p in projects if focus_area_id is None or p.focus_area_id == focus_area_id]


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
    # Results count by the date they were reported, from the goal's projects whenever those were granted;
    # leverage, shares and counts are about the projects granted in the goal's period.
    area = in_area(snapshot.projects, goal.focus_area_id)
    in_scope = granted_in(area, start, end)
    match goal.metric:
        case GoalMetric.JOBS:
            return jobs(snapshot, start, end, area).total
        case GoalMetric.NEW_COMPANIES:
            return new_companies(snapshot, start, end, area)
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


# --- Goal attainment: share of target, traffic light, deviations --------------------------------------------

TOLERANCE = Fraction(1, 10)
"""How far from its target or plan a figure may be before it is a deviation (avvik): 10 %."""

PRO_RATA_METRICS = {
    GoalMetric.JOBS,
    GoalMetric.NEW_COMPANIES,
    GoalMetric.LEVERAGE,
    GoalMetric.PROJECT_COUNT,
    GoalMetric.COOPERATION_PROJECTS,
}


class Light:
    """Traffic lights, as the documents print them."""

    GREEN = "grønn"
    YELLOW = "gul"
    RED = "rød"


def expected_by(goal: GoalData, as_of: date) -> Fraction | None:
    """The part of the target that should be reached by `as_of` (the whole target for shares and at period end).

    Figures that accumulate over the period (jobs, companies, leverage, counts) are expected in proportion to
    the days of the period that have passed; shares are expected in full at any time."""
    if goal.target is None or goal.comparator is Comparator.QUALITATIVE:
        return None
    start, end = year_span(goal.period_start, goal.period_end)
    if goal.metric not in PRO_RATA_METRICS or as_of >= end:
        return Fraction(goal.target)
    if as_of < start:
        return Fraction(0)
    elapsed = Fraction((as_of - start).days + 1, (end - start).days + 1)
    return goal.target * elapsed


@dataclass(frozen=True)
class Attainment:
    goal: GoalData
    actual: int | Fraction | None
    expected: Fraction | None

    @property
    def share(self) -> Fraction | None:
        """Actual as a share (in per cent) of the full target."""
        if self.actual is None or not self.goal.target:
            return None
        return Fraction(100) * Fraction(self.actual) / self.goal.target

    @property
    def light(self) -> str | None:
        """Green: on or past what is expected by now. Yellow: short by at most the tolerance. Red: further off.
        For a ceiling (høyst), the same the other way round."""
        if self.actual is None or self.expected is None:
            return None
        actual, expected = Fraction(self.actual), self.expected
        if self.goal.comparator is Comparator.AT_MOST:
            if actual <= expected:
                return Light.GREEN
            return Light.YELLOW if actual <= expected * (1 + TOLERANCE) else Light.RED
        if actual >= expected:
            return Light.GREEN
        return Light.YELLOW if actual >= expected * (1 - TOLERANCE) else Light.RED

    @property
    def deviates(self) -> bool:
        return self.light == Light.RED


def attainment(snapshot: ProgrammeSnapshot, goal: GoalData, as_of: date) -> Attainment:
    return Attainment(goal, goal_actual(snapshot, goal, as_of), expected_by(goal, as_of))


def jobs_by_year(snapshot: ProgrammeSnapshot, until: date) -> list[tuple[int, Jobs]]:
    """New and secured jobs per calendar year, from the programme's first status year to `until`."""
    return [
        (year, jobs(snapshot, date(year, 1, 1), min(date(year, 12, 31), until)))
        for year in range(snapshot.status_start_year, until.year + 1)
    ]


def jobs_by_source(snapshot: ProgrammeSnapshot, start: date, end: date) -> dict[str, Jobs]:
    """New and secured jobs in [start, end] by who reported them (egenrapportert, sluttrapport, evaluator)."""
    found: dict[str, Jobs] = {}
    for project in snapshot.projects:
        for result in project.results:
            if start <= result.date <= end:
                before = found.get(result.source.value, Jobs(0, 0))
                found[result.source.value] = Jobs(before.new + result.new_jobs, before.secured + result.secured_jobs)
    return found


def funding_by_source(projects: Iterable[ProjectData]) -> dict[str, int]:
    """The projects' total financing split by source (the programme's grants included)."""
    totals: dict[str, int] = {}
    for project in projects:
        funding = project.funding or {FundingSource.PROGRAMME: project.grant_amount}
        for source, amount in funding.items():
            totals[source.value] = totals.get(source.value, 0) + amount
    return totals


@dataclass(frozen=True)
class Deviation:
    """A goal or budget line off its target or plan beyond the tolerance, or one recorded by hand."""

    subject: str
    period: str
    kind: str  # "mål" or "budsjett" or "registrert"
    detail: str
    cause: str | None = None
    action: str | None = None
    status: str = "åpen"
    """The status in words, in the current written standard (`DeviationStatus.label`)."""
    recorded: bool = False
    status_key: str = DeviationStatus.OPEN.value
    """The status's value (`apen`, `lukket`): what a rule or a filter compares, in either written standard."""

    @property
    def open(self) -> bool:
        return self.status_key == DeviationStatus.OPEN.value

    @property
    def needs_explanation(self) -> bool:
        return self.open and not (self.cause and self.action)


def off_plan(budget: int, figure: int, year_over: bool) -> bool:
    """Whether a spending figure is off its budget beyond the tolerance: over it at any time, under it only once
    the year is over (money not yet granted in June is not an underspend)."""
    if not budget:  # nothing budgeted: any spending is over, by all of it
        return figure > 0
    return figure > budget * (1 + TOLERANCE) or (year_over and figure < budget * (1 - TOLERANCE))


def budget_deviations(
    snapshot: ProgrammeSnapshot, year: int, as_of: date
) -> list[tuple[BudgetLineData, int | None, int | None]]:
    """The year's spending lines off their budget beyond the tolerance, each with its accounts (when they decide)
    and what was granted (project lines). The accounts (regnskap) decide once they are recorded for a year that is
    over, in their own direction; before that, what was granted to projects decides. Administration and other
    direct costs have no grants: only their accounts can put them off plan."""
    year_over = as_of >= date(year, 12, 31)
    rows = budget_status(snapshot, year, as_of)
    lines = [line for line in snapshot.budget_lines if line.year == year]
    found: list[tuple[BudgetLineData, int | None, int | None]] = []
    for row, line in zip(rows, lines, strict=True):
        if line.kind is not BudgetKind.SPENDING:
            continue
        accounts = line.actual if year_over else None
        if accounts is not None:
            if off_plan(line.amount, accounts, year_over=True):
                found.append((line, accounts, row.granted))
        elif row.granted is not None and off_plan(line.amount, row.granted, year_over):
            found.append((line, None, row.granted))
    return found


def deviations(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> list[Deviation]:
    """This year's deviations (goals in red, budget lines off plan), each with the cause and action recorded
    for it, followed by deviations recorded for earlier years that are still open (they carry over)."""
    recorded = {(d.subject, d.period): d for d in snapshot.deviations}
    period = str(year)
    found = []
    for goal in snapshot.goals:
        if not goal.period_start <= year <= goal.period_end:
            continue
        figures = attainment(snapshot, goal, as_of)
        if figures.deviates and figures.expected is not None:  # a red light always has an expectation
            expected = round(float(figures.expected))
            detail = _("%(goal)s Så langt %(actual)s, ventet %(expected)s.") % {
                "goal": goal.text,
                "actual": _plain(figures.actual),
                "expected": number(expected),
            }
            found.append((goal.key, "mål", detail))
    for line, accounts, granted in budget_deviations(snapshot, year, as_of):
        detail = spending_deviation(line.label, line.amount, accounts=accounts, granted=granted, year=year)
        found.append((line.label, "budsjett", detail))
    result = []
    for subject, kind, detail in found:
        note = recorded.get((subject, period))
        status = note.status if note else DeviationStatus.OPEN
        result.append(
            Deviation(
                subject,
                period,
                kind,
                detail,
                note.cause if note else None,
                note.action if note else None,
                status.label,
                note is not None,
                status.value,
            )
        )
    computed = {(subject, period) for subject, _, _ in found}
    for note in snapshot.deviations:
        if (note.subject, note.period) in computed:
            continue
        if note.period == period or (note.status is DeviationStatus.OPEN and note.period < period):
            named = next((g for g in snapshot.goals if g.key == note.subject), None)
            result.append(
                Deviation(
                    note.subject,
                    note.period,
                    "registrert",
                    _recorded_detail(snapshot, named, note, year, as_of),
                    note.cause,
                    note.action,
                    note.status.label,
                    True,
                    note.status.value,
                )
            )
    return result


def _recorded_detail(
    snapshot: ProgrammeSnapshot, goal: GoalData | None, note: DeviationData, year: int, as_of: date
) -> str:
    """The text of a deviation recorded by hand: its goal and the figure so far, when it names a goal."""
    if goal is None:
        return note.subject
    if not goal.period_start <= year <= goal.period_end:
        return _("%(goal)s (registrert for %(period)s)") % {"goal": goal.text, "period": note.period}
    actual = goal_actual(snapshot, goal, as_of)
    if actual is None:
        return goal.text
    shown = {GoalMetric.LEVERAGE: lambda v: kr(round(v)), GoalMetric.COMPETENCE_SHARE: percent}.get(
        goal.metric, _plain
    )(actual)
    return _("%(goal)s Så langt %(actual)s.") % {"goal": goal.text, "actual": shown}


def _plain(value: int | Fraction | None) -> str:
    return "–" if value is None else number(round(float(value)))
