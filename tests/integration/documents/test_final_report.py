"""The final report (sluttrapport, issue 14 part 2): the whole status period of the demo, year by year and in
total, with the totals since 2010 equal to what `omstilling status --json` says for 2015."""

from __future__ import annotations

import json
import re

from omstilling.documents.filters import _number as num
from omstilling.documents.filters import kr


def section(markdown: str, heading: str) -> str:
    start = markdown.index(f"## {heading}")
    end = markdown.find("\n## ", start + 3)
    return markdown[start : end if end > 0 else None]


def test_the_final_report_for_2015_holds_the_totals_since_2010_that_status_shows(cli, tmp_path):
    assert cli("demo").exit_code == 0
    status = json.loads(cli("status", "--year", "2015", "--json").stdout)
    result = cli("report", "sluttrapport", "--out", str(tmp_path / "ut"), "--format", "md")
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "ut" / "vestre-toten" / "2015" / "sluttrapport.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Sluttrapport for omstillingsperioden til og med 2015\n")
    assert "omstillingsstatus 2010–2015 · tall per 31. desember 2015" in markdown

    jobs, portfolio = status["indicators"]["jobs_since_start"], status["portfolio_as_of"]
    assert portfolio["on"] == "2015-12-31"
    results = section(markdown, "4 Resultater")
    rows = [line for line in results.splitlines() if re.match(r"\| 20\d\d \|", line)]
    assert [row.split(" | ")[0] for row in rows] == [f"| {year}" for year in range(2010, 2016)]
    total = next(line for line in results.splitlines() if line.startswith("| **Sum**"))
    assert total == (
        f"| **Sum** | **{num(jobs['new'])}** | **{num(jobs['secured'])}** | **{num(jobs['total'])}** | "
        f"| **{num(portfolio['new_companies'])}** | **{num(portfolio['projects_started'])}** | "
        f"**{kr(portfolio['programme_support'])}** | **{kr(portfolio['total_project_budgets'])}** |"
    )
    assert (jobs["new"], jobs["secured"], jobs["total"]) == (45, 63, 108)
    # The years add up to the totals: the new jobs column, row by row.
    assert sum(int(row.split(" | ")[1]) for row in rows) == jobs["new"]

    summary = section(markdown, "1 Sammendrag")
    assert f"{num(jobs['total'])} nye og sikrede arbeidsplasser ({num(jobs['new'])} nye og" in summary
    assert f"{num(portfolio['projects_started'])} prosjekter" in summary
    for heading in (
        "2 Bakgrunn og organisering",
        "3 Mål og måloppnåelse",
        "5 Prosjektporteføljen",
        "6 Økonomi i perioden",
        "7 Programstatusvurderinger",
        "9 Videreføring etter programperioden",
    ):
        assert f"## {heading}" in markdown
    continuing = section(markdown, "9 Videreføring etter programperioden")
    assert "| **Til sammen** | | | | | **880\u00a0000\u00a0kr** |" in continuing
    assert "Vestre Toten skal være en næringsvennlig kommune" in continuing  # a goal to 2020 carries on
    assert "Det bør iverksettes flere prosjekter." in continuing  # a PSV recommendation still open
