"""Recording state aid as every way in does it (the application layer's use cases, the workbook's import, the demo):
an award's facts with their defaults from its project, its rate, the ceiling checked over the whole installation;
a company's declaration of aid from others; the organisation numbers that count as one undertaking.

The rules are `omstilling.core.stateaid`'s; the sums and the lock are `omstilling.store.stateaid`'s. Whoever writes
takes the undertaking's lock first (`store.stateaid.lock_undertaking`), then reads the sum, then writes, in one unit
of work: two awards to one company at the same moment take turns, and the second sees the first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from omstilling import clock
from omstilling.config import get_settings
from omstilling.core.formatting import date_long
from omstilling.core.language import _
from omstilling.core.stateaid import (
    RATE_STALE_DAYS,
    REGULATIONS,
    Aid,
    AidBasis,
    AidInstrument,
    AidSource,
    Rate,
    RateMissing,
    Regulation,
    Verdict,
    check,
    eur_text,
    grant_date_problem,
    org_number_text,
    rate_for,
    regulation_for,
    regulations,
    single_undertaking,
    to_eur,
)
from omstilling.errors import InputError, OmstillingError, Problem
from omstilling.intake.schemas import LARGEST_KRONER, AwardIn, DeclarationIn, LinkIn, too_many_kroner, validate
from omstilling.store import stateaid as stored
from omstilling.store.models import (
    AidAward,
    AidDeclaration,
    DeclaredAid,
    ExchangeRate,
    Programme,
    Project,
    UndertakingLink,
)
from omstilling.store.models.base import stored_id


class CeilingExceeded(OmstillingError):
    """The award would take its single undertaking over the de minimis ceiling: the message is the regulation's
    refusal with the sum (`core.stateaid.check`); nothing was written."""

    def __init__(self, verdict: Verdict):
        self.verdict = verdict
        super().__init__(verdict.message or "")


@dataclass(frozen=True)
class Ceiling:
    """The ceiling of Regulation (EU) 2023/2831 in euro, the share of a ceiling that gives a warning, and the
    regulations with the dates they apply from (the settings'): the one in force on a grant date sets its ceiling
    and window (`for_day`)."""

    eur: Decimal
    warning: Decimal
    rules: tuple[Regulation, ...] = REGULATIONS

    @classmethod
    def from_settings(cls) -> Ceiling:
        settings = get_settings()
        try:
            rules = regulations(settings.de_minimis_from, settings.de_minimis_ceiling_eur)
        except ValueError as exc:
            raise OmstillingError(f"OMSTILLING_DE_MINIMIS_FROM: {exc}") from None
        return cls(settings.de_minimis_ceiling_eur, settings.de_minimis_warning, rules)

    def for_day(self, granted: date) -> Regulation:
        """The regulation in force on a grant date."""
        return regulation_for(granted, self.rules)


def basis_for(granted: date) -> AidBasis:
    """An award's legal basis (the register's «hjemmel»): the de minimis regulation in force on its grant date, by
    the settings' dates (OMSTILLING_DE_MINIMIS_FROM)."""
    return Ceiling.from_settings().for_day(granted).basis


ENTERED = "oppgitt av "
"""How the source of a rate entered for one award starts: «oppgitt av <who>»."""


def rate_source_entered(by: str) -> str:
    """The source of a rate entered for one award: «oppgitt av <who>»."""
    return f"{ENTERED}{by}"[:120]


def resolved_rate(
    granted: date,
    rates: Mapping[date, Rate],
    entered: Decimal | None,
    by: str,
    *,
    day: date | None = None,
    source: str | None = None,
) -> Rate:
    """The rate an award is converted at: the one entered for it (of `day`, the grant date when left out, from
    `source`, «oppgitt av <by>» when left out), or the installation's of the grant date (or the last published
    within a week before it); `RateMissing` says what to do when there is none. An entered rate is for a day the
    installation has no rate for: one that differs from the stored rate is `RateDiffers` (the same one is the
    stored rate)."""
    if entered is not None:
        try:
            published = rate_for(granted, rates)
        except RateMissing:
            return Rate(day or granted, entered, (source or "").strip()[:120] or rate_source_entered(by))
        if published.nok_per_eur != entered:
            raise RateDiffers(
                _(
                    "installasjonen har kursen %(stored)s fra %(day)s (%(source)s) for denne tildelingen, ikke "
                    "%(entered)s; la kursen stå tom for å bruke den lagrede (er den lagrede feil, les inn en riktig "
                    "kursfil med omstilling data kurser FIL --erstatt)"
                )
                % {
                    "stored": _rate_words(published.nok_per_eur),
                    "day": date_long(published.day),
                    "source": published.source,
                    "entered": _rate_words(entered),
                }
            )
        return published
    return rate_for(granted, rates)


