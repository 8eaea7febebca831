"""The documents' templates are compiled once and kept (omstilling.documents.compiled, issue 26): a later process loads
them instead of compiling; a template that changes is compiled again; a cache that cannot be used is none, and
never fails a document."""

from __future__ import annotations

import os
import shutil

import jinja2
import pytest
from jinja2 import Environment, FileSystemLoader

from omstilling.config import get_settings
from omstilling.documents import compiled
from omstilling.documents.render import environment


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from their source."""
    names: list[str] = []
    compile_source = Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return compile_source(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counted)
    return names


def fresh(templates) -> Environment:
    """A new environment with its own cache, as the next process makes one."""
    return Environment(loader=FileSystemLoader(str(templates)), bytecode_cache=compiled.bytecode_cache())


def test_a_later_process_loads_what_the_first_compiled(cache_home, compiles):
    templates = get_settings().templates_dir
    first = environment.__wrapped__(templates).get_template("innkalling.md.j2")  # the documents' own, uncached
    assert compiles[0] == "innkalling.md.j2"
    folder = cache_home / "omstilling" / "jinja" / compiled.code_version()
    assert len(list(folder.iterdir())) == len(compiles)  # it and the parts it includes
    assert (folder.stat().st_mode & 0o777, (cache_home / "omstilling" / "jinja").stat().st_mode & 0o777) == (0o700,) * 2

    count = len(compiles)
    again = environment.__wrapped__(templates).get_template("innkalling.md.j2")
    assert len(compiles) == count  # not compiled again
    assert again.filename == first.filename


def test_a_template_changed_is_compiled_again(cache_home, compiles, tmp_path):
    own = tmp_path / "maler"
    own.mkdir()
    (own / "brev.md.j2").write_text("Hei {{ navn }}!\n")
    assert fresh(own).get_template("brev.md.j2").render(navn="Kari") == "Hei Kari!"
    (own / "brev.md.j2").write_text("Hallo {{ navn }}.\n")
    assert fresh(own).get_template("brev.md.j2").render(navn="Kari") == "Hallo Kari."
    assert compiles == ["brev.md.j2", "brev.md.j2"]
    assert fresh(own).get_template("brev.md.j2").render(navn="Ola") == "Hallo Ola."
    assert len(compiles) == 2


def test_another_version_of_the_code_has_its_own_and_only_the_latest_are_kept(cache_home, monkeypatch):
    versions = iter(f"{n:016x}" for n in range(10))
    monkeypatch.setattr(compiled, "code_version", lambda: next(versions))
    folders = [compiled.bytecode_cache().directory for _ in range(5)]
    assert len(set(folders)) == 5
    kept = sorted(path.name for path in (cache_home / "omstilling" / "jinja").iterdir())
    assert kept == [f"{n:016x}" for n in range(5 - compiled.KEPT, 5)]


def test_the_version_changes_with_the_code_and_jinja(monkeypatch, tmp_path):
    package = tmp_path / "omstilling"
    shutil.copytree(compiled.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "templates", "*.po"))
    monkeypatch.setattr(compiled, "PACKAGE", package)
    before = compiled.code_version()
    assert compiled.code_version() == before
    filters = package / "documents" / "filters.py"
    os.utime(filters, ns=(filters.stat().st_atime_ns, filters.stat().st_mtime_ns + 1_000_000_000))
    changed = compiled.code_version()
    assert changed != before
    monkeypatch.setattr(jinja2, "__version__", "99.0")
    assert compiled.code_version() != changed


@pytest.mark.parametrize("how", ["a file where the folder goes", "a folder others can write to", "no home"])
def test_no_cache_where_there_can_be_none_and_the_document_is_made(cache_home, compiles, how, monkeypatch, tmp_path):
    cache_home.mkdir()
    if how == "a file where the folder goes":
        (cache_home / "omstilling").write_text("")
    elif how == "a folder others can write to":
        (cache_home / "omstilling" / "jinja").mkdir(parents=True)
        (cache_home / "omstilling" / "jinja").chmod(0o777)
    else:  # Python 3.11 without HOME or a passwd entry: `~` left as it is
        monkeypatch.delenv("XDG_CACHE_HOME")
        monkeypatch.setattr(compiled.Path, "home", classmethod(lambda cls: cls("~")))
        monkeypatch.chdir(tmp_path)
    assert compiled.bytecode_cache() is None
    assert not (tmp_path / "~").exists()
    assert environment.__wrapped__(get_settings().templates_dir).get_template("arsrapport.md.j2")
    assert compiles


def test_a_damaged_or_unwritable_cache_compiles_and_goes_on(cache_home, compiles, tmp_path):
    own = tmp_path / "maler"
    own.mkdir()
    (own / "brev.md.j2").write_text("Hei {{ navn }}!\n")
    cache = compiled.bytecode_cache()
    assert Environment(loader=FileSystemLoader(str(own)), bytecode_cache=cache).get_template("brev.md.j2")
    (written,) = list(os.scandir(cache.directory))
    with open(written.path, "r+b") as file:  # Jinja's header, then garbage where the checksum goes
        file.seek(len(jinja2.bccache.bc_magic))
        file.write(b"\x80\x05garbage")
        file.truncate()
    assert fresh(own).get_template("brev.md.j2").render(navn="Kari") == "Hei Kari!"
    assert len(compiles) == 2

    shutil.rmtree(cache.directory)  # another version's process removed it meanwhile: nothing is written, no error
    env = Environment(loader=FileSystemLoader(str(own)), bytecode_cache=cache)
    assert env.get_template("brev.md.j2").render(navn="Ola") == "Hei Ola!"
