"""Meldinger: what was sent when, to which role, and what failed; addresses only for the operator."""

from __future__ import annotations

from fastapi import APIRouter, Request

from omstilling.store import db
from omstilling.web import views
from omstilling.web.pages import programme_or_404, reader, render

router = APIRouter()


@router.get("/programmer/{slug}/meldinger")
def messages(request: Request, slug: str):
    who = reader(request, slug)
    with db.session_scope(request.app.state.engine) as session:
        programme = programme_or_404(session, slug)
        found = views.messages(session, programme.id)
    return render(
        request,
        "meldinger.html",
        who=who,
        programme=programme,
        messages=found,
        page="meldinger",
        addresses=who.access.sees_addresses,
        title=f"Meldinger – {programme.name}",
    )
