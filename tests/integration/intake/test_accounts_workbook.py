"""Accounts, not only grants (issue 14, part 4): what was spent on each budget line and received from each
source comes in through the workbook's Budsjett sheet (column Regnskap), round-trips, is refused row by row when
it is no amount, and shows in the economy section beside budget, granted and paid."""

from __future__ import annotations

import json
import re

import pytest
from openpyxl import load_workbook

NBSP = "\u00a0"
ADMIN = "Programadministrasjon (ledelse, innleid kompetanse og annet)"


@pytest.fixture
def cli(demo_cli):
    """The CLI on a copy of the demo (tests/conftest.py)."""
    return demo_cli


def budget_rows(path) -> tuple:
    sheet = load_workbook(path)["Budsjett"]
    headers = [c.value for c in sheet[1]]
    return headers, sheet


def set_actual(path, label: str, value) -> int:
    headers, sheet = budget_rows(path)
    row = next(r for r in sheet.iter_rows(min_row=2) if r[headers.index("Tekst")].value == label)
    row[headers.index("Regnskap (kr)")].value = value
    sheet.parent.save(path)
    return row[0].row


def kr(text: str) -> str:
    """Expected text as the documents print it: a no-break space inside numbers and before kr."""
    return re.sub(r"(?<=\d) (?=\d|kr)", NBSP, text)


def test_the_accounts_round_trip_and_the_administration_line_shows_what_it_spent(cli, tmp_path):
    assert cli("export", "regnskap.xlsx").exit_code == 0
    set_actual(tmp_path / "regnskap.xlsx", ADMIN, 880000)
    set_actual(tmp_path / "regnskap.xlsx", "Egenandel Vestre Toten kommune", 450000)
    result = cli("import", "regnskap.xlsx")
    assert result.exit_code == 0, result.output
    assert cli("export", "igjen.xlsx").exit_code == 0
    headers, sheet = budget_rows(tmp_path / "igjen.xlsx")
    actual = {
        r[headers.index("Tekst")].value: r[headers.index("Regnskap (kr)")].value for r in sheet.iter_rows(min_row=2)
    }
    assert actual[ADMIN] == 880000 and actual["Egenandel Vestre Toten kommune"] == 450000
    assert "Ingen endringer" in cli("import", "igjen.xlsx").stdout

    status = json.loads(cli("status", "--year", "2014", "--json").stdout)["budget"]
    admin = next(line for line in status["spending"] if line["category"] == "administrasjon")
    assert (admin["amount"], admin["granted"], admin["paid"], admin["spent"]) == (900000, 880000, 880000, 880000)
    assert status["received_total"] == 3950000 and status["spent_total"] == 3915000

    assert cli("report", "arsrapport", "--year", "2014", "--format", "md").exit_code == 0
    markdown = (tmp_path / "ut" / "vestre-toten" / "2014" / "arsrapport.md").read_text(encoding="utf-8")
    economy = markdown.split("## Økonomi")[1].split("\n## ")[0]
    assert kr(f"| {ADMIN} | 900 000 kr | 880 000 kr | 880 000 kr | 880 000 kr | 20 000 kr |") in economy
    assert kr("| Egenandel Vestre Toten kommune | 500 000 kr | | | 450 000 kr | |") in economy
    assert (
        kr("| **Sum ressursbruk** | **4 000 000 kr** | **3 510 000 kr** | **2 630 000 kr** | **3 915 000 kr** | |")
        in economy
    )
    assert " – " not in economy and "| – |" not in economy


@pytest.mark.parametrize(
    "bad, message",
    [
        (-5000, "-5000 — må være et helt beløp på 0 eller mer"),
        ("mye", '"mye" — er tekst, ikke et tall: skriv et helt beløp i kroner'),
        (12.5, "12,5 — må være et helt beløp i kroner, uten øre"),
    ],
)
def test_a_bad_amount_in_the_accounts_is_refused_on_its_row_and_nothing_is_written(cli, tmp_path, bad, message):
    assert cli("export", "regnskap.xlsx").exit_code == 0
    row = set_actual(tmp_path / "regnskap.xlsx", ADMIN, bad)
    result = cli("import", "regnskap.xlsx")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Budsjett, rad {row}, kolonne «Regnskap (kr)»: {message}",
        "feil: regnskap.xlsx: 1 feil; ingenting ble importert (databasen er uendret)",
    ]
    status = json.loads(cli("status", "--year", "2014", "--json").stdout)["budget"]
    assert next(line for line in status["spending"] if line["category"] == "administrasjon")["spent"] == 872000
