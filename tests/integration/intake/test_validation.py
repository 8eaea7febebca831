"""Bad input through the services: a clear error naming the field, and nothing written (both databases)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from omstilling.errors import AmbiguousProgramme, InputError, NotFound
from omstilling.intake import writes
from omstilling.store import choose, db
from omstilling.store.models import (
    BoardCase,
    BoardMeeting,
    Payment,
    Person,
    Project,
    RoleAssignment,
)

NBSP = "\u00a0"
PROGRAMME = dict(
    slug="testvik",
    name="Omstillingsprogrammet i Testvik",
    municipality="Testvik kommune",
    county="Nordfylket fylkeskommune",
    county_short="NFK",
    status_start_year=2014,
    status_end_year=2019,
)


@pytest.fixture
def two_programmes(engine):
    """Testvik (focus areas 1 and 2, project 2014-01) and Nabovik (focus area 3)."""
    with db.session_scope(engine) as session:
        testvik = writes.create_programme(session, PROGRAMME)
        writes.add_focus_area(session, testvik, {"number": 1, "name": "Nyskaping"})
        writes.add_focus_area(session, testvik, {"number": 2, "name": "Attraktivitet"})
        writes.add_project(
            session,
            testvik,
            {
                "number": "2014-01",
                "title": "Ny produktlinje",
                "owner": "Bedrift AS",
                "focus_area": 1,
                "phase": "forprosjekt",
                "status": "innvilget",
                "grant_amount": 100_000,
                "decision_date": "2014-03-17",
            },
        )
        writes.add_meeting(
            session,
            testvik,
            {"date": "2014-03-17", "status": "holdt", "cases": [{"number": "01/14", "title": "Prosjektsøknad"}]},
        )
        nabovik = writes.create_programme(session, {**PROGRAMME, "slug": "nabovik", "name": "Nabovik"})
        writes.add_focus_area(session, nabovik, {"number": 3, "name": "Reiseliv"})
    return engine


def rows(engine, model) -> int:
    with db.session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def attempt(engine, action) -> InputError:
    """Run `action(session, testvik)` in a unit of work that must fail with an InputError."""
    with pytest.raises(InputError) as caught, db.session_scope(engine) as session:
        action(session, choose.programme(session, "testvik"))
    return caught.value


def project(**overrides) -> dict:
    data = {
        "number": "2014-02",
        "title": "Eksport",
        "owner": "Bedrift AS",
        "focus_area": 1,
        "phase": "forstudie",
        "status": "sokt",
        "grant_amount": 50_000,
    }
    return data | overrides


def test_a_negative_grant_writes_nothing(two_programmes):
    error = attempt(two_programmes, lambda s, p: writes.add_project(s, p, project(grant_amount=-10)))
    assert [pr.field for pr in error.problems] == ["grant_amount"]
    assert str(error) == "ugyldig prosjekt: grant_amount: -10 — må være 0 eller mer"
    assert rows(two_programmes, Project) == 1


def test_a_project_that_ends_before_it_starts_writes_nothing(two_programmes):
    error = attempt(
        two_programmes, lambda s, p: writes.add_project(s, p, project(start_date="2014-06-01", end_date="2014-05-01"))
    )
    assert str(error) == "ugyldig prosjekt: end_date: prosjektet kan ikke slutte før det starter"
    assert rows(two_programmes, Project) == 1


def test_a_project_cannot_point_at_another_programmes_focus_area(two_programmes):
    error = attempt(two_programmes, lambda s, p: writes.add_project(s, p, project(focus_area=3)))
    assert (
        str(error)
        == "ugyldig prosjekt 2014-02: focus_area: programmet «testvik» har ikke innsatsområde 3 (det har 1, 2)"
    )
    assert rows(two_programmes, Project) == 1


def test_a_duplicate_case_number_writes_neither_the_meeting_nor_its_cases(two_programmes):
    meeting = {
        "date": "2014-05-19",
        "cases": [{"number": "02/14", "title": "Ny sak"}, {"number": "01/14", "title": "Samme nummer"}],
    }
    error = attempt(two_programmes, lambda s, p: writes.add_meeting(s, p, meeting))
    assert str(error) == (
        "ugyldig styremøte 19. mai 2014: cases.number: «01/14» — saksnummeret er allerede brukt i programmet"
    )
    assert (rows(two_programmes, BoardMeeting), rows(two_programmes, BoardCase)) == (1, 1)


def test_an_unknown_role_writes_no_person(two_programmes):
    error = attempt(
        two_programmes,
        lambda s, p: writes.add_role(s, p, {"name": "Kari Nordmann", "role": "kasserer", "term_start": "2014-01-01"}),
    )
    assert error.problems[0].field == "role"
    assert str(error) == (
        "ugyldig rolle: role: «kasserer» — ukjent rolle; velg blant: programleder, styreleder, styremedlem, "
        "varamedlem, observatør fra fylkeskommunen, observatør fra Innovasjon Norge, kontaktperson i kommunen, "
        "ekstern prosessveileder"
    )
    assert (rows(two_programmes, Person), rows(two_programmes, RoleAssignment)) == (0, 0)


def test_a_payment_larger_than_the_grant_is_refused(two_programmes):
    def pay_twice(session, programme):
        writes.add_payment(session, programme, {"project": "2014-01", "date": "2014-04-01", "amount": 60_000})
        writes.add_payment(session, programme, {"project": "2014-01", "date": "2014-09-01", "amount": 60_000})

    error = attempt(two_programmes, pay_twice)
    assert str(error) == (
        f"ugyldig utbetaling: amount: 60000 — samlet utbetalt til prosjekt 2014-01 blir "
        f"120{NBSP}000{NBSP}kr, mer enn tilsagnet på 100{NBSP}000{NBSP}kr"
    )
    assert error.problems[0].field == "amount"
    assert rows(two_programmes, Payment) == 0  # the first payment went with the failed unit of work


def test_more_returned_than_paid_is_refused(two_programmes):
    error = attempt(
        two_programmes,
        lambda s, p: writes.add_payment(
            s, p, {"project": "2014-01", "date": "2014-04-01", "kind": "tilbakefort", "amount": 1}
        ),
    )
    assert str(error) == (
        f"ugyldig utbetaling: amount: 1 — mer tilbakeført enn de 0{NBSP}kr som er utbetalt til prosjekt 2014-01 "
        "før denne datoen"
    )


def test_a_repayment_dated_before_the_payment_is_refused_as_the_workbook_refuses_it(two_programmes):
    """The payment cap has one home (core.grants): a single write takes the payments in date order, as the
    workbook's check does; it used to count every payment, whatever its date, and let this one through."""

    def pay_then_return_earlier(session, programme):
        writes.add_payment(session, programme, {"project": "2014-01", "date": "2014-09-01", "amount": 60_000})
        writes.add_payment(
            session, programme, {"project": "2014-01", "date": "2014-04-01", "kind": "tilbakefort", "amount": 10_000}
        )

    error = attempt(two_programmes, pay_then_return_earlier)
    assert str(error) == (
        f"ugyldig utbetaling: amount: 10000 — mer tilbakeført enn de 0{NBSP}kr som er utbetalt til "
        "prosjekt 2014-01 før denne datoen"
    )
    assert rows(two_programmes, Payment) == 0


