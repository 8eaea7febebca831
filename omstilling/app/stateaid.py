"""State aid (de minimis), the use cases: the one middle that the command line, the web app, the Prefect flows and the
documents call. Every refusal is one Norwegian sentence and writes nothing; every change is in the audit trail.

For the documents (the grant letter's paragraph, the declaration form, the register export, the county page):
- `award_of(engine, slug, project)`: one project's award with every fact the register asks for, its reporting
  deadline and whether it must be reported (`AwardView`); `programme_awards` lists a programme's.
- `company_aid(engine, org_number, as_of=...)`: the single undertaking's aid in the three years that end on a day,
  awards of every programme and declared rows, the sum in euro and what is left under the ceiling (`CompanyAid`);
  `company_aid(..., as_of=award.granted_on)` is «the sum so far» of a grant letter.
- `companies_near_ceiling(engine, as_of=..., programmes=...)`: the companies whose sum has reached the warning share.
- `reporting_rule()`, `ceiling()`: the settings as the rules read them.

The writes:
- `import_rates(engine, path)`: the ECB's reference-rate file into the installation's rates (the operator's).
- `record_award(engine, slug, project, by=...)`: an award on a project's grant, checked against the ceiling over
  the whole installation while holding the undertaking's lock (`AidRefused` when it would exceed it).
- `check_award(...)`: what `record_award` with the same arguments would record and what the ceiling says, nothing
  written (the web's check before saving); `award_choices`: the projects an award can be recorded on.
- `record_declaration`, `record_link`, `remove_link`: a company's declaration of aid from others, and
  organisation numbers that count as one undertaking, for a programme (its leader's)."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from omstilling import clock
from omstilling.core.enums import AuditAction
from omstilling.core.formatting import date_long, date_short, number
from omstilling.core.language import _, ngettext
from omstilling.core.stateaid import (
    REGULATIONS,
    Aid,
    AidBasis,
    AidInstrument,
    AidSource,
    CompanySize,
    Rate,
    Regulation,
    ReportingRule,
    Verdict,
    ecb_rates,
    eur_text,
    org_number_text,
    regulation_of,
)
from omstilling.errors import OmstillingError
from omstilling.intake import stateaid as recording
from omstilling.intake.schemas import checked_org_number
from omstilling.intake.stateaid import Ceiling, CeilingExceeded, LinkNotYours, RateConflict
from omstilling.store import audit, choose, db
from omstilling.store import stateaid as stored
from omstilling.store.load import reporting_rule  # (one reading of the settings: the snapshot's deadlines use it too)
from omstilling.store.models import AidAward, DeclaredAid, ExchangeRate, Programme, Project

__all__ = [
    "AidRefused",
    "AwardChecked",
    "AwardRecorded",
    "AwardView",
    "CompanyAid",
    "LinkNotYours",
    "RateConflict",
    "RatesImported",
    "award_choices",
    "award_of",
    "ceiling",
    "check_award",
    "companies_near_ceiling",
    "company_aid",
    "import_rates",
    "programme_awards",
    "record_award",
    "record_declaration",
    "record_link",
    "remove_link",
    "reporting_rule",
]

AidRefused = CeilingExceeded
"""A grant the ceiling refuses: `str(exc)` is `core.stateaid.check`'s sentence with the sum; `exc.verdict` the
figures. Nothing was written."""
RATE_FILE_LIMIT = 20 * 1024 * 1024
"""The largest rate file read (the ECB's whole history since 1999 is under 2 MB)."""


def ceiling() -> Ceiling:
    """The de minimis ceiling in euro and the warning share (OMSTILLING_DE_MINIMIS_CEILING_EUR, _WARNING)."""
    return Ceiling.from_settings()


# --- Exchange rates -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatesImported:
    """What reading a rate file did: the rates read (first and last day), how many were new and how many already
    stored as they are, the days whose rate differs from the stored one (kept, not overwritten), and each line that
    could not be read (nothing is written when there is one)."""

    path: Path
    read: int
    first: date | None
    last: date | None
    added: int
    unchanged: int
    conflicts: tuple[RateConflict, ...] = ()
    problems: tuple[str, ...] = ()
    replaced: bool = False
    """The conflicts were replaced by the file's rates (`import_rates(..., replace=True)`), not kept."""

    def lines(self) -> list[str]:
        """What the command line prints, one line each (bokmål: the operator's)."""
        name = self.path.name
        if self.first is None or self.last is None:
            said = [f"{name}: ingen kurser for NOK i fila."]
        else:
            rates = "kurs" if self.read == 1 else "kurser"
            said = [
                (
                    f"{name}: {number(self.read)} {rates} for NOK fra {date_short(self.first)} til "
                    f"{date_short(self.last)} (nye: {number(self.added)}, fantes fra før: {number(self.unchanged)})."
                )
            ]
        if self.replaced:
            said += [
                f"{date_short(c.day)}: fila sier {rate_text(c.read)}, lagret var {rate_text(c.stored)} "
                f"({c.stored_source}); kursen i fila erstatter den (tildelinger som alt er registrert, beholder "
                "kursen de ble regnet om med)."
                for c in self.conflicts
            ]
        else:
            said += [
                f"{date_short(c.day)}: fila sier {rate_text(c.read)}, lagret er {rate_text(c.stored)} "
                f"({c.stored_source}); den lagrede kursen beholdes."
                for c in self.conflicts
            ]
        return said


class RateFileRefused(OmstillingError):
    """A rate file with lines that cannot be read: each problem by line, nothing written."""

    def __init__(self, path: Path, problems: list[str]):
        self.path, self.problems = path, problems
        listed = "; ".join(problems[:20]) + (f" … og {len(problems) - 20} til" if len(problems) > 20 else "")
        super().__init__(f"{path.name}: {len(problems)} feil, ingen kurser ble lest inn: {listed}")


def rate_text(rate: Decimal) -> str:
    """`8,2800`: NOK per euro with four decimals, as the ECB's rates have at most."""
    return number(float(rate), 4)


def _rate_file_text(path: Path) -> str:
    if path.is_dir():
        raise OmstillingError(f"{path} er en mappe, ikke en kursfil")
    if path.stat().st_size > RATE_FILE_LIMIT:
        raise OmstillingError(f"{path} er for stor til å være ECBs kursfil")
    data = path.read_bytes()
    if zipfile.is_zipfile(io.BytesIO(data)):  # eurofxref-hist.zip, as the ECB offers it
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                inside = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
                if len(inside) != 1 or inside[0].file_size > RATE_FILE_LIMIT:
                    raise OmstillingError(f"{path.name}: zip-fila skal inneholde én CSV-fil (eurofxref-hist.csv)")
                data = archive.read(inside[0])
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            raise OmstillingError(
                f"{path.name}: zip-fila er skadet og kan ikke leses; last ned eurofxref-hist.zip på nytt"
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OmstillingError(
            f"{path.name} er ikke en tekstfil (ECBs kursfil er eurofxref-hist.csv eller eurofxref.csv)"
        ) from None


def import_rates(engine: Engine, path: Path | str, *, replace: bool = False) -> RatesImported:
    """Read the European Central Bank's reference-rate file (`eurofxref-hist.csv`, `eurofxref.csv`, or the zip file
    they come in; no network) into the installation's rates for NOK. Installation-wide data: the operator's (the
    command line `omstilling data kurser FIL`). A file with a line that cannot be read writes nothing
    (`RateFileRefused`, each problem by line); reading the same file again changes nothing; a rate that differs
    from the one stored for the same day is reported and the stored one kept, or, with `replace`, replaced (a wrong
    rate read before is corrected so; awards already recorded keep the rate they were converted at). A day that is
    no publishing day (a weekend, a day to come) or a rate outside `core.stateaid.RATE_RANGE` is a problem. Recorded
    in the audit trail."""
    path = Path(str(path).strip()).expanduser()
    with audit.audited(engine, AuditAction.RATES_IMPORTED, target=path.name) as noted:
        text = _rate_file_text(path)
        rates, problems = ecb_rates(text, today=clock.today())
        seen: dict[date, Decimal] = {}
        for rate in rates:
            if rate.day in seen and seen[rate.day] != rate.nok_per_eur:
                problems.append(f"{rate.day.isoformat()} står to ganger med ulik kurs")
            seen[rate.day] = rate.nok_per_eur
        if problems:
            noted.detail["problemer"] = len(problems)
            raise RateFileRefused(path, problems)
        with db.session_scope(engine) as session:
            db.begin_writing(session)
            added, unchanged, conflicts = recording.put_rates(
                session, (Rate(d, v, "ECB") for d, v in seen.items()), replace=replace
            )
        days = sorted(seen)
        result = RatesImported(
            path,
            len(days),
            days[0] if days else None,
            days[-1] if days else None,
            added,
            unchanged,
            tuple(conflicts),
            replaced=replace,
        )
        noted.detail |= {
            "lest": result.read,
            "nye": added,
            "uendret": unchanged,
            "avvik": len(conflicts),
            "erstattet": replace,
        }
    return result


# --- Awards ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardView:
    """One award of de minimis aid as the documents and the register need it: the grantor (the programme), the
    project and the recipient, the grant date, the amounts in NOK and euro at which rate (its day and source), the
    legal basis, instrument, purpose, size, industry and region; when it was recorded and reported, and when it
    must be reported by (None: under the register's threshold)."""

    programme: str
    programme_name: str
    municipality: str
    project: str
    project_title: str
    owner: str
    org_number: str
    granted_on: date
    basis: AidBasis
    amount_nok: int
    gross_nok: int
    nok_per_eur: Decimal
    rate_day: date
    rate_source: str
    amount_eur: Decimal
    instrument: AidInstrument
    purpose: str
    recipient_size: CompanySize | None
    industry: str | None
    region: str | None
    recorded_by: str
    reported_on: date | None
    report_by: date | None
    decision_case: str | None = None

    @property
    def must_report(self) -> bool:
        return self.report_by is not None

    @property
    def org_number_text(self) -> str:
        return org_number_text(self.org_number)

    @property
    def regulation_name(self) -> str:
        """«forordning (EU) nr. 1407/2013»: the de minimis regulation the award was granted under (its basis)."""
        return regulation_of(self.basis).name


def _view(award: AidAward, project: Project, programme: Programme, rule: ReportingRule) -> AwardView:
    eur = Decimal(award.amount_eur)
    return AwardView(
        programme.slug,
        programme.name,
        programme.municipality,
        project.number,
        project.title,
        project.owner,
        award.org_number,
        award.granted_on,
        award.basis,
        award.amount_nok,
        award.gross_nok,
        Decimal(award.nok_per_eur),
        award.rate_day,
        award.rate_source,
        eur,
        award.instrument,
        award.purpose,
        award.recipient_size,
        award.industry,
        award.region,
        award.recorded_by,
        award.reported_on,
        rule.deadline(award.granted_on) if rule.applies(eur) else None,
        project.decision_case,
    )


def _awards(session: Session, programme: Programme, rule: ReportingRule, **where: Any) -> list[AwardView]:
    query = (
        select(AidAward, Project)
        .join(Project, col(Project.id) == col(AidAward.project_id))
        .where(Project.programme_id == programme.id)
    )
    if where.get("project") is not None:
        query = query.where(Project.number == where["project"])
    if where.get("year") is not None:
        year = where["year"]
        query = query.where(
            col(AidAward.granted_on) >= date(year, 1, 1), col(AidAward.granted_on) <= date(year, 12, 31)
        )
    rows = session.exec(query.order_by(col(AidAward.granted_on), col(Project.number))).all()
    return [_view(award, project, programme, rule) for award, project in rows]


def programme_awards(engine: Engine, slug: str | None, *, year: int | None = None) -> list[AwardView]:
    """A programme's awards (of a year, when given), by grant date: the register export's rows."""
    rule = reporting_rule()
    with db.session_scope(engine) as session:
        return _awards(session, choose.programme(session, slug), rule, year=year)


def award_of(engine: Engine, slug: str | None, project: str, granted: date | None = None) -> AwardView | None:
    """The award on a programme's project granted on `granted` (without a date: the latest, when it has several),
    or None when none is recorded. A project the programme does not have is `NotFound` (another programme's is never
    reached), as is a date the project has no award on."""
    rule = reporting_rule()
    with db.session_scope(engine) as session:
        programme = choose.programme(session, slug)
        row = choose.project(session, programme, project)
        awards = stored.project_awards(session, row.id)
        if not awards:
            return None
        chosen = stored.one_award(awards, row.number, granted, latest=True)
        return _view(chosen, row, programme, rule)


@dataclass(frozen=True)
class AwardRecorded:
    """An award recorded: what it is, the ceiling's verdict (the sum before and after, a warning when it is near),
    and the sentences every way in says about it."""

    award: AwardView
    verdict: Verdict

    @property
    def warning(self) -> str | None:
        """`core.stateaid.check`'s warning, when the sum has reached the warning share of the ceiling."""
        return self.verdict.message if self.verdict.warned else None

    @property
    def sentence(self) -> str:
        a = self.award
        said = (
            _(
                "Støtten til prosjekt %(project)s (%(owner)s, org.nr. %(org)s) er registrert: %(nok)s kroner tildelt "
                "%(day)s, %(eur)s etter kursen %(rate)s fra %(rate_day)s (%(source)s). Foretaket har med dette fått "
                "%(sum)s i bagatellmessig støtte i regnskapsåret %(year)s og de to foregående; taket er %(ceiling)s "
                "etter %(regulation)s."
            )
            if self.verdict.regulation.fiscal_years
            else _(
                "Støtten til prosjekt %(project)s (%(owner)s, org.nr. %(org)s) er registrert: %(nok)s kroner tildelt "
                "%(day)s, %(eur)s etter kursen %(rate)s fra %(rate_day)s (%(source)s). Foretaket har med dette fått "
                "%(sum)s i bagatellmessig støtte de siste tre årene; taket er %(ceiling)s."
            )
        )
        return said % {
            "project": a.project,
            "owner": a.owner,
            "org": a.org_number_text,
            "nok": number(a.gross_nok),
            "day": date_long(a.granted_on),
            "eur": eur_text(a.amount_eur),
            "rate": rate_text(a.nok_per_eur),
            "rate_day": date_long(a.rate_day),
            "source": a.rate_source,
            "sum": eur_text(self.verdict.after),
            "ceiling": eur_text(self.verdict.ceiling),
            "year": a.granted_on.year,
            "regulation": self.verdict.regulation.name,
        }


def record_award(
    engine: Engine,
    slug: str | None,
    project: str,
    *,
    by: str,
    org_number: str | None = None,
    granted_on: date | None = None,
    amount_nok: int | None = None,
    gross_nok: int | None = None,
    instrument: AidInstrument | str = AidInstrument.GRANT,
    purpose: str = "",
    recipient_size: CompanySize | str | None = None,
    industry: str | None = None,
    region: str | None = None,
    rate: Decimal | str | None = None,
    rate_day: date | None = None,
    rate_source: str | None = None,
) -> AwardRecorded:
    """Record the de minimis award on a programme's project's grant. Left out, the organisation number is the
    project's, the grant date (the day the company got the legal right to the aid) the project's decision date,
    the amount its grant, the gross grant equivalent the amount. The rate is the one entered here (its source
    «oppgitt av <by>»), or the installation's of the grant date or the last one within a week before it (else
    refused, with what to do); an entered rate may name its day (at most a week before the grant date) and its
    source (`rate_day`, `rate_source`). The ceiling is checked over every award of every programme and every
    declared aid to the single undertaking, under its lock, so two workers granting to one company at once take turns: a grant
    over the ceiling is refused (`AidRefused`, the sentence with the sum), nothing written; one near it is recorded
    and the warning is in the result. Recorded in the audit trail, done or refused."""
    by = by.strip()
    data = {
        "project": project,
        "org_number": org_number,
        "granted_on": granted_on,
        "amount_nok": amount_nok,
        "gross_nok": gross_nok,
        "instrument": instrument,
        "purpose": purpose or "",
        "recipient_size": recipient_size,
        "industry": industry,
        "region": region,
        "rate": rate,
    }
    with audit.audited(engine, AuditAction.AID_RECORDED, programme=slug, target=f"prosjekt {project}") as noted:
        if not by:
            raise OmstillingError(_("oppgi hvem som registrerer støtten; ingenting ble endret"))
        rule = reporting_rule()
        with db.session_scope(engine) as session:
            programme = choose.programme(session, slug)
            noted.programme = programme.slug
            try:
                award, verdict = recording.add_award(
                    session, programme, data, by=by, rate_day=rate_day, rate_source=rate_source
                )
            except CeilingExceeded as exc:
                noted.detail |= {"sum_eur": str(exc.verdict.after), "nektet": True}
                raise
            view = _view(award, choose.project(session, programme, project), programme, rule)
        noted.detail |= {
            "orgnr": view.org_number,
            "tildelt": view.granted_on.isoformat(),
            "euro": str(view.amount_eur),
            "sum_eur": str(verdict.after),
            "varsel": verdict.warned,
        }
    return AwardRecorded(view, verdict)


# --- The web's form: the projects to choose from, and the ceiling before saving -----------------------------


@dataclass(frozen=True)
class ProjectChoice:
    """A project an award can be recorded on (it has a grant): what the form shows and fills in by default, and the
    days it already has awards on (a second award needs another date)."""

    number: str
    title: str
    owner: str
    org_number: str | None
    decision_date: date | None
    grant_amount: int
    awarded_on: tuple[date, ...]

    @property
    def open(self) -> bool:
        """No award yet on its decision date (the grant date an award takes by default)."""
        return self.decision_date not in self.awarded_on


def award_choices(engine: Engine, slug: str | None) -> list[ProjectChoice]:
    """A programme's projects with a grant, by number, each with the days it has awards on: the choice of project in
    the web's form «Registrer støtte» (another programme's projects are never among them)."""
    with db.session_scope(engine) as session:
        programme = choose.programme(session, slug)
        projects = session.exec(
            select(Project)
            .where(Project.programme_id == programme.id, col(Project.grant_amount) > 0)
            .order_by(col(Project.number))
        ).all()
        awarded: dict[int, list[date]] = {}
        for project_id, day in session.exec(
            select(col(AidAward.project_id), col(AidAward.granted_on)).where(
                col(AidAward.project_id).in_([p.id for p in projects])
            )
        ).all():
            awarded.setdefault(project_id, []).append(day)
        return [
            ProjectChoice(
                p.number,
                p.title,
                p.owner,
                p.org_number,
                p.decision_date,
                p.grant_amount,
                tuple(sorted(awarded.get(p.id or 0, []))),
            )
            for p in projects
        ]


@dataclass(frozen=True)
class AwardChecked:
    """What the ceiling says of an award before it is saved: the award as it would be recorded and the verdict (the
    sum in the three years before the grant date, with and without it). Nothing was written."""

    award: AwardView
    verdict: Verdict

    @property
    def sentence(self) -> str:
        a, v = self.award, self.verdict
        return _(
            "Kontroll mot taket, ikke lagret: %(owner)s (org.nr. %(org)s) har fått %(before)s i bagatellmessig "
            "støtte som teller mot taket på tildelingsdatoen %(day)s, fra alle program og erklært støtte. Med denne "
            "tildelingen på %(eur)s blir summen %(after)s; taket er %(ceiling)s."
        ) % {
            "owner": a.owner,
            "org": a.org_number_text,
            "before": eur_text(v.before),
            "day": date_long(a.granted_on),
            "eur": eur_text(a.amount_eur),
            "after": eur_text(v.after),
            "ceiling": eur_text(v.ceiling),
        }

    @property
    def warning(self) -> str | None:
        return self.verdict.message if self.verdict.warned else None


def check_award(
    engine: Engine,
    slug: str | None,
    project: str,
    *,
    by: str,
    rate_day: date | None = None,
    rate_source: str | None = None,
    **facts: Any,
) -> AwardChecked:
    """The award `record_award` would record with the same arguments, and what the ceiling says of it, without
    writing anything: the same checks, the same refusals (`AidRefused` with the sum, `InputError` naming the
    field), in a unit of work that is rolled back."""
    by = by.strip()
    data = {"project": project, "purpose": facts.pop("purpose", "") or "", **facts}
    rule = reporting_rule()
    with Session(engine, expire_on_commit=False) as session:
        try:
            programme = choose.programme(session, slug)
            award, verdict = recording.add_award(
                session, programme, data, by=by or "?", rate_day=rate_day, rate_source=rate_source
            )
            view = _view(award, choose.project(session, programme, project), programme, rule)
        finally:
            session.rollback()
    return AwardChecked(view, verdict)


# --- A company's aid ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AidRow:
    """One award or declared aid in a company's window: to which organisation number, when, how much in euro (and
    NOK when known), from whom (a programme's name, or the body the company declared), the project or scheme."""

    org_number: str
    granted: date
    eur: Decimal
    grantor: str
    source: AidSource
    reference: str
    regulation: str = ""  # an award's: the regulation of the basis it was recorded with (declared aid: none)

    @property
    def kind(self) -> str:
        return "tildelt" if self.source is AidSource.GRANTED else "erklært"


@dataclass(frozen=True)
class CompanyAid:
    """A single undertaking's de minimis aid in the window of the regulation in force on `as_of` (the three years
    that end on it, or its fiscal year and the two before from their start to `as_of`): its organisation numbers,
    every award (of every programme, under any regulation) and declared aid in the window, their sum in euro, the
    regulation's ceiling and what is left."""

    org_number: str
    as_of: date
    members: tuple[str, ...]
    start: date
    end: date
    rows: tuple[AidRow, ...]
    total: Decimal
    ceiling: Decimal
    warning_share: Decimal
    names: tuple[str, ...] = field(default=())
    regulation: Regulation = REGULATIONS[-1]

    @property
    def left(self) -> Decimal:
        return max(self.ceiling - self.total, Decimal(0))

    @property
    def over(self) -> bool:
        return self.total > self.ceiling

    @property
    def near(self) -> bool:
        """At or over the warning share of the ceiling."""
        return self.total >= self.ceiling * self.warning_share

    def lines(self) -> list[str]:
        """What `omstilling stotte vis` prints after the table (Norwegian)."""
        who = ", ".join(org_number_text(m) for m in self.members)
        said = [
            (
                f"Bagatellmessig støtte til {who} fra {date_long(self.start)} til {date_long(self.end)}: "
                f"{eur_text(self.total)} av taket på {eur_text(self.ceiling)}; {eur_text(self.left)} er igjen."
            )
        ]
        rule = self.regulation
        if rule.fiscal_years:
            said.append(
                f"Taket er {eur_text(rule.ceiling_eur)} over regnskapsåret {self.as_of.year} og de to foregående "
                f"({rule.name}, som gjaldt {date_long(self.as_of)})."
            )
        if len(self.members) > 1:
            said.append(f"Organisasjonsnumrene regnes som ett foretak ({rule.name} artikkel 2(2)).")
        if self.over:
            said.append("Summen er over taket.")
        elif self.near:
            said.append("Summen har nådd varselgrensen.")
        return said


def _bases(session: Session, members: frozenset[str], start: date, end: date) -> dict[tuple[str, date, str, str], str]:
    """The regulation each award to `members` in the window was recorded under (its stored basis), by what a
    company's row says of it: organisation number, grant date, programme name, project number."""
    found = session.exec(
        select(AidAward, Programme.name, Project.number)
        .join(Project, col(Project.id) == col(AidAward.project_id))
        .join(Programme, col(Programme.id) == col(Project.programme_id))
        .where(col(AidAward.org_number).in_(sorted(members)))
        .where(col(AidAward.granted_on) >= start, col(AidAward.granted_on) <= end)
    ).all()
    return {(a.org_number, a.granted_on, name, number): regulation_of(a.basis).name for a, name, number in found}


def _company(
    session: Session, org_number: str, as_of: date, limit: Ceiling, regulation: Regulation | None = None
) -> CompanyAid:
    members = stored.undertakings(session, [org_number])
    rule = regulation or limit.for_day(as_of)
    start, end = rule.window(as_of)
    found: list[Aid] = stored.aid_to(session, members, start=start, end=end)
    bases = _bases(session, members, start, end)
    rows = tuple(
        AidRow(
            a.org_number,
            a.granted,
            a.eur,
            a.grantor,
            a.source,
            a.reference,
            bases.get((a.org_number, a.granted, a.grantor, a.reference), "") if a.source is AidSource.GRANTED else "",
        )
        for a in found
    )
    names = tuple(
        sorted(
            set(
                session.exec(select(Project.owner).where(col(Project.org_number).in_(sorted(members))).distinct()).all()
            )
        )
    )
    return CompanyAid(
        org_number,
        as_of,
        tuple(sorted(members)),
        start,
        end,
        rows,
        sum((r.eur for r in rows), Decimal(0)),
        rule.ceiling_eur,
        limit.warning,
        names,
        rule,
    )


def company_aid(engine: Engine, org_number: str, *, as_of: date, regulation: Regulation | None = None) -> CompanyAid:
    """The de minimis aid of the single undertaking `org_number` belongs to (its links, every programme's) in the
    three years that end on `as_of`: every award of every programme and every declared aid, the sum in euro, and
    what is left under the ceiling. Installation-wide: for the operator, the county, and a grant letter's «sum so
    far» (`as_of` the grant date, under `regulation`: the award's own, the basis it was recorded with)."""
    try:
        wanted = checked_org_number(org_number)
    except ValueError as exc:
        raise OmstillingError(f"«{org_number.strip()}» {exc}") from None
    with db.session_scope(engine) as session:
        return _company(session, wanted, as_of, ceiling(), regulation)


def companies_near_ceiling(engine: Engine, *, as_of: date, programmes: list[str] | None = None) -> list[CompanyAid]:
    """The single undertakings whose aid in the three years to `as_of` has reached the warning share of the
    ceiling, the most aided first: those a programme of `programmes` (slugs; None: every programme) has granted to,
    with their sums over the whole installation (the county page)."""
    limit = ceiling()
    with db.session_scope(engine) as session:
        query = select(AidAward.org_number).join(Project, col(Project.id) == col(AidAward.project_id))
        if programmes is not None:
            query = query.join(Programme, col(Programme.id) == col(Project.programme_id)).where(
                col(Programme.slug).in_(programmes)
            )
        numbers = sorted(set(session.exec(query.distinct()).all()))
        seen: set[str] = set()
        found = []
        for org in numbers:
            if org in seen:
                continue
            company = _company(session, org, as_of, limit)
            seen |= set(company.members)
            if company.near:
                found.append(company)
    return sorted(found, key=lambda c: (-c.total, c.org_number))


# --- Declarations and links -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeclarationRecorded:
    programme: str
    org_number: str
    declared_on: date
    rows: int
    eur: Decimal
    warning: str | None = None
    """When the declared aid takes the company over the ceiling: said, not refused (it is a fact)."""

    @property
    def sentence(self) -> str:
        if not self.rows:
            return _("Erklæringen fra org.nr. %(org)s av %(day)s er registrert: ingen annen bagatellmessig støtte.") % {
                "org": org_number_text(self.org_number),
                "day": date_long(self.declared_on),
            }
        return ngettext(
            "Erklæringen fra org.nr. %(org)s av %(day)s er registrert: %(rows)s tildeling fra andre, %(eur)s.",
            "Erklæringen fra org.nr. %(org)s av %(day)s er registrert: %(rows)s tildelinger fra andre, til sammen "
            "%(eur)s.",
            self.rows,
        ) % {
            "org": org_number_text(self.org_number),
            "day": date_long(self.declared_on),
            "rows": self.rows,
            "eur": eur_text(self.eur),
        }


def record_declaration(
    engine: Engine,
    slug: str | None,
    org_number: str,
    *,
    declared_on: date,
    signed_by: str,
    rows: list[dict[str, Any]] | None = None,
    by: str,
) -> DeclarationRecorded:
    """Record a company's written declaration of the de minimis aid it got from others in the three years before
    (none, or rows: grantor, scheme, date, amount in euro and/or NOK; NOK is converted at the rate of the row's
    date when no euro amount is given), for a programme (its leader's). Declared aid counts in every programme's
    ceiling from now on. Recorded in the audit trail."""
    with audit.audited(
        engine, AuditAction.DECLARATION_RECORDED, programme=slug, target=f"org.nr. {org_number}", av=by
    ) as noted:
        with db.session_scope(engine) as session:
            programme = choose.programme(session, slug)
            noted.programme = programme.slug
            declaration, warning = recording.add_declaration(
                session,
                programme,
                {"org_number": org_number, "declared_on": declared_on, "signed_by": signed_by, "rows": rows or []},
            )
            found = session.exec(select(DeclaredAid).where(DeclaredAid.declaration_id == declaration.id)).all()
            result = DeclarationRecorded(
                programme.slug,
                declaration.org_number,
                declaration.declared_on,
                len(found),
                sum((Decimal(r.amount_eur) for r in found), Decimal(0)),
                warning,
            )
        noted.detail |= {"rader": result.rows, "euro": str(result.eur)}
    return result


def record_link(engine: Engine, slug: str | None, org_number: str, counts_with: str, *, why: str = "", by: str) -> bool:
    """Record, for a programme (its leader's), that two organisation numbers count as one undertaking (control by
    votes, board or contract: art. 2(2)); every programme's ceiling counts it from now on. Returns whether it is new
    (the same link again changes nothing). Recorded in the audit trail."""
    with audit.audited(
        engine, AuditAction.LINK_RECORDED, programme=slug, target=f"{org_number} + {counts_with}", av=by
    ) as noted:
        with db.session_scope(engine) as session:
            programme = choose.programme(session, slug)
            noted.programme = programme.slug
            _link, new = recording.add_link(
                session, programme, {"org_number": org_number, "counts_with": counts_with, "why": why}
            )
        noted.detail["ny"] = new
    return new


def remove_link(engine: Engine, slug: str | None, org_number: str, counts_with: str, *, by: str) -> None:
    """Take away a link a programme recorded (its leader's). Another programme's link is refused (`LinkNotYours`)
    without naming it. Recorded in the audit trail."""
    with (
        audit.audited(
            engine, AuditAction.LINK_REMOVED, programme=slug, target=f"{org_number} + {counts_with}", av=by
        ) as noted,
        db.session_scope(engine) as session,
    ):
        programme = choose.programme(session, slug)
        noted.programme = programme.slug
        recording.remove_link(session, programme, org_number, counts_with)


def rates_of(engine: Engine, start: date, end: date) -> list[Rate]:
    """The installation's NOK rates between two days (for a page or a check by eye)."""
    with db.session_scope(engine) as session:
        rows = session.exec(
            select(ExchangeRate)
            .where(ExchangeRate.currency == "NOK", col(ExchangeRate.day) >= start, col(ExchangeRate.day) <= end)
            .order_by(col(ExchangeRate.day))
        ).all()
    return [Rate(r.day, Decimal(r.per_eur), r.source) for r in rows]
