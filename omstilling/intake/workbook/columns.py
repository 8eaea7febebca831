"""The workbook's sheets and columns, written once: export, import, the instructions sheet and CSV all read
them. Headers are Norwegian (programme leaders read them); `field` is the input model's field name.

Every text here is written in bokmål and marked (`N_`); it is translated where it is read, into the programme's
written standard (`omstilling.core.language`): `Column.header`, `Column.explained`, `Sheet.title`, `Sheet.purpose`.
A sheet's `name` is its bokmål name, the key the code knows it by; the import reads a sheet's name and a column's
header in either standard (`Sheet.titles`, `Column.headers`), so a nynorsk programme may fill in a workbook exported
in bokmål, and the other way round."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel
from sqlmodel import SQLModel

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
from omstilling.core.formatting import number
from omstilling.core.language import N_, WrittenStandard, gettext, speaking
from omstilling.core.stateaid import AidInstrument, CompanySize
from omstilling.core.texts import BODY_LIMIT, SECTIONS
from omstilling.intake.schemas import (
    AssessmentIn,
    AwardRowIn,
    BudgetLineIn,
    CaseIn,
    ClosedDayIn,
    DeclarationRowIn,
    DeviationIn,
    FocusAreaIn,
    FundingIn,
    GoalIn,
    LeaderTextIn,
    LinkIn,
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
)
from omstilling.intake.workbook.cells import (
    COUNT,
    EURO,
    ID,
    KRONER,
    PROSE,
    RATE,
    SCORE,
    TEXT,
    YEAR,
    Choice,
    ChoiceList,
    Clock,
    Day,
    Kind,
    Ladder,
    RoleList,
    Standard,
    TextList,
    YesNo,
)
from omstilling.store.models import (
    AidAward,
    AidDeclaration,
    BoardCase,
    BoardMeeting,
    BudgetLine,
    ClosedDay,
    Contact,
    DeclaredAid,
    Deviation,
    FocusArea,
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
    UndertakingLink,
    WheelEvent,
)

DAY, CLOCK, YES_NO, TAGS = Day(), Clock(), YesNo(), TextList()
FOCUS_AREA_HELP = N_("Innsatsområdets nummer (se arket Innsatsområder).")
KEY_RULE = N_("bruk små bokstaver, sifre og bindestrek, f.eks. styreseminar")


def in_every_standard(text: str) -> tuple[str, ...]:
    """A marked text as each written standard writes it, bokmål first (once where they are alike)."""
    found = []
    for standard in WrittenStandard:
        with speaking(standard):
            found.append(gettext(text))
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Column:
    """One column: its header, the field it fills, how its cells are read, and a line for the instructions. The
    texts are as written (bokmål); `header` and `explained` give them in the current written standard."""

    written: str  # the header in bokmål
    field: str
    kind: Kind = TEXT
    required: bool = False
    help: str = ""
    width: int = 16
    private: bool = False  # contact data: exported only on request, never printed in summaries
    derived: bool = False  # written by the export for people to read (a rule in words); the import ignores it
    rule: str = ""  # what a text must look like, when a pattern checks it
    facts: Callable[[], dict[str, object]] | None = None  # values the help names (`%(name)s`), found when read

    @property
    def header(self) -> str:
        return gettext(self.written)

    @property
    def headers(self) -> tuple[str, ...]:
        """The header in every written standard: what the import recognises."""
        return in_every_standard(self.written)

    @property
    def explained(self) -> str:
        """The help, in the current written standard."""
        text = gettext(self.help) if self.help else ""
        return text % self.facts() if self.facts else text


@dataclass(frozen=True)
class Sheet:
    """One kind of record: rows are matched with the database by `key` (field names). `name` is the bokmål name,
    the key the code and the records know the sheet by; `title` is what the workbook calls it in the current
    written standard."""

    name: str
    about: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    model: type[BaseModel]
    tables: tuple[type[SQLModel], ...] = ()  # where the rows are stored (for the lengths texts may have)
    blank_key: tuple[str, ...] = ()  # key fields that may be blank (a text of a document that is not a meeting's)

    def column(self, field: str) -> Column | None:
        return next((c for c in self.columns if c.field == field), None)

    @property
    def title(self) -> str:
        return gettext(self.name)

    @property
    def titles(self) -> tuple[str, ...]:
        """The sheet's name in every written standard: what the import recognises."""
        return in_every_standard(self.name)

    @property
    def purpose(self) -> str:
        return gettext(self.about)

    @property
    def key_headers(self) -> str:
        return " + ".join(self.column(f).header for f in self.key)

    def visible(self, with_contacts: bool) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if with_contacts or not c.private)


def choice(enum, what: str, only: tuple = ()) -> Choice:
    return Choice(enum=enum, what=what, only=only)