def test_a_second_programme_with_the_same_slug_is_refused(two_programmes):
    with pytest.raises(InputError) as caught, db.session_scope(two_programmes) as session:
        writes.create_programme(session, PROGRAMME)
    assert str(caught.value) == "ugyldig program: slug: «testvik» — det finnes allerede et program med dette kortnavnet"


def test_a_strategy_of_another_focus_area_names_both(two_programmes):
    def add(session, programme):
        writes.add_strategy(session, programme, {"number": "2.1", "focus_area": 2, "year": 2014, "name": "Reiseliv"})
        writes.add_project(session, programme, project(strategy="2.1"))

    error = attempt(two_programmes, add)
    assert str(error) == "ugyldig prosjekt 2014-02: strategy: tiltak 2.1 hører til innsatsområde 2, ikke 1"
    assert rows(two_programmes, Project) == 1


def test_an_unknown_programme_names_the_ones_there_are_and_none_chosen_asks_which(two_programmes):
    with pytest.raises(NotFound) as caught, db.session_scope(two_programmes) as session:
        choose.programme(session, "nordkapp")
    assert str(caught.value) == "ingen program med kortnavnet «nordkapp» (finnes: nabovik, testvik)"
    with pytest.raises(AmbiguousProgramme) as caught, db.session_scope(two_programmes) as session:
        choose.programme(session)
    assert str(caught.value) == "databasen har flere program (nabovik, testvik): oppgi hvilket det gjelder"
    assert str(caught.value.with_hint("velg ett med --programme")).endswith(
        "(nabovik, testvik): velg ett med --programme"
    )


