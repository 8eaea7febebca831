"""Decisions to follow up (vedtaksoppfølging, issue 14 part 5): a board decision that names what, who (a role)
and by when becomes a deadline of the wheel's `vedtak` event, reminds its role through the ordinary reminder
machinery, and stands in the next board report under "Oppfølging av vedtak" until it is marked done."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

WHAT = "Vedtatt handlingsplan sendes kommunen og Oppland fylkeskommune"


@pytest.fixture
def cli(demo_cli):
    """The CLI on a copy of the demo (tests/conftest.py)."""
    return demo_cli


def board_report(cli, tmp_path, meeting: str, *seen: str) -> str:
    result = cli("report", "styrerapport", "--meeting", meeting, "--format", "md", *seen)
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "ut" / "vestre-toten" / meeting[:4] / f"styrerapport-{meeting}.md").read_text("utf-8")
    return markdown.split("### Oppfølging av vedtak\n")[1].split("\n## ")[0]


def test_a_decisions_follow_up_reminds_its_role_and_shows_on_the_next_board_report(cli, tmp_path):
    planned = json.loads(cli("remind", "--as-of", "2014-02-07", "--dry-run", "--json").stdout)["planned"]
    follow_ups = [p for p in planned if p["event"] == "vedtaksoppfolging"]
    assert [(p["role"], p["due"]) for p in follow_ups] == [("programleder", "2014-02-14")]
    assert follow_ups[0]["title"] == f"Oppfølging av vedtak: sak 03/14: {WHAT}"
    # read as a deadline, not as a meeting
    assert follow_ups[0]["subject"].endswith(f"Oppfølging av vedtak: sak 03/14: {WHAT} – frist fredag 14. februar 2014")
    overdue = json.loads(cli("remind", "--as-of", "2014-02-17", "--dry-run", "--json").stdout)["planned"]
    assert sorted(p["role"] for p in overdue if p["event"] == "vedtaksoppfolging") == ["programleder", "styreleder"]

    # Not on the report of the meeting that made the decision; on the next one, past its deadline.
    assert "03/14" not in board_report(cli, tmp_path, "2014-01-27")
    section = board_report(cli, tmp_path, "2014-03-17")
    assert f"| 03/14 | {WHAT} | programleder | 14.02.2014 | fristen er passert |" in section
    assert "1 vedtak fra tidligere møter er ikke markert fulgt opp ennå." in section

    import sqlite3

    def deadline_rows() -> int:
        with sqlite3.connect(tmp_path / "cli.db") as connection:
            return connection.execute("SELECT COUNT(*) FROM deadline").fetchone()[0]

    before = deadline_rows()
    refused_later = cli("done", "vedtaksoppfolging", "--year", "2015", "--sak", "99/14")
    assert refused_later.exit_code == 1 and deadline_rows() == before  # not even 2015's deadlines were written
    unknown = cli("done", "vedtaksoppfolging", "--year", "2014", "--sak", "99/14")
    assert unknown.exit_code == 1 and "ingen styresak «99/14»" in unknown.stderr
    wrong = cli("done", "arsrapport", "--year", "2014", "--sak", "03/14")
    assert wrong.exit_code == 1 and "følger ikke opp styresaker" in wrong.stderr
    both = cli("done", "vedtaksoppfolging", "--year", "2014", "--sak", "03/14", "--dato", "2014-02-14")
    assert both.exit_code == 1 and "velg enten en sak eller en dato" in both.stderr
    assert "03/14" in board_report(cli, tmp_path, "2014-03-17")  # nothing was marked by the refused commands
    done = cli("done", "vedtaksoppfolging", "--year", "2014", "--sak", "03/14", "--by", "Bjørn Iversen")
    assert done.exit_code == 0, done.output
    # marked today: the report seen from the day before the meeting still lists it (the decisions register's
    # state on that day, as the agenda's), the report seen from today does not
    assert "03/14" in board_report(cli, tmp_path, "2014-03-17")
    today = __import__("omstilling.clock").clock.today().isoformat()  # the installation's day, as the mark's
    assert "Alle vedtak fra tidligere møter som skulle følges opp, er markert fulgt opp." in board_report(
        cli, tmp_path, "2014-03-17", "--as-of", today
    )
    later = json.loads(cli("remind", "--as-of", "2014-02-17", "--dry-run", "--json").stdout)["planned"]
    assert not [p for p in later if p["event"] == "vedtaksoppfolging"]


def test_a_follow_up_comes_in_through_the_workbook_and_needs_what_who_and_when(cli, tmp_path):
    assert cli("export", "saker.xlsx").exit_code == 0
    workbook = load_workbook(tmp_path / "saker.xlsx")
    sheet = workbook["Saker"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "05/14")
    row[headers.index("Oppfølging")].value = "Kontrakt med Toten Trebygg AS signeres"
    row[headers.index("Ansvarlig for oppfølging")].value = "programleder"
    workbook.save(tmp_path / "saker.xlsx")
    refused = cli("import", "saker.xlsx")
    assert refused.exit_code == 1
    assert "et vedtak som skal følges opp trenger hva, hvem (en rolle) og en frist" in refused.stderr

    from datetime import datetime

    row[headers.index("Frist for oppfølging")].value = datetime(2014, 4, 1)
    workbook.save(tmp_path / "saker.xlsx")
    assert cli("import", "saker.xlsx").exit_code == 0
    section = board_report(cli, tmp_path, "2014-05-19")
    assert (
        "| 05/14 | Kontrakt med Toten Trebygg AS signeres | programleder | 01.04.2014 | fristen er passert |" in section
    )
    planned = json.loads(cli("remind", "--as-of", "2014-03-25", "--dry-run", "--json").stdout)["planned"]
    assert [(p["role"], p["due"]) for p in planned if p["event"] == "vedtaksoppfolging"] == [
        ("programleder", "2014-04-01")
    ]


def test_a_board_meeting_of_several_is_marked_by_its_date(cli):
    """Without --dato, `done styremote` takes the year's first open meeting; with it, the meeting of that day."""
    marked = cli("done", "styremote", "--year", "2014", "--dato", "2014-06-16", "--by", "ole")
    assert marked.exit_code == 0, marked.output
    assert "16.06.2014 er nå utført. Påminnelsene stopper." in " ".join(marked.stderr.split())
    missing = cli("done", "styremote", "--year", "2014", "--dato", "2014-06-17")
    assert missing.exit_code == 1 and "«styremote» har ingen frist 17.06.2014 i 2014" in missing.stderr
    first = cli("done", "styremote", "--year", "2014", "--by", "ole")
    assert "(frist 16.06.2014)" not in first.stderr
