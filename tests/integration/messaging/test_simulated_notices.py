"""`omstilling simulate` sends what the day's run sends (issue 25): on a board meeting's notice day each member,
deputy and the leader get its notice (innkalling) in the simulation's files, once, in place of their reminder of
the meeting, as the tick sends it; the database is not touched."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from omstilling.app.simulation import simulate

NOTICE_DAY = date(2014, 6, 6)  # 16 June less 7 days is Whit Monday: the Friday before (see test_notices.py)
SUBJECT = "Emne: Vestre Toten: Innkalling til styremøte mandag 16. juni 2014 kl. 13.00"
CALLED = ["programleder", "styreleder", "styremedlem", "styremedlem", "styremedlem", "varamedlem"]


def messages(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Each day's files: (role, text)."""
    return {
        day.name: [(f.stem.split("-", 1)[1], f.read_text(encoding="utf-8")) for f in sorted(day.iterdir())]
        for day in sorted(folder.iterdir())
    }


def test_a_simulated_month_calls_each_board_meeting_on_its_notice_day_once(demo_sqlite, tmp_path):
    summary = simulate(demo_sqlite, date(2014, 6, 1), date(2014, 6, 20), tmp_path / "sim")
    sent = messages(tmp_path / "sim" / "meldinger")
    called = [(role, text) for day in sent.values() for role, text in day if "Innkalling til styremøte" in text]
    assert sorted(role for role, _ in called) == CALLED  # one each, on one day
    assert [role for role, text in sent[NOTICE_DAY.isoformat()] if text.startswith(SUBJECT)] == sorted(CALLED)
    for _, text in called:
        assert text.startswith(SUBJECT + "\n")
        lines = text.splitlines()
        assert "Tid: mandag 16. juni 2014 kl. 13.00–16.00" in lines and "Saksliste" in lines
        assert "Styrepapirene er vedlagt (PDF)." in lines  # the simulation wrote the pack that day
        assert "mangler rapporterte arbeidsplasser" not in text  # not the leader's checklist
    # the board's reminder of the meeting is not sent beside the notice
    assert not [t for _, t in sent[NOTICE_DAY.isoformat()] if "Påminnelse: Styremøte mandag 16. juni" in t]
    assert summary.notices == len(CALLED)


def test_a_meeting_planned_at_short_notice_is_called_on_the_first_simulated_day(demo_sqlite, tmp_path):
    """Begun after the notice day, the simulation calls the meeting on its first day, as the run that missed the day
    would (up to the day before the meeting), and never after the meeting."""
    simulate(demo_sqlite, date(2014, 6, 10), date(2014, 6, 20), tmp_path / "sim", documents=False)
    sent = messages(tmp_path / "sim" / "meldinger")
    called = {day: [r for r, t in texts if t.startswith(SUBJECT)] for day, texts in sent.items()}
    assert {day: roles for day, roles in called.items() if roles} == {"2014-06-10": sorted(CALLED)}
    texts = [t for day in sent.values() for _, t in day if t.startswith(SUBJECT)]
    assert texts and not any("Styrepapirene er vedlagt" in t for t in texts)  # no pack written: none said attached
