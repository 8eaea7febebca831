"""The PSV by its method through the workbook (issue 29, item 5): the set a year is scored on and the conclusion the
participants agreed on (sheet PSV), the programme's own indicators (sheet PSV-indikatorer); they round-trip, the PSV
basis lays out the year's scoring form from them, and grades that do not fit the set a year names are refused with
what the set has, leaving the database as it was."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

OWN = [
    (1, "Forankring i kommunen", "prosessindikator", "Kommunens eierskap og politiske forankring."),
    (2, "Styrets arbeid", "prosessindikator", None),
    (3, "Arbeidsplasser", "effektindikator", "Nye og sikrede arbeidsplasser fra prosjektene."),
    (4, "Nyetableringer", "effektindikator", None),
]
CONCLUSION = "Programmet drives godt; effektene på arbeidsplasser må komme tydeligere fram."


@pytest.fixture
def cli(demo_cli):
    """The CLI on a copy of the demo (tests/conftest.py)."""
    return demo_cli


def psv_2014(path, form: str, grades: list[tuple[str, str, int]], indicators=OWN) -> None:
    """Add the 2014 PSV on `form` with its grades, and the programme's own indicators, to an exported workbook."""
    workbook = load_workbook(path)
    for row in indicators:
        workbook["PSV-indikatorer"].append(list(row))
    workbook["PSV"].append([2014, None, "Ekstern prosessveileder", "God fremdrift.", form, CONCLUSION])
    for indicator, kind, score in grades:
        workbook["PSV-score"].append([2014, indicator, kind, score, "Enige i gruppen."])
    workbook.save(path)


def test_the_own_indicators_the_set_and_the_conclusion_round_trip_and_make_the_next_years_form(cli, tmp_path):
    assert cli("export", "psv.xlsx").exit_code == 0
    psv_2014(tmp_path / "psv.xlsx", "programmets egne indikatorer", [(n, k, 4) for _, n, k, _ in OWN])
    result = cli("import", "psv.xlsx")
    assert result.exit_code == 0, result.output

    assert cli("export", "igjen.xlsx").exit_code == 0
    book = load_workbook(tmp_path / "igjen.xlsx")
    assert [list(r) for r in book["PSV-indikatorer"].iter_rows(min_row=2, values_only=True)] == [list(r) for r in OWN]
    headers = [c.value for c in book["PSV"][1]]
    assert headers[4:6] == ["Indikatorsett", "Omforent konklusjon"]
    rows = {r[0]: r for r in book["PSV"].iter_rows(min_row=2, values_only=True)}
    assert rows[2014][4:6] == ("programmets egne indikatorer", CONCLUSION)
    assert rows[2013][4] == "Innovasjon Norges vurderingsskjema med 8 hovedindikatorer (4 prosess, 4 effekt)"
    assert "Ingen endringer" in cli("import", "igjen.xlsx").stdout

    # The 2015 PSV basis, before its meeting: the form is the programme's own, with 2014's grades beside it.
    assert cli("report", "psv-grunnlag", "--year", "2015", "--as-of", "2015-10-07", "--format", "md").exit_code == 0
    markdown = (tmp_path / "ut" / "vestre-toten" / "2015" / "psv-grunnlag.md").read_text(encoding="utf-8")
    assert "Vurderingen for 2015 gjøres etter programmets egne indikatorer." in markdown
    assert "| Indikator | Type | Karakter 2014 | Karakter 2015 | Begrunnelse |" in markdown
    assert (
        "| Forankring i kommunen – Kommunens eierskap og politiske forankring. | prosessindikator | 4 |  | |"
    ) in markdown
    assert "| Nyetableringer | effektindikator | 4 |  | |" in markdown
    assert f"Deltakernes omforente konklusjon: {CONCLUSION}" in markdown
    assert "| **Snitt prosessindikatorer** | | **2,8** | **3,8** | **4,0** |" in markdown
    assert "Prosessindikatorene har i snitt gått opp fra 2,8 i 2012 til 4,0 i 2014." in markdown


@pytest.mark.parametrize(
    "form, indicators, grades, message",
    [
        (
            "in-12",
            OWN,
            [(f"P{n}", "prosessindikator", 3) for n in range(4)] + [(f"E{n}", "effektindikator", 3) for n in range(4)],
            (
                "PSV-en for 2014: karakterene har 4 prosessindikatorer og 4 effektindikatorer, men Innovasjon Norges "
                "vurderingsskjema med 12 indikatorer (6 prosess, 6 effekt) har 6 og 6"
            ),
        ),
        (
            "egen",
            [],
            [(n, k, 4) for _, n, k, _ in OWN],
            "PSV-en for 2014: programmets egne indikatorer er valgt på arket PSV, men arket PSV-indikatorer er tomt",
        ),
        (
            "egen",
            OWN,
            [(n, k, 4) for _, n, k, _ in OWN[:3]] + [("Bedriftsutvikling", "effektindikator", 4)],
            "PSV-en for 2014: «Bedriftsutvikling» er ikke blant programmets egne indikatorer (arket PSV-indikatorer)",
        ),
    ],
    ids=["12 named, 4 + 4 given", "own named, none defined", "own named, one not among them"],
)
def test_grades_that_do_not_fit_the_set_the_year_names_are_refused_and_nothing_is_written(
    cli, tmp_path, form, indicators, grades, message
):
    assert cli("export", "psv.xlsx").exit_code == 0
    psv_2014(tmp_path / "psv.xlsx", form, grades, indicators)
    result = cli("import", "psv.xlsx")
    assert result.exit_code == 1
    # the 16 grades of 2012 and 2013 come first (rows 2 to 17): the problem stands at the year's last grade
    assert result.stderr.splitlines() == [
        f"PSV-score, rad {17 + len(grades)}, kolonne «År»: 2014 — {message}",
        "feil: psv.xlsx: 1 feil; ingenting ble importert (databasen er uendret)",
    ]
    assert cli("export", "etter.xlsx").exit_code == 0
    book = load_workbook(tmp_path / "etter.xlsx")
    assert not [r for r in book["PSV"].iter_rows(min_row=2, values_only=True) if r[0] == 2014]
    assert list(book["PSV-indikatorer"].iter_rows(min_row=2, values_only=True)) == []


def test_a_set_the_workbook_does_not_know_is_refused_on_its_cell(cli, tmp_path):
    assert cli("export", "psv.xlsx").exit_code == 0
    psv_2014(tmp_path / "psv.xlsx", "Innovasjon Norges skjema fra 2030", [])
    result = cli("import", "psv.xlsx")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("PSV, rad 4, kolonne «Indikatorsett»: ")
