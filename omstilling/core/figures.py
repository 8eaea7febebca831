"""The one set of figures a programme's status and every document show (pure). `omstilling status --json` is
a projection of it (`omstilling.core.status`), and the documents' context is it plus their text
(`omstilling.documents.context`), so a figure cannot differ between the two.

Values stay raw (ints, dates, Fractions); the Norwegian formatting is done where they are shown."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from omstilling.core import indicators as ind
from omstilling.core import psv as assessment
from omstilling.core.enums import (
    BudgetCategory,
    BudgetKind,
    FollowUpStatus,
    FundingSource,
    GoalMetric,
    IndicatorKind,
    MeetingKind,
    MeetingStatus,
    PaymentKind,
    ProjectStatus,
    ResultSource,
    Role,
)
from omstilling.core.snapshot import BudgetLineData, GoalData, MeetingData, ProgrammeSnapshot, ProjectData
from omstilling.core.wheel.view import quota_rows

UNITS = {GoalMetric.LEVERAGE: "kr", GoalMetric.COMPETENCE_SHARE: "%"}

APPENDIX_LIMIT = 200
"""At most this many projects are listed in a document's appendix (the year's most relevant first); a longer
list belongs in the workbook export, not in a Word document a board reads."""


def area(snapshot: ProgrammeSnapshot, area_id: int | None) -> dict[str, Any] | None:
    found = snapshot.focus_area(area_id)
    return {"number": found.number, "name": found.name} if found else None


def goal_level(snapshot: ProgrammeSnapshot, goal: GoalData) -> str:
    """programme, focus_area or strategy: where in the plan a goal sits."""
    if snapshot.strategy(goal.strategy_id):
        return "strategy"
    return "focus_area" if goal.focus_area_id else "programme"


def goals(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> list[dict[str, Any]]:
    """The goals that apply in `year`, each with its figure so far, what is expected by now and its light."""
    return [goal_row(snapshot, goal, as_of) for goal in snapshot.goals if goal.period_start <= year <= goal.period_end]


def goal_row(snapshot: ProgrammeSnapshot, goal: GoalData, as_of: date) -> dict[str, Any]:
    """One goal with its figure as of `as_of`, what is expected by then, and its light."""
    figures = ind.attainment(snapshot, goal, as_of)
    strategy = snapshot.strategy(goal.strategy_id)
    return {
        "key": goal.key,
        "text": goal.text,
        "level": goal_level(snapshot, goal),
        "focus_area": area(snapshot, goal.focus_area_id),
        "strategy": strategy.number if strategy else None,
        "metric": goal.metric.value,
        "metric_label": goal.metric.label,
        "comparator": goal.comparator.label,
        "comparator_key": goal.comparator.value,
        "qualitative": goal.metric is GoalMetric.QUALITATIVE,
        "target": goal.target,
        "unit": UNITS.get(goal.metric, ""),
        "period": (goal.period_start, goal.period_end),
        "actual": None if goal.metric is GoalMetric.QUALITATIVE else figures.actual,
        "expected": figures.expected,
        "share": figures.share,
        "light": figures.light,
        "met": ind.goal_met(goal, figures.actual),
    }


def strategies(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> list[dict[str, Any]]:
    found = []
    for strategy in (s for s in snapshot.strategies if s.year == year):
        counted = ind.strategy_projects(snapshot, strategy, as_of)
        found.append(
            {
                "number": strategy.number,
                "name": strategy.name,
                "target_text": strategy.target_text,
                "focus_area": area(snapshot, strategy.focus_area_id),
                "count_target": strategy.count_target,
                "count": len(counted),
                "projects": [p.number for p in counted],
                "met": None if strategy.count_target is None else len(counted) >= strategy.count_target,
            }
        )
    return found


def project_row(snapshot: ProgrammeSnapshot, project: ProjectData, as_of: date) -> dict[str, Any]:
    reported = [r for r in project.results if r.date <= as_of]
    strategy = snapshot.strategy(project.strategy_id)
    return {
        "number": project.number,
        "title": project.title,
        "owner": project.owner,
        "focus_area": area(snapshot, project.focus_area_id),
        "strategy": strategy.number if strategy else None,
        "phase": project.phase.label,
        "status": project.status.label,
        "grant": project.grant_amount,
        "total_budget": project.total_budget,
        "decision_date": project.decision_date,
        "decision_case": project.decision_case,
        "end_date": project.end_date,
        "paid": ind.net_paid(project, as_of),
        "competence": project.competence_building,
        "results_reported": bool(reported),
        "new_jobs": sum(r.new_jobs for r in reported),
        "secured_jobs": sum(r.secured_jobs for r in reported),
    }


def portfolio(status: ind.PortfolioStatus) -> dict[str, Any]:
    data = asdict(status)
    data["jobs"] = {"new": status.jobs.new, "secured": status.jobs.secured, "total": status.jobs.total}
    data["support"] = status.support
    data["leverage_ratio"] = status.leverage.ratio
    return data


def budget(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> dict[str, Any]:
    """The year's budget: income by source, spending by purpose with what was granted and paid so far."""
    rows = ind.budget_status(snapshot, year, as_of)
    lines = [line for line in snapshot.budget_lines if line.year == year]
    # The accounts (regnskap) are the year's: shown once the year is over, never as if they were known mid-year.
    closed = as_of >= date(year, 12, 31)
    actual = {line.id: line.actual if closed else None for line in lines}
    income = [
        {"label": r.label, "budget": r.budget, "category": line.category.value, "received": actual[line.id]}
        for r, line in zip(rows, lines, strict=True)
        if r.kind is BudgetKind.INCOME
    ]
    spending: list[dict[str, Any]] = []
    for r, line in zip(rows, lines, strict=True):
        if r.kind is not BudgetKind.SPENDING:
            continue
        # Project money is granted, then paid; administration and other direct costs are spent as they go, so
        # what the accounts show spent is both what is committed and what is paid (None until recorded).
        direct = r.granted is None
        granted, paid = (actual[line.id], actual[line.id]) if direct else (r.granted, r.paid)
        spending.append(
            {
                "label": r.label,
                "budget": r.budget,
                "granted": granted,
                "paid": paid,
                "spent": actual[line.id],
                "direct": direct,
                "category": line.category.value,
                "focus_area": area(snapshot, line.focus_area_id),
                "left": None if granted is None else r.budget - granted,
                "share": None if granted is None or not r.budget else Fraction(100 * granted, r.budget),
            }
        )
    start, end = ind.year_span(year, year)
    returned = sum(
        p.amount
        for project in snapshot.projects
        for p in project.payments
        if p.kind is PaymentKind.RETURNED and start <= p.date <= min(end, as_of)
    )
    granted = sum(s["granted"] or 0 for s in spending if not s["direct"])
    project_budget = sum(s["budget"] for s in spending if not s["direct"])
    return {
        "year": year,
        "income": income,
        "spending": spending,
        "income_total": sum(i["budget"] for i in income),
        "spending_total": sum(s["budget"] for s in spending),
        "granted_total": granted,  # project money: granted and paid to projects
        "paid_total": sum(s["paid"] or 0 for s in spending if not s["direct"]),
        # the table's sums: project money granted and paid, plus what administration and other direct costs spent
        "committed_total": sum(s["granted"] or 0 for s in spending),
        "paid_out_total": sum(s["paid"] or 0 for s in spending),
        "spent_total": sum(s["spent"] or 0 for s in spending),
        "received_total": sum(i["received"] or 0 for i in income),
        "has_accounts": any(value is not None for value in actual.values()),
        "year_over": closed,
        "project_budget_total": project_budget,
        "returned": returned,
        "left": project_budget - granted,
        "has_budget": bool(rows),
    }