PROGRAMME = Sheet(
    N_("Program"),
    N_("Programmet selv: én rad. En ny arbeidsbok med et nytt kortnavn oppretter et nytt program."),
    ("slug",),
    (
        Column(
            N_("Kortnavn"),
            "slug",
            required=True,
            width=18,
            rule=N_("bruk små bokstaver, sifre og bindestrek, f.eks. vestre-toten"),
            help=N_("Programmets faste kortnavn (slug), f.eks. vestre-toten. Kan ikke endres."),
        ),
        Column(N_("Navn"), "name", required=True, width=40, help=N_("Programmets fulle navn.")),
        Column(N_("Kommune"), "municipality", required=True, width=24, help=N_("Kommunen som eier programmet.")),
        Column(
            N_("Fylkeskommune"), "county", required=True, width=26, help=N_("Fylkeskommunen som gir omstillingsmidler.")
        ),
        Column(N_("Fylkeskommune (kort)"), "county_short", required=True, help=N_("Forkortelse, f.eks. OFK.")),
        Column(
            N_("Status fra år"), "status_start_year", YEAR, required=True, help=N_("Første år med omstillingsstatus.")
        ),
        Column(N_("Status til år"), "status_end_year", YEAR, required=True, help=N_("Siste år med omstillingsstatus.")),
        Column(N_("Tidssone"), "timezone", help=N_("Tidssone for frister og møter; tom gir Europe/Oslo.")),
        Column(
            N_("Kalenderinvitasjon"),
            "invitations",
            Choice(
                enum=InvitationTiming,
                what=N_("tidspunkt for kalenderinvitasjon"),
                by_value=True,
                expecting=N_("en av: planlagt, innkalling (eller tom)"),
            ),
            width=18,
            help=N_(
                "Når styremøtene kommer i kalenderen: planlagt (fra 120 dager før, når møtet er planlagt) eller "
                "innkalling (på innkallingsdagen, sammen med innkallingen); tom gir installasjonens valg."
            ),
        ),
        Column(
            N_("Målform"),
            "language",
            Standard(),
            width=12,
            help=N_(
                "Skriftspråket programmets folk leser: bokmål eller nynorsk. Dokumenter, e-post, invitasjoner og "
                "programmets sider følger det; tom gir bokmål."
            ),
        ),
    ),
    ProgrammeIn,
    (Programme,),
)

PEOPLE = Sheet(
    N_("Personer"),
    N_("Hvem som har hvilken rolle i programmet, og i hvilken periode. Navn og roller er offentlige."),
    ("name", "role", "term_start"),
    (
        Column(N_("Navn"), "name", required=True, width=28, help=N_("Personens navn.")),
        Column(
            N_("Rolle"), "role", choice(Role, N_("rolle")), required=True, width=30, help=N_("Rollen i programmet.")
        ),
        Column(N_("Organisasjon"), "organisation", width=36, help=N_("Hvem personen representerer.")),
        Column(N_("Fra dato"), "term_start", DAY, required=True, width=12, help=N_("Første dag i rollen.")),
        Column(N_("Til dato"), "term_end", DAY, width=12, help=N_("Siste dag i rollen; tom hvis perioden løper.")),
        Column(
            N_("E-post"),
            "email",
            private=True,
            width=30,
            rule=N_("skriv en e-postadresse, f.eks. navn@kommune.no"),
            help=N_("Kontaktdata for påminnelser (bare med --with-contacts). Skrives aldri i dokumenter."),
        ),
        Column(
            N_("Telefon"), "phone", private=True, help=N_("Kontaktdata for påminnelser (bare med --with-contacts).")
        ),
    ),
    RoleIn,
    (Person, RoleAssignment, Contact),
)

FOCUS_AREAS = Sheet(
    N_("Innsatsområder"),
    N_("Programmets innsatsområder, nummerert som i planen."),
    ("number",),
    (
        Column(N_("Nummer"), "number", YEAR, required=True, width=10, help=N_("1, 2, 3 …")),
        Column(N_("Navn"), "name", required=True, width=36, help=N_("Innsatsområdets navn.")),
        Column(N_("Beskrivelse"), "description", width=60, help=N_("Hva innsatsområdet omfatter.")),
    ),
    FocusAreaIn,
    (FocusArea,),
)

STRATEGIES = Sheet(
    N_("Tiltak"),
    N_("Strategier og tiltak i årets handlingsplan, med måltall for antall prosjekter."),
    ("year", "number"),
    (
        Column(N_("År"), "year", YEAR, required=True, width=8, help=N_("Handlingsplanens år.")),
        Column(
            N_("Nummer"),
            "number",
            required=True,
            width=10,
            rule=N_("skriv et nummer som 3.1.2"),
            help=N_("Tiltakets nummer i planen, f.eks. 3.1.2."),
        ),
        Column(N_("Innsatsområde"), "focus_area", YEAR, required=True, width=14, help=FOCUS_AREA_HELP),
        Column(N_("Navn"), "name", required=True, width=44, help=N_("Tiltakets navn.")),
        Column(N_("Beskrivelse"), "description", width=40, help=N_("Utfyllende tekst.")),
        Column(
            N_("Måltall (prosjekter)"),
            "count_target",
            COUNT,
            width=12,
            help=N_("Antall prosjekter tiltaket skal gi; tom for tiltak uten måltall."),
        ),
        Column(N_("Mål (tekst)"), "target_text", width=44, help=N_("Målet slik planen formulerer det.")),
        Column(
            N_("Merker"),
            "tags",
            TAGS,
            width=28,
            help=N_("Prosjekter med minst ett av disse merkene teller for tiltaket; tom: alle i innsatsområdet."),
        ),
        Column(
            N_("Unntatte merker"),
            "exclude_tags",
            TAGS,
            width=28,
            help=N_("Prosjekter med noen av disse merkene teller ikke."),
        ),
    ),
    StrategyIn,
    (Strategy,),
)

