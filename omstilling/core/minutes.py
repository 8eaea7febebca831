"""A board meeting's minutes (protokoll), pure: what they say, who may do what with a version of them, and when a
version is approved. The one home of these rules: the meeting page, the application layer (`omstilling.app.minutes`),
the minutes' PDF and the tick's reminder all ask here.

The round, per version:
1. **Utkast** — after the meeting (from its day; never for a cancelled one) the programme leader records who
   attended (the board on the day: members and deputies; the rest sent apologies), each agenda item's decision as
   adopted (starting from the proposal) and who was disqualified (inhabil) in it, and who else was present.
2. **Til kommentar** — sent to the attending members with a deadline; each may comment, or say they have none,
   until the deadline; those who have not answered get one reminder (`reminder_due`).
3. **Til godkjenning** — the version's PDF is written once and its SHA-256 kept; each attending member approves
   that very PDF (their approval names its SHA-256: an approval of anything else is refused).
4. **Godkjent** — when every attending member has approved. Nothing of the version changes after that; a correction
   is a new version, which goes round again. A version changed before it was approved is withdrawn (trukket), and
   the approvals it had do not carry over.

Approval in the app records the person, the time, how they had signed in and the SHA-256. Signing with BankID
through a signing service fits in at `approval_problem`/`Approval.method`: the service signs the same PDF (its hash),
and its signature is the approval's evidence (docs/ARCHITECTURE.md, "Protokollen")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from omstilling.core.attendance import MEMBERS, Board, Seat, needed
from omstilling.core.enums import CaseKind, MeetingStatus, MinutesStatus, QuorumRule, Role
from omstilling.core.formatting import date_long
from omstilling.core.language import _
from omstilling.core.meeting_agenda import in_order
from omstilling.core.snapshot import MeetingData

DECISION_LIMIT = 5_000
"""The longest decision text, in characters."""
NOTE_LIMIT = 5_000
"""The longest comment or note, in characters."""
COMMENT_DAYS = 7
"""The comment deadline offered: a week from the day the draft goes out."""
LONGEST_ROUND = timedelta(days=60)
"""The furthest a comment deadline may be set."""
REMINDER_DAYS = 1
"""The reminder to comment goes this many days before the deadline (or on it, when sent later)."""


def method_labels() -> dict[str, str]:
    """How an approver had signed in, in the approval page's words and the current written standard
    (`omstilling.access.sessions.Method`'s values; a signing service would add its own)."""
    return {
        "epost": _("innlogget med engangslenke på e-post"),
        "oidc": _("innlogget med kommunens innlogging (OpenID Connect)"),
        "bankid": _("signert med BankID"),
    }


@dataclass(frozen=True)
class Person:
    """Someone as the minutes name them: their name and role on the day (kept as written: a later change of name
    does not change approved minutes)."""

    id: int
    name: str
    role: str

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def member(self) -> bool:
        return self.role in MEMBERS

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "role": self.role}


@dataclass(frozen=True)
class Item:
    """An agenda item as the minutes record it."""

    key: str
    """The case's number ("12/14"), or for a standing item the programme did not register, its place ("fast-1",
    "eventuelt")."""
    number: str | None
    title: str
    kind: CaseKind
    proposal: str | None
    decision: str
    disqualified: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "number": self.number,
            "title": self.title,
            "kind": self.kind.value,
            "proposal": self.proposal,
            "decision": self.decision,
            "disqualified": list(self.disqualified),
        }


@dataclass(frozen=True)
class Content:
    """What a version of the minutes says."""

    present: tuple[Person, ...]
    absent: tuple[Person, ...]
    others: str
    """Others present (the programme leader, observers), as the leader writes it."""
    items: tuple[Item, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "present": [p.as_dict() for p in self.present],
            "absent": [p.as_dict() for p in self.absent],
            "others": self.others,
            "items": [i.as_dict() for i in self.items],
        }

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Content:
        def people(rows: Iterable[Mapping[str, Any]]) -> tuple[Person, ...]:
            return tuple(Person(int(r["id"]), str(r["name"]), str(r["role"])) for r in rows)

        return cls(
            people(data.get("present", ())),
            people(data.get("absent", ())),
            str(data.get("others") or ""),
            tuple(
                Item(
                    str(i["key"]),
                    i.get("number"),
                    str(i["title"]),
                    CaseKind(i.get("kind") or CaseKind.DECISION.value),
                    i.get("proposal"),
                    str(i.get("decision") or ""),
                    tuple(int(p) for p in i.get("disqualified") or ()),
                )
                for i in data.get("items", ())
            ),
        )

    def name_of(self, person_id: int) -> str:
        return next((p.name for p in (*self.present, *self.absent) if p.id == person_id), "")

    @property
    def approvers(self) -> tuple[Person, ...]:
        """Who approves: everyone who attended as the board (the chair, the members and the deputies who came)."""
        return self.present


