"""Document versions are counted per document, whatever formats a run writes, and only one run writes a
version (issue 11, case 11), on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from sqlmodel import select

from omstilling.app import drafts

from omstilling.store import db

from omstilling.intake import writes
from omstilling.core.enums import DocumentKind
from omstilling.store.models import DocumentRecord

AS_OF = date(2014, 12, 31)


def add_jobs(engine, day: str, jobs_: int) -> None:
    with db.session_scope(engine) as session:
        writes.add_result(session, writes.get_programme(session), {
            "project": "2014-03", "date": day, "new_jobs": jobs_, "source": "egenrapportert"})


def write(engine, out: Path, formats: tuple[str, ...]):
    return drafts.write_document(engine, "vestre-toten", DocumentKind.ANNUAL_REPORT, 2014, AS_OF, formats=formats,
                               out_dir=out)


def test_a_single_format_run_between_full_runs_never_overwrites_an_archived_version(demo_engine, tmp_path):
    folder = tmp_path / "vestre-toten" / "2014"
    assert write(demo_engine, tmp_path, ("md", "html")).version == 1  # 38 jobs
    add_jobs(demo_engine, "2014-12-20", 4)
    only_html = write(demo_engine, tmp_path, ("html",))  # 42 jobs, HTML only
    add_jobs(demo_engine, "2014-12-21", 4)
    full = write(demo_engine, tmp_path, ("md", "html"))  # 46 jobs
    assert (only_html.version, full.version) == (2, 3)
    archive = folder / "tidligere"
    assert sorted(p.name for p in archive.iterdir()) == ["arsrapport-v1.html", "arsrapport-v1.md",
                                                         "arsrapport-v2.html"]
    assert "til sammen 38 mot et mål på 50" in (archive / "arsrapport-v1.md").read_text()
    assert "til sammen 38 mot et mål på 50" in (archive / "arsrapport-v1.html").read_text()
    assert "til sammen 42 mot et mål på 50" in (archive / "arsrapport-v2.html").read_text()
    assert "til sammen 46 mot et mål på 50" in (folder / "arsrapport.html").read_text()
    # the same figures in a format not written yet join the current version; nothing else is touched
    docx = write(demo_engine, tmp_path, ("docx",))
    assert (docx.changed, docx.version) == (True, 3)
    again = write(demo_engine, tmp_path, ("md", "html", "docx"))
    assert (again.changed, again.version) == (False, 3)
    with db.session_scope(demo_engine) as session:
        records = sorted((r.version, r.format) for r in session.exec(select(DocumentRecord)))
    assert records == [(1, "html"), (1, "md"), (2, "html"), (3, "docx"), (3, "html"), (3, "md")]


def test_a_file_deleted_from_disk_is_written_again_in_its_version(demo_engine, tmp_path):
    first = write(demo_engine, tmp_path, ("md",))
    first.paths[0].unlink()
    again = write(demo_engine, tmp_path, ("md",))
    assert (again.changed, again.version) == (True, 1) and again.paths[0].exists()


def test_two_runs_at_once_write_and_record_one_version(demo_engine, tmp_path, monkeypatch):
    """Both runs have read "latest is version 1" before either records anything (a barrier holds them there),
    and the conversion takes a second: only one may archive version 1 and write version 2."""
    import threading

    from omstilling.documents import publish as publishing

    write(demo_engine, tmp_path, ("md", "html"))
    add_jobs(demo_engine, "2014-12-20", 4)
    both_decided = threading.Barrier(2, timeout=30)
    claim, convert = publishing._claim, publishing.convert

    def claim_together(*args, **kwargs):
        both_decided.wait()
        return claim(*args, **kwargs)

    def slow_convert(*args, **kwargs):
        time.sleep(1)
        return convert(*args, **kwargs)

    monkeypatch.setattr(publishing, "_claim", claim_together)
    monkeypatch.setattr(publishing, "convert", slow_convert)
    results: list[tuple[bool, int]] = []
    runs = [threading.Thread(target=lambda: results.append(
        (lambda p: (p.changed, p.version))(write(demo_engine, tmp_path, ("md", "html"))))) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=120)
    assert sorted(results) == [(False, 2), (True, 2)]  # one wrote version 2, the other found it taken
    with db.session_scope(demo_engine) as session:
        records = sorted((r.version, r.format) for r in session.exec(select(DocumentRecord)))
    assert records == [(1, "html"), (1, "md"), (2, "html"), (2, "md")]
    archive = tmp_path / "vestre-toten" / "2014" / "tidligere"
    assert sorted(p.name for p in archive.iterdir()) == ["arsrapport-v1.html", "arsrapport-v1.md"]
    assert "til sammen 38 mot et mål på 50" in (archive / "arsrapport-v1.md").read_text()
    assert "til sammen 42 mot et mål på 50" in (tmp_path / "vestre-toten" / "2014" / "arsrapport.md").read_text()


def test_a_conversion_that_fails_leaves_the_folder_and_the_records_as_they_were(demo_engine, tmp_path, monkeypatch):
    """Found by the review: the old version moved to tidligere/ (and on SQLite the new one was recorded)
    before the new files existed, so a failed run left no document in the folder and a record of nothing."""
    import pytest

    from omstilling.documents import publish as publishing

    write(demo_engine, tmp_path, ("md", "docx"))
    add_jobs(demo_engine, "2014-12-20", 4)

    def broken(markdown, fmt, *args, **kwargs):
        if fmt == "docx":
            raise RuntimeError("pandoc: reference.docx is not a Word file")
        return markdown.encode()

    monkeypatch.setattr(publishing, "convert", broken)
    with pytest.raises(RuntimeError, match="reference.docx"):
        write(demo_engine, tmp_path, ("md", "docx"))
    folder = tmp_path / "vestre-toten" / "2014"
    assert not (folder / "tidligere").exists()
    assert "til sammen 38 mot et mål på 50" in (folder / "arsrapport.md").read_text()
    assert (folder / "arsrapport.docx").exists()
    with db.session_scope(demo_engine) as session:
        assert sorted((r.version, r.format) for r in session.exec(select(DocumentRecord))) == [(1, "docx"), (1, "md")]
    monkeypatch.undo()
    again = write(demo_engine, tmp_path, ("md", "docx"))
    assert (again.changed, again.version) == (True, 2)


def test_writing_to_another_folder_writes_the_files_there(demo_engine, tmp_path):
    """Found by the review: "unchanged" was said, with paths in a folder that was never written."""
    write(demo_engine, tmp_path / "a", ("md",))
    other = write(demo_engine, tmp_path / "b", ("md",))
    assert other.paths[0].exists() and other.paths[0].is_relative_to(tmp_path / "b")
