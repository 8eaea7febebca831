"""Snapshot loader: a programme's rows → `ProgrammeSnapshot`, with one query per table, however many
projects (the pure core never touches the database)."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, select

from omstilling.models.enums import MeetingKind

from omstilling.models import (
    BoardCase,
    BoardMeeting,
    BudgetLine,
    ClosedDay,
    Deadline,
    Deviation,
    FocusArea,
    Funding,
    Goal,
    IndicatorScore,
    Payment,
    Person,
    Programme,
    Project,
    ProjectResult,
    QuotaRule,
    Recommendation,
    RoleAssignment,
    StatusAssessment,
    Strategy,
    WheelEvent,
)
from omstilling.snapshot import (
    AssessmentData,
    BudgetLineData,
    CaseData,
    DeadlineData,
    DeviationData,
    FocusAreaData,
    GoalData,
    LadderStep,
    MeetingData,
    PaymentData,
    ProgrammeSnapshot,
    ProjectData,
    QuotaData,
    RecommendationData,
    ResultData,
    RoleData,
    ScoreData,
    StrategyData,
    WheelEventData,
)


def load_snapshot(session: Session, programme: Programme) -> ProgrammeSnapshot:
    """Everything the indicators, the wheel and the documents need about one programme."""
    pid = programme.id
    # The portfolio tables are the large ones: read plain columns, not ORM objects (several times faster).
    funding = defaultdict(dict)
    for project_id, source, amount in session.exec(
        select(Funding.project_id, Funding.source, Funding.amount).join(Project).where(Project.programme_id == pid)
    ):
        funding[project_id][source] = amount
    payments = defaultdict(list)
    for project_id, *fields in session.exec(
        select(Payment.project_id, Payment.date, Payment.kind, Payment.amount)
        .join(Project)
        .where(Project.programme_id == pid)
        .order_by(Payment.date, Payment.id)
    ):
        payments[project_id].append(PaymentData(*fields))
    results = defaultdict(list)
    for project_id, *fields in session.exec(
        select(ProjectResult.project_id, ProjectResult.date, ProjectResult.new_jobs, ProjectResult.secured_jobs,
               ProjectResult.new_companies, ProjectResult.extra_revenue, ProjectResult.source)
        .join(Project)
        .where(Project.programme_id == pid)
        .order_by(ProjectResult.date, ProjectResult.id)
    ):
        results[project_id].append(ResultData(*fields))
    columns = (Project.id, Project.number, Project.title, Project.owner, Project.focus_area_id, Project.strategy_id,
               Project.tags, Project.phase, Project.status, Project.grant_amount, Project.decision_date,
               Project.decision_case, Project.start_date, Project.end_date, Project.competence_building,
               Project.regional_cooperation, Project.network_project)
    projects = tuple(
        ProjectData(
            *row[:6],
            tuple(row[6]),
            *row[7:],
            funding=dict(funding[row[0]]),
            payments=tuple(payments[row[0]]),
            results=tuple(results[row[0]]),
        )
        for row in session.exec(select(*columns).where(Project.programme_id == pid).order_by(Project.number))
    )

    cases = defaultdict(list)
    for row in session.exec(select(BoardCase).where(BoardCase.programme_id == pid).order_by(BoardCase.id)):
        cases[row.meeting_id].append(CaseData(row.number, row.title, row.decision, row.project_id))
    meetings = tuple(
        MeetingData(m.id, m.date, m.kind, m.status, m.location, tuple(cases[m.id]), m.start_time)
        for m in session.exec(select(BoardMeeting).where(BoardMeeting.programme_id == pid).order_by(BoardMeeting.date))
    )

    scores = defaultdict(list)
    for row in session.exec(
        select(IndicatorScore).join(StatusAssessment).where(StatusAssessment.programme_id == pid)
    ):
        scores[row.assessment_id].append(ScoreData(row.indicator, row.kind, row.score, row.justification))
    recommendations = defaultdict(list)
    for row in session.exec(
        select(Recommendation)
        .join(StatusAssessment)
        .where(StatusAssessment.programme_id == pid)
        .order_by(Recommendation.number)
    ):
        recommendations[row.assessment_id].append(
            RecommendationData(row.number, row.text, row.follow_up, row.status)
        )
    assessments = tuple(
        AssessmentData(
            a.year, a.meeting_date, a.facilitator, a.summary, tuple(scores[a.id]), tuple(recommendations[a.id])
        )
        for a in session.exec(
            select(StatusAssessment).where(StatusAssessment.programme_id == pid).order_by(StatusAssessment.year)
        )
    )

    roles = tuple(
        RoleData(person.name, role.role, role.organisation, role.term_start, role.term_end)
        for role, person in session.exec(
            select(RoleAssignment, Person)
            .join(Person, Person.id == RoleAssignment.person_id)
            .where(RoleAssignment.programme_id == pid)
            .order_by(RoleAssignment.id)
        )
    )

    events = session.exec(select(WheelEvent).where(WheelEvent.programme_id == pid).order_by(WheelEvent.id)).all()
    keys = {e.id: e.key for e in events}
    wheel_events = tuple(wheel_event_data(e) for e in events)
    quotas = tuple(
        QuotaData(q.key, q.title, q.minimum, q.months_per_period, tuple(MeetingKind(k) for k in q.meeting_kinds),
                  q.notice_days, q.description)
        for q in session.exec(select(QuotaRule).where(QuotaRule.programme_id == pid).order_by(QuotaRule.id))
    )
    closed_days = tuple(
        c.rrule for c in session.exec(select(ClosedDay).where(ClosedDay.programme_id == pid).order_by(ClosedDay.id))
    )
    deadlines = tuple(
        DeadlineData(keys[d.event_id], d.year, d.occurrence, d.due_date, d.status, d.closed_by, d.closed_at, d.note)
        for d in session.exec(
            select(Deadline).where(Deadline.programme_id == pid).order_by(Deadline.due_date, Deadline.id)
        )
    )

    return ProgrammeSnapshot(
        id=pid,
        slug=programme.slug,
        name=programme.name,
        municipality=programme.municipality,
        county=programme.county,
        county_short=programme.county_short,
        status_start_year=programme.status_start_year,
        status_end_year=programme.status_end_year,
        timezone=programme.timezone,
        focus_areas=tuple(
            FocusAreaData(a.id, a.number, a.name)
            for a in session.exec(select(FocusArea).where(FocusArea.programme_id == pid).order_by(FocusArea.number))
        ),
        strategies=tuple(
            StrategyData(
                s.id, s.number, s.name, s.year, s.focus_area_id, s.count_target, s.target_text,
                tuple(s.tags), tuple(s.exclude_tags),
            )
            for s in session.exec(
                select(Strategy).where(Strategy.programme_id == pid).order_by(Strategy.year, Strategy.number)
            )
        ),
        goals=tuple(
            GoalData(
                g.id, g.key, g.focus_area_id, g.strategy_id, g.metric, g.comparator, g.target, g.baseline,
                g.period_start, g.period_end, g.text,
            )
            for g in session.exec(select(Goal).where(Goal.programme_id == pid).order_by(Goal.id))
        ),
        budget_lines=tuple(
            BudgetLineData(b.id, b.year, b.kind, b.category, b.focus_area_id, b.label, b.amount)
            for b in session.exec(select(BudgetLine).where(BudgetLine.programme_id == pid).order_by(BudgetLine.id))
        ),
        projects=projects,
        meetings=meetings,
        assessments=assessments,
        roles=roles,
        wheel_events=wheel_events,
        quotas=quotas,
        closed_days=closed_days,
        deadlines=deadlines,
        deviations=tuple(
            DeviationData(d.subject, d.period, d.cause, d.action, d.status)
            for d in session.exec(select(Deviation).where(Deviation.programme_id == pid).order_by(Deviation.id))
        ),
    )


def wheel_event_data(event: WheelEvent) -> WheelEventData:
    """A wheel event row as plain data for the pure core."""
    return WheelEventData(
        id=event.id,
        key=event.key,
        title=event.title,
        kind=event.kind,
        rrule=event.rrule,
        responsible_roles=tuple(event.responsible_roles),
        document=event.document,
        depends_on=tuple(event.depends_on),
        ladder=tuple(LadderStep(step["offset"], tuple(step["roles"])) for step in event.ladder),
        start_time=event.start_time,
        duration_minutes=event.duration_minutes,
        description=event.description,
    )
