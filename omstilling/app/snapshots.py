"""Snapshots, and what the pages compute from them, remembered in the process by what they were made from.

A programme's snapshot is made of its own row, the rows under it (whose changes the database counts in the
programme's revision, `omstilling.store.revision`) and the names of the people holding its roles (a person row
belongs to no one programme, so it is not counted in a revision: its names are read each time, one small query).
Those three are the snapshot's key (`Made`): the same key, the same snapshot, so a remembered one is as good as
one loaded now, and a different key (any change, by whatever path: the web app, a workbook import, the tick, an
IT person's SQL, another process of the web app) loads it again on the next request. The key is read before the
data: a change committed in between only makes the next look load again.

Each process of the web app keeps its own memory (bounded, least recently used first out, safe to share between
threads); nothing in it is shared between processes, so several processes each stay fresh on their own."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session

from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.store.load import load_snapshots
from omstilling.store.models import Programme
from omstilling.store.models.base import stored_id
from omstilling.store.revision import revisions

Key = tuple[object, ...]
T = TypeVar("T")

_COLUMNS: list[str] = []


def programme_key(programme: Programme, revision: int) -> Key:
    """What a programme's figures depend on: its own row (every column), and the revision of the rows under it."""
    if not _COLUMNS:
        _COLUMNS.extend(column.key for column in sa.inspect(Programme).columns)
    return (*(repr(getattr(programme, name)) for name in _COLUMNS), revision)


class Memory:
    """At most `entries` values by key, least recently used first out; safe to share between threads (two threads
    that miss the same key at once both compute it, and the last one's value is kept: the same value)."""

    def __init__(self, entries: int):
        self._entries = entries
        self._values: OrderedDict[Key, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key) -> Any:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        return None

    def put(self, key: Key, value: Any) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self._entries:
                self._values.popitem(last=False)

    def remembered(self, key: Key, compute: Callable[[], T]) -> T:
        """The value remembered for `key`, or `compute()` remembered (None is never remembered)."""
        found = self.get(key)
        if found is None:
            found = compute()
            self.put(key, found)
        return found  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return len(self._values)


@dataclass(frozen=True)
class Made:
    """A snapshot and what it was made from (`key`): remember what is computed from it under `key`."""

    key: Key
    snapshot: ProgrammeSnapshot


class Snapshots:
    """Programmes' snapshots remembered by their key (see the module), and values computed from them
    (`derived`). One per process: the web app keeps one in its state."""

    def __init__(self, snapshots: int = 256, derived: int = 2048):
        self._snapshots = Memory(snapshots)
        self._derived = Memory(derived)
        self.loaded = 0  # snapshots loaded (not remembered), for tests and the benchmark
        self.computed = 0  # derived values computed (not remembered)

    def of(self, session: Session, programme: Programme) -> Made:
        """The programme's snapshot: remembered when nothing it is made of changed, else loaded now."""
        pid = stored_id(programme)
        revision = revisions(session.connection(), [pid])[pid]
        names = tuple(
            session.connection()
            .execute(
                sa.text(
                    "SELECT person.name FROM roleassignment JOIN person ON person.id = roleassignment.person_id "
                    "WHERE roleassignment.programme_id = :p ORDER BY roleassignment.id"
                ),
                {"p": pid},
            )
            .scalars()
        )
        key = (*programme_key(programme, revision), names)
        snapshot = self._snapshots.get(key)
        if snapshot is None:
            snapshot = load_snapshots(session, [programme])[pid]
            self._snapshots.put(key, snapshot)
            self.loaded += 1
        return Made(key, snapshot)

    def derived(self, what: str, made: Made, *args: object, compute: Callable[[], T]) -> T:
        """`compute()` (a pure function of `made.snapshot` and `args`), remembered under what it is, the
        snapshot's key and `args`."""

        def counted() -> T:
            self.computed += 1
            return compute()

        return self._derived.remembered((what, made.key, *args), counted)
