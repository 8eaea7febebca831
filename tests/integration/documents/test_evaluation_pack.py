"""The final evaluation's data pack (issue 29, item 6): `omstilling report sluttevaluering` writes the summary and one
workbook with a sheet per part of Innovasjon Norge's outline, the workbook's figures the same builder's as the
summary's (`core.figures.evaluation`), as numbers an evaluator can sum; a workbook is that document's format only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from omstilling.core import figures
from omstilling.core.enums import DocumentKind
from omstilling.core.language import WrittenStandard, speaking
from omstilling.documents.evaluation import evaluation_workbook
from omstilling.documents.render import render_markdown
from tests.support.nynorsk import bokmal_words, data_strings

SHEETS = [
    "Om datagrunnlaget",
    "Aktører",
    "Styremøter",
    "Ressursbruk",
    "Målhierarki",
    "Regnskap",
    "Støtte per innsatsområde",
    "Arbeidsplasser per bedrift",
    "Sysselsetting",
    "Andre indikatorer",
    "Prosjekter",
    "PSV-karakterer",
    "PSV-anbefalinger",
]


@pytest.fixture
def cli(demo_cli):
    return demo_cli


def rows_of(sheet) -> list[tuple]:
    """The table's rows under its header, up to the first empty row (a note may follow)."""
    found = []
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if all(value is None for value in row):
            break
        found.append(row)
    return found


def test_the_report_command_writes_the_summary_and_the_workbook_and_the_workbook_holds_the_builders_figures(
    cli, tmp_path, demo_snapshot
):
    result = cli("report", "sluttevaluering", "--year", "2014", "--format", "md,xlsx")
    assert result.exit_code == 0, result.output
    assert "Datagrunnlag for sluttevalueringen, omstillingsperioden til og med 2014, tall per 31.12.2014" in (
        result.stderr
    )
    folder = tmp_path / "ut" / "vestre-toten" / "2014"
    assert (
        (folder / "sluttevaluering.md")
        .read_text(encoding="utf-8")
        .startswith("# Datagrunnlag for sluttevalueringen, omstillingsperioden til og med 2014\n")
    )
    book = load_workbook(folder / "sluttevaluering.xlsx")
    assert book.sheetnames == SHEETS
    e = figures.evaluation(demo_snapshot, date(2014, 12, 31))

    resources = book["Ressursbruk"]
    assert [c.value for c in resources[1]] == [
        "År",
        "Programmets støtte",
        "Administrasjon",
        "Bedriftenes egeninnsats",
        "Annen finansiering",
        "I alt",
    ]
    table = rows_of(resources)
    assert table[:-1] == [
        (r["year"], r["support"], r["administration"], r["own"], r["other"], r["total"]) for r in e["resources"]
    ]
    totals = e["resource_totals"]
    assert table[-1] == (
        "Sum",
        totals["support"],
        totals["administration"],
        totals["own"],
        totals["other"],
        totals["total"],
    )
    assert resources["B2"].number_format == '#,##0" kr"' and resources.freeze_panes == "A2"
    # the sum row is the sum of the years, as an evaluator would check it
    assert sum(row[5] for row in table[:-1]) == table[-1][5] == 67_802_000

    jobs = rows_of(book["Arbeidsplasser per bedrift"])
    assert (
        len(jobs) == len(e["jobs_by_company"]) and sum(row[5] for row in jobs) == e["period"]["totals"]["jobs"] == 108
    )
    numbered = [row for row in jobs if row[1]]
    assert numbered and all(len(row[1]) == 9 and row[1].isdigit() for row in numbered)  # organisation numbers

    goals = rows_of(book["Målhierarki"])
    assert len(goals) == len(e["hierarchy"]) == 14
    assert goals[6][:2] == (
        "Innsatsområde 1",
        "Utviklingsprosjekter med støtte fra programmet skal dokumentere minimum 50 nye og sikrede arbeidsplasser i 2014.",
    )
    assert goals[6][6:10] == (50, None, 38, "nei")

    employment = book["Sysselsetting"]
    assert [c.value for c in employment[1]][3:] == [
        "Sysselsatte i kommunen (SSB)",
        "Registrerte helt ledige (NAV)",
        "Helt ledige i prosent (NAV)",
    ]
    assert all(row[3:] == (None, None, None) for row in rows_of(employment))  # for the evaluator to fill in

    projects = rows_of(book["Prosjekter"])
    assert len(projects) == len(e["projects"]) and sum(row[11] for row in projects) == sum(
        p["grant"] for p in e["projects"]
    )
    grades = rows_of(book["PSV-karakterer"])
    assert (
        2013,
        "Innovasjon Norges vurderingsskjema med 8 hovedindikatorer (4 prosess, 4 effekt)",
        "Nyetableringer",
        "effektindikator",
        3,
    ) in grades


def test_the_workbook_speaks_the_programmes_written_standard(demo_snapshot):
    snapshot = replace(demo_snapshot, language=WrittenStandard.NYNORSK)
    with speaking("nn"):
        rendered = render_markdown(DocumentKind.FINAL_EVALUATION, snapshot, 2014, date(2014, 12, 31))
        data = evaluation_workbook(rendered.context, rendered.title, date(2015, 1, 20))
    book = load_workbook(BytesIO(data))
    assert book.sheetnames[:4] == ["Om datagrunnlaget", "Aktørar", "Styremøte", "Ressursbruk"]
    assert "Arbeidsplassar per bedrift" in book.sheetnames and "PSV-tilrådingar" in book.sheetnames
    assert [c.value for c in book["Ressursbruk"][1]][3] == "Eigeninnsatsen til bedriftene"
    assert (
        book["Om datagrunnlaget"]["A1"].value
        == "Datagrunnlag for sluttevalueringa, omstillingsperioden til og med 2014"
    )


def test_a_workbook_is_refused_for_a_document_that_has_none_and_nothing_is_written(cli, tmp_path):
    result = cli("report", "arsrapport", "--year", "2014", "--format", "md,xlsx")
    assert result.exit_code == 1
    assert result.stderr.strip() == "feil: ukjent format «xlsx»: velg blant md, html, docx, pdf"
    assert not (tmp_path / "ut" / "vestre-toten" / "2014").exists()


def test_a_nynorsk_programmes_summary_and_psv_trend_read_nynorsk(demo_snapshot):
    snapshot = replace(demo_snapshot, language=WrittenStandard.NYNORSK)
    evaluation = render_markdown(DocumentKind.FINAL_EVALUATION, snapshot, 2014, date(2014, 12, 31)).markdown
    psv = render_markdown(DocumentKind.PSV_FACTS, snapshot, 2014, date(2014, 12, 31)).markdown
    for line in (
        "# Datagrunnlag for sluttevalueringa, omstillingsperioden til og med 2014",
        "## 2 Måloppnåing",
        "### 2.3 Sysselsetjing og arbeidsløyse",
        "Prosessindikatorane har i snitt gått opp frå 2,8 i 2012 til 3,8 i 2013.",
        "Effektindikatorane har i snitt gått opp frå 2,3 i 2012 til 3,3 i 2013.",
    ):
        assert line in evaluation, line
    assert "Prosessindikatorane har i snitt gått opp frå 2,8 i 2012 til 3,8 i 2013." in psv
    assert "## 5. Vurderingsskjema for 2014" in psv and "## Faktaark" in psv
    data = data_strings(snapshot)
    found = {line: sorted(words) for line in evaluation.splitlines() if (words := bokmal_words(line, data))}
    assert not found, f"bokmål i sluttevaluering: {list(found.items())[:8]}"
