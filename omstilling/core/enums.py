"""Statuses, phases, roles and kinds. Values are short ASCII slugs (stable in the database, workbooks and
apprise tags); `label` is the Norwegian text users read."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Self

from omstilling.core.language import gettext
from omstilling.errors import OmstillingError


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a Norwegian label: `Member = ("slug", "Norsk tekst")`."""

    _bokmal: str

    def __new__(cls, value: str, label: str | None = None) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._bokmal = label or value
        return member

    @property
    def label(self) -> str:
        """The label in the current written standard (`omstilling.core.language`; the catalogues hold every
        member's label, `tests/unit/core/test_language.py` checks it)."""
        return gettext(self._bokmal)

    @classmethod
    def parse(cls, text: str) -> Self:
        """Accept a slug or a label, case-insensitively."""
        wanted = text.strip().casefold()
        for member in cls:
            if wanted in (member.value.casefold(), member._bokmal.casefold(), member.label.casefold()):
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


class Attendance(LabelledEnum):
    """A board member's or deputy's answer to a board meeting's notice: whether they come."""

    COMING = ("kommer", "kommer")
    NOT_COMING = ("kommer-ikke", "kommer ikke")
    UNSURE = ("usikker", "usikker")


class AnsweredVia(LabelledEnum):
    """Where an answer to a notice was given: the signed link in the notice, or the meeting page."""

    LINK = ("lenke", "lenke i innkallingen")
    WEB_APP = ("webapp", "møtesiden")


class QuorumRule(LabelledEnum):
    """How many of the board's members (the chair and the members) must come for the board to have a quorum."""

    MORE_THAN_HALF = ("mer-enn-halvparten", "mer enn halvparten")
    AT_LEAST_HALF = ("minst-halvparten", "minst halvparten")


class InvitationTiming(LabelledEnum):
    """When a programme's board meetings first land in calendars: when the meeting is planned (from 120 days
    ahead), or on its notice day together with the notice (`Programme.invitations`; unset: the installation's
    `OMSTILLING_INVITATIONS`)."""

    PLANNED = ("planlagt", "når møtet er planlagt")
    NOTICE = ("innkalling", "sammen med innkallingen")


class MinutesStatus(LabelledEnum):
    """Where a version of a board meeting's minutes (protokoll) stands (`omstilling.core.minutes`): written by the
    leader, out to the attending members for comments, out for approval (its PDF fixed), approved (it cannot
    change), or withdrawn (a later version replaced it before it was approved)."""

    DRAFT = ("utkast", "utkast")
    COMMENTS = ("til-kommentar", "til kommentar hos styret")
    APPROVAL = ("til-godkjenning", "til godkjenning")
    APPROVED = ("godkjent", "godkjent")
    WITHDRAWN = ("trukket", "trukket tilbake")


class CaseKind(LabelledEnum):
    """A board case as meeting practice sorts the agenda: a case the board decides (vedtakssak), or one it is
    told about (orienteringssak, proposed decision "Styret tar saken til orientering")."""

    DECISION = ("vedtak", "vedtakssak")
    BRIEFING = ("orientering", "orienteringssak")


class TextSection(LabelledEnum):
    """A section of a document that the programme leader writes in their own words (`omstilling.core.texts`):
    kept across regenerations, shown in every format, and listed as missing until written."""

    SUMMARY = ("sammendrag", "programleders sammendrag")
    QUALITATIVE = ("kvalitative-mal", "vurdering av de kvalitative målene")
    DEVIATIONS = ("avvik", "kommentar til avvikene")
    WAY_FORWARD = ("veien-videre", "veien videre")


class IndicatorKind(LabelledEnum):
    PROCESS = ("prosess", "prosessindikator")
    EFFECT = ("effekt", "effektindikator")


