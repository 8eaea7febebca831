"""What the flows share: the day seen from (the programme's time zone), the engine from settings, artifact keys
and run names."""

from __future__ import annotations

import functools
import inspect
import re
import typing
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeVar

from pydantic.json_schema import SkipJsonSchema

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


Blank = SkipJsonSchema[None]
"""`int | Blank = None`: a field the form may leave empty, shown as a plain number, date or text box (an
`int | None` makes Prefect's form ask which type, "integer" or "null", before anything can be typed). Only the
form's schema leaves None out: the flow still takes None, and a run that does not give the field gets None."""

F = TypeVar("F", bound=Callable[..., Any])


class _Empty:
    """A field's default as the form sees it: none. (Pydantic leaves a default it cannot write as JSON out of the
    schema, so the form starts the field empty instead of filling in null and then refusing it: Prefect's form
    says "None is not of type 'string'" for a date left at its null default.)"""

    def __repr__(self) -> str:
        return "(tomt)"


# pydantic's note that it left those defaults out of a form (`prefect deploy`, a test reading the schema): the point
warnings.filterwarnings("ignore", message=r"Default value \(tomt\) is not JSON serializable")


def form(flow: Any) -> Any:
    """A deployed flow's form without null defaults: a field that may be left empty (`int | Blank = None`) starts
    empty and is left out of the run's parameters when nobody fills it in (the flow then gets None). Only the
    schema changes (`prefect deploy` reads it from the flow's signature); the function keeps its None."""
    from prefect.utilities.callables import parameter_schema

    signature = inspect.signature(flow.fn, eval_str=True)
    flow.__signature__ = signature.replace(
        parameters=[p.replace(default=_Empty()) if p.default is None else p for p in signature.parameters.values()]
    )
    flow.parameters = parameter_schema(flow)
    return flow


def checked(name: str, value: Any, annotation: Any) -> Any:
    """A form's value as the flow's parameter type has it, or the Norwegian sentence of what is wrong with it (a flow
    wrapped by `in_words` is deployed with `validate_parameters=False`: Prefect's own check says it in English).
    A choice is matched case, accents and punctuation aside («årsrapport» is «Årsrapport»)."""
    from pydantic import TypeAdapter, ValidationError

    from omstilling.core.words import loose
    from omstilling.errors import OmstillingError

    if value is None:
        return None
    arms = [annotation] if typing.get_origin(annotation) is typing.Literal else typing.get_args(annotation)
    choices = [c for arm in arms or [annotation] for c in _choices_of(arm)]
    if choices and isinstance(value, str):
        value = next((c for c in choices if loose(c) == loose(value)), value)
    try:
        return TypeAdapter(annotation).validate_python(value)
    except ValidationError:
        shown = str(value)[:60]
        if choices:
            raise OmstillingError(f"«{shown}» er ikke et av valgene for {name}: {', '.join(choices)}.") from None
        kinds = {int: "et helt tall", date: "en dato (ÅÅÅÅ-MM-DD)", bool: "ja eller nei"}
        wanted = next((words for kind, words in kinds.items() if kind in _types_of(annotation)), None)
        raise OmstillingError(
            f"{name} må være {wanted}, ikke «{shown}»." if wanted else f"«{shown}» er ikke en gyldig verdi for {name}."
        ) from None


def _choices_of(annotation: Any) -> list[str]:
    if typing.get_origin(annotation) is typing.Literal:
        return [str(c) for c in typing.get_args(annotation)]
    return []


def _types_of(annotation: Any) -> set[Any]:
    found = {annotation}
    for arm in typing.get_args(annotation):
        found |= _types_of(arm)
    return found


def in_words(fn: F) -> F:
    """A flow whose user error (`OmstillingError`: a programme or event that does not exist, a deadline marked
    already) ends the run Failed with the Norwegian sentence as the state's message, and no Python traceback in
    the run's log (a raised exception logs one). Trouble that is not the user's still raises, traceback and all."""
    from prefect.states import Failed

    from omstilling.errors import OmstillingError

    @functools.wraps(fn)
    def in_words(*args: Any, **kwargs: Any) -> Any:
        try:
            bound = inspect.signature(fn).bind(*args, **kwargs)
            for name, value in list(bound.arguments.items()):
                bound.arguments[name] = checked(name, value, hints.get(name, Any))
            return fn(*bound.args, **bound.kwargs)
        except OmstillingError as exc:
            return Failed(message=str(exc), data=exc)

    # Prefect reads the form and checks the parameters from the signature: give it the flow's own types, resolved
    # where the flow was written (this module's names are not the flow module's).
    hints = typing.get_type_hints(fn, include_extras=True)
    in_words.__annotations__ = hints
    signature = inspect.signature(fn)
    in_words.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()],
        return_annotation=hints.get("return", signature.return_annotation),
    )
    return in_words  # type: ignore[return-value]


def programme_name(slug: str) -> str:
    """A programme's name for what people read in Prefect (artifact titles); its short name if it cannot be read."""
    from omstilling.app import programmes

    try:
        return programmes.name_of(engine(), slug)
    except Exception:  # noqa: BLE001 (a title must never fail a run)
        return slug


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
