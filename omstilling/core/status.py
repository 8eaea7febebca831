"""`omstilling status --json`: the one figures builder (`omstilling.core.figures`) as JSON-ready data
(money in whole kroner, shares rounded to one decimal). The keys are a stable contract for scripts."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from omstilling.core import figures as fig
from omstilling.core.agenda import NEXT_ITEMS, AgendaItem, agenda
from omstilling.core.periods import Period
from omstilling.core.snapshot import ProgrammeSnapshot


def _figure(value: int | Fraction | None) -> int | float | None:
    if isinstance(value, Fraction):
        return round(float(value), 1)
    return value


def _ratio(value: Fraction | None) -> float | None:
    return round(float(value), 2) if value else None


def _number(area: dict[str, Any] | None) -> int | None:
    return area["number"] if area else None


def programme_status(snapshot: ProgrammeSnapshot, period: Period) -> dict[str, Any]:
    """Everything `omstilling status` shows."""
    f = fig.build(snapshot, period.year, period.as_of)
    before = f["portfolio"]["before_year"]
    jobs, cumulative, budget = f["jobs"]["year"], f["jobs"]["cumulative"], f["budget"]
    income = [
        {"label": i["label"], "category": i["category"], "amount": i["budget"], "received": i["received"]}
        for i in budget["income"]
    ]
    spending = [
        {
            "label": s["label"],
            "category": s["category"],
            "focus_area": _number(s["focus_area"]),
            "amount": s["budget"],
            "granted": s["granted"],
            "paid": s["paid"],
            "spent": s["spent"],
        }
        for s in budget["spending"]
    ]
    return {
        "programme": {
            "slug": snapshot.slug,
            "name": snapshot.name,
            "municipality": snapshot.municipality,
            "county": snapshot.county,
            "county_short": snapshot.county_short,
            "status_years": [snapshot.status_start_year, snapshot.status_end_year],
            # when board meetings first land in calendars, the programme's own choice (None: the installation's)
            "invitations": snapshot.invitations.value if snapshot.invitations else None,
        },
        "year": period.year,
        "as_of": period.as_of.isoformat(),
        "focus_areas": f["focus_areas"],
        "goals": [
            {
                "key": g["key"],
                "level": g["level"],
                "focus_area": _number(g["focus_area"]),
                "strategy": g["strategy"],
                "metric": g["metric"],
                "comparator": g["comparator_key"],
                "target": g["target"],
                "period": list(g["period"]),
                "text": g["text"],
                "actual": _figure(g["actual"]),
                "met": g["met"],
                "light": g["light"],
            }
            for g in f["goals"]
        ],
        "strategies": [
            {
                "number": s["number"],
                "name": s["name"],
                "focus_area": _number(s["focus_area"]),
                "target_text": s["target_text"],
                "count_target": s["count_target"],
                "projects": s["count"] if s["count_target"] is not None else None,
                "met": s["met"],
            }
            for s in f["strategies"]
        ],
        "budget": {
            "year": budget["year"],
            "income": income,
            "spending": spending,
            "income_total": budget["income_total"],
            "spending_total": budget["spending_total"],
            "received_total": budget["received_total"] if budget["has_accounts"] else None,
            "spent_total": budget["spent_total"] if budget["has_accounts"] else None,
        },
        "indicators": {
            "jobs": dict(jobs),
            "jobs_since_start": dict(cumulative),
            "new_companies": f["companies"]["year"],
            "projects_granted": f["leverage"]["projects"],
            "programme_support": f["leverage"]["support"],
            "total_project_budgets": f["leverage"]["total_budget"],
            "leverage_ratio": _ratio(f["leverage"]["ratio"]),
            "competence_share": _figure(f["competence"]["percent"]),
        },
        "deviations": [
            {
                "subject": d["subject"],
                "period": d["period"],
                "kind": d["kind"],
                "detail": d["detail"],
                "cause": d["cause"],
                "action": d["action"],
                "status": d["status"],
                "needs_explanation": d["needs_explanation"],
            }
            for d in f["deviations"]
        ],
        "quotas": [
            {
                "key": q["key"],
                "period": q["period"],
                "minimum": q["minimum"],
                "held": q["held"],
                "planned": q["planned"],
                "state": q["state"],
                "last_call": q["last_call"].isoformat() if q["last_call"] else None,
            }
            for q in f["meetings"]["quotas"]
        ],
        "portfolio_before_year": _portfolio(before),
        "portfolio_as_of": _portfolio(f["portfolio"]["now"]),
        "agenda": agenda_status(snapshot, period),
    }


def agenda_item(item: AgendaItem) -> dict[str, Any]:
    return {
        "uid": item.uid,
        "key": item.key,
        "title": item.title,
        "kind": item.kind.value,
        "date": item.due.isoformat(),
        "state": item.state.value,
        "status": item.status,
        "missing": list(item.missing),
        "next_reminders": [r.on.isoformat() for r in item.next_reminders],
    }


def agenda_status(snapshot: ProgrammeSnapshot, period: Period) -> dict[str, Any]:
    """The year's agenda seen from the status's day: what comes next, and what is overdue."""
    seen = agenda(snapshot, period.year, period.as_of)
    return {
        "year": period.year,
        "as_of": period.as_of.isoformat(),
        "upcoming": [agenda_item(i) for i in seen.upcoming(NEXT_ITEMS)],
        "overdue": [agenda_item(i) for i in seen.overdue],
    }


def _portfolio(status: dict[str, Any]) -> dict[str, Any]:
    """The portfolio on a day (`portfolio_before_year`: at the end of the year before; `portfolio_as_of`: on the
    status's day), whole programme period until then."""
    return {
        "on": status["on"].isoformat(),
        "projects_started": status["started"],
        "projects_finished": status["finished"],
        "projects_running": status["running"],
        "projects_not_carried_out": status["not_carried_out"],
        "programme_support": status["support"],
        "returned": status["returned"],
        "total_project_budgets": status["total_budget"],
        "leverage_ratio": _ratio(status["leverage_ratio"]),
        "new_jobs": status["jobs"]["new"],
        "secured_jobs": status["jobs"]["secured"],
        "jobs_total": status["jobs"]["total"],
        "new_companies": status["new_companies"],
        "extra_revenue": status["extra_revenue"],
    }
