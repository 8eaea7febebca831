"""Data: upload a workbook, see the dry run's changes (or every row-level error), confirm; download the workbook.

An upload is kept in a staging folder under the output folder, named by a random token the confirming form
carries; the real import reads that same file, so what is confirmed is what was checked."""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from omstilling.app import workbooks
from omstilling.errors import OmstillingError
from omstilling.intake import workbook
from omstilling.store import db
from omstilling.store.files import write_atomically
from omstilling.web.pages import (
    PageError,
    check_csrf,
    flash,
    programme_or_404,
    redirect,
    render,
    user_error,
    worker,
)

router = APIRouter()
MAX_BYTES = 10 * 1024 * 1024
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
    return render(request, "data.html", status=status, who=who, programme=programme, page="data",
                  title=f"Data – {programme.name}", **values)


@router.get("/programmer/{slug}/data")
def data(request: Request, slug: str):
    return _data_page(request, worker(request, slug), slug)


@router.get("/programmer/{slug}/data/arbeidsbok.xlsx")
def download_workbook(request: Request, slug: str):
    worker(request, slug)
    with db.session_scope(request.app.state.engine) as session:
        programme_or_404(session, slug)
    return Response(workbooks.workbook_bytes(request.app.state.engine, slug), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{slug}.xlsx"'})


@router.post("/programmer/{slug}/data/provekjoring", dependencies=[Depends(check_csrf)])
def dry_run(request: Request, slug: str, fil: Annotated[UploadFile | None, File()] = None):
    who = worker(request, slug)
    name = _clean_name(fil.filename if fil else None)
    if fil is None or not fil.filename:
        return _data_page(request, who, slug, status=400, error="Velg en arbeidsbok (.xlsx) å laste opp.")
    if not name.lower().endswith(".xlsx"):
        return _data_page(request, who, slug, status=400,
                          error=f"«{name}» er ikke en Excel-arbeidsbok: last opp en .xlsx-fil.")
    content = fil.file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        return _data_page(request, who, slug, status=413, error="Filen er større enn 10 MB; ingenting ble lest.")
    _forget_old(staging(request))
    token = secrets.token_urlsafe(24)
    folder = staging(request) / token
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    write_atomically(path, content, mode=0o600)  # an upload holds personal data: the server's user only
    try:
        report = workbooks.import_workbook(request.app.state.engine, path, programme=slug,
                                           may_move_county=who.access.operator)
    except workbook.WorkbookInvalid as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _data_page(request, who, slug, status=422, problems=exc.problems, error=user_error(exc))
    except OmstillingError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _data_page(request, who, slug, status=422, error=user_error(exc))
    return _data_page(request, who, slug, report=report, token=token, filename=name)


@router.post("/programmer/{slug}/data/importer", dependencies=[Depends(check_csrf)])
def confirm(request: Request, slug: str, token: Annotated[str, Form()] = ""):
    who = worker(request, slug)
    folder = staging(request) / token
    files = sorted(folder.glob("*.xlsx")) if TOKEN.match(token) and folder.is_dir() else []
    if not files:
        raise PageError(400, "Opplastingen finnes ikke",
                        "Den kontrollerte filen finnes ikke lenger (allerede importert, eller utløpt). "
                        "Last den opp på nytt; ingenting ble endret.")
    try:
        report = workbooks.import_workbook(request.app.state.engine, files[0], programme=slug, confirm=True,
                                           may_move_county=who.access.operator)
    except workbook.WorkbookInvalid as exc:
        return _data_page(request, who, slug, status=422, problems=exc.problems, error=user_error(exc))
    except OmstillingError as exc:
        return _data_page(request, who, slug, status=422, error=user_error(exc))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    flash(request, f"Importert fra {files[0].name}: {report.changes} nye eller endrede rader.")
    return redirect(f"/programmer/{slug}/data")
