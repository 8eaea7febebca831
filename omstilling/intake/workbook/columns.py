"""The workbook's sheets and columns, written once: export, import, the instructions sheet and CSV all read
them. Headers are Norwegian (programme leaders read them); `field` is the input model's field name."""

from __future__ import annotations

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
    ResultSource,
    Role,
    TextSection,
    WheelPhase,
)
from omstilling.core.formatting import number
from omstilling.core.texts import BODY_LIMIT, SECTIONS
from omstilling.intake.schemas import (
    AssessmentIn,
    BudgetLineIn,
    CaseIn,
    ClosedDayIn,
    DeviationIn,
    FocusAreaIn,
    FundingIn,
    GoalIn,
    LeaderTextIn,
    MeetingIn,
    PaymentIn,
    ProgrammeIn,
    ProjectIn,
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
    ID,
    KRONER,
    PROSE,
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
    TextList,
    YesNo,
)
from omstilling.store.models import (
    BoardCase,
    BoardMeeting,
    BudgetLine,
    ClosedDay,
    Contact,
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
    QuotaRule,
    Recommendation,
    RoleAssignment,
    StatusAssessment,
    Strategy,
    WheelEvent,
)

DAY, CLOCK, YES_NO, TAGS = Day(), Clock(), YesNo(), TextList()
FOCUS_AREA_HELP = "Innsatsområdets nummer (se arket Innsatsområder)."
KEY_RULE = "bruk små bokstaver, sifre og bindestrek, f.eks. styreseminar"


@dataclass(frozen=True)
class Column:
    """One column: its header, the field it fills, how its cells are read, and a line for the instructions."""

    header: str
    field: str
    kind: Kind = TEXT
    required: bool = False
    help: str = ""
    width: int = 16
    private: bool = False  # contact data: exported only on request, never printed in summaries
    derived: bool = False  # written by the export for people to read (a rule in words); the import ignores it
    rule: str = ""  # what a text must look like, when a pattern checks it


@dataclass(frozen=True)
class Sheet:
    """One kind of record: rows are matched with the database by `key` (field names)."""

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
    def key_headers(self) -> str:
        return " + ".join(self.column(f).header for f in self.key)

    def visible(self, with_contacts: bool) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if with_contacts or not c.private)


def choice(enum, what: str, only: tuple = ()) -> Choice:
    return Choice(enum=enum, what=what, only=only, expected=f"en av: {', '.join(m.label for m in only or enum)}")


PROGRAMME = Sheet(
    "Program",
    "Programmet selv: én rad. En ny arbeidsbok med et nytt kortnavn oppretter et nytt program.",
    ("slug",),
    (
        Column(
            "Kortnavn",
            "slug",
            required=True,
            width=18,
            rule="bruk små bokstaver, sifre og bindestrek, f.eks. vestre-toten",
            help="Programmets faste kortnavn (slug), f.eks. vestre-toten. Kan ikke endres.",
        ),
        Column("Navn", "name", required=True, width=40, help="Programmets fulle navn."),
        Column("Kommune", "municipality", required=True, width=24, help="Kommunen som eier programmet."),
        Column("Fylkeskommune", "county", required=True, width=26, help="Fylkeskommunen som gir omstillingsmidler."),
        Column("Fylkeskommune (kort)", "county_short", required=True, help="Forkortelse, f.eks. OFK."),
        Column("Status fra år", "status_start_year", YEAR, required=True, help="Første år med omstillingsstatus."),
        Column("Status til år", "status_end_year", YEAR, required=True, help="Siste år med omstillingsstatus."),
        Column("Tidssone", "timezone", help="Tidssone for frister og møter; tom gir Europe/Oslo."),
        Column(
            "Kalenderinvitasjon",
            "invitations",
            Choice(
                enum=InvitationTiming,
                what="tidspunkt for kalenderinvitasjon",
                by_value=True,
                expected="en av: planlagt, innkalling (eller tom)",
            ),
            width=18,
            help=(
                "Når styremøtene kommer i kalenderen: planlagt (fra 120 dager før, når møtet er planlagt) eller "
                "innkalling (på innkallingsdagen, sammen med innkallingen); tom gir installasjonens valg."
            ),
        ),
        Column(
            "Målform",
            "language",
            width=12,
            help=(
                "Skriftspråket programmets folk leser: bokmål eller nynorsk. Dokumenter, e-post, invitasjoner og "
                "programmets sider følger det; tom gir bokmål."
            ),
        ),
    ),
    ProgrammeIn,
    (Programme,),
)

