"""Validating input models: every record enters through one of these (`XIn.model_validate(data)`).

References to other records use the keys people use (focus area number, strategy number, project number,
meeting date), so the same models serve the CLI, the demo data and workbook import. Rules that need the
database (does that focus area exist in this programme?) are checked in `omstilling.services`."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Literal, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from omstilling.errors import InputError, Problem
from omstilling.models.enums import (
    BudgetCategory,
    Comparator,
    DeviationStatus,
    DocumentKind,
    EventKind,
    FollowUpStatus,
    FundingSource,
    GoalMetric,
    IndicatorKind,
    MeetingKind,
    MeetingStatus,
    PaymentKind,
    Phase,
    ProjectStatus,
    ResultSource,
    Role,
)

Kroner = Annotated[int, Field(ge=0, description="whole kroner")]
Count = Annotated[int, Field(ge=0)]
Year = Annotated[int, Field(ge=1990, le=2100)]
Text = Annotated[str, Field(min_length=1)]
M = TypeVar("M", bound=BaseModel)
CASE_NUMBER = re.compile(r"^(\d{1,3})/(\d{2})$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class InputModel(BaseModel):
    """Strict about unknown fields and blank strings, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def valid_org_number(number: str) -> bool:
    """A Norwegian organisation number: nine digits, the last a modulus-11 check digit."""
    if not re.fullmatch(r"\d{9}", number):
        return False
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(d) * w for d, w in zip(number, weights, strict=False)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == int(number[8])


class ProgrammeIn(InputModel):
    """A new programme."""

    slug: str
    name: Text
    municipality: Text
    county: Text
    county_short: Text
    status_start_year: Year
    status_end_year: Year
    timezone: str = "Europe/Oslo"

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.fullmatch(value):
            raise ValueError("use lowercase letters, digits and dashes, e.g. vestre-toten")
        return value

    @model_validator(mode="after")
    def _years(self) -> Self:
        if self.status_end_year < self.status_start_year:
            raise ValueError("status_end_year: the status cannot end before it starts")
        return self


