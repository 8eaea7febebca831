"""The first page after signing in: the programmes and counties the visitor may see."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlmodel import select

from omstilling.store import db
from omstilling.store.models import Programme
from omstilling.web.pages import render, signed_in

router = APIRouter()


@router.get("/")
def home(request: Request):
    who = signed_in(request)
    access = who.access
    with db.session_scope(request.app.state.engine) as session:
        query = select(Programme.slug, Programme.name, Programme.county).order_by(Programme.name)
        if not access.operator:
            query = query.where(Programme.slug.in_(access.reads))
        programmes = session.exec(query).all()
    counties = sorted({county for _, _, county in programmes if access.can_see_county(county)})
    return render(request, "hjem.html", who=who, programmes=programmes, counties=counties, title="Dine program")
