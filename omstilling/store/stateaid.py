"""State aid in the database: the installation's exchange rates, every programme's awards and declared aid to a set of
organisation numbers, the links that make undertakings one, and the lock that keeps two writers from both passing
the ceiling for one undertaking.

The ceiling is a sum over the whole installation (every programme's awards, every declaration), so two grants to
one company recorded at the same moment by two workers must take turns: each reads the sum and writes its award
while holding a lock on the company's organisation numbers (`lock_undertaking`). On PostgreSQL these are
transaction-scoped advisory locks, one per organisation number, taken in sorted order after a shared lock on the
links; recording a link takes that one exclusively, so the set of numbers that count as one undertaking cannot
change under a writer that has locked it. On SQLite the unit of work takes the database's one write lock at once
(`db.begin_writing`)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from omstilling.core.formatting import date_short
from omstilling.core.language import _
from omstilling.core.stateaid import Aid, AidSource, Rate, single_undertaking
from omstilling.errors import NotFound, OmstillingError
from omstilling.store import db
from omstilling.store.models import (
    AidAward,
    AidDeclaration,
    DeclaredAid,
    ExchangeRate,
    Programme,
    Project,
    UndertakingLink,
)

LINKS_LOCK = 29_000_000
"""The advisory lock on the links between organisation numbers (an arbitrary number of our own; organisation
numbers' keys are the CRC-32 of «stotte:<number>», so they cannot meet it but by a one in four billion chance, which
would only make two writers wait for each other)."""


def project_awards(session: Session, project_id: int | None) -> list[AidAward]:
    """A project's awards, by grant date (and, on one day, as recorded)."""
    return list(
        session.exec(
            select(AidAward)
            .where(AidAward.project_id == project_id)
            .order_by(col(AidAward.granted_on), col(AidAward.id))
        ).all()
    )


def one_award(awards: Sequence[AidAward], project: str, granted: date | None, *, latest: bool = False) -> AidAward:
    """The one of a project's `awards` (at least one, by grant date) granted on `granted`. Without a date: its only
    award, or with `latest` its latest; a project with several is otherwise refused, naming their dates, as is a
    date without an award."""
    days = ", ".join(date_short(a.granted_on) for a in awards)
    if granted is not None:
        found = [a for a in awards if a.granted_on == granted]
        if not found:
            raise NotFound(
                _("prosjekt %(number)s har ingen tildeling %(day)s (tildelt: %(days)s)")
                % {"number": project, "day": date_short(granted), "days": days}
            )
        return found[-1]
    if len(awards) > 1 and not latest:
        raise OmstillingError(
            _(
                "prosjekt %(number)s har flere tildelinger (%(days)s): si hvilken med tildelingsdatoen; "
                "ingenting ble endret"
            )
            % {"number": project, "days": days}
        )
    return awards[-1]


def _key(org_number: str) -> int:
    return zlib.crc32(f"stotte:{org_number}".encode()) - 2**31  # a signed 32-bit int: pg's bigint takes it as is


def lock_undertaking(session: Session, org_numbers: Iterable[str], *, links_change: bool = False) -> frozenset[str]:
    """Take turns with every other writer of aid to these organisation numbers and every number linked to them, for
    the rest of the unit of work; returns the numbers locked (the single undertakings of `org_numbers` as the links
    are now, which cannot change until the unit of work ends). `links_change`: this unit of work records or removes
    links (it waits for every writer of aid, and they for it)."""
    connection = session.connection()
    wanted = {n for n in org_numbers if n}
    if connection.dialect.name != "postgresql":
        db.begin_writing(session)  # SQLite: one writer at a time, from here to the commit
        return undertakings(session, wanted)
    mode = "pg_advisory_xact_lock" if links_change else "pg_advisory_xact_lock_shared"
    connection.exec_driver_sql(f"SELECT {mode}({LINKS_LOCK})")
    members = undertakings(session, wanted)  # the links cannot change now
    for number in sorted(members):  # one order for every writer: no two wait for each other in a ring
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_key(number)})")
    return members