GOALS = Sheet(
    N_("Mål"),
    N_("Mål på program-, innsatsområde- eller tiltaksnivå, for en periode av hele år."),
    ("key",),
    (
        Column(
            N_("Nøkkel"),
            "key",
            required=True,
            width=30,
            help=N_("Målets faste nøkkel, f.eks. io1-arbeidsplasser-2014."),
        ),
        Column(N_("Innsatsområde"), "focus_area", YEAR, width=14, help=N_("Tom for mål på programnivå.")),
        Column(N_("Tiltak"), "strategy", width=10, help=N_("Tiltakets nummer, for mål på tiltaksnivå.")),
        Column(
            N_("Måler"), "metric", choice(GoalMetric, N_("måler")), required=True, width=32, help=N_("Hva målet måler.")
        ),
        Column(
            N_("Sammenligning"),
            "comparator",
            choice(Comparator, N_("sammenligning")),
            required=True,
            width=16,
            help=N_("minst, høyst, lik eller kvalitativt mål."),
        ),
        Column(
            N_("Målverdi"),
            "target",
            COUNT,
            width=14,
            help=N_("Tallet målet sammenlignes med (andel i prosent, giring i kroner)."),
        ),
        Column(N_("Utgangsverdi"), "baseline", COUNT, width=14, help=N_("Nivået ved periodens start, om kjent.")),
        Column(N_("Fra år"), "period_start", YEAR, required=True, width=8, help=N_("Første år målet gjelder.")),
        Column(N_("Til år"), "period_end", YEAR, required=True, width=8, help=N_("Siste år målet gjelder.")),
        Column(N_("Tekst"), "text", required=True, width=60, help=N_("Målet slik planen formulerer det.")),
    ),
    GoalIn,
    (Goal,),
)

BUDGET = Sheet(
    N_("Budsjett"),
    N_("Årets rammebudsjett og regnskap: inntekter etter kilde, ressursbruk etter formål."),
    ("year", "label"),
    (
        Column(N_("År"), "year", YEAR, required=True, width=8, help=N_("Budsjettåret.")),
        Column(
            N_("Kategori"),
            "category",
            choice(BudgetCategory, N_("kategori")),
            required=True,
            width=30,
            help=N_("Inntektskilde eller formål; «prosjektmidler innsatsområde» krever innsatsområde."),
        ),
        Column(
            N_("Innsatsområde"), "focus_area", YEAR, width=14, help=N_("Bare for prosjektmidler til et innsatsområde.")
        ),
        Column(N_("Tekst"), "label", required=True, width=44, help=N_("Budsjettlinjens tekst (nøkkel innen året).")),
        Column(N_("Beløp (kr)"), "amount", KRONER, required=True, width=16, help=N_("Budsjettert beløp, hele kroner.")),
        Column(
            N_("Regnskap (kr)"),
            "actual",
            KRONER,
            width=16,
            help=N_(
                "Regnskapet for linjen: brukt (ressursbruk, programadministrasjon medregnet) eller mottatt "
                "(inntekter), hele kroner. Tom til regnskapet er kjent."
            ),
        ),
    ),
    BudgetLineIn,
    (BudgetLine,),
)

PROJECTS = Sheet(
    N_("Prosjekter"),
    N_("Utviklingsprosjektene programmet har fått søknad om eller støtter."),
    ("number",),
    (
        Column(
            N_("Prosjektnummer"),
            "number",
            required=True,
            width=14,
            help=N_("Prosjektets faste nummer, f.eks. 2014-05."),
        ),
        Column(N_("Tittel"), "title", required=True, width=40, help=N_("Prosjektets tittel.")),
        Column(N_("Prosjekteier"), "owner", required=True, width=28, help=N_("Bedriften eller organisasjonen.")),
        Column(N_("Org.nr."), "org_number", width=12, help=N_("Organisasjonsnummer, 9 siffer.")),
        Column(N_("Innsatsområde"), "focus_area", YEAR, required=True, width=14, help=FOCUS_AREA_HELP),
        Column(
            N_("Tiltak"),
            "strategy",
            width=10,
            help=N_("Tiltaket prosjektet hører til, f.eks. 3.1.2 (se arket Tiltak)."),
        ),
        Column(
            N_("Merker"),
            "tags",
            TAGS,
            width=24,
            help=N_("Stikkord skilt med komma; tiltakenes merker avgjør hva som teller."),
        ),
        Column(
            N_("Fase"),
            "phase",
            choice(Phase, N_("fase")),
            required=True,
            width=14,
            help=N_("forstudie, forprosjekt eller hovedprosjekt."),
        ),
        Column(
            N_("Status"),
            "status",
            choice(ProjectStatus, N_("status")),
            required=True,
            width=16,
            help=N_("Prosjektets status."),
        ),
        Column(
            N_("Tilsagn (kr)"),
            "grant_amount",
            KRONER,
            width=14,
            help=N_("Støtte fra programmet; lik programmets linje på arket Finansiering. Tom gir 0."),
        ),
        Column(
            N_("Vedtaksdato"),
            "decision_date",
            DAY,
            width=12,
            help=N_("Datoen styret innvilget; påkrevd for innvilgede prosjekter."),
        ),
        Column(
            N_("Vedtakssak"), "decision_case", width=11, help=N_("Saksnummeret vedtaket ble gjort i, f.eks. 05/14.")
        ),
        Column(N_("Startdato"), "start_date", DAY, width=12, help=N_("Prosjektstart.")),
        Column(N_("Sluttdato"), "end_date", DAY, width=12, help=N_("Prosjektslutt.")),
        Column(
            N_("Kompetanseheving"),
            "competence_building",
            YES_NO,
            width=10,
            help=N_("Ja når kompetanseheving er et vesentlig element. Tom gir Nei."),
        ),
        Column(
            N_("Regionalt samarbeid"),
            "regional_cooperation",
            YES_NO,
            width=10,
            help=N_("Ja for prosjekter for regionalt samarbeid."),
        ),
        Column(N_("Nettverksprosjekt"), "network_project", YES_NO, width=10, help=N_("Ja for nettverksprosjekter.")),
    ),
    ProjectIn,
    (Project,),
)

FUNDING = Sheet(
    N_("Finansiering"),
    N_("Prosjektenes finansieringsplan: ett beløp per kilde (giring regnes herfra)."),
    ("project", "source"),
    (
        Column(N_("Prosjektnummer"), "project", required=True, width=14, help=N_("Prosjektet (se arket Prosjekter).")),
        Column(
            N_("Kilde"),
            "source",
            choice(FundingSource, N_("kilde")),
            required=True,
            width=28,
            help=N_("Finansieringskilden; omstillingsprogrammets linje er lik tilsagnet."),
        ),
        Column(N_("Beløp (kr)"), "amount", KRONER, required=True, width=16, help=N_("Hele kroner.")),
    ),
    FundingIn,
)