def test_an_empty_database_says_how_to_get_a_programme(engine):
    with pytest.raises(NotFound) as caught, db.session_scope(engine) as session:
        choose.programme(session)
    assert str(caught.value) == (
        "databasen har ingen program ennå: kjør `omstilling demo` eller importer en arbeidsbok"
    )


def test_the_database_itself_refuses_what_slips_past_the_services(two_programmes):
    """The constraints stand even for code that writes table models directly."""
    with pytest.raises(IntegrityError), db.session_scope(two_programmes) as session:
        testvik = choose.programme(session, "testvik")
        session.add(
            Project(
                programme_id=testvik.id,
                number="X",
                title="X",
                owner="X",
                focus_area_id=99_999,
                phase="forstudie",
                status="sokt",
                grant_amount=-1,
            )
        )
        session.flush()
    assert rows(two_programmes, Project) == 1


def test_two_payments_on_one_day_are_recorded_when_a_reference_tells_them_apart(engine):
    """Issue 11, case 13, through the services: the second same-day payment needs its own reference."""
    from omstilling.store.models import Payment

    with db.session_scope(engine) as session:
        programme = writes.create_programme(
            session,
            {
                "slug": "gamleby",
                "name": "Omstilling Gamleby",
                "municipality": "Gamleby kommune",
                "county": "Vestfylket",
                "county_short": "VF",
                "status_start_year": 2012,
                "status_end_year": 2017,
            },
        )
        writes.add_focus_area(session, programme, {"number": 1, "name": "Nyskaping"})
        writes.add_project(
            session,
            programme,
            {
                "number": "2012-01",
                "title": "Ny fabrikk",
                "owner": "Verk AS",
                "focus_area": 1,
                "phase": "forstudie",
                "status": "innvilget",
                "grant_amount": 100000,
                "decision_date": "2012-03-01",
            },
        )
        writes.add_payment(session, programme, {"project": "2012-01", "date": "2012-05-01", "amount": 50000})
        writes.add_payment(
            session, programme, {"project": "2012-01", "date": "2012-05-01", "amount": 20000, "reference": "B-17"}
        )
    with pytest.raises(InputError), db.session_scope(engine) as session:
        writes.add_payment(
            session,
            choose.programme(session),
            {"project": "2012-01", "date": "2012-05-01", "amount": 1000, "reference": "B-17"},
        )
    with db.session_scope(engine) as session:
        assert sorted((p.amount, p.reference) for p in session.exec(select(Payment))) == [(20000, "B-17"), (50000, "")]


def test_closed_days_are_refused_only_for_a_stretch_inside_the_status_period(engine):
    """The closed-days check walks the programme's status period (Testvik: 2014–2019), with its other closed days."""
    from omstilling.store.models import ClosedDay

    weekdays_until_2013 = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20131231T000000"
    with db.session_scope(engine) as session:
        programme = writes.create_programme(session, PROGRAMME)
        writes.add_closed_day(session, programme, {"key": "for", "title": "Før", "rrule": weekdays_until_2013})
        writes.add_closed_day(session, programme, {"key": "juli", "title": "Juli", "rrule": "FREQ=DAILY;BYMONTH=7"})
    with (
        pytest.raises(
            InputError,
            match=r"sammen med de andre fridagene: fridagene gir mer enn 60 dager på rad "
            r"uten arbeidsdag \(fra 2014-07-01\)",
        ),
        db.session_scope(engine) as session,
    ):
        writes.add_closed_day(
            session,
            choose.programme(session),
            {"key": "august", "title": "August", "rrule": "FREQ=DAILY;BYMONTH=8"},
        )
    with db.session_scope(engine) as session:
        assert sorted(session.exec(select(ClosedDay.key))) == ["for", "juli"]