@dataclass(frozen=True)
class Approval:
    person_id: int | None
    name: str
    role: str
    approved_at: datetime
    method: str
    sha256: str

    @property
    def method_label(self) -> str:
        return method_labels().get(self.method, self.method)


@dataclass(frozen=True)
class Comment:
    person_id: int | None
    name: str
    text: str | None
    written_at: datetime


@dataclass(frozen=True)
class Version:
    """A version of the minutes with its comments and approvals."""

    id: int
    version: int
    status: MinutesStatus
    content: Content
    comment_deadline: date | None
    pdf_sha256: str | None
    approved_sha256: str | None
    approved_at: datetime | None
    comments: tuple[Comment, ...] = ()
    approvals: tuple[Approval, ...] = field(default_factory=tuple)

    def approval_of(self, person_id: int) -> Approval | None:
        return next((a for a in self.approvals if a.person_id == person_id), None)

    @property
    def waiting_for(self) -> tuple[Person, ...]:
        """The attending members who have not approved yet."""
        done = {a.person_id for a in self.approvals}
        return tuple(p for p in self.content.approvers if p.id not in done)

    @property
    def not_commented(self) -> tuple[Person, ...]:
        said = {c.person_id for c in self.comments}
        return tuple(p for p in self.content.present if p.id not in said)

    @property
    def frozen(self) -> bool:
        """Whether its text is fixed (sent for approval, approved, or withdrawn): a change makes a new version."""
        return self.status in (MinutesStatus.APPROVAL, MinutesStatus.APPROVED, MinutesStatus.WITHDRAWN)


_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def cleaned(text: str | None) -> str:
    """A person's text as the minutes keep it: line breaks as "\n", and no control characters or direction
    overrides (a NUL cannot be stored on PostgreSQL; an override would make the PDF read otherwise than the text)."""
    return _UNSAFE.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


def item_key(case: Mapping[str, Any], place: int) -> str:
    if case.get("number"):
        return str(case["number"])
    return "eventuelt" if str(case["title"]).strip().casefold() == "eventuelt" else f"fast-{place}"


def starting_items(agenda: Mapping[str, Any]) -> tuple[Item, ...]:
    """The items of a first draft: the agenda in meeting order, each decision as proposed (or as the data has it
    already)."""
    found = []
    for place, case in enumerate(in_order(dict(agenda))):
        found.append(
            Item(
                item_key(case, place),
                case.get("number"),
                str(case["title"]),
                CaseKind(case.get("kind") or CaseKind.DECISION.value),
                case.get("proposal"),
                str(case.get("decision") or case.get("proposal") or ""),
            )
        )
    return tuple(found)


def merged_items(items: tuple[Item, ...], agenda: Mapping[str, Any]) -> tuple[Item, ...]:
    """A draft's items brought up to date with the agenda: the agenda's order, each item as the draft has it
    (its decision and who was disqualified), a case added to the meeting since with its proposal, and an item whose
    case has left the agenda dropped."""
    kept = {i.key: i for i in items}
    return tuple(
        replace(i, decision=kept[i.key].decision, disqualified=kept[i.key].disqualified) if i.key in kept else i
        for i in starting_items(agenda)
    )


def first_draft(board: Board, agenda: Mapping[str, Any], others: str = "") -> Content:
    """The draft the leader starts from: present, those who answered «kommer» (and the deputies called in who did);
    each decision as proposed."""
    return arrange(board, {s.person_id for s in board.expected}, others, starting_items(agenda))


def arrange(board: Board, present: set[int], others: str, items: tuple[Item, ...]) -> Content:
    """A content from the board on the day and who was there (members not present sent apologies; deputies not
    present are not named)."""
    seats: list[Seat] = [line.seat for line in (*board.members, *board.deputies)]
    here = tuple(Person(s.person_id, s.name, s.role) for s in seats if s.person_id in present)
    away = tuple(Person(s.person_id, s.name, s.role) for s in seats if s.member and s.person_id not in present)
    return Content(here, away, others.strip(), items)