class PsvForm(LabelledEnum):
    """The indicator set a year's PSV is scored on (`omstilling.core.psv`): one of the two forms Innovasjon Norge has
    published, or the programme's own indicators (the workbook's sheet PSV-indikatorer)."""

    IN_12 = ("in-12", "Innovasjon Norges vurderingsskjema med 12 indikatorer (6 prosess, 6 effekt)")
    IN_8 = ("in-8", "Innovasjon Norges vurderingsskjema med 8 hovedindikatorer (4 prosess, 4 effekt)")
    OWN = ("egen", "programmets egne indikatorer")


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
    FOLLOW_UP = ("vedtak", "oppfølging av vedtak")  # no rule of its own: one occurrence per decision to follow up
    QUOTA = ("kvote", "kvote")
    # no rule of its own: one occurrence per award of state aid the register must be told of
    AID_REPORT = ("registerrapport", "rapportering til Registeret for offentlig støtte")


class WheelPhase(LabelledEnum):
    """Which years of the programme's status period a wheel event belongs to (see `core.wheel.rules.applies_in`)."""

    EVERY_YEAR = ("hvert-ar", "hvert år i statusperioden")
    NOT_LAST_YEAR = ("ikke-siste-ar", "hvert år unntatt det siste")
    CLOSING = ("avslutning", "avslutningen (siste år)")


class DeadlineStatus(LabelledEnum):
    OPEN = ("apen", "åpen")
    DONE = ("utfort", "utført")
    SKIPPED = ("hoppet-over", "hoppet over")


class AgendaState(LabelledEnum):
    """Where an item of a programme's agenda stands, seen from a day (`omstilling.core.agenda`): the one set of
    Norwegian words every page, command, artifact and message uses for it."""

    COMING = ("kommende", "kommende")
    TODAY = ("i-dag", "i dag")
    OVERDUE = ("forfalt", "forfalt")
    DONE = ("utfort", "utført")
    SKIPPED = ("hoppet-over", "hoppet over")
    PLANNED = ("planlagt", "planlagt")
    HELD = ("holdt", "holdt")
    CANCELLED = ("avlyst", "avlyst")
    PASSED = ("passert", "passert")  # a notice day gone by: nothing to mark, nothing overdue

    @property
    def open(self) -> bool:
        """Still to be done (a deadline not yet marked done or skipped)."""
        return self in (AgendaState.COMING, AgendaState.TODAY, AgendaState.OVERDUE)

    @property
    def ahead(self) -> bool:
        """Still to come on the day: what a list of next items shows."""
        return self in (AgendaState.COMING, AgendaState.TODAY, AgendaState.PLANNED)


class AgendaKind(LabelledEnum):
    """What an agenda item is. The values of the rule-based kinds are `EventKind`'s."""

    DEADLINE = ("frist", "frist")
    MEETING = ("mote", "møte")
    BOARD_MEETING = ("styremote", "styremøte")
    NOTICE = ("innkalling", "innkallingsfrist")
    FOLLOW_UP = ("vedtak", "oppfølging av vedtak")
    AID_REPORT = ("registerrapport", "rapportering til Registeret for offentlig støtte")

    @property
    def is_meeting(self) -> bool:
        return self in (AgendaKind.MEETING, AgendaKind.BOARD_MEETING)


class OutboxStatus(LabelledEnum):
    PENDING = ("venter", "venter")
    SENT = ("sendt", "sendt")
    FAILED = ("feilet", "feilet")
    CANCELLED = ("avbrutt", "avbrutt: fristen er ikke lenger åpen")
    EXPIRED = ("utlopt", "utløpt: for sent å sende")


