"""Programleders tekst: the sections of one document the programme leader writes in their own words (summary,
qualitative goals, deviations, the way forward), written here and kept across regenerations; read-only for those
who only read the programme. The rules are `omstilling.app.texts`'s."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request

from omstilling.app import texts
from omstilling.core import texts as core_texts
from omstilling.core.enums import DocumentKind, TextSection
from omstilling.core.language import _
from omstilling.errors import InputError, NotFound, OmstillingError
from omstilling.store import db
from omstilling.web.pages import (
    PageError,
    Visitor,
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


def texts_url(base: str, slug: str, kind: DocumentKind, year: int, meeting_date: date | None = None) -> str:
    """The page of a document's texts (a board pack's are its board report's: the address names where they are
    kept)."""
    where = core_texts.home(kind, year, meeting_date)
    query = f"?mote={meeting_date.isoformat()}" if where.kind.for_meeting and meeting_date else ""
    return f"{base}/programmer/{quote(slug)}/tekster/{where.kind.value}/{where.year}{query}"


def _kind(value: str) -> DocumentKind:
    try:
        kind = DocumentKind(value)
    except ValueError:
        raise not_found(_("«%(value)s» er ikke et dokument omstilling lager.") % {"value": value}) from None
    if not core_texts.sections(kind):
        raise not_found(
            _("%(kind)s har ingen tekst programlederen skriver selv.")
            % {"kind": kind.label[:1].upper() + kind.label[1:]}
        )
    return kind


def _year(value: str) -> int:
    year = parse_year(value)
    if year is None:
        raise not_found()
    return year


def _page(
    request: Request,
    who: Visitor,
    slug: str,
    kind: DocumentKind,
    year: int,
    meeting_date: date | None,
    *,
    status: int = 200,
    typed: dict[TextSection, str] | None = None,
    errors: dict[str, str] | None = None,
    general: list[str] | None = None,
):
    with db.session_scope(request.app.state.engine) as session:
        programme = programme_or_404(session, slug)
    try:
        document = texts.document_texts(request.app.state.engine, slug, kind, year, meeting_date=meeting_date)
    except OmstillingError as exc:  # a year outside the status period, a cancelled meeting, none that day
        raise not_found(user_error(exc)) from None
    shown = {s.section for s in document.sections}  # what was typed stays in the form, section by section
    sections = document.sections + tuple(
        texts.SectionText(s, "", None, None, needed=False)
        for s in core_texts.sections(kind)
        if s in (typed or {}) and s not in shown
    )
    return render(
        request,
        "tekster.html",
        status=status,
        who=who,
        programme=programme,
        document=document,
        sections=sections,
        typed={s.value: body for s, body in (typed or {}).items()},
        marks={s.section.value: texts.loaded_mark(s.body) for s in sections},
        errors=errors or {},
        general=general or [],
        limit=texts.BODY_LIMIT,
        can_write=who.access.can_work(programme.slug),
        page=None,
        title=_("Programleders tekst: %(title)s – %(name)s") % {"title": document.title, "name": programme.name},
    )


@router.get("/programmer/{slug}/tekster/{kind}/{year}")
def document_texts(request: Request, slug: str, kind: str, year: str, mote: str | None = None):
    who = reader(request, slug)
    chosen, which, meeting_date = _kind(kind), _year(year), parse_day(mote, "møte")
    where = core_texts.home(chosen, which, meeting_date)
    if where.kind is not chosen or (chosen.for_meeting and meeting_date is None):
        # the board pack's texts are its board report's; a meeting's document names its meeting in the address
        try:
            found = texts.document_texts(request.app.state.engine, slug, chosen, which, meeting_date=meeting_date)
        except OmstillingError as exc:  # no such programme, no meeting that year
            raise not_found(user_error(exc)) from None
        return redirect(texts_url("", slug, found.kind, found.year, found.meeting_date))
    return _page(request, who, slug, chosen, which, meeting_date)


@router.post("/programmer/{slug}/tekster/{kind}/{year}", dependencies=[Depends(check_csrf)])
def write(
    request: Request,
    slug: str,
    kind: str,
    year: str,
    mote: str | None = None,
    sammendrag: Annotated[str | None, Form()] = None,
    kvalitative_mal: Annotated[str | None, Form(alias="kvalitative-mal")] = None,
    avvik: Annotated[str | None, Form()] = None,
    veien_videre: Annotated[str | None, Form(alias="veien-videre")] = None,
    lastet_sammendrag: Annotated[str | None, Form(alias="lastet-sammendrag")] = None,
    lastet_kvalitative_mal: Annotated[str | None, Form(alias="lastet-kvalitative-mal")] = None,
    lastet_avvik: Annotated[str | None, Form(alias="lastet-avvik")] = None,
    lastet_veien_videre: Annotated[str | None, Form(alias="lastet-veien-videre")] = None,
):
    who = worker(request, slug)
    chosen, which, meeting_date = _kind(kind), _year(year), parse_day(mote, "møte")
    if chosen.for_meeting and meeting_date is None:  # the page's own form always names its meeting
        raise PageError(
            400, _("Hvilket styremøte?"), _("Teksten til et styremøtes papirer må si hvilket møte den gjelder.")
        )
    marks = {
        TextSection.SUMMARY: lastet_sammendrag,
        TextSection.QUALITATIVE: lastet_kvalitative_mal,
        TextSection.DEVIATIONS: lastet_avvik,
        TextSection.WAY_FORWARD: lastet_veien_videre,
    }
    loaded: dict[TextSection | str, str] = {s: mark for s, mark in marks.items() if mark is not None}
    sent = {
        TextSection.SUMMARY: sammendrag,
        TextSection.QUALITATIVE: kvalitative_mal,
        TextSection.DEVIATIONS: avvik,
        TextSection.WAY_FORWARD: veien_videre,
    }
    bodies: dict[TextSection | str, str] = {s: body for s, body in sent.items() if body is not None}
    try:
        saved = texts.write_texts(
            request.app.state.engine,
            slug,
            chosen,
            which,
            bodies,
            by=who.display_name,
            meeting_date=meeting_date,
            loaded=loaded,
        )
    except NotFound as exc:
        raise not_found(user_error(exc)) from None
    except InputError as exc:
        by_label = {s.label: s.value for s in core_texts.sections(chosen)}
        errors: dict[str, str] = {}
        general: list[str] = []
        for problem in exc.problems:
            field = by_label.get(problem.field)
            if field is not None and field in {s.value for s, body in sent.items() if body is not None}:
                errors[field] = problem.message
            else:
                general.append(str(problem))
        typed = {s: body for s, body in sent.items() if body is not None}
        return _page(
            request, who, slug, chosen, which, meeting_date, status=400, typed=typed, errors=errors, general=general
        )
    except OmstillingError as exc:
        typed = {s: body for s, body in sent.items() if body is not None}
        return _page(
            request, who, slug, chosen, which, meeting_date, status=409, typed=typed, general=[user_error(exc)]
        )
    flash(request, saved.sentence)
    return redirect(texts_url("", slug, saved.document.kind, saved.document.year, saved.document.meeting_date))
