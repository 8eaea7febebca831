"""Who may see and do what in the web app, from the role assignments held on the day (and the configured
operators). One query per person; the web app asks on every request, so a role that ends ends the access.

    programme leader (programleder)       works on their programme: marks deadlines, imports data, makes drafts
    anyone else with a role on it         reads it (the board gets the board papers there)
    the county's observer                 reads every programme of that county, and the county's page
    an operator (OMSTILLING_OPERATORS)    works on every programme and sees recipients' addresses
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, func, select

from omstilling.core.enums import Role
from omstilling.core.snapshot import in_term
from omstilling.store.models import Contact, Person, Programme, RoleAssignment

WORKS = frozenset({Role.PROGRAMME_LEADER})
OBSERVES_COUNTY = frozenset({Role.COUNTY_OBSERVER})


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
        select(Programme.slug, Programme.county, RoleAssignment.role, RoleAssignment.term_start,
               RoleAssignment.term_end, Person.name)
        .join(RoleAssignment, RoleAssignment.programme_id == Programme.id)
        .join(Person, Person.id == RoleAssignment.person_id)
        .join(Contact, Contact.person_id == Person.id)
        .where(func.lower(func.trim(Contact.email)) == email)
        .order_by(Programme.slug, RoleAssignment.id)
    ).all()
    works, reads, counties, roles, names = set(), set(), set(), {}, []
    for slug, county, role, start, end, name in rows:
        if not in_term(start, end, day):
            continue
        names.append(name)
        reads.add(slug)
        roles.setdefault(slug, ())
        roles[slug] = (*roles[slug], role.label)
        if role in WORKS:
            works.add(slug)
        if role in OBSERVES_COUNTY:
            counties.add(county)
    if counties:
        reads |= set(session.exec(select(Programme.slug).where(Programme.county.in_(counties))))
    return Access(email=email, name=names[0] if names else None, operator=email in operators,
                  works_on=frozenset(works), reads=frozenset(reads), counties=frozenset(counties), roles=roles)
