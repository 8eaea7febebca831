"""Fylket: every programme of a county side by side (jobs, companies, leverage, budget use, deadlines missed),
with sums. For the county's observer and the operator."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlmodel import select

from omstilling import clock, db
from omstilling.load import load_snapshots
from omstilling.models import Programme
from omstilling.web import views
from omstilling.web.pages import forbidden, not_found, parse_year, render, signed_in

router = APIRouter()


@router.get("/fylker/{county}")
def county(request: Request, county: str, aar: str | None = None):
    who = signed_in(request)
    if not who.access.can_see_county(county):
        raise forbidden()
    year = parse_year(aar)
    with db.session_scope(request.app.state.engine) as session:
        programmes = session.exec(select(Programme).where(Programme.county == county)).all()
        if not programmes:
            raise not_found(f"Ingen program hører til «{county}».")
        snapshots = load_snapshots(session, list(programmes), figures_only=True)
    table = views.county_rows(list(snapshots.values()), clock.today(), year)
    return render(request, "fylket.html", who=who, county=county, year=year, title=f"Fylket – {county}", **table)
