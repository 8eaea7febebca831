"""The command line as a user meets it: help text, one-line errors, JSON that is only JSON."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from omstilling import db, services
from omstilling.cli import app
from omstilling.config import get_settings


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run `omstilling …` in-process against a database file of the test's own."""
    monkeypatch.setenv("OMSTILLING_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, list(args))
    get_settings.cache_clear()


def test_every_command_has_help_text(cli):
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        result = cli(name, "--help")
        assert result.exit_code == 0, name
        first_line = command.callback.__doc__.strip().splitlines()[0]
        assert first_line[:40] in " ".join(result.stdout.split()), name


def test_status_before_init_says_what_to_do_in_one_line(cli):
    result = cli("status")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("error: the database sqlite:///")
    assert "run `omstilling init`" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_init_demo_and_status_json_show_the_seeds_figures(cli):
    assert cli("init").exit_code == 0
    loaded = cli("demo")
    assert loaded.exit_code == 0
    assert "Loaded Omstillingsprogrammet i Vestre Toten (vestre-toten): 46 projects" in loaded.stderr
    again = cli("demo")
    assert "already loaded; nothing changed" in again.stderr

    result = cli("status", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)  # stdout holds the JSON and nothing else
    assert data["programme"]["slug"] == "vestre-toten"
    assert data["year"] == 2014
    assert data["budget"]["income_total"] == data["budget"]["spending_total"] == 4_000_000
    before = data["portfolio_before_year"]
    assert (before["on"], before["projects_started"], before["projects_finished"], before["jobs_total"]) == (
        "2013-12-31", 32, 24, 70)


def test_status_as_a_table_speaks_norwegian_figures(cli):
    cli("demo")
    result = cli("status", "--as-of", "2014-12-31")
    assert result.exit_code == 0
    assert "Omstillingsprogrammet i Vestre Toten" in result.stdout
    assert "4\u00a0000\u00a0000\u00a0kr" in result.stdout
    assert "io1-arbeidsplasser-2014" in result.stdout


def test_an_unknown_programme_names_the_ones_there_are(cli):
    cli("demo")
    result = cli("status", "--programme", "nordkapp")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: no programme 'nordkapp' (known: vestre-toten)"


def test_with_two_programmes_status_asks_which(cli):
    cli("demo")
    with db.session_scope() as session:
        services.create_programme(session, {
            "slug": "bindal", "name": "Omstilling Bindal", "municipality": "Bindal kommune",
            "county": "Nordland fylkeskommune", "county_short": "NFK", "status_start_year": 2014,
            "status_end_year": 2019})
    result = cli("status")
    assert result.exit_code == 1
    assert "several programmes (bindal, vestre-toten): choose one with --programme" in result.stderr
    assert cli("status", "--programme", "bindal", "--json").exit_code == 0


def test_a_date_that_is_not_a_date_is_refused_with_usage(cli):
    result = cli("status", "--as-of", "30.06.2014")
    assert result.exit_code == 2
    assert "is not an ISO date like 2014-06-16" in result.stderr


def test_an_unreachable_database_is_one_line_not_a_traceback(cli, monkeypatch):
    monkeypatch.setenv("OMSTILLING_DATABASE_URL", "postgresql://nobody@127.0.0.1:9/none")
    get_settings.cache_clear()
    result = cli("init")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: database postgresql+psycopg://nobody@127.0.0.1:9/none:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_installed_console_script_runs():
    result = subprocess.run([sys.executable, "-m", "omstilling.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "årshjul" in result.stdout


def test_wheel_json_lists_the_years_events_with_due_dates_and_reminders(cli):
    cli("demo")
    result = cli("wheel", "--year", "2014", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    report = next(e for e in data["events"] if e["key"] == "arsrapport")
    assert report | {"reminders": None} == {
        "key": "arsrapport", "title": "Årsrapport for fjoråret", "kind": "frist", "due_date": "2014-01-31",
        "rule_date": "2014-01-31", "start": None, "responsible_roles": ["programleder"], "document": "arsrapport",
        "status": "forfalt", "reminders": None}
    assert [r["date"] for r in report["reminders"]][:3] == ["2014-01-03", "2014-01-17", "2014-01-28"]
    assert [q["state"] for q in data["quotas"]] == ["oppfylt", "oppfylt"]


def test_the_wheel_table_shows_titles_keys_and_the_quota(cli):
    cli("demo")
    result = cli("wheel", "--year", "2015")
    assert result.exit_code == 0
    assert "Årsrapport for fjoråret" in result.stdout
    assert "soknad-fylket" in result.stdout
    assert "1. halvår 2015: Minst 3 styremøter hvert halvår" in " ".join(result.stdout.split())


def test_calendar_writes_an_ics_file(cli, tmp_path):
    cli("demo")
    target = tmp_path / "feeds" / "arshjul.ics"
    result = cli("calendar", "--year", "2014", "-o", str(target))
    assert result.exit_code == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert "Wrote the 2014 wheel of vestre-toten" in result.stderr


def test_done_marks_a_deadline_and_a_second_time_says_it_already_is(cli):
    cli("demo")
    first = cli("done", "arsrapport", "--year", "2015", "--by", "Bjørn Iversen")
    assert first.exit_code == 0
    assert first.stderr.strip() == "arsrapport 2015 (due 30.01.2015) is now utført."
    second = cli("done", "arsrapport", "--year", "2015")
    assert second.exit_code == 1
    assert "already utført by Bjørn Iversen; nothing changed" in second.stderr
    assert cli("done", "arsrapport", "--year", "2015", "--reopen").exit_code == 0
    statuses = {e["key"]: e["status"] for e in json.loads(cli("wheel", "--year", "2015", "--json").stdout)["events"]}
    assert statuses["arsrapport"] in ("åpen", "forfalt")


def test_the_wheel_picture_needs_png_or_svg(cli, tmp_path):
    cli("demo")
    result = cli("wheel", "--picture", str(tmp_path / "hjul.pdf"))
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: the picture must be a .png or .svg file, not 'hjul.pdf'"


def test_remind_dry_run_lists_without_writing_and_a_real_run_records(cli):
    cli("demo")
    dry = cli("remind", "--as-of", "2014-01-31", "--dry-run", "--json")
    assert dry.exit_code == 0
    planned = json.loads(dry.stdout)
    assert [(p["event"], p["role"], p["step_name"]) for p in planned["planned"]] == [
        ("arsrapport", "programleder", "fristen er i dag"), ("arsrapport", "styreleder", "fristen er i dag")]
    assert planned["new"] == 0
    real = cli("remind", "--as-of", "2014-01-31")
    assert real.exit_code == 0
    assert "2 new in the outbox, 0 sent" in real.stderr
    assert "set OMSTILLING_APPRISE_CONFIG" in real.stderr
    assert "2 new in the outbox" not in cli("remind", "--as-of", "2014-01-31").stderr


def test_simulate_previews_a_month_without_touching_the_database(cli, tmp_path):
    cli("demo")
    result = cli("simulate", "--from", "2014-06-01", "--to", "2014-06-30", "--out", str(tmp_path / "sim"), "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["reminders_by_role"] == {"kommunekontakt": 3, "programleder": 7, "styreleder": 4}
    assert len(list((tmp_path / "sim" / "meldinger").rglob("*.txt"))) == 14
    letter = next((tmp_path / "sim" / "meldinger" / "2014-06-20").glob("*-programleder.txt")).read_text()
    assert letter.startswith("Emne: Fristen er i dag: Søknad til fylkeskommunen om midler for neste år")
    assert json.loads(cli("remind", "--as-of", "2014-06-20", "--dry-run", "--json").stdout)["planned"]
    backwards = cli("simulate", "--from", "2014-06-30", "--to", "2014-06-01")
    assert backwards.exit_code == 1 and "--to must be on or after --from" in backwards.stderr