class RoleIn(InputModel):
    """A person in a role on the programme. Contact data is optional and private."""

    name: Text
    role: Role
    organisation: str | None = None
    term_start: date
    term_end: date | None = None
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = None

    @field_validator("role", mode="before")
    @classmethod
    def _role(cls, value: object) -> object:
        return Role.parse(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _term(self) -> Self:
        if self.term_end is not None and self.term_end < self.term_start:
            raise ValueError("term_end: the term cannot end before it starts")
        return self


class FocusAreaIn(InputModel):
    number: Annotated[int, Field(gt=0)]
    name: Text
    description: str | None = None


class StrategyIn(InputModel):
    """A strategy of one year's plan; `focus_area` is the focus area's number."""

    number: Annotated[str, Field(pattern=r"^\d+(\.\d+)*$")]
    focus_area: int
    year: Year
    name: Text
    description: str | None = None
    count_target: Count | None = None
    target_text: str | None = None
    tags: list[Text] = []
    exclude_tags: list[Text] = []


class GoalIn(InputModel):
    """A goal; `focus_area` (number) or `strategy` (number) place it below programme level."""

    key: Text
    focus_area: int | None = None
    strategy: str | None = None
    metric: GoalMetric
    comparator: Comparator
    target: Count | None = None
    baseline: Count | None = None
    period_start: Year
    period_end: Year
    text: Text

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.period_end < self.period_start:
            raise ValueError("period_end: the period cannot end before it starts")
        measurable = self.comparator is not Comparator.QUALITATIVE
        if measurable and self.target is None:
            raise ValueError("target: a measurable goal needs a target (or comparator 'kvalitativt')")
        if measurable and self.metric is GoalMetric.QUALITATIVE:
            raise ValueError("metric: a qualitative goal takes comparator 'kvalitativt'")
        if self.metric is GoalMetric.COMPETENCE_SHARE and self.target is not None and self.target > 100:
            raise ValueError("target: a share is given in per cent, 0–100")
        return self


class FundingIn(InputModel):
    source: FundingSource
    amount: Kroner


class ProjectIn(InputModel):
    """A project; `focus_area` is a number and `strategy` a number like "3.1.2" in the same programme."""

    number: Text
    title: Text
    owner: Text
    org_number: str | None = None
    focus_area: int
    strategy: str | None = None
    tags: list[Text] = []
    phase: Phase
    status: ProjectStatus
    grant_amount: Kroner = 0
    decision_date: date | None = None
    decision_case: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    competence_building: bool = False
    regional_cooperation: bool = False
    network_project: bool = False
    funding: list[FundingIn] = []

    @field_validator("org_number")
    @classmethod
    def _org_number(cls, value: str | None) -> str | None:
        if value is not None:
            value = value.replace(" ", "")
            if not valid_org_number(value):
                raise ValueError("not a valid Norwegian organisation number (9 digits with a check digit)")
        return value

    @field_validator("decision_case")
    @classmethod
    def _case(cls, value: str | None) -> str | None:
        if value is not None and not CASE_NUMBER.fullmatch(value):
            raise ValueError('a case number looks like "12/14"')
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date: the project cannot end before it starts")
        sources = [f.source for f in self.funding]
        if len(sources) != len(set(sources)):
            raise ValueError("funding: each source may appear once")
        programme = next((f.amount for f in self.funding if f.source is FundingSource.PROGRAMME), None)
        if programme is not None and programme != self.grant_amount:
            raise ValueError(
                f"funding: the programme's share ({programme}) must equal the grant ({self.grant_amount})"
            )
        if self.status.supported and self.decision_date is None:
            raise ValueError("decision_date: a granted project needs the date of the decision")
        return self


class PaymentIn(InputModel):
    project: Text
    date: date
    kind: PaymentKind = PaymentKind.PAYMENT
    amount: Annotated[int, Field(gt=0)]
    note: str | None = None


class ResultIn(InputModel):
    project: Text
    date: date
    new_jobs: Count = 0
    secured_jobs: Count = 0
    new_companies: Count = 0
    extra_revenue: Kroner = 0
    source: ResultSource
    note: str | None = None


class BudgetLineIn(InputModel):
    """A budget line; spending on a focus area names its number."""

    year: Year
    category: BudgetCategory
    label: Text
    amount: Kroner
    focus_area: int | None = None

    @model_validator(mode="after")
    def _focus_area(self) -> Self:
        if (self.category is BudgetCategory.FOCUS_AREA) != (self.focus_area is not None):
            raise ValueError("focus_area: give a focus area number exactly when the category is 'innsatsomrade'")
        return self


class CaseIn(InputModel):
    number: str
    title: Text
    decision: str | None = None
    project: str | None = None

    @field_validator("number")
    @classmethod
    def _number(cls, value: str) -> str:
        if not CASE_NUMBER.fullmatch(value):
            raise ValueError('a case number looks like "12/14"')
        return value


class MeetingIn(InputModel):
    date: date
    kind: MeetingKind = MeetingKind.ORDINARY
    status: MeetingStatus = MeetingStatus.PLANNED
    start_time: time | None = None
    location: str | None = None
    cases: list[CaseIn] = []

    @model_validator(mode="after")
    def _case_years(self) -> Self:
        for case in self.cases:
            year = int(CASE_NUMBER.fullmatch(case.number).group(2))
            if year != self.date.year % 100:
                raise ValueError(f"cases: case {case.number} does not belong to {self.date.year}")
        return self


class ScoreIn(InputModel):
    indicator: Text
    kind: IndicatorKind
    score: Annotated[int, Field(ge=1, le=5)]
    justification: str | None = None


class RecommendationIn(InputModel):
    number: Annotated[int, Field(gt=0)]
    text: Text
    follow_up: str | None = None
    status: FollowUpStatus = FollowUpStatus.OPEN


class AssessmentIn(InputModel):
    year: Year
    meeting_date: date | None = None
    facilitator: str | None = None
    summary: str | None = None
    scores: list[ScoreIn] = []
    recommendations: list[RecommendationIn] = []


class DeviationIn(InputModel):
    subject: Text
    period: Text
    cause: str | None = None
    action: str | None = None
    status: DeviationStatus = DeviationStatus.OPEN


ROLE_GROUPS = {"styret": "the whole board: chair, members and deputies"}


def _roles(values: list[str]) -> list[str]:
    """Role slugs (or labels) and role groups such as `styret`, normalised to slugs."""
    normalised = []
    for value in values:
        try:
            normalised.append(value if value in ROLE_GROUPS else Role.parse(value).value)
        except ValueError:
            known = ", ".join([*(r.value for r in Role), *ROLE_GROUPS])
            raise ValueError(f"unknown role {value!r}; expected one of {known}") from None
    return normalised


def _rrule_problem(rule: str) -> str | None:
    """Why an RRULE cannot drive a wheel event, or None when it can (it must recur every year)."""
    from dateutil.rrule import rrulestr

    if "DTSTART" in rule.upper():
        return "leave DTSTART out: the wheel starts each rule on 1 January of the year"
    try:
        first_years = rrulestr(rule, dtstart=datetime(2000, 1, 1)).between(
            datetime(2000, 1, 1), datetime(2003, 12, 31, 23, 59), inc=True
        )
    except (ValueError, TypeError) as exc:
        return f"not an RFC 5545 rule python-dateutil can read ({exc})"
    if {d.year for d in first_years} != {2000, 2001, 2002, 2003}:
        return "the rule must give at least one date every year"
    return None


def _checked_rule(value: str) -> str:
    problem = _rrule_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Rule = Annotated[str, Field(min_length=1), AfterValidator(_checked_rule)]
WheelKey = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class LadderStepIn(InputModel):
    """One step of a reminder ladder: days relative to the due date (negative = before) and who hears."""

    offset: Annotated[int, Field(ge=-366, le=366)]
    roles: Annotated[list[str], Field(min_length=1)]

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, values: list[str]) -> list[str]:
        return _roles(values)


