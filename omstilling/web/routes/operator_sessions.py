"""Drift: who is signed in right now, and "log out everywhere" for an address (the operator's; as
`omstilling logout-everywhere`). Ending the sessions does not take roles away: the person can sign in again while
they have one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request

from omstilling.app.sessions import log_out_everywhere, sessions_in_force
from omstilling.errors import OmstillingError
from omstilling.web.pages import (
    check_csrf,
    client_address,
    flash,
    operator,
    redirect,
    render,
    user_error,
)

router = APIRouter()
PAGE = "/drift/innlogginger"


@router.get(PAGE)
def signed_in_now(request: Request):
    who = operator(request)
    store = request.app.state.sessions
    found = sessions_in_force(request.app.state.engine, now=store.now(), lifetimes=store.lifetimes)
    return render(request, "innlogginger.html", who=who, sessions=found, title="Innlogginger")


@router.post(f"{PAGE}/logg-ut-overalt", dependencies=[Depends(check_csrf)])
def everywhere(request: Request, epost: Annotated[str, Form()] = ""):
    who = operator(request)
    try:
        count = log_out_everywhere(
            request.app.state.engine,
            epost,
            now=request.app.state.sessions.now(),
            by=who.access.email,
            source=client_address(request),
        )
    except OmstillingError as exc:
        flash(request, user_error(exc), "feil")
        return redirect(PAGE)
    if request.state.web_session is not None and request.state.web_session.email == epost.strip().casefold():
        return redirect("/logg-inn")  # the operator logged themselves out too
    ended = (
        "ingen innlogginger var aktive"
        if count == 0
        else ("én innlogging er avsluttet" if count == 1 else f"{count} innlogginger er avsluttet")
    )
    flash(request, f"Logget ut {epost.strip()} overalt: {ended}.")
    return redirect(PAGE)
