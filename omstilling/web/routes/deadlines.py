"""Frister: the year's deadlines; one deadline's page (the address e-mail reminders link to, built by
`omstilling.messaging.links.deadline_url`) with its reminder ladder, and marking it done, skipped or open again."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request

from omstilling import clock
from omstilling.app.deadlines import mark_deadline
from omstilling.core import texts
from omstilling.core.enums import DeadlineStatus
from omstilling.core.language import _
from omstilling.core.periods import ended_note, seen_period
from omstilling.core.reminders import deadline_document
from omstilling.errors import InputError, NotFound, OmstillingError
from omstilling.messaging.links import deadline_url
from omstilling.store import db
from omstilling.store.load import load_snapshot
from omstilling.web import views
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
from omstilling.web.routes.texts import texts_url
from omstilling.wheel.deadlines import NOTE_LIMIT

router = APIRouter()
ACTIONS = {"utfort": DeadlineStatus.DONE, "hopp-over": DeadlineStatus.SKIPPED, "apne": DeadlineStatus.OPEN}


@router.get("/programmer/{slug}/frister")
def deadlines(request: Request, slug: str, aar: str | None = None, dag: str | None = None):
    who = reader(request, slug)
    with db.session_scope(request.app.state.engine) as session:
        snapshot = load_snapshot(session, programme_or_404(session, slug))
    today = clock.today_in(snapshot.timezone)
    day = parse_day(dag)
    chosen = seen_period(snapshot, today, parse_year(aar), day)
    return render(
        request,
        "frister.html",
        who=who,
        programme=snapshot,
        period=chosen,
        ended=ended_note(snapshot, today, chosen.year),
        seen=views.seen_query(day),
        page="frister",
        rows=views.year_items(snapshot, chosen.year, chosen.as_of),
        title=_("Frister – %(name)s") % {"name": snapshot.name},
    )


def _page(
    request: Request,
    who,
    slug: str,
    event_key: str,
    year: int,
    occurrence: int,
    status: int = 200,
    error: str | None = None,
    note: str = "",
    note_wrong: bool = False,
    day: date | None = None,
):
    with db.session_scope(request.app.state.engine) as session:
        snapshot = load_snapshot(session, programme_or_404(session, slug))
        today = clock.today_in(snapshot.timezone)
        as_of = day or today
        row = views.find_item(snapshot, event_key, year, occurrence, as_of)
        if row is None:
            raise not_found(
                _("%(name)s har ingen frist «%(key)s» nr. %(number)s i %(year)s.")
                % {"name": snapshot.name, "key": event_key, "number": occurrence, "year": year}
            )
        ladder = views.ladder(session, snapshot, row, as_of)
    document = deadline_document(snapshot, row.occurrence) if row.occurrence is not None else None
    own_words = (
        texts_url("", slug, document.kind, document.year, document.meeting_date)
        if document is not None and texts.sections(document.kind)
        else None
    )
    return render(
        request,
        "frist.html",
        status=status,
        who=who,
        programme=snapshot,
        row=row,
        as_of=as_of,
        seen=as_of != today,
        ladder=ladder,
        record=row.record,
        error=error,
        note=note,
        note_wrong=note_wrong,
        note_limit=NOTE_LIMIT,
        own_words=own_words,
        page="frister",
        title=f"{row.title} – {snapshot.name}",
    )


@router.get("/programmer/{slug}/frister/{event_key}/{year}/{occurrence}")
def deadline(request: Request, slug: str, event_key: str, year: int, occurrence: int, dag: str | None = None):
    who = reader(request, slug)
    return _page(request, who, slug, event_key, year, occurrence, day=parse_day(dag))


@router.post("/programmer/{slug}/frister/{event_key}/{year}/{occurrence}", dependencies=[Depends(check_csrf)])
def mark(
    request: Request,
    slug: str,
    event_key: str,
    year: int,
    occurrence: int,
    handling: Annotated[str, Form()] = "",
    notat: Annotated[str, Form()] = "",
):
    who = worker(request, slug)
    status = ACTIONS.get(handling)
    if status is None:
        raise PageError(400, _("Ukjent handling"), _("Velg utført, hopp over eller åpne igjen."))
    note = notat.strip()
    try:
        marked = mark_deadline(
            request.app.state.engine,
            slug,
            event_key,
            year,
            status,
            by=who.display_name,
            note=note,
            occurrence=occurrence,
        )
    except NotFound as exc:
        raise not_found(user_error(exc)) from None
    except OmstillingError as exc:
        # the note is marked invalid when the refusal is about it (too long, control characters), not when the
        # deadline was marked meanwhile
        about_note = isinstance(exc, InputError) and any(p.field == "merknad" for p in exc.problems)
        return _page(
            request,
            who,
            slug,
            event_key,
            year,
            occurrence,
            status=409,
            error=user_error(exc),
            note=note,
            note_wrong=about_note,
        )
    flash(request, marked.sentence)
    return redirect(deadline_url("", slug, event_key, year, occurrence))
