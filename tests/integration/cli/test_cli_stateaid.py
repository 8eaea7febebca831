"""The command line for state aid (issue 29): `omstilling data kurser` says how many rates, the first and last day,
and each line it cannot read (exit 1, nothing written); `stotte vis` shows a company's aid and what is left, also as
JSON; `stotte tildel` records an award or refuses it with the sum."""

from __future__ import annotations

import json

HEADER = "Date,USD,JPY,BGN,CYP,CZK,DKK,EEK,GBP,HUF,LTL,LVL,MTL,PLN,ROL,RON,SEK,SIT,SKK,CHF,ISK,NOK,HRK,\n"
ROW = "{day},1.2,140,1.9558,N/A,27.5,7.44,N/A,0.79,310,3.4528,N/A,N/A,4.2,N/A,4.4,9.2,N/A,N/A,1.2,N/A,{nok},7.6,\n"


def test_the_ecb_file_is_read_and_said_and_read_again_changes_nothing(demo_cli, tmp_path):
    (tmp_path / "eurofxref-hist.csv").write_text(
        HEADER + ROW.format(day="2015-01-02", nok="9.042") + ROW.format(day="2014-12-31", nok="9.042")
    )
    first = demo_cli("data", "kurser", "eurofxref-hist.csv")
    assert first.exit_code == 0, first.output
    assert first.stderr.strip() == (
        "eurofxref-hist.csv: 2 kurser for NOK fra 31.12.2014 til 02.01.2015 (nye: 2, fantes fra før: 0)."
    )
    again = demo_cli("data", "kurser", "eurofxref-hist.csv")
    assert "(nye: 0, fantes fra før: 2)" in again.stderr


def test_a_line_that_cannot_be_read_is_named_and_nothing_is_written(demo_cli, tmp_path):
    (tmp_path / "kurser.csv").write_text(HEADER + ROW.format(day="2015-01-02", nok="9.042") + "2014-12-31,1.2\n")
    result = demo_cli("data", "kurser", "kurser.csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "kurser.csv: linje 3: kan ikke leses",
        "feil: kurser.csv: 1 feil, ingen kurser ble lest inn: linje 3: kan ikke leses",
    ]
    (tmp_path / "bare.csv").write_text(HEADER + ROW.format(day="2015-01-02", nok="9.042"))
    assert "(nye: 1, fantes fra før: 0)" in demo_cli("data", "kurser", "bare.csv").stderr


def test_a_file_that_is_not_there_is_one_line(demo_cli):
    result = demo_cli("data", "kurser", "finnes-ikke.csv")
    assert result.exit_code == 1
    assert result.stderr.startswith("feil: finnes-ikke.csv: finnes ikke")


def test_a_companys_aid_is_shown_with_what_is_left_and_as_json(demo_cli):
    shown = demo_cli("stotte", "vis", "910 791 907", "--as-of", "2014-12-31")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("Foretak: Toten Trebygg AS\n")
    assert "│ 17.03.2014 │ 910 791 907 │" in shown.stdout and "18\u00a0115,94 │" in shown.stdout
    assert (
        "Bagatellmessig støtte til 910 791 907 fra 1. januar 2012 til 31. desember 2014: 18\u00a0115,94\u00a0euro av "
        "taket på 200\u00a0000\u00a0euro; 181\u00a0884,06\u00a0euro er igjen."
    ) in shown.stdout
    assert (
        "Taket er 200\u00a0000\u00a0euro over regnskapsåret 2014 og de to foregående (forordning (EU) nr. 1407/2013, "
        "som gjaldt 31. desember 2014)."
    ) in shown.stdout
    data = json.loads(demo_cli("stotte", "vis", "910791907", "--as-of", "2014-12-31", "--json").stdout)
    assert (data["sum_eur"], data["igjen_eur"], data["fra"]) == ("18115.94", "181884.06", "2012-01-01")
    assert (data["tak_eur"], data["forordning"]) == ("200000", "forordning (EU) nr. 1407/2013")
    assert data["rader"][0] == {
        "orgnr": "910791907",
        "dato": "2014-03-17",
        "eur": "18115.94",
        "gitt_av": "Omstillingsprogrammet i Vestre Toten",
        "type": "tildelt",
        "referanse": "2014-01",
        "forordning": "forordning (EU) nr. 1407/2013",  # the award's own, the basis it was recorded with
    }
    wrong = demo_cli("stotte", "vis", "910791908")
    assert wrong.exit_code == 1
    assert wrong.stderr.strip() == (
        "feil: «910791908» er ikke et gyldig organisasjonsnummer (9 siffer med kontrollsiffer)"
    )


def test_an_award_is_recorded_or_refused_with_the_sum(demo_cli):
    refused = demo_cli("stotte", "tildel", "2014-01", "--date", "2014-05-19", "--amount", "2500000")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("feil: Tilskuddet kan ikke gis som bagatellmessig støtte: Toten Trebygg AS")
    assert "blir summen 325\u00a0411,13\u00a0euro" in refused.stderr
    recorded = demo_cli("stotte", "tildel", "2014-01", "--date", "2014-05-19", "--amount", "1400000", "--by", "leder")
    assert recorded.exit_code == 0, recorded.output
    lines = recorded.stderr.splitlines()
    assert lines[0].startswith("Støtten til prosjekt 2014-01 (Toten Trebygg AS, org.nr. 910 791 907) er registrert:")
    assert lines[1].startswith("Obs: med dette tilskuddet har Toten Trebygg AS")


def test_a_wrong_stored_rate_is_replaced_with_erstatt_and_the_command_says_how(demo_cli, tmp_path):
    """The review of issue 29, defect 13: the demo stores the ECB's 8,2800 for 17 March 2014; a file with another
    rate for the day keeps the stored one and says how to replace it, and --erstatt replaces it."""
    (tmp_path / "riktig.csv").write_text(HEADER + ROW.format(day="2014-03-17", nok="8.29"))
    kept = demo_cli("data", "kurser", "riktig.csv")
    assert kept.exit_code == 0, kept.output
    assert kept.stderr.splitlines()[1:] == [
        "17.03.2014: fila sier 8,2900, lagret er 8,2800 (ECB); den lagrede kursen beholdes.",
        (
            "Er kursen i fila den riktige, les fila inn igjen med --erstatt (tildelinger som alt er registrert, "
            "beholder kursen de ble regnet om med)."
        ),
    ]
    replaced = demo_cli("data", "kurser", "riktig.csv", "--erstatt")
    assert replaced.exit_code == 0, replaced.output
    assert replaced.stderr.splitlines()[1] == (
        "17.03.2014: fila sier 8,2900, lagret var 8,2800 (ECB); kursen i fila erstatter den (tildelinger som alt er "
        "registrert, beholder kursen de ble regnet om med)."
    )
    assert "(nye: 0, fantes fra før: 1)" in demo_cli("data", "kurser", "riktig.csv").stderr
