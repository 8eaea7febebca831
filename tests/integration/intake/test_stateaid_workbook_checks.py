"""The workbook's sheet Støtte says what the command line and the web form say (the review of issue 29): a rate
typed into «Oppgitt kurs» on the demo's award 2014-04 (36 231,88 euro at the ECB's 8,2800 of 17 March 2014) is
refused when it is no plausible rate or differs from the stored one, so an award cannot be shrunk after the fact
to free the ceiling (defect 4); an organisation number in other digits is refused (defect 1)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from omstilling.app import stateaid, workbooks
from omstilling.intake.workbook import WorkbookInvalid


def exported(engine, tmp_path):
    path = tmp_path / "vestre-toten.xlsx"
    workbooks.export_workbook(engine, "vestre-toten", path)
    return path


def problems_of(engine, path) -> list[str]:
    with pytest.raises(WorkbookInvalid) as refused:
        workbooks.import_workbook(engine, path, programme="vestre-toten", confirm=True)
    return [str(p) for p in refused.value.problems]


def set_cell(path, project: str, header: str, value) -> int:
    book = load_workbook(path)
    sheet = book["Støtte"]
    column = [c.value for c in sheet[1]].index(header) + 1
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == project)
    sheet.cell(row, column, value)
    book.save(path)
    return row


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (1000, "1000 kroner per euro er ikke en rimelig eurokurs: kursen må være mellom 4 og 20"),
        (
            9.1,
            (
                "installasjonen har kursen 8,2800 fra 17. mars 2014 (ECB) for denne tildelingen, ikke 9,1000; la "
                "kursen stå tom for å bruke den lagrede"
            ),
        ),
    ],
)
def test_a_rate_typed_on_an_award_is_refused_when_implausible_or_not_the_stored_one(demo_engine, tmp_path, typed, said):
    path = exported(demo_engine, tmp_path)
    row = set_cell(path, "2014-04", "Oppgitt kurs", typed)
    (problem,) = problems_of(demo_engine, path)
    assert problem.startswith(f"Støtte, rad {row}, kolonne «Oppgitt kurs»") and said in problem, problem
    assert stateaid.award_of(demo_engine, "vestre-toten", "2014-04").amount_eur == Decimal("36231.88")


def test_an_org_number_in_other_digits_is_refused(demo_engine, tmp_path):
    path = exported(demo_engine, tmp_path)
    row = set_cell(path, "2014-04", "Org.nr.", "９１０８１５６５２")
    (problem,) = problems_of(demo_engine, path)
    assert problem.startswith(f"Støtte, rad {row}, kolonne «Org.nr.»") and "organisasjonsnummer" in problem, problem
