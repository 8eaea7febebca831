"""Indicators on hand-made snapshots: no database, no clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction
from typing import Any

from omstilling.core import indicators as ind
from omstilling.core.enums import (
    BudgetCategory,
    BudgetKind,
    Comparator,
    FundingSource,
    GoalMetric,
    PaymentKind,
    Phase,
    ProjectStatus,
    ResultSource,
)
from omstilling.core.snapshot import (
    BudgetLineData,
    GoalData,
    PaymentData,
    ProgrammeSnapshot,
    ProjectData,
    ResultData,
    StrategyData,
)


def project(pid: int, **overrides) -> ProjectData:
    base = dict(
        id=pid,
        number=f"2014-{pid:02d}",
        title=f"Prosjekt {pid}",
        owner="Bedrift AS",
        focus_area_id=1,
        strategy_id=None,
        tags=(),
        phase=Phase.PRE_PROJECT,
        status=ProjectStatus.RUNNING,
        grant_amount=100_000,
        decision_date=date(2014, 3, 1),
        decision_case=None,
        start_date=date(2014, 3, 10),
        end_date=None,
        competence_building=False,
        regional_cooperation=False,
        network_project=False,
    )
    base.update(overrides)
    return ProjectData(**base)


def snapshot(*projects: ProjectData, **overrides) -> ProgrammeSnapshot:
    base: dict[str, Any] = dict(
        id=1,
        slug="test",
        name="Omstillingsprogrammet i Testvik",
        municipality="Testvik kommune",
        county="Testfylke",
        county_short="TF",
        status_start_year=2012,
        status_end_year=2017,
        timezone="Europe/Oslo",
        projects=projects,
    )
    base.update(overrides)
    return ProgrammeSnapshot(**base)


def result(day: date, new: int = 0, secured: int = 0, companies: int = 0) -> ResultData:
    return ResultData(day, new, secured, companies, 0, ResultSource.FINAL_REPORT)


def test_new_and_secured_jobs_are_counted_apart_and_by_the_date_reported():
    snap = snapshot(
        project(1, results=(result(date(2013, 12, 31), new=5, secured=2), result(date(2014, 1, 1), new=1))),
        project(2, results=(result(date(2014, 6, 30), secured=4),)),
    )
    jobs_2014 = ind.jobs(snap, date(2014, 1, 1), date(2014, 12, 31))
    assert (jobs_2014.new, jobs_2014.secured, jobs_2014.total) == (1, 4, 5)
    assert ind.jobs(snap, date(2013, 1, 1), date(2013, 12, 31)).total == 7


def test_leverage_uses_every_funding_source_and_gives_kroner_and_ratio():
    funded = project(
        1,
        grant_amount=200_000,
        funding={FundingSource.PROGRAMME: 200_000, FundingSource.OWN: 500_000, FundingSource.INNOVASJON_NORGE: 300_000},
    )
    unfunded = project(2, grant_amount=100_000)
    figure = ind.leverage([funded, unfunded])
    assert figure.total_budget == 1_100_000
    assert figure.programme_support == 300_000
    assert figure.ratio == Fraction(11, 3)


def test_leverage_of_nothing_has_no_ratio():
    assert ind.leverage([]).ratio is None


def test_competence_share_counts_projects_not_kroner():
    projects = [
        project(1, competence_building=True, grant_amount=1),
        project(2, grant_amount=10**6),
        project(3, competence_building=True),
        project(4, competence_building=True),
    ]
    assert ind.competence_share(projects).percent == 75


def test_a_strategy_counts_projects_by_its_tags_and_excluded_tags_in_its_focus_area():
    outside_park = StrategyData(1, "3.1.1", "Utenfor parken", 2014, 1, 3, None, (), ("Raufoss Industripark",))
    in_park = StrategyData(2, "3.1.2", "I parken", 2014, 1, 3, None, ("Raufoss Industripark",), ())
    park_project = project(1, tags=("Raufoss Industripark",))
    plain_project = project(2)
    other_area = project(3, focus_area_id=2)
    assert [ind.counts_for(outside_park, p) for p in (park_project, plain_project, other_area)] == [False, True, False]
    assert [ind.counts_for(in_park, p) for p in (park_project, plain_project, other_area)] == [True, False, False]


def test_strategy_projects_are_those_granted_in_its_year_up_to_the_day_asked():
    strategy = StrategyData(1, "3.1.5", "Helse", 2014, 1, 1, None, ("helse og omsorg",), ())
    snap = snapshot(
        project(1, tags=("helse og omsorg",), decision_date=date(2014, 9, 15)),
        project(2, tags=("helse og omsorg",), decision_date=date(2013, 9, 15)),
        project(3, tags=("helse og omsorg",), decision_date=date(2014, 2, 1), status=ProjectStatus.REJECTED),
    )
    assert [p.id for p in ind.strategy_projects(snap, strategy, date(2014, 12, 31))] == [1]
    assert ind.strategy_projects(snap, strategy, date(2014, 6, 30)) == []


def goal(metric: GoalMetric, target: int | None, comparator=Comparator.AT_LEAST, **overrides) -> GoalData:
    base = dict(
        id=1,
        key="g",
        focus_area_id=None,
        strategy_id=None,
        metric=metric,
        comparator=comparator,
        target=target,
        baseline=None,
        period_start=2014,
        period_end=2014,
        text="Mål",
    )
    base.update(overrides)
    return GoalData(**base)


def test_goal_actual_stops_at_the_day_asked_and_compares_with_the_target():
    snap = snapshot(
        project(1, results=(result(date(2014, 3, 1), new=30), result(date(2014, 9, 1), secured=25))),
    )
    jobs_goal = goal(GoalMetric.JOBS, 50)
    assert ind.goal_actual(snap, jobs_goal, date(2014, 6, 30)) == 30
    assert ind.goal_met(jobs_goal, 30) is False
    assert ind.goal_actual(snap, jobs_goal, date(2014, 12, 31)) == 55
    assert ind.goal_met(jobs_goal, 55) is True
    assert ind.goal_met(goal(GoalMetric.JOBS, 10, Comparator.AT_MOST), 55) is False


def test_a_goal_on_a_focus_area_sees_only_that_area_and_qualitative_goals_have_no_figure():
    snap = snapshot(
        project(1, funding={FundingSource.PROGRAMME: 100_000, FundingSource.OWN: 900_000}),
        project(2, focus_area_id=2, funding={FundingSource.PROGRAMME: 100_000, FundingSource.OWN: 9_900_000}),
    )
    assert (
        ind.goal_actual(snap, goal(GoalMetric.LEVERAGE, 15_000_000, focus_area_id=1), date(2014, 12, 31)) == 1_000_000
    )
    qualitative = goal(GoalMetric.QUALITATIVE, None, Comparator.QUALITATIVE)
    assert ind.goal_actual(snap, qualitative, date(2014, 12, 31)) is None
    assert ind.goal_met(qualitative, None) is None


def test_portfolio_status_counts_what_stood_on_the_day_and_a_project_not_carried_out_keeps_nothing():
    finished = project(1, status=ProjectStatus.FINISHED, end_date=date(2013, 6, 30), decision_date=date(2012, 5, 1))
    finished_later = project(
        2, status=ProjectStatus.FINISHED, end_date=date(2014, 2, 1), decision_date=date(2013, 5, 1)
    )
    dropped = project(
        3,
        status=ProjectStatus.NOT_CARRIED_OUT,
        decision_date=date(2013, 2, 1),
        end_date=date(2013, 9, 1),
        grant_amount=80_000,
        payments=(
            PaymentData(date(2013, 3, 1), PaymentKind.PAYMENT, 40_000),
            PaymentData(date(2013, 9, 1), PaymentKind.RETURNED, 40_000),
        ),
    )
    not_yet = project(4, decision_date=date(2014, 1, 20))
    status = ind.portfolio_status(snapshot(finished, finished_later, dropped, not_yet), date(2013, 12, 31))
    assert (status.started, status.finished, status.running, status.not_carried_out) == (3, 1, 1, 1)
    assert status.granted == 280_000
    assert status.returned == 40_000
    assert status.support == 200_000


def test_budget_status_shows_granted_and_paid_against_focus_area_lines_only():
    lines = (
        BudgetLineData(1, 2014, BudgetKind.SPENDING, BudgetCategory.FOCUS_AREA, 1, "Innsatsområde 1", 2_400_000),
        BudgetLineData(2, 2014, BudgetKind.SPENDING, BudgetCategory.ADMINISTRATION, None, "Administrasjon", 900_000),
    )
    snap = snapshot(
        project(1, grant_amount=300_000, payments=(PaymentData(date(2014, 4, 1), PaymentKind.PAYMENT, 150_000),)),
        project(2, grant_amount=500_000, decision_date=date(2013, 11, 1)),
        budget_lines=lines,
    )
    area, admin = ind.budget_status(snap, 2014, date(2014, 12, 31))
    assert (area.budget, area.granted, area.paid) == (2_400_000, 300_000, 150_000)
    assert (admin.budget, admin.granted, admin.paid) == (900_000, None, None)
    early = ind.budget_status(snap, 2014, date(2014, 3, 31))[0]
    assert (early.granted, early.paid) == (300_000, 0)


def test_total_budget_falls_back_to_the_grant_when_no_financing_plan_is_given():
    assert project(1, grant_amount=70_000).total_budget == 70_000
    assert replace(project(1), funding={FundingSource.PROGRAMME: 1, FundingSource.PRIVATE: 9}).total_budget == 10


def test_a_focus_area_goal_for_jobs_and_companies_counts_only_that_areas_projects():
    """Issue 11, case 1: area 1 has 10 jobs and 1 company, area 2 has 40 jobs and 3 companies; the area-1 goals
    see 10 and 1 (they saw 50 and 4), and a programme goal sees all of it. Results count from projects granted
    before the goal's period too."""
    snap = snapshot(
        project(
            1,
            focus_area_id=1,
            decision_date=date(2013, 5, 1),
            results=(result(date(2014, 4, 1), new=4, secured=6, companies=1),),
        ),
        project(2, focus_area_id=2, results=(result(date(2014, 5, 1), new=25, secured=15, companies=3),)),
    )
    as_of = date(2014, 12, 31)
    assert ind.goal_actual(snap, goal(GoalMetric.JOBS, 50, focus_area_id=1), as_of) == 10
    assert ind.goal_actual(snap, goal(GoalMetric.JOBS, 50, focus_area_id=2), as_of) == 40
    assert ind.goal_actual(snap, goal(GoalMetric.JOBS, 50), as_of) == 50
    assert ind.goal_actual(snap, goal(GoalMetric.NEW_COMPANIES, 2, focus_area_id=1), as_of) == 1
    assert ind.goal_actual(snap, goal(GoalMetric.NEW_COMPANIES, 2, focus_area_id=2), as_of) == 3
    assert ind.goal_actual(snap, goal(GoalMetric.NEW_COMPANIES, 2), as_of) == 4
    assert ind.attainment(snap, goal(GoalMetric.JOBS, 50, focus_area_id=1), as_of).light == ind.Light.RED


