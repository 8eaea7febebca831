"""The demo programme: the seed's figures, exactly, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlmodel import func, select

from omstilling.core.indicators import portfolio_status
from omstilling.core.periods import Period, status_period
from omstilling.core.status import programme_status
from omstilling.intake import writes
from omstilling.intake.demo import load_demo
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot
from omstilling.store.models import Contact, Person, Programme, Project


def test_the_status_at_31_12_2013_reconciles_with_the_seed(demo_engine):
    with db.session_scope(demo_engine) as session:
        snapshot = load_snapshot(session, choose.programme(session, "vestre-toten"))
    status = portfolio_status(snapshot, date(2013, 12, 31))
    assert status.started == 32
    assert status.finished == 24
    assert status.not_carried_out == 2
    assert status.returned > 0  # the two projects not carried out paid their money back
    assert 8_500_000 <= status.support <= 9_500_000  # "ca. 9 mill."
    assert 45_000_000 <= status.total_budget < 50_000_000  # "nærmere 50 mill."
    assert status.jobs.total == 70  # "ca. 70 nye og sikrede arbeidsplasser"
    assert status.new_companies == 2
    assert 35_000_000 <= status.extra_revenue <= 40_000_000


def test_the_2014_budget_is_exactly_the_seeds(demo_snapshot):
    data = programme_status(demo_snapshot, Period(2014, date(2014, 12, 31)))
    budget = data["budget"]
    assert budget["income_total"] == 4_000_000
    assert {i["label"]: i["amount"] for i in budget["income"]}["Ubrukte midler fra 2010–2013"] == 1_000_000
    spending = {s["label"]: s["amount"] for s in budget["spending"]}
    assert spending == {
        "Prosjektmidler innsatsområde 1": 2_400_000,
        "Prosjektmidler innsatsområde 2": 700_000,
        "Programadministrasjon (ledelse, innleid kompetanse og annet)": 900_000,
    }
    assert budget["spending_total"] == 4_000_000


def test_every_2014_goal_and_strategy_target_of_the_seed_is_there(demo_snapshot):
    data = programme_status(demo_snapshot, Period(2014, date(2014, 12, 31)))
    targets = {g["key"]: (g["comparator"], g["target"]) for g in data["goals"]}
    assert targets["io1-arbeidsplasser-2014"] == ("minst", 50)
    assert targets["io1-nye-bedrifter-2014"] == ("minst", 2)
    assert targets["io1-giring-2014"] == ("minst", 15_000_000)
    assert targets["kompetanse"] == ("minst", 70)
    assert targets["samhandling"] == ("minst", 1)
    assert targets["io1-nye-bedrifter-2013-2015"] == ("minst", 6)
    strategies = {s["number"]: s["count_target"] for s in data["strategies"]}
    assert strategies == {
        "3.1.1": 3,
        "3.1.2": 3,
        "3.1.3": 3,
        "3.1.4": 1,
        "3.1.5": 1,
        "3.2.1": 1,
        "3.2.2": 1,
        "3.2.3": 1,
        "3.3.1": None,
        "3.3.2": None,
        "3.3.3": None,
        "3.3.4": None,
    }
    assert [a["name"] for a in data["focus_areas"]] == [
        "Nyskaping i næringslivet",
        "Attraktivitet for næringslivet",
        "Kommunikasjon",
    ]


def test_2014_actuals_are_computed_from_the_projects(demo_snapshot):
    data = programme_status(demo_snapshot, Period(2014, date(2014, 12, 31)))
    goals = {g["key"]: g for g in data["goals"]}
    assert (goals["io1-arbeidsplasser-2014"]["actual"], goals["io1-arbeidsplasser-2014"]["met"]) == (38, False)
    assert (goals["io1-giring-2014"]["actual"], goals["io1-giring-2014"]["met"]) == (15_220_000, True)
    assert goals["kompetanse"]["actual"] == 78.6  # 11 of 14 projects granted in 2014
    half_year = programme_status(demo_snapshot, Period(2014, date(2014, 6, 30)))
    # reported by 30 June: projects 2013-02 (3 + 2), 2013-04 (1 + 2), 2013-07 (2 + 3) and 2013-08 (0 + 2)
    assert {g["key"]: g["actual"] for g in half_year["goals"]}["io1-arbeidsplasser-2014"] == 15


def test_the_psv_2013_recommendations_and_their_follow_up_are_kept(demo_snapshot):
    assert [a.year for a in demo_snapshot.assessments] == [2012, 2013]  # 2012's scores are invented (README)
    psv = demo_snapshot.assessments[1]
    assert [r.number for r in psv.recommendations] == list(range(1, 9))
    assert psv.recommendations[2].text == "Styret må vedta et «årshjul» for sitt arbeid."
    assert psv.recommendations[2].follow_up == "Vedtatt og innarbeidet i handlingsplanen."


def test_at_least_three_board_meetings_in_each_half_of_2014_one_of_them_the_seminar(demo_snapshot):
    meetings_2014 = [m for m in demo_snapshot.meetings if m.date.year == 2014]
    assert sum(m.date.month <= 6 for m in meetings_2014) >= 3
    assert sum(m.date.month >= 7 for m in meetings_2014) >= 3
    assert [m.date for m in meetings_2014 if m.kind.value == "seminar"] == [date(2014, 11, 28)]
    assert all(m.cases for m in meetings_2014)


def test_the_board_chair_and_programme_leader_are_named_and_their_contact_data_kept_apart(demo_snapshot):
    by_role = {r.role.value: r.name for r in demo_snapshot.roles}
    assert by_role["styreleder"] == "Leif Waarum"
    assert by_role["programleder"] == "Bjørn Iversen"
    assert not any("@" in str(value) for r in demo_snapshot.roles for value in vars(r).values())


def test_loading_the_demo_twice_changes_nothing_and_reset_replaces_it(engine):
    with db.session_scope(engine) as session:
        assert load_demo(session).created
    with db.session_scope(engine) as session:
        again = load_demo(session)
        assert not again.created
        assert writes.count_rows(session, again.programme)["project"] == 46
        session.delete(session.exec(select(Project).where(Project.number == "2014-01")).one())
    with db.session_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(Project)).one() == 45
        assert load_demo(session, reset=True).replaced
    with db.session_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(Programme)).one() == 1
        assert session.exec(select(func.count()).select_from(Project)).one() == 46
        assert session.exec(select(func.count()).select_from(Person)).one() == 10
        assert session.exec(select(func.count()).select_from(Contact)).one() == 10


def test_status_defaults_to_the_latest_plan_year_within_the_status_period(demo_snapshot):
    assert status_period(demo_snapshot, date(2026, 11, 27), None, None) == Period(2014, date(2015, 12, 31))
    assert status_period(demo_snapshot, date(2014, 8, 1), None, None) == Period(2014, date(2014, 8, 1))
    assert status_period(demo_snapshot, date(2026, 11, 27), 2014, None) == Period(2014, date(2014, 12, 31))


def test_the_annual_report_is_by_default_about_the_year_that_is_over_as_of_its_last_day(demo_snapshot):
    """Found by the review: in January 2015 the default was the 2015 plan, or 2014 as of the day; past the
    programme's end it was 2014 as of 31 December 2015 (the lights then judged 2014 against a later day)."""
    from dataclasses import replace

    from omstilling.core.enums import DocumentKind
    from omstilling.core.periods import document_period
    from omstilling.core.snapshot import BudgetLineData

    kind = DocumentKind.ANNUAL_REPORT
    assert document_period(demo_snapshot, kind, date(2026, 12, 2)) == Period(2014, date(2014, 12, 31))
    assert document_period(demo_snapshot, kind, date(2015, 1, 20)) == Period(2014, date(2014, 12, 31))
    with_2015 = replace(
        demo_snapshot,
        budget_lines=(
            *demo_snapshot.budget_lines,
            BudgetLineData(
                999, 2015, demo_snapshot.budget_lines[0].kind, demo_snapshot.budget_lines[0].category, None, "x", 1
            ),
        ),
    )
    assert document_period(with_2015, kind, date(2015, 1, 20)) == Period(2014, date(2014, 12, 31))
    assert document_period(demo_snapshot, kind, date(2026, 12, 2), year=2013) == Period(2013, date(2013, 12, 31))


