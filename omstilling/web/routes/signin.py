"""Signing in by a one-time e-mail link (unless OMSTILLING_EMAIL_LINKS switches it off), and out. The page never
tells whether an address is known. Signing in through the organisation's identity provider is `routes.oidc`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request

from omstilling import clock
from omstilling.access import signin
from omstilling.access.roles import access_for
from omstilling.access.sessions import Ended, Method
from omstilling.config import links_base
from omstilling.core.enums import AuditAction, AuditOutcome
from omstilling.messaging.transport import notifier_from_settings
from omstilling.store import audit, db
from omstilling.web.pages import PageError, check_csrf, client_address, flash, not_found, redirect, render, visitor
from omstilling.web.security import begin_session, end_session

router = APIRouter()


@router.get("/logg-inn")
def sign_in_form(request: Request, neste: str | None = None):
    if visitor(request).signed_in:
        return redirect(signin.safe_next(neste) or "/")
    return render(
        request, "logg_inn.html", next_path=signin.safe_next(neste) or "", title="Logg inn", **sign_in_choices(request)
    )


def sign_in_choices(request: Request) -> dict:
    """What the sign-in page offers: the e-mail link, the organisation's identity provider, or both."""
    settings = request.app.state.settings
    return {
        "email_links": settings.email_links,
        "oidc_name": settings.oidc_name if request.app.state.oidc is not None else None,
    }


def email_links_on(request: Request) -> None:
    if not request.app.state.settings.email_links:
        raise not_found("Innlogging med lenke på e-post er slått av her. Logg inn fra innloggingssiden.")


@router.post("/logg-inn", dependencies=[Depends(check_csrf)])
def ask_for_link(
    request: Request,
    background: BackgroundTasks,
    epost: Annotated[str, Form()] = "",
    neste: Annotated[str, Form()] = "",
):
    email_links_on(request)
    settings = request.app.state.settings
    client = request.client.host if request.client else "ukjent"
    if not request.app.state.link_requests.allow(client):
        audit.record(
            request.app.state.engine,
            AuditAction.SIGN_IN_LINK,
            who="anonym",
            target=epost.strip()[:254],
            source=client,
            outcome=AuditOutcome.REFUSED,
            detail={"grunn": "for mange forespørsler herfra"},
        )
        raise PageError(
            429,
            "For mange forespørsler",
            "Det er bedt om for mange innloggingslenker herfra på kort tid. Vent noen minutter og prøv igjen.",
        )
    address = epost.strip()
    if not address or "@" not in address or len(address) > 254:
        return render(
            request,
            "logg_inn.html",
            status=400,
            next_path=signin.safe_next(neste) or "",
            error="Skriv e-postadressen din, for eksempel navn@kommune.no.",
            email=address,
            title="Logg inn",
            **sign_in_choices(request),
        )
    engine, now, day, zone = request.app.state.engine, signin.utcnow(), clock.today(), clock.zone()

    def send_and_record() -> None:
        outcome = signin.request_link(
            engine,
            address,
            base_url=links_base(settings),
            now=now,
            day=day,
            operators=settings.operator_emails,
            notifier=notifier_from_settings(settings.apprise_config),
            zone=zone,
            next_path=neste or None,
        )
        audit.record(
            engine,
            AuditAction.SIGN_IN_LINK,
            who="anonym",
            target=address.casefold(),
            source=client,
            detail={"utfall": outcome.value},
            outcome={
                signin.Outcome.SENT: AuditOutcome.OK,
                signin.Outcome.NOT_SENT: AuditOutcome.FAILED,
            }.get(outcome, AuditOutcome.REFUSED),
        )

    # After the answer has gone: a known address (a link made, an e-mail sent) and an unknown one (nothing) answer
    # alike and as fast, so the time the page takes tells nobody which addresses omstilling knows.
    background.add_task(send_and_record)
    return render(request, "lenke_sendt.html", email=address, title="Sjekk e-posten")


@router.get("/inn/{secret}")
def confirm_link(request: Request, secret: str):
    email_links_on(request)
    if not signin.is_usable(request.app.state.engine, secret, signin.utcnow()):
        return render(request, "lenke_ugyldig.html", status=400, title="Lenken virker ikke")
    return render(request, "inn.html", secret=secret, title="Logg inn")


@router.post("/inn/{secret}", dependencies=[Depends(check_csrf)])
def use_link(request: Request, secret: str):
    email_links_on(request)
    engine, settings = request.app.state.engine, request.app.state.settings
    claimed = signin.claim(engine, secret, signin.utcnow())
    if claimed is None:
        audit.record(
            engine,
            AuditAction.SIGN_IN,
            who="ukjent",
            outcome=AuditOutcome.REFUSED,
            source=client_address(request),
            detail={"metode": Method.EMAIL_LINK.value, "grunn": "lenken virker ikke"},
        )
        return render(request, "lenke_ugyldig.html", status=400, title="Lenken virker ikke")
    with db.session_scope(engine) as session:
        allowed = access_for(session, claimed.email, clock.today(), settings.operator_emails).anything
    if not allowed:  # the role ended after the link was sent
        audit.record(
            engine,
            AuditAction.SIGN_IN,
            target=claimed.email,
            who=claimed.email,
            outcome=AuditOutcome.REFUSED,
            source=client_address(request),
            detail={"metode": Method.EMAIL_LINK.value, "grunn": "ingen rolle i dag"},
        )
        flash(request, "Du har ingen rolle i et omstillingsprogram i dag, så du ble ikke logget inn.", "feil")
        return redirect("/logg-inn")
    begin_session(request, claimed.email, Method.EMAIL_LINK)  # a new session and CSRF token on the server
    audit.record(
        engine,
        AuditAction.SIGN_IN,
        target=claimed.email,
        who=claimed.email,
        source=client_address(request),
        detail={"metode": Method.EMAIL_LINK.value},
    )
    return redirect(signin.safe_next(claimed.next_path) or "/")


@router.post("/logg-ut", dependencies=[Depends(check_csrf)])
def sign_out(request: Request):
    live = request.state.web_session
    end_session(request, Ended.LOGGED_OUT)  # on the server, at once: the old cookie signs nobody in again
    if live is not None:
        audit.record(
            request.app.state.engine,
            AuditAction.SIGN_OUT,
            target=live.email,
            who=live.email,
            source=client_address(request),
        )
    flash(request, "Du er logget ut.")
    return redirect("/logg-inn")
