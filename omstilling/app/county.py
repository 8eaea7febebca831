"""The county's side-by-side: every programme of a county for one year, with sums.

Each programme's figures are `core.figures.summary` of its snapshot, with the count of the year's deadlines
overdue today from its agenda (`core.agenda`, as the programme's own pages see it, not from rows a daily tick
happened to write), remembered by what they were computed from:
the programme's row, its data revision (counted by the database on every change, see `omstilling.store.revision`),
the day and the year. Loading a hundred snapshots takes about half a second; a page whose programmes have not
changed since it was last shown reads only the programme rows. Programmes that changed (or a new day) are
loaded again, alone.

All rows share one year, so the sums add like with like: the year asked for, or else the newest of the
programmes' own default years (`core.periods.status_period`: the last year up to today, within the status period,
that has an action plan) among those that have a plan for it (a programme without any plan does not pull the
county to an empty year). Each programme is seen from today, or from the end of the year or of its status period
if that came first."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from omstilling.core import figures
from omstilling.core import indicators as ind
from omstilling.core.agenda import agenda
from omstilling.core.periods import status_period
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.store.load import load_snapshots
from omstilling.store.models import Programme
from omstilling.store.models.base import stored_id
from omstilling.store.revision import revisions


@dataclass(frozen=True)
class CountyRow:
    slug: str
    name: str
    status_years: tuple[int, int]
    figures: dict[str, Any]
    overdue: int
    """The year's deadlines overdue on the programme's day, counted from its agenda (`core.agenda`)."""

    @property
    def in_status_period(self) -> bool:
        year: int = self.figures["year"]
        return self.status_years[0] <= year <= self.status_years[1]


@dataclass(frozen=True)
class CountyTable:
    county: str
    year: int
    rows: list[CountyRow]
    totals: dict[str, Any]


Key = tuple[object, ...]
"""What a remembered value was computed from (see `_programme_key`)."""


def _programme_key(programme: Programme, revision: int) -> Key:
    """What the figures depend on: the programme's own row, and the revision of the rows under it."""
    return (*(repr(getattr(programme, column.key)) for column in sa.inspect(Programme).columns), revision)


class CountyFigures:
    """Remembers programmes' summaries between requests (bounded, least recently used first out; safe to share
    between threads). One per process: the web app keeps one in its state."""

    def __init__(self, entries: int = 20_000):
        self._entries = entries
        self._memory: OrderedDict[Key, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.computed = 0  # summaries computed (not remembered), for tests and the benchmark

    def _get(self, key: Key) -> Any:
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
        return None

    def _put(self, key: Key, value: Any) -> None:
        with self._lock:
            self._memory[key] = value
            self._memory.move_to_end(key)
            while len(self._memory) > self._entries:
                self._memory.popitem(last=False)

    def table(self, session: Session, county: str, today: date, year: int | None = None) -> CountyTable | None:
        """The county's programmes side by side for `year` (default: see the module), or None when no programme
        belongs to `county`."""
        programmes = session.exec(select(Programme).where(Programme.county == county).order_by(Programme.name)).all()
        if not programmes:
            return None
        # the revisions first, then the data: a change committed in between only makes the next look compute again
        changed = revisions(session.connection(), [stored_id(p) for p in programmes])
        keys = {stored_id(p): _programme_key(p, changed[stored_id(p)]) for p in programmes}
        snapshots: dict[int, ProgrammeSnapshot] = {}

        def snapshot_of(wanted: list[Programme]) -> None:
            missing = [p for p in wanted if stored_id(p) not in snapshots]
            if missing:
                snapshots.update(load_snapshots(session, missing))

        if year is None:
            defaults = {stored_id(p): self._get(("default", keys[stored_id(p)], today)) for p in programmes}
            snapshot_of([p for p in programmes if defaults[stored_id(p)] is None])
            for p in programmes:
                if defaults[stored_id(p)] is None:
                    chosen = status_period(snapshots[stored_id(p)], today)
                    defaults[stored_id(p)] = (chosen.year, chosen.year in snapshots[stored_id(p)].plan_years())
                    self._put(("default", keys[stored_id(p)], today), defaults[stored_id(p)])
            planned = [y for y, has_plan in defaults.values() if has_plan]
            year = max(planned or [y for y, _ in defaults.values()])

        found = {stored_id(p): self._get(("summary", keys[stored_id(p)], today, year)) for p in programmes}
        snapshot_of([p for p in programmes if found[stored_id(p)] is None])
        for p in programmes:
            if found[stored_id(p)] is None:
                snapshot = snapshots[stored_id(p)]
                as_of = status_period(snapshot, today, year).as_of
                found[stored_id(p)] = (
                    figures.summary(snapshot, year, as_of),
                    len(agenda(snapshot, year, today, with_missing=False).overdue),
                )
                self._put(("summary", keys[stored_id(p)], today, year), found[stored_id(p)])
                self.computed += 1
        rows = [
            CountyRow(p.slug, p.name, (p.status_start_year, p.status_end_year), *found[stored_id(p)])
            for p in programmes
        ]
        return CountyTable(
            county, year, rows, totals([row.figures for row in rows]) | {"overdue": sum(r.overdue for r in rows)}
        )


def totals(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """The sums of programmes' summaries of the same year; the ratios are of the sums, not sums of ratios."""
    sums = {
        "new": sum(f["jobs"]["new"] for f in summaries),
        "secured": sum(f["jobs"]["secured"] for f in summaries),
        "jobs": sum(f["jobs"]["total"] for f in summaries),
        "companies": sum(f["companies"] for f in summaries),
        "total_budget": sum(f["leverage"]["total_budget"] for f in summaries),
        "support": sum(f["leverage"]["support"] for f in summaries),
        "projects": sum(f["budget"]["projects"] for f in summaries),
        "granted": sum(f["budget"]["granted"] for f in summaries),
        "paid": sum(f["budget"]["paid"] for f in summaries),
    }
    sums["ratio"] = ind.Leverage(sums["total_budget"], sums["support"]).ratio
    sums["share"] = ind.Share(sums["granted"], sums["projects"]).percent
    return sums