class RateDiffers(ValueError):
    """A rate entered for an award that differs from the installation's stored rate of its grant date."""


def _rate_words(rate: Decimal) -> str:
    return f"{rate:.4f}".replace(".", ",")


def entered_rate_problems(granted: date, day: date | None, source: str | None) -> list[Problem]:
    """What is wrong with the day and source given with an entered rate: the day must be the grant date or at most
    a week before it (as a published rate would be), the source one line of text."""
    problems = []
    if day is not None and not granted - timedelta(days=RATE_STALE_DAYS) <= day <= granted:
        problems.append(
            Problem(
                "rate_day",
                _("kursdatoen må være tildelingsdatoen eller høyst %(days)s dager før den (%(day)s)")
                % {"days": RATE_STALE_DAYS, "day": date_long(granted)},
                day.isoformat(),
            )
        )
    if source is not None and (len(source) > 120 or any(ord(c) < 32 or ord(c) == 127 for c in source)):
        problems.append(Problem("rate_source", _("skriv kilden for kursen på én linje, med høyst 120 tegn")))
    return problems


@dataclass(frozen=True)
class ProjectFacts:
    """What an award takes from its project when left out: the organisation number, the decision date (the grant
    date), the grant (the amount), and the number and owner that name it."""

    number: str
    owner: str
    org_number: str | None
    decision_date: date | None
    grant_amount: int

    @classmethod
    def of(cls, project: Project) -> ProjectFacts:
        return cls(project.number, project.owner, project.org_number, project.decision_date, project.grant_amount)


