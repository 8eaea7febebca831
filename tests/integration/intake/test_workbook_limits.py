"""Workbooks that would exhaust the server (issue 22, case 3): each is refused before it is read, with one Norwegian
line, in little time and memory; the errors of a workbook full of them are counted, not all listed. The limits are
the settings' (OMSTILLING_WORKBOOK_MAX_MB, _MAX_ROWS, _MAX_COLUMNS, _MAX_ERRORS), the same for every way in."""

from __future__ import annotations

import time
import tracemalloc
import zipfile

import pytest
from sqlmodel import select

from omstilling.app import workbooks
from omstilling.config import Settings, get_settings
from omstilling.intake.workbook import UnreadableFile, WorkbookInvalid, import_workbook
from omstilling.intake.workbook.limits import MB, Limits, TooLarge
from omstilling.intake.workbook.source import read_source
from omstilling.store import db
from omstilling.store.models import Project
from tests.support import bombs

SECONDS = 5.0
PEAK_MB = 60
"""What refusing any of them may cost, at most (measured: under a second and a few MB each)."""


def refused(path, limits: Limits | None = None) -> tuple[Exception, float, float]:
    """Read `path` as an import would; the exception, the seconds it took and the peak memory (MB) Python held."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(UnreadableFile) as caught:
            read_source(path, limits or Limits())
        return caught.value, time.perf_counter() - started, tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def classic_bomb(path, rows: int = 2_000_000):
    """The case of the issue: a few hundred kilobytes that unpack to millions of rows (each the same)."""
    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    return bombs.write_workbook(path, bombs.sheet([bombs.text_row(1, *bombs.HEADERS), *([row] * rows)]))


BOMBS = {
    "millions of rows in a few hundred KB": (classic_bomb, "pakket ut; omstilling leser høyst 50 MB"),
    "more rows than a sheet may have, packed as real data": (
        lambda p: bombs.many_rows(p, 12_000),
        "arket «Prosjekter» har mer enn 10\u00a0000 rader",
    ),
    "one cell at XFD1048576 (openpyxl would fill every row up to it)": (
        bombs.one_far_cell,
        "arket «Prosjekter» har mer enn 10\u00a0000 rader",
    ),
    "one cell at column XFD (every row filled 16 384 wide)": (
        lambda p: bombs.one_far_cell(p, "XFD2"),
        "arket «Prosjekter» har mer enn 50 kolonner",
    ),
    "a row 200 000 cells wide, packed as real data": (
        lambda p: bombs.wide_row(p, 200_000),
        "arket «Prosjekter» har mer enn 50 kolonner",
    ),
    "a row of three million empty cells (1 000 times packed)": (
        lambda p: bombs.wide_row(p, 3_000_000, noise=False),
        "ganger tettere enn en arbeidsbok med ekte data",
    ),
    "120 000 cell formats, packed as real data": (
        lambda p: bombs.many_styles(p, 120_000),
        "delen xl/styles.xml har mer innhold enn en arbeidsbok trenger",
    ),
    "entities that expand a billion times": (bombs.with_doctype, "DOCTYPE"),
    "5 000 parts in the zip directory": (lambda p: bombs.many_parts(p, 5000), "filen har 5\u00a0006 deler"),
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_workbook_made_to_exhaust_the_server_is_refused_before_it_is_read(tmp_path, name):
    make, words = BOMBS[name]
    path = make(tmp_path / "bombe.xlsx")
    error, seconds, peak = refused(path)
    assert isinstance(error, TooLarge), error
    assert str(error).startswith(f"{path}: ") and words in str(error) and str(error).endswith("ingenting ble importert")
    assert seconds < SECONDS and peak < PEAK_MB, (seconds, peak)


def test_the_classic_bomb_is_a_few_hundred_kilobytes_that_unpack_to_millions_of_rows(tmp_path):
    path = classic_bomb(tmp_path / "bombe.xlsx")
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    assert path.stat().st_size < 500 * 1024 and unpacked > 90 * MB


def test_a_part_whose_directory_lies_about_its_size_is_read_no_further_than_it_says(tmp_path):
    """400 000 rows whose directory says 1 000 bytes: the size and ratio checks pass (they trust the directory);
    reading stops at the 1 000 bytes declared, and the part is found damaged."""
    path = bombs.lying_size(tmp_path / "lyver.xlsx", 400_000)
    error, seconds, peak = refused(path)
    assert not isinstance(error, TooLarge)
    assert "filen er skadet (delen xl/worksheets/sheet1.xml er ikke hel)" in str(error)
    assert seconds < 1 and peak < 10, (seconds, peak)


def test_a_dimension_that_lies_decides_nothing(tmp_path):
    """The sheet's <dimension> claims all of Excel's rows and columns: openpyxl is told where to stop, so the
    sheet reads as the rows it has; and claiming one cell does not let 12 000 rows through."""
    sheets = read_source(bombs.many_rows(tmp_path / "stor.xlsx", 100, "A1:XFD1048576"), Limits())
    assert [(s.name, len(s.rows), len(s.headers)) for s in sheets] == [("Prosjekter", 100, 6)]
    error, _, _ = refused(bombs.many_rows(tmp_path / "liten.xlsx", 12_000, "A1:A1"))
    assert "har mer enn 10\u00a0000 rader" in str(error)


def test_a_workbook_within_the_limits_is_read_whole(tmp_path):
    sheets = read_source(bombs.many_rows(tmp_path / "lovlig.xlsx", 9_999), Limits())
    assert len(sheets[0].rows) == 9_999 and sheets[0].rows[-1][0] == 10_000


def test_csv_files_are_held_to_the_same_limits(tmp_path):
    header = ";".join(bombs.HEADERS) + "\n"
    long = tmp_path / "lang" / "Prosjekter.csv"
    long.parent.mkdir()
    long.write_text(header + "R-1;T;E;1;forstudie;søkt\n" * 11_000, encoding="utf-8")
    assert "filen har mer enn 10\u00a0000 rader" in str(refused(long)[0])
    wide = tmp_path / "Prosjekter.csv"
    wide.write_text(header + ";" * 60 + "\n", encoding="utf-8")
    assert "rad 2 har mer enn 50 kolonner" in str(refused(wide)[0])
    big = tmp_path / "stor" / "Prosjekter.csv"
    big.parent.mkdir()
    big.write_text(header + "x" * (2 * MB), encoding="utf-8")
    assert "filen er 2 MB; omstilling leser høyst 1 MB" in str(refused(big, Limits(max_bytes=MB))[0])
    assert "CSV-filene i mappen er 2 MB" in str(refused(big.parent, Limits(max_bytes=MB))[0])
    cell = tmp_path / "celle.csv"
    cell.write_text(header + "R-1;" + "x" * 200_000 + "\n", encoding="utf-8")
    error = str(refused(cell)[0])  # the csv module's own limit, in its own (English) words before
    assert "ikke en CSV-fil som kan leses (rad 2: en celle er for lang" in error and "field" not in error


def bad_projects(folder, rows: int):
    """A Prosjekter.csv of `rows` projects, each missing what a project must have."""
    folder.mkdir(exist_ok=True)
    lines = ["Prosjektnummer;Tittel;Prosjekteier;Innsatsområde;Fase;Status"]
    lines += [f"X-{n:04d};;;0;ingen;ingen" for n in range(rows)]
    (folder / "Prosjekter.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_the_errors_are_counted_and_the_first_ones_listed(demo_sqlite, tmp_path):
    folder = bad_projects(tmp_path / "rader", 1000)
    with db.session_scope(demo_sqlite) as session, pytest.raises(WorkbookInvalid) as caught:
        import_workbook(session, folder, programme="vestre-toten", dry_run=True, limits=Limits(max_problems=200))
    error = caught.value
    assert len(error.problems) == 200 and error.total > 1000 and error.more == error.total - 200
    assert [p.row for p in error.problems] == sorted(p.row for p in error.problems)
    assert error.problems[0].row == 2 and error.problems[-1].row < 100  # the first rows, in the sheet's order
    total = f"{error.total:,}".replace(",", "\u00a0")
    more = f"{error.more:,}".replace(",", "\u00a0")
    assert str(error) == (
        f"rader: {total} feil; de første 200 er vist, {more} til er ikke vist; ingenting ble "
        "importert (databasen er uendret)"
    )


def test_the_command_line_prints_the_first_errors_and_how_many_more(demo_cli, tmp_path):
    result = demo_cli("import", str(bad_projects(tmp_path / "rader", 1000)), "--programme", "vestre-toten")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 201 and all(line.startswith("Prosjekter, rad ") for line in lines[:200])
    assert lines[-1].startswith("feil: rader: ") and "de første 200 er vist" in lines[-1]
    assert "Traceback" not in result.stderr


def test_every_way_in_reads_the_limits_from_the_settings(demo_cli, demo_sqlite, tmp_path, monkeypatch):
    """The command line and the application layer (which the Prefect form and the web app call) alike."""
    path = bombs.many_rows(tmp_path / "tretti.xlsx", 30)
    monkeypatch.setenv("OMSTILLING_WORKBOOK_MAX_ROWS", "20")
    get_settings.cache_clear()
    result = demo_cli("import", str(path), "--dry-run")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"feil: {path}: arket «Prosjekter» har mer enn 20 rader; omstilling leser "
        "høyst 20 rader per ark (tomme rader med formatering under dataene teller "
        "også: slett dem, eller del opp arket); ingenting ble importert"
    )
    with pytest.raises(TooLarge, match="mer enn 20 rader"):
        workbooks.import_workbook(demo_sqlite, path, programme="vestre-toten")
    monkeypatch.setenv("OMSTILLING_WORKBOOK_MAX_MB", "0.001")
    get_settings.cache_clear()
    with pytest.raises(TooLarge, match="omstilling leser høyst 2 kB"):
        workbooks.import_workbook(demo_sqlite, path, programme="vestre-toten")
    settings = Settings(workbook_max_rows=100, workbook_max_errors=3)  # the web app passes its own settings
    with pytest.raises(WorkbookInvalid) as caught:
        workbooks.import_workbook(
            demo_sqlite, bad_projects(tmp_path / "rader", 30), programme="vestre-toten", settings=settings
        )
    assert len(caught.value.problems) == 3 and caught.value.more > 30
    with db.session_scope(demo_sqlite) as session:
        assert session.exec(select(Project).where(Project.number == "R-2")).first() is None


def test_the_prefect_form_says_how_many_more_too(demo_sqlite, tmp_path):
    """The form (flows.handlinger.importer_arbeidsbok) calls the same use case and shows the same count."""
    from flows.handlinger import invalid_markdown

    folder = bad_projects(tmp_path / "rader", 300)
    with pytest.raises(WorkbookInvalid) as caught:
        workbooks.import_workbook(
            demo_sqlite, folder, programme="vestre-toten", settings=Settings(workbook_max_errors=20)
        )
    done = invalid_markdown(str(folder), caught.value)
    assert done.markdown.startswith(f"# rader: {caught.value.total} feil, ingenting er importert")
    assert done.markdown.count("| Prosjekter, rad ") == 20
    assert f"… og {caught.value.more} feil til, som ikke er vist: bare de første 20 vises." in done.markdown
