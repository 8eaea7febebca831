"""Use cases that write: each validates its input, resolves references within the programme, checks the
rules that need the database, and adds rows to the caller's session. The caller's unit of work
(`db.session_scope`) commits or rolls back, so a rejected record leaves the database as it was."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, func, select

from omstilling import clock
from omstilling.core import texts
from omstilling.core.formatting import date_long
from omstilling.core.grants import payment_problem
from omstilling.errors import RECORD, InputError, Problem
from omstilling.intake.schemas import (
    AssessmentIn,
    BudgetLineIn,
    ClosedDayIn,
    DeviationIn,
    FocusAreaIn,
    GoalIn,
    LeaderTextIn,
    MeetingIn,
    PaymentIn,
    ProgrammeIn,
    ProjectIn,
    PsvIndicatorIn,
    QuotaRuleIn,
    RecommendationRowIn,
    ResultIn,
    RoleIn,
    ScoreRowIn,
    StrategyIn,
    WheelEventIn,
    validate,
)
from omstilling.store.models import (
    BoardCase,
    BoardMeeting,
    BudgetLine,
    ClosedDay,
    Contact,
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
from omstilling.store.models.base import stored_id


def _flush(session: Session, what: str) -> None:
    """Flush, turning a database constraint violation into an InputError; the caller's unit of work rolls back."""
    try:
        session.flush()
    except IntegrityError as exc:
        detail = str(exc.orig).splitlines()[0]
        raise InputError(what, [Problem(RECORD, f"avvist av databasen: {detail}")]) from None


def _reject(what: str, field: str, message: str, value: object = None) -> InputError:
    return InputError(what, [Problem(field, message, value)])


def create_programme(session: Session, data: Any) -> Programme:
    """Create a programme; its slug must be new."""
    data = validate(ProgrammeIn, data, "program")
    if session.exec(select(Programme.id).where(Programme.slug == data.slug)).first() is not None:
        raise _reject("program", "slug", "det finnes allerede et program med dette kortnavnet", data.slug)
    programme = Programme(**data.model_dump())
    session.add(programme)
    _flush(session, "program")
    return programme


def delete_programme(session: Session, programme: Programme) -> None:
    """Remove a programme and everything that belongs to it (people who hold no other role too)."""
    person_ids = set(session.exec(select(RoleAssignment.person_id).where(RoleAssignment.programme_id == programme.id)))
    session.delete(programme)
    session.flush()
    still_used = set(session.exec(select(RoleAssignment.person_id).where(RoleAssignment.person_id.in_(person_ids))))
    orphans = person_ids - still_used
    if orphans:
        session.exec(delete(Contact).where(Contact.person_id.in_(orphans)))
        session.exec(delete(Person).where(Person.id.in_(orphans)))
    session.flush()


def add_role(session: Session, programme: Programme, data: Any) -> RoleAssignment:
    """Give a person (found by name, or created) a role on the programme; contact data kept apart."""
    data = validate(RoleIn, data, "rolle")
    person = session.exec(
        select(Person)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(RoleAssignment.programme_id == programme.id, Person.name == data.name)
    ).first()
    if person is None:
        person = Person(name=data.name)
        session.add(person)
        session.flush()
    if data.email or data.phone:
        contact = session.exec(select(Contact).where(Contact.person_id == person.id)).first() or Contact(
            person_id=person.id
        )
        contact.email = data.email or contact.email
        contact.phone = data.phone or contact.phone
        session.add(contact)
    assignment = RoleAssignment(
        programme_id=programme.id,
        person_id=person.id,
        role=data.role,
        organisation=data.organisation,
        term_start=data.term_start,
        term_end=data.term_end,
    )
    session.add(assignment)
    _flush(session, "rolle")
    return assignment


def add_focus_area(session: Session, programme: Programme, data: Any) -> FocusArea:
    data = validate(FocusAreaIn, data, "innsatsområde")
    if _focus_area(session, programme, data.number, required=False) is not None:
        raise _reject(
            "innsatsområde", "number", "programmet har allerede et innsatsområde med dette nummeret", data.number
        )
    area = FocusArea(programme_id=programme.id, **data.model_dump())
    session.add(area)
    _flush(session, "innsatsområde")
    return area


def _focus_area(session: Session, programme: Programme, number: int, *, what: str = "", required: bool = True):
    area = session.exec(
        select(FocusArea).where(FocusArea.programme_id == programme.id, FocusArea.number == number)
    ).first()
    if area is None and required:
        known = sorted(session.exec(select(FocusArea.number).where(FocusArea.programme_id == programme.id)))
        listed = ", ".join(str(n) for n in known) or "ingen"
        raise _reject(
            what, "focus_area", f"programmet «{programme.slug}» har ikke innsatsområde {number} (det har {listed})"
        )
    return area