def award_fields(
    project: ProjectFacts,
    data: AwardIn,
    rates: Mapping[date, Rate],
    *,
    by: str,
    rate_day: date | None = None,
    rate_source: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The award `data` describes on `project`, its blanks filled from the project, converted to euro: the columns
    of an `AidAward` but its project's id. Raises InputError naming the field for what is missing: an organisation
    number, a grant date, a gross grant equivalent for a loan or guarantee, a rate. `rate_day`, `rate_source`: the
    day and source of a rate entered for the award (`data.rate`). Refused too: an amount of 0 kroner or over the
    database's largest, a grant date to come (after `today`) or before the first regulation modelled, an entered
    rate that differs from the stored one."""
    rules = Ceiling.from_settings().rules
    what = _("støtte til prosjekt %(number)s") % {"number": project.number}
    org = data.org_number or project.org_number
    granted = data.granted_on or project.decision_date
    amount = data.amount_nok if data.amount_nok is not None else project.grant_amount
    gross = data.gross_nok if data.gross_nok is not None else None
    problems = []
    for name, kroner in (("amount_nok", amount), ("gross_nok", gross)):
        if kroner is not None and kroner <= 0:
            problems.append(Problem(name, _("beløpet må være over 0 kroner"), kroner))
        elif kroner is not None and kroner > LARGEST_KRONER:
            problems.append(Problem(name, too_many_kroner()))
    if granted is not None and (wrong := grant_date_problem(granted, today or clock.today(), rules)):
        problems.append(Problem("granted_on", wrong, granted.isoformat()))
    if not org:
        problems.append(
            Problem("org_number", _("prosjektet har ikke organisasjonsnummer; oppgi mottakerens organisasjonsnummer"))
        )
    if granted is None:
        problems.append(
            Problem("granted_on", _("prosjektet har ingen vedtaksdato; oppgi datoen foretaket fikk rett til støtten"))
        )
    if gross is None:
        if data.instrument is not AidInstrument.GRANT:
            problems.append(
                Problem(
                    "gross_nok",
                    _("oppgi bruttotilskuddsekvivalenten for %(instrument)s (beløpet som teller mot taket)")
                    % {"instrument": data.instrument.label},
                )
            )
        gross = amount
    if granted is not None and data.rate is not None:
        problems += entered_rate_problems(granted, rate_day, rate_source)
    if problems:
        raise InputError(what, problems)
    assert org is not None and granted is not None
    try:
        rate = resolved_rate(granted, rates, data.rate, by, day=rate_day, source=rate_source)
    except (RateMissing, RateDiffers) as exc:
        raise InputError(what, [Problem("rate", str(exc))]) from None
    return {
        "org_number": org,
        "granted_on": granted,
        "basis": basis_for(granted),
        "amount_nok": amount,
        "gross_nok": gross,
        "nok_per_eur": rate.nok_per_eur,
        "rate_day": rate.day,
        "rate_source": rate.source,
        "amount_eur": to_eur(gross, rate.nok_per_eur),
        "instrument": data.instrument,
        "purpose": data.purpose,
        "recipient_size": data.recipient_size,
        "industry": data.industry,
        "region": data.region,
        "recorded_by": by[:254],
    }


def new_award(project: Project, data: AwardIn, rates: Mapping[date, Rate], *, by: str, **rate: Any) -> AidAward:
    """The award `data` describes on `project` (`award_fields`; `rate`: its `rate_day`, `rate_source`), not added
    to any session."""
    return AidAward(project_id=stored_id(project), **award_fields(ProjectFacts.of(project), data, rates, by=by, **rate))


@dataclass(frozen=True)
class Candidate:
    """An award to check against the ceiling: as aid, the company's name for the sentence, and the caller's key."""

    aid: Aid
    company: str | None
    key: Any


def as_aid(award: AidAward, grantor: str, reference: str) -> Aid:
    return Aid(award.org_number, award.granted_on, Decimal(award.amount_eur), grantor, AidSource.GRANTED, reference)


def verdicts(
    session: Session,
    candidates: Sequence[Candidate],
    *,
    leave_out: Iterable[int] = (),
    leave_out_declared: Iterable[int] = (),
    declared: Iterable[Aid] = (),
    links: Iterable[tuple[str, str]] | None = None,
    ceiling: Ceiling | None = None,
) -> dict[Any, Verdict]:
    """The ceiling's verdict on each candidate, taken in date order: each is checked against every award of the
    installation and every declared aid to its single undertaking (`leave_out`: award ids the candidates replace;
    `declared`, `more_links`: declared aid and links not yet stored, which count too), and against the candidates
    before it that passed. `leave_out_declared`: declared rows (ids) the `declared` ones replace; `links`: every link
    as it will be (default: as stored). Call it holding the lock on the undertakings
    (`store.stateaid.lock_undertaking`)."""
    ceiling = ceiling or Ceiling.from_settings()
    every_link = list(stored.links(session) if links is None else links)
    numbers: set[str] = set()
    for candidate in candidates:
        numbers |= single_undertaking(candidate.aid.org_number, every_link)
    known = stored.aid_to(session, numbers, leave_out=leave_out, leave_out_declared=leave_out_declared)
    known += [a for a in declared if a.org_number in numbers]
    passed: list[Aid] = []
    found: dict[Any, Verdict] = {}
    for candidate in sorted(candidates, key=lambda c: (c.aid.granted, str(c.key))):
        verdict = check(
            candidate.aid,
            [*known, *passed],
            links=every_link,
            company=candidate.company,
            warning_share=ceiling.warning,
            rules=ceiling.rules,
        )
        found[candidate.key] = verdict
        if not verdict.refused:
            passed.append(candidate.aid)
    return found


def _project(session: Session, programme: Programme, number: str) -> Project:
    project = session.exec(
        select(Project).where(Project.programme_id == programme.id, Project.number == number)
    ).first()
    if project is None:
        raise InputError(
            _("støtte"),
            [Problem("project", _("programmet har ikke prosjekt %(number)s") % {"number": number}, number)],
        )
    return project


def add_award(
    session: Session,
    programme: Programme,
    data: Any,
    *,
    by: str,
    ceiling: Ceiling | None = None,
    rate_day: date | None = None,
    rate_source: str | None = None,
) -> tuple[AidAward, Verdict]:
    """Record an award on one of `programme`'s projects, in `session`: the defaults filled in, the rate found (or
    the one entered, of `rate_day` from `rate_source`), the ceiling checked over the installation while holding the
    undertaking's lock. A refusal (`CeilingExceeded`) or any other problem (`InputError`) writes nothing; a warning
    is in the verdict."""
    data = validate(AwardIn, data, _("støtte"))
    project = _project(session, programme, data.project)
    org = data.org_number or project.org_number
    stored.lock_undertaking(session, [org] if org else [])
    granted = data.granted_on or project.decision_date
    rates = stored.rates_around(session, granted, RATE_STALE_DAYS) if granted else {}
    award = new_award(project, data, rates, by=by, rate_day=rate_day, rate_source=rate_source)
    if session.exec(
        select(AidAward.id).where(AidAward.project_id == project.id, AidAward.granted_on == award.granted_on)
    ).first():
        raise InputError(
            _("støtte til prosjekt %(number)s") % {"number": project.number},
            [
                Problem(
                    "granted_on",
                    _("prosjektet har alt en tildeling med denne datoen"),
                    award.granted_on.isoformat(),
                )
            ],
        )
    aid = as_aid(award, programme.name, project.number)
    verdict = verdicts(session, [Candidate(aid, project.owner, "ny")], ceiling=ceiling)["ny"]
    if verdict.refused:
        raise CeilingExceeded(verdict)
    session.add(award)
    session.flush()
    return award, verdict


def declared_eur(row: Any, rates: Mapping[date, Rate]) -> Decimal:
    """A declared row's amount in euro: as the grantor stated it, or its NOK at the rate of its date."""
    if row.amount_eur is not None:
        return Decimal(row.amount_eur)
    return to_eur(row.amount_nok, rate_for(row.granted_on, rates).nok_per_eur)


