"""Who may see and do what in the web app, from the role assignments held on the day (and the configured
operators). One query per person; the web app asks on every request, so a role that ends ends the access.

    programme leader (programleder)       works on their programme: marks deadlines, imports data, makes drafts
    anyone else with a role on it         reads it (the board, the county's and Innovasjon Norge's observers)
    a county reader (granted by the       reads every programme of that county, and the county's page
      operator: `omstilling county-access`)
    an operator (OMSTILLING_OPERATORS)    works on every programme and sees recipients' addresses

Rights are granted only by those entitled to grant them: a programme's data (its workbook: the people, their
roles, the programme's county) gives access to that programme and nothing beyond it. Access across programmes
comes from the installation's configuration (the operators) and the operator's grants (county readers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, func, select

from omstilling.core.enums import Role
from omstilling.core.snapshot import in_term
from omstilling.store.models import Contact, CountyReader, Person, Programme, RoleAssignment

WORKS = frozenset({Role.PROGRAMME_LEADER})


def normalise(email: str) -> str:
    """Addresses are compared without case and surrounding blanks."""
    return email.strip().casefold()


@dataclass(frozen=True)
class Access:
    """What one signed-in address may do today."""

    email: str
    name: str | None = None
    operator: bool = False
    works_on: frozenset[str] = frozenset()
    reads: frozenset[str] = frozenset()
    counties: frozenset[str] = frozenset()
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The person's own roles (labels) per programme slug."""

    @property
    def anything(self) -> bool:
        """Whether the address may sign in at all."""
        return self.operator or bool(self.reads) or bool(self.counties)

    def can_read(self, slug: str) -> bool:
        return self.operator or slug in self.reads

    def can_work(self, slug: str) -> bool:
        return self.operator or slug in self.works_on

    def can_see_county(self, county: str) -> bool:
        return self.operator or county in self.counties

    def can_see_aid(self, slug: str, county: str) -> bool:
        """The state aid papers of programme `slug` of `county` (grant letters, declaration forms, the register
        export): its leader, the county's readers and the operator; not the board, who read the programme but not
        a company's aid from others."""
        return self.can_work(slug) or self.can_see_county(county)

    @property
    def sees_addresses(self) -> bool:
        return self.operator


NOBODY = Access(email="")


def access_for(session: Session, email: str, day: date, operators: frozenset[str] = frozenset()) -> Access:
    """The access of `email` on `day`: its role assignments then (the contact data names the address)."""
    email = normalise(email)
    if not email:
        return NOBODY
    rows = session.exec(
        select(
            Programme.slug,
            Programme.county,
            RoleAssignment.role,
            RoleAssignment.term_start,
            RoleAssignment.term_end,
            Person.name,
        )
        .join(RoleAssignment, RoleAssignment.programme_id == Programme.id)
        .join(Person, Person.id == RoleAssignment.person_id)
        .join(Contact, Contact.person_id == Person.id)
        .where(func.lower(func.trim(Contact.email)) == email)
        .order_by(Programme.slug, RoleAssignment.id)
    ).all()
    works, reads, roles, names = set(), set(), {}, []
    for slug, _county, role, start, end, name in rows:
        if not in_term(start, end, day):
            continue
        names.append(name)
        reads.add(slug)
        roles.setdefault(slug, ())
        roles[slug] = (*roles[slug], role.label)
        if role in WORKS:
            works.add(slug)
    counties = set(session.exec(select(CountyReader.county).where(CountyReader.email == email)))
    if counties:
        reads |= set(session.exec(select(Programme.slug).where(Programme.county.in_(counties))))
    return Access(
        email=email,
        name=names[0] if names else None,
        operator=email in operators,
        works_on=frozenset(works),
        reads=frozenset(reads),
        counties=frozenset(counties),
        roles=roles,
    )


def grant_county(session: Session, email: str, county: str, *, by: str) -> CountyReader:
    """Let `email` read every programme of `county` (the operator's grant). The county must be one a programme
    belongs to (a misspelt county would grant nothing, silently); granting twice changes nothing."""
    from omstilling.errors import InputError, Problem

    address, county = normalise(email), county.strip()
    if "@" not in address or len(address) > 254 or any(c.isspace() for c in address):
        raise InputError("fylkesleser", [Problem("epost", "er ikke en e-postadresse", email)])
    known = list(session.exec(select(Programme.county).distinct().order_by(Programme.county)))
    if county not in known:
        raise InputError(
            "fylkesleser",
            [
                Problem(
                    "fylke",
                    f"ingen program hører til denne fylkeskommunen (finnes: {', '.join(known) or 'ingen'})",
                    county,
                )
            ],
        )
    found = session.exec(
        select(CountyReader).where(CountyReader.email == address, CountyReader.county == county)
    ).first()
    if found is None:
        found = CountyReader(email=address, county=county, granted_by=by.strip() or "ukjent")
        session.add(found)
        session.flush()
    return found


def revoke_county(session: Session, email: str, county: str) -> bool:
    """Take a county reader's grant away; whether there was one."""
    found = session.exec(
        select(CountyReader).where(CountyReader.email == normalise(email), CountyReader.county == county.strip())
    ).first()
    if found is None:
        return False
    session.delete(found)
    session.flush()
    return True


def county_readers(session: Session) -> list[CountyReader]:
    """Every grant, by county and address."""
    return list(session.exec(select(CountyReader).order_by(CountyReader.county, CountyReader.email)))
