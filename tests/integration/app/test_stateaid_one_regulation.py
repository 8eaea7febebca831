"""One regulation per award everywhere (review of issue 29, defect 6): the basis stored when the award was recorded
decides. After OMSTILLING_DE_MINIMIS_FROM moves Regulation (EU) No 1407/2013 to 1 June 2014, the demo's award on
project 2014-01 (17 March 2014, recorded under 1407/2013) is still 1407/2013 in the grant letter, the declaration
form, the register export, the page's row and `stotte vis`, never Regulation (EC) No 1998/2006 derived again."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from omstilling.app import stateaid
from omstilling.app import stateaid_documents as papers
from omstilling.config import get_settings

MADE = date(2014, 6, 2)
TOTEN_TREBYGG = "910791907"


@pytest.fixture
def moved(monkeypatch):
    monkeypatch.setenv("OMSTILLING_DE_MINIMIS_FROM", "1407/2013=2014-06-01")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_stored_basis_is_cited_everywhere_after_the_dates_move(demo_sqlite, moved):
    letter = papers.grant_letter(demo_sqlite, "vestre-toten", "2014-01", "md", today=MADE).data.decode()
    assert "forordning (EU) nr. 1407/2013" in letter and "1998/2006" not in letter
    form = papers.declaration_form(demo_sqlite, "vestre-toten", "md", project="2014-01", today=MADE).data.decode()
    assert "1407/2013" in form and "1998/2006" not in form
    sheet = load_workbook(io.BytesIO(papers.register_export(demo_sqlite, "vestre-toten", "xlsx", today=MADE).data))
    rows = [[c.value for c in r] for r in sheet["Tildelinger"].iter_rows()]
    basis = {r[rows[0].index("Prosjekt")]: r[rows[0].index("Hjemmel")] for r in rows[1:]}
    assert basis["2014-01"] == "bagatellmessig støtte, forordning (EU) nr. 1407/2013"
    (award,) = [a for a in stateaid.programme_awards(demo_sqlite, "vestre-toten") if a.project == "2014-01"]
    assert award.regulation_name == "forordning (EU) nr. 1407/2013"  # the page's row
    seen = stateaid.company_aid(demo_sqlite, TOTEN_TREBYGG, as_of=date(2014, 12, 31))
    (row,) = [r for r in seen.rows if r.reference == "2014-01"]
    assert row.regulation == "forordning (EU) nr. 1407/2013"  # `stotte vis`, the award's row
