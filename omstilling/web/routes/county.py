"""Fylket: every programme of a county side by side (jobs, companies, leverage, budget use, deadlines missed),
with sums, and the companies near the de minimis ceiling (`app.stateaid_documents.county_near_ceiling`). For the
county's readers and the operator. The table is rendered once for what it was made from (`CountyTable.made_from`:
every programme's row and data revision, the day, the year) and remembered in the process: formatting its hundreds
of figures was most of a warm page's time. The companies near the ceiling are remembered by every programme's
revision and the day (a company's sum counts every programme's awards)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from markupsafe import Markup

from omstilling import clock
from omstilling.app.snapshots import Memory
from omstilling.app.stateaid import ceiling
from omstilling.app.stateaid_documents import county_near_ceiling, installation_revision
from omstilling.core.stateaid import eur_text
from omstilling.store import db
from omstilling.web.pages import ENV, forbidden, not_found, parse_year, render, signed_in

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
    rendered: Memory = request.app.state.rendered
    table_html = rendered.remembered(
        ("fylket", table.made_from), lambda: Markup(ENV.get_template("_fylket_tabell.html").render(table=table))
    )
    # a company's sum counts every programme's awards and declarations: remembered by every programme's revision
    limit = ceiling()
    near = rendered.remembered(
        ("naer-taket", county, today, limit.eur, limit.warning, installation_revision(request.app.state.engine)),
        lambda: county_near_ceiling(request.app.state.engine, county, as_of=today),
    )
    return render(
        request,
        "fylket.html",
        near=near,
        limit=limit,
        rule=limit.for_day(today),
        eur=eur_text,
        who=who,
        county=county,
        asked=year,
        table=table,
        table_html=table_html,
        title=f"Fylket – {county}",
    )
