"""A person's data, as the operator answers a data subject: everything held about them exported as JSON
(`omstilling person export`, the button on the web app's log page), and a person who has left erased
(`omstilling person erase`: a dry run first, saying what would go, what stays and why).

What stays is the programme's record: a person's name and the roles they held (who sat on the board, and when, is
public, and the approved minutes name them), the documents already written, and their comments on and approvals of
the board's minutes (how the minutes were reviewed and approved). What goes is what is private: their contact
data, their county grants, sign-in links and web sessions, and their answers to meetings' notices (who said they
would come); where their address stood in the outbox, the deadlines they marked, the leader's texts and minutes
versions they wrote, the deputies they called in and the audit trail, a pseudonym stands instead."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.engine import Engine

from omstilling import clock
from omstilling.config import get_settings
from omstilling.core.enums import AuditAction, AuditOutcome, Role
from omstilling.core.formatting import date_short
from omstilling.core.snapshot import in_term
from omstilling.errors import OmstillingError
from omstilling.store import audit, db, people
from omstilling.store.models.base import utcnow

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
OTHER_ADDRESS = "[annen adresse]"
NO_COMMENTS = "ingen kommentarer"


def _address(email: str) -> str:
    address = people.normalised(email)
    if "@" not in address or len(address) > 254 or any(c.isspace() for c in address):
        raise OmstillingError(f"«{email.strip()}» er ikke en e-postadresse")
    return address


def _when(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _only_theirs(value: Any, address: str) -> Any:
    """`value` with every e-mail address but `address` replaced: an export holds nothing of another person's."""
    if isinstance(value, str):
        return EMAIL.sub(lambda m: m.group(0) if m.group(0).casefold() == address else OTHER_ADDRESS, value)
    if isinstance(value, list):
        return [_only_theirs(v, address) for v in value]
    if isinstance(value, dict):
        return {k: _only_theirs(v, address) for k, v in value.items()}
    return value


def _role_label(role: Role | str) -> str:
    return role.label if isinstance(role, Role) else str(role)


