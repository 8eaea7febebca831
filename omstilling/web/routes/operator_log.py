"""Drift: the audit trail (who did what, when, from where), filtered by person, action, programme and days, a page
at a time; and a person's data exported as JSON (as `omstilling audit` and `omstilling person export`). Only for
the operators."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import select

from omstilling import clock
from omstilling.app import audit, people
from omstilling.errors import OmstillingError
from omstilling.store import db
from omstilling.store.models import Programme
from omstilling.web.pages import (
    PageError,
    check_csrf,
    flash,
    operator,
    parse_day,
    redirect,
    render,
    user_error,
)

router = APIRouter()
PAGE = "/drift/logg"
FILTERS = ("person", "handling", "program", "fra", "til")


def _page_number(value: str | None) -> int:
    if not value:
        return 1
    if not (value.isascii() and value.isdigit() and len(value) <= 6) or int(value) < 1:
        raise PageError(400, "Ugyldig side", f"«{value}» er ikke et sidenummer (1, 2, 3 …).")
    return int(value)


def _detail(detail: dict[str, object]) -> list[tuple[str, str]]:
    return [
        (key.replace("_", " "), ", ".join(map(str, value)) if isinstance(value, list) else str(value))
        for key, value in detail.items()
    ]


@router.get(PAGE)
def log(
    request: Request,
    person: str = "",
    handling: str = "",
    program: str = "",
    fra: str = "",
    til: str = "",
    side: str | None = None,
):
    who = operator(request)
    asked = {
        "person": person.strip(),
        "handling": handling.strip(),
        "program": program.strip(),
        "fra": fra.strip(),
        "til": til.strip(),
    }
    since, until, page = parse_day(asked["fra"], "fra"), parse_day(asked["til"], "til"), _page_number(side)
    engine = request.app.state.engine
    with db.session_scope(engine) as session:
        programmes = list(session.exec(select(Programme.slug).order_by(Programme.slug)))
    error, found = None, None
    try:
        found = audit.events(
            engine,
            person=asked["person"],
            action=asked["handling"],
            programme=asked["program"],
            since=since,
            until=until,
            page=page,
        )
    except OmstillingError as exc:
        error = user_error(exc)
    zone = clock.zone()
    rows = [
        {"event": event, "at": event.at.astimezone(zone), "detail": _detail(event.detail)}
        for event in (found.events if found else [])
    ]
    query = {key: value for key, value in asked.items() if value}

    def page_url(number: int) -> str:
        return f"{PAGE}?{urlencode(query | {'side': number})}"

    return render(
        request,
        "logg.html",
        status=400 if error else 200,
        who=who,
        asked=asked,
        found=found,
        rows=rows,
        error=error,
        dates_wrong=error is not None and since is not None and until is not None and since > until,
        programmes=programmes,
        page_url=page_url,
        actions=audit.action_choices(found.actions if found else None),
        days=request.app.state.settings.audit_days,
        title="Logg",
    )


@router.post("/drift/personer/eksport", dependencies=[Depends(check_csrf)])
def export(request: Request, epost: Annotated[str, Form()] = ""):
    operator(request)
    try:
        data = people.export_person(request.app.state.engine, epost)
    except OmstillingError as exc:
        flash(request, f"Ingenting ble eksportert: {user_error(exc)}", "feil", field="epost")
        return redirect(PAGE)
    import json

    name = re.sub(r"[^a-z0-9.-]+", "-", data["email"]).strip("-")
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="personopplysninger-{name}.json"'},
    )
