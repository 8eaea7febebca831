"""The command line as a user meets it: help text, one-line errors, JSON that is only JSON."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from omstilling.cli import app
from omstilling.config import get_settings
from omstilling.intake import writes
from omstilling.store import db


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
    assert result.stderr.strip().startswith("feil: databasen sqlite:///")
    assert "kjør `omstilling init`" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_init_demo_and_status_json_show_the_seeds_figures(cli):
    assert cli("init").exit_code == 0
    loaded = cli("demo")
    assert loaded.exit_code == 0
    assert "Lastet inn Omstillingsprogrammet i Vestre Toten (vestre-toten): 46 prosjekter" in loaded.stderr
    again = cli("demo")
    assert "er alt lastet inn; ingenting ble endret" in again.stderr

    result = cli("status", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)  # stdout holds the JSON and nothing else
    assert data["programme"]["slug"] == "vestre-toten"
    assert data["year"] == 2014
    assert data["budget"]["income_total"] == data["budget"]["spending_total"] == 4_000_000
    before = data["portfolio_before_year"]
    assert (before["on"], before["projects_started"], before["projects_finished"], before["jobs_total"]) == (
        "2013-12-31",
        32,
        24,
        70,
    )


def test_status_as_a_table_reads_as_norwegian_with_goals_by_their_text(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    cli("demo")
    result = cli("status", "--as-of", "2014-12-31")
    assert result.exit_code == 0
    text = re.sub(r"[ \n]+", " ", result.stdout)  # (not str.split: it would take the no-break spaces too)
    assert "Omstillingsprogrammet i Vestre Toten" in text
    assert "Planår 2014, tall per 31.12.2014." in text
    assert "4\u00a0000\u00a0000\u00a0kr" in text
    assert "Mål for 2014" in text and "Måltall" in text and "Så langt" in text
    assert "IO1 Bidra til etablering av minst 2 nye bedrifter." in text  # the goal's text, not its key
    assert "io1-arbeidsplasser-2014" not in text
    assert "1. halvår 2014: 4 holdt og 0 planlagt av minst 3 styremøter: oppfylt" in text
    assert (
        "Prosjektmidler innsatsområde 1: overforbruk etter regnskapet, 260\u00a0000\u00a0kr (11\u00a0%) over "
        "budsjettet (budsjett 2\u00a0400\u00a0000\u00a0kr, regnskap 2\u00a0660\u00a0000\u00a0kr)."
    ) in text
    assert "under budsjettet. (mangler årsak og tiltak)" in text
    english = {
        "Goals",
        "Target",
        "Actual",
        "held",
        "planned",
        "needs",
        "Budget",
        "Deviations",
        "Granted",
        "Paid",
        "projects",
        "jobs",
        "support",
        "leverage",
        "Strategies",
        "figures",
        "ikke brukt",
    }
    assert not {word for word in english if f" {word} " in f" {text} "}


def test_help_starts_without_loading_the_database_or_the_core():
    probe = (
        "import sys; from omstilling.cli import app; "
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic_settings', 'omstilling.core.indicators', "
        "'omstilling.documents.render', 'prefect', 'babel') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_an_unknown_programme_names_the_ones_there_are(cli):
    cli("demo")
    result = cli("status", "--programme", "nordkapp")
    assert result.exit_code == 1
    assert result.stderr.strip() == "feil: ingen program med kortnavnet «nordkapp» (finnes: vestre-toten)"


def test_with_two_programmes_status_asks_which(cli):
    cli("demo")
    with db.session_scope() as session:
        writes.create_programme(
            session,
            {
                "slug": "bindal",
                "name": "Omstilling Bindal",
                "municipality": "Bindal kommune",
                "county": "Nordland fylkeskommune",
                "county_short": "NFK",
                "status_start_year": 2014,
                "status_end_year": 2019,
            },
        )
    result = cli("status")
    assert result.exit_code == 1
    assert "databasen har flere program (bindal, vestre-toten): velg ett med --programme" in result.stderr
    assert cli("status", "--programme", "bindal", "--json").exit_code == 0


def test_a_date_that_is_not_a_date_is_refused_with_usage(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("status", "--as-of", "30.06.2014")
    assert result.exit_code == 2
    assert "er ikke en dato på formen 2014-06-16" in result.stderr


def test_an_unreachable_database_is_one_line_not_a_traceback(cli, monkeypatch):
    monkeypatch.setenv("OMSTILLING_DATABASE_URL", "postgresql://nobody@127.0.0.1:9/none")
    get_settings.cache_clear()
    result = cli("init")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "feil: databasen postgresql+psycopg://nobody@127.0.0.1:9/none svarer ikke som den skal:"
    )
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_installed_console_script_runs():
    result = subprocess.run(
        [sys.executable, "-m", "omstilling.cli", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "årshjul" in result.stdout


def test_wheel_json_lists_the_years_events_with_due_dates_and_reminders(cli):
    cli("demo")
    result = cli("wheel", "--year", "2014", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    report = next(e for e in data["events"] if e["key"] == "arsrapport")
    assert report | {"reminders": None} == {
        "uid": "vestre-toten.arsrapport.2014.1@omstilling",
        "key": "arsrapport",
        "title": "Årsrapport for fjoråret",
        "kind": "frist",
        "due_date": "2014-01-31",
        "rule_date": "2014-01-31",
        "start": None,
        "responsible_roles": ["programleder"],
        "document": "arsrapport",
        "rule": "FREQ=YEARLY;BYMONTH=1;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "rule_text": "siste arbeidsdag i januar",
        "state": "forfalt",
        "status": "forfalt",
        "missing": [
            "9 prosjekter mangler rapporterte arbeidsplasser for 2013",
            "1 avvik mangler forklaring",
            (
                "Ikke skrevet ennå: programleders sammendrag, vurdering av de kvalitative målene, kommentar til avvikene "
                "og veien videre"
            ),
        ],
        "reminders": None,
    }
    assert [r["date"] for r in report["reminders"]][:3] == ["2014-01-03", "2014-01-17", "2014-01-28"]
    assert [q["state"] for q in data["quotas"]] == ["oppfylt", "oppfylt"]


def test_the_wheel_table_shows_titles_keys_and_the_quota(cli):
    cli("demo")
    result = cli("wheel", "--year", "2015")
    assert result.exit_code == 0
    assert "Årsrapport for fjoråret" in result.stdout
    assert "halvarsrapport" in result.stdout
    assert "soknad-fylket" not in result.stdout  # 2015 is the last year: no application for 2016
    assert "1. halvår 2015: Minst 3 styremøter hvert halvår" in " ".join(result.stdout.split())


def test_the_wheel_of_a_year_after_the_status_period_says_so_in_one_line(cli):
    cli("demo")
    result = cli("wheel", "--year", "2016")
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines() == [
        (
            "2016 er etter statusperioden til Omstillingsprogrammet i Vestre Toten (2010–2015): årshjulet har ingen "
            "frister, påminnelser eller dokumenter det året."
        )
    ]
    data = json.loads(cli("wheel", "--year", "2016", "--json").stdout)
    assert data["events"] == [] and data["quotas"] == []


def test_calendar_writes_an_ics_file(cli, tmp_path):
    cli("demo")
    target = tmp_path / "feeds" / "arshjul.ics"
    result = cli("calendar", "--year", "2014", "-o", str(target))
    assert result.exit_code == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert "Skrev årshjulet for 2014 for vestre-toten" in result.stderr


def test_done_marks_a_deadline_and_a_second_time_says_it_already_is(cli):
    cli("demo")
    first = cli("done", "arsrapport", "--year", "2015", "--by", "Bjørn Iversen")
    assert first.exit_code == 0
    assert first.stderr.strip() == "Fristen «Årsrapport for fjoråret» 30.01.2015 er nå utført. Påminnelsene stopper."
    second = cli("done", "arsrapport", "--year", "2015")
    assert second.exit_code == 1
    assert (
        "feil: ugyldig frist: status: «arsrapport» 2015 er allerede utført av Bjørn Iversen; ingenting ble endret"
        in second.stderr
    )
    assert cli("done", "arsrapport", "--year", "2015", "--reopen").exit_code == 0
    statuses = {e["key"]: e["status"] for e in json.loads(cli("wheel", "--year", "2015", "--json").stdout)["events"]}
    assert statuses["arsrapport"] in ("åpen", "forfalt")


def test_the_wheel_picture_needs_png_or_svg(cli, tmp_path):
    cli("demo")
    result = cli("wheel", "--picture", str(tmp_path / "hjul.pdf"))
    assert result.exit_code == 1
    assert result.stderr.strip() == "feil: bildet må være en .png- eller .svg-fil, ikke «hjul.pdf»"


def test_remind_dry_run_lists_without_writing_and_a_real_run_records(cli):
    cli("demo")
    dry = cli("remind", "--as-of", "2014-01-31", "--dry-run", "--json")
    assert dry.exit_code == 0
    planned = json.loads(dry.stdout)
    assert [(p["event"], p["role"], p["step_name"]) for p in planned["planned"]] == [
        ("arsrapport", "programleder", "fristen er i dag"),
        ("arsrapport", "styreleder", "fristen er i dag"),
    ]
    assert planned["new"] == 0
    real = cli("remind", "--as-of", "2014-01-31")
    assert real.exit_code == 0
    assert "2 nye i utboksen, 0 sendt" in real.stderr
    assert "sett OMSTILLING_APPRISE_CONFIG" in real.stderr
    assert "2 nye i utboksen" not in cli("remind", "--as-of", "2014-01-31").stderr


# June 2014: the application and half-year report, and the board meeting of 16 June (agenda two weeks before to
# leader and chair, the notice with the papers a week before and a reminder the day before to the board).
JUNE_2014 = {"kommunekontakt": 3, "programleder": 8, "styreleder": 6, "styremedlem": 3, "varamedlem": 1}


def test_simulate_previews_a_month_without_touching_the_database(cli, tmp_path):
    cli("demo")
    result = cli("simulate", "--from", "2014-06-01", "--to", "2014-06-30", "--out", str(tmp_path / "sim"), "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["reminders_by_role"] == JUNE_2014
    assert sum(JUNE_2014.values()) == 21
    # and the notice of the 16 June meeting to the leader, the chair, three members and the deputy, on 6 June
    assert summary["notices"] == 6
    assert len(list((tmp_path / "sim" / "meldinger").rglob("*.txt"))) == 21 + 6
    letter = next((tmp_path / "sim" / "meldinger" / "2014-06-20").glob("*-programleder.txt")).read_text()
    assert letter.startswith("Emne: Vestre Toten: Fristen er i dag: Søknad til fylkeskommunen om midler for neste år")
    assert json.loads(cli("remind", "--as-of", "2014-06-20", "--dry-run", "--json").stdout)["planned"]
    backwards = cli("simulate", "--from", "2014-06-30", "--to", "2014-06-01")
    assert backwards.exit_code == 1 and "--to må være samme dag som eller etter --from" in backwards.stderr


def test_a_folder_that_cannot_be_written_and_a_year_out_of_range_are_one_norwegian_line(cli, monkeypatch):
    """Found by the review: tracebacks for `--out /proc/nope`, `--picture /nonexist/w.png`, `--year 99999`."""
    monkeypatch.setenv("COLUMNS", "200")
    cli("demo")
    result = cli("wheel", "--picture", "/nonexist/hjul.png")
    assert result.exit_code == 1 and result.stderr.strip() == "feil: /nonexist/hjul.png: finnes ikke (sjekk mappen)"
    result = cli("wheel", "--year", "99999")
    assert result.exit_code == 2 and "Ugyldig verdi for '--year': må være høyst 2100" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_invalid_time_zone_and_a_rule_by_the_second_are_refused(engine):
    """Found by the review: `Mars/Olympus` was accepted and crashed the wheel later; FREQ=SECONDLY hung import."""
    from omstilling.errors import InputError

    with pytest.raises(InputError, match="ukjent tidssone «Mars/Olympus»"), db.session_scope(engine) as session:
        writes.create_programme(
            session,
            {
                "slug": "mars",
                "name": "Omstilling Mars",
                "municipality": "Mars kommune",
                "county": "Rom",
                "county_short": "R",
                "status_start_year": 2012,
                "status_end_year": 2017,
                "timezone": "Mars/Olympus",
            },
        )
    with pytest.raises(InputError, match="hele dager"), db.session_scope(engine) as session:
        programme = writes.create_programme(
            session,
            {
                "slug": "jorda",
                "name": "Omstilling Jorda",
                "municipality": "Jorda kommune",
                "county": "Rom",
                "county_short": "R",
                "status_start_year": 2012,
                "status_end_year": 2017,
            },
        )
        writes.add_closed_day(session, programme, {"key": "alt", "title": "Alt", "rrule": "FREQ=SECONDLY"})