REFERENCE_HELP = N_("Skiller to på samme dag, f.eks. bilagsnummer; tom når det bare er én.")

PAYMENTS = Sheet(
    N_("Utbetalinger"),
    N_("Utbetalt tilskudd, og penger betalt tilbake til programmet."),
    ("project", "date", "kind", "reference"),
    (
        Column(N_("Prosjektnummer"), "project", required=True, width=14, help=N_("Prosjektet (se arket Prosjekter).")),
        Column(N_("Dato"), "date", DAY, required=True, width=12, help=N_("Utbetalingsdato.")),
        Column(
            N_("Type"),
            "kind",
            choice(PaymentKind, N_("type")),
            width=20,
            help=N_("utbetaling (tom) eller tilbakeførte midler."),
        ),
        Column(
            N_("Beløp (kr)"),
            "amount",
            KRONER,
            required=True,
            width=14,
            help=N_("Hele kroner, over 0. Samlet utbetalt kan ikke overstige tilsagnet."),
        ),
        Column(N_("Merknad"), "note", width=40, help=N_("Fritekst.")),
        Column(N_("Referanse"), "reference", width=14, help=REFERENCE_HELP),
    ),
    PaymentIn,
    (Payment,),
)

RESULTS = Sheet(
    N_("Resultater"),
    N_("Resultater prosjektene har rapportert: arbeidsplasser, bedrifter, omsetning."),
    ("project", "date", "source", "reference"),
    (
        Column(N_("Prosjektnummer"), "project", required=True, width=14, help=N_("Prosjektet (se arket Prosjekter).")),
        Column(N_("Dato"), "date", DAY, required=True, width=12, help=N_("Datoen resultatet ble rapportert.")),
        Column(
            N_("Kilde"),
            "source",
            choice(ResultSource, N_("kilde")),
            required=True,
            width=16,
            help=N_("egenrapportert, sluttrapport eller evaluator."),
        ),
        Column(N_("Nye arbeidsplasser"), "new_jobs", COUNT, width=12, help=N_("Nye arbeidsplasser; tom gir 0.")),
        Column(
            N_("Sikrede arbeidsplasser"), "secured_jobs", COUNT, width=12, help=N_("Sikrede arbeidsplasser; tom gir 0.")
        ),
        Column(N_("Nye bedrifter"), "new_companies", COUNT, width=10, help=N_("Nye bedrifter; tom gir 0.")),
        Column(
            N_("Meromsetning (kr)"),
            "extra_revenue",
            KRONER,
            width=16,
            help=N_("Økt omsetning i bedriften, hele kroner."),
        ),
        Column(N_("Merknad"), "note", width=40, help=N_("Fritekst.")),
        Column(N_("Referanse"), "reference", width=14, help=REFERENCE_HELP),
    ),
    ResultIn,
    (ProjectResult,),
)

AWARDS = Sheet(
    N_("Støtte"),
    N_(
        "Bagatellmessig støtte på prosjektenes tilsagn: én rad per tildeling, med det forordningen og Registeret for "
        "offentlig støtte spør etter. Importen sjekker taket mot all støtte til foretaket de siste tre årene, fra "
        "alle programmene og erklært støtte fra andre."
    ),
    ("project", "granted_on"),
    (
        Column(N_("Prosjektnummer"), "project", required=True, width=14, help=N_("Prosjektet (se arket Prosjekter).")),
        Column(
            N_("Tildelt dato"),
            "granted_on",
            DAY,
            required=True,
            width=12,
            help=N_(
                "Dagen foretaket fikk rettskrav på støtten, vanligvis styrets vedtaksdato (ikke utbetalingsdagen). "
                "Kursen er ECBs for denne dagen, eller den siste før."
            ),
        ),
        Column(
            N_("Org.nr."),
            "org_number",
            width=12,
            help=N_("Mottakerens organisasjonsnummer; tom gir prosjektets."),
        ),
        Column(N_("Beløp (kr)"), "amount_nok", KRONER, width=14, help=N_("Støtten i hele kroner; tom gir tilsagnet.")),
        Column(
            N_("Bruttotilskuddsekvivalent (kr)"),
            "gross_nok",
            KRONER,
            width=16,
            help=N_(
                "Beløpet som teller mot taket. For et tilskudd er det lik beløpet (la cellen stå tom); for lån og "
                "garantier regnes det ut etter forordningen."
            ),
        ),
        Column(
            N_("Instrument"),
            "instrument",
            choice(AidInstrument, N_("instrument")),
            width=12,
            help=N_("tilskudd (tom), lån eller garanti."),
        ),
        Column(N_("Formål"), "purpose", width=30, help=N_("Hva støtten skal brukes til, slik registeret spør.")),
        Column(
            N_("Størrelse"),
            "recipient_size",
            choice(CompanySize, N_("størrelse")),
            width=18,
            help=N_("Mottakerens størrelse: liten, mellomstor eller stor bedrift."),
        ),
        Column(
            N_("Næringskode"),
            "industry",
            width=11,
            help=N_("Mottakerens næringskode (NACE/SN2007), f.eks. 16.230."),
        ),
        Column(N_("Region"), "region", width=16, help=N_("Hvor mottakeren holder til, f.eks. fylket.")),
        Column(
            N_("Oppgitt kurs"),
            "rate",
            RATE,
            width=12,
            help=N_(
                "Kroner per euro for denne tildelingen, når installasjonen ikke har ECBs kurs for dagen; tom gir "
                "ECBs kurs for tildelingsdagen, eller den siste publisert inntil en uke før."
            ),
        ),
        Column(
            N_("Kurs brukt"),
            "nok_per_eur",
            RATE,
            width=11,
            derived=True,
            help=N_("Kursen beløpet er regnet om med. Skrives av eksporten og leses ikke inn igjen."),
        ),
        Column(
            N_("Kursdato"),
            "rate_day",
            DAY,
            width=12,
            derived=True,
            help=N_("Dagen kursen gjelder. Skrives av eksporten og leses ikke inn igjen."),
        ),
        Column(
            N_("Beløp (euro)"),
            "amount_eur",
            EURO,
            width=14,
            derived=True,
            help=N_(
                "Bruttotilskuddsekvivalenten i euro, det som teller mot taket. Skrives av eksporten og leses ikke "
                "inn igjen."
            ),
        ),
    ),
    AwardRowIn,
    (AidAward,),
)

