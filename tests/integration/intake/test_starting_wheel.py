"""A wheel to start from (issue 14, part 6): a new programme's workbook template can carry Innovasjon Norge's
årshjul (or the demo's), with each rule in words beside it; imported, it is the new programme's wheel."""

from __future__ import annotations

import json

from openpyxl import load_workbook


def test_a_new_programme_starts_from_innovasjon_norges_wheel(cli, tmp_path):
    assert cli("init").exit_code == 0
    result = cli("export", "nyby.xlsx", "--template", "--wheel", "innovasjon-norge")
    assert result.exit_code == 0, result.output
    workbook = load_workbook(tmp_path / "nyby.xlsx")
    sheet = workbook["Årshjul"]
    headers = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(headers, r, strict=False)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["soknad-kommunen"]["Regel (RRULE)"] == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15"
    assert rows["soknad-kommunen"]["Regel i ord"] == "15. desember"
    assert rows["psv"]["Regel i ord"] == "tredje onsdag i oktober"
    workbook["Program"].append(
        ["nyby", "Omstillingsprogrammet i Nyby", "Nyby kommune", "Innlandet fylkeskommune", "IFK", 2024, 2029, None]
    )
    sheet.cell(row=2, column=headers.index("Regel i ord") + 1).value = "noe annet"  # the words are not read back
    workbook.save(tmp_path / "nyby.xlsx")
    imported = cli("import", "nyby.xlsx")
    assert imported.exit_code == 0, imported.output

    data = json.loads(cli("wheel", "--year", "2025", "--json").stdout)
    events = {e["key"]: e for e in data["events"]}
    assert events["soknad-kommunen"]["due_date"] == "2025-12-15"  # December, not June as in the seed's wheel
    assert events["psv"]["due_date"] == "2025-10-15"
    assert events["arsrapport"]["rule_text"] == "siste arbeidsdag i februar"
    table = cli("wheel", "--year", "2025")
    assert "regel: 15. desember" in " ".join(table.stdout.split())
    # The last year of the period: no application for the year after, the final report instead.
    last = {e["key"] for e in json.loads(cli("wheel", "--year", "2029", "--json").stdout)["events"]}
    assert "soknad-kommunen" not in last and "sluttrapport" in last


def test_the_wheel_option_needs_a_template_and_a_known_wheel(cli):
    assert cli("init").exit_code == 0
    unknown = cli("export", "x.xlsx", "--template", "--wheel", "hvilket")
    assert unknown.exit_code == 1
    assert "feil: ukjent årshjul «hvilket»; velg blant: innovasjon-norge, vestre-toten" in unknown.stderr
    alone = cli("export", "x.xlsx", "--wheel", "innovasjon-norge")
    assert alone.exit_code == 1
    assert "--wheel gjelder bare en tom arbeidsbok for et nytt program (--template)" in alone.stderr