def links(session: Session, *, leave_out: Iterable[int] = ()) -> list[tuple[str, str]]:
    """Every pair of organisation numbers that count as one undertaking, whichever programme recorded it (links only
    ever add to a sum); `leave_out`: link ids not to count (the ones an import takes away)."""
    skipped = set(leave_out)
    rows = session.exec(select(UndertakingLink.id, UndertakingLink.org_number, UndertakingLink.counts_with))
    return [(a, b) for id_, a, b in rows if id_ not in skipped]


def undertakings(session: Session, org_numbers: Iterable[str]) -> frozenset[str]:
    """The organisation numbers that count as one undertaking with any of `org_numbers`, themselves included."""
    every = links(session)
    found: set[str] = set()
    for number in org_numbers:
        if number not in found:
            found |= single_undertaking(number, every)
    return frozenset(found)


def aid_to(
    session: Session,
    org_numbers: Iterable[str],
    *,
    leave_out: Iterable[int] = (),
    leave_out_declared: Iterable[int] = (),
    start: date | None = None,
    end: date | None = None,
) -> list[Aid]:
    """Every award of every programme, and every declared row of every declaration, to any of `org_numbers`
    (granted between `start` and `end` when given), in euro; `leave_out`: award ids not to count (the ones an
    import replaces; `leave_out_declared` the same for declared rows). An award's grantor is its programme's name and its reference the project's number; a
    declared row's grantor is the body the company named, its reference the scheme."""
    numbers = sorted(set(org_numbers))
    if not numbers:
        return []
    skipped, skipped_declared = set(leave_out), set(leave_out_declared)
    awards = select(AidAward, Project.number, Programme.name).join(Project, col(Project.id) == col(AidAward.project_id))
    awards = awards.join(Programme, col(Programme.id) == col(Project.programme_id))
    awards = awards.where(col(AidAward.org_number).in_(numbers))
    declared = select(DeclaredAid, AidDeclaration.org_number).join(
        AidDeclaration, col(AidDeclaration.id) == col(DeclaredAid.declaration_id)
    )
    declared = declared.where(col(AidDeclaration.org_number).in_(numbers))
    if start is not None:
        awards = awards.where(col(AidAward.granted_on) >= start)
        declared = declared.where(col(DeclaredAid.granted_on) >= start)
    if end is not None:
        awards = awards.where(col(AidAward.granted_on) <= end)
        declared = declared.where(col(DeclaredAid.granted_on) <= end)
    found = [
        Aid(award.org_number, award.granted_on, Decimal(award.amount_eur), name, AidSource.GRANTED, number)
        for award, number, name in session.exec(awards)
        if award.id not in skipped
    ]
    found += [
        Aid(org, row.granted_on, Decimal(row.amount_eur), row.grantor, AidSource.DECLARED, row.scheme)
        for row, org in session.exec(declared)
        if row.id not in skipped_declared
    ]
    return sorted(found, key=lambda a: (a.granted, a.grantor, a.reference))


def rates_around(session: Session, day: date, back_days: int, currency: str = "NOK") -> dict[date, Rate]:
    """The installation's rates from `back_days` before `day` to `day` (what `core.stateaid.rate_for` needs)."""
    from datetime import timedelta

    rows = session.exec(
        select(ExchangeRate).where(
            ExchangeRate.currency == currency,
            col(ExchangeRate.day) >= day - timedelta(days=back_days),
            col(ExchangeRate.day) <= day,
        )
    )
    return {r.day: Rate(r.day, Decimal(r.per_eur), r.source) for r in rows}


def stored_rates(session: Session, days: Iterable[date], currency: str = "NOK") -> dict[date, ExchangeRate]:
    """The stored rates of these days."""
    wanted = sorted(set(days))
    found: dict[date, ExchangeRate] = {}
    for start in range(0, len(wanted), 500):  # (an IN list of a few hundred at a time)
        chunk = wanted[start : start + 500]
        for row in session.exec(
            select(ExchangeRate).where(ExchangeRate.currency == currency, col(ExchangeRate.day).in_(chunk))
        ):
            found[row.day] = row
    return found
