"""Document versions are counted per document, whatever formats a run writes, and only one run writes a
version (issue 11, case 11), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import select

from omstilling.app import drafts
from omstilling.core.enums import DocumentKind
from omstilling.intake import writes
from omstilling.store import choose, db
from omstilling.store.models import DocumentRecord

AS_OF = date(2014, 12, 31)


def add_jobs(engine, day: str, jobs_: int) -> None:
    with db.session_scope(engine) as session:
        writes.add_result(
            session,
            choose.programme(session),
            {"project": "2014-03", "date": day, "new_jobs": jobs_, "source": "egenrapportert"},
        )


def write(engine, out: Path, formats: tuple[str, ...]):
    return drafts.write_document(
        engine, "vestre-toten", DocumentKind.ANNUAL_REPORT, 2014, AS_OF, formats=formats, out_dir=out
    )


def test_a_single_format_run_between_full_runs_never_overwrites_an_archived_version(demo_engine, tmp_path):
    folder = tmp_path / "vestre-toten" / "2014"
    assert write(demo_engine, tmp_path, ("md", "html")).version == 1  # 38 jobs
    add_jobs(demo_engine, "2014-12-20", 4)
    only_html = write(demo_engine, tmp_path, ("html",))  # 42 jobs, HTML only
    add_jobs(demo_engine, "2014-12-21", 4)
    full = write(demo_engine, tmp_path, ("md", "html"))  # 46 jobs
    assert (only_html.version, full.version) == (2, 3)
    archive = folder / "tidligere"
    assert sorted(p.name for p in archive.iterdir()) == ["arsrapport-v1.html", "arsrapport-v1.md", "arsrapport-v2.html"]
    assert "rapportert 38 nye og sikrede arbeidsplasser" in (archive / "arsrapport-v1.md").read_text()
    assert "rapportert 38 nye og sikrede arbeidsplasser" in (archive / "arsrapport-v1.html").read_text()
    assert "rapportert 42 nye og sikrede arbeidsplasser" in (archive / "arsrapport-v2.html").read_text()
    assert "rapportert 46 nye og sikrede arbeidsplasser" in (folder / "arsrapport.html").read_text()
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
    """Both runs have read "latest is version 1" before either records anything (a barrier holds them there, and
    lets them claim together; the first to record holds the claim while it converts and writes): only one may
    archive version 1 and write version 2."""
    import threading

    from omstilling.documents import publish as publishing

    write(demo_engine, tmp_path, ("md", "html"))
    add_jobs(demo_engine, "2014-12-20", 4)
    both_decided = threading.Barrier(2, timeout=30)
    claim = publishing._claim

    def claim_together(*args, **kwargs):
        both_decided.wait()
        return claim(*args, **kwargs)

    monkeypatch.setattr(publishing, "_claim", claim_together)
    results: list[tuple[bool, int]] = []
    runs = [
        threading.Thread(
            target=lambda: results.append(
                (lambda p: (p.changed, p.version))(write(demo_engine, tmp_path, ("md", "html")))
            )
        )
        for _ in range(2)
    ]
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
    assert "rapportert 38 nye og sikrede arbeidsplasser" in (archive / "arsrapport-v1.md").read_text()
    assert (
        "rapportert 42 nye og sikrede arbeidsplasser"
        in (tmp_path / "vestre-toten" / "2014" / "arsrapport.md").read_text()
    )


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
    with pytest.raises(RuntimeError, match=r"reference\.docx"):
        write(demo_engine, tmp_path, ("md", "docx"))
    folder = tmp_path / "vestre-toten" / "2014"
    assert not (folder / "tidligere").exists()
    assert "rapportert 38 nye og sikrede arbeidsplasser" in (folder / "arsrapport.md").read_text()
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


def test_one_rule_says_which_version_is_current_and_the_web_page_the_outbox_and_publishing_all_follow_it(
    demo_engine, tmp_path, monkeypatch
):
    """Two versions of one document, in two folders: the web page, the reminder's attachment and publishing all take
    the newer as current, because all ask `omstilling.store.records`. Told by that one place that the older is
    current, they all follow it: a second computation of the current version anywhere would not."""
    import sqlalchemy as sa

    from omstilling.messaging.outbox import remind
    from omstilling.messaging.transport import RecordingNotifier
    from omstilling.store import records
    from omstilling.web import views

    class Keeping(RecordingNotifier):
        def send_email(self, address, subject, body, *, attachments=(), **rest):
            self.files = getattr(self, "files", []) + [(address, a.filename, a.data) for a in attachments]
            return super().send_email(address, subject, body, attachments=attachments, **rest)

    older, newer = tmp_path / "a", tmp_path / "b"
    assert write(demo_engine, older, ("md", "docx")).version == 1
    add_jobs(demo_engine, "2014-12-20", 4)
    assert write(demo_engine, newer, ("md", "docx")).version == 2
    docx = {folder: (folder / "vestre-toten" / "2014" / "arsrapport.docx") for folder in (older, newer)}
    assert docx[older].read_bytes() != docx[newer].read_bytes()

    def seen(day: date) -> tuple[list[int], object, bytes, bool]:
        with db.session_scope(demo_engine) as session:
            programme = choose.programme(session)
            (document,) = [
                d for d in views.documents(session, programme.id) if d["year"] == 2014 and d["name"] == "arsrapport"
            ]
            current = [v for v in document["versions"] if v["current"]]
            (file_id,) = [f["id"] for f in current[0]["files"] if f["format"] == "docx"]
            _record, path = views.document_file(session, programme.id, file_id)
        notifier = Keeping()  # the annual report 2014 is due 30 January 2015: steps on 2 and 16 January
        remind(demo_engine, as_of=day, now=datetime.combine(day, datetime.min.time(), tzinfo=UTC), notifier=notifier)
        (attached,) = [
            data for to, name, data in notifier.files if to == "programleder@example.org" and name == "arsrapport.docx"
        ]
        written = drafts.already_written(demo_engine, "vestre-toten", DocumentKind.ANNUAL_REPORT, 2014)
        return [v["version"] for v in current], path, attached, written

    assert seen(date(2015, 1, 2)) == ([2], docx[newer], docx[newer].read_bytes(), True)
    again = write(demo_engine, newer, ("md", "docx"))  # the newer figures again: nothing to write
    assert (again.changed, again.version) == (False, 2)

    def oldest(*where):
        r = DocumentRecord
        return (
            select(r.programme_id, r.kind, r.year, r.name, sa.func.min(r.version).label("version"))
            .where(*where)
            .group_by(r.programme_id, r.kind, r.year, r.name)
            .subquery("current")
        )

    monkeypatch.setattr(records, "_current", oldest)
    assert seen(date(2015, 1, 16)) == ([1], docx[older], docx[older].read_bytes(), True)


def test_a_run_converting_a_document_does_not_hold_back_another_documents_run(demo_engine, tmp_path, monkeypatch):
    """Issue 26: two workers writing two documents must convert at the same time. The first run is held in the
    middle of its conversion until the second has written and recorded its own document; had the first claimed its
    version before converting (as it did), it would hold the database's write lock (on SQLite, the whole database)
    and the second would wait for it: the second never finishes and the test fails on its timeout."""
    import threading

    from omstilling.documents import publish as publishing

    converting, second_done = threading.Event(), threading.Event()
    convert = publishing.convert

    def held(markdown, fmt, *args, **kwargs):
        if "Årsrapport" in markdown[:400] and not converting.is_set():
            converting.set()
            assert second_done.wait(timeout=20), "the second run waited for the first run's conversion"
        return convert(markdown, fmt, *args, **kwargs)

    monkeypatch.setattr(publishing, "convert", held)
    results: dict[str, object] = {}

    def first() -> None:
        try:
            results["first"] = write(demo_engine, tmp_path, ("md", "html"))
        except BaseException as exc:  # noqa: BLE001 (reported by the assertion below)
            results["first"] = exc

    run = threading.Thread(target=first)
    run.start()
    assert converting.wait(timeout=60)
    second = drafts.write_document(
        engine=demo_engine,
        slug="vestre-toten",
        kind=DocumentKind.HALF_YEAR_REPORT,
        year=2014,
        as_of=date(2014, 6, 30),
        formats=("md",),
        out_dir=tmp_path,
    )
    second_done.set()
    run.join(timeout=60)
    assert not isinstance(results["first"], BaseException), results["first"]
    assert second.changed and results["first"].changed  # type: ignore[attr-defined]
    with db.session_scope(demo_engine) as session:
        kinds = sorted((str(r.kind), r.format) for r in session.exec(select(DocumentRecord)))
    assert kinds == [("arsrapport", "html"), ("arsrapport", "md"), ("halvarsrapport", "md")]
    folder = tmp_path / "vestre-toten" / "2014"
    assert (folder / "arsrapport-figurer" / "arbeidsplasser.svg").exists()
    assert not [p for p in (tmp_path / "vestre-toten").iterdir() if p.name.startswith(".")]  # no run's own folder left
