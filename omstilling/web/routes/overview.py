"""Oversikt: the wheel picture, the next deadlines with what is still missing, quotas, open deviations."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from omstilling import clock
from omstilling.app.snapshots import Made, Snapshots
from omstilling.core.language import _
from omstilling.core.periods import ended_note, seen_period
from omstilling.store import db
from omstilling.web import views
from omstilling.web.pages import parse_day, parse_year, programme_or_404, reader, render

router = APIRouter()
PICTURES_KEPT = 32


def snapshot_of(request: Request, slug: str) -> Made:
    """The programme's snapshot, remembered in this process while nothing it is made of changes
    (`omstilling.app.snapshots`)."""
    snapshots: Snapshots = request.app.state.snapshots
    with db.session_scope(request.app.state.engine) as session:
        return snapshots.of(session, programme_or_404(session, slug))


@router.get("/programmer/{slug}")
def overview(request: Request, slug: str, aar: str | None = None, dag: str | None = None):
    who = reader(request, slug)
    made = snapshot_of(request, slug)
    snapshot = made.snapshot
    today = clock.today_in(snapshot.timezone)
    day = parse_day(dag)
    chosen = seen_period(snapshot, today, parse_year(aar), day)
    snapshots: Snapshots = request.app.state.snapshots
    shown = snapshots.derived(
        "oversikt",
        made,
        chosen.year,
        chosen.as_of,
        compute=lambda: views.overview(snapshot, chosen.year, chosen.as_of),
    )
    return render(
        request,
        "oversikt.html",
        who=who,
        programme=snapshot,
        period=chosen,
        ended=ended_note(snapshot, today, chosen.year),
        seen=views.seen_query(day),
        page="oversikt",
        title=_("Oversikt – %(name)s") % {"name": snapshot.name},
        **shown,
    )


@router.get("/programmer/{slug}/hjul.svg")
def wheel_picture(request: Request, slug: str, aar: str | None = None, dag: str | None = None):
    """The wheel drawn (SVG), kept in memory per programme, year, day and what it shows."""
    reader(request, slug)
    snapshot = snapshot_of(request, slug).snapshot
    chosen = seen_period(snapshot, clock.today_in(snapshot.timezone), parse_year(aar), parse_day(dag))
    key = (
        slug,
        chosen.year,
        chosen.as_of,
        snapshot.name,
        snapshot.deadlines,
        snapshot.meetings,
        snapshot.wheel_events,
        snapshot.quotas,
        snapshot.closed_days,
        snapshot.language,  # its words are the programme's målform
    )
    cache: dict = request.app.state.wheel_pictures
    svg = cache.get(key)
    if svg is None:
        from omstilling.wheel.picture import draw_wheel

        with tempfile.TemporaryDirectory() as folder:
            svg = draw_wheel(snapshot, chosen.year, Path(folder) / "hjul.svg", as_of=chosen.as_of).read_bytes()
        if len(cache) >= PICTURES_KEPT:
            with contextlib.suppress(StopIteration, RuntimeError):  # another request evicting at the same time
                cache.pop(next(iter(cache)), None)
        cache[key] = svg
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=60"})