PEOPLE = Sheet(
    "Personer",
    "Hvem som har hvilken rolle i programmet, og i hvilken periode. Navn og roller er offentlige.",
    ("name", "role", "term_start"),
    (
        Column("Navn", "name", required=True, width=28, help="Personens navn."),
        Column("Rolle", "role", choice(Role, "rolle"), required=True, width=30, help="Rollen i programmet."),
        Column("Organisasjon", "organisation", width=36, help="Hvem personen representerer."),
        Column("Fra dato", "term_start", DAY, required=True, width=12, help="Første dag i rollen."),
        Column("Til dato", "term_end", DAY, width=12, help="Siste dag i rollen; tom hvis perioden løper."),
        Column(
            "E-post",
            "email",
            private=True,
            width=30,
            rule="skriv en e-postadresse, f.eks. navn@kommune.no",
            help="Kontaktdata for påminnelser (bare med --with-contacts). Skrives aldri i dokumenter.",
        ),
        Column("Telefon", "phone", private=True, help="Kontaktdata for påminnelser (bare med --with-contacts)."),
    ),
    RoleIn,
    (Person, RoleAssignment, Contact),
)

FOCUS_AREAS = Sheet(
    "Innsatsområder",
    "Programmets innsatsområder, nummerert som i planen.",
    ("number",),
    (
        Column("Nummer", "number", YEAR, required=True, width=10, help="1, 2, 3 …"),
        Column("Navn", "name", required=True, width=36, help="Innsatsområdets navn."),
        Column("Beskrivelse", "description", width=60, help="Hva innsatsområdet omfatter."),
    ),
    FocusAreaIn,
    (FocusArea,),
)

STRATEGIES = Sheet(
    "Tiltak",
    "Strategier og tiltak i årets handlingsplan, med måltall for antall prosjekter.",
    ("year", "number"),
    (
        Column("År", "year", YEAR, required=True, width=8, help="Handlingsplanens år."),
        Column(
            "Nummer",
            "number",
            required=True,
            width=10,
            rule="skriv et nummer som 3.1.2",
            help="Tiltakets nummer i planen, f.eks. 3.1.2.",
        ),
        Column("Innsatsområde", "focus_area", YEAR, required=True, width=14, help=FOCUS_AREA_HELP),
        Column("Navn", "name", required=True, width=44, help="Tiltakets navn."),
        Column("Beskrivelse", "description", width=40, help="Utfyllende tekst."),
        Column(
            "Måltall (prosjekter)",
            "count_target",
            COUNT,
            width=12,
            help="Antall prosjekter tiltaket skal gi; tom for tiltak uten måltall.",
        ),
        Column("Mål (tekst)", "target_text", width=44, help="Målet slik planen formulerer det."),
        Column(
            "Merker",
            "tags",
            TAGS,
            width=28,
            help="Prosjekter med minst ett av disse merkene teller for tiltaket; tom: alle i innsatsområdet.",
        ),
        Column(
            "Unntatte merker", "exclude_tags", TAGS, width=28, help="Prosjekter med noen av disse merkene teller ikke."
        ),
    ),
    StrategyIn,
    (Strategy,),
)

GOALS = Sheet(
    "Mål",
    "Mål på program-, innsatsområde- eller tiltaksnivå, for en periode av hele år.",
    ("key",),
    (
        Column("Nøkkel", "key", required=True, width=30, help="Målets faste nøkkel, f.eks. io1-arbeidsplasser-2014."),
        Column("Innsatsområde", "focus_area", YEAR, width=14, help="Tom for mål på programnivå."),
        Column("Tiltak", "strategy", width=10, help="Tiltakets nummer, for mål på tiltaksnivå."),
        Column("Måler", "metric", choice(GoalMetric, "måler"), required=True, width=32, help="Hva målet måler."),
        Column(
            "Sammenligning",
            "comparator",
            choice(Comparator, "sammenligning"),
            required=True,
            width=16,
            help="minst, høyst, lik eller kvalitativt mål.",
        ),
        Column(
            "Målverdi",
            "target",
            COUNT,
            width=14,
            help="Tallet målet sammenlignes med (andel i prosent, giring i kroner).",
        ),
        Column("Utgangsverdi", "baseline", COUNT, width=14, help="Nivået ved periodens start, om kjent."),
        Column("Fra år", "period_start", YEAR, required=True, width=8, help="Første år målet gjelder."),
        Column("Til år", "period_end", YEAR, required=True, width=8, help="Siste år målet gjelder."),
        Column("Tekst", "text", required=True, width=60, help="Målet slik planen formulerer det."),
    ),
    GoalIn,
    (Goal,),
)

