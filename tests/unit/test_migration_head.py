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


def test_the_lines_after_the_first_function_are_read_when_they_must_be(tmp_path, monkeypatch):
    """The revisions are read from the lines before a migration's first function; a file that has them elsewhere,
    or a docstring with a line that starts with `def`, is read whole."""
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text('revision = "0001"\ndown_revision = None\n\n\ndef upgrade():\n    pass\n')
    (versions / "b.py").write_text(
        '"""Two\ndef not_a_function():\n"""\n\nrevision: str = "0002"\ndown_revision: str | None = "0001"\n'
    )
    (versions / "c.py").write_text(
        'from alembic import op\n\n\ndef upgrade():\n    op.drop_table("x")\n\n\n'
        'revision = "0003"\ndown_revision = ("0002",)\n'
    )
    monkeypatch.setattr(db, "MIGRATIONS", tmp_path)
    db.head_revision.cache_clear()
    try:
        assert db.head_revision() == "0003"
    finally:
        db.head_revision.cache_clear()


def test_a_migration_with_a_byte_order_mark_counts_and_one_python_cannot_read_is_refused(tmp_path, monkeypatch):
    """Found by review: a head migration saved with a byte order mark (a Windows editor) was left out, so every
    command asked for the revision before it; one with a syntax error after its revision lines was left out too.
    Alembic reads the first and cannot run the second."""
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text('revision = "0001"\ndown_revision = None\n')
    (versions / "b.py").write_text('\ufeffrevision = "0002"\ndown_revision = "0001"\n\n\ndef upgrade():\n    pass\n')
    monkeypatch.setattr(db, "MIGRATIONS", tmp_path)
    db.head_revision.cache_clear()
    try:
        assert db.head_revision() == "0002"
        db.head_revision.cache_clear()
        (versions / "c.py").write_text('def upgrade(:\n    pass\n\nrevision = "0003"\ndown_revision = "0002"\n')
        with pytest.raises(RuntimeError, match=r"the migration c\.py is not valid Python"):
            db.head_revision()
    finally:
        db.head_revision.cache_clear()
