"""State aid's documents, the use cases (issue 29): the grant letter with its de minimis paragraph, the declaration
form for a company, the register export, and the county's companies near the ceiling. The command line
(`omstilling stotte brev|erklaering|register`) and the web app (the programme's page «Bagatellmessig støtte», the
county page) call these; the facts come from `app.stateaid` (the one middle for state aid), the words and files from
`documents.stateaid`.

- `write_grant_letter`, `grant_letter`: a project's award as the letter to the company: the regulation, the amount in
  NOK and the gross grant equivalent in euro at the rate of the grant date, the single undertaking's sum in the three
  years that end on the grant date (`app.stateaid.company_aid`), what is left under the ceiling, the 10 years and the
  declaration to other grantors, and the register's deadline when the award must be reported.
- `write_declaration_form`, `declaration_form`: the form, for a project's company, a company by organisation
  number, or blank.
- `write_register`, `register_export`: a programme's awards in the register's fields (Excel, CSV), each with whether
  it must be reported (the threshold setting) and by when (the deadline setting).
- `county_near_ceiling`: the companies a county's programmes granted to whose sum has reached the warning share.

Who may have them is the caller's to ask (`access.roles.Access.can_see_aid`): the programme's leader, the county's
readers and the operator, never the board (a company's aid from others is not board papers)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from omstilling import clock
from omstilling.app import stateaid
from omstilling.config import get_settings
from omstilling.core import language
from omstilling.core.enums import AuditAction, Role
from omstilling.core.language import _
from omstilling.core.snapshot import in_term
from omstilling.core.stateaid import AidBasis, AidSource, org_number_text, regulation_of
from omstilling.documents import stateaid as papers
from omstilling.documents.stateaid import (
    LETTER_FORMATS,
    REGISTER_FORMATS,
    AidLine,
    FormFacts,
    LetterFacts,
    RegisterFacts,
    RegisterRow,
)
from omstilling.errors import NotFound, OmstillingError
from omstilling.intake.schemas import checked_org_number
from omstilling.store import audit, choose, db
from omstilling.store.files import write_atomically
from omstilling.store.models import Person, Programme, Project, RoleAssignment
from omstilling.store.revision import revisions
from omstilling.store.stateaid import one_award, project_awards

__all__ = [
    "LETTER_FORMATS",
    "REGISTER_FORMATS",
    "File",
    "NearCeiling",
    "Written",
    "county_near_ceiling",
    "declaration_form",
    "grant_letter",
    "letter_facts",
    "register_export",
    "register_facts",
    "write_declaration_form",
    "write_grant_letter",
    "write_register",
]

LETTER_DEFAULT = ("pdf", "docx")
FORM_DEFAULT = ("docx", "pdf")
REGISTER_DEFAULT = ("xlsx", "csv")
MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class File:
    """One document made for a download: its name, its bytes and its media type."""

    name: str
    data: bytes

    @property
    def media_type(self) -> str:
        return MEDIA.get(self.name.rsplit(".", 1)[-1], "application/octet-stream")


@dataclass(frozen=True)
class Written:
    """What a command wrote: what it is (its title), and the files."""

    title: str
    paths: tuple[Path, ...]


def _formats(formats: Sequence[str] | None, allowed: tuple[str, ...], default: tuple[str, ...]) -> tuple[str, ...]:
    if formats is None:
        return default
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    if not chosen:
        raise OmstillingError(f"oppgi minst ett format: {', '.join(allowed)}")
    unknown = [f for f in chosen if f not in allowed]
    if unknown:
        raise OmstillingError(f"ukjent format «{', '.join(unknown)}»: velg blant {', '.join(allowed)}")
    return chosen


def _safe(text: str) -> str:
    """A part of a file name from user data (a project's number: «2014-01»): ASCII letters, digits, «.», «-» and
    «_» only, so it is never a path and any download's header can carry it."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text.strip()).strip(".-") or "uten-navn"


def _folder(out_dir: Path | None, slug: str, year: int) -> Path:
    return (out_dir or get_settings().output_dir) / slug / str(year) / "stotte"


def _write(folder: Path, stem: str, files: dict[str, bytes]) -> tuple[Path, ...]:
    paths = []
    for fmt, data in files.items():
        paths.append(write_atomically(folder / f"{stem}.{fmt}", data, make_folder=True))
    return tuple(paths)


def _signer(session: Session, programme: Programme, day: date) -> str | None:
    """The programme leader on `day` (else the latest one): who signs the letter."""
    found = session.exec(
        select(RoleAssignment, Person)
        .join(Person, col(Person.id) == col(RoleAssignment.person_id))
        .where(RoleAssignment.programme_id == programme.id, RoleAssignment.role == Role.PROGRAMME_LEADER)
        .order_by(col(RoleAssignment.term_start))
    ).all()
    rows = [(person.name, held.term_start, held.term_end) for held, person in found]
    current = [name for name, start, end in rows if in_term(start, end, day)]
    if current:
        return current[-1]
    return rows[-1][0] if rows else None


# --- The grant letter -------------------------------------------------------------------------------------------


def letter_facts(
    engine: Engine, slug: str | None, project: str, *, made_on: date | None = None, granted: date | None = None
) -> LetterFacts:
    """What the grant letter for a programme's project says: its award (`app.stateaid.award_of`: the one granted on
    `granted`, else the latest), the single undertaking's aid in the three years that end on the grant date
    (`app.stateaid.company_aid`: «the sum so far», this award included), and who signs. A project without a
    recorded award is refused with what to do."""
    made_on = made_on or clock.today()
    award = stateaid.award_of(engine, slug, project, granted)
    if award is None:
        raise OmstillingError(
            _(
                "prosjekt %(project)s har ingen registrert bagatellmessig støtte; registrer tildelingen først "
                "(omstilling stotte tildel %(project)s)"
            )
            % {"project": project.strip()}
        )
    # the regulation the award was recorded under (its basis), not one derived again from today's settings
    rule = regulation_of(award.basis, stateaid.ceiling().rules)
    company = stateaid.company_aid(engine, award.org_number, as_of=award.granted_on, regulation=rule)
    with db.session_scope(engine) as session:
        programme = choose.programme(session, award.programme)
        row = session.exec(
            select(Project).where(Project.programme_id == programme.id, Project.number == award.project)
        ).one()
        # the board's decision is the grant's when it is its date (a later award on the project is another decision)
        decided = row.decision_date == award.granted_on
        signer = _signer(session, programme, made_on)
        standard = programme.language
    return LetterFacts(
        programme=award.programme_name,
        municipality=award.municipality,
        language=standard,
        project=award.project,
        project_title=award.project_title,
        owner=award.owner,
        org_number=award.org_number,
        decision_date=award.granted_on if decided else None,
        decision_case=award.decision_case if decided else None,
        granted_on=award.granted_on,
        amount_nok=award.amount_nok,
        gross_nok=award.gross_nok,
        instrument=award.instrument.value,
        nok_per_eur=award.nok_per_eur,
        rate_day=award.rate_day,
        rate_source=award.rate_source,
        amount_eur=award.amount_eur,
        window_start=company.start,
        window_end=company.end,
        linked=tuple(m for m in company.members if m != award.org_number),
        lines=tuple(
            AidLine(r.grantor, r.reference, r.granted, r.eur, r.source is AidSource.DECLARED) for r in company.rows
        ),
        total_eur=company.total,
        ceiling_eur=company.ceiling,
        report_by=award.report_by,
        signer=signer,
        made_on=made_on,
        regulation=company.regulation,
    )


def _letter_stem(facts: LetterFacts, granted: date | None) -> str:
    """«tilsagnsbrev-2014-12», and with the grant date when the award was named by it (a project's awards apart)."""
    return f"tilsagnsbrev-{_safe(facts.project)}" + (f"-{facts.granted_on.isoformat()}" if granted else "")


def grant_letter(
    engine: Engine,
    slug: str | None,
    project: str,
    fmt: str,
    *,
    today: date | None = None,
    granted: date | None = None,
) -> File:
    """The grant letter of a programme's project (its award granted on `granted`, else its latest) in one format
    (pdf, docx, html, md), made now (a download)."""
    (fmt,) = _formats([fmt], LETTER_FORMATS, LETTER_DEFAULT[:1])
    facts = letter_facts(engine, slug, project, made_on=today, granted=granted)
    data = papers.letter_files(facts, [fmt])[fmt]
    return File(f"{_letter_stem(facts, granted)}.{fmt}", data)


def write_grant_letter(
    engine: Engine,
    slug: str | None,
    project: str,
    *,
    formats: Sequence[str] | None = None,
    out_dir: Path | None = None,
    today: date | None = None,
    granted: date | None = None,
) -> Written:
    """Write the grant letter of a programme's project (its award granted on `granted`, else its latest; default
    PDF and Word) to out/<programme>/<year of the grant>/stotte/tilsagnsbrev-<project>[-<grant date>].<format>.
    Recorded in the audit trail."""
    chosen = _formats(formats, LETTER_FORMATS, LETTER_DEFAULT)
    target = f"tilsagnsbrev {project}" + (f" {granted.isoformat()}" if granted else "")
    with audit.audited(engine, AuditAction.DRAFT_WRITTEN, programme=slug, target=target) as noted:
        facts = letter_facts(engine, slug, project, made_on=today, granted=granted)
        slug_of = _slug(engine, slug)
        noted.programme = slug_of
        paths = _write(
            _folder(out_dir, slug_of, facts.granted_on.year),
            _letter_stem(facts, granted),
            papers.letter_files(facts, chosen),
        )
        noted.detail |= {"formater": list(chosen), "orgnr": facts.org_number}
    with language.speaking(facts.language):
        title = papers.letter_title(facts)
    return Written(title, paths)


def _slug(engine: Engine, slug: str | None) -> str:
    with db.session_scope(engine) as session:
        return choose.programme(session, slug).slug


# --- The declaration form ---------------------------------------------------------------------------------------


def form_facts(
    engine: Engine,
    slug: str | None,
    *,
    project: str | None = None,
    org_number: str | None = None,
    made_on: date | None = None,
    granted: date | None = None,
) -> FormFacts:
    """The form filled in for a programme's project (its company and organisation number, under the regulation of
    its award granted on `granted`, else its latest), for a company by its organisation number (named as the
    programme's projects name it), or blank (neither)."""
    made_on = made_on or clock.today()
    if project and org_number:
        raise OmstillingError(_("oppgi enten prosjekt eller organisasjonsnummer, ikke begge"))
    wanted = None
    if org_number:
        try:
            wanted = checked_org_number(org_number)
        except ValueError as exc:
            raise OmstillingError(f"«{org_number.strip()}» {exc}") from None
    with db.session_scope(engine) as session:
        programme = choose.programme(session, slug)
        owner = number = title = None
        limit = stateaid.ceiling()
        rule = limit.for_day(made_on)
        if project:
            found = choose.project(session, programme, project)
            owner, wanted, number, title = found.owner, found.org_number, found.number, found.title
            awards = project_awards(session, found.id)
            if awards or granted is not None:
                award = one_award(awards, found.number, granted, latest=True) if awards else None
                if award is None:
                    raise NotFound(
                        _(
                            "prosjekt %(project)s har ingen registrert bagatellmessig støtte; registrer tildelingen "
                            "først (omstilling stotte tildel %(project)s)"
                        )
                        % {"project": found.number}
                    )
                rule = regulation_of(AidBasis(award.basis), limit.rules)
            elif found.decision_date is not None:
                rule = limit.for_day(found.decision_date)
        elif wanted:
            names = session.exec(
                select(Project.owner)
                .where(Project.programme_id == programme.id, Project.org_number == wanted)
                .order_by(col(Project.number).desc())
            ).all()
            owner = names[0] if names else None
        return FormFacts(
            programme=programme.name,
            municipality=programme.municipality,
            language=programme.language,
            ceiling_eur=rule.ceiling_eur,
            made_on=made_on,
            owner=owner,
            org_number=wanted,
            project=number,
            project_title=title,
            regulation=rule,
        )


def _form_stem(facts: FormFacts, granted: date | None = None) -> str:
    if facts.project:
        return f"egenerklaering-{_safe(facts.project)}" + (f"-{granted.isoformat()}" if granted else "")
    if facts.org_number:
        return f"egenerklaering-{facts.org_number}"
    return "egenerklaering"


def declaration_form(
    engine: Engine,
    slug: str | None,
    fmt: str,
    *,
    project: str | None = None,
    org_number: str | None = None,
    today: date | None = None,
    granted: date | None = None,
) -> File:
    """The declaration form in one format (docx, pdf, html, md), made now (a download); for a project's award
    granted on `granted`, when given."""
    (fmt,) = _formats([fmt], LETTER_FORMATS, FORM_DEFAULT[:1])
    facts = form_facts(engine, slug, project=project, org_number=org_number, made_on=today, granted=granted)
    return File(f"{_form_stem(facts, granted)}.{fmt}", papers.form_files(facts, [fmt])[fmt])


def write_declaration_form(
    engine: Engine,
    slug: str | None,
    *,
    project: str | None = None,
    org_number: str | None = None,
    formats: Sequence[str] | None = None,
    out_dir: Path | None = None,
    today: date | None = None,
    granted: date | None = None,
) -> Written:
    """Write the declaration form (default Word and PDF) to out/<programme>/<year>/stotte/egenerklaering[-<project
    [-<grant date>] or organisation number>].<format>; for a project's award granted on `granted`, when given.
    Recorded in the audit trail."""
    chosen = _formats(formats, LETTER_FORMATS, FORM_DEFAULT)
    target = f"egenerklaering {project or org_number or ''}".strip()
    with audit.audited(engine, AuditAction.DRAFT_WRITTEN, programme=slug, target=target) as noted:
        facts = form_facts(engine, slug, project=project, org_number=org_number, made_on=today, granted=granted)
        slug_of = _slug(engine, slug)
        noted.programme = slug_of
        paths = _write(
            _folder(out_dir, slug_of, facts.made_on.year),
            _form_stem(facts, granted),
            papers.form_files(facts, chosen),
        )
        noted.detail["formater"] = list(chosen)
    with language.speaking(facts.language):
        title = papers.form_title()
    return Written(title, paths)


# --- The register export ----------------------------------------------------------------------------------------


def register_facts(
    engine: Engine, slug: str | None, *, year: int | None = None, made_on: date | None = None
) -> RegisterFacts:
    """A programme's awards (of a year, when given) in the register's fields, each with whether it must be
    reported and by when (`app.stateaid.programme_awards`, judged by `app.stateaid.reporting_rule`)."""
    made_on = made_on or clock.today()
    awards = stateaid.programme_awards(engine, slug, year=year)
    with db.session_scope(engine) as session:
        programme = choose.programme(session, slug)
        name, standard = programme.name, programme.language
    with language.speaking(standard):
        scheme = _("ordning (omstillingsmidler)")
        rows = tuple(
            RegisterRow(
                grantor=a.programme_name,
                municipality=a.municipality,
                org_number=a.org_number,
                recipient=a.owner,
                basis=a.basis.label,
                purpose=a.purpose,
                scheme=scheme,
                instrument=a.instrument.label,
                amount_nok=a.amount_nok,
                gross_nok=a.gross_nok,
                amount_eur=a.amount_eur,
                nok_per_eur=a.nok_per_eur,
                rate_day=a.rate_day,
                rate_source=a.rate_source,
                size=a.recipient_size.label if a.recipient_size else "",
                region=a.region or "",
                industry=a.industry or "",
                granted_on=a.granted_on,
                project=a.project,
                report_by=a.report_by,
                reported_on=a.reported_on,
            )
            for a in awards
        )
    return RegisterFacts(name, standard, rows, stateaid.reporting_rule(), made_on, year)


def _register_stem(year: int | None) -> str:
    return f"register-{year}" if year else "register"


def register_export(
    engine: Engine, slug: str | None, fmt: str, *, year: int | None = None, today: date | None = None
) -> File:
    """The register export in one format (xlsx, csv), made now (a download)."""
    (fmt,) = _formats([fmt], REGISTER_FORMATS, REGISTER_DEFAULT[:1])
    facts = register_facts(engine, slug, year=year, made_on=today)
    return File(f"{_register_stem(year)}.{fmt}", papers.register_files(facts, [fmt])[fmt])


def write_register(
    engine: Engine,
    slug: str | None,
    *,
    year: int | None = None,
    formats: Sequence[str] | None = None,
    out_dir: Path | None = None,
    today: date | None = None,
) -> tuple[Written, RegisterFacts]:
    """Write the register export (default Excel and CSV) to out/<programme>/<year, or the year made>/stotte/
    register[-<year>].<format>. Recorded in the audit trail."""
    chosen = _formats(formats, REGISTER_FORMATS, REGISTER_DEFAULT)
    with audit.audited(engine, AuditAction.DRAFT_WRITTEN, programme=slug, target=_register_stem(year)) as noted:
        facts = register_facts(engine, slug, year=year, made_on=today)
        slug_of = _slug(engine, slug)
        noted.programme = slug_of
        paths = _write(
            _folder(out_dir, slug_of, year or facts.made_on.year),
            _register_stem(year),
            papers.register_files(facts, chosen),
        )
        noted.detail |= {"formater": list(chosen), "tildelinger": len(facts.rows)}
    with language.speaking(facts.language):
        title = _("Tildelinger til Registeret for offentlig støtte")
    return Written(title, paths), facts


# --- The county -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NearCeiling:
    """A single undertaking near the ceiling: its organisation numbers and names, its sum in the three years that
    end on the day, what is left, and the programmes that granted to it (any county's)."""

    org_numbers: tuple[str, ...]
    names: tuple[str, ...]
    total: Decimal
    left: Decimal
    ceiling: Decimal
    over: bool
    programmes: tuple[str, ...]
    start: date
    end: date

    @property
    def org_text(self) -> str:
        return ", ".join(org_number_text(n) for n in self.org_numbers)


def county_near_ceiling(engine: Engine, county: str, *, as_of: date) -> list[NearCeiling]:
    """The companies a programme of `county` granted to whose de minimis aid in the three years to `as_of` (every
    programme's awards and the declared aid, over the whole installation) has reached the warning share of the
    ceiling, the most aided first (`app.stateaid.companies_near_ceiling`)."""
    with db.session_scope(engine) as session:
        slugs = list(session.exec(select(Programme.slug).where(Programme.county == county)).all())
    if not slugs:
        return []
    found = stateaid.companies_near_ceiling(engine, as_of=as_of, programmes=slugs)
    return [
        NearCeiling(
            c.members,
            c.names,
            c.total,
            c.left,
            c.ceiling,
            c.over,
            tuple(sorted({r.grantor for r in c.rows if r.source is AidSource.GRANTED})),
            c.start,
            c.end,
        )
        for c in found
    ]


def installation_revision(engine: Engine) -> tuple[tuple[int, int], ...]:
    """Every programme's data revision (`store.revision`): what the county's companies near the ceiling were
    computed from, since a company's sum counts every programme's awards (a page may remember them by it)."""
    with db.session_scope(engine) as session:
        ids = sorted(i for i in session.exec(select(Programme.id)).all() if i is not None)
        changed = revisions(session.connection(), ids)
    return tuple(sorted(changed.items()))
