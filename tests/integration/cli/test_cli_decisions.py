"""`omstilling decisions` (issue 25 part 5): the decisions register on the command line, as the page *Vedtak*."""

from __future__ import annotations

import json


def numbers(cli, *args: str) -> list[str]:
    result = cli("decisions", "--json", *args)
    assert result.exit_code == 0, result.output
    return [d["number"] for d in json.loads(result.stdout)["decisions"]]


def test_the_register_with_03_14_s_follow_up_coming_then_overdue(demo_cli):
    before = json.loads(demo_cli("decisions", "--json", "--as-of", "2014-02-13").stdout)
    assert before["as_of"] == "2014-02-13" and [d["number"] for d in before["decisions"]] == ["01/14", "02/14", "03/14"]
    case = before["decisions"][2]
    assert case["meeting"] == "2014-01-27" and case["meeting_held"] is True and case["kind"] == "vedtak"
    assert case["follow_up"] == {
        "what": "Vedtatt handlingsplan sendes kommunen og Oppland fylkeskommune",
        "role": "programleder",
        "due": "2014-02-14",
        "state": "kommende",
    }
    after = json.loads(demo_cli("decisions", "--json", "--as-of", "2014-02-17").stdout)["decisions"]
    assert after[2]["follow_up"]["state"] == "forfalt"
    assert before["decisions"][1]["project"] == "2014-10"


def test_search_year_and_open(demo_cli):
    assert numbers(demo_cli, "--as-of", "2014-12-31", "--search", "rammebudsjett") == ["03/14"]
    assert numbers(demo_cli, "--as-of", "2014-12-31", "--year", "2015") == []
    assert numbers(demo_cli, "--as-of", "2014-09-14", "--open") == ["16/14", "03/14"]
    assert numbers(demo_cli, "--as-of", "2014-03-16") == ["01/14", "02/14", "03/14"]  # 17 March: not yet held


def test_the_table_a_person_reads(demo_cli):
    result = demo_cli("decisions", "--as-of", "2014-02-17", "--search", "03/14")
    assert result.exit_code == 0
    assert "03/14" in result.stdout and "forfalt" in result.stdout and "1 vedtak." in result.stdout
