"""Input models reject bad input with the field named; Norwegian formatting follows DOMAIN.md."""

from __future__ import annotations

from datetime import date

import pytest

from omstilling.core.enums import ProjectStatus, Role
from omstilling.core.formatting import (
    date_long,
    date_short,
    date_with_weekday,
    kr,
    mill_kr,
    number,
    percent,
)
from omstilling.errors import InputError
from omstilling.intake.schemas import (
    GoalIn,
    MeetingIn,
    ProgrammeIn,
    ProjectIn,
    RoleIn,
    valid_org_number,
    validate,
)

NBSP = "\u00a0"


def a_project(**overrides) -> dict:
    data = dict(
        number="2014-01",
        title="Ny produktlinje",
        owner="Bedrift AS",
        focus_area=1,
        phase="forprosjekt",
        status="sokt",
        grant_amount=100_000,
    )
    data.update(overrides)
    return data


def fields_of(exc: InputError) -> list[str]:
    return [p.field for p in exc.problems]


def test_a_negative_grant_is_rejected_naming_the_field():
    with pytest.raises(InputError) as caught:
        validate(ProjectIn, a_project(grant_amount=-1))
    assert fields_of(caught.value) == ["grant_amount"]
    assert str(caught.value) == "ugyldig prosjekt: grant_amount: -1 — må være 0 eller mer"


def test_a_project_that_ends_before_it_starts_is_rejected():
    with pytest.raises(InputError) as caught:
        validate(ProjectIn, a_project(start_date="2014-05-01", end_date="2014-04-30"))
    assert fields_of(caught.value) == ["end_date"]
    assert str(caught.value) == "ugyldig prosjekt: end_date: prosjektet kan ikke slutte før det starter"


def test_every_problem_is_reported_at_once():
    with pytest.raises(InputError) as caught:
        validate(ProjectIn, a_project(grant_amount=-1, phase="idé", title=""))
    assert sorted(fields_of(caught.value)) == ["grant_amount", "phase", "title"]
    assert str(caught.value) == (
        "ugyldig prosjekt: title: (tom) — må fylles ut; "
        "phase: «idé» — må være en av: forstudie, forprosjekt eller hovedprosjekt; "
        "grant_amount: -1 — må være 0 eller mer"
    )


def test_the_programmes_share_of_the_financing_must_equal_the_grant():
    with pytest.raises(InputError) as caught:
        validate(ProjectIn, a_project(funding=[{"source": "program", "amount": 90_000}]))
    assert str(caught.value) == (
        f"ugyldig prosjekt: funding: omstillingsprogrammets andel (90{NBSP}000{NBSP}kr) "
        f"må være lik tilsagnet (100{NBSP}000{NBSP}kr)"
    )


def test_a_granted_project_needs_its_decision_date():
    with pytest.raises(InputError) as caught:
        validate(ProjectIn, a_project(status=ProjectStatus.GRANTED.value))
    assert str(caught.value) == "ugyldig prosjekt: decision_date: et innvilget prosjekt trenger vedtaksdato"


def test_an_unknown_role_names_the_roles_there_are():
    with pytest.raises(InputError) as caught:
        validate(RoleIn, {"name": "Kari", "role": "kaptein", "term_start": "2014-01-01"})
    assert fields_of(caught.value) == ["role"]
    assert str(caught.value) == (
        "ugyldig rolle: role: «kaptein» — ukjent rolle; velg blant: programleder, styreleder, styremedlem, "
        "varamedlem, observatør fra fylkeskommunen, observatør fra Innovasjon Norge, kontaktperson i kommunen, "
        "ekstern prosessveileder"
    )


def test_a_role_may_be_given_by_its_norwegian_label():
    role = validate(RoleIn, {"name": "Kari", "role": "observatør fra fylkeskommunen", "term_start": "2014-01-01"})
    assert role.role is Role.COUNTY_OBSERVER


def test_a_case_number_must_belong_to_the_meetings_year():
    with pytest.raises(InputError) as caught:
        validate(MeetingIn, {"date": "2014-03-17", "cases": [{"number": "04/13", "title": "Sak"}]})
    assert str(caught.value) == "ugyldig styremøte: cases: saksnummer 04/13 er fra et annet år enn møtet (2014)"
    with pytest.raises(InputError) as caught:
        validate(MeetingIn, {"date": "2014-03-17", "cases": [{"number": "sak 4", "title": "Sak"}]})
    assert str(caught.value) == (
        "ugyldig styremøte: cases.0.number: «sak 4» — et saksnummer skrives løpenummer/år, f.eks. 05/14"
    )


def test_a_measurable_goal_needs_a_target():
    with pytest.raises(InputError) as caught:
        validate(
            GoalIn,
            {
                "key": "g",
                "metric": "arbeidsplasser",
                "comparator": "minst",
                "period_start": 2014,
                "period_end": 2014,
                "text": "Mål",
            },
        )
    assert str(caught.value) == (
        "ugyldig mål: target: et målbart mål trenger en målverdi (eller sammenligningen «kvalitativt mål»)"
    )


def test_organisation_numbers_carry_a_modulus_11_check_digit():
    assert valid_org_number("974760673")
    assert not valid_org_number("974760674")
    assert not valid_org_number("97476067")
    with pytest.raises(InputError) as caught:
        validate(ProjectIn, a_project(org_number="123456789"))
    assert str(caught.value) == (
        "ugyldig prosjekt: org_number: «123456789» — er ikke et gyldig organisasjonsnummer (9 siffer med kontrollsiffer)"
    )


def test_a_record_missing_its_fields_and_with_one_too_many_is_told_in_norwegian():
    with pytest.raises(InputError) as caught:
        validate(
            ProgrammeIn,
            {
                "slug": "Vestre Toten",
                "name": "Vestre Toten",
                "municipality": "Vestre Toten kommune",
                "county": "Innlandet",
                "county_short": "IFK",
                "status_start_year": 2014,
                "status_end_year": 2013,
                "fylke": "Innlandet",
            },
        )
    assert str(caught.value) == (
        "ugyldig program: slug: «Vestre Toten» — bruk små bokstaver, sifre og bindestrek, f.eks. vestre-toten; "
        "fylke: «Innlandet» — ukjent felt"
    )
    with pytest.raises(InputError) as caught:
        validate(RoleIn, {"name": "Kari", "role": "programleder"})
    assert str(caught.value) == "ugyldig rolle: term_start: må fylles ut"


def test_numbers_use_a_no_break_space_and_a_decimal_comma():
    assert number(4_000_000) == f"4{NBSP}000{NBSP}000"
    assert kr(2_400_000) == f"2{NBSP}400{NBSP}000{NBSP}kr"
    assert mill_kr(2_500_000) == f"2,5{NBSP}mill.{NBSP}kr"
    assert percent(70) == f"70{NBSP}%"


def test_dates_are_written_the_norwegian_way():
    assert date_long(date(2014, 6, 30)) == "30. juni 2014"
    assert date_short(date(2014, 6, 30)) == "30.06.2014"
    assert date_with_weekday(date(2014, 1, 31)) == "fredag 31. januar 2014"
