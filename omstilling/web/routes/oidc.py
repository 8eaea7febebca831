"""Signing in through the organisation's identity provider (OpenID Connect): the button on the sign-in page starts
it (`/logg-inn/oidc`), and the provider sends the person back to `oidc.CALLBACK`. A person the provider vouches for
comes in when the e-mail claim names someone with a role today; every other outcome is a Norwegian page, no
session, and a line in the records."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from omstilling import clock
from omstilling.access import identity, signin
from omstilling.access.roles import Access
from omstilling.access.sessions import Method
from omstilling.core.enums import AuditAction, AuditOutcome
from omstilling.store import audit, db
from omstilling.web.oidc import CALLBACK, Failed, Provider
from omstilling.web.pages import client_address, not_found, redirect, render
from omstilling.web.security import begin_session

router = APIRouter()
NEXT = "n"
"""Where the person was going, kept in the pre-sign-in session while they are at the provider."""


def provider_of(request: Request) -> Provider:
    provider: Provider | None = request.app.state.oidc
    if provider is None:
        raise not_found("Innlogging gjennom organisasjonen er ikke satt opp her.")
    return provider


def _session_for_authlib(request: Request) -> dict[str, Any]:
    """Authlib keeps the flow's state in `request.session`: this request's session (written back after)."""
    session: dict[str, Any] = request.state.session
    request.scope["session"] = session
    request.state.session_changed = True
    return session


@router.get("/logg-inn/oidc")
async def begin(request: Request, neste: str | None = None):
    provider = provider_of(request)
    session = _session_for_authlib(request)
    session[NEXT] = signin.safe_next(neste)
    try:
        return await provider.begin(request)
    except Failed as failed:
        return await run_in_threadpool(refused, request, failed.status, failed.reason, failed.title, failed.message)


@router.get(CALLBACK)
async def finish(request: Request):
    provider = provider_of(request)
    session = _session_for_authlib(request)
    next_path = session.pop(NEXT, None)
    try:
        claims = await provider.finish(request)
    except Failed as failed:
        return await run_in_threadpool(refused, request, failed.status, failed.reason, failed.title, failed.message)
    settings = request.app.state.settings

    def admit() -> Access | identity.Refused:
        with db.session_scope(request.app.state.engine) as s:
            return identity.admit(
                s,
                claims,
                email_claim=provider.email_claim,
                accepted_acr=provider.accepted_acr,
                day=clock.today(),
                operators=settings.operator_emails,
            )

    admitted = await run_in_threadpool(admit)
    if isinstance(admitted, identity.Refused):
        return await run_in_threadpool(
            refused, request, 403, admitted.reason, admitted.title, admitted.message, admitted.email
        )
    await run_in_threadpool(begin_session, request, admitted.email, Method.OIDC)
    await run_in_threadpool(
        partial(
            audit.record,
            request.app.state.engine,
            AuditAction.SIGN_IN,
            target=admitted.email,
            who=admitted.email,
            source=client_address(request),
            detail={"metode": Method.OIDC.value, "acr": claims.get("acr")},
        )
    )
    return redirect(signin.safe_next(next_path) or "/")


def refused(request: Request, status: int, reason: str, title: str, message: str, email: str | None = None):
    """The page for a sign-in that did not let the person in, and its line in the audit trail (a failure when the
    provider could not be reached, a refusal otherwise)."""
    audit.record(
        request.app.state.engine,
        AuditAction.SIGN_IN,
        target=email,
        who=email or "ukjent",
        outcome=AuditOutcome.FAILED if status >= 500 else AuditOutcome.REFUSED,
        source=client_address(request),
        detail={"metode": Method.OIDC.value, "grunn": reason},
    )
    return render(request, "innlogging_avvist.html", status=status, title=title, message=message)
