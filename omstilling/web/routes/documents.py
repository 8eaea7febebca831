"""Dokumenter: every document by its title and version, each format the visitor may have to download, and «Lag
utkast» for the document, year or meeting and formats the programme leader chooses."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse

from omstilling import clock
from omstilling.app import drafts
from omstilling.core.enums import TEXT_FORMATS, AuditAction, AuditOutcome, DocumentKind
from omstilling.core.language import _
from omstilling.core.periods import MeetingNeeded
from omstilling.core.titles import document_title
from omstilling.errors import OmstillingError
from omstilling.messaging.links import documents_url
from omstilling.store import audit, db
from omstilling.store.load import load_snapshot
from omstilling.web import views
from omstilling.web.limits import RowId
from omstilling.web.pages import (
    PageError,
    check_csrf,
    flash,
    not_found,
    parse_day,
    parse_year,
    programme_or_404,
    reader,
    redirect,
    render,
    user_error,
    worker,
)

router = APIRouter()


def meeting_hint() -> str:
    """How a meeting is chosen here, when a meeting's document needs one (`core.periods.MeetingNeeded`)."""
    return _("velg styremøtet i skjemaet")


MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def not_made(why: object) -> str:
    """A draft refused, and why (the library's sentence)."""
    return _("Utkastet ble ikke laget: %(why)s") % {"why": why}


def kind_of(value: str | None, default: DocumentKind | None = None) -> DocumentKind:
    """The document kind a form or an address names (the default when it names none)."""
    if not value and default is not None:
        return default
    try:
        return DocumentKind(value or "")
    except ValueError:
        raise PageError(
            400, _("Ukjent dokument"), _("«%(value)s» er ikke et dokument omstilling lager.") % {"value": value}
        ) from None


def not_for_you(fmt: str) -> PageError:
    """A format the visitor may not have (the Markdown, for anyone but the operator)."""
    name = views.FORMAT_NAMES.get(fmt, fmt)
    offered = ", ".join(
        views.FORMAT_NAMES[f] for f in views.FORMAT_NAMES if f not in views.OPERATOR_FORMATS and f in TEXT_FORMATS
    )  # (the evaluation's data pack is an Excel workbook too: a format of that one document, not of every document)
    return PageError(
        403,
        _("Ingen tilgang"),
        _(
            "%(format)s-filene er kilden dokumentene lages fra, og bare drift kan hente dem. "
            "Dokumentene finnes som %(offered)s."
        )
        % {"format": name, "offered": offered},
    )


@router.get("/programmer/{slug}/dokumenter")
def documents(
    request: Request, slug: str, dokument: str | None = None, aar: str | None = None, mote: str | None = None
):
    """The page; `dokument` chooses the kind the form is drawn for, `aar` or `mote` the year or meeting it shows
    (the one just drafted)."""
    who = reader(request, slug)
    kind = kind_of(dokument, DocumentKind.ANNUAL_REPORT)
    year, meeting = parse_year(aar), parse_day(mote, "styremøte")
    formats = views.formats_for(who.access)
    with db.session_scope(request.app.state.engine) as session:
        programme = programme_or_404(session, slug)
        found = views.documents(session, programme.id, programme.slug, formats)
        snapshot = load_snapshot(session, programme) if who.access.can_work(slug) else None
    return render(
        request,
        "dokumenter.html",
        who=who,
        programme=programme,
        documents=found,
        draft=(
            views.draft_form(snapshot, kind, clock.today(), formats, year, meeting) if snapshot is not None else None
        ),
        page="dokumenter",
        title=_("Dokumenter – %(name)s") % {"name": programme.name},
    )


