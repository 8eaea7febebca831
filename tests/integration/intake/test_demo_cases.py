"""The demo's board cases as meeting practice sorts them (issue 24): the 2014 meetings' orienteringssaker and
vedtakssaker, each project application with a background whose figures are the data's own, and no texts of the
programme leader's yet (the demo shows the state before anyone has written them)."""

from __future__ import annotations

from datetime import date

from omstilling.core.enums import CaseKind

DECISION, BRIEFING = CaseKind.DECISION, CaseKind.BRIEFING


def kroner(amount: int) -> str:
    """An amount as the demo's texts write it: «1 580 000 kroner»."""
    return f"{amount:,} kroner".replace(",", " ")


def cases_of(snapshot, day: date):
    meeting = next(m for m in snapshot.meetings if m.date == day)
    return sorted(meeting.cases, key=lambda c: c.number)


def test_the_meetings_of_may_and_june_2014_have_briefing_and_decision_cases_each_with_a_background(demo_snapshot):
    may, june = cases_of(demo_snapshot, date(2014, 5, 19)), cases_of(demo_snapshot, date(2014, 6, 16))
    assert [(c.number, c.kind) for c in may] == [
        ("10/14", BRIEFING),
        ("11/14", DECISION),
        ("12/14", DECISION),
        ("13/14", DECISION),
    ]
    assert [(c.number, c.title, c.kind) for c in june] == [
        ("14/14", "Halvårsrapport per 30. juni 2014", DECISION),
        (
            "15/14",
            "Søknad om prosjektstøtte: Regionalt utviklings- og samhandlingsprosjekt (Gjøvikregionen Næringsråd)",
            DECISION,
        ),
        ("16/14", "Søknad til Oppland fylkeskommune om midler for 2015", DECISION),
        ("17/14", "Orientering fra programleder", BRIEFING),
        ("18/14", "Økonomirapport per 31. mai 2014", BRIEFING),
    ]
    assert all(c.background and len(c.background) > 150 for c in [*may, *june])
    assert {c.proposal for c in june if c.kind is BRIEFING} == {"Styret tar saken til orientering."}
    kinds = {c.number: c.kind for m in demo_snapshot.meetings for c in m.cases}
    assert {n for n, k in kinds.items() if k is BRIEFING} == {"04/14", "10/14", "17/14", "18/14", "19/14", "02/15"}
    assert demo_snapshot.texts == ()  # no texts of the leader's: the demo shows them not yet written


def test_each_application_s_background_names_the_applicant_the_budget_and_the_grant_as_the_data_has_them(
    demo_snapshot,
):
    projects = {p.id: p for p in demo_snapshot.projects}
    applications = [
        c for day in (date(2014, 5, 19), date(2014, 6, 16)) for c in cases_of(demo_snapshot, day) if c.project_id
    ]
    assert [c.number for c in applications] == ["11/14", "12/14", "13/14", "15/14"]
    for case in applications:
        project = projects[case.project_id]
        assert project.decision_case == case.number
        assert project.owner in case.background, case.number
        assert kroner(sum(project.funding.values())) in case.background, case.number  # the project's budget
        assert kroner(project.grant_amount) in case.background, case.number
        assert "Administrasjonens vurdering:" in case.background, case.number


def test_the_economy_report_per_may_agrees_with_the_grants_and_payments_of_the_data(demo_snapshot):
    number = {a.id: a.number for a in demo_snapshot.focus_areas}
    granted = {1: 0, 2: 0}
    paid = 0
    for project in demo_snapshot.projects:
        decided = project.decision_date
        if decided and date(2014, 1, 1) <= decided <= date(2014, 5, 31) and project.status.supported:
            granted[number[project.focus_area_id]] += project.grant_amount
        paid += sum(p.amount for p in project.payments if date(2014, 1, 1) <= p.date <= date(2014, 5, 31))
    lines = {line.label: line.amount for line in demo_snapshot.budget_lines if line.year == 2014}
    report = next(c for c in cases_of(demo_snapshot, date(2014, 6, 16)) if c.number == "18/14").background
    assert f"tilsagn om {kroner(granted[1])} av rammen på {kroner(lines['Prosjektmidler innsatsområde 1'])}" in report
    assert f"{kroner(granted[2])} av rammen på {kroner(lines['Prosjektmidler innsatsområde 2'])}" in report
    assert f"utbetalt {kroner(paid)}" in report
