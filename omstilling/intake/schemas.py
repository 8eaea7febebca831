"""Validating input models: every record enters through one of these (`XIn.model_validate(data)`).

References to other records use the keys people use (focus area number, strategy number, project number,
meeting date), so the same models serve the CLI, the demo data and workbook import. Rules that need the
database (does that focus area exist in this programme?) are checked in `omstilling.intake.writes`."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Literal, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from omstilling.core.enums import (
    BudgetCategory,
    CaseKind,
    Comparator,
    DeviationStatus,
    DocumentKind,
    EventKind,
    FollowUpStatus,
    FundingSource,
    GoalMetric,
    IndicatorKind,
    InvitationTiming,
    LabelledEnum,
    MeetingKind,
    MeetingStatus,
    PaymentKind,
    Phase,
    ProjectStatus,
    PsvForm,
    ResultSource,
    Role,
    TextSection,
    WheelPhase,
)
from omstilling.core.formatting import date_long, number
from omstilling.core.grants import share_problem
from omstilling.core.language import WrittenStandard, _
from omstilling.core.stateaid import AidInstrument, CompanySize, rate_problem
from omstilling.core.zone import DEFAULT_TIMEZONE
from omstilling.errors import RECORD, InputError, OmstillingError, Problem

Kroner = Annotated[int, Field(ge=0, description="whole kroner")]
LARGEST_KRONER = 2**31 - 1
"""The most kroner an amount column of the database holds (an integer column; the workbook's limit too)."""


def too_many_kroner() -> str:
    """What an amount over `LARGEST_KRONER` is told, on every way in (an award's amounts, declared aid)."""
    return _("er for stort: høyst %(largest)s kroner") % {"largest": number(LARGEST_KRONER)}


def _at_most_largest(kroner: int) -> int:
    if kroner > LARGEST_KRONER:
        raise ValueError(too_many_kroner())
    return kroner


StoredKroner = Annotated[int, Field(ge=0, description="whole kroner"), AfterValidator(_at_most_largest)]
"""Whole kroner a database column holds: 0 up to `LARGEST_KRONER` (over it PostgreSQL's integer column refuses)."""
Count = Annotated[int, Field(ge=0)]
Year = Annotated[int, Field(ge=1990, le=2100)]
Text = Annotated[str, Field(min_length=1)]
M = TypeVar("M", bound=BaseModel)
CASE_NUMBER = re.compile(r"^(\d{1,3})/(\d{2})$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _case_number_form() -> str:
    return _("et saksnummer skrives løpenummer/år, f.eks. 05/14")


def _written_standard(value: object) -> object:
    """«bokmål», «nynorsk», nb or nn, in any case; empty is bokmål. Anything else: the message says what it takes."""
    if value is None or isinstance(value, WrittenStandard):
        return value or WrittenStandard.BOKMAL
    try:
        return WrittenStandard.parse(str(value))
    except OmstillingError as exc:
        raise ValueError(str(exc)) from None


def by_label(enum: type[LabelledEnum]) -> BeforeValidator:
    """A member of `enum` given by its value or its Norwegian label ("orientering" or "orienteringssak")."""

    def member(value: object) -> object:
        if isinstance(value, str) and not isinstance(value, enum):
            try:
                return enum.parse(value)
            except ValueError:
                return value  # the field's own check says what it takes
        return value

    return BeforeValidator(member)


class InputModel(BaseModel):
    """Strict about unknown fields and blank strings, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _known_zone(value: str) -> str:
    """An IANA time zone the machine knows (Europe/Oslo for every Norwegian programme)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            _("ukjent tidssone «%(zone)s»; norske program bruker %(default)s")
            % {"zone": value, "default": DEFAULT_TIMEZONE}
        ) from None
    return value


def valid_org_number(number: str) -> bool:
    """A Norwegian organisation number: nine digits 0-9 (no other script's digits: they would be stored as typed and
    never match the same number elsewhere), the last a modulus-11 check digit."""
    if not re.fullmatch(r"[0-9]{9}", number):
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
    timezone: Annotated[str, AfterValidator(_known_zone)] = DEFAULT_TIMEZONE
    # when board meetings first land in calendars: «planlagt» or «innkalling»; unset, the installation's choice
    invitations: Annotated[InvitationTiming | None, by_label(InvitationTiming)] = None
    # the written standard its people read: «bokmål» or «nynorsk» (also nb, nn); unset, bokmål
    language: Annotated[WrittenStandard, BeforeValidator(_written_standard)] = WrittenStandard.BOKMAL

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.fullmatch(value):
            raise ValueError(_("bruk små bokstaver, sifre og bindestrek, f.eks. vestre-toten"))
        return value

    @model_validator(mode="after")
    def _years(self) -> Self:
        if self.status_end_year < self.status_start_year:
            raise ValueError("status_end_year: " + _("statusperioden kan ikke slutte før den begynner"))
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
        return _role(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _term(self) -> Self:
        if self.term_end is not None and self.term_end < self.term_start:
            raise ValueError("term_end: " + _("perioden kan ikke slutte før den begynner"))
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
            raise ValueError("period_end: " + _("perioden kan ikke slutte før den begynner"))
        measurable = self.comparator is not Comparator.QUALITATIVE
        if measurable and self.target is None:
            raise ValueError(
                "target: "
                + _("et målbart mål trenger en målverdi (eller sammenligningen «%(qualitative)s»)")
                % {"qualitative": Comparator.QUALITATIVE.label}
            )
        if measurable and self.metric is GoalMetric.QUALITATIVE:
            raise ValueError(
                "metric: "
                + _("et kvalitativt mål skal ha sammenligningen «%(qualitative)s»")
                % {"qualitative": Comparator.QUALITATIVE.label}
            )
        if self.metric is GoalMetric.COMPETENCE_SHARE and self.target is not None and self.target > 100:
            raise ValueError("target: " + _("en andel skrives i prosent, fra 0 til 100"))
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
                raise ValueError(_("er ikke et gyldig organisasjonsnummer (9 siffer med kontrollsiffer)"))
        return value

    @field_validator("decision_case")
    @classmethod
    def _case(cls, value: str | None) -> str | None:
        if value is not None and not CASE_NUMBER.fullmatch(value):
            raise ValueError(_case_number_form())
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date: " + _("prosjektet kan ikke slutte før det starter"))
        sources = [f.source for f in self.funding]
        if len(sources) != len(set(sources)):
            raise ValueError("funding: " + _("hver finansieringskilde kan stå bare én gang"))
        programme = next((f.amount for f in self.funding if f.source is FundingSource.PROGRAMME), None)
        if problem := share_problem(self.grant_amount, programme):
            raise ValueError(f"funding: {problem}")
        if self.status.supported and self.decision_date is None:
            raise ValueError("decision_date: " + _("et innvilget prosjekt trenger vedtaksdato"))
        return self


Reference = Annotated[str, BeforeValidator(lambda v: "" if v is None else str(v).strip()), Field(max_length=40)]
"""What tells two payments (or results) of one project on one day apart; empty for the only one."""


class PaymentIn(InputModel):
    project: Text
    date: date
    kind: PaymentKind = PaymentKind.PAYMENT
    reference: Reference = ""
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
    reference: Reference = ""
    note: str | None = None


class BudgetLineIn(InputModel):
    """A budget line; spending on a focus area names its number."""

    year: Year
    category: BudgetCategory
    label: Text
    amount: Kroner
    focus_area: int | None = None
    actual: Kroner | None = None  # the accounts (regnskap): spent on the line, or income received; None: not yet

    @model_validator(mode="after")
    def _focus_area(self) -> Self:
        if (self.category is BudgetCategory.FOCUS_AREA) != (self.focus_area is not None):
            raise ValueError(
                "focus_area: "
                + _("oppgi innsatsområde når, og bare når, kategorien er «%(category)s»")
                % {"category": BudgetCategory.FOCUS_AREA.label}
            )
        return self


class CaseIn(InputModel):
    number: str
    title: Text
    kind: Annotated[CaseKind, by_label(CaseKind)] = CaseKind.DECISION  # or an orienteringssak: the board is told
    background: str | None = None  # the case's background (saksframstilling), printed before the proposal
    proposal: str | None = None
    decision: str | None = None
    project: str | None = None
    follow_up: str | None = None  # a decision to follow up: what, who (a role), by when; all three or none
    follow_up_role: str | None = None
    follow_up_due: date | None = None

    @field_validator("follow_up_role")
    @classmethod
    def _follow_up_role(cls, value: str | None) -> str | None:
        return None if value is None else _role(value).value

    @model_validator(mode="after")
    def _follow_up(self) -> Self:
        given = [self.follow_up is not None, self.follow_up_role is not None, self.follow_up_due is not None]
        if any(given) and not all(given):
            missing = next(
                name
                for name, there in zip(("follow_up", "follow_up_role", "follow_up_due"), given, strict=True)
                if not there
            )
            raise ValueError(
                f"{missing}: " + _("et vedtak som skal følges opp trenger hva, hvem (en rolle) og en frist")
            )
        return self

    @field_validator("number")
    @classmethod
    def _number(cls, value: str) -> str:
        if not CASE_NUMBER.fullmatch(value):
            raise ValueError(_case_number_form())
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
                raise ValueError(
                    "cases: "
                    + _("saksnummer %(number)s er fra et annet år enn møtet (%(year)s)")
                    % {"number": case.number, "year": self.date.year}
                )
            if case.follow_up_due is not None and case.follow_up_due < self.date:
                raise ValueError(
                    "cases: "
                    + _("fristen for å følge opp sak %(number)s er før møtet (%(day)s)")
                    % {"number": case.number, "day": self.date}
                )
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
    form: Annotated[PsvForm | None, by_label(PsvForm)] = None  # the indicator set the year is scored on
    conclusion: str | None = None  # the verbal conclusion the participants agreed on
    scores: list[ScoreIn] = []
    recommendations: list[RecommendationIn] = []


class PsvIndicatorIn(InputModel):
    """One indicator of the programme's own PSV set (the workbook's sheet PSV-indikatorer), numbered in its order."""

    number: Annotated[int, Field(gt=0)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: Annotated[IndicatorKind, by_label(IndicatorKind)]
    description: str | None = None


class ScoreRowIn(ScoreIn):
    """A PSV score as a row of its own (the workbook's sheet PSV-score): the year's assessment, an indicator."""

    year: Year


class RecommendationRowIn(RecommendationIn):
    """A PSV recommendation as a row of its own (the workbook's sheet PSV-anbefalinger)."""

    year: Year


class DeviationIn(InputModel):
    subject: Text
    period: Text
    cause: str | None = None
    action: str | None = None
    status: DeviationStatus = DeviationStatus.OPEN


class LeaderTextIn(InputModel):
    """A section of one document in the programme leader's own words (`omstilling.core.texts`): the document by
    kind and year (and, for a meeting's document, the meeting's date), the section, and the text; a blank text
    leaves the section unwritten. The board pack's texts are its board report's, and are kept as such."""

    kind: Annotated[DocumentKind, by_label(DocumentKind)]
    year: Year
    meeting_date: date | None = None
    section: Annotated[TextSection, by_label(TextSection)]
    body: Annotated[str, BeforeValidator(lambda v: "" if v is None else str(v).replace("\r\n", "\n"))] = ""

    @model_validator(mode="after")
    def _place(self) -> Self:
        from omstilling.core import texts
        from omstilling.core.formatting import date_short

        self.kind = texts.home(self.kind, self.year, None).kind  # the board pack's texts are its board report's
        sections = texts.sections(self.kind)
        if not sections:
            kinds = ", ".join(kind.label for kind in texts.SECTIONS)
            raise ValueError(
                "kind: "
                + _("«%(kind)s» har ingen tekster programleder skriver; det har: %(kinds)s")
                % {"kind": self.kind.label, "kinds": kinds}
            )
        if self.section not in sections:
            listed = ", ".join(section.label for section in sections)
            raise ValueError(
                "section: "
                + _("«%(kind)s» har ikke delen «%(section)s»; den har: %(listed)s")
                % {"kind": self.kind.label, "section": self.section.label, "listed": listed}
            )
        if self.kind.for_meeting:
            if self.meeting_date is None:
                raise ValueError(
                    "meeting_date: "
                    + _("«%(kind)s» gjelder ett styremøte: skriv møtets dato") % {"kind": self.kind.label}
                )
            if self.meeting_date.year != self.year:
                raise ValueError(
                    "year: "
                    + _("møtet %(day)s er i %(in_year)s, ikke i %(year)s")
                    % {"day": date_short(self.meeting_date), "in_year": self.meeting_date.year, "year": self.year}
                )
        elif self.meeting_date is not None:
            raise ValueError(
                "meeting_date: "
                + _("«%(kind)s» gjelder et år, ikke et møte: la møtedatoen stå tom") % {"kind": self.kind.label}
            )
        if problem := texts.body_problem(self.body):
            raise ValueError(f"body: {problem}")
        return self

    @property
    def name(self) -> str:
        """The document's name, as its records name it (`styrerapport-2014-06-16`, `halvarsrapport`)."""
        from omstilling.core.periods import document_name

        return document_name(self.kind, self.meeting_date)


ROLE_GROUPS = {
    "styret": "hele styret: styreleder, styremedlemmer og varamedlemmer",
    "ansvarlig": "den rollen vedtaket gir ansvaret for oppfølgingen (bare i årshjulets «vedtak»)",
}


def _role(value: str) -> Role:
    """A role by its slug or its label."""
    try:
        return Role.parse(value)
    except ValueError:
        known = ", ".join(r.label for r in Role)
        raise ValueError(_("ukjent rolle; velg blant: %(known)s") % {"known": known}) from None


def _roles(values: list[str]) -> list[str]:
    """Role slugs (or labels) and role groups such as `styret`, normalised to slugs."""
    normalised = []
    for value in values:
        try:
            normalised.append(value if value in ROLE_GROUPS else Role.parse(value).value)
        except ValueError:
            known = ", ".join([*(r.label for r in Role), *ROLE_GROUPS])
            raise ValueError(
                _("ukjent rolle «%(role)s»; velg blant: %(known)s") % {"role": value, "known": known}
            ) from None
    return normalised


def _rrule_problem(rule: str) -> str | None:
    """Why an RRULE cannot drive a wheel event, or None when it can (it must recur every year)."""
    from dateutil.rrule import rrulestr

    if "DTSTART" in rule.upper():
        return _("utelat DTSTART: årshjulet starter hver regel 1. januar")
    frequency = re.search(r"FREQ=([A-Z]+)", rule.upper())
    if frequency and frequency[1] in ("HOURLY", "MINUTELY", "SECONDLY"):
        # dates are whole days; a rule by the second would also take minutes to expand
        return _("årshjulet regner i hele dager: bruk FREQ=YEARLY, MONTHLY, WEEKLY eller DAILY")
    try:
        first_years = rrulestr(rule, dtstart=datetime(2000, 1, 1)).between(
            datetime(2000, 1, 1), datetime(2003, 12, 31, 23, 59), inc=True
        )
    except (ValueError, TypeError):
        return _("er ikke en RRULE-regel (RFC 5545), f.eks. FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20")
    if {d.year for d in first_years} != {2000, 2001, 2002, 2003}:
        return _("regelen må gi minst én dato hvert år")
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
    rrule: Annotated[Rule | None, BeforeValidator(lambda v: v or None)] = (
        None  # none for `styremote`: its dates are the board meetings in the data
    )
    responsible_roles: Annotated[list[str], Field(min_length=1)]
    document: DocumentKind | None = None
    depends_on: list[str] = []
    ladder: list[LadderStepIn] = []
    start_time: time | None = None
    duration_minutes: Annotated[int, Field(gt=0)] | None = None
    description: str | None = None
    phase: WheelPhase = WheelPhase.EVERY_YEAR  # which years of the status period (the closing duties: the last)

    @field_validator("responsible_roles")
    @classmethod
    def _known_roles(cls, values: list[str]) -> list[str]:
        return _roles(values)

    @model_validator(mode="after")
    def _meeting_time(self) -> Self:
        if self.kind is EventKind.BOARD_MEETING:
            if self.rrule:
                raise ValueError(
                    "rrule: "
                    + _(
                        "et styremøte i årshjulet har ingen regel; datoene er styremøtene i møteplanen (la regelen "
                        "stå tom)"
                    )
                )
            self.rrule = ""
        elif self.kind is EventKind.FOLLOW_UP:
            if self.rrule:
                raise ValueError(
                    "rrule: "
                    + _(
                        "oppfølging av vedtak har ingen regel; fristene er de som står ved vedtakene (la regelen stå tom)"
                    )
                )
            self.rrule = ""
        elif self.kind is EventKind.AID_REPORT:
            if self.rrule:
                raise ValueError(
                    "rrule: "
                    + _(
                        "rapportering til Registeret for offentlig støtte har ingen regel; fristene følger av "
                        "tildelingene av støtte (la regelen stå tom)"
                    )
                )
            self.rrule = ""
        elif not self.rrule:
            raise ValueError("rrule: " + _("mangler regel (RRULE), f.eks. FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20"))
        if self.kind is EventKind.MEETING and self.start_time is None:
            raise ValueError("start_time: " + _("et møte trenger et klokkeslett, f.eks. 09:00"))
        if self.start_time is not None and 2 <= self.start_time.hour < 3:
            raise ValueError(
                "start_time: " + _("ingenting legges mellom 02:00 og 03:00 (overgang til og fra sommertid)")
            )
        if self.key in self.depends_on:
            raise ValueError("depends_on: " + _("en hendelse kan ikke avhenge av seg selv"))
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
    """Days the programme does not work beyond weekends and public holidays, as an RRULE. That the rules leave
    working days is a rule of the programme's (over its status period, with its other closed days): see
    `writes.add_closed_day` and the workbook's `Checker.closed_days`."""

    key: WheelKey
    title: Text
    rrule: Rule


def checked_org_number(value: str) -> str:
    """An organisation number as the registers write it (spaces taken out), or ValueError saying what is wrong."""
    value = re.sub(r"[\s\u00a0]", "", value)
    if not valid_org_number(value):
        raise ValueError(_("er ikke et gyldig organisasjonsnummer (9 siffer med kontrollsiffer)"))
    return value


OrgNumber = Annotated[str, AfterValidator(checked_org_number)]
NACE = re.compile(r"^\d{2}(\.\d{1,3})?$")
Euro = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]


def _rate_as_written(value: object) -> object:
    """A rate as a person writes it: «8,28», «8.28», « 8,2800 »; anything that is no finite number is refused in
    Norwegian (not pydantic's English)."""
    if isinstance(value, str):
        value = re.sub(r"[\s\u00a0]", "", value).replace(",", ".")
        try:
            value = Decimal(value)
        except ArithmeticError:
            raise ValueError(_("skriv kursen som et tall, for eksempel 8,2800")) from None
    if isinstance(value, (Decimal, float)) and not Decimal(value).is_finite():
        raise ValueError(_("skriv kursen som et tall, for eksempel 8,2800"))
    return value


def _plausible_rate(value: Decimal) -> Decimal:
    if problem := rate_problem(value):
        raise ValueError(problem)
    return value


NokPerEuro = Annotated[
    Decimal,
    BeforeValidator(_rate_as_written),
    Field(max_digits=12, decimal_places=4),
    AfterValidator(_plausible_rate),
]


class AwardIn(InputModel):
    """An award of de minimis aid on a project's grant (`omstilling.app.stateaid.record_award`, the workbook's sheet
    Støtte). Left out, the organisation number is the project's, the grant date (when the company got the legal
    right to the aid) the project's decision date, the amount its grant, and the gross grant equivalent the amount
    (for a grant they are the same). `rate`: NOK per euro entered for this award, instead of the installation's
    rate of the grant date."""

    project: Text
    granted_on: date | None = None
    org_number: OrgNumber | None = None
    amount_nok: Kroner | None = None
    gross_nok: Kroner | None = None
    instrument: Annotated[AidInstrument, by_label(AidInstrument)] = AidInstrument.GRANT
    purpose: Annotated[str, Field(max_length=300)] = ""
    recipient_size: Annotated[CompanySize | None, by_label(CompanySize)] = None
    industry: str | None = None
    region: Annotated[str | None, Field(max_length=120)] = None
    rate: NokPerEuro | None = None

    @field_validator("industry")
    @classmethod
    def _nace(cls, value: str | None) -> str | None:
        if value is not None and not NACE.fullmatch(value):
            raise ValueError(_("skriv næringskoden (NACE/SN2007) som 16.100 eller 16.1"))
        return value

    @model_validator(mode="after")
    def _gross(self) -> Self:
        given = None not in (self.gross_nok, self.amount_nok)
        if self.instrument is AidInstrument.GRANT and given and self.gross_nok != self.amount_nok:
            raise ValueError(
                "gross_nok: " + _("for et tilskudd er bruttotilskuddsekvivalenten lik beløpet; la den stå tom")
            )
        return self


class AwardRowIn(AwardIn):
    """A row of the workbook's sheet Støtte: an award with its grant date written out (the row's key, with the
    project)."""

    granted_on: date


class DeclaredRowIn(InputModel):
    """One row of a company's declaration of de minimis aid from others: who gave it, under which scheme, when,
    and how much, in euro as the grantor stated it, or in NOK (converted at the rate of its date)."""

    grantor: Annotated[str, Field(min_length=1, max_length=200)]
    scheme: Annotated[str, Field(max_length=200)] = ""
    granted_on: date
    amount_eur: Euro | None = None
    amount_nok: StoredKroner | None = None

    @model_validator(mode="after")
    def _an_amount(self) -> Self:
        if self.amount_eur is None and self.amount_nok is None:
            raise ValueError("amount_eur: " + _("oppgi beløpet i euro eller i kroner"))
        return self


class DeclarationIn(InputModel):
    """A company's written declaration of the de minimis aid it got from others in the three years before: the day
    it was signed, who signed, and the rows (none: it got none)."""

    org_number: OrgNumber
    declared_on: date
    signed_by: Annotated[str, Field(min_length=1, max_length=200)]
    rows: list[DeclaredRowIn] = []

    @model_validator(mode="after")
    def _declared_before(self) -> Self:
        for index, row in enumerate(self.rows):  # (numbered from 0, as pydantic names a row's own problems)
            if problem := declared_after(row.granted_on, self.declared_on):
                raise ValueError(f"rows.{index}.granted_on: {problem}")
        return self


def declared_after(granted: date | None, declared: date) -> str | None:
    """A declaration tells of aid already granted: a row dated after the day it was signed cannot be in it."""
    if granted is None or granted <= declared:
        return None
    return _(
        "støtten er datert %(day)s, etter at erklæringen ble signert %(signed)s; en erklæring gjelder bare støtte som alt er gitt"
    ) % {
        "day": date_long(granted),
        "signed": date_long(declared),
    }


class DeclarationRowIn(InputModel):
    """A row of the workbook's sheet Erklæringer: the declaration (organisation number, date, who signed) and one
    declared aid, or, with no grantor, a declaration of no other aid."""

    org_number: OrgNumber
    declared_on: date
    signed_by: Annotated[str, Field(min_length=1, max_length=200)]
    grantor: Annotated[str | None, Field(max_length=200)] = None
    scheme: Annotated[str | None, Field(max_length=200)] = None
    granted_on: date | None = None
    amount_eur: Euro | None = None
    amount_nok: StoredKroner | None = None

    @model_validator(mode="after")
    def _a_row_or_none(self) -> Self:
        if self.grantor is None:
            if any(v is not None for v in (self.scheme, self.granted_on, self.amount_eur, self.amount_nok)):
                raise ValueError("grantor: " + _("oppgi støttegiveren (tom: foretaket har ikke fått annen støtte)"))
            return self
        if self.granted_on is None:
            raise ValueError("granted_on: " + _("oppgi datoen støtten ble gitt"))
        if self.amount_eur is None and self.amount_nok is None:
            raise ValueError("amount_eur: " + _("oppgi beløpet i euro eller i kroner"))
        if problem := declared_after(self.granted_on, self.declared_on):
            raise ValueError("granted_on: " + problem)
        return self


class LinkIn(InputModel):
    """Two organisation numbers that count as one undertaking (art. 2(2): control by votes, board or contract), as a
    programme records it; the pair is kept in order, so one link is one row whichever way it is written. `remove`:
    take away this programme's own link."""

    org_number: OrgNumber
    counts_with: OrgNumber
    why: Annotated[str, Field(max_length=300)] = ""
    remove: bool = False

    @model_validator(mode="after")
    def _two(self) -> Self:
        if self.org_number == self.counts_with:
            raise ValueError("counts_with: " + _("et foretak regnes alltid som ett med seg selv; oppgi et annet"))
        if self.counts_with < self.org_number:
            self.org_number, self.counts_with = self.counts_with, self.org_number
        return self


NOUNS: dict[type[BaseModel], str] = {
    ProgrammeIn: "program",
    RoleIn: "rolle",
    FocusAreaIn: "innsatsområde",
    StrategyIn: "tiltak",
    GoalIn: "mål",
    FundingIn: "finansiering",
    ProjectIn: "prosjekt",
    PaymentIn: "utbetaling",
    ResultIn: "resultat",
    BudgetLineIn: "budsjettlinje",
    CaseIn: "sak",
    MeetingIn: "styremøte",
    ScoreIn: "indikatorvurdering",
    RecommendationIn: "anbefaling",
    AssessmentIn: "programstatusvurdering",
    DeviationIn: "avvik",
    LeaderTextIn: "tekst",
    LadderStepIn: "påminnelsestrinn",
    WheelEventIn: "hendelse i årshjulet",
    QuotaRuleIn: "kvote",
    ClosedDayIn: "fridag",
    AwardIn: "støtte",
    AwardRowIn: "støtte",
    DeclaredRowIn: "erklært støtte",
    DeclarationIn: "erklæring",
    DeclarationRowIn: "erklæring",
    LinkIn: "kobling mellom foretak",
}  # what an InputError calls a record of each model: `ugyldig prosjekt: …`


def validate(model: type[M], data: object, what: str | None = None) -> M:
    """`model.model_validate(data)`, with pydantic's errors turned into one InputError naming each field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(what or NOUNS.get(model, model.__name__), problems_from(exc)) from None


def _expected(ctx: dict) -> str:
    return str(ctx.get("expected", "")).replace("'", "").replace(" or ", " eller ")


# Pydantic's own messages for the kinds of error these models can give, in Norwegian (others keep pydantic's text).
# The workbook says the same per column, knowing the column (`omstilling.intake.workbook.problems.explain`).
BUILT_IN = {
    "missing": lambda ctx: _("må fylles ut"),
    "extra_forbidden": lambda ctx: _("ukjent felt"),
    "string_too_short": lambda ctx: _("må fylles ut"),
    "too_short": lambda ctx: (
        _("må ha minst én verdi")
        if ctx.get("min_length") == 1
        else _("må ha minst %(min)s verdier") % {"min": ctx.get("min_length")}
    ),
    "greater_than_equal": lambda ctx: _("må være %(limit)s eller mer") % {"limit": ctx["ge"]},
    "greater_than": lambda ctx: _("må være over %(limit)s") % {"limit": ctx["gt"]},
    "less_than_equal": lambda ctx: _("må være %(limit)s eller mindre") % {"limit": ctx["le"]},
    "enum": lambda ctx: _("må være en av: %(choices)s") % {"choices": _expected(ctx)},
    "literal_error": lambda ctx: _("må være en av: %(choices)s") % {"choices": _expected(ctx)},
    "string_pattern_mismatch": lambda ctx: _("har feil form"),
    "string_type": lambda ctx: _("må være tekst"),
    "int_type": lambda ctx: _("må være et helt tall"),
    "int_parsing": lambda ctx: _("må være et helt tall"),
    "int_from_float": lambda ctx: _("må være et helt tall"),
    "bool_type": lambda ctx: _("må være true eller false"),
    "bool_parsing": lambda ctx: _("må være true eller false"),
    "date_type": lambda ctx: _("må være en dato (ÅÅÅÅ-MM-DD)"),
    "date_parsing": lambda ctx: _("må være en dato (ÅÅÅÅ-MM-DD)"),
    "date_from_datetime_parsing": lambda ctx: _("må være en dato (ÅÅÅÅ-MM-DD)"),
    "date_from_datetime_inexact": lambda ctx: _("må være en dato uten klokkeslett"),
    "time_type": lambda ctx: _("må være et klokkeslett (tt:mm)"),
    "time_parsing": lambda ctx: _("må være et klokkeslett (tt:mm)"),
    "list_type": lambda ctx: _("må være en liste"),
    "decimal_type": lambda ctx: _("må være et tall"),
    "decimal_parsing": lambda ctx: _("må være et tall"),
    "decimal_max_places": lambda ctx: (
        _("har for mange desimaler: høyst %(places)s") % {"places": ctx["decimal_places"]}
    ),
    "decimal_max_digits": lambda ctx: _("er for stort"),
}


def problems_from(exc: ValidationError) -> list[Problem]:
    """One Problem per pydantic error, named by its field path (model-level rules name their own field)."""
    problems = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] in BUILT_IN:
            message = BUILT_IN[error["type"]](error.get("ctx") or {})
        if not field and ": " in message:
            field, message = message.split(": ", 1)
        value = error.get("input") if error["type"] != "missing" and field else None
        problems.append(Problem(field or RECORD, message, value if not isinstance(value, dict) else None))
    return problems