class WheelEventIn(InputModel):
    """A recurring duty of the wheel, with its RRULE read by python-dateutil."""

    key: WheelKey
    title: Text
    kind: EventKind
    rrule: Rule
    responsible_roles: Annotated[list[str], Field(min_length=1)]
    document: DocumentKind | None = None
    depends_on: list[str] = []
    ladder: list[LadderStepIn] = []
    start_time: time | None = None
    duration_minutes: Annotated[int, Field(gt=0)] | None = None
    description: str | None = None

    @field_validator("responsible_roles")
    @classmethod
    def _known_roles(cls, values: list[str]) -> list[str]:
        return _roles(values)

    @model_validator(mode="after")
    def _meeting_time(self) -> Self:
        if self.kind is EventKind.MEETING and self.start_time is None:
            raise ValueError("start_time: a meeting needs a start time (e.g. 09:00)")
        if self.start_time is not None and 2 <= self.start_time.hour < 3:
            raise ValueError("start_time: nothing is scheduled between 02:00 and 03:00 (daylight saving changes)")
        if self.key in self.depends_on:
            raise ValueError("depends_on: an event cannot depend on itself")
        return self


class QuotaRuleIn(InputModel):
    """At least `minimum` meetings of `meeting_kinds` in each period of `months_per_period` months."""

    key: WheelKey
    title: Text
    minimum: Annotated[int, Field(gt=0)]
    months_per_period: Literal[1, 2, 3, 4, 6, 12] = 6
    meeting_kinds: Annotated[list[MeetingKind], Field(min_length=1)] = [MeetingKind.ORDINARY, MeetingKind.SEMINAR]
    notice_days: Annotated[int, Field(ge=0, le=60)] = 7
    description: str | None = None


class ClosedDayIn(InputModel):
    """Days the programme does not work beyond weekends and public holidays, as an RRULE."""

    key: WheelKey
    title: Text
    rrule: Rule


def validate(model: type[M], data: object, what: str | None = None) -> M:
    """`model.model_validate(data)`, with pydantic's errors turned into one InputError naming each field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(what or model.__name__.removesuffix("In").lower(), problems_from(exc)) from None


def problems_from(exc: ValidationError) -> list[Problem]:
    """One Problem per pydantic error, named by its field path (model-level rules name their own field)."""
    problems = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if not field and ": " in message:
            field, message = message.split(": ", 1)
        value = error.get("input") if error["type"] != "missing" and field else None
        problems.append(Problem(field or "(record)", message, value if not isinstance(value, dict) else None))
    return problems
