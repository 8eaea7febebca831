"""What the flows share: the day seen from (the programme's time zone), the engine from settings, artifact keys
and run names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from omstilling.core.runplan import run_title
from omstilling.store import audit, db


def _prefect_run() -> audit.Actor | None:
    """Inside a flow or task run, the audit trail says Prefect did it (`prefect:<flow>`; the open-source server
    knows no users, so who pressed Run in the UI is not known)."""
    from prefect.context import FlowRunContext, TaskRunContext

    flow_run = FlowRunContext.get()
    if flow_run is not None and flow_run.flow is not None:
        return audit.Actor(f"prefect:{flow_run.flow.name}", "prefect")
    if flow_run is not None or TaskRunContext.get() is not None:
        return audit.Actor("prefect", "prefect")
    return None


audit.when_unset(_prefect_run)


@contextmanager
def choosing_in_the_form() -> Iterator[None]:
    """A form left without a programme while the database holds several: say which field to fill in."""
    from omstilling.errors import AmbiguousProgramme

    try:
        yield
    except AmbiguousProgramme as exc:
        raise exc.with_hint("velg ett i feltet «programme»") from None


def engine():
    """The app database from OMSTILLING_DATABASE_URL; each task opens its own sessions from it."""
    return db.get_engine()


def artifact_key(*parts: object) -> str:
    """Prefect artifact keys: lowercase letters, digits and dashes."""
    text = "-".join(str(p) for p in parts if p is not None).lower()
    for norwegian, ascii_ in (("å", "a"), ("æ", "ae"), ("ø", "o")):
        text = text.replace(norwegian, ascii_)
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", text)).strip("-")


def run_name(title: str, *parts: object) -> str:
    """A run's name in the UI: "Årsrapport · 2014 · vestre-toten", leaving out what was not given (the same
    names the årshjul's scheduled runs get)."""
    return run_title(title, *parts)


def retry_unless_user_error(task, task_run, state) -> bool:
    """Retry a task that met trouble (a database or SMTP hiccup), not one that met data it cannot work with
    (an `OmstillingError`: it would fail the same way again)."""
    from omstilling.errors import OmstillingError

    try:
        state.result(raise_on_failure=True)
    except OmstillingError:
        return False
    except Exception:  # noqa: BLE001
        return True
    return True