def test_administration_spent_beyond_its_budget_is_a_deviation_once_the_accounts_of_the_year_are_in():
    """Administration is spent, not granted: its accounts (regnskap) against its budget, after the year is over
    (never mid-year, and not within the tolerance)."""

    def admin(actual: int | None) -> ProgrammeSnapshot:
        return snapshot(
            budget_lines=(
                BudgetLineData(
                    2, 2014, BudgetKind.SPENDING, BudgetCategory.ADMINISTRATION, None, "Administrasjon", 900_000, actual
                ),
            )
        )

    (over,) = ind.deviations(admin(1_080_000), 2014, date(2014, 12, 31))
    assert (over.subject, over.kind) == ("Administrasjon", "budsjett")
    assert over.detail == (
        "Administrasjon: overforbruk etter regnskapet, 180\u00a0000\u00a0kr (20\u00a0%) over budsjettet "
        "(budsjett 900\u00a0000\u00a0kr, regnskap 1\u00a0080\u00a0000\u00a0kr)."
    )
    (under,) = ind.deviations(admin(450_000), 2014, date(2015, 2, 1))
    assert "underforbruk etter regnskapet, 450\u00a0000\u00a0kr (50\u00a0%) under budsjettet" in under.detail
    assert ind.deviations(admin(1_080_000), 2014, date(2014, 12, 30)) == []  # the year is not over
    assert ind.deviations(admin(950_000), 2014, date(2014, 12, 31)) == []  # within 10 %
    assert ind.deviations(admin(None), 2014, date(2014, 12, 31)) == []  # no accounts yet
    unbudgeted = snapshot(
        budget_lines=(
            BudgetLineData(3, 2014, BudgetKind.SPENDING, BudgetCategory.ADMINISTRATION, None, "Reiser", 0, 500_000),
        )
    )
    (travel,) = ind.deviations(unbudgeted, 2014, date(2014, 12, 31))
    assert travel.detail == (
        "Reiser: overforbruk etter regnskapet, ikke budsjettert (budsjett 0\u00a0kr, regnskap 500\u00a0000\u00a0kr)."
    )