def _strategy(session: Session, programme: Programme, number: str, year: int | None, what: str) -> Strategy:
    query = select(Strategy).where(Strategy.programme_id == programme.id, Strategy.number == number)
    if year is not None:
        query = query.where(Strategy.year <= year)
    strategy = session.exec(query.order_by(Strategy.year.desc())).first()
    if strategy is None:
        raise _reject(what, "strategy", f"programmet «{programme.slug}» har ikke tiltak {number}")
    return strategy


def add_strategy(session: Session, programme: Programme, data: Any) -> Strategy:
    data = validate(StrategyIn, data, "tiltak")
    area = _focus_area(session, programme, data.focus_area, what="tiltak")
    strategy = Strategy(programme_id=programme.id, focus_area_id=area.id, **data.model_dump(exclude={"focus_area"}))
    session.add(strategy)
    _flush(session, "tiltak")
    return strategy


def add_goal(session: Session, programme: Programme, data: Any) -> Goal:
    data = validate(GoalIn, data, "mål")
    area = _focus_area(session, programme, data.focus_area, what="mål") if data.focus_area is not None else None
    strategy = (
        _strategy(session, programme, data.strategy, data.period_end, "mål") if data.strategy is not None else None
    )
    if strategy is not None and area is None:
        area_id = strategy.focus_area_id
    else:
        area_id = area.id if area else None
    goal = Goal(
        programme_id=programme.id,
        focus_area_id=area_id,
        strategy_id=strategy.id if strategy else None,
        **data.model_dump(exclude={"focus_area", "strategy"}),
    )
    session.add(goal)
    _flush(session, "mål")
    return goal


def add_budget_line(session: Session, programme: Programme, data: Any) -> BudgetLine:
    data = validate(BudgetLineIn, data, "budsjettlinje")
    area = _focus_area(session, programme, data.focus_area, what="budsjettlinje") if data.focus_area else None
    line = BudgetLine(
        programme_id=programme.id,
        year=data.year,
        kind=data.category.kind,
        category=data.category,
        focus_area_id=area.id if area else None,
        label=data.label,
        amount=data.amount,
        actual=data.actual,
    )
    session.add(line)
    _flush(session, "budsjettlinje")
    return line


def add_project(session: Session, programme: Programme, data: Any) -> Project:
    """Add a project with its financing plan; its focus area and strategy must be the programme's own."""
    data = validate(ProjectIn, data, "prosjekt")
    what = f"prosjekt {data.number}"
    if session.exec(
        select(Project.id).where(Project.programme_id == programme.id, Project.number == data.number)
    ).first():
        raise _reject(what, "number", "programmet har allerede et prosjekt med dette nummeret", data.number)
    area = _focus_area(session, programme, data.focus_area, what=what)
    strategy = None
    if data.strategy is not None:
        year = (data.decision_date or data.start_date or clock.today()).year
        strategy = _strategy(session, programme, data.strategy, year, what)
        if strategy.focus_area_id != area.id:
            other = session.get(FocusArea, strategy.focus_area_id)
            raise _reject(
                what, "strategy", f"tiltak {data.strategy} hører til innsatsområde {other.number}, ikke {area.number}"
            )
    project = Project(
        programme_id=programme.id,
        focus_area_id=area.id,
        strategy_id=strategy.id if strategy else None,
        **data.model_dump(exclude={"focus_area", "strategy", "funding"}),
    )
    session.add(project)
    _flush(session, what)
    for line in data.funding:
        session.add(Funding(project_id=project.id, source=line.source, amount=line.amount))
    _flush(session, what)
    return project


def _project(session: Session, programme: Programme, number: str, what: str) -> Project:
    project = session.exec(
        select(Project).where(Project.programme_id == programme.id, Project.number == number)
    ).first()
    if project is None:
        raise _reject(what, "project", f"programmet «{programme.slug}» har ikke prosjekt {number}", number)
    return project


def add_payment(session: Session, programme: Programme, data: Any) -> Payment:
    """Record a payment or money paid back, within the grant (`omstilling.core.grants.payment_problem`: the same
    rule, in date order, as the workbook's check)."""
    data = validate(PaymentIn, data, "utbetaling")
    project = _project(session, programme, data.project, "utbetaling")
    existing = [
        (p.date, p.kind, p.amount) for p in session.exec(select(Payment).where(Payment.project_id == project.id))
    ]
    found = payment_problem(project.number, project.grant_amount, [*existing, (data.date, data.kind, data.amount)])
    if found is not None:
        raise _reject("utbetaling", "amount", found[1], data.amount)
    payment = Payment(project_id=project.id, **data.model_dump(exclude={"project"}))
    session.add(payment)
    _flush(session, "utbetaling")
    return payment


