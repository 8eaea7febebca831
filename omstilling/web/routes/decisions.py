"""Vedtak: the decisions register (`omstilling.core.decisions`), newest meeting first, searchable by free text
and filtered by year and by follow-up; each follow-up's state in the agenda's words, each meeting's documents
linked on Dokumenter. Seen from a day (`?dag=`) like the other pages. A GET form: it works without JavaScript."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from sqlmodel import Session

from omstilling import clock
from omstilling.core import decisions
from omstilling.core.language import _
from omstilling.core.periods import seen_period
from omstilling.core.titles import meeting_named
from omstilling.store import db, records
from omstilling.store.load import load_snapshot
from omstilling.store.models.base import stored_id
from omstilling.web import views
from omstilling.web.pages import PageError, parse_day, parse_year, programme_or_404, reader, render

router = APIRouter()
SEARCH_LIMIT = 200
"""The longest free-text search the page takes (a search is a few words)."""


def follow_up_filter(value: str | None) -> decisions.FollowUpFilter | None:
    if not value:
        return None
    found = decisions.FollowUpFilter.named(value)
    if found is None:
        raise PageError(400, _("Ukjent filter"), _("«%(value)s» er ikke et valg for oppfølging.") % {"value": value})
    return found


def meeting_documents(session: Session, programme_id: int) -> dict[date, list[dict[str, Any]]]:
    """Each meeting's documents on Dokumenter (by the meeting their name names): the kind in words and the anchor
    of its section there."""
    found: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for document in records.history(session, programme_id):
        meeting = meeting_named(document.kind, document.name)
        if meeting is not None:
            found[meeting].append({"label": document.kind.label, "anchor": f"dok-{document.year}-{document.name}"})
    return found


@router.get("/programmer/{slug}/vedtak")
def decisions_page(
    request: Request,
    slug: str,
    sok: str | None = None,
    aar: str | None = None,
    oppfolging: str | None = None,
    dag: str | None = None,
):
    who = reader(request, slug)
    words = (sok or "").strip()
    if len(words) > SEARCH_LIMIT:
        raise PageError(400, _("For langt søk"), _("Søket kan være på høyst %(n)s tegn.") % {"n": SEARCH_LIMIT})
    year, chosen_filter, day = parse_year(aar), follow_up_filter(oppfolging), parse_day(dag)
    with db.session_scope(request.app.state.engine) as session:
        programme = programme_or_404(session, slug)
        snapshot = load_snapshot(session, programme)
        documents = meeting_documents(session, stored_id(programme))
    today = clock.today_in(snapshot.timezone)
    period = seen_period(snapshot, today, None, day)
    everything = decisions.register(snapshot, period.as_of)
    rows = decisions.search(everything, words, year, chosen_filter)
    return render(
        request,
        "vedtak.html",
        who=who,
        programme=snapshot,
        period=period,
        seen=views.seen_query(day),
        rows=rows,
        total=len(everything),
        years=decisions.years(everything),
        filters=list(decisions.FollowUpFilter),
        chosen={"sok": words, "aar": year, "oppfolging": chosen_filter.slug if chosen_filter else "", "dag": day},
        documents=documents,
        page="vedtak",
        title=_("Vedtak – %(name)s") % {"name": snapshot.name},
    )