def test_many_copies_of_the_demo_load_when_each_has_its_own_companies(engine):
    """The benchmarks load a county of 20-100 copies of the demo. With the demo's own organisation numbers in every
    copy, the copies' awards are one company's aid: the sixth copy's are refused by the ceiling (as they should be;
    the benchmarks failed so once the sum compared awards by identity). `with_own_companies` gives each copy valid
    numbers of its own, so seven copies load, and no company is another copy's."""
    import pytest

    from omstilling.intake.demo import demo_data, load_programme_data, with_own_companies
    from omstilling.intake.stateaid import CeilingExceeded
    from omstilling.store.models import AidAward

    data = demo_data()
    for n in range(7):
        with db.session_scope(engine) as session:
            load_programme_data(
                session, with_own_companies(data, n) | {"programme": data["programme"] | {"slug": f"p{n}"}}
            )
    with db.session_scope(engine) as session:
        awards = session.exec(select(AidAward.org_number)).all()
    assert len(awards) == 7 * len(data["awards"]) and len(set(awards)) == len(awards)
    with pytest.raises(CeilingExceeded, match="over taket på 200\u00a0000\u00a0euro"):
        for n in range(7, 14):  # the same companies again, copy after copy: the ceiling stops them
            with db.session_scope(engine) as session:
                load_programme_data(
                    session, with_own_companies(data, 0) | {"programme": data["programme"] | {"slug": f"q{n}"}}
                )
