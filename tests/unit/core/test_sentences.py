"""The sentences the documents build from figures (omstilling.core.sentences), read case by case as a person
would: the programme's target or some focus areas'; one area or several; none, one or many; and budget lines
said in the direction their figures show."""

from __future__ import annotations

from datetime import date

import pytest

from omstilling.core import sentences as s
from omstilling.core.language import speaking
from omstilling.core.sentences import JobsTarget

NB = "\u00a0"


def plain(text: str) -> str:
    """The builders keep a figure and its unit together with no-break spaces; read here as plain spaces."""
    return text.replace(NB, " ")


@pytest.mark.parametrize(
    ("new", "secured", "expected"),
    [
        (6, 9, "15 nye og sikrede arbeidsplasser (6 nye og 9 sikrede)"),
        (1, 1, "2 nye og sikrede arbeidsplasser (1 ny og 1 sikret)"),
        (1, 0, "1 ny arbeidsplass"),
        (4, 0, "4 nye arbeidsplasser"),
        (0, 1, "1 sikret arbeidsplass"),
        (0, 9, "9 sikrede arbeidsplasser"),
        (0, 0, "ingen nye eller sikrede arbeidsplasser"),
    ],
)
def test_jobs_are_named_by_what_was_reported_and_never_as_zero(new, secured, expected):
    assert s.jobs_phrase(new, secured) == expected


def test_the_summary_no_longer_says_the_areas_figure_twice():
    """The sentence the half-year report and the board pack printed: "til sammen 43 mot et mål på 50 for
    innsatsområde 1, der prosjektene har rapportert 43, og 1 ny bedrift"."""
    said = plain(s.year_results(2014, 19, 24, 1, JobsTarget(50, (1,), 43), date(2014, 6, 30)))
    assert said == (
        "Prosjektene har per 30. juni 2014 rapportert 43 nye og sikrede arbeidsplasser (19 nye og 24 sikrede) og "
        "1 ny bedrift i 2014. Målet for året, 50 nye og sikrede arbeidsplasser, gjelder innsatsområde 1, og alle "
        "arbeidsplassene er rapportert der."
    )
    assert said.count("43") == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (  # the programme's own target
            (2014, 6, 9, 2, JobsTarget(50)),
            (
                "Prosjektene har rapportert 15 nye og sikrede arbeidsplasser (6 nye og 9 sikrede) og 2 nye bedrifter i "
                "2014. Målet for året er 50 nye og sikrede arbeidsplasser."
            ),
        ),
        (  # two areas' targets, their projects reported some of the jobs
            (2014, 6, 9, 0, JobsTarget(80, (1, 2), 12)),
            (
                "Prosjektene har rapportert 15 nye og sikrede arbeidsplasser (6 nye og 9 sikrede) i 2014, men ingen nye "
                "bedrifter. Målet for året, 80 nye og sikrede arbeidsplasser, gjelder innsatsområde 1 og 2 til sammen, "
                "der prosjektene har rapportert 12."
            ),
        ),
        (  # three areas, none of their projects has reported yet
            (2014, 2, 0, 0, JobsTarget(60, (1, 2, 3), 0)),
            (
                "Prosjektene har rapportert 2 nye arbeidsplasser i 2014, men ingen nye bedrifter. Målet for året, 60 nye "
                "og sikrede arbeidsplasser, gjelder innsatsområde 1, 2 og 3 til sammen, der prosjektene ikke har "
                "rapportert noen ennå."
            ),
        ),
        (  # one job, in the one area with the target
            (2014, 1, 0, 0, JobsTarget(50, (2,), 1)),
            (
                "Prosjektene har rapportert 1 ny arbeidsplass i 2014, men ingen nye bedrifter. Målet for året, 50 nye og "
                "sikrede arbeidsplasser, gjelder innsatsområde 2, og arbeidsplassen er rapportert der."
            ),
        ),
        (  # companies but no jobs
            (2014, 0, 0, 1, None),
            "Prosjektene har rapportert 1 ny bedrift i 2014, men ingen nye eller sikrede arbeidsplasser.",
        ),
        (  # nothing at all, an area's target
            (2014, 0, 0, 0, JobsTarget(50, (1,), 0)),
            (
                "Det er ikke rapportert nye eller sikrede arbeidsplasser eller nye bedrifter i 2014. Målet for året, 50 "
                "nye og sikrede arbeidsplasser, gjelder innsatsområde 1."
            ),
        ),
        (  # nothing at all, no target
            (2014, 0, 0, 0, None),
            "Det er ikke rapportert nye eller sikrede arbeidsplasser eller nye bedrifter i 2014.",
        ),
    ],
)
def test_each_case_of_the_years_results_reads_as_a_person_writes_it(args, expected):
    assert plain(s.year_results(*args)) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            (2010, 34, 51, 3),
            (
                "Siden starten i 2010 er det rapportert 85 nye og sikrede arbeidsplasser (34 nye og 51 sikrede) og 3 nye "
                "bedrifter."
            ),
        ),
        ((2010, 0, 2, 0), "Siden starten i 2010 er det rapportert 2 sikrede arbeidsplasser, men ingen nye bedrifter."),
        ((2010, 0, 0, 0), "Siden starten i 2010 er det ikke rapportert arbeidsplasser eller nye bedrifter."),
    ],
)
def test_what_was_reported_since_the_start(args, expected):
    assert plain(s.since_start(*args)) == expected