def declared_warning(
    session: Session,
    declared: Sequence[Aid],
    *,
    leave_out_declared: Iterable[int] = (),
    links: Iterable[tuple[str, str]] | None = None,
    ceiling: Ceiling | None = None,
) -> str | None:
    """The warning when declared aid (not stored yet) takes its single undertaking over the ceiling: declared aid
    is a fact, not refused, but it is said, and the programme's next grant to the company will be refused. Each
    row is checked as `check` checks a new award (every other award and declared aid, every window that holds its
    date); the worst one is said. `leave_out_declared`: stored declared rows (ids) these replace."""
    if not declared:
        return None
    ceiling = ceiling or Ceiling.from_settings()
    every_link = list(stored.links(session) if links is None else links)
    numbers: set[str] = set()
    for aid in declared:
        numbers |= single_undertaking(aid.org_number, every_link)
    every = [*stored.aid_to(session, numbers, leave_out_declared=leave_out_declared), *declared]
    worst: Verdict | None = None
    for aid in declared:
        verdict = check(aid, every, links=every_link, warning_share=ceiling.warning, rules=ceiling.rules)
        if verdict.refused and (worst is None or verdict.after - verdict.ceiling > worst.after - worst.ceiling):
            worst = verdict
    if worst is None:
        return None
    return _(
        "Obs: med den erklærte støtten har org.nr. %(org)s fått %(after)s i bagatellmessig støtte som teller mot "
        "taket på %(ceiling)s (%(regulation)s); summen er over taket, og ny bagatellmessig støtte til foretaket "
        "blir nektet."
    ) % {
        "org": org_number_text(declared[0].org_number),
        "after": eur_text(worst.after),
        "ceiling": eur_text(worst.ceiling),
        "regulation": worst.regulation.name,
    }


def add_declaration(session: Session, programme: Programme, data: Any) -> tuple[AidDeclaration, str | None]:
    """Record a company's declaration for `programme`: the day, who signed, and its rows (NOK converted at the
    rate of each row's date when no euro amount is given). One declaration per company and day per programme.
    Returns it and the warning when its declared aid takes the company over the ceiling (`declared_warning`)."""
    data = validate(DeclarationIn, data, _("erklæring"))
    what = _("erklæring fra org.nr. %(org)s") % {"org": org_number_text(data.org_number)}
    stored.lock_undertaking(session, [data.org_number])
    if session.exec(
        select(AidDeclaration.id).where(
            AidDeclaration.programme_id == programme.id,
            AidDeclaration.org_number == data.org_number,
            AidDeclaration.declared_on == data.declared_on,
        )
    ).first():
        raise InputError(
            what, [Problem("declared_on", _("en erklæring med denne datoen er alt registrert"), data.declared_on)]
        )
    rows: list[tuple[Any, Decimal]] = []
    problems = []
    for index, row in enumerate(data.rows, start=1):
        rates = stored.rates_around(session, row.granted_on, RATE_STALE_DAYS)
        try:
            eur = declared_eur(row, rates)
        except RateMissing as exc:
            problems.append(Problem(_("rad %(row)s") % {"row": index}, str(exc)))
            continue
        rows.append((row, eur))
    if problems:
        raise InputError(what, problems)
    warning = declared_warning(
        session,
        [Aid(data.org_number, row.granted_on, eur, row.grantor, AidSource.DECLARED, row.scheme) for row, eur in rows],
    )
    declaration = AidDeclaration(
        programme_id=stored_id(programme),
        org_number=data.org_number,
        declared_on=data.declared_on,
        signed_by=data.signed_by,
    )
    session.add(declaration)
    session.flush()
    for row, eur in rows:
        session.add(
            DeclaredAid(
                declaration_id=stored_id(declaration),
                grantor=row.grantor,
                scheme=row.scheme,
                granted_on=row.granted_on,
                amount_nok=row.amount_nok,
                amount_eur=eur,
            )
        )
    session.flush()
    return declaration, warning


