"""`omstilling export` and `omstilling import` as a user meets them: the summary table, one line per problem,
exit status 1 and an unchanged database, one clear line for a file that is no workbook."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook


@pytest.fixture
def cli(demo_cli):
    """The CLI on a copy of the demo (tests/conftest.py)."""
    return demo_cli


def jobs_2014(cli) -> int:
    status = json.loads(cli("status", "--json", "--as-of", "2014-12-31").stdout)
    return next(g["actual"] for g in status["goals"] if g["key"] == "io1-arbeidsplasser-2014")


def test_a_dry_run_shows_the_changes_and_a_real_run_lands_them_for_status_to_see(cli, tmp_path):
    exported = cli("export", "demo.xlsx")
    assert exported.exit_code == 0
    assert exported.stderr.startswith("Skrev vestre-toten til demo.xlsx (Program 1, Personer 10,")
    workbook = load_workbook(tmp_path / "demo.xlsx")
    row = next(r for r in workbook["Resultater"].iter_rows(min_row=2) if r[0].value == "2014-05")
    row[3].value = 12
    workbook.save(tmp_path / "demo.xlsx")
    before = jobs_2014(cli)

    dry = cli("import", "demo.xlsx", "--dry-run")
    assert dry.exit_code == 0
    assert "Prøvekjøring, ingenting er skrevet: demo.xlsx → vestre-toten" in dry.stdout
    assert re.search(r"│ Resultater +│ +0 │ +1 │ +25 │ Nye arbeidsplasser \(1\)", dry.stdout), dry.stdout
    assert "Nye arbeidsplasser: 2 → 12" in dry.stdout
    assert jobs_2014(cli) == before

    real = cli("import", "demo.xlsx")
    assert real.exit_code == 0
    assert "Importert: demo.xlsx → vestre-toten" in real.stdout
    assert jobs_2014(cli) == before + 10
    again = cli("import", "demo.xlsx")
    assert "Ingen endringer: databasen har allerede det filen sier." in again.stdout


def test_a_failed_import_prints_every_problem_on_its_own_line_and_changes_nothing(cli, tmp_path):
    cli("export", "demo.xlsx")
    workbook = load_workbook(tmp_path / "demo.xlsx")
    workbook["Prosjekter"]["J7"] = -5
    workbook["Utbetalinger"]["B3"] = "i morgen"
    workbook["Resultater"]["D2"] = 99  # a good change: it must not land either
    workbook.save(tmp_path / "feil.xlsx")
    before = jobs_2014(cli)

    result = cli("import", "feil.xlsx")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Prosjekter, rad 7, kolonne «Tilsagn (kr)»: -5 — må være et helt beløp på 0 eller mer",
        (
            'Utbetalinger, rad 3, kolonne «Dato»: "i morgen" — er tekst, ikke en dato: skriv en dato i cellen, '
            "f.eks. 16.06.2014"
        ),
        "feil: feil.xlsx: 2 feil; ingenting ble importert (databasen er uendret)",
    ]
    assert jobs_2014(cli) == before


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "filen er tom; forventet en Excel-arbeidsbok (.xlsx)"),
        (
            b"Prosjektnummer;Tittel\n2014-01;Ny linje\n",
            "ikke en Excel-arbeidsbok (.xlsx): filen er en tekst- eller CSV-fil",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le"),
            "arbeidsboka er passordbeskyttet",
        ),
    ],
    ids=["empty", "csv renamed", "password-protected"],
)
def test_a_file_that_is_no_workbook_gets_one_clear_line(cli, tmp_path, content, says):
    (tmp_path / "data.xlsx").write_bytes(content)
    result = cli("import", "data.xlsx")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"feil: data.xlsx: {says}")


def test_a_new_programme_comes_from_the_template_filled_in(cli, tmp_path):
    assert cli("export", "mal.xlsx", "--template").stderr.startswith("Skrev en tom arbeidsbok til mal.xlsx")
    workbook = load_workbook(tmp_path / "mal.xlsx")
    workbook["Program"].append(
        ["bindal", "Omstilling Bindal", "Bindal kommune", "Nordland fylkeskommune", "NFK", 2014, 2019, None]
    )
    workbook["Innsatsområder"].append([1, "Reiseliv"])
    workbook["Prosjekter"].append(
        [
            "B-01",
            "Hytter",
            "Bindal Hytter AS",
            None,
            1,
            None,
            None,
            "forstudie",
            "innvilget",
            50_000,
            datetime(2014, 3, 1),
        ]
    )
    workbook["Årshjul"].append(
        [
            "arsrapport",
            "Årsrapport",
            "frist",
            "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31",
            "programleder",
            "årsrapport",
            None,
            "-14: programleder; 0: programleder, styreleder",
        ]
    )
    workbook.save(tmp_path / "bindal.xlsx")

    result = cli("import", "bindal.xlsx")
    assert result.exit_code == 0, result.stderr
    assert "Importert: bindal.xlsx → bindal (et nytt program)" in result.stdout
    status = json.loads(cli("status", "--programme", "bindal", "--json", "--as-of", "2014-12-31").stdout)
    assert status["programme"]["name"] == "Omstilling Bindal"
    wheel = json.loads(cli("wheel", "--programme", "bindal", "--year", "2015", "--json").stdout)
    assert [event["key"] for event in wheel["events"]] == ["arsrapport"]


def test_export_wants_an_xlsx_name_or_the_csv_option(cli, tmp_path):
    result = cli("export", "demo.xls")
    assert result.exit_code == 1
    assert result.stderr.strip() == "feil: arbeidsboka må være en .xlsx-fil, ikke «demo.xls» (eller bruk --csv MAPPE)"
    assert cli("export", "csv", "--csv").exit_code == 0
    assert (tmp_path / "csv" / "Prosjekter.csv").read_text(encoding="utf-8-sig").startswith("Prosjektnummer;Tittel")
    assert cli("import", "csv", "--dry-run").stdout.count("Ingen endringer") == 1