def test_a_line_the_accounts_show_overspent_is_overspent_whatever_the_grants_say():
    """The line the issue found: budget 2 400 000, granted 2 030 000, accounts 2 660 000. It said "underforbruk
    370 000 kr" beside an accounts column that shows more spent than budgeted."""
    said = s.spending_deviation(
        "Prosjektmidler innsatsområde 1", 2_400_000, accounts=2_660_000, granted=2_030_000, year=2014
    )
    assert plain(said) == (
        "Prosjektmidler innsatsområde 1: overforbruk etter regnskapet, 260 000 kr (11 %) over budsjettet "
        "(budsjett 2 400 000 kr, regnskap 2 660 000 kr). Innvilget i 2014: 2 030 000 kr, 370 000 kr (15 %) under "
        "budsjettet."
    )
    assert "underforbruk" not in said


@pytest.mark.parametrize(
    ("budget", "accounts", "granted", "expected"),
    [
        (
            700_000,
            375_000,
            600_000,
            (
                "Linje: underforbruk etter regnskapet, 325 000 kr (46 %) under budsjettet (budsjett 700 000 kr, "
                "regnskap 375 000 kr). Innvilget i 2014: 600 000 kr, 100 000 kr (14 %) under budsjettet."
            ),
        ),
        (
            700_000,
            None,
            900_000,
            (
                "Linje: overforbruk i tilsagn, 200 000 kr (29 %) over budsjettet (budsjett 700 000 kr, innvilget "
                "900 000 kr)."
            ),
        ),
        (
            900_000,
            1_080_000,
            None,
            (
                "Linje: overforbruk etter regnskapet, 180 000 kr (20 %) over budsjettet (budsjett 900 000 kr, regnskap "
                "1 080 000 kr)."
            ),
        ),
        (
            2_400_000,
            2_660_000,
            2_400_000,
            (
                "Linje: overforbruk etter regnskapet, 260 000 kr (11 %) over budsjettet (budsjett 2 400 000 kr, regnskap "
                "2 660 000 kr). Innvilget i 2014: 2 400 000 kr, som budsjettert."
            ),
        ),
        (
            0,
            500_000,
            None,
            "Linje: overforbruk etter regnskapet, ikke budsjettert (budsjett 0 kr, regnskap 500 000 kr).",
        ),
    ],
)
def test_budget_words_follow_the_figure_that_decides(budget, accounts, granted, expected):
    said = s.spending_deviation("Linje", budget, accounts=accounts, granted=granted, year=2014)
    assert plain(said) == expected


def test_a_small_real_difference_is_never_said_to_be_zero_per_cent():
    assert plain(s.against_budget(2_400_000, 2_390_000)) == "10 000 kr (under 1 %) under budsjettet"


# --- Nynorsk (issue 28): the same cases in the programme's written standard ----------------------------------


