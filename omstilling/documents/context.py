"""What a document shows, as plain data (pure): every figure computed here from the snapshot, so templates
only arrange and phrase. Values stay raw (ints, dates, Fractions); the Norwegian formatting is done by the
template filters, so the same figures can be compared with `omstilling status --json`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from omstilling import indicators as ind
from omstilling.models.enums import (
    BudgetKind,
    DocumentKind,
    FundingSource,
    GoalMetric,
    MeetingKind,
    MeetingStatus,
    ProjectStatus,
    ResultSource,
    Role,
)
from omstilling.snapshot import MeetingData, ProgrammeSnapshot, ProjectData
from omstilling.wheel.view import quota_rows, year_rows

DEFINITIONS = [
    ("Nye og sikrede arbeidsplasser",
     "Telles hver for seg per prosjekt, etter datoen resultatet er rapportert, med kilde (egenrapportert, "
     "sluttrapport eller evaluator). Summen vises ved siden av."),
    ("Nye bedrifter", "Bedrifter etablert som resultat av støttede prosjekter, etter rapportert dato."),
    ("Giring", "Samlet budsjett (alle finansieringskilder) for prosjektene som er innvilget i perioden, i kroner "
               "og som forhold til programmets støtte til de samme prosjektene."),
    ("Kompetanseandel", "Andelen av prosjektene innvilget i perioden (regnet i antall) der kompetanseheving er "
                        "et vesentlig element."),
    ("Prosjekter per tiltak", "Prosjekter innvilget i planåret innen tiltakets innsatsområde som har en av "
                              "tiltakets merkelapper og ingen av dem det utelukker."),
    ("Programmets støtte", "Tilsagn til igangsatte prosjekter; et prosjekt som ikke ble gjennomført, teller bare "
                           "det det beholdt (utbetalt minus tilbakeført)."),
    ("Trafikklys", "Grønn: målet er nådd, eller ligger an til å nås (tall som bygger seg opp over perioden "
                   "sammenlignes med forholdsmessig andel av målet). Gul: inntil 10 % under. Rød: mer enn "
                   "10 % under; da er det et avvik som trenger årsak og tiltak."),
    ("Avvik", "Et mål eller en budsjettlinje som er mer enn 10 % fra mål eller plan. Åpne avvik føres videre "
              "til neste rapport og neste styremøte."),
]

UNITS = {GoalMetric.LEVERAGE: "kr", GoalMetric.COMPETENCE_SHARE: "%"}

APPENDIX_LIMIT = 200
"""At most this many projects are listed in a document's appendix (the year's most relevant first); a longer
list belongs in the workbook export, not in a Word document a board reads."""


def _area(snapshot: ProgrammeSnapshot, area_id: int | None) -> dict[str, Any] | None:
    area = snapshot.focus_area(area_id)
    return {"number": area.number, "name": area.name} if area else None


def goals_context(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> list[dict[str, Any]]:
    goals = []
    for goal in snapshot.goals:
        if not goal.period_start <= year <= goal.period_end:
            continue
        figures = ind.attainment(snapshot, goal, as_of)
        strategy = snapshot.strategy(goal.strategy_id)
        goals.append({
            "key": goal.key,
            "text": goal.text,
            "focus_area": _area(snapshot, goal.focus_area_id),
            "strategy": strategy.number if strategy else None,
            "metric": goal.metric.value,
            "metric_label": goal.metric.label,
            "comparator": goal.comparator.label,
            "qualitative": goal.metric is GoalMetric.QUALITATIVE,
            "target": goal.target,
            "unit": UNITS.get(goal.metric, ""),
            "period": (goal.period_start, goal.period_end),
            "actual": figures.actual,
            "expected": figures.expected,
            "share": figures.share,
            "light": figures.light,
            "met": ind.goal_met(goal, figures.actual),
        })
    return goals


def project_row(snapshot: ProgrammeSnapshot, project: ProjectData, as_of: date) -> dict[str, Any]:
    reported = [r for r in project.results if r.date <= as_of]
    return {
        "number": project.number,
        "title": project.title,
        "owner": project.owner,
        "focus_area": _area(snapshot, project.focus_area_id),
        "strategy": snapshot.strategy(project.strategy_id).number if project.strategy_id else None,
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


def portfolio_dict(status: ind.PortfolioStatus) -> dict[str, Any]:
    data = asdict(status)
    data["jobs"] = {"new": status.jobs.new, "secured": status.jobs.secured, "total": status.jobs.total}
    data["support"] = status.support
    data["leverage_ratio"] = status.leverage.ratio
    return data


def budget_context(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> dict[str, Any]:
    rows = ind.budget_status(snapshot, year, as_of)
    lines = [line for line in snapshot.budget_lines if line.year == year]
    income = [{"label": r.label, "budget": r.budget, "category": line.category.value}
              for r, line in zip(rows, lines, strict=True) if r.kind is BudgetKind.INCOME]
    spending = [
        {"label": r.label, "budget": r.budget, "granted": r.granted, "paid": r.paid,
         "left": None if r.granted is None else r.budget - r.granted,
         "share": None if r.granted is None or not r.budget else Fraction(100 * r.granted, r.budget)}
        for r in rows if r.kind is BudgetKind.SPENDING
    ]
    start, end = ind.year_span(year, year)
    returned = sum(p.amount for project in snapshot.projects for p in project.payments
                   if p.kind.value == "tilbakefort" and start <= p.date <= min(end, as_of))
    granted = sum(s["granted"] or 0 for s in spending)
    return {
        "year": year,
        "income": income,
        "spending": spending,
        "income_total": sum(i["budget"] for i in income),
        "spending_total": sum(s["budget"] for s in spending),
        "granted_total": granted,
        "paid_total": sum(s["paid"] or 0 for s in spending),
        "project_budget_total": sum(s["budget"] for s in spending if s["granted"] is not None),
        "returned": returned,
        "left": sum(s["budget"] for s in spending if s["granted"] is not None) - granted,
        "has_budget": bool(rows),
    }


def psv_context(snapshot: ProgrammeSnapshot, year: int) -> dict[str, Any] | None:
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
        "process_scores": [asdict(s) for s in latest.scores if s.kind.value == "prosess"],
        "effect_scores": [asdict(s) for s in latest.scores if s.kind.value == "effekt"],
        "recommendations": [asdict(r) | {"status": r.status.label} for r in latest.recommendations],
        "open_recommendations": sum(r.status.value != "fulgt-opp" for r in latest.recommendations),
    }


def meetings_context(snapshot: ProgrammeSnapshot, year: int, as_of: date) -> dict[str, Any]:
    of_year = [m for m in snapshot.meetings if m.date.year == year and m.status is not MeetingStatus.CANCELLED]
    return {
        "held": [meeting_row(m) for m in of_year if m.status is MeetingStatus.HELD and m.date <= as_of],
        "planned": [meeting_row(m) for m in of_year if m.status is MeetingStatus.PLANNED and m.date >= as_of],
        "seminar_held": any(m.kind is MeetingKind.SEMINAR and m.status is MeetingStatus.HELD and m.date <= as_of
                            for m in of_year),
        "quotas": [
            {"period": f.label, "start": f.start, "end": f.end, "title": f.quota.title,
             "minimum": f.quota.minimum, "held": len(f.held),
             "planned": len(f.planned), "unconfirmed": len(f.unconfirmed), "state": f.state.value,
             "last_call": f.last_call}
            for f in quota_rows(snapshot, year, as_of)
        ],
    }


def meeting_row(meeting: MeetingData) -> dict[str, Any]:
    return {"date": meeting.date, "kind": meeting.kind.label, "location": meeting.location,
            "cases": [asdict(c) for c in meeting.cases]}


def build_context(
    kind: DocumentKind, snapshot: ProgrammeSnapshot, year: int, as_of: date, meeting_date: date | None = None
) -> dict[str, Any]:
    """Everything a document of `kind` for `year`, seen on `as_of`, needs."""
    start, end = ind.year_span(year, year)
    until = min(end, as_of)
    granted = ind.granted_in(snapshot.projects, start, until)
    leverage = ind.leverage(granted)
    competence = ind.competence_share(granted)
    competence_goal = next((g for g in snapshot.goals if g.metric is GoalMetric.COMPETENCE_SHARE
                            and g.period_start <= year <= g.period_end), None)
    jobs_year = ind.jobs(snapshot, start, until)
    beginning = date(snapshot.status_start_year, 1, 1)
    jobs_total = ind.jobs(snapshot, beginning, until)
    jobs_target = next((g.target for g in snapshot.goals if g.metric is GoalMetric.JOBS
                        and g.period_start == g.period_end == year), None)
    strategies = []
    for strategy in (s for s in snapshot.strategies if s.year == year):
        counted = ind.strategy_projects(snapshot, strategy, as_of)
        strategies.append({
            "number": strategy.number, "name": strategy.name, "target_text": strategy.target_text,
            "focus_area": _area(snapshot, strategy.focus_area_id), "count_target": strategy.count_target,
            "count": len(counted), "projects": [p.number for p in counted],
            "met": None if strategy.count_target is None else len(counted) >= strategy.count_target,
        })
    sources = ind.jobs_by_source(snapshot, beginning, until)
    context: dict[str, Any] = {
        "kind": kind.value,
        "kind_label": kind.label,
        "year": year,
        "as_of": as_of,
        "programme": {
            "name": snapshot.name, "slug": snapshot.slug, "municipality": snapshot.municipality,
            "county": snapshot.county, "county_short": snapshot.county_short,
            "status_start_year": snapshot.status_start_year, "status_end_year": snapshot.status_end_year,
        },
        "roles": [
            {"name": r.name, "role": Role(r.role).label, "organisation": r.organisation}
            for r in snapshot.roles if r.holds_on(as_of)
        ],
        "focus_areas": [{"number": a.number, "name": a.name} for a in snapshot.focus_areas],
        "goals": goals_context(snapshot, year, as_of),
        "strategies": strategies,
        "jobs": {
            "year": {"new": jobs_year.new, "secured": jobs_year.secured, "total": jobs_year.total},
            "target": jobs_target,
            "cumulative": {"new": jobs_total.new, "secured": jobs_total.secured, "total": jobs_total.total},
            "by_year": [{"year": y, "new": j.new, "secured": j.secured, "total": j.total,
                         "target": next((g.target for g in snapshot.goals if g.metric is GoalMetric.JOBS
                                         and g.period_start == g.period_end == y), None)}
                        for y, j in ind.jobs_by_year(snapshot, until)],
            "by_source": [{"source": ResultSource(k).label, "new": v.new, "secured": v.secured, "total": v.total}
                          for k, v in sorted(sources.items())],
        },
        "companies": {"year": ind.new_companies(snapshot, start, until),
                      "cumulative": ind.new_companies(snapshot, beginning, until)},
        "leverage": {"total_budget": leverage.total_budget, "support": leverage.programme_support,
                     "ratio": leverage.ratio},
        "competence": {"count": competence.count, "of": competence.of, "percent": competence.percent,
                       "target": competence_goal.target if competence_goal else None},
        "funding_by_source": [
            {"source": FundingSource(k).label, "amount": v}
            for k, v in sorted(ind.funding_by_source(granted).items(), key=lambda item: -item[1])
        ],
        "portfolio": {
            "before_year": portfolio_dict(ind.portfolio_status(snapshot, start - timedelta(days=1))),
            "now": portfolio_dict(ind.portfolio_status(snapshot, until)),
            "new": [project_row(snapshot, p, as_of) for p in granted],
            "finished": [project_row(snapshot, p, as_of) for p in snapshot.projects
                         if p.status is ProjectStatus.FINISHED and p.end_date and start <= p.end_date <= until],
            "phases": _phases(snapshot, until),
        },
        "budget": budget_context(snapshot, year, as_of),
        "next_budget": budget_context(snapshot, year + 1, as_of),
        "deviations": [asdict(d) | {"needs_explanation": d.needs_explanation}
                       for d in ind.deviations(snapshot, year, as_of)],
        "psv": psv_context(snapshot, year),
        "meetings": meetings_context(snapshot, year, as_of),
        "definitions": DEFINITIONS,
        "tolerance": ind.TOLERANCE,
    }
    active = [p for p in snapshot.projects if _active_in(p, start, until)]
    context["appendix"] = [project_row(snapshot, p, as_of) for p in active[:APPENDIX_LIMIT]]
    context["appendix_omitted"] = max(0, len(active) - APPENDIX_LIMIT)
    context["projects_without_results"] = [
        project_row(snapshot, p, as_of)
        for p in snapshot.projects
        if p.status is ProjectStatus.FINISHED and p.end_date and p.end_date <= until
        and not any(r.date <= as_of for r in p.results)
    ]
    if kind is DocumentKind.BOARD_REPORT:
        context["meeting"] = board_meeting_context(snapshot, meeting_date or as_of, as_of)
    if kind is DocumentKind.ACTION_PLAN:
        context["next_year"] = year + 1
        context["wheel"] = [
            {"due": row.due, "title": row.title, "kind": row.kind.label, "responsible": row.responsible,
             "responsible_labels": [Role(r).label if r in Role._value2member_map_ else "styret" for r in row.responsible]}
            for row in year_rows(snapshot, year + 1, as_of) if row.occurrence is not None
        ]
    return context


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


def board_meeting_context(snapshot: ProgrammeSnapshot, meeting_date: date, as_of: date) -> dict[str, Any]:
    """The meeting the board report is for, what happened since the previous one, and its agenda."""
    meeting = next((m for m in snapshot.meetings if m.date == meeting_date), None)
    earlier = [m for m in snapshot.meetings if m.date < meeting_date and m.status is not MeetingStatus.CANCELLED]
    previous = earlier[-1].date if earlier else None
    since = [
        project_row(snapshot, p, as_of)
        for p in snapshot.projects
        if p.status.supported and p.decision_date and (previous is None or p.decision_date > previous)
        and p.decision_date <= min(meeting_date, as_of)  # decisions the meeting itself will make are not yet support
    ]
    return {
        "date": meeting_date,
        "found": meeting is not None,
        "kind": meeting.kind.label if meeting else None,
        "location": meeting.location if meeting else None,
        "cases": [asdict(c) for c in meeting.cases] if meeting else [],
        "previous": previous,
        "projects_since": since,
    }