class MessageKind(LabelledEnum):
    """What an outbox row is. Its `step` means what the kind says: a reminder's ladder step, the SEQUENCE of a
    meeting's announcement, cancellation or removal, the id of the first row an alert tells about, the notice's
    number for a board meeting's notice (0) and its corrections (1, 2 …; keyed on the meeting's invitation)."""

    REMINDER = ("paminnelse", "påminnelse om en frist")
    ALERT = ("varsel", "varsel om meldinger som ikke kom fram")
    INVITATION = ("invitasjon", "møteinnkalling til kalenderen")
    CANCELLATION = ("avlysning", "avlysning av et møte")
    REMOVAL = ("fjerning", "møtet tatt ut av kalenderen til en som ikke lenger deltar")
    NOTICE = ("innkalling", "innkalling til styremøte")
    CORRECTION = ("endret-innkalling", "endret eller avlyst innkalling")
    MINUTES_COMMENTS = ("protokoll-kommentar", "utkast til protokoll til kommentar")
    MINUTES_REMINDER = ("protokoll-purring", "påminnelse om kommentar til protokollen")
    MINUTES_APPROVAL = ("protokoll-godkjenning", "protokoll til godkjenning")
    MINUTES_APPROVED = ("protokoll-godkjent", "godkjent protokoll")

    @property
    def for_meeting(self) -> bool:
        """About a meeting in its participants' calendars: it carries a calendar object and goes on its own."""
        return self in MEETING_MESSAGES


MEETING_MESSAGES = frozenset({MessageKind.INVITATION, MessageKind.CANCELLATION, MessageKind.REMOVAL})
"""The kinds of message that keep a meeting in calendars up to date (keyed on the invitation and its SEQUENCE)."""


class DocumentKind(LabelledEnum):
    ANNUAL_REPORT = ("arsrapport", "årsrapport")
    HALF_YEAR_REPORT = ("halvarsrapport", "halvårsrapport")
    BOARD_REPORT = ("styrerapport", "rapport til styret")
    APPLICATION = ("soknad", "søknad til fylkeskommunen")
    PSV_FACTS = ("psv-grunnlag", "faktagrunnlag for programstatusvurdering")
    SEMINAR_BASIS = ("seminargrunnlag", "grunnlag for styreseminar")
    ACTION_PLAN = ("handlingsplan", "handlingsplan")
    NOTICE = ("innkalling", "innkalling til styremøte")
    BOARD_PACK = ("styrepapirer", "styrepapirer")
    MINUTES = ("protokoll", "utkast til protokoll")
    FINAL_REPORT = ("sluttrapport", "sluttrapport")
    FINAL_EVALUATION = ("sluttevaluering", "datagrunnlag for sluttevaluering")

    @property
    def for_meeting(self) -> bool:
        """A document about one board meeting (named by its date), not about a year."""
        return self in _MEETING_DOCUMENTS

    @property
    def has_own_formats(self) -> bool:
        """Written in formats of its own by default (the board pack, the draft minutes), not the usual three."""
        return self in _DEFAULT_FORMATS

    @property
    def default_formats(self) -> tuple[str, ...]:
        """What the document is written as when nobody says (the one home of this default: the command line,
        the web app, the report flows and the årshjul's runs all ask here). The board pack is a PDF (what the
        board is sent), the draft minutes a Word file to complete, the others Markdown, HTML and Word. Markdown
        always: it is the source."""
        return _DEFAULT_FORMATS.get(self, ("md", "html", "docx"))

    @property
    def formats(self) -> tuple[str, ...]:
        """Every format the document can be written as: the text formats, and for the final evaluation's data pack
        its workbook (xlsx) too."""
        return DOCUMENT_FORMATS if self in _WORKBOOK_DOCUMENTS else TEXT_FORMATS


TEXT_FORMATS = ("md", "html", "docx", "pdf")
"""The formats every document can be written as (its Markdown and what pandoc and Typst make of it)."""
DOCUMENT_FORMATS = (*TEXT_FORMATS, "xlsx")
"""Every format a document can be written as (the workbook only where the kind has one: `DocumentKind.formats`)."""

_MEETING_DOCUMENTS = frozenset(
    {DocumentKind.BOARD_REPORT, DocumentKind.NOTICE, DocumentKind.BOARD_PACK, DocumentKind.MINUTES}
)
_DEFAULT_FORMATS = {
    DocumentKind.BOARD_PACK: ("md", "pdf"),
    DocumentKind.MINUTES: ("md", "docx"),
    DocumentKind.FINAL_EVALUATION: ("md", "pdf", "xlsx"),
}
_WORKBOOK_DOCUMENTS = frozenset({DocumentKind.FINAL_EVALUATION})