@router.get("/programmer/{slug}/dokumenter/{record_id}/{filename}")
def download(request: Request, slug: str, record_id: RowId, filename: str):
    who = reader(request, slug)
    with db.session_scope(request.app.state.engine) as session:
        programme = programme_or_404(session, slug)
        record, path = views.document_file(session, programme.id, record_id)
    if record is None:
        raise not_found(_("Dokumentet finnes ikke."))
    name = f"{programme.slug}-{record.year}-{record.name}-v{record.version}.{record.format}"
    allowed = record.format in views.formats_for(who.access)
    if not allowed:
        outcome, problem = AuditOutcome.REFUSED, "formatet er bare for drift"
    elif path is None:
        outcome, problem = AuditOutcome.FAILED, "filen er ikke på disken lenger"
    else:
        outcome, problem = AuditOutcome.OK, None
    audit.record(
        request.app.state.engine,
        AuditAction.DOCUMENT_DOWNLOADED,
        programme=programme.slug,
        target=name,
        outcome=outcome,
        detail={"dokument": record.id, "feil": problem},
    )
    if not allowed:
        raise not_for_you(record.format)
    if path is None:
        raise not_found(_("Filen er ikke på disken lenger (flyttet eller slettet); lag et nytt utkast."))
    return FileResponse(
        path,
        media_type=MEDIA.get(record.format, "application/octet-stream"),
        filename=name,
        content_disposition_type="attachment",
    )


@router.post("/programmer/{slug}/dokumenter/utkast", dependencies=[Depends(check_csrf)])
def new_draft(
    request: Request,
    slug: str,
    dokument: Annotated[str, Form()] = "",
    valgt: Annotated[str, Form()] = "",
    aar: Annotated[str, Form()] = "",
    mote: Annotated[str, Form()] = "",
    format: Annotated[list[str] | None, Form()] = None,
):
    """One draft: `dokument` the kind, `aar` the year (a year's document) or `mote` the meeting (a meeting's),
    `format` each format ticked. `valgt` is the kind the form was drawn for: a form drawn for another kind (a
    browser without JavaScript, whose fields did not follow the choice) first shows the fields of this one."""
    who = worker(request, slug)
    kind = kind_of(dokument)
    back = f"{documents_url('', slug)}?dokument={kind.value}"
    if valgt and valgt != kind.value:
        choose = (
            _("Velg styremøte og formater for %(kind)s, og lag utkastet.")
            if kind.for_meeting
            else _("Velg år og formater for %(kind)s, og lag utkastet.")
        )
        flash(request, choose % {"kind": kind.label})
        return redirect(back)
    allowed = views.formats_for(who.access)
    if format is None and not valgt:  # no form of the page's: the kind's default, as far as the visitor may have it
        formats = [f for f in kind.default_formats if f in allowed]
    else:
        formats = [f for f in format or [] if f]
        refused = [f for f in formats if f in views.OPERATOR_FORMATS and f not in allowed]
        if refused:
            raise not_for_you(refused[0])
        if not formats:
            flash(request, _("Utkastet ble ikke laget: kryss av for minst ett format."), "feil", field="format")
            return redirect(back)
    # a meeting's document names its meeting, a year's its year (the form preselects what the documents' own
    # defaults choose; a field left out leaves the choice to them)
    meeting = parse_day(mote, "styremøte") if kind.for_meeting else None
    year = None if kind.for_meeting else parse_year(aar)
    try:
        report = drafts.write_report(
            request.app.state.engine, slug, kind, year=year, meeting_date=meeting, formats=formats
        )
    except MeetingNeeded as exc:
        flash(request, not_made(exc.with_hint(meeting_hint())), "feil", field="mote")
        return redirect(back)
    except OmstillingError as exc:
        flash(request, not_made(user_error(exc)), "feil")
        return redirect(back)
    published = report.published
    period = report.period
    back += f"&mote={period.meeting_date.isoformat()}" if period.meeting_date else f"&aar={period.year}"
    title = document_title(kind, period.year, period.meeting_date)
    if published.changed:
        flash(
            request, _("Nytt utkast: %(title)s, versjon %(version)s.") % {"title": title, "version": published.version}
        )
    else:
        flash(
            request,
            _("%(title)s er uendret siden versjon %(version)s: tallene er de samme, så ingenting nytt ble skrevet.")
            % {"title": title, "version": published.version},
        )
    return redirect(back)
