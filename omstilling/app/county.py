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

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from omstilling.app.snapshots import Key, Memory
from omstilling.core import figures
from omstilling.core import indicators as ind
from omstilling.core.agenda import agenda
from omstilling.core.periods import status_period
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.store.load import load_snapshots
from omstilling.store.models import Programme
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
    made_from: Key = ()
    """Everything the table was computed from (the county, the day, the year, each programme's key in the
    table's order): the same `made_from`, the same table, so what is made of it may be remembered by it."""


class CountyFigures:
    """Remembers programmes' summaries between requests (bounded, least recently used first out; safe to share
    between threads). One per process: the web app keeps one in its state."""

    def __init__(self, entries: int = 20_000):
        self._memory = Memory(entries)
        self.computed = 0  # summaries computed (not remembered), for tests and the benchmark

    def table(self, session: Session, county: str, today: date, year: int | None = None) -> CountyTable | None:
        """The county's programmes side by side for `year` (default: see the module), or None when no programme
        belongs to `county`."""
        # the programme rows as plain values (what the keys and the table's rows need); a programme is read as a
        # row object only when its snapshot must be loaded
        table: sa.Table = Programme.__table__  # type: ignore[attr-defined]  # SQLModel sets it on the class
        programmes = (
            session.connection()
            .execute(sa.select(*table.columns).where(table.c.county == county).order_by(table.c.name))
            .all()
        )
        if not programmes:
            return None
        ids = [p.id for p in programmes]
        # the revisions first, then the data: a change committed in between only makes the next look compute again
        changed = revisions(session.connection(), ids)
        keys = {p.id: (*map(repr, p), changed[p.id]) for p in programmes}
        snapshots: dict[int, ProgrammeSnapshot] = {}

        def snapshot_of(wanted: list[int]) -> None:
            missing = [pid for pid in wanted if pid not in snapshots]
            if missing:
                rows = session.exec(select(Programme).where(col(Programme.id).in_(missing))).all()
                snapshots.update(load_snapshots(session, list(rows)))

        if year is None:
            defaults = {pid: self._memory.get(("default", keys[pid], today)) for pid in ids}
            snapshot_of([pid for pid in ids if defaults[pid] is None])
            for pid in ids:
                if defaults[pid] is None:
                    chosen = status_period(snapshots[pid], today)
                    defaults[pid] = (chosen.year, chosen.year in snapshots[pid].plan_years())
                    self._memory.put(("default", keys[pid], today), defaults[pid])
            planned = [y for y, has_plan in defaults.values() if has_plan]
            year = max(planned or [y for y, _ in defaults.values()])

        found = {pid: self._memory.get(("summary", keys[pid], today, year)) for pid in ids}
        snapshot_of([pid for pid in ids if found[pid] is None])
        for pid in ids:
            if found[pid] is None:
                snapshot = snapshots[pid]
                as_of = status_period(snapshot, today, year).as_of
                found[pid] = (
                    figures.summary(snapshot, year, as_of),
                    len(agenda(snapshot, year, today, with_missing=False).overdue),
                )
                self._memory.put(("summary", keys[pid], today, year), found[pid])
                self.computed += 1
        rows = [CountyRow(p.slug, p.name, (p.status_start_year, p.status_end_year), *found[p.id]) for p in programmes]
        return CountyTable(
            county,
            year,
            rows,
            totals([row.figures for row in rows]) | {"overdue": sum(r.overdue for r in rows)},
            (county, today, year, *(keys[pid] for pid in ids)),
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
