"""Snapshot loader: programmes' rows → `ProgrammeSnapshot`s, with one query per table, however many
programmes and projects (the pure core never touches the database)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, time
from decimal import Decimal

from sqlmodel import Session, col, select

from omstilling.config import get_settings
from omstilling.core.enums import EventKind, MeetingKind, MeetingStatus
from omstilling.core.reminders import RecipientData
from omstilling.core.snapshot import (
    AssessmentData,
    BudgetLineData,
    CaseData,
    DeadlineData,
    DeviationData,
    FocusAreaData,
    GoalData,
    IndicatorData,
    LadderStep,
    MeetingData,
    OwnTextData,
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
from omstilling.core.stateaid import ReportingRule, eur_text
from omstilling.errors import OmstillingError
from omstilling.store.models import (
    AidAward,
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
    LeaderText,
    Payment,
    Person,
    Programme,
    Project,
    ProjectResult,
    PsvIndicator,
    QuotaRule,
    Recommendation,
    RoleAssignment,
    StatusAssessment,
    Strategy,
    WheelEvent,
)


def load_snapshot(session: Session, programme: Programme) -> ProgrammeSnapshot:
    """Everything the indicators, the wheel and the documents need about one programme."""
    return load_snapshots(session, [programme])[programme.id]


def _plain(model):
    """A select of the table's columns: rows with the same attribute names, without building ORM objects (which
    costs more than everything else the loader does)."""
    return select(*model.__table__.columns)


def _grouped(rows, key=lambda row: row[0]) -> defaultdict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


def load_snapshots(
    session: Session, programmes: list[Programme], *, figures_only: bool = False
) -> dict[int, ProgrammeSnapshot]:
    """Snapshots of several programmes at once: the same ~20 queries for one programme or a hundred.

    `figures_only` leaves out the board's year (meetings, cases, PSVs), the people and the wheel's rules (the
    deadlines stay, keyed by their events): enough for `core.figures.summary`, in about half the queries and
    time, for a page that puts a county's programmes side by side."""
    ids = [p.id for p in programmes]

    # The portfolio tables are the large ones: read plain columns, not ORM objects (several times faster).
    funding = defaultdict(dict)
    for project_id, source, amount in session.exec(
        select(Funding.project_id, Funding.source, Funding.amount).join(Project).where(Project.programme_id.in_(ids))
    ):
        funding[project_id][source] = amount
    payments = defaultdict(list)
    for project_id, *fields in session.exec(
        select(Payment.project_id, Payment.date, Payment.kind, Payment.amount)
        .join(Project)
        .where(Project.programme_id.in_(ids))
        .order_by(Payment.date, Payment.id)
    ):
        payments[project_id].append(PaymentData(*fields))
    results = defaultdict(list)
    for project_id, *fields in session.exec(
        select(
            ProjectResult.project_id,
            ProjectResult.date,
            ProjectResult.new_jobs,
            ProjectResult.secured_jobs,
            ProjectResult.new_companies,
            ProjectResult.extra_revenue,
            ProjectResult.source,
        )
        .join(Project)
        .where(Project.programme_id.in_(ids))
        .order_by(ProjectResult.date, ProjectResult.id)
    ):
        results[project_id].append(ResultData(*fields))
    columns = (
        Project.id,
        Project.number,
        Project.title,
        Project.owner,
        Project.focus_area_id,
        Project.strategy_id,
        Project.tags,
        Project.phase,
        Project.status,
        Project.grant_amount,
        Project.decision_date,
        Project.decision_case,
        Project.start_date,
        Project.end_date,
        Project.competence_building,
        Project.regional_cooperation,
        Project.network_project,
        Project.org_number,
        Project.programme_id,
    )
    projects = defaultdict(list)
    for row in session.exec(select(*columns).where(Project.programme_id.in_(ids)).order_by(Project.number)):
        projects[row[-1]].append(
            ProjectData(
                *row[:6],
                tuple(row[6]),
                *row[7:-1],
                funding=dict(funding[row[0]]),
                payments=tuple(payments[row[0]]),
                results=tuple(results[row[0]]),
            )
        )

    if figures_only:
        meetings = assessments = roles = wheel_events = quotas = {}
        keys = dict(session.exec(select(WheelEvent.id, WheelEvent.key).where(WheelEvent.programme_id.in_(ids))).all())
    else:
        cases = defaultdict(list)
        follow_ups = defaultdict(list)
        for row in session.exec(_plain(BoardCase).where(BoardCase.programme_id.in_(ids)).order_by(BoardCase.id)):
            cases[row.meeting_id].append(case_data(row))
            follow_ups[row.programme_id].append(row)
        meetings = _grouped(
            (m.programme_id, MeetingData(m.id, m.date, m.kind, m.status, m.location, tuple(cases[m.id]), m.start_time))
            for m in session.exec(
                _plain(BoardMeeting).where(BoardMeeting.programme_id.in_(ids)).order_by(BoardMeeting.date)
            )
        )

        scores = defaultdict(list)
        for row in session.exec(
            _plain(IndicatorScore).join(StatusAssessment).where(StatusAssessment.programme_id.in_(ids))
        ):
            scores[row.assessment_id].append(ScoreData(row.indicator, row.kind, row.score, row.justification))
        recommendations = defaultdict(list)
        for row in session.exec(
            _plain(Recommendation)
            .join(StatusAssessment)
            .where(StatusAssessment.programme_id.in_(ids))
            .order_by(Recommendation.number)
        ):
            recommendations[row.assessment_id].append(
                RecommendationData(row.number, row.text, row.follow_up, row.status)
            )
        assessments = _grouped(
            (
                a.programme_id,
                AssessmentData(
                    a.year,
                    a.meeting_date,
                    a.facilitator,
                    a.summary,
                    tuple(scores[a.id]),
                    tuple(recommendations[a.id]),
                    a.form,
                    a.conclusion,
                ),
            )
            for a in session.exec(
                _plain(StatusAssessment).where(StatusAssessment.programme_id.in_(ids)).order_by(StatusAssessment.year)
            )
        )
        roles = _grouped(
            (pid, RoleData(name, role, organisation, start, end))
            for pid, name, role, organisation, start, end in session.exec(
                select(
                    RoleAssignment.programme_id,
                    Person.name,
                    RoleAssignment.role,
                    RoleAssignment.organisation,
                    RoleAssignment.term_start,
                    RoleAssignment.term_end,
                )
                .join(Person, Person.id == RoleAssignment.person_id)
                .where(RoleAssignment.programme_id.in_(ids))
                .order_by(RoleAssignment.id)
            )
        )
        events = session.exec(_plain(WheelEvent).where(WheelEvent.programme_id.in_(ids)).order_by(WheelEvent.id)).all()
        keys = {e.id: e.key for e in events}
        board = {pid: board_meetings(m for _, m in grouped) for pid, grouped in meetings.items()}
        status = {p.id: (p.status_start_year, p.status_end_year) for p in programmes}
        decided = {pid: decisions_to_follow_up(rows) for pid, rows in follow_ups.items()}
        awarded = awards_to_report(session, ids) if any(e.kind is EventKind.AID_REPORT for e in events) else {}
        facts = {pid: (board.get(pid, ()), status[pid], decided.get(pid, ()), awarded.get(pid, ())) for pid in status}
        wheel_events = _grouped((e.programme_id, wheel_event_data(e, *facts[e.programme_id])) for e in events)
        quotas = _grouped(
            (
                q.programme_id,
                QuotaData(
                    q.key,
                    q.title,
                    q.minimum,
                    q.months_per_period,
                    tuple(MeetingKind(k) for k in q.meeting_kinds),
                    q.notice_days,
                    q.description,
                ),
            )
            for q in session.exec(_plain(QuotaRule).where(QuotaRule.programme_id.in_(ids)).order_by(QuotaRule.id))
        )
    closed_days = (
        {}
        if figures_only
        else _grouped(
            (c.programme_id, c.rrule)
            for c in session.exec(_plain(ClosedDay).where(ClosedDay.programme_id.in_(ids)).order_by(ClosedDay.id))
        )
    )
    deadlines = _grouped(
        (pid, DeadlineData(keys[event_id], year, occurrence, due, status, closed_by, closed_at, note))
        for pid, event_id, year, occurrence, due, status, closed_by, closed_at, note in session.exec(
            select(
                Deadline.programme_id,
                Deadline.event_id,
                Deadline.year,
                Deadline.occurrence,
                Deadline.due_date,
                Deadline.status,
                Deadline.closed_by,
                Deadline.closed_at,
                Deadline.note,
            )
            .where(Deadline.programme_id.in_(ids))
            .order_by(Deadline.due_date, Deadline.id)
        )
    )
    focus_areas = _grouped(
        (a.programme_id, FocusAreaData(a.id, a.number, a.name))
        for a in session.exec(_plain(FocusArea).where(FocusArea.programme_id.in_(ids)).order_by(FocusArea.number))
    )
    strategies = _grouped(
        (
            s.programme_id,
            StrategyData(
                s.id,
                s.number,
                s.name,
                s.year,
                s.focus_area_id,
                s.count_target,
                s.target_text,
                tuple(s.tags),
                tuple(s.exclude_tags),
            ),
        )
        for s in session.exec(
            _plain(Strategy).where(Strategy.programme_id.in_(ids)).order_by(Strategy.year, Strategy.number)
        )
    )
    goals = _grouped(
        (
            g.programme_id,
            GoalData(
                g.id,
                g.key,
                g.focus_area_id,
                g.strategy_id,
                g.metric,
                g.comparator,
                g.target,
                g.baseline,
                g.period_start,
                g.period_end,
                g.text,
            ),
        )
        for g in session.exec(_plain(Goal).where(Goal.programme_id.in_(ids)).order_by(Goal.id))
    )
    budget_lines = _grouped(
        (b.programme_id, BudgetLineData(b.id, b.year, b.kind, b.category, b.focus_area_id, b.label, b.amount, b.actual))
        for b in session.exec(_plain(BudgetLine).where(BudgetLine.programme_id.in_(ids)).order_by(BudgetLine.id))
    )
    deviations = (
        {}
        if figures_only
        else _grouped(
            (d.programme_id, DeviationData(d.subject, d.period, d.cause, d.action, d.status))
            for d in session.exec(_plain(Deviation).where(Deviation.programme_id.in_(ids)).order_by(Deviation.id))
        )
    )

    texts: defaultdict[int, list[tuple[int, OwnTextData]]] = defaultdict(list)
    if not figures_only:
        query = select(LeaderText).where(col(LeaderText.programme_id).in_(ids)).order_by(col(LeaderText.id))
        for t in session.exec(query):
            texts[t.programme_id].append(
                (t.programme_id, OwnTextData(t.kind, t.year, t.name, t.section, t.body, t.written_by, t.written_at))
            )

    indicators = (
        {}
        if figures_only
        else _grouped(
            (i.programme_id, IndicatorData(i.number, i.name, i.kind, i.description))
            for i in session.exec(
                _plain(PsvIndicator).where(PsvIndicator.programme_id.in_(ids)).order_by(PsvIndicator.number)
            )
        )
    )

    def values(grouped, pid) -> tuple:
        return tuple(item for _, item in grouped.get(pid, ()))

    return {
        p.id: ProgrammeSnapshot(
            id=p.id,
            slug=p.slug,
            name=p.name,
            municipality=p.municipality,
            county=p.county,
            county_short=p.county_short,
            status_start_year=p.status_start_year,
            status_end_year=p.status_end_year,
            timezone=p.timezone,
            focus_areas=values(focus_areas, p.id),
            strategies=values(strategies, p.id),
            goals=values(goals, p.id),
            budget_lines=values(budget_lines, p.id),
            projects=tuple(projects.get(p.id, ())),
            meetings=values(meetings, p.id),
            assessments=values(assessments, p.id),
            roles=values(roles, p.id),
            wheel_events=values(wheel_events, p.id),
            quotas=values(quotas, p.id),
            closed_days=values(closed_days, p.id),
            deadlines=values(deadlines, p.id),
            deviations=values(deviations, p.id),
            texts=values(texts, p.id),
            indicators=values(indicators, p.id),
            invitations=p.invitations,
            language=p.language,
        )
        for p in programmes
    }


