"""Bokmål is unchanged by nynorsk (issue 28): every document kind, every message kind in each of its forms, and the
reminders and notices of a simulated 2014, made for the demo, are the same texts as before the work began
(tests/golden/bokmal/, written by `python -m tests.support.texts` on commit 21034fa, before any text was marked).

A text changed on purpose changes its golden file in the same commit: `python -m tests.support.texts
tests/golden/bokmal` writes them again, and the diff shows what changed."""

from __future__ import annotations

from pathlib import Path

from tests.support.texts import every_text

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "bokmal"


def test_every_bokmal_text_is_as_before(demo_sqlite, demo_snapshot, tmp_path):
    made = every_text(demo_sqlite, demo_snapshot, tmp_path)
    golden = {path.relative_to(GOLDEN).as_posix(): path.read_text() for path in GOLDEN.rglob("*") if path.is_file()}
    assert sorted(made) == sorted(golden), "the set of texts changed"
    changed = [name for name in sorted(golden) if made[name] != golden[name]]
    assert not changed, f"{len(changed)} texts differ from before, the first: {changed[:5]}"
