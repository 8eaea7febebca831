"""`omstilling status`: a programme's goals, strategies, budget and portfolio as plain data (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from omstilling import indicators as ind
from omstilling.models.enums import BudgetKind, DocumentKind, GoalMetric
from omstilling.snapshot import ProgrammeSnapshot
from omstilling.wheel import WorkCalendar, forecast_year


@dataclass(frozen=True)
class Period:
    """Which plan year a status is about, and the day it is taken."""

    year: int
    as_of: date


def choose_period(snapshot: ProgrammeSnapshot, today: date, year: int | None, as_of: date | None) -> Period:
    """Defaults a user expects: as of today (or the end of the programme's status period, if that has
    passed, or the end of the year asked for); the latest year with an action plan up to that day."""
    programme_end = date(snapshot.status_end_year, 12, 31)
    if as_of is None:
        as_of = min(today, programme_end, date(year, 12, 31) if year else programme_end)
    if year is None:
        years = [y for y in snapshot.plan_years() if y <= as_of.year]
        year = years[-1] if years else as_of.year
    return Period(year, as_of)


def report_period(snapshot: ProgrammeSnapshot, kind: DocumentKind, today: date, year: int | None,
                  as_of: date | None) -> Period:
    """A document's period: as `choose_period`, but a year given alone means the whole year (the half-year
    report: up to 30 June)."""
    if as_of is None and year is not None:
        as_of = date(year, 6, 30) if kind is DocumentKind.HALF_YEAR_REPORT else date(year, 12, 31)
    return choose_period(snapshot, today, year, as_of)


def _figure(value: int | Fraction | None) -> int | float | None:
    if isinstance(value, Fraction):
        return round(float(value), 1)
    return value


def programme_status(snapshot: ProgrammeSnapshot, period: Period) -> dict[str, Any]:
    """Everything `omstilling status` shows, JSON-ready (money in whole kroner)."""
    year, as_of = period.year, period.as_of
    before = ind.portfolio_status(snapshot, date(year, 1, 1) - timedelta(days=1))
    areas = {a.id: a for a in snapshot.focus_areas}
    goals = []
    for goal in snapshot.goals:
        if not goal.period_start <= year <= goal.period_end:
            continue
        actual = ind.goal_actual(snapshot, goal, as_of)
        strategy = snapshot.strategy(goal.strategy_id)
        goals.append(
            {
                "key": goal.key,
                "level": "strategy" if strategy else ("focus_area" if goal.focus_area_id else "programme"),
                "focus_area": areas[goal.focus_area_id].number if goal.focus_area_id else None,
                "strategy": strategy.number if strategy else None,
                "metric": goal.metric.value,
                "comparator": goal.comparator.value,
                "target": goal.target,
                "period": [goal.period_start, goal.period_end],
                "text": goal.text,
                "actual": None if goal.metric is GoalMetric.QUALITATIVE else _figure(actual),
                "met": ind.goal_met(goal, actual),
                "light": ind.attainment(snapshot, goal, as_of).light,
            }
        )
    strategies = []
    for strategy in (s for s in snapshot.strategies if s.year == year):
        counted = ind.strategy_projects(snapshot, strategy, as_of) if strategy.count_target is not None else []
        strategies.append(
            {
                "number": strategy.number,
                "name": strategy.name,
                "focus_area": areas[strategy.focus_area_id].number,
                "target_text": strategy.target_text,
                "count_target": strategy.count_target,
                "projects": len(counted) if strategy.count_target is not None else None,
                "met": len(counted) >= strategy.count_target if strategy.count_target is not None else None,
            }
        )
    rows = ind.budget_status(snapshot, year, as_of)
    lines = [line for line in snapshot.budget_lines if line.year == year]
    income = [
        {"label": r.label, "category": line.category.value, "amount": r.budget}
        for r, line in zip(rows, lines, strict=True)
        if r.kind is BudgetKind.INCOME
    ]
    spending = [
        {
            "label": r.label,
            "category": line.category.value,
            "focus_area": areas[line.focus_area_id].number if line.focus_area_id else None,
            "amount": r.budget,
            "granted": r.granted,
            "paid": r.paid,
        }
        for r, line in zip(rows, lines, strict=True)
        if r.kind is BudgetKind.SPENDING
    ]
    ratio = before.leverage.ratio
    start, end = ind.year_span(year, year)
    until = min(end, as_of)
    granted = ind.granted_in(snapshot.projects, start, until)
    leverage = ind.leverage(granted)
    competence = ind.competence_share(granted)
    jobs_year = ind.jobs(snapshot, start, until)
    jobs_all = ind.jobs(snapshot, date(snapshot.status_start_year, 1, 1), until)
    calendar = WorkCalendar.for_rules(tuple(snapshot.closed_days))
    return {
        "programme": {
            "slug": snapshot.slug,
            "name": snapshot.name,
            "municipality": snapshot.municipality,
            "county": snapshot.county,
            "county_short": snapshot.county_short,
            "status_years": [snapshot.status_start_year, snapshot.status_end_year],
        },
        "year": year,
        "as_of": as_of.isoformat(),
        "focus_areas": [{"number": a.number, "name": a.name} for a in snapshot.focus_areas],
        "goals": goals,
        "strategies": strategies,
        "budget": {
            "year": year,
            "income": income,
            "spending": spending,
            "income_total": sum(i["amount"] for i in income),
            "spending_total": sum(s["amount"] for s in spending),
        },
        "indicators": {
            "jobs": {"new": jobs_year.new, "secured": jobs_year.secured, "total": jobs_year.total},
            "jobs_since_start": {"new": jobs_all.new, "secured": jobs_all.secured, "total": jobs_all.total},
            "new_companies": ind.new_companies(snapshot, start, until),
            "projects_granted": len(granted),
            "programme_support": leverage.programme_support,
            "total_project_budgets": leverage.total_budget,
            "leverage_ratio": round(float(leverage.ratio), 2) if leverage.ratio else None,
            "competence_share": _figure(competence.percent),
        },
        "deviations": [
            {"subject": d.subject, "period": d.period, "kind": d.kind, "detail": d.detail, "cause": d.cause,
             "action": d.action, "status": d.status, "needs_explanation": d.needs_explanation}
            for d in ind.deviations(snapshot, year, as_of)
        ],
        "quotas": [
            {"key": f.quota.key, "period": f.label, "minimum": f.quota.minimum, "held": len(f.held),
             "planned": len(f.planned), "state": f.state.value,
             "last_call": f.last_call.isoformat() if f.last_call else None}
            for quota in snapshot.quotas
            for f in forecast_year(quota, snapshot.meetings, year, as_of, calendar)
        ],
        "portfolio_before_year": {
            "on": before.on.isoformat(),
            "projects_started": before.started,
            "projects_finished": before.finished,
            "projects_running": before.running,
            "projects_not_carried_out": before.not_carried_out,
            "programme_support": before.support,
            "returned": before.returned,
            "total_project_budgets": before.total_budget,
            "leverage_ratio": round(float(ratio), 2) if ratio else None,
            "new_jobs": before.jobs.new,
            "secured_jobs": before.jobs.secured,
            "jobs_total": before.jobs.total,
            "new_companies": before.new_companies,
            "extra_revenue": before.extra_revenue,
        },
    }
