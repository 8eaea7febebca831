"""Text that a spreadsheet would run as a formula (CSV injection): the CSV export guards it with an apostrophe, the
CSV import takes exactly that apostrophe off again, and the .xlsx export writes it as text, never as a formula.
Either way an export imported again changes nothing."""

from __future__ import annotations

import csv
import re
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlmodel import select

from omstilling.intake import writes
from omstilling.intake.workbook import export_csv, export_workbook, import_workbook, programme_records, write_csv
from omstilling.intake.workbook.cells import KRONER, TEXT, guard_formula, unguard_formula
from omstilling.store import choose, db
from omstilling.store.models import Project

TITLES = {
    "2014-91": '=HYPERLINK("http://example.org","klikk")',
    "2014-92": "+47 999",
    "2014-93": "-fjernet",
    "2014-94": "@sum",
    "2014-95": "'=allerede sitert",
}
FORMULA_START = re.compile(r"[=+\-@\t\r]")


@pytest.fixture(scope="module")
def dangerous(tmp_path_factory, demo_template):
    """A copy of the demo whose projects 2014-91 … 2014-95 have titles a spreadsheet would take for formulas."""
    path = tmp_path_factory.mktemp("formulas") / "demo.db"
    shutil.copyfile(demo_template, path)
    engine = db.make_engine(f"sqlite:///{path}")
    with db.session_scope(engine) as session:
        programme = choose.programme(session)
        for number, title in TITLES.items():
            writes.add_project(
                session,
                programme,
                {
                    "number": number,
                    "title": title,
                    "owner": "Bedrift AS",
                    "focus_area": 1,
                    "phase": "forstudie",
                    "status": "sokt",
                },
            )
    yield engine
    engine.dispose()


def records_in(engine):
    with db.session_scope(engine) as session:
        return programme_records(session, choose.programme(session))


def titles_in(engine) -> dict[str, str]:
    with db.session_scope(engine) as session:
        projects = session.exec(select(Project).where(Project.number.in_(TITLES))).all()
        return {p.number: p.title for p in projects}


def csv_cells(folder) -> list[str]:
    cells = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as file:
            cells += [cell for row in csv.reader(file, delimiter=";") for cell in row]
    return cells


def test_the_titles_are_stored_exactly_as_given(dangerous):
    assert titles_in(dangerous) == TITLES


def test_no_cell_of_the_csv_export_starts_like_a_formula_and_the_apostrophe_shows(dangerous, tmp_path):
    with db.session_scope(dangerous) as session:
        export_csv(session, choose.programme(session), tmp_path / "csv", with_contacts=True)
    cells = csv_cells(tmp_path / "csv")
    assert len(cells) > 1000
    assert [cell for cell in cells if FORMULA_START.match(cell)] == []

    text = (tmp_path / "csv" / "Prosjekter.csv").read_text(encoding="utf-8-sig")
    assert '\n2014-91;"\'=HYPERLINK(""http://example.org"",""klikk"")";Bedrift AS;' in text
    assert "\n2014-92;'+47 999;Bedrift AS;" in text
    assert "\n2014-93;'-fjernet;Bedrift AS;" in text
    assert "\n2014-94;'@sum;Bedrift AS;" in text
    assert "\n2014-95;''=allerede sitert;Bedrift AS;" in text
    wheel = (tmp_path / "csv" / "Årshjul.csv").read_text(encoding="utf-8-sig")
    assert (
        ';"\'-21: programleder; -7: programleder; -2: programleder; 0: programleder, styreleder; +1: styreleder";'
        in (wheel)
    )  # a reminder ladder is text too, and a spreadsheet would take it for a sum


def test_the_csv_export_imported_again_changes_nothing(dangerous, tmp_path):
    before = records_in(dangerous)
    with db.session_scope(dangerous) as session:
        export_csv(session, choose.programme(session), tmp_path / "csv")
    with db.session_scope(dangerous) as session:
        report = import_workbook(session, tmp_path / "csv")
    assert report.changes == 0
    assert titles_in(dangerous) == TITLES
    assert records_in(dangerous) == before


def test_numbers_stay_numbers_in_csv_even_negative_ones(dangerous, tmp_path):
    records = records_in(dangerous)
    records["Prosjekter"][("2014-91",)]["grant_amount"] = -5  # no programme has one; the writer must not guard it
    write_csv(records, tmp_path)
    with (tmp_path / "Prosjekter.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file, delimiter=";"))
    grant = rows[0].index("Tilsagn (kr)")
    row = next(r for r in rows if r[0] == "2014-91")
    assert (row[1], row[grant]) == ('\'=HYPERLINK("http://example.org","klikk")', "-5")
    assert KRONER.csv_text(-5) == "-5"


def test_the_xlsx_export_writes_the_titles_as_text_and_imported_again_changes_nothing(dangerous, tmp_path):
    before = records_in(dangerous)
    with db.session_scope(dangerous) as session:
        export_workbook(session, choose.programme(session), tmp_path / "demo.xlsx")
    projects = load_workbook(tmp_path / "demo.xlsx")["Prosjekter"]
    cells = {row[0].value: row[1] for row in projects.iter_rows(min_row=2)}
    assert {number: (cells[number].data_type, cells[number].value) for number in TITLES} == {
        number: ("s", title) for number, title in TITLES.items()
    }
    with db.session_scope(dangerous) as session:
        report = import_workbook(session, tmp_path / "demo.xlsx")
    assert report.changes == 0
    assert titles_in(dangerous) == TITLES
    assert records_in(dangerous) == before


def test_a_guarded_cell_typed_into_a_csv_file_by_hand_loses_one_apostrophe(dangerous, tmp_path):
    (tmp_path / "Prosjekter.csv").write_text(
        "Prosjektnummer;Tittel;Prosjekteier;Innsatsområde;Fase;Status\n"
        "2014-92;'+47 999;Bedrift AS;1;forstudie;søkt\n"
        "2014-93;'-fjernet ;Bedrift AS;1;forstudie;søkt\n"
        "2014-94;''@sum;Bedrift AS;1;forstudie;søkt\n",
        encoding="utf-8",
    )
    with db.session_scope(dangerous) as session:
        report = import_workbook(session, tmp_path / "Prosjekter.csv", dry_run=True)
    changed = [(c.key, c.fields) for sheet in report.sheets for c in sheet.changed]
    assert changed == [(("2014-94",), (("Tittel", "@sum", "'@sum"),))]


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab 1"), max_size=8) | st.text(max_size=8))
def test_guarding_is_undone_exactly_and_leaves_nothing_that_starts_like_a_formula(text):
    guarded = TEXT.csv_text(text)
    assert guarded == guard_formula(text)
    assert not FORMULA_START.match(guarded)
    assert unguard_formula(guarded) == text
    assert guarded == text or guarded == f"'{text}"
