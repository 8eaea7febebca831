"""The register deadline on the wheel (issue 29, item 4): an award the register must be told of is a deadline of the
wheel's `registerrapport` event, reminds the programme leader through the ordinary ladder, and is marked done by
`omstilling stotte rapportert` or `omstilling done registerrapport --prosjekt`, which set the award's day reported
through the same function; opened again, the award is not reported. The demo's awards are all under today's
threshold of 100 000 euro, so these tests lower it to 30 000: 2014-04 and 2014-11 (36 231,88 euro, granted 17 March
2014) are due 17 September 2014, 2014-05 (30 729,52 euro, 19 May) 19 November."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from omstilling import clock

SUBJECT = (
    "Vestre Toten: Siste påminnelse: Rapportering til Registeret for offentlig støtte: 2014-04 Raufoss Komponent AS "
    "(36 231,88 euro) – frist onsdag 17. september 2014"  # a subject line has plain spaces
)


@pytest.fixture
def cli(demo_cli, monkeypatch):
    from omstilling.config import get_settings

    monkeypatch.setenv("OMSTILLING_REGISTER_THRESHOLD_EUR", "30000")
    get_settings.cache_clear()  # (the fixture clears it again after the test)
    return demo_cli


def rows(tmp_path, sql: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "cli.db") as connection:
        return connection.execute(sql).fetchall()


def reported(tmp_path) -> dict[str, str | None]:
    return dict(
        rows(
            tmp_path,
            "SELECT p.number, a.reported_on FROM aidaward a JOIN project p ON p.id = a.project_id "
            "WHERE p.number IN ('2014-04', '2014-05', '2014-11')",
        )
    )


def planned(cli, day: str) -> list[dict]:
    result = cli("remind", "--as-of", day, "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    return [p for p in json.loads(result.stdout)["planned"] if p["event"] == "registerrapport"]


def test_an_award_to_report_reminds_the_leader_and_marking_it_reported_stops_it(cli, tmp_path):
    two_weeks_before = planned(cli, "2014-09-03")
    assert sorted((p["role"], p["due"]) for p in two_weeks_before) == [
        ("programleder", "2014-09-17"),
        ("programleder", "2014-09-17"),
    ]
    (raufoss,) = [p for p in two_weeks_before if "2014-04" in p["title"]]
    assert raufoss["subject"] == SUBJECT  # read as a deadline («frist …»), not as a meeting

    done = cli("stotte", "rapportert", "2014-04", "--dato", "2014-09-03", "--by", "Bjørn Iversen")
    assert done.exit_code == 0, done.output
    assert done.stderr.strip() == (
        "Støtten til prosjekt 2014-04 (Raufoss Komponent AS) er rapportert til Registeret for offentlig støtte "
        "3. september 2014. Påminnelsene stopper."
    )
    assert reported(tmp_path) == {"2014-04": "2014-09-03", "2014-05": None, "2014-11": None}
    # the deadline is done, and done from the day it was reported: the ladder stops, the other award's goes on
    assert [p["title"] for p in planned(cli, "2014-09-17")] == [
        "Rapportering til Registeret for offentlig støtte: 2014-11 Toten Omsorg AS (36\u00a0231,88\u00a0euro)"
    ]
    wheel = cli("wheel", "--year", "2014", "--as-of", "2014-09-18", "--json")
    items = {i["title"]: i["status"] for i in json.loads(wheel.stdout)["events"] if "Registeret" in i["title"]}
    assert items == {
        "Rapportering til Registeret for offentlig støtte: 2014-04 Raufoss Komponent AS (36\u00a0231,88\u00a0euro)": "utført",
        "Rapportering til Registeret for offentlig støtte: 2014-11 Toten Omsorg AS (36\u00a0231,88\u00a0euro)": "forfalt",
        "Rapportering til Registeret for offentlig støtte: 2014-05 Totenprofil AS (30\u00a0729,52\u00a0euro)": "kommende",
    }
    # the export says it was reported
    export = cli("stotte", "register", "--year", "2014")
    assert (
        "9 tildelinger, 3 skal rapporteres: 2014-04 rapportert 3. september 2014, 2014-11 innen 17.09.2014, "
        "2014-05 innen 19.11.2014." in export.stderr
    )

    # opened again through the wheel: the award is not reported, and the reminders come back
    again = cli("done", "registerrapport", "--year", "2014", "--prosjekt", "2014-04", "--reopen")
    assert again.exit_code == 0, again.output
    assert reported(tmp_path)["2014-04"] is None
    assert len(planned(cli, "2014-09-17")) == 2
    # marked done through the wheel: reported today, as `stotte rapportert` would have said
    wheel_done = cli("done", "registerrapport", "--year", "2014", "--prosjekt", "2014-11", "--by", "Bjørn Iversen")
    assert wheel_done.exit_code == 0, wheel_done.output
    assert reported(tmp_path)["2014-11"] == clock.today().isoformat()


def test_refusals_are_norwegian_and_write_nothing(cli, tmp_path):
    assert cli("stotte", "rapportert", "2014-04", "--dato", "2014-09-03").exit_code == 0
    before = (rows(tmp_path, "SELECT * FROM deadline ORDER BY id"), reported(tmp_path))

    def refused(*args: str) -> str:
        result = cli(*args)
        assert result.exit_code == 1, result.output
        assert (rows(tmp_path, "SELECT * FROM deadline ORDER BY id"), reported(tmp_path)) == before
        return result.stderr

    assert "er allerede utført" in refused("stotte", "rapportert", "2014-04")
    assert refused("stotte", "rapportert", "2014-01").strip() == (
        "feil: støtten til prosjekt 2014-01 er under terskelen for rapportering til Registeret for offentlig støtte, "
        "så den har ingen frist; ingenting ble endret"
    )
    assert "programmet har ikke prosjekt 2099-01" in refused("stotte", "rapportert", "2099-01")
    assert "prosjekt 2014-06 har ingen registrert bagatellmessig støtte" in refused("stotte", "rapportert", "2014-06")
    assert "er ikke kommet ennå; ingenting ble endret" in refused(
        "stotte", "rapportert", "2014-11", "--dato", "2099-01-01"
    )
    assert "et prosjekt passer ikke" in refused("done", "arsrapport", "--year", "2014", "--prosjekt", "2014-11")


def test_settings_move_add_and_drop_deadlines_when_the_wheel_is_written_again(cli, tmp_path, monkeypatch):
    from omstilling.app.deadlines import materialise_deadlines
    from omstilling.config import get_settings
    from omstilling.store import db

    engine = db.make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    due = "SELECT d.due_date FROM deadline d JOIN wheelevent w ON w.id = d.event_id "
    due += "WHERE w.kind = 'registerrapport' AND d.year = 2014 ORDER BY d.due_date, d.occurrence"
    materialise_deadlines(engine, "vestre-toten", date(2014, 1, 2))
    assert [d for (d,) in rows(tmp_path, due)] == ["2014-09-17", "2014-09-17", "2014-11-19"]
    # the proposed rule: every award, within 20 working days: the open deadlines follow, and six more come
    monkeypatch.setenv("OMSTILLING_REGISTER_THRESHOLD_EUR", "0")
    monkeypatch.setenv("OMSTILLING_REGISTER_DEADLINE", "20 virkedager")
    get_settings.cache_clear()
    materialise_deadlines(engine, "vestre-toten", date(2014, 1, 2))
    found = [d for (d,) in rows(tmp_path, due)]
    assert len(found) == 9 and found[0] == "2014-04-14"  # 17 March + 20 working days
    # back to a threshold over every award: the open ones are dropped
    monkeypatch.setenv("OMSTILLING_REGISTER_THRESHOLD_EUR", "100000")
    get_settings.cache_clear()
    materialise_deadlines(engine, "vestre-toten", date(2014, 1, 2))
    assert rows(tmp_path, due) == []
    engine.dispose()


def test_the_reminder_of_an_unreported_award_reaches_the_leader_by_email(demo_engine, smtp, monkeypatch):
    from omstilling.config import get_settings
    from omstilling.messaging.outbox import remind
    from tests.support.demo import NOW

    monkeypatch.setenv("OMSTILLING_REGISTER_THRESHOLD_EUR", "30000")
    get_settings.cache_clear()
    try:
        remind(demo_engine, as_of=date(2014, 9, 3), now=NOW, notifier=smtp.notifier)
    finally:
        get_settings.cache_clear()
    about = [m for m in smtp.reminders() if "Registeret" in m.subject]
    assert sorted((m.to, m.subject) for m in about) == sorted(
        [
            (["programleder@example.org"], SUBJECT),
            (["programleder@example.org"], SUBJECT.replace("2014-04 Raufoss Komponent AS", "2014-11 Toten Omsorg AS")),
        ]
    )
    body = next(m.body for m in about if "2014-04" in m.subject)
    assert (
        "Fristen for «Rapportering til Registeret for offentlig støtte: 2014-04 Raufoss Komponent AS "
        "(36\u00a0231,88\u00a0euro)» er onsdag 17. september 2014, om 14 dager." in body
    )