BUDGET = Sheet(
    "Budsjett",
    "Årets rammebudsjett og regnskap: inntekter etter kilde, ressursbruk etter formål.",
    ("year", "label"),
    (
        Column("År", "year", YEAR, required=True, width=8, help="Budsjettåret."),
        Column(
            "Kategori",
            "category",
            choice(BudgetCategory, "kategori"),
            required=True,
            width=30,
            help="Inntektskilde eller formål; «prosjektmidler innsatsområde» krever innsatsområde.",
        ),
        Column("Innsatsområde", "focus_area", YEAR, width=14, help="Bare for prosjektmidler til et innsatsområde."),
        Column("Tekst", "label", required=True, width=44, help="Budsjettlinjens tekst (nøkkel innen året)."),
        Column("Beløp (kr)", "amount", KRONER, required=True, width=16, help="Budsjettert beløp, hele kroner."),
        Column(
            "Regnskap (kr)",
            "actual",
            KRONER,
            width=16,
            help="Regnskapet for linjen: brukt (ressursbruk, programadministrasjon medregnet) eller mottatt "
            "(inntekter), hele kroner. Tom til regnskapet er kjent.",
        ),
    ),
    BudgetLineIn,
    (BudgetLine,),
)

PROJECTS = Sheet(
    "Prosjekter",
    "Utviklingsprosjektene programmet har fått søknad om eller støtter.",
    ("number",),
    (
        Column("Prosjektnummer", "number", required=True, width=14, help="Prosjektets faste nummer, f.eks. 2014-05."),
        Column("Tittel", "title", required=True, width=40, help="Prosjektets tittel."),
        Column("Prosjekteier", "owner", required=True, width=28, help="Bedriften eller organisasjonen."),
        Column("Org.nr.", "org_number", width=12, help="Organisasjonsnummer, 9 siffer."),
        Column("Innsatsområde", "focus_area", YEAR, required=True, width=14, help=FOCUS_AREA_HELP),
        Column("Tiltak", "strategy", width=10, help="Tiltaket prosjektet hører til, f.eks. 3.1.2 (se arket Tiltak)."),
        Column(
            "Merker", "tags", TAGS, width=24, help="Stikkord skilt med komma; tiltakenes merker avgjør hva som teller."
        ),
        Column(
            "Fase",
            "phase",
            choice(Phase, "fase"),
            required=True,
            width=14,
            help="forstudie, forprosjekt eller hovedprosjekt.",
        ),
        Column(
            "Status", "status", choice(ProjectStatus, "status"), required=True, width=16, help="Prosjektets status."
        ),
        Column(
            "Tilsagn (kr)",
            "grant_amount",
            KRONER,
            width=14,
            help="Støtte fra programmet; lik programmets linje på arket Finansiering. Tom gir 0.",
        ),
        Column(
            "Vedtaksdato",
            "decision_date",
            DAY,
            width=12,
            help="Datoen styret innvilget; påkrevd for innvilgede prosjekter.",
        ),
        Column("Vedtakssak", "decision_case", width=11, help="Saksnummeret vedtaket ble gjort i, f.eks. 05/14."),
        Column("Startdato", "start_date", DAY, width=12, help="Prosjektstart."),
        Column("Sluttdato", "end_date", DAY, width=12, help="Prosjektslutt."),
        Column(
            "Kompetanseheving",
            "competence_building",
            YES_NO,
            width=10,
            help="Ja når kompetanseheving er et vesentlig element. Tom gir Nei.",
        ),
        Column(
            "Regionalt samarbeid",
            "regional_cooperation",
            YES_NO,
            width=10,
            help="Ja for prosjekter for regionalt samarbeid.",
        ),
        Column("Nettverksprosjekt", "network_project", YES_NO, width=10, help="Ja for nettverksprosjekter."),
    ),
    ProjectIn,
    (Project,),
)

