"""Dokumenter: every document and version, each format to download, and "lag nytt utkast nå"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse

from omstilling.app import drafts
from omstilling.core.enums import AuditAction, AuditOutcome, DocumentKind
from omstilling.errors import OmstillingError
from omstilling.messaging.links import documents_url
from omstilling.store import audit, db
from omstilling.web import views
from omstilling.web.limits import RowId
from omstilling.web.pages import (
    PageError,
    check_csrf,
    flash,
    not_found,
    programme_or_404,
    reader,
    redirect,
    render,
    user_error,
    worker,
)

router = APIRouter()
MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@router.get("/programmer/{slug}/dokumenter")
def documents(request: Request, slug: str):
    who = reader(request, slug)
    with db.session_scope(request.app.state.engine) as session:
        programme = programme_or_404(session, slug)
        found = views.documents(session, programme.id)
    return render(
        request,
        "dokumenter.html",
        who=who,
        programme=programme,
        documents=found,
        kinds=list(DocumentKind),
        page="dokumenter",
        title=f"Dokumenter – {programme.name}",
    )


@router.get("/programmer/{slug}/dokumenter/{record_id}/{filename}")
def download(request: Request, slug: str, record_id: RowId, filename: str):
    reader(request, slug)
    with db.session_scope(request.app.state.engine) as session:
        programme = programme_or_404(session, slug)
        record, path = views.document_file(session, programme.id, record_id)
    if record is None:
        raise not_found("Dokumentet finnes ikke.")
    name = f"{programme.slug}-{record.year}-{record.name}-v{record.version}.{record.format}"
    audit.record(
        request.app.state.engine,
        AuditAction.DOCUMENT_DOWNLOADED,
        programme=programme.slug,
        target=name,
        outcome=AuditOutcome.OK if path else AuditOutcome.FAILED,
        detail={"dokument": record.id, "feil": None if path else "filen er ikke på disken lenger"},
    )
    if path is None:
        raise not_found("Filen er ikke på disken lenger (flyttet eller slettet); lag et nytt utkast.")
    return FileResponse(
        path,
        media_type=MEDIA.get(record.format, "application/octet-stream"),
        filename=name,
        content_disposition_type="attachment",
    )


@router.post("/programmer/{slug}/dokumenter/utkast", dependencies=[Depends(check_csrf)])
def new_draft(request: Request, slug: str, dokument: Annotated[str, Form()] = ""):
    worker(request, slug)
    try:
        kind = DocumentKind(dokument)
    except ValueError:
        raise PageError(400, "Ukjent dokument", f"«{dokument}» er ikke et dokument omstilling lager.") from None
    try:
        report = drafts.write_report(request.app.state.engine, slug, kind)
    except OmstillingError as exc:
        flash(request, f"Utkastet ble ikke laget: {user_error(exc)}", "feil")
        return redirect(documents_url("", slug))
    published = report.published
    if published.changed:
        flash(request, f"Nytt utkast: {kind.label} {report.period.year}, versjon {published.version}.")
    else:
        flash(
            request,
            f"{kind.label[:1].upper() + kind.label[1:]} {report.period.year} er uendret siden versjon "
            f"{published.version}: tallene er de samme, så ingenting nytt ble skrevet.",
        )
    return redirect(documents_url("", slug))