DECLARATIONS = Sheet(
    N_("Erklæringer"),
    N_(
        "Foretakenes erklæringer om annen bagatellmessig støtte de siste tre årene: én rad per støtte de har fått "
        "fra andre, eller én rad uten støttegiver når de ikke har fått noen."
    ),
    ("org_number", "declared_on", "grantor", "scheme", "granted_on"),
    (
        Column(
            N_("Org.nr."),
            "org_number",
            required=True,
            width=12,
            help=N_("Organisasjonsnummeret til foretaket som har erklært."),
        ),
        Column(
            N_("Erklært dato"),
            "declared_on",
            DAY,
            required=True,
            width=12,
            help=N_("Dagen erklæringen er datert; radene med samme org.nr. og dato er én erklæring."),
        ),
        Column(N_("Signert av"), "signed_by", required=True, width=24, help=N_("Hvem som signerte erklæringen.")),
        Column(
            N_("Støttegiver"),
            "grantor",
            width=26,
            help=N_("Hvem som ga støtten, f.eks. Innovasjon Norge; tom: foretaket har ikke fått annen støtte."),
        ),
        Column(N_("Ordning"), "scheme", width=32, help=N_("Ordningen støtten ble gitt under, om den er oppgitt.")),
        Column(N_("Tildelt dato"), "granted_on", DAY, width=12, help=N_("Dagen støtten ble gitt.")),
        Column(
            N_("Beløp (euro)"),
            "amount_eur",
            EURO,
            width=14,
            help=N_(
                "Beløpet i euro slik støttegiveren oppga det; tom: kronebeløpet regnes om med kursen for "
                "tildelingsdagen (endrer du kronebeløpet, tøm denne cellen)."
            ),
        ),
        Column(N_("Beløp (kr)"), "amount_nok", KRONER, width=14, help=N_("Beløpet i kroner, om det er oppgitt.")),
    ),
    DeclarationRowIn,
    (AidDeclaration, DeclaredAid),
    blank_key=("grantor", "scheme", "granted_on"),
)

LINKS = Sheet(
    N_("Foretak"),
    N_(
        "Organisasjonsnumre som regnes som ett foretak (forordningens «ett og samme foretak»: kontroll gjennom "
        "stemmer, styre eller avtale). Støtte til dem telles sammen mot taket, i alle programmene."
    ),
    ("org_number", "counts_with"),
    (
        Column(N_("Org.nr."), "org_number", required=True, width=12, help=N_("Det ene foretaket.")),
        Column(
            N_("Regnes sammen med"),
            "counts_with",
            required=True,
            width=14,
            help=N_("Organisasjonsnummeret til foretaket det regnes som ett med (f.eks. morselskapet)."),
        ),
        Column(N_("Hvorfor"), "why", width=40, help=N_("F.eks. «morselskap eier 100 %»; for den som leser siden.")),
        Column(
            N_("Fjern"),
            "remove",
            YES_NO,
            width=8,
            help=N_(
                "Ja tar bort programmets egen kobling. En kobling et annet program har registrert, kan bare det "
                "programmet fjerne."
            ),
        ),
    ),
    LinkIn,
    (UndertakingLink,),
)

MEETINGS = Sheet(
    N_("Styremøter"),
    N_("Styremøter og styreseminar. Møte-ID kjenner igjen et møte som er flyttet."),
    ("id",),
    (
        Column(
            N_("Møte-ID"),
            "id",
            ID,
            width=9,
            help=N_("Fylles ut av eksporten; ikke endre den. Tom for nye møter (de kjennes igjen på dato og type)."),
        ),
        Column(N_("Dato"), "date", DAY, required=True, width=12, help=N_("Møtedato. Endre den for å flytte møtet.")),
        Column(
            N_("Type"),
            "kind",
            choice(MeetingKind, N_("møtetype")),
            width=22,
            help=N_("ordinært styremøte (tom) eller styreseminar."),
        ),
        Column(
            N_("Status"),
            "status",
            choice(MeetingStatus, N_("status")),
            width=12,
            help=N_("planlagt (tom), holdt eller avlyst."),
        ),
        Column(N_("Klokkeslett"), "start_time", CLOCK, width=11, help=N_("Når møtet begynner, tt:mm.")),
        Column(N_("Sted"), "location", width=30, help=N_("Møtested.")),
    ),
    MeetingIn,
    (BoardMeeting,),
)