FUNDING = Sheet(
    "Finansiering",
    "Prosjektenes finansieringsplan: ett beløp per kilde (giring regnes herfra).",
    ("project", "source"),
    (
        Column("Prosjektnummer", "project", required=True, width=14, help="Prosjektet (se arket Prosjekter)."),
        Column(
            "Kilde",
            "source",
            choice(FundingSource, "kilde"),
            required=True,
            width=28,
            help="Finansieringskilden; omstillingsprogrammets linje er lik tilsagnet.",
        ),
        Column("Beløp (kr)", "amount", KRONER, required=True, width=16, help="Hele kroner."),
    ),
    FundingIn,
)

REFERENCE_HELP = "Skiller to på samme dag, f.eks. bilagsnummer; tom når det bare er én."

PAYMENTS = Sheet(
    "Utbetalinger",
    "Utbetalt tilskudd, og penger betalt tilbake til programmet.",
    ("project", "date", "kind", "reference"),
    (
        Column("Prosjektnummer", "project", required=True, width=14, help="Prosjektet (se arket Prosjekter)."),
        Column("Dato", "date", DAY, required=True, width=12, help="Utbetalingsdato."),
        Column(
            "Type", "kind", choice(PaymentKind, "type"), width=20, help="utbetaling (tom) eller tilbakeførte midler."
        ),
        Column(
            "Beløp (kr)",
            "amount",
            KRONER,
            required=True,
            width=14,
            help="Hele kroner, over 0. Samlet utbetalt kan ikke overstige tilsagnet.",
        ),
        Column("Merknad", "note", width=40, help="Fritekst."),
        Column("Referanse", "reference", width=14, help=REFERENCE_HELP),
    ),
    PaymentIn,
    (Payment,),
)

RESULTS = Sheet(
    "Resultater",
    "Resultater prosjektene har rapportert: arbeidsplasser, bedrifter, omsetning.",
    ("project", "date", "source", "reference"),
    (
        Column("Prosjektnummer", "project", required=True, width=14, help="Prosjektet (se arket Prosjekter)."),
        Column("Dato", "date", DAY, required=True, width=12, help="Datoen resultatet ble rapportert."),
        Column(
            "Kilde",
            "source",
            choice(ResultSource, "kilde"),
            required=True,
            width=16,
            help="egenrapportert, sluttrapport eller evaluator.",
        ),
        Column("Nye arbeidsplasser", "new_jobs", COUNT, width=12, help="Nye arbeidsplasser; tom gir 0."),
        Column("Sikrede arbeidsplasser", "secured_jobs", COUNT, width=12, help="Sikrede arbeidsplasser; tom gir 0."),
        Column("Nye bedrifter", "new_companies", COUNT, width=10, help="Nye bedrifter; tom gir 0."),
        Column("Meromsetning (kr)", "extra_revenue", KRONER, width=16, help="Økt omsetning i bedriften, hele kroner."),
        Column("Merknad", "note", width=40, help="Fritekst."),
        Column("Referanse", "reference", width=14, help=REFERENCE_HELP),
    ),
    ResultIn,
    (ProjectResult,),
)

MEETINGS = Sheet(
    "Styremøter",
    "Styremøter og styreseminar. Møte-ID kjenner igjen et møte som er flyttet.",
    ("id",),
    (
        Column(
            "Møte-ID",
            "id",
            ID,
            width=9,
            help="Fylles ut av eksporten; ikke endre den. Tom for nye møter (de kjennes igjen på dato og type).",
        ),
        Column("Dato", "date", DAY, required=True, width=12, help="Møtedato. Endre den for å flytte møtet."),
        Column(
            "Type",
            "kind",
            choice(MeetingKind, "møtetype"),
            width=22,
            help="ordinært styremøte (tom) eller styreseminar.",
        ),
        Column(
            "Status", "status", choice(MeetingStatus, "status"), width=12, help="planlagt (tom), holdt eller avlyst."
        ),
        Column("Klokkeslett", "start_time", CLOCK, width=11, help="Når møtet begynner, tt:mm."),
        Column("Sted", "location", width=30, help="Møtested."),
    ),
    MeetingIn,
    (BoardMeeting,),
)