def county_request(snapshot: ProgrammeSnapshot, year: int) -> dict[str, Any]:
    """What the application written in `year` asks the county for: the income lines of the category
    «fylkeskommunen» in next year's budget when it is registered, else in this year's (the frame); never a line
    that only names the county (money carried over from an earlier grant is not applied for again). `amount` is
    None when the budget used has no such line, and `budget_year` None when neither year has a budget."""
    for budget_year in (year + 1, year):
        lines = [b for b in snapshot.budget_lines if b.year == budget_year]
        if lines:
            county = [b for b in lines if b.kind is BudgetKind.INCOME and b.category is BudgetCategory.COUNTY]
            amount = sum(b.amount for b in county) if county else None
            return {"budget_year": budget_year, "amount": amount or None}
    return {"budget_year": None, "amount": None}


def psv(snapshot: ProgrammeSnapshot, year: int) -> dict[str, Any] | None:
    """The latest PSV held in or before `year`, with its scores and recommendations."""
    held = [a for a in snapshot.assessments if a.year <= year]
    if not held:
        return None
    latest = held[-1]
    return {
        "year": latest.year,
        "meeting_date": latest.meeting_date,
        "facilitator": latest.facilitator,
        "summary": latest.summary,
        "conclusion": latest.conclusion,
        "form_label": assessment.form_for(snapshot, latest.year).label,
        "process_scores": [asdict(s) for s in latest.scores if s.kind is IndicatorKind.PROCESS],
        "effect_scores": [asdict(s) for s in latest.scores if s.kind is IndicatorKind.EFFECT],
        # `status` in words (the written standard's), `status_key` what a template compares (`fulgt-opp`)
        "recommendations": [
            asdict(r) | {"status": r.status.label, "status_key": r.status.value} for r in latest.recommendations
        ],
        "open_recommendations": sum(r.status is not FollowUpStatus.DONE for r in latest.recommendations),
    }


