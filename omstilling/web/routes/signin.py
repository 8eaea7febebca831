"""Signing in by a one-time e-mail link, and out. The page never tells whether an address is known."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request

from omstilling import clock
from omstilling.access import signin
from omstilling.config import links_base
from omstilling.messaging.transport import notifier_from_settings
from omstilling.web.pages import PageError, check_csrf, flash, redirect, render, visitor
from omstilling.web.security import Sessions

router = APIRouter()


@router.get("/logg-inn")
def sign_in_form(request: Request, neste: str | None = None):
    if visitor(request).signed_in:
        return redirect(signin.safe_next(neste) or "/")
    return render(request, "logg_inn.html", next_path=signin.safe_next(neste) or "", title="Logg inn")


@router.post("/logg-inn", dependencies=[Depends(check_csrf)])
def ask_for_link(request: Request, epost: Annotated[str, Form()] = "", neste: Annotated[str, Form()] = ""):
    settings = request.app.state.settings
    client = request.client.host if request.client else "ukjent"
    if not request.app.state.link_requests.allow(client):
        raise PageError(429, "For mange forespørsler",
                        "Det er bedt om for mange innloggingslenker herfra på kort tid. Vent noen minutter og prøv igjen.")
    address = epost.strip()
    if not address or "@" not in address or len(address) > 254:
        return render(request, "logg_inn.html", status=400, next_path=signin.safe_next(neste) or "",
                      error="Skriv e-postadressen din, for eksempel navn@kommune.no.", email=address,
                      title="Logg inn")
    signin.request_link(
        request.app.state.engine, address, base_url=links_base(settings),
        now=signin.utcnow(), day=clock.today(), operators=settings.operator_emails,
        notifier=notifier_from_settings(settings.apprise_config), zone=clock.zone(), next_path=neste or None)
    return render(request, "lenke_sendt.html", email=address, title="Sjekk e-posten")


@router.get("/inn/{secret}")
def confirm_link(request: Request, secret: str):
    if not signin.is_usable(request.app.state.engine, secret, signin.utcnow()):
        return render(request, "lenke_ugyldig.html", status=400, title="Lenken virker ikke")
    return render(request, "inn.html", secret=secret, title="Logg inn")


@router.post("/inn/{secret}", dependencies=[Depends(check_csrf)])
def use_link(request: Request, secret: str):
    claimed = signin.claim(request.app.state.engine, secret, signin.utcnow())
    if claimed is None:
        return render(request, "lenke_ugyldig.html", status=400, title="Lenken virker ikke")
    session = Sessions.new()  # a fresh session (and CSRF token) for the signed-in person
    session["e"] = claimed.email
    request.state.session = session
    request.state.session_changed = True
    return redirect(signin.safe_next(claimed.next_path) or "/")


@router.post("/logg-ut", dependencies=[Depends(check_csrf)])
def sign_out(request: Request):
    request.state.session = Sessions.new()
    flash(request, "Du er logget ut.")
    return redirect("/logg-inn")
