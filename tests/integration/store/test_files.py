"""The one file writer (store/files.py): whole files only, a temporary name of its own per writer, the
installation's mode."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from omstilling.config import Settings, get_settings
from omstilling.store import files
from omstilling.store.files import write_atomically


@pytest.fixture(autouse=True)
def fresh_settings():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_writers_racing_for_one_file_leave_one_whole_file_and_no_temporary_ones(tmp_path):
    """Eight writers at once (an export twice at the same moment, two workers): each has a temporary file of its
    own, so the file ends as exactly one writer's content, never a mix, and nothing is left beside it."""
    target = tmp_path / "arbeidsbok.xlsx"
    contents = [bytes([65 + n]) * 2_000_000 for n in range(8)]
    start = threading.Barrier(len(contents))
    errors: list[BaseException] = []

    def write(data: bytes) -> None:
        start.wait()
        try:
            write_atomically(target, data)
        except BaseException as exc:  # noqa: BLE001 (the test reports it)
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(data,)) for data in contents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert target.read_bytes() in contents
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arbeidsbok.xlsx"]


def test_files_are_readable_by_the_group_by_default_and_the_mode_is_a_setting(tmp_path, monkeypatch):
    written = write_atomically(tmp_path / "a" / "årsrapport.md", "Årsrapport\n", make_folder=True)
    assert stat.S_IMODE(written.stat().st_mode) == 0o640
    assert written.read_text(encoding="utf-8") == "Årsrapport\n"
    monkeypatch.setenv("OMSTILLING_FILE_MODE", "0600")
    get_settings.cache_clear()
    assert stat.S_IMODE(write_atomically(tmp_path / "b.md", b"x").stat().st_mode) == 0o600


@pytest.mark.parametrize("mode", ["rw-r-----", "0777x", "0040", "1777", "0777", "0666", "0740", ""])
def test_a_file_mode_that_is_not_octal_or_locks_out_the_owner_is_refused_in_norwegian(mode):
    with pytest.raises(ValueError, match="OMSTILLING_FILE_MODE"):
        Settings(file_mode=mode)


def test_a_folder_a_person_named_must_exist_and_nothing_is_made_for_it(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "finnes-ikke" / "hjul.png", b"png")
    assert list(tmp_path.iterdir()) == []


def test_a_write_that_fails_half_way_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    target = write_atomically(tmp_path / "protokoll.docx", b"old")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError):
        write_atomically(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["protokoll.docx"]
    assert os.access(target, os.R_OK)
