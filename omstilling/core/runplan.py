"""The årshjul as scheduled runs (pure): which report runs should stand in Prefect, seen from a day, for the
next twelve months. The database stays the one source; the tick makes Prefect mirror this plan (flows/kjoreplan.py).

A run is planned for every draft of the wheel (`core.tick.drafts`: the same days the tick has always used) that
is not written yet and whose time has not passed: on its draft day at `DRAFT_TIME` (before the daily tick at
06.30, so the day's reminders find the draft), or on the day seen from when the draft day is behind it (a
catch-up: the run stands due at once). Its key is the document's identity (programme, kind, year, and a board
pack's meeting date), so a second plan names the same runs, and a changed rule moves a run instead of adding one.

What stands in Prefect is a morning's drafts, not one run per document (`morning_runs`): the documents due at the
same time are written one after another in one run, so a worker's process pays its start once for many documents
instead of once for each. A programme's documents of a morning stay together in one run; the programmes of a
busy morning are shared out over `lanes` runs (as many as the work pool runs at once), the most documents first,
each to the run with the fewest so far. A morning run's key is its time and its documents (so a second plan names
the same runs, and a changed morning is another run); each document keeps its own key (`run_key`), record and
exactly-once guarantee: the run writes only what is not written yet, and every document is a task of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from omstilling.core.enums import DocumentKind
from omstilling.core.snapshot import ProgrammeSnapshot, WheelEventData
from omstilling.core.tick import drafts
from omstilling.core.wheel.rules import years_around

DRAFT_TIME = time(6, 0)
HORIZON_DAYS = 365
WHEEL_TAG = "årshjul"
MORNING_TAG = "morgen"
MORNING_LANES = 2
"""How many runs a busy morning is shared out over when the work pool sets no limit of its own."""


def run_title(title: str, *parts: object) -> str:
    """A run's name in the UI: "Årsrapport · 2014 · vestre-toten", leaving out what was not given."""
    shown = [str(p) for p in parts if p not in (None, "")]
    return " · ".join([title, *shown]) if shown else title


@dataclass(frozen=True)
class PlannedRun:
    """One report run the wheel wants standing: which flow (by kind), when, with which parameters, under which
    name, tags and key."""

    programme: str
    kind: DocumentKind
    year: int
    day: date
    start: datetime
    parameters: dict[str, object]
    key: str
    name: str
    tags: tuple[str, ...]
    reason: str

    @property
    def document(self) -> MorningDocument:
        """The document this run drafts, as a morning run names it."""
        meeting = self.parameters.get("meeting_date")
        return MorningDocument(
            self.programme,
            self.kind,
            self.year,
            date.fromisoformat(str(meeting)) if meeting else None,
            date.fromisoformat(str(self.parameters["as_of"])),
        )


@dataclass(frozen=True)
class MorningDocument:
    """One document of a morning run: which programme, kind and year (or board meeting), seen from which day.
    `entry` is how a run's parameters carry it (JSON), `of` reads it back."""

    programme: str
    kind: DocumentKind
    year: int
    meeting_date: date | None
    as_of: date

    @property
    def key(self) -> str:
        return run_key(self.programme, self.kind, self.year, self.meeting_date)

    @property
    def title(self) -> str:
        """«Årsrapport · 2014 · vestre-toten»: the name its own run had."""
        return run_title(self.kind.label.capitalize(), self.meeting_date or self.year, self.programme)

    def entry(self) -> dict[str, object]:
        about: dict[str, object] = (
            {"meeting_date": self.meeting_date.isoformat()} if self.meeting_date else {"year": self.year}
        )
        return {"programme": self.programme, "kind": self.kind.value} | about | {"as_of": self.as_of.isoformat()}

    @classmethod
    def of(cls, entry: Mapping[str, object]) -> MorningDocument:
        """A document from a run's parameters (a `KeyError` or `ValueError` when it is not one)."""
        meeting = entry.get("meeting_date")
        meeting_date = date.fromisoformat(str(meeting)) if meeting else None
        year = meeting_date.year if meeting_date else int(str(entry["year"]))
        return cls(
            str(entry["programme"]),
            DocumentKind(str(entry["kind"])),
            year,
            meeting_date,
            date.fromisoformat(str(entry["as_of"])),
        )

    def planned(self, day: date, start: datetime, reason: str = "") -> PlannedRun:
        """The document as a planned run at `start` (a morning's document kept as it stood: see `morning_runs`)."""
        parameters: dict[str, object] = {"programme": self.programme}
        if self.meeting_date:
            parameters["meeting_date"] = self.meeting_date.isoformat()
        else:
            parameters["year"] = self.year
        parameters |= {"as_of": self.as_of.isoformat(), "only_if_missing": True}
        return PlannedRun(
            self.programme,
            self.kind,
            self.year,
            day,
            start,
            parameters,
            self.key,
            self.title,
            (WHEEL_TAG, self.programme, self.kind.value),
            reason,
        )


