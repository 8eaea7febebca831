"""PSV scores through the workbook (issue 14, part 3): a year's scores round-trip through the sheets PSV and
PSV-score and then stand beside the year before in the documents; bad scores are refused row by row."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

INDICATORS = [
    ("Forankring og eierskap", "prosessindikator", 4),
    ("Organisering og styring", "prosessindikator", 5),
    ("Strategi og planer", "prosessindikator", 4),
    ("Mobilisering og samarbeid", "prosessindikator", 4),
    ("Nye og sikrede arbeidsplasser", "effektindikator", 3),
    ("Nyetableringer", "effektindikator", 2),
    ("Bedriftsutvikling og innovasjon", "effektindikator", 4),
    ("Varig utviklingsevne", "effektindikator", 4),
]


@pytest.fixture
def cli(demo_cli):
    """The CLI on a copy of the demo (tests/conftest.py)."""
    return demo_cli


def add_2014(path, scores=None) -> None:
    workbook = load_workbook(path)
    workbook["PSV"].append([2014, None, "Ekstern prosessveileder", "God fremdrift, svak effekt på nyetableringer."])
    for indicator, kind, score in INDICATORS:
        workbook["PSV-score"].append([2014, indicator, kind, (scores or {}).get(indicator, score), "Enige i gruppen."])
    workbook.save(path)


def test_a_years_scores_round_trip_and_stand_beside_the_year_before(cli, tmp_path):
    assert cli("export", "psv.xlsx").exit_code == 0
    add_2014(tmp_path / "psv.xlsx")
    result = cli("import", "psv.xlsx")
    assert result.exit_code == 0, result.output
    assert cli("export", "igjen.xlsx").exit_code == 0
    rows = [[c.value for c in row] for row in load_workbook(tmp_path / "igjen.xlsx")["PSV-score"].iter_rows(min_row=2)]
    assert [r[:4] for r in rows if r[0] == 2014] == [[2014, name, kind, score] for name, kind, score in INDICATORS]
    assert "Ingen endringer" in cli("import", "igjen.xlsx").stdout

    for kind in ("psv-grunnlag", "arsrapport", "seminargrunnlag"):
        assert cli("report", kind, "--year", "2014", "--format", "md").exit_code == 0
        markdown = (tmp_path / "ut" / "vestre-toten" / "2014" / f"{kind}.md").read_text(encoding="utf-8")
        assert "| Indikator | Type | 2012 | 2013 | 2014 | Begrunnelse (siste) |" in markdown, kind
        assert "| Organisering og styring | prosessindikator | 3 | 4 | 5 | Enige i gruppen. |" in markdown, kind
        assert "Det er ikke registrert noen score fra programstatusvurderingen for 2014" not in markdown, kind


def test_a_year_without_scores_is_said_in_words(cli, tmp_path):
    for kind in ("psv-grunnlag", "arsrapport", "seminargrunnlag"):
        assert cli("report", kind, "--year", "2014", "--format", "md").exit_code == 0
        markdown = (tmp_path / "ut" / "vestre-toten" / "2014" / f"{kind}.md").read_text(encoding="utf-8")
        assert (
            "| Strategi og planer | prosessindikator | 2 | 3 | – | Ikke målbare mål i alle innsatsområder. |"
            in markdown
        ), kind
        assert (
            "Det er ikke registrert noen score fra programstatusvurderingen for 2014; tabellen viser de "
            "foregående årene."
        ) in markdown, kind


@pytest.mark.parametrize(
    "bad, message",
    [
        (0, "0 — må være 1 eller mer"),
        (6, "6 — må være 5 eller mindre"),
        ("fire", '"fire" — er tekst, ikke et tall: skriv en score fra 1 til 5'),
    ],
)
def test_a_bad_score_is_refused_on_its_row_and_nothing_is_written(cli, tmp_path, bad, message):
    assert cli("export", "psv.xlsx").exit_code == 0
    add_2014(tmp_path / "psv.xlsx", {"Nyetableringer": bad})
    result = cli("import", "psv.xlsx")
    assert result.exit_code == 1
    # The 16 scores of 2012 and 2013 come first: Nyetableringer 2014 is the sheet's row 23.
    assert result.stderr.splitlines() == [
        f"PSV-score, rad 23, kolonne «Score»: {message}",
        "feil: psv.xlsx: 1 feil; ingenting ble importert (databasen er uendret)",
    ]
    assert cli("export", "etter.xlsx").exit_code == 0
    rows = list(load_workbook(tmp_path / "etter.xlsx")["PSV-score"].iter_rows(min_row=2, values_only=True))
    assert not [r for r in rows if r[0] == 2014]


def test_a_year_with_seven_indicators_is_refused(cli, tmp_path):
    assert cli("export", "psv.xlsx").exit_code == 0
    workbook = load_workbook(tmp_path / "psv.xlsx")
    for indicator, kind, score in INDICATORS[:7]:
        workbook["PSV-score"].append([2014, indicator, kind, score, None])
    workbook.save(tmp_path / "psv.xlsx")
    result = cli("import", "psv.xlsx")
    assert result.exit_code == 1
    assert (
        "PSV-en for 2014 har 4 prosessindikatorer og 3 effektindikatorer; skjemaet har 4 + 4 (nyere) eller "
        "6 + 6 (eldre)"
    ) in result.stderr