CASES = Sheet(
    N_("Saker"),
    N_("Sakene på styremøtene, nummerert løpenummer/år (f.eks. 05/14)."),
    ("number",),
    (
        Column(
            N_("Saksnummer"),
            "number",
            required=True,
            width=11,
            rule=N_("skriv løpenummer/år, f.eks. 05/14"),
            help=N_("Sakens nummer, f.eks. 05/14; unikt i programmet."),
        ),
        Column(
            N_("Møtedato"),
            "meeting_date",
            DAY,
            required=True,
            width=12,
            help=N_("Datoen til møtet saken står på. Flyttes møtet på arket Styremøter, følger sakene med."),
        ),
        Column(N_("Tittel"), "title", required=True, width=50, help=N_("Sakens tittel.")),
        Column(
            N_("Type"),
            "kind",
            choice(CaseKind, N_("sakstype")),
            width=16,
            help=N_(
                "vedtakssak (tom): styret fatter vedtak; eller orienteringssak: styret blir orientert og tar saken "
                "til orientering."
            ),
        ),
        Column(
            N_("Bakgrunn"),
            "background",
            PROSE,
            width=60,
            help=N_(
                "Sakens bakgrunn (saksframstillingen), slik styrepapirene trykker den foran forslaget til vedtak: "
                "hva saken gjelder og administrasjonens vurdering."
            ),
        ),
        Column(
            N_("Forslag til vedtak"),
            "proposal",
            width=50,
            help=N_("Forslaget til vedtak, slik innkallingen og protokollutkastet skriver det."),
        ),
        Column(N_("Vedtak"), "decision", width=50, help=N_("Vedtaket, når det er fattet.")),
        Column(N_("Prosjektnummer"), "project", width=14, help=N_("Prosjektet saken gjelder, om noe.")),
        Column(
            N_("Oppfølging"),
            "follow_up",
            width=40,
            help=N_("Hva vedtaket krever fulgt opp, om noe; blir en frist med påminnelser (årshjulets «vedtak»)."),
        ),
        Column(
            N_("Ansvarlig for oppfølging"),
            "follow_up_role",
            choice(Role, N_("rolle")),
            width=24,
            help=N_("Rollen som skal følge opp vedtaket, f.eks. programleder."),
        ),
        Column(
            N_("Frist for oppfølging"),
            "follow_up_due",
            DAY,
            width=12,
            help=N_("Når vedtaket skal være fulgt opp; ikke før møtet."),
        ),
    ),
    CaseIn,
    (BoardCase,),
)

DEVIATIONS = Sheet(
    N_("Avvik"),
    N_("Avvik fra mål og budsjett: årsak, korrigerende tiltak og status (til styret)."),
    ("subject", "period"),
    (
        Column(
            N_("Gjelder"),
            "subject",
            required=True,
            width=30,
            help=N_("Målets nøkkel (arket Mål) eller budsjettlinjens tekst avviket gjelder."),
        ),
        Column(
            N_("Periode"),
            "period",
            required=True,
            width=10,
            help=N_("Perioden avviket gjelder, f.eks. 2014 eller 2014-H1."),
        ),
        Column(N_("Årsak"), "cause", width=50, help=N_("Hvorfor målet eller planen ikke nås.")),
        Column(N_("Korrigerende tiltak"), "action", width=50, help=N_("Hva som gjøres med det.")),
        Column(
            N_("Status"), "status", choice(DeviationStatus, N_("status")), width=10, help=N_("åpen (tom) eller lukket.")
        ),
    ),
    DeviationIn,
    (Deviation,),
)

PSV = Sheet(
    N_("PSV"),
    N_("Programstatusvurderingene (PSV): én rad per år. Scorene og anbefalingene står på egne ark."),
    ("year",),
    (
        Column(N_("År"), "year", YEAR, required=True, width=8, help=N_("Året vurderingen gjelder.")),
        Column(N_("Møtedato"), "meeting_date", DAY, width=12, help=N_("Dagen PSV-møtet ble holdt.")),
        Column(N_("Prosessveileder"), "facilitator", width=28, help=N_("Den eksterne prosessveilederen.")),
        Column(N_("Sammendrag"), "summary", width=70, help=N_("Vurderingens hovedkonklusjon.")),
        Column(
            N_("Indikatorsett"),
            "form",
            choice(PsvForm, N_("indikatorsett")),
            width=30,
            help=N_(
                "Skjemaet året ble vurdert etter: Innovasjon Norges med 12 indikatorer (6 + 6), med 8 "
                "hovedindikatorer (4 + 4), eller programmets egne (arket PSV-indikatorer). Tom: det scorene viser."
            ),
        ),
        Column(
            N_("Omforent konklusjon"),
            "conclusion",
            width=70,
            help=N_("Den verbale konklusjonen deltakerne ble enige om i møtet, som støtter opp under karakterene."),
        ),
    ),
    AssessmentIn,
    (StatusAssessment,),
)

PSV_INDICATORS = Sheet(
    N_("PSV-indikatorer"),
    N_(
        "Programmets egne PSV-indikatorer, i rekkefølge: brukes for et år der arket PSV sier «programmets egne "
        "indikatorer». Tomt når programmet vurderes etter Innovasjon Norges skjema."
    ),
    ("number",),
    (
        Column(N_("Nr."), "number", COUNT, required=True, width=6, help=N_("Indikatorens nummer, 1, 2, 3 …")),
        Column(
            N_("Indikator"),
            "name",
            required=True,
            width=34,
            help=N_("Indikatorens navn, slik den står på arket PSV-score."),
        ),
        Column(
            N_("Type"),
            "kind",
            choice(IndicatorKind, N_("type")),
            required=True,
            width=18,
            help=N_("prosessindikator eller effektindikator."),
        ),
        Column(N_("Beskrivelse"), "description", width=60, help=N_("Hva indikatoren vurderer.")),
    ),
    PsvIndicatorIn,
    (PsvIndicator,),
)

