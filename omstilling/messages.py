"""Reminder texts (Norwegian, plain text) from the Jinja2 templates in templates/messages/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from omstilling.config import get_settings
from omstilling.core.enums import DocumentKind, Role
from omstilling.core.formatting import date_with_weekday
from omstilling.core.reminders import BOARD, PlannedReminder


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


@lru_cache
def _environment(folder: Path) -> Environment:
    env = Environment(loader=FileSystemLoader(str(folder / "messages")), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    env.filters["ukedag_dato"] = date_with_weekday
    return env


def render(template: str, **values) -> Text:
    env = _environment(get_settings().templates_dir)
    subject = env.get_template(f"{template}.emne.j2").render(**values).strip()
    body = env.get_template(f"{template}.txt.j2").render(**values)
    return Text(subject, body)


def role_label(role: str) -> str:
    if role == "styret":
        return "styret"
    return Role(role).label if role in Role._value2member_map_ else role


def _joined(words: list[str]) -> str:
    """"a", "a og b", "a, b og c"."""
    return " og ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " og " + words[-1]


def reminder_text(
    item: PlannedReminder, *, programme: str, slug: str, missing: list[str], draft: str | None, as_of: date
) -> Text:
    """Subject and body of one reminder: what is due and when, who is responsible, the step, what is missing."""
    occurrence, event = item.occurrence, item.occurrence.event
    others = [role for role in dict.fromkeys(item.reminder.roles) if role != item.role
              and not (role == "styret" and item.role in BOARD)]
    return render(
        "paaminnelse",
        name=item.name,
        title=event.title,
        kind=event.kind.value,
        due=occurrence.due,
        start=occurrence.start.strftime("%H.%M") if occurrence.start else None,
        days=(occurrence.due - as_of).days,
        offset=item.reminder.offset,
        overdue=item.reminder.overdue,
        step=item.step_name,
        role=role_label(item.role),
        responsible_here=item.role in event.responsible_roles,
        also=_joined([role_label(role) for role in others]),
        responsible=", ".join(role_label(r) for r in event.responsible_roles),
        programme=programme,
        slug=slug,
        document=DocumentKind(event.document).label if event.document else None,
        draft=draft,
        missing=missing,
        description=event.description,
        key=event.key,
        year=occurrence.year,
    )


def digest_text(name: str | None, day: date, items: list[Text]) -> Text:
    """One message with all of a person's reminders of the day."""
    return render("sammendrag", name=name, day=day, count=len(items), items=items)


def failure_text(items: list[dict], attempts: int) -> Text:
    return render("feil", items=items, count=len(items), attempts=attempts)


def alert_sentence(summary: dict) -> str:
    """What really happened to the alerts about messages given up (from `RunSummary.as_dict()`)."""
    alerts = summary["alerts"]
    if not alerts["queued"] and not alerts["sent"]:
        return (f"{summary['gave_up']} påminnelser ble gitt opp, og ingen kunne varsles: det finnes verken en "
                "drift-kanal i apprise-oppsettet eller en programleder med e-postadresse.")
    told = f"{alerts['sent']} av {alerts['queued']} varsler er sendt til drift og programleder"
    if alerts["failed"]:
        told += f", {alerts['failed']} varsler kunne heller ikke sendes"
    return f"{summary['gave_up']} påminnelser ble gitt opp etter flere forsøk; {told}."