def add_link(session: Session, programme: Programme, data: Any) -> tuple[UndertakingLink, bool]:
    """Record that two organisation numbers count as one undertaking, for `programme` (every programme's ceiling
    counts it); returns the link and whether it is new (the same link twice changes nothing)."""
    data = validate(LinkIn, data, _("kobling mellom foretak"))
    stored.lock_undertaking(session, [data.org_number, data.counts_with], links_change=True)
    existing = session.exec(
        select(UndertakingLink).where(
            UndertakingLink.programme_id == programme.id,
            UndertakingLink.org_number == data.org_number,
            UndertakingLink.counts_with == data.counts_with,
        )
    ).first()
    if existing is not None:
        if data.why and existing.why != data.why:
            existing.why = data.why
            session.add(existing)
            session.flush()
        return existing, False
    link = UndertakingLink(
        programme_id=stored_id(programme), org_number=data.org_number, counts_with=data.counts_with, why=data.why
    )
    session.add(link)
    session.flush()
    return link, True


class LinkNotYours(OmstillingError):
    """A link this programme did not record: only the programme that did may take it away (links only add)."""


def remove_link(session: Session, programme: Programme, org_number: str, counts_with: str) -> None:
    """Take away a link `programme` recorded. Another programme's link is refused (`LinkNotYours`), without naming
    the programme; a link nobody recorded is `InputError`."""
    data = validate(LinkIn, {"org_number": org_number, "counts_with": counts_with}, _("kobling mellom foretak"))
    stored.lock_undertaking(session, [data.org_number, data.counts_with], links_change=True)
    pair = (UndertakingLink.org_number == data.org_number, UndertakingLink.counts_with == data.counts_with)
    own = session.exec(select(UndertakingLink).where(UndertakingLink.programme_id == programme.id, *pair)).first()
    if own is None:
        if session.exec(select(UndertakingLink.id).where(*pair)).first():
            raise LinkNotYours(link_not_yours())
        raise InputError(
            _("kobling mellom foretak"),
            [Problem("counts_with", _("programmet har ingen slik kobling å fjerne"), data.counts_with)],
        )
    session.delete(own)
    session.flush()


def link_not_yours() -> str:
    return _(
        "koblingen er registrert av et annet program, og bare det kan fjerne den (en kobling legger bare til i "
        "summen som teller mot taket)"
    )


@dataclass(frozen=True)
class RateConflict:
    """A rate read that differs from the one stored for the same day (the stored one is kept)."""

    day: date
    stored: Decimal
    stored_source: str
    read: Decimal


def put_rates(session: Session, rates: Iterable[Rate], *, replace: bool = False) -> tuple[int, int, list[RateConflict]]:
    """Store the installation's NOK rates read from a file: a day not stored yet is added; one stored with the same
    rate is left as it is; one stored with another rate is kept and reported, or, with `replace`, overwritten and
    reported (the way to correct a wrong rate). Returns how many were added and unchanged, and the conflicts."""
    wanted = {r.day: r for r in rates}
    found = stored.stored_rates(session, wanted)
    added = unchanged = 0
    conflicts = []
    for day, rate in sorted(wanted.items()):
        row = found.get(day)
        if row is None:
            session.add(ExchangeRate(day=day, currency="NOK", per_eur=rate.nok_per_eur, source=rate.source[:120]))
            added += 1
        elif Decimal(row.per_eur) == rate.nok_per_eur:
            unchanged += 1
        else:
            conflicts.append(RateConflict(day, Decimal(row.per_eur), row.source, rate.nok_per_eur))
            if replace:
                row.per_eur, row.source = rate.nok_per_eur, rate.source[:120]
                session.add(row)
    session.flush()
    return added, unchanged, conflicts