PSV_SCORES = Sheet(
    N_("PSV-score"),
    N_(
        "Scoren på hver indikator i årets PSV: 4 + 4 indikatorer (nyere skjema) eller 6 + 6 "
        "(eldre), hver 1–5 med begrunnelse."
    ),
    ("year", "indicator"),
    (
        Column(
            N_("År"),
            "year",
            YEAR,
            required=True,
            width=8,
            help=N_("Året vurderingen gjelder; et år uten rad på arket PSV får en vurdering uten sammendrag."),
        ),
        Column(
            N_("Indikator"),
            "indicator",
            required=True,
            width=34,
            help=N_("Indikatorens navn, likt fra år til år, så scorene kan stå ved siden av hverandre."),
        ),
        Column(
            N_("Type"),
            "kind",
            choice(IndicatorKind, N_("type")),
            required=True,
            width=18,
            help=N_("prosessindikator eller effektindikator."),
        ),
        Column(
            N_("Score"), "score", SCORE, required=True, width=8, help=N_("Hele tall fra 1 (svakt) til 5 (svært godt).")
        ),
        Column(N_("Begrunnelse"), "justification", width=60, help=N_("Hvorfor gruppen ble enig om scoren.")),
    ),
    ScoreRowIn,
    (IndicatorScore,),
)

PSV_RECOMMENDATIONS = Sheet(
    N_("PSV-anbefalinger"),
    N_("Anbefalingene fra årets PSV, og hvordan de er fulgt opp."),
    ("year", "number"),
    (
        Column(N_("År"), "year", YEAR, required=True, width=8, help=N_("Året vurderingen gjelder.")),
        Column(N_("Nr."), "number", COUNT, required=True, width=6, help=N_("Anbefalingens nummer, 1, 2, 3 …")),
        Column(
            N_("Anbefaling"), "text", required=True, width=60, help=N_("Anbefalingen slik rapporten formulerer den.")
        ),
        Column(N_("Oppfølging"), "follow_up", width=60, help=N_("Hvordan den er fulgt opp.")),
        Column(
            N_("Status"),
            "status",
            choice(FollowUpStatus, N_("status")),
            width=12,
            help=N_("åpen (tom), pågår eller fulgt opp."),
        ),
    ),
    RecommendationRowIn,
    (Recommendation,),
)

WHEEL = Sheet(
    N_("Årshjul"),
    N_("Årshjulet: faste frister og møter, hvem som har ansvaret og når påminnelser går."),
    ("key",),
    (
        Column(
            N_("Nøkkel"),
            "key",
            required=True,
            width=22,
            rule=KEY_RULE,
            help=N_("Hendelsens faste nøkkel, f.eks. halvarsrapport."),
        ),
        Column(N_("Tittel"), "title", required=True, width=40, help=N_("Hva som skal skje.")),
        Column(
            N_("Type"),
            "kind",
            choice(EventKind, N_("type")),
            required=True,
            width=10,
            help=N_(
                "frist, møte, kvote, styremøte (påminnelser før hvert styremøte i møteplanen) eller oppfølging av vedtak (påminnelser før hver oppfølgingsfrist på arket Saker; «ansvarlig» i påminnelsene er rollen vedtaket nevner)."
            ),
        ),
        Column(
            N_("Regel (RRULE)"),
            "rrule",
            width=44,
            help=N_(
                "Når hendelsen faller hvert år, som RFC 5545-regel, f.eks. FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20. "
                "Tom for typen styremøte: datoene er styremøtene på arket Styremøter."
            ),
        ),
        Column(
            N_("Ansvarlige roller"),
            "responsible_roles",
            RoleList(),
            required=True,
            width=30,
            help=N_("Roller skilt med komma, f.eks. «programleder, styreleder»; «styret» er hele styret."),
        ),
        Column(
            N_("Dokument"),
            "document",
            choice(DocumentKind, N_("dokument")),
            width=28,
            help=N_("Dokumentet hendelsen gir, om noe."),
        ),
        Column(
            N_("Avhenger av"),
            "depends_on",
            TAGS,
            width=28,
            help=N_("Nøkler til hendelser som må være ferdige først, skilt med komma."),
        ),
        Column(
            N_("Påminnelser"),
            "ladder",
            Ladder(),
            width=60,
            help=N_(
                "Trinn skilt med semikolon, hvert «dager: roller»; negative dager er før fristen, "
                "f.eks. «-28: programleder; -14: programleder; 0: programleder, styreleder»."
            ),
        ),
        Column(N_("Klokkeslett"), "start_time", CLOCK, width=11, help=N_("For møter: når det begynner, tt:mm.")),
        Column(N_("Varighet (min)"), "duration_minutes", COUNT, width=10, help=N_("For møter: varighet i minutter.")),
        Column(N_("Beskrivelse"), "description", width=60, help=N_("Hvorfor dagen er valgt, og hva som skal med.")),
        Column(
            N_("Gjelder år"),
            "phase",
            choice(WheelPhase, N_("år i statusperioden")),
            width=26,
            help=N_(
                "Hvilke år i statusperioden hendelsen gjelder: hvert år (tom), hvert år unntatt det siste "
                "(det som planlegger og søker for neste år), eller avslutningen (bare siste år). "
                "Etter statusperioden (arket Program, «Status til år») planlegges ingenting annet."
            ),
        ),
        Column(
            N_("Regel i ord"),
            "rule_text",
            width=34,
            derived=True,
            help=N_(
                "Regelen i ord, f.eks. «siste arbeidsdag i januar»; skrives av eksporten fra regelen og leses "
                "ikke inn igjen (endre regelen i kolonnen Regel (RRULE))."
            ),
        ),
    ),
    WheelEventIn,
    (WheelEvent,),
)

