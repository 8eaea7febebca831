"""Statuses, phases, roles and kinds. Values are short ASCII slugs (stable in the database, workbooks and
apprise tags); `label` is the Norwegian text users read."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a Norwegian label: `Member = ("slug", "Norsk tekst")`."""

    def __new__(cls, value: str, label: str | None = None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member

    @classmethod
    def parse(cls, text: str):
        """Accept a slug or a label, case-insensitively."""
        wanted = text.strip().casefold()
        for member in cls:
            if wanted in (member.value.casefold(), member.label.casefold()):
                return member
        raise ValueError(f"expected one of {', '.join(m.value for m in cls)}")


class Role(LabelledEnum):
    PROGRAMME_LEADER = ("programleder", "programleder")
    BOARD_CHAIR = ("styreleder", "styreleder")
    BOARD_MEMBER = ("styremedlem", "styremedlem")
    DEPUTY_MEMBER = ("varamedlem", "varamedlem")
    COUNTY_OBSERVER = ("observator-fylkeskommune", "observatør fra fylkeskommunen")
    IN_OBSERVER = ("observator-innovasjon-norge", "observatør fra Innovasjon Norge")
    MUNICIPAL_CONTACT = ("kommunekontakt", "kontaktperson i kommunen")
    FACILITATOR = ("prosessveileder", "ekstern prosessveileder")


class Phase(LabelledEnum):
    PRE_STUDY = ("forstudie", "forstudie")
    PRE_PROJECT = ("forprosjekt", "forprosjekt")
    MAIN_PROJECT = ("hovedprosjekt", "hovedprosjekt")


class ProjectStatus(LabelledEnum):
    APPLIED = ("sokt", "søkt")
    GRANTED = ("innvilget", "innvilget")
    RUNNING = ("pagar", "pågår")
    FINISHED = ("avsluttet", "avsluttet")
    NOT_CARRIED_OUT = ("ikke-gjennomfort", "ikke gjennomført")
    REJECTED = ("avslatt", "avslått")

    @property
    def supported(self) -> bool:
        """A project the programme has granted money to (it counts in the portfolio)."""
        return self in (ProjectStatus.GRANTED, ProjectStatus.RUNNING, ProjectStatus.FINISHED)

    @property
    def started(self) -> bool:
        """A project that was started (iverksatt), including those later not carried out."""
        return self in (
            ProjectStatus.GRANTED,
            ProjectStatus.RUNNING,
            ProjectStatus.FINISHED,
            ProjectStatus.NOT_CARRIED_OUT,
        )


class FundingSource(LabelledEnum):
    PROGRAMME = ("program", "omstillingsprogrammet")
    OWN = ("egne-midler", "egne midler")
    PRIVATE = ("privat", "privat finansiering")
    INNOVASJON_NORGE = ("innovasjon-norge", "Innovasjon Norge")
    COUNTY = ("fylkeskommune", "fylkeskommunen")
    OTHER_PUBLIC = ("annen-offentlig", "annen offentlig finansiering")


class PaymentKind(LabelledEnum):
    PAYMENT = ("utbetaling", "utbetaling")
    RETURNED = ("tilbakefort", "tilbakeførte midler")


class ResultSource(LabelledEnum):
    SELF_REPORTED = ("egenrapportert", "egenrapportert")
    FINAL_REPORT = ("sluttrapport", "sluttrapport")
    EVALUATOR = ("evaluator", "evaluator")


class Comparator(LabelledEnum):
    AT_LEAST = ("minst", "minst")
    AT_MOST = ("maks", "høyst")
    EXACTLY = ("lik", "lik")
    QUALITATIVE = ("kvalitativt", "kvalitativt mål")


class GoalMetric(LabelledEnum):
    """What a goal measures; the definitions live in `omstilling.core.indicators`."""

    JOBS = ("arbeidsplasser", "nye og sikrede arbeidsplasser")
    NEW_COMPANIES = ("nye-bedrifter", "nye bedrifter")
    LEVERAGE = ("giring", "giring (samlet prosjektbudsjett)")
    COMPETENCE_SHARE = ("kompetanseandel", "andel prosjekter med kompetanseheving")
    PROJECT_COUNT = ("prosjekter", "antall nye prosjekter")
    COOPERATION_PROJECTS = ("samarbeidsprosjekter", "prosjekter for regionalt samarbeid")
    QUALITATIVE = ("kvalitativt", "kvalitativt mål")


class BudgetKind(LabelledEnum):
    INCOME = ("inntekt", "inntekt")
    SPENDING = ("kostnad", "ressursbruk")


class BudgetCategory(LabelledEnum):
    """Income by source, spending by purpose."""

    COUNTY = ("fylkeskommune", "fylkeskommunen")
    MUNICIPALITY = ("kommune", "kommunens egenandel")
    INNOVASJON_NORGE = ("innovasjon-norge", "Innovasjon Norge")
    CARRIED_OVER = ("overfort", "ubrukte midler fra tidligere år")
    OTHER_INCOME = ("annen-inntekt", "andre inntekter")
    FOCUS_AREA = ("innsatsomrade", "prosjektmidler innsatsområde")
    ADMINISTRATION = ("administrasjon", "programadministrasjon")
    OTHER_SPENDING = ("annen-kostnad", "andre kostnader")

    @property
    def kind(self) -> BudgetKind:
        income = {self.COUNTY, self.MUNICIPALITY, self.INNOVASJON_NORGE, self.CARRIED_OVER, self.OTHER_INCOME}
        return BudgetKind.INCOME if self in income else BudgetKind.SPENDING


class MeetingKind(LabelledEnum):
    ORDINARY = ("ordinaert", "ordinært styremøte")
    SEMINAR = ("seminar", "styreseminar")


class MeetingStatus(LabelledEnum):
    PLANNED = ("planlagt", "planlagt")
    HELD = ("holdt", "holdt")
    CANCELLED = ("avlyst", "avlyst")


class IndicatorKind(LabelledEnum):
    PROCESS = ("prosess", "prosessindikator")
    EFFECT = ("effekt", "effektindikator")


class FollowUpStatus(LabelledEnum):
    OPEN = ("apen", "åpen")
    IN_PROGRESS = ("pagar", "pågår")
    DONE = ("fulgt-opp", "fulgt opp")


class DeviationStatus(LabelledEnum):
    OPEN = ("apen", "åpen")
    CLOSED = ("lukket", "lukket")


class EventKind(LabelledEnum):
    DEADLINE = ("frist", "frist")
    MEETING = ("mote", "møte")
    BOARD_MEETING = ("styremote", "styremøte")  # no rule of its own: one occurrence per board meeting in the data
    QUOTA = ("kvote", "kvote")


class WheelPhase(LabelledEnum):
    """Which years of the programme's status period a wheel event belongs to (see `core.wheel.rules.applies_in`)."""

    EVERY_YEAR = ("hvert-ar", "hvert år i statusperioden")
    NOT_LAST_YEAR = ("ikke-siste-ar", "hvert år unntatt det siste")
    CLOSING = ("avslutning", "avslutningen (siste år)")


class DeadlineStatus(LabelledEnum):
    OPEN = ("apen", "åpen")
    DONE = ("utfort", "utført")
    SKIPPED = ("hoppet-over", "hoppet over")


class OutboxStatus(LabelledEnum):
    PENDING = ("venter", "venter")
    SENT = ("sendt", "sendt")
    FAILED = ("feilet", "feilet")
    CANCELLED = ("avbrutt", "avbrutt: fristen er ikke lenger åpen")
    EXPIRED = ("utlopt", "utløpt: for sent å sende")


class DocumentKind(LabelledEnum):
    ANNUAL_REPORT = ("arsrapport", "årsrapport")
    HALF_YEAR_REPORT = ("halvarsrapport", "halvårsrapport")
    BOARD_REPORT = ("styrerapport", "rapport til styret")
    APPLICATION = ("soknad", "søknad til fylkeskommunen")
    PSV_FACTS = ("psv-grunnlag", "faktagrunnlag for programstatusvurdering")
    SEMINAR_BASIS = ("seminargrunnlag", "grunnlag for styreseminar")
    ACTION_PLAN = ("handlingsplan", "handlingsplan")
    FINAL_REPORT = ("sluttrapport", "sluttrapport")