def document_formats(kind: DocumentKind, formats: Iterable[str] | None) -> list[str] | None:
    """The formats a scheduled draft is written in: those the tick was given, except for a document with formats of
    its own (the board pack: PDF; the draft minutes: Word), which keeps them (None: the document's default)."""
    chosen = list(formats or [])
    return chosen if chosen and not kind.has_own_formats else None


@dataclass(frozen=True)
class MorningRun:
    """One scheduled run of a morning's drafts: the documents of one or more programmes due at `start`, written one
    after another in one process (one task each). `part` of `parts`: the morning's runs at that time."""

    day: date
    start: datetime
    documents: tuple[MorningDocument, ...]
    part: int
    parts: int
    key: str
    name: str
    tags: tuple[str, ...]
    parameters: dict[str, object]

    @property
    def programmes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.programme for d in self.documents))


def morning_key(start: datetime, documents: Iterable[MorningDocument]) -> str:
    """A morning run's idempotency key: its day, and a digest of its time and its documents' keys (in any order)."""
    text = "\n".join([start.isoformat(), *sorted(d.key for d in documents)])
    return f"arshjul/{MORNING_TAG}/{start.date().isoformat()}/{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def morning_runs(planned: Iterable[PlannedRun], lanes: int = MORNING_LANES) -> list[MorningRun]:
    """The planned document runs as morning runs (see the module's rules): those due at the same time together,
    one programme's in one run, the programmes shared out over at most `lanes` runs by their number of documents.
    In time order, then by part."""
    by_start: dict[datetime, dict[str, list[PlannedRun]]] = {}
    for run in planned:
        by_start.setdefault(run.start, {}).setdefault(run.programme, []).append(run)
    mornings: list[MorningRun] = []
    for start in sorted(by_start):
        programmes = by_start[start]
        parts: list[list[PlannedRun]] = [[] for _ in range(max(1, min(lanes, len(programmes))))]
        for slug in sorted(programmes, key=lambda s: (-len(programmes[s]), s)):
            lightest = min(range(len(parts)), key=lambda i: (len(parts[i]), i))
            parts[lightest] += programmes[slug]
        for part, runs in enumerate(parts, start=1):
            mornings.append(_morning(start, runs, part, len(parts)))
    return mornings


def _morning(start: datetime, runs: list[PlannedRun], part: int, parts: int) -> MorningRun:
    runs = sorted(runs, key=lambda r: r.programme)  # (stable: each programme's documents in the plan's order)
    documents = tuple(dict.fromkeys(run.document for run in runs))
    day = runs[0].day
    slugs = list(dict.fromkeys(d.programme for d in documents))
    who = slugs[0] if len(slugs) == 1 else f"{len(slugs)} programmer"
    return MorningRun(
        day,
        start,
        documents,
        part,
        parts,
        morning_key(start, documents),
        run_title("Morgen", day, who, f"{part} av {parts}" if parts > 1 else None),
        (WHEEL_TAG, MORNING_TAG, *slugs, *dict.fromkeys(d.kind.value for d in documents)),
        {"day": day.isoformat(), "documents": [d.entry() for d in documents]},
    )


def run_key(programme: str, kind: DocumentKind, year: int, meeting_date: date | None = None) -> str:
    """The idempotency key of a document's run: the document's identity, never its date (a board pack's meeting
    date is its identity)."""
    last = meeting_date.isoformat() if meeting_date else str(year)
    return f"arshjul/{programme}/{kind.value}/{last}"


def run_plan(
    snapshot: ProgrammeSnapshot, as_of: date, written: set[tuple[str, int, str]], horizon_days: int = HORIZON_DAYS
) -> list[PlannedRun]:
    """The report runs the programme's wheel wants from `as_of` to `horizon_days` ahead, in time order.
    `written` holds (kind, year, name) of the documents already written: they get no run."""
    last = as_of + timedelta(days=horizon_days)
    zone = ZoneInfo(snapshot.timezone)

    def years(event: WheelEventData) -> range:
        return range(years_around(event, as_of).start, years_around(event, last).stop)

    planned: dict[str, PlannedRun] = {}
    for draft in drafts(snapshot, years):
        if draft.last_day < as_of or draft.draft_day > last or draft.written(written):
            continue
        day = max(draft.draft_day, as_of)
        key = run_key(snapshot.slug, draft.kind, draft.year, draft.meeting_date)
        if key in planned and planned[key].day <= day:
            continue  # one document a year: the earliest draft of it stands
        parameters: dict[str, object] = {"programme": snapshot.slug}
        if draft.meeting_date:
            parameters["meeting_date"] = draft.meeting_date.isoformat()
        else:
            parameters["year"] = draft.year
        parameters |= {"as_of": draft.seen_from(day).isoformat(), "only_if_missing": True}
        about = draft.meeting_date or draft.year
        planned[key] = PlannedRun(
            snapshot.slug,
            draft.kind,
            draft.year,
            day,
            datetime.combine(day, DRAFT_TIME, zone),
            parameters,
            key,
            run_title(draft.kind.label.capitalize(), about, snapshot.slug),
            (WHEEL_TAG, snapshot.slug, draft.kind.value),
            draft.reason,
        )
    return sorted(planned.values(), key=lambda r: (r.start, r.kind.value, r.key))
