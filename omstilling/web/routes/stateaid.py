"""Bagatellmessig støtte: a programme's de minimis awards, each with its grant letter and the company's declaration
form to download, a blank form, and the awards in the register's fields (Excel, CSV). For the programme's leader,
the county's readers and the operator (`Access.can_see_aid`); the board reads the programme but not this."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from omstilling.app import stateaid, stateaid_documents
from omstilling.core.enums import AuditAction
from omstilling.core.language import _
from omstilling.core.stateaid import eur_text
from omstilling.documents.stateaid import rule_text
from omstilling.errors import NotFound, OmstillingError
from omstilling.store import audit, db
from omstilling.store.models import Programme
from omstilling.web.pages import (
    PageError,
    Visitor,
    check_csrf,
    flash,
    forbidden,
    parse_day,
    parse_year,
    programme_or_404,
    redirect,
    render,
    signed_in,
    user_error,
    worker,
)

router = APIRouter()

LETTER_FORMATS = ("pdf", "docx")
FORM_FORMATS = ("docx", "pdf")
REGISTER_FORMATS = ("xlsx", "csv")
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "csv": "CSV"}


def aid_reader(request: Request, slug: str) -> tuple[Visitor, Programme]:
    """A visitor who may see the programme's state aid, and the programme. Someone who may not read the programme
    at all gets the same refusal as for one that does not exist; a reader who may not see its aid (the board) is
    told who may."""
    who = signed_in(request)
    if not who.access.can_read(slug):
        raise forbidden()
    with db.session_scope(request.app.state.engine) as session:
        programme = programme_or_404(session, slug)
    if not who.access.can_see_aid(slug, programme.county):
        raise PageError(
            403,
            _("Bare for programlederen og fylket"),
            _(
                "Bare programlederen, fylkeskommunens lesere og drift kan se støtten programmet har gitt til foretak, "
                "med tilsagnsbrev, egenerklæringer og eksporten til Registeret for offentlig støtte."
            ),
        )
    return who, programme


def _format(fmt: str, offered: tuple[str, ...]) -> str:
    if fmt not in offered:
        raise PageError(
            404,
            _("Ukjent format"),
            _("Dette dokumentet finnes som %(offered)s.") % {"offered": ", ".join(FORMAT_NAMES[f] for f in offered)},
        )
    return fmt


def _download(request: Request, programme: Programme, made: stateaid_documents.File) -> Response:
    audit.record(
        request.app.state.engine,
        AuditAction.DOCUMENT_DOWNLOADED,
        programme=programme.slug,
        target=made.name,
        detail={"dokument": made.name},
    )
    name = f"{programme.slug}-{made.name}"
    return Response(
        made.data,
        media_type=made.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _refused(exc: OmstillingError) -> PageError:
    status = 404 if isinstance(exc, NotFound) else 400
    return PageError(status, _("Dokumentet ble ikke laget"), str(exc))


@router.get("/programmer/{slug}/stotte")
def aid_page(request: Request, slug: str):
    who, programme = aid_reader(request, slug)
    return aid_page_response(request, who, programme)


def aid_page_response(request: Request, who: Visitor, programme: Programme, status: int = 200, **shown) -> Response:
    """The page, with the form «Registrer støtte» for whoever may record (`stateaid_form`): `shown` the values it
    was sent with and what the ceiling said of them, when it comes back."""
    from omstilling.web.routes.stateaid_form import form_context

    engine = request.app.state.engine
    awards = stateaid.programme_awards(engine, programme.slug)
    rule = stateaid.reporting_rule()
    return render(
        request,
        "stotte.html",
        status=status,
        **form_context(request, who, programme, **shown),
        who=who,
        programme=programme,
        awards=awards,
        several={p for p, n in Counter(a.project for a in awards).items() if n > 1},  # named by their grant dates
        threshold=rule.threshold_eur,
        deadline=rule_text(rule),
        years=sorted({a.granted_on.year for a in awards}, reverse=True),
        letter_formats=[(f, FORMAT_NAMES[f]) for f in LETTER_FORMATS],
        form_formats=[(f, FORMAT_NAMES[f]) for f in FORM_FORMATS],
        register_formats=[(f, FORMAT_NAMES[f]) for f in REGISTER_FORMATS],
        eur=eur_text,
        page="dokumenter",
        title=_("Bagatellmessig støtte – %(name)s") % {"name": programme.name},
    )


@router.get("/programmer/{slug}/stotte/register.{fmt}")
def register_download(request: Request, slug: str, fmt: str, aar: str | None = None):
    _who, programme = aid_reader(request, slug)
    year = parse_year(aar)
    try:
        made = stateaid_documents.register_export(
            request.app.state.engine, programme.slug, _format(fmt, REGISTER_FORMATS), year=year
        )
    except OmstillingError as exc:
        raise _refused(exc) from None
    return _download(request, programme, made)


@router.get("/programmer/{slug}/stotte/tilsagnsbrev.{fmt}")
def letter_download(request: Request, slug: str, fmt: str, prosjekt: str = "", tildelt: str | None = None):
    """The grant letter of a project's award: the one granted on `tildelt` (a project may have several), else its
    latest."""
    _who, programme = aid_reader(request, slug)
    granted = parse_day(tildelt, "tildelt")
    try:
        made = stateaid_documents.grant_letter(
            request.app.state.engine, programme.slug, prosjekt, _format(fmt, LETTER_FORMATS), granted=granted
        )
    except OmstillingError as exc:
        raise _refused(exc) from None
    return _download(request, programme, made)


@router.get("/programmer/{slug}/stotte/egenerklaering.{fmt}")
def form_download(request: Request, slug: str, fmt: str, prosjekt: str | None = None, tildelt: str | None = None):
    _who, programme = aid_reader(request, slug)
    granted = parse_day(tildelt, "tildelt")
    try:
        made = stateaid_documents.declaration_form(
            request.app.state.engine,
            programme.slug,
            _format(fmt, FORM_FORMATS),
            project=prosjekt or None,
            granted=granted,
        )
    except OmstillingError as exc:
        raise _refused(exc) from None
    return _download(request, programme, made)


@router.post("/programmer/{slug}/stotte/rapportert", dependencies=[Depends(check_csrf)])
def mark_reported(
    request: Request, slug: str, prosjekt: Annotated[str, Form()] = "", tildelt: Annotated[str, Form()] = ""
):
    """The programme leader (or the operator) marks a project's award (the one granted on `tildelt`: a project may
    have several) reported to the register today: its deadline on the wheel is done, through the same function as
    `omstilling stotte rapportert`."""
    from omstilling.app.deadlines import mark_reported as reported

    who = worker(request, slug)
    granted = parse_day(tildelt.strip() or None, "tildelt")
    try:
        done = reported(request.app.state.engine, slug, prosjekt, by=who.display_name, granted=granted)
    except OmstillingError as exc:
        flash(request, user_error(exc), "feil")
    else:
        flash(request, done.sentence)
    anchor = f"prosjekt-{prosjekt.strip()}" + (f"-{granted.isoformat()}" if granted else "")
    return redirect(f"/programmer/{slug}/stotte#{anchor}")