def add_result(session: Session, programme: Programme, data: Any) -> ProjectResult:
    data = validate(ResultIn, data, "resultat")
    project = _project(session, programme, data.project, "resultat")
    result = ProjectResult(project_id=project.id, **data.model_dump(exclude={"project"}))
    session.add(result)
    _flush(session, "resultat")
    return result


def add_meeting(session: Session, programme: Programme, data: Any) -> BoardMeeting:
    """Add a board meeting and its cases; case numbers are unique within the programme."""
    data = validate(MeetingIn, data, "styremøte")
    what = f"styremøte {date_long(data.date)}"
    numbers = [case.number for case in data.cases]
    taken = set(
        session.exec(
            select(BoardCase.number).where(BoardCase.programme_id == programme.id, BoardCase.number.in_(numbers))
        )
    )
    duplicates = sorted(taken | {n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        raise _reject(what, "cases.number", "saksnummeret er allerede brukt i programmet", ", ".join(duplicates))
    meeting = BoardMeeting(programme_id=programme.id, **data.model_dump(exclude={"cases"}))
    session.add(meeting)
    _flush(session, what)
    for case in data.cases:
        project = _project(session, programme, case.project, what) if case.project else None
        session.add(
            BoardCase(
                programme_id=programme.id,
                meeting_id=meeting.id,
                number=case.number,
                title=case.title,
                kind=case.kind,
                background=case.background,
                proposal=case.proposal,
                decision=case.decision,
                project_id=project.id if project else None,
                follow_up=case.follow_up,
                follow_up_role=case.follow_up_role,
                follow_up_due=case.follow_up_due,
            )
        )
    _flush(session, what)
    return meeting


def add_assessment(session: Session, programme: Programme, data: Any) -> StatusAssessment:
    """Add a year's PSV with its indicator scores and recommendations."""
    data = validate(AssessmentIn, data, "programstatusvurdering")
    assessment = StatusAssessment(programme_id=programme.id, **data.model_dump(exclude={"scores", "recommendations"}))
    session.add(assessment)
    _flush(session, f"programstatusvurdering {data.year}")
    for score in data.scores:
        session.add(IndicatorScore(assessment_id=assessment.id, **score.model_dump()))
    for recommendation in data.recommendations:
        session.add(Recommendation(assessment_id=assessment.id, **recommendation.model_dump()))
    _flush(session, f"programstatusvurdering {data.year}")
    return assessment


def add_psv_indicator(session: Session, programme: Programme, data: Any) -> PsvIndicator:
    """Add an indicator to the programme's own PSV set (the sheet PSV-indikatorer)."""
    data = validate(PsvIndicatorIn, data, "PSV-indikator")
    indicator = PsvIndicator(programme_id=programme.id, **data.model_dump())
    session.add(indicator)
    _flush(session, f"PSV-indikator {data.number}: {data.name}")
    return indicator


def _assessment(session: Session, programme: Programme, year: int) -> StatusAssessment:
    """The year's PSV, created (without meeting date or summary) when the year has none yet."""
    found = session.exec(
        select(StatusAssessment).where(StatusAssessment.programme_id == programme.id, StatusAssessment.year == year)
    ).first()
    if found is None:
        found = StatusAssessment(programme_id=programme.id, year=year)
        session.add(found)
        _flush(session, f"programstatusvurdering {year}")
    return found


def add_score(session: Session, programme: Programme, data: Any) -> IndicatorScore:
    """Add one indicator's score (1–5) to the year's PSV (the PSV is created when the year has none)."""
    data = validate(ScoreRowIn, data, "PSV-score")
    assessment = _assessment(session, programme, data.year)
    score = IndicatorScore(assessment_id=assessment.id, **data.model_dump(exclude={"year"}))
    session.add(score)
    _flush(session, f"PSV-score {data.year}: {data.indicator}")
    return score


def add_recommendation(session: Session, programme: Programme, data: Any) -> Recommendation:
    """Add a recommendation to the year's PSV, with its follow-up and status."""
    data = validate(RecommendationRowIn, data, "PSV-anbefaling")
    assessment = _assessment(session, programme, data.year)
    recommendation = Recommendation(assessment_id=assessment.id, **data.model_dump(exclude={"year"}))
    session.add(recommendation)
    _flush(session, f"PSV-anbefaling {data.year} nr. {data.number}")
    return recommendation


def add_deviation(session: Session, programme: Programme, data: Any) -> Deviation:
    data = validate(DeviationIn, data, "avvik")
    deviation = Deviation(programme_id=programme.id, **data.model_dump())
    session.add(deviation)
    _flush(session, "avvik")
    return deviation


def add_wheel_event(session: Session, programme: Programme, data: Any) -> WheelEvent:
    """Add an event to the programme's wheel; what it depends on must already be on the wheel."""
    data = validate(WheelEventIn, data, "hendelse i årshjulet")
    what = f"hendelse «{data.key}» i årshjulet"
    keys = set(session.exec(select(WheelEvent.key).where(WheelEvent.programme_id == programme.id)))
    if data.key in keys:
        raise _reject(what, "key", "årshjulet har allerede en hendelse med denne nøkkelen", data.key)
    unknown = [key for key in data.depends_on if key not in keys]
    if unknown:
        raise _reject(
            what,
            "depends_on",
            "finnes ikke i årshjulet (legg inn hendelsene den avhenger av først)",
            ", ".join(unknown),
        )
    event = WheelEvent(
        programme_id=programme.id,
        **data.model_dump(exclude={"ladder"}),
        ladder=[step.model_dump() for step in data.ladder],
    )
    session.add(event)
    _flush(session, what)
    return event


def add_quota_rule(session: Session, programme: Programme, data: Any) -> QuotaRule:
    data = validate(QuotaRuleIn, data, "kvote")
    rule = QuotaRule(programme_id=programme.id, **data.model_dump(mode="json"))
    session.add(rule)
    _flush(session, f"kvote «{data.key}»")
    return rule


def add_closed_day(session: Session, programme: Programme, data: Any) -> ClosedDay:
    data = validate(ClosedDayIn, data, "fridag")
    from omstilling.core.wheel.workdays import closed_stretch_problem

    others = session.exec(select(ClosedDay.rrule).where(ClosedDay.programme_id == programme.id)).all()
    # once, over the years the wheel puts deadlines in: one that closes every weekday would leave no day to put
    # a deadline on (and used to hang every command)
    problem = closed_stretch_problem((*others, data.rrule), programme.status_start_year, programme.status_end_year)
    if problem:
        raise InputError("fridag", [Problem("rrule", f"sammen med de andre fridagene: {problem}", data.rrule)])
    closed = ClosedDay(programme_id=programme.id, **data.model_dump())
    session.add(closed)
    _flush(session, f"fridag «{data.key}»")
    return closed


def put_leader_text(
    session: Session, programme: Programme, data: Any, *, written_by: str, now: datetime | None = None
) -> LeaderText | None:
    """Keep the programme leader's text for a section of one of the programme's documents: new, or in place of
    the text there. The document must be one the programme has (a year of its status period; a meeting that is
    not cancelled). Who wrote it and when change only when the text does; an empty text removes the section's
    (None: it stands as unwritten)."""
    data = validate(LeaderTextIn, data, "tekst")
    what = f"tekst til {data.name} {data.year} ({data.section.label})"
    meetings = session.exec(
        select(col(BoardMeeting.date), col(BoardMeeting.status)).where(BoardMeeting.programme_id == programme.id)
    ).all()
    years = (programme.status_start_year, programme.status_end_year)
    if problem := texts.home_problem(data.kind, data.year, data.meeting_date, years, meetings):
        field, message = problem
        raise _reject(what, field, message, data.meeting_date if field == "meeting_date" else data.year)
    text = session.exec(
        select(LeaderText).where(
            LeaderText.programme_id == programme.id,
            LeaderText.kind == data.kind,
            LeaderText.year == data.year,
            LeaderText.name == data.name,
            LeaderText.section == data.section,
        )
    ).first()
    if text is not None and text.body == data.body:
        return text
    if not data.body:  # emptied: the section stands as unwritten, as the web app's page removes it
        if text is not None:
            session.delete(text)
            _flush(session, what)
        return None
    who, when = written_by[:254], (now or clock.now()).astimezone(UTC)
    if text is None:
        text = LeaderText(
            programme_id=stored_id(programme),
            kind=data.kind,
            year=data.year,
            name=data.name,
            section=data.section,
            body=data.body,
            written_by=who,
            written_at=when,
        )
    else:
        text.body, text.written_by, text.written_at = data.body, who, when
    session.add(text)
    _flush(session, what)
    return text


def count_rows(session: Session, programme: Programme) -> dict[str, int]:
    """How many rows of each kind the programme has (for summaries and tests)."""
    counts = {}
    for model in (
        FocusArea,
        Strategy,
        Goal,
        BudgetLine,
        Project,
        BoardMeeting,
        BoardCase,
        RoleAssignment,
        WheelEvent,
        QuotaRule,
        ClosedDay,
    ):
        counts[model.__tablename__] = session.exec(
            select(func.count()).select_from(model).where(model.programme_id == programme.id)
        ).one()
    counts["payment"] = session.exec(
        select(func.count()).select_from(Payment).join(Project).where(Project.programme_id == programme.id)
    ).one()
    counts["projectresult"] = session.exec(
        select(func.count()).select_from(ProjectResult).join(Project).where(Project.programme_id == programme.id)
    ).one()
    return counts
