"""Meldinger: every message of the programme — reminders and alerts about a deadline, calendar invitations,
notices and corrections about a meeting (linked to its page) — what was planned and sent when, to whom (name and
role) and what failed; addresses only for the operator. Filtered by kind with a plain GET form (`?type=`)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from omstilling.core.enums import MessageKind
from omstilling.core.language import _
from omstilling.store import db
from omstilling.web import views
from omstilling.web.pages import PageError, programme_or_404, reader, render

router = APIRouter()


def message_kind(value: str | None) -> MessageKind | None:
    """The kind `?type=` names (its value, as the form's options carry it); none for every kind."""
    if not value:
        return None
    for kind in MessageKind:
        if kind.value == value:
            return kind
    raise PageError(400, _("Ukjent type melding"), _("«%(value)s» er ikke en type melding.") % {"value": value})


@router.get("/programmer/{slug}/meldinger")
def messages(request: Request, slug: str, kind: str | None = Query(None, alias="type")):
    who = reader(request, slug)
    chosen = message_kind(kind)
    with db.session_scope(request.app.state.engine) as session:
        programme = programme_or_404(session, slug)
        found = views.messages(session, programme, chosen)
    return render(
        request,
        "meldinger.html",
        who=who,
        programme=programme,
        messages=found["rows"],
        total=found["total"],
        limit=found["limit"],
        kinds=views.message_kind_choices(),
        chosen=chosen,
        page="meldinger",
        addresses=who.access.sees_addresses,
        title=_("Meldinger – %(name)s") % {"name": programme.name},
    )
