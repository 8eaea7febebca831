"""Fylket: every programme of a county side by side (jobs, companies, leverage, budget use, deadlines missed),
with sums. For the county's observer and the operator."""

from __future__ import annotations

from fastapi import APIRouter, Request

from omstilling import clock
from omstilling.store import db
from omstilling.web.pages import forbidden, not_found, parse_year, render, signed_in

router = APIRouter()


@router.get("/fylker/{county}")
def county(request: Request, county: str, aar: str | None = None):
    who = signed_in(request)
    if not who.access.can_see_county(county):
        raise forbidden()
    year = parse_year(aar)
    today = clock.today()
    with db.session_scope(request.app.state.engine) as session:
        table = request.app.state.county_figures.table(session, county, today, year)
    if table is None:
        raise not_found(f"Ingen program hører til «{county}».")
    return render(request, "fylket.html", who=who, county=county, asked=year, table=table, title=f"Fylket – {county}")
