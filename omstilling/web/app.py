"""The web app: FastAPI with server-rendered Jinja2 pages (htmx for the few parts that update in place), no
JavaScript build. Routes call the library (jobs, services, the snapshot); no business rule lives in a route."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from omstilling.app.county import CountyFigures
from omstilling.app.snapshots import Memory, Snapshots
from omstilling.config import Settings, get_settings, start_problem
from omstilling.core import language
from omstilling.core.language import _
from omstilling.store import db
from omstilling.web import limits
from omstilling.web.oidc import Provider
from omstilling.web.pages import PageError, SignInNeeded, page_standard, redirect, render
from omstilling.web.security import BROWSER_COOKIE, COOKIE, RateLimit, SecretKeyRefused, Sessions, session_secret

STATIC = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # a sign-in link in the address bar never leaves in a Referer header
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
}


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The app for `settings` (default: the environment's). Refuses to start in production without a real
    OMSTILLING_SECRET_KEY, and with OpenID Connect half set up (raises `SecretKeyRefused`)."""
    from omstilling.web.routes import (
        accessibility,
        county,
        data,
        deadlines,
        decisions,
        documents,
        home,
        meetings,
        messages,
        oidc,
        operator_sessions,
        overview,
        signin,
        stateaid,
        stateaid_declaration,
        stateaid_form,
        texts,
    )

    settings = settings or get_settings()
    if problem := start_problem(settings):  # the key; links from the configured address; a safe way to sign in
        raise SecretKeyRefused(problem)
    app = FastAPI(title="omstilling", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.engine = engine or db.get_engine(settings.database_url)
    app.state.sessions = Sessions(
        app.state.engine, session_secret(settings), settings.session_hours, settings.session_idle_minutes
    )
    app.state.oidc = Provider(settings) if settings.oidc_enabled else None
    app.state.link_requests = RateLimit(limit=5, window=600)
    app.state.wheel_pictures = {}
    app.state.county_figures = CountyFigures()
    app.state.snapshots = Snapshots()  # each programme's snapshot and its overview, by what they were made from
    app.state.rendered = Memory(64)  # the county page's table as HTML, by what it was made from
    app.mount("/statisk", StaticFiles(directory=STATIC), name="statisk")
    limits.install(app, settings)  # bodies counted as they stream (413 past the limit); no bare 500s
    for module in (signin, oidc, operator_sessions, home, overview, deadlines, documents, data, messages, county):
        app.include_router(module.router)
    app.include_router(accessibility.router)  # Tilgjengelighetserklæring, for everyone
    app.include_router(texts.router)  # Programleders tekst: a document's own words
    app.include_router(decisions.router)  # Vedtak: the decisions register
    app.include_router(meetings.router)  # a board meeting: its agenda, documents and who comes
    app.include_router(stateaid.router)  # Bagatellmessig støtte: grant letters, declaration forms, the register
    app.include_router(stateaid_form.router)  # Registrer støtte: an award recorded on the page above
    app.include_router(stateaid_declaration.router)  # and a declaration, or undertakings that count as one

    @app.middleware("http")
    async def written_standard(request: Request, call_next):
        """A page about one programme, and everything the request makes for it (its title, its messages, the
        library's refusals), is in the programme's målform (`pages.page_standard`); registered before the session
        cookie's middleware, so it runs inside it and knows who is signed in."""
        if request.url.path.startswith("/statisk/"):
            return await call_next(request)
        standard = await run_in_threadpool(page_standard, request)
        with language.speaking(standard):
            return await call_next(request)

    @app.middleware("http")
    async def session_cookie(request: Request, call_next):
        if request.url.path.startswith("/statisk/"):
            response = await call_next(request)
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            return response
        sessions: Sessions = app.state.sessions
        opened = await run_in_threadpool(
            sessions.open, request.cookies.get(COOKIE), request.cookies.get(BROWSER_COOKIE)
        )
        request.state.web_session, request.state.session = opened.live, opened.data
        request.state.session_changed, request.state.drop_token = opened.changed, opened.drop_token
        request.state.session_token = None
        response = await call_next(request)
        secure = request.url.scheme == "https" or (settings.base_url or "").strip().startswith("https://")
        if request.state.session_token:  # just signed in: the token, and the pre-sign-in cookie is done with
            response.set_cookie(
                COOKIE,
                request.state.session_token,
                max_age=sessions.max_age,
                httponly=True,
                samesite="lax",
                secure=secure,
                path="/",
            )
            response.delete_cookie(BROWSER_COOKIE, httponly=True, samesite="lax", secure=secure, path="/")
        elif request.state.drop_token:
            response.delete_cookie(COOKIE, httponly=True, samesite="lax", secure=secure, path="/")
        if request.state.session_changed and request.state.web_session is not None:
            await run_in_threadpool(sessions.save, request.state.web_session)
        elif request.state.session_changed:
            response.set_cookie(
                BROWSER_COOKIE,
                sessions.dump(request.state.session),
                max_age=sessions.max_age,
                httponly=True,
                samesite="lax",
                secure=secure,
                path="/",
            )
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/statisk/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(PageError)
    async def page_error(request: Request, exc: PageError):
        return render(request, "feil.html", status=exc.status, title=exc.title, message=exc.message)

    @app.exception_handler(SignInNeeded)
    async def sign_in_needed(request: Request, exc: SignInNeeded):
        from urllib.parse import urlencode

        return redirect("/logg-inn?" + urlencode({"neste": exc.path}))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        titles = {
            404: (_("Finnes ikke"), _("Siden finnes ikke.")),
            405: (_("Ikke tillatt"), _("Denne siden tar ikke imot slike forespørsler.")),
        }
        title, message = titles.get(exc.status_code, (_("Feil"), _("Noe gikk galt med forespørselen.")))
        return render(request, "feil.html", status=exc.status_code, title=title, message=message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        return render(
            request,
            "feil.html",
            status=404,
            title=_("Finnes ikke"),
            message=_("Adressen er ikke en side i omstilling (sjekk år og nummer i den)."),
        )

    # The audit trail: the operator's log page, who acts in each request, and the settings the app started with.
    from omstilling.app.audit import note_settings
    from omstilling.store import audit
    from omstilling.web.routes import operator_log

    app.include_router(operator_log.router)

    @app.middleware("http")
    async def who_acts(request: Request, call_next):
        """Nobody yet, from the client's address: the page says who once it knows (`pages.visitor`)."""
        audit.act_as("anonym", request.client.host if request.client else "ukjent")
        return await call_next(request)

    note_settings(app.state.engine, settings)
    return app