QUOTAS = Sheet(
    N_("Kvoter"),
    N_("Krav om et minste antall styremøter i hver periode, f.eks. 3 hvert halvår."),
    ("key",),
    (
        Column(N_("Nøkkel"), "key", required=True, width=22, rule=KEY_RULE, help=N_("Regelens faste nøkkel.")),
        Column(N_("Tittel"), "title", required=True, width=36, help=N_("Regelen i klartekst.")),
        Column(N_("Minimum"), "minimum", COUNT, required=True, width=10, help=N_("Minste antall møter per periode.")),
        Column(
            N_("Måneder per periode"), "months_per_period", COUNT, width=12, help=N_("1, 2, 3, 4, 6 (tom) eller 12.")
        ),
        Column(
            N_("Møtetyper"),
            "meeting_kinds",
            ChoiceList(enum=MeetingKind, what=N_("møtetype")),
            width=36,
            help=N_("Møtetypene som teller, skilt med komma; tom: begge."),
        ),
        Column(
            N_("Varsel (dager)"), "notice_days", COUNT, width=10, help=N_("Dager varsel et møte krever; tom gir 7.")
        ),
        Column(N_("Beskrivelse"), "description", width=60, help=N_("Hvor regelen kommer fra.")),
    ),
    QuotaRuleIn,
    (QuotaRule,),
)

CLOSED_DAYS = Sheet(
    N_("Fridager"),
    N_("Dager programmet ikke arbeider ut over helger og helligdager (f.eks. julaften, juli)."),
    ("key",),
    (
        Column(N_("Nøkkel"), "key", required=True, width=22, rule=KEY_RULE, help=N_("Fast nøkkel, f.eks. julaften.")),
        Column(N_("Tittel"), "title", required=True, width=30, help=N_("Navnet på fridagen.")),
        Column(
            N_("Regel (RRULE)"),
            "rrule",
            required=True,
            width=44,
            help=N_("Når dagene faller, f.eks. FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24 eller FREQ=DAILY;BYMONTH=7."),
        ),
    ),
    ClosedDayIn,
    (ClosedDay,),
)


def _sections_in_words() -> str:
    """Which sections each document has, as the help of the column Del says it."""
    return "; ".join(
        f"{kind.label}: {', '.join(section.label for section in sections)}" for kind, sections in SECTIONS.items()
    )


TEXTS = Sheet(
    N_("Tekster"),
    N_(
        "Programleders egne ord i dokumentene: én rad per del av et dokument. Utkastene trykker teksten; en del uten "
        "tekst står som ikke skrevet (i utkastet og på sjekklisten før fristen)."
    ),
    ("kind", "year", "meeting_date", "section"),
    (
        Column(
            N_("Dokument"),
            "kind",
            choice(DocumentKind, N_("dokument"), tuple(SECTIONS)),
            required=True,
            width=26,
            help=N_("Dokumentet teksten hører til. En rapport til styret trykkes også i styrepapirene til møtet."),
        ),
        Column(
            N_("År"),
            "year",
            YEAR,
            required=True,
            width=8,
            help=N_("Året dokumentet gjelder, i programmets statusperiode (for en rapport til styret: møtets år)."),
        ),
        Column(
            N_("Møte"),
            "meeting_date",
            DAY,
            width=12,
            help=N_(
                "For en rapport til styret: datoen til styremøtet den er til (et møte på arket Styremøter som ikke "
                "er avlyst). Tom for de andre dokumentene."
            ),
        ),
        Column(
            N_("Del"),
            "section",
            choice(TextSection, N_("del")),
            required=True,
            width=30,
            help=N_("Delen av dokumentet. Hvert dokument har sine: %(sections)s."),
            facts=lambda: {"sections": _sections_in_words()},
        ),
        Column(
            N_("Tekst"),
            "body",
            PROSE,
            width=90,
            help=N_(
                "Teksten, slik dokumentet skal trykke den; høyst %(limit)s tegn. Tom: delen står som ikke skrevet "
                "(en tekst som fantes, fjernes)."
            ),
            facts=lambda: {"limit": number(BODY_LIMIT)},
        ),
        Column(
            N_("Skrevet av"),
            "written_by",
            width=26,
            derived=True,
            private=True,
            help=N_(
                "Hvem som skrev teksten sist (bare med --with-contacts): den som importerte den, eller skrev den i "
                "nettappen. Skrives av eksporten og leses ikke inn igjen."
            ),
        ),
        Column(
            N_("Sist endret"),
            "written_at",
            DAY,
            width=12,
            derived=True,
            help=N_("Dagen teksten sist ble endret. Skrives av eksporten og leses ikke inn igjen."),
        ),
    ),
    LeaderTextIn,
    (LeaderText,),
    blank_key=("meeting_date",),
)

# In the order they are written and read: what a row refers to comes before it.
SHEETS: tuple[Sheet, ...] = (
    PROGRAMME,
    PEOPLE,
    FOCUS_AREAS,
    STRATEGIES,
    GOALS,
    BUDGET,
    PROJECTS,
    FUNDING,
    PAYMENTS,
    RESULTS,
    AWARDS,
    DECLARATIONS,
    LINKS,
    MEETINGS,
    CASES,
    TEXTS,
    DEVIATIONS,
    PSV_INDICATORS,
    PSV,
    PSV_SCORES,
    PSV_RECOMMENDATIONS,
    WHEEL,
    QUOTAS,
    CLOSED_DAYS,
)
BY_NAME = {sheet.name: sheet for sheet in SHEETS}
INSTRUCTIONS, LISTS = N_("Veiledning"), N_("Lister")  # the export's own sheets, never read back


def sheet_titled(title: str) -> Sheet | None:
    """The sheet a workbook's sheet (or a CSV file) is named for, in either written standard, in any case."""
    wanted = title.strip().casefold()
    return next((sheet for sheet in SHEETS if wanted in {t.casefold() for t in sheet.titles}), None)


def is_the_exports_own(title: str) -> bool:
    """The instructions or the drop-downs' lists, in either written standard: written for people, never read."""
    return title.strip() in (*in_every_standard(INSTRUCTIONS), *in_every_standard(LISTS))
