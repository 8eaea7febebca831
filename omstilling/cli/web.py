"""The web commands: `web` (start the web app) and `login-link` (print a one-time sign-in link).

The web app is started by its import path, so the command line never imports `omstilling.web` (nor it this)."""

from __future__ import annotations

from typing import Annotated

import typer

from omstilling.cli.common import app, current_engine, err, escape, out, user_errors


@app.command()
@user_errors
def web(
    host: Annotated[
        str, typer.Option("--host", help="Adressen webappen lytter på (0.0.0.0: alle nettverk).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Porten webappen lytter på.")] = 8000,
) -> None:
    """Start webappen for programleder, styret og fylket (innlogging med lenke på e-post). Ctrl-C stopper den."""
    import os

    import uvicorn

    from omstilling.config import get_settings, start_problem
    from omstilling.errors import OmstillingError

    current_engine()  # the database must exist and be at this version's schema
    settings = get_settings()
    problem = start_problem(settings)
    if problem:
        raise OmstillingError(problem)
    if not settings.base_url:  # development: links point where this process listens, never at a request's Host
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        os.environ["OMSTILLING_BASE_URL"] = f"http://{shown}:{port}"
        get_settings.cache_clear()
        err.print(f"Merk: OMSTILLING_BASE_URL er ikke satt; lenkene i e-post peker til http://{shown}:{port}.")
    if not settings.secret_key:
        err.print(
            "Merk: OMSTILLING_SECRET_KEY er ikke satt; et innloggingsskjema som står åpent når webappen "
            "starter på nytt, må lastes inn igjen."
        )
    if not settings.apprise_config:
        err.print(
            "Merk: OMSTILLING_APPRISE_CONFIG er ikke satt; innloggingslenker kan ikke sendes på e-post "
            "(bruk `omstilling login-link EPOST`)."
        )
    err.print(f"omstilling web: http://{host}:{port} (Ctrl-C stopper)")
    uvicorn.run(
        "omstilling.web.app:create_app", factory=True, host=host, port=port, proxy_headers=True, log_level="warning"
    )


@app.command("login-link")
@user_errors
def login_link(
    email: Annotated[
        str,
        typer.Argument(
            metavar="EPOST",
            help="Adressen til en som har en rolle i et program i dag (eller en operatør i OMSTILLING_OPERATORS).",
        ),
    ],
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="Webappens adresse i lenken (standard: OMSTILLING_BASE_URL, ellers http://127.0.0.1:8000).",
        ),
    ] = None,
) -> None:
    """Skriv ut en innloggingslenke til webappen for EPOST: den virker én gang, i 15 minutter."""
    from omstilling import clock
    from omstilling.access import signin
    from omstilling.access.roles import access_for
    from omstilling.config import base_url_problem, get_settings, links_base
    from omstilling.errors import OmstillingError
    from omstilling.store import db

    settings = get_settings()
    if not settings.email_links:
        raise OmstillingError("innlogging med lenke er slått av (OMSTILLING_EMAIL_LINKS=false): ingen lenke laget")
    chosen = settings.model_copy(update={"base_url": base_url}) if base_url else settings
    if problem := base_url_problem(chosen):  # the same rule as the web app's: a full address, set in production
        raise OmstillingError(problem.replace("OMSTILLING_BASE_URL", "--base-url") if base_url else problem)
    with db.session_scope(current_engine()) as session:
        if not access_for(session, email, clock.today(), settings.operator_emails).anything:
            raise OmstillingError(
                f"{email} har ingen rolle i noe program i dag og er ikke operatør "
                "(OMSTILLING_OPERATORS): ingen lenke laget"
            )
        _, link = signin.create_link(session, email, base_url=links_base(chosen), now=signin.utcnow())
    from omstilling.core.enums import AuditAction
    from omstilling.store import audit

    audit.record(
        current_engine(),
        AuditAction.SIGN_IN_LINK,
        target=email.strip().casefold(),
        detail={"utfall": "skrevet ut på kommandolinjen"},
    )
    out.print(escape(link), soft_wrap=True)