def board_meetings(meetings) -> tuple[tuple[int, date, time | None], ...]:
    """The ordinary board meetings that are not cancelled, as a `styremote` event's occurrences (the seminar has
    its own event in the wheel)."""
    return tuple(
        (m.id, m.date, m.start_time)
        for m in meetings
        if m.kind is MeetingKind.ORDINARY and m.status is not MeetingStatus.CANCELLED
    )


def case_data(case: BoardCase) -> CaseData:
    return CaseData(
        case.number,
        case.title,
        case.decision,
        case.project_id,
        proposal=case.proposal,
        id=case.id,
        follow_up=case.follow_up,
        follow_up_role=case.follow_up_role,
        follow_up_due=case.follow_up_due,
        kind=case.kind,
        background=case.background,
    )


def decisions_to_follow_up(cases) -> tuple[tuple[int, date, str, str], ...]:
    """The cases whose decision carries a follow-up, as a `vedtak` event's occurrences (case id, due, role, what)."""
    return tuple(
        (c.id, c.follow_up_due, c.follow_up_role, f"sak {c.number}: {c.follow_up}")
        for c in cases
        if c.follow_up and c.follow_up_due and c.follow_up_role
    )


def reporting_rule() -> ReportingRule:
    """When an award goes to Registeret for offentlig støtte (OMSTILLING_REGISTER_THRESHOLD_EUR and
    OMSTILLING_REGISTER_DEADLINE: «6 måneder», or the proposed «20 virkedager»)."""
    settings = get_settings()
    try:
        return ReportingRule.parse(settings.register_threshold_eur, settings.register_deadline)
    except ValueError as exc:
        raise OmstillingError(f"OMSTILLING_REGISTER_DEADLINE: {exc}") from None


