"""The seed programme (Omstillingsprogrammet i Vestre Toten, Handlingsplan 2014) as demo data.

The data lives in `demo_data/vestre-toten.yaml` and enters through the same validating services as any
other input, so the demo is also a test of them."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from sqlmodel import Session, select

from omstilling import services
from omstilling.models import Programme

DEMO_SLUG = "vestre-toten"


def demo_data() -> dict[str, Any]:
    """The demo programme's records, as plain data."""
    text = resources.files("omstilling.demo_data").joinpath(f"{DEMO_SLUG}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class DemoOutcome:
    programme: Programme
    created: bool
    replaced: bool


def load_programme_data(session: Session, data: dict[str, Any]) -> Programme:
    """Create a programme and all its records from plain data shaped like the demo file."""
    programme = services.create_programme(session, data["programme"])
    steps = (
        ("roles", services.add_role),
        ("focus_areas", services.add_focus_area),
        ("strategies", services.add_strategy),
        ("goals", services.add_goal),
        ("budget", services.add_budget_line),
        ("projects", services.add_project),
        ("payments", services.add_payment),
        ("results", services.add_result),
        ("meetings", services.add_meeting),
        ("assessments", services.add_assessment),
        ("deviations", services.add_deviation),
        ("closed_days", services.add_closed_day),
        ("quotas", services.add_quota_rule),
        ("wheel", services.add_wheel_event),
    )
    for key, add in steps:
        for record in data.get(key, []):
            add(session, programme, record)
    return programme


def load_demo(session: Session, *, reset: bool = False) -> DemoOutcome:
    """Load the demo programme; a second call changes nothing, `reset=True` replaces it."""
    existing = session.exec(select(Programme).where(Programme.slug == DEMO_SLUG)).first()
    if existing is not None and not reset:
        return DemoOutcome(existing, created=False, replaced=False)
    if existing is not None:
        services.delete_programme(session, existing)
    programme = load_programme_data(session, demo_data())
    return DemoOutcome(programme, created=True, replaced=existing is not None)