def chosen_formats(kind: DocumentKind, formats: Iterable[str] | None) -> tuple[str, ...]:
    """The formats asked for, checked (blank entries dropped, each once), or the kind's default when none was
    asked for (None). An empty choice or an unknown format is the user's error, said in Norwegian."""
    if formats is None:
        return kind.default_formats
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    if not chosen:
        raise OmstillingError(f"oppgi minst ett format: {', '.join(kind.formats)}")
    unknown = [f for f in chosen if f not in kind.formats]
    if unknown:
        raise OmstillingError(f"ukjent format «{', '.join(unknown)}»: velg blant {', '.join(kind.formats)}")
    return chosen


def default_formats_in_words() -> str:
    """The defaults as the command line's and the forms' help say them: "md,html,docx (styrepapirer: md,pdf;
    protokoll: md,docx)"."""
    usual = ",".join(DocumentKind.ANNUAL_REPORT.default_formats)
    own = "; ".join(f"{kind.value}: {','.join(formats)}" for kind, formats in _DEFAULT_FORMATS.items())
    return f"{usual} ({own})"


class AuditAction(LabelledEnum):
    """What an audit event records (`omstilling.store.audit.record`); the value is what `omstilling audit --action`
    and the operator's log page filter on."""

    SIGN_IN = ("innlogging", "innlogging")
    SIGN_IN_LINK = ("innloggingslenke", "innloggingslenke bedt om")
    SIGN_OUT = ("utlogging", "utlogging")
    DEADLINE_MARKED = ("frist-markert", "frist markert")
    WORKBOOK_IMPORTED = ("arbeidsbok-importert", "arbeidsbok importert")
    WORKBOOK_EXPORTED = ("arbeidsbok-eksportert", "arbeidsbok eksportert eller lastet ned")
    DRAFT_WRITTEN = ("utkast-skrevet", "dokumentutkast skrevet")
    TEXT_WRITTEN = ("tekst-skrevet", "programleders tekst skrevet")
    MEETING_ANSWERED = ("motesvar", "svar på innkalling til styremøte")
    DEPUTY_CALLED_IN = ("vara-innkalt", "varamedlem kalt inn til styremøte")
    MINUTES_WRITTEN = ("protokoll-fort", "protokoll ført eller rettet")
    MINUTES_SENT = ("protokoll-sendt", "protokoll sendt til kommentar eller godkjenning")
    MINUTES_COMMENTED = ("protokoll-kommentert", "kommentar til protokoll")
    MINUTES_APPROVED = ("protokoll-godkjent", "protokoll godkjent av et styremedlem")
    DOCUMENT_DOWNLOADED = ("dokument-lastet-ned", "dokument lastet ned")
    COUNTY_GRANTED = ("fylkestilgang-gitt", "lesetilgang til en fylkeskommune gitt")
    COUNTY_REVOKED = ("fylkestilgang-fjernet", "lesetilgang til en fylkeskommune tatt bort")
    SETTINGS_CHANGED = ("innstillinger-endret", "innstillinger endret")
    MESSAGE_GIVEN_UP = ("melding-gitt-opp", "melding gitt opp")
    PERSON_EXPORTED = ("person-eksportert", "personopplysninger eksportert")
    PERSON_ERASED = ("person-slettet", "person slettet")
    PURGED = ("opprydding", "gamle hendelser og meldingstekster ryddet")
    RATES_IMPORTED = ("kurser-lest-inn", "eurokurser lest inn fra Den europeiske sentralbanken")
    AID_RECORDED = ("stotte-registrert", "bagatellmessig støtte registrert")
    DECLARATION_RECORDED = ("erklaering-registrert", "erklæring om annen bagatellmessig støtte registrert")
    LINK_RECORDED = ("foretak-koblet", "foretak registrert som ett foretak")
    LINK_REMOVED = ("kobling-fjernet", "kobling mellom foretak fjernet")


class AuditOutcome(LabelledEnum):
    """How the recorded action ended."""

    OK = ("ok", "ok")
    FAILED = ("feilet", "feilet")
    REFUSED = ("nektet", "nektet")
