"""Data: upload a workbook, see the dry run's changes (or every row-level error), confirm; download the workbook.

An upload is refused before its body is read when the sender may not upload (from the session alone), and when it
declares more than OMSTILLING_UPLOAD_MAX_MB; a body that grows past that while it streams is stopped there
(`omstilling.web.limits`). Only then is the CSRF token read from the form, and only then the file used. It is kept
in a staging folder under the output folder, named by a random token the confirming form carries; the real import
reads that same file, so what is confirmed is what was checked. Messages name the file as it was uploaded, never
the staging folder."""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from omstilling.app import workbooks
from omstilling.core.language import _, ngettext
from omstilling.errors import OmstillingError
from omstilling.intake import workbook
from omstilling.store import db
from omstilling.store.files import write_atomically
from omstilling.web.limits import check_declared_size, too_large, upload_bytes
from omstilling.web.pages import (
    PageError,
    Visitor,
    check_csrf,
    flash,
    programme_or_404,
    redirect,
    render,
    user_error,
    worker,
)

router = APIRouter()
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


KEPT_SECONDS = 3600
"""An upload not confirmed within an hour is removed (at the next upload)."""


def staging(request: Request) -> Path:
    return Path(request.app.state.settings.output_dir) / ".opplastinger"


def _forget_old(folder: Path) -> None:
    if not folder.is_dir():
        return
    limit = time.time() - KEPT_SECONDS
    for staged in folder.iterdir():
        if staged.is_dir() and staged.stat().st_mtime < limit:
            shutil.rmtree(staged, ignore_errors=True)


def _clean_name(name: str | None) -> str:
    base = re.sub(r"[^\w.\- ]", "_", Path(name or "arbeidsbok.xlsx").name).strip() or "arbeidsbok.xlsx"
    return base[:100]


def _data_page(request: Request, who, slug: str, status: int = 200, **values):
    with db.session_scope(request.app.state.engine) as session:
        programme = programme_or_404(session, slug)
    return render(
        request,
        "data.html",
        status=status,
        who=who,
        programme=programme,
        page="data",
        title=_("Data – %(name)s") % {"name": programme.name},
        **values,
    )


@router.get("/programmer/{slug}/data")
def data(request: Request, slug: str):
    return _data_page(request, worker(request, slug), slug)


@router.get("/programmer/{slug}/data/arbeidsbok.xlsx")
def download_workbook(request: Request, slug: str):
    worker(request, slug)
    with db.session_scope(request.app.state.engine) as session:
        programme_or_404(session, slug)
    return Response(
        workbooks.workbook_bytes(request.app.state.engine, slug),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{slug}.xlsx"'},
    )


def may_upload(request: Request, slug: str) -> Visitor:
    """Who may upload to `slug`, from the session alone: nothing of the body is read before this says yes
    (signed out: to the sign-in page; without the right: 403)."""
    return worker(request, slug)


async def uploaded_file(request: Request) -> UploadFile | None:
    """The form's file, from the form the CSRF check has read (and the body limit has bounded)."""
    found = (await request.form()).get("fil")
    return found if isinstance(found, UploadFile) else None


def _shown(exc: OmstillingError, path: Path, name: str) -> str:
    """The error as the uploader reads it: their file's name where the library names the staged copy."""
    return user_error(exc).replace(str(path), name)


# The order is the point: who may (the session) → the size declared → the CSRF token (reads the form, the body
# counted as it streams) → the file. FastAPI reads a route's declared form fields before any dependency, so this
# route declares none: the form is read by check_csrf, after the first two.
@router.post(
    "/programmer/{slug}/data/provekjoring",
    dependencies=[Depends(may_upload), Depends(check_declared_size), Depends(check_csrf)],
)
def dry_run(
    request: Request,
    slug: str,
    who: Annotated[Visitor, Depends(may_upload)],
    fil: Annotated[UploadFile | None, Depends(uploaded_file)],
):
    settings = request.app.state.settings
    name = _clean_name(fil.filename if fil else None)
    if fil is None or not fil.filename:
        return _data_page(request, who, slug, status=400, error=_("Velg en arbeidsbok (.xlsx) å laste opp."))
    if not name.lower().endswith(".xlsx"):
        return _data_page(
            request,
            who,
            slug,
            status=400,
            error=_("«%(file)s» er ikke en Excel-arbeidsbok: last opp en .xlsx-fil.") % {"file": name},
        )
    content = fil.file.read(upload_bytes(settings) + 1)
    if len(content) > upload_bytes(settings):
        return _data_page(request, who, slug, status=413, error=str(too_large(settings).detail))
    _forget_old(staging(request))
    token = secrets.token_urlsafe(24)
    folder = staging(request) / token
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    write_atomically(path, content, mode=0o600)  # an upload holds personal data: the server's user only
    try:
        report = workbooks.import_workbook(
            request.app.state.engine,
            path,
            programme=slug,
            may_move_county=who.access.operator,
            name_other_programmes=who.access.operator,
            settings=settings,
        )
    except workbook.WorkbookInvalid as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _data_page(
            request, who, slug, status=422, problems=exc.problems, more=exc.more, error=_shown(exc, path, name)
        )
    except OmstillingError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _data_page(request, who, slug, status=422, error=_shown(exc, path, name))
    return _data_page(request, who, slug, report=report, token=token, filename=name)


@router.post("/programmer/{slug}/data/importer", dependencies=[Depends(check_csrf)])
def confirm(request: Request, slug: str, token: Annotated[str, Form()] = ""):
    who = worker(request, slug)
    folder = staging(request) / token
    files = sorted(folder.glob("*.xlsx")) if TOKEN.match(token) and folder.is_dir() else []
    if not files:
        raise PageError(
            400,
            _("Opplastingen finnes ikke"),
            _(
                "Den kontrollerte filen finnes ikke lenger (allerede importert, eller utløpt). "
                "Last den opp på nytt; ingenting ble endret."
            ),
        )
    try:
        report = workbooks.import_workbook(
            request.app.state.engine,
            files[0],
            programme=slug,
            confirm=True,
            may_move_county=who.access.operator,
            name_other_programmes=who.access.operator,
            settings=request.app.state.settings,
        )
    except workbook.WorkbookInvalid as exc:
        return _data_page(
            request,
            who,
            slug,
            status=422,
            problems=exc.problems,
            more=exc.more,
            error=_shown(exc, files[0], files[0].name),
        )
    except OmstillingError as exc:
        return _data_page(request, who, slug, status=422, error=_shown(exc, files[0], files[0].name))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    flash(
        request,
        ngettext(
            "Importert fra %(file)s: %(n)s ny eller endret rad.",
            "Importert fra %(file)s: %(n)s nye eller endrede rader.",
            report.changes,
        )
        % {"file": files[0].name, "n": report.changes},
    )
    return redirect(f"/programmer/{slug}/data")