def write_problem(meeting: MeetingData, today: date) -> str | None:
    """Why minutes cannot be recorded for this meeting yet (None when they can), in Norwegian."""
    if meeting.status is MeetingStatus.CANCELLED:
        return _("Styremøtet %(day)s er avlyst; det føres ingen protokoll.") % {"day": date_long(meeting.date)}
    if meeting.date > today:
        return _("Protokollen føres etter møtet: styremøtet er %(day)s.") % {"day": date_long(meeting.date)}
    return None


def content_problem(board: Board, present: Iterable[int], items: Iterable[Item], others: str) -> str | None:
    """Why this content cannot be saved (None when it can): people who were not on the board that day, a
    disqualified person who was not there, a text too long."""
    present = set(present)
    seats = {line.seat.person_id for line in (*board.members, *board.deputies)}
    if present - seats:
        return _("Bare styrets medlemmer og varamedlemmer på møtedagen kan føres som til stede.")
    if len(others) > NOTE_LIMIT:
        return _("«Andre til stede» er for lang: høyst %(limit)s tegn.") % {"limit": NOTE_LIMIT}
    for item in items:
        label = _item_label(item)
        if len(item.decision) > DECISION_LIMIT:
            return _("Vedtaket i %(item)s er for langt: høyst %(limit)s tegn.") % {
                "item": label,
                "limit": DECISION_LIMIT,
            }
        if set(item.disqualified) - present:
            return _("Bare de som var til stede, kan føres som inhabile i %(item)s.") % {"item": label}
    return None


def _item_label(item: Item) -> str:
    """An item as a refusal names it: "sak 12/14", or its title in quotes."""
    return _("sak %(number)s") % {"number": item.number} if item.number else f"«{item.title}»"


def send_problem(content: Content) -> str | None:
    """Why this content cannot go to the board yet (None when it can): nobody recorded present, or a decision case
    without its decision."""
    if not content.present:
        return _("Før protokollen sendes, må den si hvem som var til stede.")
    missing = [
        _item_label(i)
        for i in content.items
        if i.kind is CaseKind.DECISION and i.key != "eventuelt" and not i.decision.strip()
    ]
    if missing:
        return _("Vedtaket mangler i %(items)s.") % {"items": ", ".join(missing)}
    return None


def basis(current: Version | None) -> str:
    """What a form to change the minutes was opened on: the version and its state ("ny" before the first)."""
    return "ny" if current is None else f"{current.version}:{current.status.value}"


def basis_problem(current: Version | None, given: str) -> str | None:
    """Why a form opened on another version or state than the current one is refused (None when it is the same)."""
    if given == basis(current):
        return None
    if current is None:
        return _("Protokollen er endret siden du åpnet siden. Last siden på nytt og gjør endringene der.")
    return _(
        "Protokollen er endret siden du åpnet siden (versjon %(version)s er nå %(status)s). Last siden på nytt og "
        "gjør endringene der."
    ) % {"version": current.version, "status": current.status.label}


def deadline_problem(deadline: date | None, today: date) -> str | None:
    if deadline is None:
        return _("Velg en frist for kommentarer.")
    if deadline <= today:
        return _("Fristen for kommentarer må være etter i dag (%(today)s).") % {"today": date_long(today)}
    if deadline > today + LONGEST_ROUND:
        return _("Fristen for kommentarer kan være høyst %(days)s dager fram.") % {"days": LONGEST_ROUND.days}
    return None


def step_problem(current: Version | None, wanted: MinutesStatus) -> str | None:
    """Why the current version cannot move to `wanted` (COMMENTS or APPROVAL) now, in Norwegian."""
    if current is None:
        return _("Det er ikke ført noen protokoll for møtet ennå.")
    version = {"version": current.version}
    if current.status is MinutesStatus.APPROVED:
        return _("Versjon %(version)s av protokollen er godkjent; en retting lager en ny versjon.") % version
    if current.status is MinutesStatus.APPROVAL:
        return _("Versjon %(version)s av protokollen er allerede sendt til godkjenning.") % version
    if wanted is MinutesStatus.COMMENTS and current.status is MinutesStatus.COMMENTS:
        return _("Versjon %(version)s av protokollen er allerede sendt til kommentar.") % version
    return send_problem(current.content)


