"""A project with two awards (review of issue 29, defect 5): every way in names one by its grant date. Project
2014-12 gets 300 000 kroner on 17 March 2014 and again on 20 October 2014 (each over the 30 000 euro the test sets
as the register's threshold): `stotte rapportert --tildelt`, `done registerrapport --prosjekt --tildelt`, `stotte
brev --tildelt` and `stotte erklaering --project --tildelt` reach the award named; without a date, marking is
refused with both dates (a letter is the latest, as before); a date without an award is refused."""

from __future__ import annotations

import sqlite3

import pytest

MARCH, OCTOBER = "2014-03-17", "2014-10-20"


@pytest.fixture
def cli(demo_cli, monkeypatch):
    from omstilling.config import get_settings

    monkeypatch.setenv("OMSTILLING_REGISTER_THRESHOLD_EUR", "30000")
    get_settings.cache_clear()
    for day in (MARCH, OCTOBER):
        made = demo_cli(
            "stotte", "tildel", "2014-12", "--date", day, "--org-number", "974760606", "--amount", "300000", "--by", "K"
        )
        assert made.exit_code == 0, made.output
    return demo_cli


def reported(tmp_path) -> dict[str, str | None]:
    with sqlite3.connect(tmp_path / "cli.db") as connection:
        found = connection.execute(
            "SELECT a.granted_on, a.reported_on FROM aidaward a JOIN project p ON p.id = a.project_id "
            "WHERE p.number = '2014-12'"
        ).fetchall()
    return dict(found)


def test_each_award_of_a_project_is_marked_reported_by_its_grant_date(cli, tmp_path):
    refused = cli("stotte", "rapportert", "2014-12", "--dato", "2014-09-03")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        "feil: prosjekt 2014-12 har flere tildelinger (17.03.2014, 20.10.2014): si hvilken med tildelingsdatoen; "
        "ingenting ble endret"
    )
    assert reported(tmp_path) == {MARCH: None, OCTOBER: None}
    march = cli("stotte", "rapportert", "2014-12", "--tildelt", MARCH, "--dato", "2014-09-03")
    assert march.exit_code == 0, march.output
    assert "tildelt 17.03.2014 er rapportert til Registeret for offentlig støtte 3. september 2014" in march.stderr
    assert reported(tmp_path) == {MARCH: "2014-09-03", OCTOBER: None}
    october = cli(
        "done", "registerrapport", "--year", "2015", "--prosjekt", "2014-12", "--tildelt", OCTOBER, "--by", "K"
    )
    assert october.exit_code == 0, october.output
    assert reported(tmp_path)[MARCH] == "2014-09-03" and reported(tmp_path)[OCTOBER] is not None
    alone = cli("done", "registerrapport", "--year", "2015", "--tildelt", OCTOBER)
    assert alone.exit_code == 2 and "--tildelt gjelder bare med --prosjekt" in alone.output
    wrong = cli("stotte", "rapportert", "2014-12", "--tildelt", "2014-05-05")
    assert wrong.exit_code == 1
    assert "prosjekt 2014-12 har ingen tildeling 05.05.2014 (tildelt: 17.03.2014, 20.10.2014)" in wrong.stderr


def test_each_award_of_a_project_has_its_own_letter_and_form(cli, tmp_path):
    march = cli("stotte", "brev", "2014-12", "--tildelt", MARCH, "--format", "md", "--date", "2014-11-03")
    assert march.exit_code == 0, march.output
    text = (tmp_path / "ut" / "vestre-toten" / "2014" / "stotte" / f"tilsagnsbrev-2014-12-{MARCH}.md").read_text()
    assert "Støtten er gitt 17. mars 2014" in " ".join(text.split())
    assert "20. oktober 2014" not in text
    latest = cli("stotte", "brev", "2014-12", "--format", "md", "--date", "2014-11-03")  # as before: the latest
    assert latest.exit_code == 0, latest.output
    text = (tmp_path / "ut" / "vestre-toten" / "2014" / "stotte" / "tilsagnsbrev-2014-12.md").read_text()
    assert "Støtten er gitt 20. oktober 2014" in " ".join(text.split())
    form = cli("stotte", "erklaering", "--project", "2014-12", "--tildelt", MARCH, "--format", "md")
    assert form.exit_code == 0, form.output
    assert f"egenerklaering-2014-12-{MARCH}.md" in form.stdout
    wrong = cli("stotte", "brev", "2014-12", "--tildelt", "2014-05-05", "--format", "md")
    assert wrong.exit_code == 1 and "har ingen tildeling 05.05.2014" in wrong.stderr