def export_person(engine: Engine, email: str, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything the database holds about `email`, as JSON-ready data with stable keys: their person rows with
    contact data and roles, county grants, sign-in links and web sessions (when and how, never a token), the
    messages addressed to them, the deadlines they marked, the leader's texts they wrote, their answers to meetings'
    notices, the deputies they called in, the minutes versions they wrote, their comments on and approvals of
    minutes, and the audit events about them (another person's address in them is left out). The export is itself
    recorded."""
    address = _address(email)
    with db.session_scope(engine) as session:
        found = people.held(session, address)
        data: dict[str, Any] = {
            "email": address,
            "exported_at": _when(now or utcnow()),
            "people": [
                {
                    "name": person.name,
                    "email": contact.email,
                    "phone": contact.phone,
                    "roles": [
                        {
                            "programme": slug,
                            "role": str(role.role),
                            "role_label": _role_label(role.role),
                            "organisation": role.organisation,
                            "term_start": _day(role.term_start),
                            "term_end": _day(role.term_end),
                        }
                        for role, slug in found.roles
                        if role.person_id == person.id
                    ],
                }
                for person, contact in found.people
            ],
            "county_access": [
                {"county": g.county, "granted_by": g.granted_by, "granted_at": _when(g.granted_at)}
                for g in found.county_grants
            ],
            "sign_in_links": [
                {
                    "created_at": _when(t.created_at),
                    "expires_at": _when(t.expires_at),
                    "used_at": _when(t.used_at),
                    "sent_at": _when(t.sent_at),
                    "send_error": t.send_error,
                    "next_path": t.next_path,
                }
                for t in found.sign_in_links
            ],
            "sessions": [
                {
                    "method": s.method,
                    "created_at": _when(s.created_at),
                    "last_seen_at": _when(s.last_seen_at),
                    "expires_at": _when(s.expires_at),
                    "ended_at": _when(s.ended_at),
                    "ended_reason": s.ended_reason,
                }
                for s in found.sessions
            ],
            "messages": [
                {
                    "programme": slug,
                    "kind": str(m.kind),
                    "role": m.role,
                    "subject": m.subject,
                    "body": m.body,
                    "status": str(m.status),
                    "planned_for": _day(m.planned_for),
                    "sent_at": _when(m.sent_at),
                    "attempts": m.attempts,
                    "last_error": m.last_error,
                }
                for m, slug in found.messages
            ],
            "deadlines_marked": [
                {
                    "programme": slug,
                    "event": key,
                    "year": d.year,
                    "due": _day(d.due_date),
                    "status": str(d.status),
                    "closed_by": d.closed_by,
                    "closed_at": _when(d.closed_at),
                    "note": d.note,
                }
                for d, slug, key in found.deadlines
            ],
            "texts_written": [
                {
                    "programme": slug,
                    "document": t.name,
                    "year": t.year,
                    "section": str(t.section),
                    "written_by": t.written_by,
                    "written_at": _when(t.written_at),
                    "text": t.body,
                }
                for t, slug in found.texts
            ],
            "meeting_answers": [
                {
                    "programme": a.programme,
                    "meeting": _day(a.meeting),
                    "answer": str(a.row.answer),
                    "via": str(a.row.via),
                    "answered_at": _when(a.row.answered_at),
                    "deputy_called_in": a.deputy,
                    "deputy_called_in_by": a.row.called_in_by,
                    "deputy_called_in_at": _when(a.row.called_in_at),
                }
                for a in found.answers
            ],
            "deputies_called_in": [
                {
                    "programme": slug,
                    "meeting": _day(day),
                    "called_in_by": a.called_in_by,
                    "called_in_at": _when(a.called_in_at),
                }
                for a, slug, day in found.deputies_called_in
            ],
            "minutes_written": [
                {
                    "programme": slug,
                    "meeting": _day(day),
                    "version": m.version,
                    "status": str(m.status),
                    "written_by": m.written_by,
                    "written_at": _when(m.written_at),
                }
                for m, slug, day in found.minutes_written
            ],
            "minutes_comments": [
                {
                    "programme": slug,
                    "meeting": _day(day),
                    "version": version,
                    "name": c.name,
                    "text": c.text if c.text is not None else NO_COMMENTS,
                    "written_at": _when(c.written_at),
                }
                for c, slug, day, version in found.comments
            ],
            "minutes_approvals": [
                {
                    "programme": slug,
                    "meeting": _day(day),
                    "version": version,
                    "name": a.name,
                    "role": a.role,
                    "approved_at": _when(a.approved_at),
                    "method": a.method,
                    "sha256": a.sha256,
                }
                for a, slug, day, version in found.approvals
            ],
            "audit_events": [
                {
                    "at": _when(e.at),
                    "actor": e.actor,
                    "action": e.action,
                    "programme": e.programme,
                    "target": e.target,
                    "outcome": e.outcome,
                    "source": e.source if e.actor.casefold() == address else None,
                    "detail": e.detail,
                }
                for e in found.events
            ],
        }
    exported: dict[str, Any] = _only_theirs(data, address)
    counts = {key: len(value) for key, value in exported.items() if isinstance(value, list)}
    audit.record(engine, AuditAction.PERSON_EXPORTED, target=address, detail=counts)
    return exported


@dataclass(frozen=True)
class Line:
    """One kind of data: what, how many rows, and why it goes or stays."""

    what: str
    count: int
    why: str


@dataclass(frozen=True)
class Erasure:
    """An erasure planned (the dry run) or done: what goes, what stays and why, what stands in its way."""

    email: str
    done: bool
    goes: list[Line] = field(default_factory=list)
    stays: list[Line] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    pseudonym: str | None = None

    @property
    def anything(self) -> bool:
        return any(line.count for line in self.goes)

    def words(self) -> list[str]:
        """What the command line prints, line by line."""
        head = (
            f"Slettet personopplysninger om {self.email} (pseudonym {self.pseudonym})."
            if self.done
            else f"Prøvekjøring: ingenting er slettet. Dette ville skjedd med {self.email}:"
        )
        lines = [head]
        if self.blocks:
            lines += ["", "Kan ikke slettes ennå:"] + [f"  - {b}" for b in self.blocks]
        lines += ["", "Slettes:" if self.done else "Slettes (eller får et pseudonym i stedet for adressen):"]
        lines += [f"  - {g.what}: {g.count}. {g.why}" for g in self.goes if g.count] or ["  - ingenting"]
        lines += ["", "Beholdes:"] + [
            f"  - {s.what}: {s.count}. {s.why}" if s.count >= 0 else f"  - {s.what}: {s.why}" for s in self.stays
        ]
        if not self.done and not self.blocks and self.anything:
            lines += ["", "Kjør igjen med --confirm for å slette."]
        return lines


OUTSIDE = Line(
    "Utenfor databasen",
    -1,
    "arbeidsbøker eksportert med kontaktdata, e-post som alt er sendt, "
    "sikkerhetskopier og loggene til Prefect og webserveren ryddes etter egne rutiner. En arbeidsbok med "
    "kontaktdata fra før slettingen legger adressen inn igjen hvis den importeres.",
)


def _plan(found: people.Held, address: str, today: date, operators: frozenset[str]) -> Erasure:
    """What erasing would do with what is held: what goes, what stays and why, and what stands in its way."""
    blocks = [
        f"har fortsatt rollen {_role_label(role.role)} i {slug} (fra {date_short(role.term_start)}"
        f"{', til ' + date_short(role.term_end) if role.term_end else ', uten sluttdato'}): sett en "
        "sluttdato for rollen (i arbeidsboka) før personen slettes"
        for role, slug in found.roles
        if in_term(role.term_start, role.term_end, today)
    ]
    if address in operators:
        blocks.append("er driftsansvarlig (OMSTILLING_OPERATORS): ta adressen ut av innstillingen først")
    own_events = sum(1 for e in found.events if e.actor.casefold() == address)
    goes = [
        Line("Kontaktdata (e-post og telefon)", len(found.people), "Private, brukt bare til påminnelser."),
        Line("Lesetilgang til fylkeskommuner", len(found.county_grants), "Tilgangen tas bort."),
        Line("Innloggingslenker", len(found.sign_in_links), "Slettes."),
        Line("Økter i webappen", len(found.sessions), "Slettes, og en åpen økt ender."),
        Line(
            "Meldinger til personen i utboksen",
            len(found.messages),
            "Teksten tømmes og adressen byttes med pseudonymet; emne, rolle, status og datoer står i "
            "programmets meldingshistorikk, og det som venter, sendes ikke.",
        ),
        Line(
            "Frister markert med adressen",
            sum(1 for d, _, _ in found.deadlines if (d.closed_by or "").strip().casefold() == address),
            "Adressen byttes med pseudonymet.",
        ),
        Line(
            "Programleders tekster skrevet med adressen",
            sum(1 for t, _ in found.texts if t.written_by.strip().casefold() == address),
            "Adressen byttes med pseudonymet; teksten står, den er en del av programmets dokumenter.",
        ),
        Line(
            "Svar på møteinnkallinger",
            len(found.answers),
            "Private (hvem som sa at de ville komme, og vararepresentanten som ble kalt inn for dem): svarene "
            "slettes. Hvem som møtte, står i protokollen.",
        ),
        Line(
            "Vararepresentanter kalt inn med adressen",
            len(found.deputies_called_in),
            "Adressen byttes med pseudonymet; svaret er den andres og står.",
        ),
        Line(
            "Protokollversjoner skrevet med adressen",
            len(found.minutes_written),
            "Adressen byttes med pseudonymet; protokollen står, den er styrets arkiv.",
        ),
        Line(
            "Hendelser i revisjonsloggen",
            len(found.events),
            f"Adressen byttes med pseudonymet ({own_events} av dem gjorde personen selv); hendelsene slettes "
            "når de er eldre enn OMSTILLING_AUDIT_DAYS.",
        ),
    ]
    stays = [
        Line(
            "Navn",
            len(found.people),
            "Styrets og programmets folk er offentlige: navnet står i godkjente "
            "protokoller og i andre dokumenter programmet har skrevet.",
        ),
        Line(
            "Roller",
            len(found.roles),
            "Hvem som hadde hvilken rolle og når, er programmets offentlige "
            "historikk, som styrets tidligere sammensetning.",
        ),
        Line(
            "Kommentarer til protokollutkast",
            len(found.comments),
            "Kommentarrunden er en del av protokollens historikk, som styret må kunne vise: navnet og "
            "kommentaren står, slik navnet står i den godkjente protokollen.",
        ),
        Line(
            "Godkjenninger av protokoller",
            len(found.approvals),
            "Hvem som godkjente hvilken versjon, når, hvordan de var logget inn og SHA-256 for PDF-en de godkjente, "
            "er styrets bevis for at protokollen er godkjent, og beholdes som den godkjente protokollen.",
        ),
        Line("Dokumenter som er skrevet", -1, "Protokoller og rapporter er programmets arkiv og endres ikke."),
        OUTSIDE,
    ]
    return Erasure(address, False, goes, stays, blocks)


def erase_person(
    engine: Engine,
    email: str,
    *,
    confirm: bool = False,
    today: date | None = None,
    operators: frozenset[str] | None = None,
) -> Erasure:
    """Erase a person who has left (with `confirm`; else only say what would happen). Refused, with nothing
    changed, while they hold a role today or are an operator: end the role first (its end date in the workbook).
    The erasure (or its refusal) is recorded in the audit trail under the pseudonym."""
    address = _address(email)
    today = today or clock.today()
    operators = get_settings().operator_emails if operators is None else operators
    if not confirm:
        with db.session_scope(engine) as session:
            return _plan(people.held(session, address), address, today, operators)
    pseudonym = f"slettet-{secrets.token_hex(5)}"
    with audit.audited(engine, AuditAction.PERSON_ERASED, target=address) as noted:
        with db.session_scope(engine) as session:
            plan = _plan(people.held(session, address), address, today, operators)
            if plan.blocks:
                noted.outcome, noted.detail["grunn"] = AuditOutcome.REFUSED, plan.blocks
            else:
                noted.detail |= people.erase(session, address, pseudonym)
        if not plan.blocks:
            noted.target = pseudonym  # the record of the erasure does not name whom it erased
    if plan.blocks:
        raise OmstillingError(f"{address} kan ikke slettes ennå: {'; '.join(plan.blocks)}; ingenting ble endret")
    return replace(plan, done=True, pseudonym=pseudonym)