def comment_problem(current: Version | None, person_id: int | None, text: str | None, today: date) -> str | None:
    """Why this comment cannot be recorded (None when it can), in Norwegian."""
    if current is None or current.status is not MinutesStatus.COMMENTS:
        return _("Protokollen er ikke ute til kommentar nå.")
    if person_id is None or person_id not in {p.id for p in current.content.present}:
        return _("Bare de som var til stede på møtet, kan kommentere protokollen.")
    if current.comment_deadline is not None and today > current.comment_deadline:
        return _("Fristen for kommentarer gikk ut %(day)s.") % {"day": date_long(current.comment_deadline)}
    if text is not None and len(text) > NOTE_LIMIT:
        return _("Kommentaren er for lang: høyst %(limit)s tegn.") % {"limit": NOTE_LIMIT}
    return None


def approval_problem(
    current: Version | None, person_id: int | None, sha256: str, meeting: MeetingData | None = None
) -> str | None:
    """Why this approval cannot be recorded (None when it can), in Norwegian: nothing out for approval, someone
    who did not attend, a second approval, an approval of another PDF than the one out for approval, or minutes of
    a meeting since cancelled."""
    if meeting is not None and meeting.status is MeetingStatus.CANCELLED:
        return _("Styremøtet %(day)s er avlyst; protokollen kan ikke godkjennes.") % {"day": date_long(meeting.date)}
    if current is None or current.status not in (MinutesStatus.APPROVAL, MinutesStatus.APPROVED):
        return _("Protokollen er ikke sendt til godkjenning ennå.")
    if person_id is None or person_id not in {p.id for p in current.content.approvers}:
        return _("Du var ikke til stede på møtet, så du skal ikke godkjenne protokollen.")
    given = current.approval_of(person_id)
    if given is not None:
        return _("Du har allerede godkjent versjon %(version)s av protokollen.") % {"version": current.version}
    if current.status is MinutesStatus.APPROVED:
        return _("Versjon %(version)s av protokollen er allerede godkjent.") % {"version": current.version}
    if not sha256 or sha256 != current.pdf_sha256:
        return _(
            "Protokollen er endret siden du åpnet den, eller godkjenningen gjelder en annen fil. "
            "Les protokollen slik den er nå, og godkjenn den på nytt."
        )
    return None


def complete(version: Version, approvals: Iterable[Approval]) -> bool:
    """Whether every attending member has approved this version's PDF."""
    done = {a.person_id for a in approvals if a.sha256 == version.pdf_sha256}
    return bool(version.content.approvers) and all(p.id in done for p in version.content.approvers)


def quorum_sentence(content: Content, board_members: int, rule: QuorumRule) -> str:
    """Whether the board had a quorum, from who attended: members, and deputies in the place of absent members."""
    members = sum(1 for p in content.present if p.member)
    deputies = sum(1 for p in content.present if not p.member)
    counted = min(board_members, members + deputies)
    need = needed(rule, board_members)
    figures = {"counted": counted, "members": board_members, "need": need, "rule": rule.label}
    if board_members and counted >= need:
        return _("Styret var vedtaksført: %(counted)s av %(members)s medlemmer var til stede.") % figures
    return (
        _(
            "Styret var ikke vedtaksført: %(counted)s av %(members)s medlemmer var til stede, og %(need)s måtte være "
            "til stede (%(rule)s)."
        )
        % figures
    )


def item_quorum(content: Content, item: Item, board_members: int, rule: QuorumRule) -> str | None:
    """A sentence when the disqualified in an item leave the board without a quorum in it (None otherwise)."""
    if not item.disqualified:
        return None
    left = sum(1 for p in content.present if p.id not in item.disqualified)
    counted = min(board_members, left)
    need = needed(rule, board_members)
    if counted >= need:
        return None
    return _("Styret var ikke vedtaksført i saken: %(counted)s var igjen, %(need)s måtte delta.") % {
        "counted": counted,
        "need": need,
    }


def reminder_due(version: Version, as_of: date) -> bool:
    """Whether the reminder to comment goes on `as_of`: the version is out for comments and its deadline is at most
    `REMINDER_DAYS` away and not past."""
    deadline = version.comment_deadline
    return (
        version.status is MinutesStatus.COMMENTS
        and deadline is not None
        and deadline - timedelta(days=REMINDER_DAYS) <= as_of <= deadline
    )