CASES = Sheet(
    "Saker",
    "Sakene på styremøtene, nummerert løpenummer/år (f.eks. 05/14).",
    ("number",),
    (
        Column(
            "Saksnummer",
            "number",
            required=True,
            width=11,
            rule="skriv løpenummer/år, f.eks. 05/14",
            help="Sakens nummer, f.eks. 05/14; unikt i programmet.",
        ),
        Column(
            "Møtedato",
            "meeting_date",
            DAY,
            required=True,
            width=12,
            help="Datoen til møtet saken står på. Flyttes møtet på arket Styremøter, følger sakene med.",
        ),
        Column("Tittel", "title", required=True, width=50, help="Sakens tittel."),
        Column(
            "Type",
            "kind",
            choice(CaseKind, "sakstype"),
            width=16,
            help="vedtakssak (tom): styret fatter vedtak; eller orienteringssak: styret blir orientert og tar saken "
            "til orientering.",
        ),
        Column(
            "Bakgrunn",
            "background",
            PROSE,
            width=60,
            help="Sakens bakgrunn (saksframstillingen), slik styrepapirene trykker den foran forslaget til vedtak: "
            "hva saken gjelder og administrasjonens vurdering.",
        ),
        Column(
            "Forslag til vedtak",
            "proposal",
            width=50,
            help="Forslaget til vedtak, slik innkallingen og protokollutkastet skriver det.",
        ),
        Column("Vedtak", "decision", width=50, help="Vedtaket, når det er fattet."),
        Column("Prosjektnummer", "project", width=14, help="Prosjektet saken gjelder, om noe."),
        Column(
            "Oppfølging",
            "follow_up",
            width=40,
            help="Hva vedtaket krever fulgt opp, om noe; blir en frist med påminnelser (årshjulets «vedtak»).",
        ),
        Column(
            "Ansvarlig for oppfølging",
            "follow_up_role",
            choice(Role, "rolle"),
            width=24,
            help="Rollen som skal følge opp vedtaket, f.eks. programleder.",
        ),
        Column(
            "Frist for oppfølging",
            "follow_up_due",
            DAY,
            width=12,
            help="Når vedtaket skal være fulgt opp; ikke før møtet.",
        ),
    ),
    CaseIn,
    (BoardCase,),
)

DEVIATIONS = Sheet(
    "Avvik",
    "Avvik fra mål og budsjett: årsak, korrigerende tiltak og status (til styret).",
    ("subject", "period"),
    (
        Column(
            "Gjelder",
            "subject",
            required=True,
            width=30,
            help="Målets nøkkel (arket Mål) eller budsjettlinjens tekst avviket gjelder.",
        ),
        Column(
            "Periode", "period", required=True, width=10, help="Perioden avviket gjelder, f.eks. 2014 eller 2014-H1."
        ),
        Column("Årsak", "cause", width=50, help="Hvorfor målet eller planen ikke nås."),
        Column("Korrigerende tiltak", "action", width=50, help="Hva som gjøres med det."),
        Column("Status", "status", choice(DeviationStatus, "status"), width=10, help="åpen (tom) eller lukket."),
    ),
    DeviationIn,
    (Deviation,),
)

PSV = Sheet(
    "PSV",
    "Programstatusvurderingene (PSV): én rad per år. Scorene og anbefalingene står på egne ark.",
    ("year",),
    (
        Column("År", "year", YEAR, required=True, width=8, help="Året vurderingen gjelder."),
        Column("Møtedato", "meeting_date", DAY, width=12, help="Dagen PSV-møtet ble holdt."),
        Column("Prosessveileder", "facilitator", width=28, help="Den eksterne prosessveilederen."),
        Column("Sammendrag", "summary", width=70, help="Vurderingens hovedkonklusjon."),
    ),
    AssessmentIn,
    (StatusAssessment,),
)

PSV_SCORES = Sheet(
    "PSV-score",
    "Scoren på hver indikator i årets PSV: 4 + 4 indikatorer (nyere skjema) eller 6 + 6 "
    "(eldre), hver 1–5 med begrunnelse.",
    ("year", "indicator"),
    (
        Column(
            "År",
            "year",
            YEAR,
            required=True,
            width=8,
            help="Året vurderingen gjelder; et år uten rad på arket PSV får en vurdering uten sammendrag.",
        ),
        Column(
            "Indikator",
            "indicator",
            required=True,
            width=34,
            help="Indikatorens navn, likt fra år til år, så scorene kan stå ved siden av hverandre.",
        ),
        Column(
            "Type",
            "kind",
            choice(IndicatorKind, "type"),
            required=True,
            width=18,
            help="prosessindikator eller effektindikator.",
        ),
        Column("Score", "score", SCORE, required=True, width=8, help="Hele tall fra 1 (svakt) til 5 (svært godt)."),
        Column("Begrunnelse", "justification", width=60, help="Hvorfor gruppen ble enig om scoren."),
    ),
    ScoreRowIn,
    (IndicatorScore,),
)