@pytest.mark.parametrize(
    ("new", "secured", "expected"),
    [
        (6, 9, "15 nye og sikra arbeidsplassar (6 nye og 9 sikra)"),
        (1, 1, "2 nye og sikra arbeidsplassar (1 ny og 1 sikra)"),
        (1, 0, "1 ny arbeidsplass"),
        (4, 0, "4 nye arbeidsplassar"),
        (0, 1, "1 sikra arbeidsplass"),
        (0, 9, "9 sikra arbeidsplassar"),
        (0, 0, "ingen nye eller sikra arbeidsplassar"),
    ],
)
def test_jobs_in_nynorsk_take_the_form_their_number_asks_for(new, secured, expected):
    with speaking("nn"):
        assert s.jobs_phrase(new, secured) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (  # many jobs, one company, one area whose projects reported them all, up to a day
            (2014, 19, 24, 1, JobsTarget(50, (1,), 43), date(2014, 6, 30)),
            (
                "Prosjekta har per 30. juni 2014 rapportert 43 nye og sikra arbeidsplassar (19 nye og 24 sikra) og 1 "
                "ny bedrift i 2014. Målet for året, 50 nye og sikra arbeidsplassar, gjeld innsatsområde 1, og alle "
                "arbeidsplassane er rapporterte der."
            ),
        ),
        (  # one job, the one area's
            (2014, 1, 0, 0, JobsTarget(50, (2,), 1)),
            (
                "Prosjekta har rapportert 1 ny arbeidsplass i 2014, men ingen nye bedrifter. Målet for året, 50 nye og "
                "sikra arbeidsplassar, gjeld innsatsområde 2, og arbeidsplassen er rapportert der."
            ),
        ),
        (  # three areas together, none of their projects has reported yet
            (2014, 2, 0, 0, JobsTarget(60, (1, 2, 3), 0)),
            (
                "Prosjekta har rapportert 2 nye arbeidsplassar i 2014, men ingen nye bedrifter. Målet for året, 60 nye "
                "og sikra arbeidsplassar, gjeld innsatsområde 1, 2 og 3 til saman, der prosjekta ikkje har rapportert "
                "nokon enno."
            ),
        ),
        (  # two areas, some reported there
            (2014, 6, 9, 2, JobsTarget(80, (1, 2), 12)),
            (
                "Prosjekta har rapportert 15 nye og sikra arbeidsplassar (6 nye og 9 sikra) og 2 nye bedrifter i 2014. "
                "Målet for året, 80 nye og sikra arbeidsplassar, gjeld innsatsområde 1 og 2 til saman, der prosjekta "
                "har rapportert 12."
            ),
        ),
        (  # companies and no jobs, the programme's target
            (2014, 0, 0, 2, JobsTarget(50)),
            (
                "Prosjekta har rapportert 2 nye bedrifter i 2014, men ingen nye eller sikra arbeidsplassar. Målet for "
                "året er 50 nye og sikra arbeidsplassar."
            ),
        ),
        (  # nothing at all, up to a day
            (2014, 0, 0, 0, None, date(2014, 6, 30)),
            "Det er ikkje rapportert nye eller sikra arbeidsplassar eller nye bedrifter i 2014 per 30. juni 2014.",
        ),
    ],
)
def test_each_case_of_the_years_results_reads_as_nynorsk(args, expected):
    with speaking("nn"):
        assert plain(s.year_results(*args)) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((2010, 0, 2, 1), "Sidan starten i 2010 er det rapportert 2 sikra arbeidsplassar og 1 ny bedrift."),
        ((2010, 1, 0, 0), "Sidan starten i 2010 er det rapportert 1 ny arbeidsplass, men ingen nye bedrifter."),
        (
            (2010, 0, 0, 3),
            "Sidan starten i 2010 er det rapportert 3 nye bedrifter, men ingen nye eller sikra arbeidsplassar.",
        ),
        ((2010, 0, 0, 0), "Sidan starten i 2010 er det ikkje rapportert arbeidsplassar eller nye bedrifter."),
    ],
)
def test_what_was_reported_since_the_start_in_nynorsk(args, expected):
    with speaking("nn"):
        assert plain(s.since_start(*args)) == expected


@pytest.mark.parametrize(
    ("budget", "accounts", "granted", "expected"),
    [
        (
            2_400_000,
            2_660_000,
            2_030_000,
            (
                "Linje: overforbruk etter rekneskapen, 260 000 kr (11 %) over budsjettet (budsjett 2 400 000 kr, "
                "rekneskap 2 660 000 kr). Innvilga i 2014: 2 030 000 kr, 370 000 kr (15 %) under budsjettet."
            ),
        ),
        (
            2_400_000,
            2_390_000,
            2_400_000,
            (
                "Linje: underforbruk etter rekneskapen, 10 000 kr (under 1 %) under budsjettet (budsjett 2 400 000 kr, "
                "rekneskap 2 390 000 kr). Innvilga i 2014: 2 400 000 kr, som budsjettert."
            ),
        ),
        (
            700_000,
            None,
            900_000,
            (
                "Linje: overforbruk i tilsegn, 200 000 kr (29 %) over budsjettet (budsjett 700 000 kr, innvilga "
                "900 000 kr)."
            ),
        ),
        (
            0,
            500_000,
            None,
            "Linje: overforbruk etter rekneskapen, ikkje budsjettert (budsjett 0 kr, rekneskap 500 000 kr).",
        ),
    ],
)
def test_budget_words_in_nynorsk(budget, accounts, granted, expected):
    with speaking("nn"):
        said = s.spending_deviation("Linje", budget, accounts=accounts, granted=granted, year=2014)
    assert plain(said) == expected


def test_outside_a_nynorsk_block_the_sentences_are_bokmal_again():
    with speaking("nn"):
        assert s.companies_phrase(0) == "ingen nye bedrifter"  # the same words in both standards
        assert s.jobs_phrase(0, 0) == "ingen nye eller sikra arbeidsplassar"
    assert s.jobs_phrase(0, 0) == "ingen nye eller sikrede arbeidsplasser"