def awards_to_report(
    session: Session, programme_ids: Sequence[int | None]
) -> dict[int | None, tuple[tuple[int, date, Decimal, str], ...]]:
    """The programmes' awards of state aid as a `registerrapport` event's candidates (award id, grant date, euro,
    "2014-01 Toten Trebygg AS (150 000 euro)"), by programme; the rule picks those the register must be told of."""
    rows = session.exec(
        select(AidAward, Project)
        .join(Project, col(Project.id) == col(AidAward.project_id))
        .where(col(Project.programme_id).in_(programme_ids))
        .order_by(col(AidAward.id))
    ).all()
    found: dict[int | None, list[tuple[int, date, Decimal, str]]] = defaultdict(list)
    for award, project in rows:
        eur = Decimal(award.amount_eur)
        what = f"{project.number} {project.owner} ({eur_text(eur)})"
        found[project.programme_id].append((award.id or 0, award.granted_on, eur, what))
    return {pid: tuple(awards) for pid, awards in found.items()}


def wheel_event_data(
    event: WheelEvent,
    meetings: tuple[tuple[int, date, time | None], ...] = (),
    status_years: tuple[int, int] | None = None,
    follow_ups: tuple[tuple[int, date, str, str], ...] = (),
    aid_awards: tuple[tuple[int, date, Decimal, str], ...] = (),
) -> WheelEventData:
    """A wheel event row as plain data for the pure core (a `styremote` event gets the board's meetings, a `vedtak`
    event the decisions to follow up, a `registerrapport` event the awards and the reporting rule), bounded by the
    programme's status period."""
    reporting = event.kind is EventKind.AID_REPORT
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
        meetings=meetings if event.kind is EventKind.BOARD_MEETING else (),
        phase=event.phase,
        status_years=status_years,
        follow_ups=follow_ups if event.kind is EventKind.FOLLOW_UP else (),
        aid_awards=aid_awards if reporting else (),
        reporting=reporting_rule() if reporting else None,
    )


def load_recipients(session: Session, programme: Programme) -> tuple[RecipientData, ...]:
    """Private contact data of the people holding roles on the programme: for reminders only, never for documents."""
    return load_all_recipients(session, [programme.id]).get(programme.id, ())


def load_all_recipients(session: Session, programme_ids: list[int]) -> dict[int, tuple[RecipientData, ...]]:
    """Contact data for several programmes in one query."""
    from omstilling.store.models import Contact

    rows = session.exec(
        select(
            RoleAssignment.programme_id,
            Person.name,
            RoleAssignment.role,
            Contact.email,
            RoleAssignment.term_start,
            RoleAssignment.term_end,
            Person.id,
        )
        .join(Person, Person.id == RoleAssignment.person_id)
        .join(Contact, Contact.person_id == Person.id, isouter=True)
        .where(RoleAssignment.programme_id.in_(programme_ids))
        .order_by(RoleAssignment.id)
    )
    found = defaultdict(list)
    for pid, name, role, email, start, end, person_id in rows:
        found[pid].append(RecipientData(name, role.value, email, start, end, person_id))
    return {pid: tuple(items) for pid, items in found.items()}
