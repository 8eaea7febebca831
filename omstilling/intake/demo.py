"""The seed programme (Omstillingsprogrammet i Vestre Toten, Handlingsplan 2014) as demo data.

The data lives in `demo_data/vestre-toten.yaml` and enters through the same validating services as any
other input, so the demo is also a test of them."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from sqlmodel import Session, select

from omstilling.core.stateaid import ecb_rates
from omstilling.intake import stateaid, writes
from omstilling.intake.schemas import valid_org_number
from omstilling.store.models import Programme

DEMO_SLUG = "vestre-toten"


def demo_data() -> dict[str, Any]:
    """The demo programme's records, as plain data."""
    text = resources.files("omstilling.intake.demo_data").joinpath(f"{DEMO_SLUG}.yaml").read_text(encoding="utf-8")
    # libyaml's loader when PyYAML has it (it reads the 2 000 lines in a tenth of the time); the same safe tags
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass(frozen=True)
class DemoOutcome:
    programme: Programme
    created: bool
    replaced: bool


def load_programme_data(session: Session, data: dict[str, Any]) -> Programme:
    """Create a programme and all its records from plain data shaped like the demo file."""
    programme = writes.create_programme(session, data["programme"])
    steps = (
        ("roles", writes.add_role),
        ("focus_areas", writes.add_focus_area),
        ("strategies", writes.add_strategy),
        ("goals", writes.add_goal),
        ("budget", writes.add_budget_line),
        ("projects", writes.add_project),
        ("payments", writes.add_payment),
        ("results", writes.add_result),
        ("meetings", writes.add_meeting),
        ("psv_indicators", writes.add_psv_indicator),
        ("assessments", writes.add_assessment),
        ("deviations", writes.add_deviation),
        ("closed_days", writes.add_closed_day),
        ("quotas", writes.add_quota_rule),
        ("wheel", writes.add_wheel_event),
    )
    for key, add in steps:
        for record in data.get(key, []):
            add(session, programme, record)
    if data.get("exchange_rates"):
        demo_rates(session, data["exchange_rates"])
    for record in data.get("awards", []):
        stateaid.add_award(session, programme, record, by="demo")
    return programme


def with_own_companies(data: dict[str, Any], copy: int) -> dict[str, Any]:
    """The demo's data with the companies' organisation numbers made the copy's own (valid, and unlike the demo's
    and every other copy's), for benchmarks that load many copies as the programmes of one county: the same numbers
    in every copy would be one company's aid, and the ceiling refuses the sixth copy's awards (as it should)."""
    numbers = sorted({p["org_number"] for p in data.get("projects", []) if p.get("org_number")})
    own: dict[str, str] = {}
    candidate = 0
    for number in numbers:
        # 8, the copy (5 digits), a running number (2), then the check digit (a stem whose would be 10 has none)
        while number not in own:
            stem = f"8{copy:05d}{candidate:02d}"
            candidate += 1
            found = [stem + d for d in "0123456789" if valid_org_number(stem + d)]
            if found:
                own[number] = found[0]
    projects = [p | {"org_number": own.get(p.get("org_number") or "", p.get("org_number"))} for p in data["projects"]]
    return data | {"projects": projects}


def demo_rates(session: Session, name: str) -> None:
    """The ECB's reference rates the demo's awards are converted at (installation-wide: stored once, kept)."""
    text = resources.files("omstilling.intake.demo_data").joinpath(name).read_text(encoding="utf-8")
    rates, problems = ecb_rates(text)
    assert not problems, problems
    stateaid.put_rates(session, rates)


def load_demo(session: Session, *, reset: bool = False) -> DemoOutcome:
    """Load the demo programme; a second call changes nothing, `reset=True` replaces it."""
    existing = session.exec(select(Programme).where(Programme.slug == DEMO_SLUG)).first()
    if existing is not None and not reset:
        return DemoOutcome(existing, created=False, replaced=False)
    if existing is not None:
        writes.delete_programme(session, existing)
    programme = load_programme_data(session, demo_data())
    return DemoOutcome(programme, created=True, replaced=existing is not None)
