"""The command line renders the same agenda as the web app (`omstilling.core.agenda`), and a meeting's document
asked for by year is about a meeting of that year."""

from __future__ import annotations

import json
from datetime import date

from omstilling import clock
from omstilling.core.agenda import agenda
from omstilling.core.formatting import date_with_weekday
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot


def demo_agenda(tmp_path, year: int, day: date):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    try:
        with db.session_scope(engine) as session:
            return agenda(load_snapshot(session, choose.programme(session, "vestre-toten")), year, day)
    finally:
        engine.dispose()


def test_a_board_report_for_a_year_is_for_that_years_meeting(demo_cli, tmp_path):
    """Before: "ingen styremøter på eller etter 2015-12-31: oppgi --meeting" for --year 2014."""
    result = demo_cli("report", "styrerapport", "--year", "2014", "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert list((tmp_path / "ut").rglob("styrerapport-2014-12-15*.md"))
    minutes = demo_cli("report", "protokoll", "--year", "2014", "--format", "md", "--as-of", "2014-06-10")
    assert minutes.exit_code == 0, minutes.stderr
    assert list((tmp_path / "ut").rglob("protokoll-2014-05-19*.md"))
    pack = demo_cli("report", "styrepapirer", "--year", "2014", "--format", "md", "--as-of", "2014-06-10")
    assert pack.exit_code == 0, pack.stderr
    assert list((tmp_path / "ut").rglob("styrepapirer-2014-06-16*.md"))


def test_a_year_without_meetings_is_refused_with_the_years_that_have_them(demo_cli, tmp_path):
    result = demo_cli("report", "styrerapport", "--year", "2012", "--format", "md")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "feil: ingen styremøter i 2012 i vestre-toten (år med styremøter: 2014, 2015); ingenting ble skrevet"
    )
    early = demo_cli("report", "protokoll", "--year", "2014", "--as-of", "2014-01-10", "--format", "md")
    assert early.exit_code == 1
    assert "ingen styremøter i 2014 er holdt på eller før 2014-01-10; møtene i 2014: 2014-01-27, 2014-03-17" in (
        early.stderr
    )
    other = demo_cli("report", "styrerapport", "--year", "2015", "--meeting", "2014-06-16", "--format", "md")
    assert other.exit_code == 1 and "styremøtet 2014-06-16 er ikke i 2015" in other.stderr
    assert not (tmp_path / "ut").exists()


def test_wheel_and_status_show_the_agendas_states_for_the_day(demo_cli, tmp_path):
    day = date(2014, 1, 20)
    seen = demo_agenda(tmp_path, 2014, day)
    wheel = json.loads(demo_cli("wheel", "--year", "2014", "--as-of", "2014-01-20", "--json").stdout)
    assert [(e["title"], e["status"]) for e in wheel["events"]] == [(i.title, i.status) for i in seen.items]
    assert {e["status"] for e in wheel["events"] if e["kind"] == "styremote"} == {"planlagt"}
    status = json.loads(demo_cli("status", "--year", "2014", "--as-of", "2014-01-20", "--json").stdout)
    assert [e["title"] for e in status["agenda"]["upcoming"]] == [i.title for i in seen.upcoming(6)]
    assert status["agenda"]["upcoming"][0]["title"] == "Innkalling til styremøte 27.01.2014"
    printed = demo_cli("status", "--year", "2014", "--as-of", "2014-01-20").stdout
    assert "Neste i 2014, sett fra 20.01.2014" in printed
    assert "27.01.2014  Styremøte (planlagt)" in printed


def test_the_wheel_of_a_programme_that_has_ended_opens_on_its_last_year_with_figures(demo_cli):
    printed = demo_cli("wheel").stdout
    assert "Programmet er avsluttet: statusperioden 2010–2015 endte 31. desember 2015." in " ".join(printed.split())
    assert "Årshjul 2014" in printed and f"Sett fra {date_with_weekday(clock.today())}." in printed


def test_no_document_is_written_for_a_cancelled_meeting_and_the_choices_are_listed(demo_cli, tmp_path):
    """Before: a notice, a board report and minutes were written for a meeting set to «avlyst»."""
    import sqlalchemy as sa

    engine = db.make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE boardmeeting SET status = 'avlyst' WHERE date = '2014-06-16'"))
    engine.dispose()
    for kind in ("innkalling", "styrerapport", "protokoll"):
        result = demo_cli("report", kind, "--meeting", "2014-06-16", "--format", "md")
        assert result.exit_code == 1
        assert result.stderr.strip().startswith(
            "feil: styremøtet 2014-06-16 i vestre-toten er avlyst (møtene i 2014: 2014-01-27, 2014-03-17, 2014-05-19, "
            "2014-09-15"
        ), result.stderr
    # without --year or --meeting, a day after the last meeting: the message lists what there is to choose from
    late = demo_cli("report", "styrerapport", "--as-of", "2015-06-01", "--format", "md")
    assert late.exit_code == 1
    assert late.stderr.strip() == (
        "feil: ingen styremøter på eller etter 2015-06-01 (møtene i 2015: 2015-01-26): oppgi --meeting eller --year"
    )
    assert not (tmp_path / "ut").exists()
