"""What the web app reads of a request's body, at most: counted as it streams in, so a body larger than the limit
is stopped where it crosses it (413 and a Norwegian page), whatever its Content-Length said or did not say.

The workbook upload may be `OMSTILLING_UPLOAD_MAX_MB` (and a little for the form around it); every other form
`FORM_BYTES`. A route that reads its form in a dependency checks who may send it first (from the session, never
the body), then the size the request declares, then the CSRF token (which reads the form), then uses it: see
`omstilling.web.routes.data`."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import FastAPI, Path, Request
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from omstilling.config import Settings
from omstilling.core.language import _

MB = 1024 * 1024
FORM_BYTES = 1 * MB
"""Any form but the upload (the longest field is a deadline's note, 2 000 characters)."""
FORM_AROUND_FILE = 64 * 1024
"""The upload's CSRF field, the parts' headers and boundaries, around the file itself."""
UPLOAD_PATH = re.compile(r"^/programmer/[^/]+/data/provekjoring$")

RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]
"""A row's id in an address: past the database's integers it is no row (404, as any address that is no page),
never an overflow in the driver."""


class BodyTooLarge(HTTPException):
    """A request body over its limit; raised where it is read (a Starlette HTTPException, so that FastAPI's
    form reading passes it on as it is)."""

    def __init__(self, message: str):
        super().__init__(status_code=413, detail=message)


def upload_bytes(settings: Settings) -> int:
    """The largest file an upload takes."""
    return int(settings.upload_max_mb * MB)


def upload_words(settings: Settings) -> str:
    value = settings.upload_max_mb
    return f"{value:g}".replace(".", ",") + " MB"


def too_large(settings: Settings) -> BodyTooLarge:
    return BodyTooLarge(
        _(
            "Filen er større enn %(size)s; ingenting ble lest. Del den opp, eller "
            "fjern ark omstilling ikke leser (for eksempel bilder), og prøv igjen."
        )
        % {"size": upload_words(settings)}
    )


def check_declared_size(request: Request) -> None:
    """The upload's declared size (Content-Length), before a byte of its body is read."""
    settings = request.app.state.settings
    declared = request.headers.get("content-length")
    if declared is not None and (
        not declared.strip().isdigit() or int(declared) > upload_bytes(settings) + FORM_AROUND_FILE
    ):
        raise too_large(settings)


class BodyLimit:
    """ASGI middleware: the body is counted as the app reads it, and reading past the request's limit raises
    `BodyTooLarge` in the reader (so nothing beyond the limit is ever taken in, and the rest is never read)."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.settings = settings
        self.upload = upload_bytes(settings) + FORM_AROUND_FILE

    def limit_for(self, path: str) -> int:
        return self.upload if UPLOAD_PATH.match(path) else FORM_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, path = self.limit_for(scope.get("path", "")), scope.get("path", "")
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    if UPLOAD_PATH.match(path):
                        raise too_large(self.settings)
                    raise BodyTooLarge(_("Skjemaet er større enn omstilling tar imot; ingenting ble lest."))
            return message

        await self.app(scope, counted, send)


def install(app: FastAPI, settings: Settings) -> None:
    """The body limit and its page (413), and a Norwegian page instead of a bare 500 for anything unforeseen."""
    from fastapi.responses import HTMLResponse

    from omstilling.web.pages import render

    app.add_middleware(BodyLimit, settings=settings)

    @app.exception_handler(BodyTooLarge)
    async def body_too_large(request: Request, exc: BodyTooLarge) -> Any:
        response = render(request, "feil.html", status=413, title=_("For stor"), message=exc.detail)
        response.headers["Connection"] = "close"  # the rest of the body is never read
        return response

    @app.exception_handler(Exception)
    async def unforeseen(request: Request, exc: Exception) -> Any:
        # Starlette runs this handler outside every middleware (the written standard's too): the page's målform is
        # chosen again here, as `app.written_standard` chose it, so a nynorsk programme's people are told in nynorsk.
        from starlette.concurrency import run_in_threadpool

        from omstilling.core import language
        from omstilling.core.language import WrittenStandard
        from omstilling.web.pages import page_standard

        try:
            standard = await run_in_threadpool(page_standard, request)
        except Exception:  # noqa: BLE001 (the database may be what failed: bokmål, as for everything else)
            standard = WrittenStandard.BOKMAL
        with language.speaking(standard):
            title = _("Noe gikk galt")
            message = _(
                "Noe gikk galt hos omstilling, og forespørselen ble ikke fullført. "
                "Prøv igjen om litt; virker det fortsatt ikke, si fra til drift."
            )
            try:
                return render(request, "feil.html", status=500, title=title, message=message)
            except Exception:  # noqa: BLE001 (the page itself failed: say it plainly)
                lang = "nn" if standard is WrittenStandard.NYNORSK else "nb"
                return HTMLResponse(
                    f"<!doctype html><html lang={lang}><title>{title}</title><h1>{title}</h1><p>{message}</p></html>",
                    status_code=500,
                )