PSV_RECOMMENDATIONS = Sheet(
    "PSV-anbefalinger",
    "Anbefalingene fra årets PSV, og hvordan de er fulgt opp.",
    ("year", "number"),
    (
        Column("År", "year", YEAR, required=True, width=8, help="Året vurderingen gjelder."),
        Column("Nr.", "number", COUNT, required=True, width=6, help="Anbefalingens nummer, 1, 2, 3 …"),
        Column("Anbefaling", "text", required=True, width=60, help="Anbefalingen slik rapporten formulerer den."),
        Column("Oppfølging", "follow_up", width=60, help="Hvordan den er fulgt opp."),
        Column(
            "Status", "status", choice(FollowUpStatus, "status"), width=12, help="åpen (tom), pågår eller fulgt opp."
        ),
    ),
    RecommendationRowIn,
    (Recommendation,),
)

WHEEL = Sheet(
    "Årshjul",
    "Årshjulet: faste frister og møter, hvem som har ansvaret og når påminnelser går.",
    ("key",),
    (
        Column(
            "Nøkkel",
            "key",
            required=True,
            width=22,
            rule=KEY_RULE,
            help="Hendelsens faste nøkkel, f.eks. halvarsrapport.",
        ),
        Column("Tittel", "title", required=True, width=40, help="Hva som skal skje."),
        Column(
            "Type",
            "kind",
            choice(EventKind, "type"),
            required=True,
            width=10,
            help="frist, møte, kvote, styremøte (påminnelser før hvert styremøte i møteplanen) eller oppfølging av vedtak (påminnelser før hver oppfølgingsfrist på arket Saker; «ansvarlig» i påminnelsene er rollen vedtaket nevner).",
        ),
        Column(
            "Regel (RRULE)",
            "rrule",
            width=44,
            help="Når hendelsen faller hvert år, som RFC 5545-regel, f.eks. FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20. "
            "Tom for typen styremøte: datoene er styremøtene på arket Styremøter.",
        ),
        Column(
            "Ansvarlige roller",
            "responsible_roles",
            RoleList(),
            required=True,
            width=30,
            help="Roller skilt med komma, f.eks. «programleder, styreleder»; «styret» er hele styret.",
        ),
        Column(
            "Dokument", "document", choice(DocumentKind, "dokument"), width=28, help="Dokumentet hendelsen gir, om noe."
        ),
        Column(
            "Avhenger av",
            "depends_on",
            TAGS,
            width=28,
            help="Nøkler til hendelser som må være ferdige først, skilt med komma.",
        ),
        Column(
            "Påminnelser",
            "ladder",
            Ladder(),
            width=60,
            help="Trinn skilt med semikolon, hvert «dager: roller»; negative dager er før fristen, "
            "f.eks. «-28: programleder; -14: programleder; 0: programleder, styreleder».",
        ),
        Column("Klokkeslett", "start_time", CLOCK, width=11, help="For møter: når det begynner, tt:mm."),
        Column("Varighet (min)", "duration_minutes", COUNT, width=10, help="For møter: varighet i minutter."),
        Column("Beskrivelse", "description", width=60, help="Hvorfor dagen er valgt, og hva som skal med."),
        Column(
            "Gjelder år",
            "phase",
            choice(WheelPhase, "år i statusperioden"),
            width=26,
            help="Hvilke år i statusperioden hendelsen gjelder: hvert år (tom), hvert år unntatt det siste "
            "(det som planlegger og søker for neste år), eller avslutningen (bare siste år). "
            "Etter statusperioden (arket Program, «Status til år») planlegges ingenting annet.",
        ),
        Column(
            "Regel i ord",
            "rule_text",
            width=34,
            derived=True,
            help="Regelen i ord, f.eks. «siste arbeidsdag i januar»; skrives av eksporten fra regelen og leses "
            "ikke inn igjen (endre regelen i kolonnen Regel (RRULE)).",
        ),
    ),
    WheelEventIn,
    (WheelEvent,),
)