PSV_YEARS_SHOWN = 3
"""The PSV scores of this many years stand side by side (the year asked about and the ones before it)."""


def psv_scores(snapshot: ProgrammeSnapshot, year: int) -> dict[str, Any]:
    """The PSV scores of `year` with the previous years' beside them: one row per indicator (process indicators
    first), one column per year; the years without scores are named, so a document can say so in words."""
    held = {a.year: a for a in snapshot.assessments if a.year <= year}
    # The year and the ones right before it (within the status period), so a year without a PSV shows as one.
    years = list(range(max(year - PSV_YEARS_SHOWN + 1, snapshot.status_start_year), year + 1))
    rows: dict[str, dict[str, Any]] = {}
    for y in years:
        for score in held[y].scores if y in held else ():
            row = rows.setdefault(
                score.indicator,
                {
                    "indicator": score.indicator,
                    "kind": score.kind.value,
                    "kind_label": score.kind.label,
                    "scores": {},
                    "justification": None,
                },
            )
            row["scores"][y] = score.score
            row["justification"] = score.justification or row["justification"]
    ordered = sorted(rows.values(), key=lambda r: r["kind"] != IndicatorKind.PROCESS.value)
    for row in ordered:
        row["by_year"] = [row["scores"].get(y) for y in years]
    scored = [y for y in years if y in held and held[y].scores]
    return {
        "year": year,
        "years": years,
        "rows": ordered,
        "without": [y for y in years if y not in scored],
        "this_year": year in scored,
        "process": sum(r["kind"] == IndicatorKind.PROCESS.value for r in ordered),
        "effect": sum(r["kind"] == IndicatorKind.EFFECT.value for r in ordered),
    }


def meeting_row(meeting: MeetingData) -> dict[str, Any]:
    return {
        "date": meeting.date,
        "kind": meeting.kind.label,
        "kind_key": meeting.kind.value,
        "location": meeting.location,
        "cases": [asdict(c) for c in meeting.cases],
    }


