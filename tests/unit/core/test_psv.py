"""The PSV by Innovasjon Norge's published method (`omstilling.core.psv`): the set a year is scored on, which kind of
indicator weighs most, grades that do not fit their set, the scoring form, and the grades across the years with the
sentence said about them (`omstilling.core.sentences.psv_change`)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from omstilling.core import psv
from omstilling.core.enums import IndicatorKind, PsvForm
from omstilling.core.language import speaking
from omstilling.core.sentences import psv_change
from omstilling.core.snapshot import AssessmentData, IndicatorData, ProgrammeSnapshot, ScoreData

P, E = IndicatorKind.PROCESS, IndicatorKind.EFFECT


def programme(*assessments: AssessmentData, indicators: tuple[IndicatorData, ...] = ()) -> ProgrammeSnapshot:
    return ProgrammeSnapshot(
        id=1,
        slug="tomby",
        name="Omstillingsprogrammet i Tomby",
        municipality="Tomby kommune",
        county="Innlandet fylkeskommune",
        county_short="IFK",
        status_start_year=2010,
        status_end_year=2015,
        timezone="Europe/Oslo",
        assessments=assessments,
        indicators=indicators,
    )


def graded(year: int, *grades: tuple[str, IndicatorKind, int], form: PsvForm | None = None) -> AssessmentData:
    scores = tuple(ScoreData(name, kind, grade, None) for name, kind, grade in grades)
    return AssessmentData(year, None, None, None, scores, form=form)


def counted(process: list[int], effect: list[int]) -> tuple[tuple[str, IndicatorKind, int], ...]:
    """Grades for indicators named by kind and number, as many of each as given."""
    return tuple((f"P{n}", P, g) for n, g in enumerate(process, 1)) + tuple(
        (f"E{n}", E, g) for n, g in enumerate(effect, 1)
    )


def test_the_process_indicators_weigh_most_in_the_first_two_years_of_the_status_period_and_the_effect_after():
    snapshot = programme()
    assert [psv.emphasis(snapshot, year) for year in range(2010, 2016)] == [P, P, E, E, E, E]


def test_a_year_is_scored_on_the_set_it_names_else_what_its_grades_show_else_the_year_before():
    snapshot = programme(
        graded(2011, *counted([3] * 6, [2] * 6)),  # says nothing; 6 + 6 grades: the older form
        graded(2012, form=PsvForm.IN_8),  # says the newer form, no grades yet
        graded(2013),  # says nothing and has no grades: the set of the year before
    )
    assert psv.form_for(snapshot, 2011) is PsvForm.IN_12
    assert psv.form_for(snapshot, 2012) is PsvForm.IN_8
    assert psv.form_for(snapshot, 2013) is PsvForm.IN_8
    assert psv.form_for(snapshot, 2014) is PsvForm.IN_8  # not held yet: the year before's
    assert psv.form_for(programme(), 2014) is PsvForm.IN_8  # nothing at all: the current form
    own = (IndicatorData(1, "Forankring", P), IndicatorData(2, "Arbeidsplasser", E))
    assert psv.form_for(programme(indicators=own), 2014) is PsvForm.OWN
    # grades naming exactly the programme's own indicators show the own set, though the year does not say
    named = programme(graded(2013, ("Forankring", P, 4), ("Arbeidsplasser", E, 3)), indicators=own)
    assert psv.form_for(named, 2013) is PsvForm.OWN


def test_grades_that_do_not_fit_their_set_are_told_what_the_set_has():
    assert psv.grade_problem(psv.PUBLISHED[PsvForm.IN_8], [("a", P)] * 4 + [("b", E)] * 4) is None
    assert psv.grade_problem(psv.PUBLISHED[PsvForm.IN_12], [("a", P)] * 4 + [("b", E)] * 4) == (
        "karakterene har 4 prosessindikatorer og 4 effektindikatorer, men Innovasjon Norges vurderingsskjema med 12 "
        "indikatorer (6 prosess, 6 effekt) har 6 og 6"
    )
    # one of a kind is said in the singular («1 prosessindikatorer» before), in both written standards
    assert psv.grade_problem(psv.PUBLISHED[PsvForm.IN_8], [("a", P)] + [("b", E)] * 4) == (
        "karakterene har 1 prosessindikator og 4 effektindikatorer, men Innovasjon Norges vurderingsskjema med 8 hoved"
        "indikatorer (4 prosess, 4 effekt) har 4 og 4"
    )
    with speaking("nn"):
        said = psv.grade_problem(psv.PUBLISHED[PsvForm.IN_8], [("a", P)] * 3 + [("b", E)])
    assert said is not None and said.startswith("karakterane har 3 prosessindikatorar og 1 effektindikator, men ")
    own = psv.IndicatorSet(PsvForm.OWN, 1, 1, (("Forankring", P), ("Arbeidsplasser", E)))
    assert psv.grade_problem(own, [("Forankring", P), ("Arbeidsplasser", E)]) is None
    assert psv.grade_problem(own, [("Forankring", P), ("Nyetableringer", E)]) == (
        "«Nyetableringer» er ikke blant programmets egne indikatorer (arket PSV-indikatorer)"
    )
    assert psv.grade_problem(own, [("Forankring", E), ("Arbeidsplasser", E)]) == (
        "«Forankring» har en annen type på arket PSV-indikatorer"
    )
    assert psv.grade_problem(own, [("Forankring", P)]) == (
        "karakter mangler for «Arbeidsplasser» (programmets egne indikatorer, arket PSV-indikatorer)"
    )
    with speaking("nynorsk"):
        assert psv.grade_problem(own, [("Forankring", P)]) == (
            "karakter manglar for «Arbeidsplasser» (dei eigne indikatorane til programmet, arket PSV-indikatorar)"
        )


def test_a_mean_is_shown_to_one_decimal_rounded_half_up():
    assert psv.average([2, 2, 3, 2]) == Fraction(23, 10)  # 2,25 → 2,3 (not half to even: 2,2)
    assert psv.average([3, 4, 4, 4]) == Fraction(38, 10)  # 3,75 → 3,8
    assert psv.average([3, 3, 4]) == Fraction(33, 10)  # 3,33 → 3,3
    assert psv.average([]) is None


def test_the_trend_has_each_indicators_grade_per_year_and_each_kinds_mean_with_its_first_and_last_year():
    snapshot = programme(
        graded(2012, *counted([3, 3, 2, 3], [2, 2, 3, 2])),
        graded(2013, *counted([4, 4, 3, 4], [3, 3, 4, 3])),
        graded(2014),  # held, not graded: not a year of the trend
        graded(2015, *counted([5, 5, 5, 5], [5, 5, 5, 5])),  # after the year asked about
    )
    trend = psv.trend(snapshot, 2014)
    assert trend["years"] == [2012, 2013]
    assert [(r["indicator"], r["by_year"]) for r in trend["rows"]][:2] == [("P1", [3, 4]), ("P2", [3, 4])]
    assert [r["kind"] for r in trend["rows"]] == ["prosess"] * 4 + ["effekt"] * 4
    assert [(m["year"], m["process"], m["effect"]) for m in trend["means"]] == [
        (2012, Fraction(28, 10), Fraction(23, 10)),
        (2013, Fraction(38, 10), Fraction(33, 10)),
    ]
    assert trend["changes"] == [
        {"kind": "prosess", "first_year": 2012, "first": Fraction(28, 10), "last_year": 2013, "last": Fraction(38, 10)},
        {"kind": "effekt", "first_year": 2012, "first": Fraction(23, 10), "last_year": 2013, "last": Fraction(33, 10)},
    ]
    assert psv.trend(snapshot, 2012)["changes"] == []  # one year: nothing has gone anywhere yet


@pytest.mark.parametrize(
    ("kind", "first", "last", "bokmal", "nynorsk"),
    [
        (
            "prosess",
            Fraction(32, 10),
            Fraction(38, 10),
            "Prosessindikatorene har i snitt gått opp fra 3,2 i 2013 til 3,8 i 2014.",
            "Prosessindikatorane har i snitt gått opp frå 3,2 i 2013 til 3,8 i 2014.",
        ),
        (
            "effekt",
            Fraction(38, 10),
            Fraction(3),
            "Effektindikatorene har i snitt gått ned fra 3,8 i 2013 til 3,0 i 2014.",
            "Effektindikatorane har i snitt gått ned frå 3,8 i 2013 til 3,0 i 2014.",
        ),
        (
            "prosess",
            Fraction(4),
            Fraction(4),
            "Prosessindikatorene har i snitt ligget på 4,0 både i 2013 og i 2014.",
            "Prosessindikatorane har i snitt lege på 4,0 både i 2013 og i 2014.",
        ),
    ],
)
def test_the_trend_is_said_in_a_sentence_built_from_the_means(kind, first, last, bokmal, nynorsk):
    assert psv_change(kind, 2013, first, 2014, last) == bokmal
    with speaking("nynorsk"):
        assert psv_change(kind, 2013, first, 2014, last) == nynorsk


def test_the_scoring_form_names_the_indicators_as_the_programme_last_did_or_by_kind_and_number():
    first = psv.scoring_form(programme(), 2011)
    assert (first["form"], first["emphasis"], first["year_number"], first["named"]) == ("in-8", "prosess", 2, False)
    assert [(r["indicator"], r["kind"], r["previous"]) for r in first["rows"]] == [
        *((f"Prosessindikator {n}", "prosess", None) for n in range(1, 5)),
        *((f"Effektindikator {n}", "effekt", None) for n in range(1, 5)),
    ]
    snapshot = programme(graded(2013, *counted([4, 4, 3, 4], [3, 3, 4, 3]), form=PsvForm.IN_8))
    later = psv.scoring_form(snapshot, 2014)
    assert (later["previous_year"], later["emphasis"], later["named"]) == (2013, "effekt", True)
    assert [(r["indicator"], r["previous"], r["score"]) for r in later["rows"]][:3] == [
        ("P1", 4, None),
        ("P2", 4, None),
        ("P3", 3, None),
    ]
    own = (IndicatorData(1, "Forankring", P, "Eierskap i kommunen"), IndicatorData(2, "Arbeidsplasser", E))
    mine = psv.scoring_form(programme(indicators=own), 2014)
    assert mine["form"] == "egen" and mine["form_label"] == "programmets egne indikatorer"
    assert [(r["indicator"], r["description"]) for r in mine["rows"]] == [
        ("Forankring", "Eierskap i kommunen"),
        ("Arbeidsplasser", None),
    ]