QUOTAS = Sheet(
    "Kvoter",
    "Krav om et minste antall styremøter i hver periode, f.eks. 3 hvert halvår.",
    ("key",),
    (
        Column("Nøkkel", "key", required=True, width=22, rule=KEY_RULE, help="Regelens faste nøkkel."),
        Column("Tittel", "title", required=True, width=36, help="Regelen i klartekst."),
        Column("Minimum", "minimum", COUNT, required=True, width=10, help="Minste antall møter per periode."),
        Column("Måneder per periode", "months_per_period", COUNT, width=12, help="1, 2, 3, 4, 6 (tom) eller 12."),
        Column(
            "Møtetyper",
            "meeting_kinds",
            ChoiceList(enum=MeetingKind, what="møtetype"),
            width=36,
            help="Møtetypene som teller, skilt med komma; tom: begge.",
        ),
        Column("Varsel (dager)", "notice_days", COUNT, width=10, help="Dager varsel et møte krever; tom gir 7."),
        Column("Beskrivelse", "description", width=60, help="Hvor regelen kommer fra."),
    ),
    QuotaRuleIn,
    (QuotaRule,),
)

CLOSED_DAYS = Sheet(
    "Fridager",
    "Dager programmet ikke arbeider ut over helger og helligdager (f.eks. julaften, juli).",
    ("key",),
    (
        Column("Nøkkel", "key", required=True, width=22, rule=KEY_RULE, help="Fast nøkkel, f.eks. julaften."),
        Column("Tittel", "title", required=True, width=30, help="Navnet på fridagen."),
        Column(
            "Regel (RRULE)",
            "rrule",
            required=True,
            width=44,
            help="Når dagene faller, f.eks. FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24 eller FREQ=DAILY;BYMONTH=7.",
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
    "Tekster",
    "Programleders egne ord i dokumentene: én rad per del av et dokument. Utkastene trykker teksten; en del uten "
    "tekst står som ikke skrevet (i utkastet og på sjekklisten før fristen).",
    ("kind", "year", "meeting_date", "section"),
    (
        Column(
            "Dokument",
            "kind",
            choice(DocumentKind, "dokument", tuple(SECTIONS)),
            required=True,
            width=26,
            help="Dokumentet teksten hører til. En rapport til styret trykkes også i styrepapirene til møtet.",
        ),
        Column(
            "År",
            "year",
            YEAR,
            required=True,
            width=8,
            help="Året dokumentet gjelder, i programmets statusperiode (for en rapport til styret: møtets år).",
        ),
        Column(
            "Møte",
            "meeting_date",
            DAY,
            width=12,
            help="For en rapport til styret: datoen til styremøtet den er til (et møte på arket Styremøter som ikke "
            "er avlyst). Tom for de andre dokumentene.",
        ),
        Column(
            "Del",
            "section",
            choice(TextSection, "del"),
            required=True,
            width=30,
            help=f"Delen av dokumentet. Hvert dokument har sine: {_sections_in_words()}.",
        ),
        Column(
            "Tekst",
            "body",
            PROSE,
            width=90,
            help=f"Teksten, slik dokumentet skal trykke den; høyst {number(BODY_LIMIT)} tegn. Tom: delen står som "
            "ikke skrevet (en tekst som fantes, fjernes).",
        ),
        Column(
            "Skrevet av",
            "written_by",
            width=26,
            derived=True,
            private=True,
            help="Hvem som skrev teksten sist (bare med --with-contacts): den som importerte den, eller skrev den i "
            "nettappen. Skrives av eksporten og leses ikke inn igjen.",
        ),
        Column(
            "Sist endret",
            "written_at",
            DAY,
            width=12,
            derived=True,
            help="Dagen teksten sist ble endret. Skrives av eksporten og leses ikke inn igjen.",
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
    MEETINGS,
    CASES,
    TEXTS,
    DEVIATIONS,
    PSV,
    PSV_SCORES,
    PSV_RECOMMENDATIONS,
    WHEEL,
    QUOTAS,
    CLOSED_DAYS,
)
BY_NAME = {sheet.name: sheet for sheet in SHEETS}
INSTRUCTIONS, LISTS = "Veiledning", "Lister"