def meetings(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> dict[str, Any]:
    of_year = [m for m in snapshot.meetings if m.date.year == year and m.status is not MeetingStatus.CANCELLED]
    return {
        "held": [meeting_row(m) for m in of_year if m.status is MeetingStatus.HELD and m.date <= as_of],
        "planned": [meeting_row(m) for m in of_year if m.status is MeetingStatus.PLANNED and m.date >= as_of],
        "seminar_held": any(
            m.kind is MeetingKind.SEMINAR and m.status is MeetingStatus.HELD and m.date <= as_of for m in of_year
        ),
        "quotas": [
            {
                "key": f.quota.key,
                "period": f.label,
                "start": f.start,
                "end": f.end,
                "title": f.quota.title,
                "minimum": f.quota.minimum,
                "held": len(f.held),
                "planned": len(f.planned),
                "unconfirmed": len(f.unconfirmed),
                "state": f.state.value,  # the key a template compares ("oppfylt", "i rute", …)
                "state_label": f.state.label,  # the same in the written standard's words
                "last_call": f.last_call,
            }
            for f in quota_rows(snapshot, year, as_of)
        ],
    }


def _jobs_goals(snapshot: ProgrammeSnapshot, year: int) -> list[GoalData]:
    """The jobs goals for exactly that year: the programme's own when it has one, else the focus areas'."""
    found = [
        g
        for g in snapshot.goals
        if g.metric is GoalMetric.JOBS and g.period_start == g.period_end == year and g.target is not None
    ]
    programme = [g for g in found if g.focus_area_id is None]
    return programme[:1] or found


def _jobs_target(snapshot: ProgrammeSnapshot, year: int) -> int | None:
    """The year's jobs target: the programme's, or the sum of the focus areas' (see `_jobs_scope`)."""
    goals = _jobs_goals(snapshot, year)
    return sum(g.target or 0 for g in goals) if goals else None


def _jobs_scope(snapshot: ProgrammeSnapshot, year: int, start: date, until: date) -> dict[str, Any]:
    """When the year's jobs target belongs to some focus areas only, which ones and what their projects
    reported: a programme total must not be read against one area's target without saying so."""
    goals = _jobs_goals(snapshot, year)

    def number_of(area_id: int) -> int:
        found = snapshot.focus_area(area_id)
        return found.number if found else 0

    areas = sorted({g.focus_area_id for g in goals if g.focus_area_id is not None}, key=number_of)
    if not goals or not areas:
        return {"target_areas": [], "target_jobs": None}
    numbers = [found.number for a in areas if (found := snapshot.focus_area(a))]
    in_scope = [p for p in snapshot.projects if p.focus_area_id in areas]
    return {"target_areas": numbers, "target_jobs": ind.jobs(snapshot, start, until, in_scope).total}


def build(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> dict[str, Any]:
    """Every figure about `year`, seen on `as_of`."""
    start, end = ind.year_span(year, year)
    until = min(end, as_of)
    granted = ind.granted_in(snapshot.projects, start, until)
    leverage = ind.leverage(granted)
    competence = ind.competence_share(granted)
    competence_goal = next(
        (
            g
            for g in snapshot.goals
            if g.metric is GoalMetric.COMPETENCE_SHARE and g.period_start <= year <= g.period_end
        ),
        None,
    )
    jobs_year = ind.jobs(snapshot, start, until)
    beginning = date(snapshot.status_start_year, 1, 1)
    jobs_total = ind.jobs(snapshot, beginning, until)
    sources = ind.jobs_by_source(snapshot, beginning, until)
    active = [p for p in snapshot.projects if _active_in(p, start, until)]
    return {
        "year": year,
        "as_of": as_of,
        "focus_areas": [{"number": a.number, "name": a.name} for a in snapshot.focus_areas],
        "goals": goals(snapshot, year, as_of),
        "strategies": strategies(snapshot, year, as_of),
        "jobs": {
            "year": {"new": jobs_year.new, "secured": jobs_year.secured, "total": jobs_year.total},
            "target": _jobs_target(snapshot, year),
            **_jobs_scope(snapshot, year, start, until),
            "cumulative": {"new": jobs_total.new, "secured": jobs_total.secured, "total": jobs_total.total},
            "by_year": [
                {"year": y, "new": j.new, "secured": j.secured, "total": j.total, "target": _jobs_target(snapshot, y)}
                for y, j in ind.jobs_by_year(snapshot, until)
            ],
            "by_source": [
                {"source": ResultSource(k).label, "new": v.new, "secured": v.secured, "total": v.total}
                for k, v in sorted(sources.items())
            ],
        },
        "companies": {
            "year": ind.new_companies(snapshot, start, until),
            "cumulative": ind.new_companies(snapshot, beginning, until),
        },
        "leverage": {
            "total_budget": leverage.total_budget,
            "support": leverage.programme_support,
            "ratio": leverage.ratio,
            "projects": len(granted),
        },
        "competence": {
            "count": competence.count,
            "of": competence.of,
            "percent": competence.percent,
            "target": competence_goal.target if competence_goal else None,
        },
        "funding_by_source": [
            {"source": FundingSource(k).label, "amount": v}
            for k, v in sorted(ind.funding_by_source(granted).items(), key=lambda item: -item[1])
        ],
        "portfolio": {
            "before_year": portfolio(ind.portfolio_status(snapshot, start - timedelta(days=1))),
            "now": portfolio(ind.portfolio_status(snapshot, until)),
            "new": [project_row(snapshot, p, as_of) for p in granted],
            "finished": [
                project_row(snapshot, p, as_of)
                for p in snapshot.projects
                if p.status is ProjectStatus.FINISHED and p.end_date and start <= p.end_date <= until
            ],
            "phases": _phases(snapshot, until),
        },
        "budget": budget(snapshot, year, as_of),
        "next_budget": budget(snapshot, year + 1, as_of),
        "deviations": [
            asdict(d) | {"needs_explanation": d.needs_explanation} for d in ind.deviations(snapshot, year, as_of)
        ],
        "psv": psv(snapshot, year),
        "psv_scores": psv_scores(snapshot, year),
        "psv_form": assessment.scoring_form(snapshot, year),
        "psv_trend": assessment.trend(snapshot, year),
        "meetings": meetings(snapshot, year, as_of),
        "appendix": [project_row(snapshot, p, as_of) for p in active[:APPENDIX_LIMIT]],
        "appendix_omitted": max(0, len(active) - APPENDIX_LIMIT),
        "projects_without_results": [
            project_row(snapshot, p, as_of)
            for p in snapshot.projects
            if p.status is ProjectStatus.FINISHED
            and p.end_date
            and p.end_date <= until
            and not any(r.date <= as_of for r in p.results)
        ],
        "tolerance": ind.TOLERANCE,
    }


def _phases(snapshot: ProgrammeSnapshot, until: date) -> dict[str, int]:
    """How many of the projects started by `until` are in each phase (forstudie, forprosjekt, hovedprosjekt)."""
    counts: dict[str, int] = {}
    for project in snapshot.projects:
        if project.status.started and project.decision_date and project.decision_date <= until:
            counts[project.phase.value] = counts.get(project.phase.value, 0) + 1
    return counts


def _active_in(project: ProjectData, start: date, end: date) -> bool:
    """A project decided on or before `end` that had not ended before `start`: it belongs in the year's list."""
    decided = project.decision_date is not None and project.decision_date <= end
    return decided and (project.end_date is None or project.end_date >= start)


def _kept(project: ProjectData, on: date) -> int:
    """What a started project counts as programme support on `on` (see `indicators.PortfolioStatus.support`)."""
    if project.status is ProjectStatus.NOT_CARRIED_OUT and project.end_date and project.end_date <= on:
        return ind.net_paid(project, on)
    return project.grant_amount


def _accounts(lines: list[BudgetLineData], kind: BudgetKind) -> int | None:
    """The year's accounts of one kind (income received, or spent): None when no line of it has them."""
    recorded = [line.actual for line in lines if line.kind is kind and line.actual is not None]
    return sum(recorded) if recorded else None


def whole_period(snapshot: ProgrammeSnapshot, as_of: date) -> dict[str, Any]:
    """The whole status period, year by year and in total (the final report): jobs, companies, projects started,
    support, leverage, payments, budget; every goal of the period; and what continues after it. Each year's
    figures are those dated in that year, so the years add up to the totals since the start."""
    first, last = snapshot.status_years
    until = min(date(last, 12, 31), as_of)
    years: list[dict[str, Any]] = []
    for year in range(first, until.year + 1):
        start, end = date(year, 1, 1), min(date(year, 12, 31), until)
        started = [
            p for p in snapshot.projects if p.status.started and p.decision_date and start <= p.decision_date <= end
        ]
        jobs_year = ind.jobs(snapshot, start, end)
        paid = sum(
            pay.amount if pay.kind is PaymentKind.PAYMENT else -pay.amount
            for project in snapshot.projects
            for pay in project.payments
            if start <= pay.date <= end
        )
        lines = [line for line in snapshot.budget_lines if line.year == year]
        years.append(
            {
                "year": year,
                "new_jobs": jobs_year.new,
                "secured_jobs": jobs_year.secured,
                "jobs": jobs_year.total,
                "jobs_target": _jobs_target(snapshot, year),
                "new_companies": ind.new_companies(snapshot, start, end),
                "projects_started": len(started),
                "support": sum(_kept(p, until) for p in started),
                "total_budget": sum(p.total_budget for p in started if p.status is not ProjectStatus.NOT_CARRIED_OUT),
                "paid": paid,
                "budget_income": sum(b.amount for b in lines if b.kind is BudgetKind.INCOME) if lines else None,
                "budget_spending": sum(b.amount for b in lines if b.kind is BudgetKind.SPENDING) if lines else None,
                "received": _accounts(lines, BudgetKind.INCOME),
                "spent": _accounts(lines, BudgetKind.SPENDING),
                "extra_revenue": ind.extra_revenue(snapshot, start, end),
            }
        )
    keys = (
        "new_jobs",
        "secured_jobs",
        "jobs",
        "new_companies",
        "projects_started",
        "support",
        "total_budget",
        "paid",
        "extra_revenue",
    )
    totals: dict[str, Any] = {key: sum(y[key] for y in years) for key in keys}
    totals["leverage_ratio"] = Fraction(totals["total_budget"], totals["support"]) if totals["support"] else None
    totals["budget_income"] = sum(y["budget_income"] or 0 for y in years)
    totals["budget_spending"] = sum(y["budget_spending"] or 0 for y in years)
    totals["received"] = sum(y["received"] or 0 for y in years)
    totals["spent"] = sum(y["spent"] or 0 for y in years)
    in_period = [g for g in snapshot.goals if first <= g.period_start and g.period_end <= last]
    after = [g for g in snapshot.goals if g.period_end > last]
    # Still running when the period ends: granted and not recorded as finished, or ending after it.
    running = [
        p
        for p in snapshot.projects
        if p.status.supported
        and p.decision_date
        and p.decision_date <= until
        and (p.status is not ProjectStatus.FINISHED or p.end_date is None or p.end_date > until)
    ]
    return {
        "first": first,
        "last": last,
        "until": until,
        "years": years,
        "totals": totals,
        "portfolio": portfolio(ind.portfolio_status(snapshot, until)),
        "period_goals": [goal_row(snapshot, g, until) for g in in_period if g.period_start != g.period_end],
        "year_goals": [
            {
                "year": y,
                "as_of": min(date(y, 12, 31), until),
                "goals": [
                    goal_row(snapshot, g, min(date(y, 12, 31), until))
                    for g in in_period
                    if g.period_start == g.period_end == y
                ],
            }
            for y in sorted({g.period_start for g in in_period if g.period_start == g.period_end})
        ],
        "goals_after": [goal_row(snapshot, g, until) for g in after],
        "running": [
            project_row(snapshot, p, until) | {"unpaid": p.grant_amount - ind.net_paid(p, until)} for p in running
        ],
        "unpaid_total": sum(p.grant_amount - ind.net_paid(p, until) for p in running),
        "assessments": [
            {
                "year": a.year,
                "meeting_date": a.meeting_date,
                "summary": a.summary,
                "recommendations": len(a.recommendations),
                "followed_up": sum(r.status is FollowUpStatus.DONE for r in a.recommendations),
                "open": [
                    asdict(r) | {"status": r.status.label}
                    for r in a.recommendations
                    if r.status is not FollowUpStatus.DONE
                ],
            }
            for a in snapshot.assessments
            if a.year <= until.year
        ],
        "started": [
            project_row(snapshot, p, until)
            for p in snapshot.projects
            if p.status.started and p.decision_date and p.decision_date <= until
        ][:APPENDIX_LIMIT],
    }


OTHER_FUNDING = (
    FundingSource.PRIVATE,
    FundingSource.INNOVASJON_NORGE,
    FundingSource.COUNTY,
    FundingSource.OTHER_PUBLIC,
)
"""The sources that are neither the programme nor the companies' own effort (the evaluation's «annen finansiering»)."""


def _own_and_other(projects: list[ProjectData]) -> tuple[int, int]:
    """The companies' own effort and the other funding of some projects (by their funding sources)."""
    own = sum(p.funding.get(FundingSource.OWN, 0) for p in projects)
    other = sum(p.funding.get(source, 0) for p in projects for source in OTHER_FUNDING)
    return own, other


def _meetings_in(snapshot: ProgrammeSnapshot, year: int, until: date) -> dict[str, Any]:
    """The board's meetings held in `year` up to `until`, ordinary and seminars; None for both when the year has no
    meeting recorded at all (held, planned or cancelled: the programme kept no meeting plan in the data then)."""
    of_year = [m for m in snapshot.meetings if m.date.year == year]
    held = [m for m in of_year if m.status is MeetingStatus.HELD and m.date <= until]
    if not of_year:
        return {"year": year, "held": None, "seminars": None}
    return {
        "year": year,
        "held": sum(m.kind is MeetingKind.ORDINARY for m in held),
        "seminars": sum(m.kind is MeetingKind.SEMINAR for m in held),
    }


def evaluation(snapshot: ProgrammeSnapshot, as_of: date) -> dict[str, Any]:
    """The final evaluation's data pack (sluttevaluering, Innovasjon Norge's outline): the whole status period up to
    `as_of` as the external evaluator asks for it. The process and its actors with the resource use per year (the
    programme's support to the projects granted in the year, its administration by the accounts, the companies'
    own effort and the other funding of those projects); the goal hierarchy with each goal's target and result at
    the end of its period; the accounts per year and budget line, and the support per year and focus area; jobs per
    company and year; the other indicators per year; what is left behind (projects still running, goals beyond the
    period); and the PSVs (grades, conclusions, recommendations). Employment and unemployment in the municipality are
    public statistics (SSB, NAV), not the programme's data: the pack names the years and leaves them to the
    evaluator. Each year's figures are those dated in it, so the years add up to the totals."""
    period = whole_period(snapshot, as_of)
    first: int = period["first"]
    until: date = period["until"]
    years = list(range(first, until.year + 1))

    def started_in(year: int) -> list[ProjectData]:
        start, end = date(year, 1, 1), min(date(year, 12, 31), until)
        return [
            p for p in snapshot.projects if p.status.started and p.decision_date and start <= p.decision_date <= end
        ]

    resources = []
    for row in period["years"]:
        year = row["year"]
        carried = [p for p in started_in(year) if p.status is not ProjectStatus.NOT_CARRIED_OUT]
        own, other = _own_and_other(carried)
        lines = [b for b in snapshot.budget_lines if b.year == year and b.category is BudgetCategory.ADMINISTRATION]
        recorded = [b.actual for b in lines if b.actual is not None]
        administration = sum(recorded) if recorded and until >= date(year, 12, 31) else None
        resources.append(
            {
                "year": year,
                "support": row["support"],
                "administration": administration,
                "own": own,
                "other": other,
                "total": row["support"] + (administration or 0) + own + other,
            }
        )
    resource_totals: dict[str, Any] = {
        key: sum(r[key] or 0 for r in resources) for key in ("support", "administration", "own", "other", "total")
    }

    def end_of(goal: GoalData) -> date:
        return min(date(goal.period_end, 12, 31), until)

    levels = {"programme": 0, "focus_area": 1, "strategy": 2}
    hierarchy = sorted(
        (
            goal_row(snapshot, g, end_of(g)) | {"as_of": end_of(g), "running": g.period_end > until.year}
            for g in snapshot.goals
            if g.period_start <= until.year and first <= g.period_end
        ),
        key=lambda g: (levels[g["level"]], g["focus_area"]["number"] if g["focus_area"] else 0, g["period"]),
    )
    accounts = [
        {
            "year": b.year,
            "label": b.label,
            "kind": b.kind.value,
            "kind_label": b.kind.label,
            "focus_area": area(snapshot, b.focus_area_id),
            "budget": b.amount,
            "actual": b.actual if until >= date(b.year, 12, 31) else None,
        }
        for b in sorted(snapshot.budget_lines, key=lambda b: (b.year, b.kind is not BudgetKind.INCOME, b.id))
        if first <= b.year <= until.year
    ]
    by_area = []
    for year in years:
        end = min(date(year, 12, 31), until)
        for found in snapshot.focus_areas:
            started = [p for p in started_in(year) if p.focus_area_id == found.id]
            paid = sum(
                pay.amount if pay.kind is PaymentKind.PAYMENT else -pay.amount
                for project in snapshot.projects
                if project.focus_area_id == found.id
                for pay in project.payments
                if date(year, 1, 1) <= pay.date <= end
            )
            if started or paid:
                by_area.append(
                    {
                        "year": year,
                        "focus_area": {"number": found.number, "name": found.name},
                        "projects": len(started),
                        "support": sum(_kept(p, until) for p in started),
                        "paid": paid,
                    }
                )
    companies: dict[tuple[str, str | None], dict[str, Any]] = {}
    for project in snapshot.projects:
        for result in project.results:
            if not first <= result.date.year <= until.year or result.date > until:
                continue
            company = companies.setdefault(
                (project.owner, project.org_number),
                {"owner": project.owner, "org_number": project.org_number, "years": {}},
            )
            year_row = company["years"].setdefault(
                result.date.year,
                {"year": result.date.year, "new_jobs": 0, "secured_jobs": 0, "new_companies": 0, "extra_revenue": 0},
            )
            year_row["new_jobs"] += result.new_jobs
            year_row["secured_jobs"] += result.secured_jobs
            year_row["new_companies"] += result.new_companies
            year_row["extra_revenue"] += result.extra_revenue
    jobs_by_company = [
        {
            "owner": c["owner"],
            "org_number": c["org_number"],
            "year": row["year"],
            "new_jobs": row["new_jobs"],
            "secured_jobs": row["secured_jobs"],
            "jobs": row["new_jobs"] + row["secured_jobs"],
            "new_companies": row["new_companies"],
            "extra_revenue": row["extra_revenue"],
        }
        for c in sorted(companies.values(), key=lambda c: (c["owner"].casefold(), c["org_number"] or ""))
        for row in sorted(c["years"].values(), key=lambda r: r["year"])
    ]
    others = []
    for year in years:
        granted = ind.granted_in(snapshot.projects, date(year, 1, 1), min(date(year, 12, 31), until))
        share = ind.competence_share(granted)
        others.append(
            {
                "year": year,
                "new_companies": next(r["new_companies"] for r in period["years"] if r["year"] == year),
                "extra_revenue": next(r["extra_revenue"] for r in period["years"] if r["year"] == year),
                "leverage_ratio": ind.leverage(granted).ratio,
                "competence_percent": share.percent,
                "cooperation": sum(p.regional_cooperation for p in granted),
            }
        )
    projects = [
        project_row(snapshot, p, until)
        | {
            "org_number": p.org_number,
            "phase_key": p.phase.value,
            "status_key": p.status.value,
            "funding_own": p.funding.get(FundingSource.OWN, 0),
            "funding_other": sum(p.funding.get(source, 0) for source in OTHER_FUNDING),
        }
        for p in sorted(snapshot.projects, key=lambda p: p.number)
        if p.decision_date is None or p.decision_date <= until
    ]
    by_status: dict[str, int] = {}
    for shown in projects:
        by_status[shown["status"]] = by_status.get(shown["status"], 0) + 1
    quantitative = [g for g in hierarchy if not g["qualitative"]]
    return {
        "first": first,
        "last": period["last"],
        "until": until,
        "years": years,
        "period": period,
        "actors": [
            {
                "name": r.name,
                "role": Role(r.role).label,
                "organisation": r.organisation,
                "term_start": r.term_start,
                "term_end": r.term_end,
            }
            for r in sorted(snapshot.roles, key=lambda r: (list(Role).index(Role(r.role)), r.term_start, r.name))
            if r.term_start <= until and (r.term_end is None or r.term_end >= date(first, 1, 1))
        ],
        "meetings": [_meetings_in(snapshot, year, until) for year in years],
        "resources": resources,
        "resource_totals": resource_totals,
        "hierarchy": hierarchy,
        "goal_counts": {
            "quantitative": len(quantitative),
            "met": sum(bool(g["met"]) for g in quantitative),
            "qualitative": len(hierarchy) - len(quantitative),
        },
        "accounts": accounts,
        "by_area": by_area,
        "jobs_by_company": jobs_by_company,
        "companies_with_results": len(companies),
        "others": others,
        "projects": projects,
        "by_status": [{"status": status, "count": count} for status, count in by_status.items()],
        "psv": [
            {
                "year": a.year,
                "form_label": assessment.form_for(snapshot, a.year).label,
                "summary": a.summary,
                "conclusion": a.conclusion,
                "recommendations": [
                    asdict(r) | {"status": r.status.label, "status_key": r.status.value} for r in a.recommendations
                ],
                "followed_up": sum(r.status is FollowUpStatus.DONE for r in a.recommendations),
            }
            for a in snapshot.assessments
            if a.year <= until.year
        ],
    }


def summary(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> dict[str, Any]:
    """The few figures the county's side-by-side shows for one programme (the same definitions as `build`,
    without the documents' detail): jobs and new companies in the year, leverage of the year's grants, the
    year's project budget against what was granted and paid. (Deadlines overdue are the agenda's:
    `omstilling.core.agenda`.)"""
    start, end = ind.year_span(year, year)
    until = min(end, as_of)
    jobs_year = ind.jobs(snapshot, start, until)
    leverage = ind.leverage(ind.granted_in(snapshot.projects, start, until))
    money = budget(snapshot, year, as_of)
    return {
        "year": year,
        "as_of": as_of,
        "jobs": {"new": jobs_year.new, "secured": jobs_year.secured, "total": jobs_year.total},
        "companies": ind.new_companies(snapshot, start, until),
        "leverage": {
            "total_budget": leverage.total_budget,
            "support": leverage.programme_support,
            "ratio": leverage.ratio,
        },
        "budget": {
            "projects": money["project_budget_total"],
            "granted": money["granted_total"],
            "paid": money["paid_total"],
            "total": money["spending_total"],
            "share": Fraction(100 * money["granted_total"], money["project_budget_total"])
            if money["project_budget_total"]
            else None,
        },
    }
