"""Every command refuses a database whose schema is not this version's, so it asks for the newest migration;
`omstilling.store.db.head_revision` reads it from the files without Alembic. It must be Alembic's answer."""

from __future__ import annotations

import pytest

from omstilling.store import db


def test_the_head_read_from_the_files_is_alembics():
    from alembic.script import ScriptDirectory

    alembic = ScriptDirectory.from_config(db.alembic_config(db.get_engine("sqlite://"))).get_current_head()
    assert db.head_revision() == alembic


def test_two_heads_are_refused_by_name(tmp_path, monkeypatch):
    versions = tmp_path / "versions"
    versions.mkdir()
    for name, revision, down in (
        ("a", "0001", None),
        ("b", "0002", "0001"),
        ("c", "0003", "0001"),
        ("d", "0004", ("0002", "0005")),
        ("e", "0005", "0001"),
    ):
        (versions / f"{name}.py").write_text(f"revision: str = {revision!r}\ndown_revision = {down!r}\n")
    monkeypatch.setattr(db, "MIGRATIONS", tmp_path)
    db.head_revision.cache_clear()
    try:
        with pytest.raises(RuntimeError, match=r"2 heads \(0003, 0004\)"):
            db.head_revision()
    finally:
        db.head_revision.cache_clear()
