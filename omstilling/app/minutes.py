"""A board meeting's minutes (protokoll), step by step: the leader records and corrects them, sends them to the
attending members for comments and then for approval; each attending member comments and approves; approved, the
minutes' PDF with its approval page is written and the decisions go into the register. The rules are
`omstilling.core.minutes`'; every refusal is one Norwegian sentence and changes nothing; every step is in the audit
trail. Writers take turns on the meeting's minutes (the rows are locked for the unit of work), so two approvals
at once both count and the approved PDF is written once."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from omstilling.access.roles import normalise
from omstilling.app import attendance
from omstilling.app.attendance import MeetingBoard
from omstilling.config import get_settings
from omstilling.core import language, minutes
from omstilling.core.enums import AuditAction, MessageKind, MinutesStatus, QuorumRule, Role
from omstilling.core.language import _
from omstilling.core.meeting_agenda import meeting_agenda
from omstilling.core.reminders import RecipientData, holders
from omstilling.documents import minutes as document
from omstilling.errors import OmstillingError
from omstilling.messaging import minutes as messages
from omstilling.messaging.outbox import OUTBOX
from omstilling.messaging.plan import insert_new
from omstilling.store import audit, db
from omstilling.store import minutes as stored
from omstilling.store.files import write_atomically
from omstilling.store.models import BoardCase, BoardMeeting, Minutes, MinutesApproval, MinutesComment, Programme


class MinutesRefused(OmstillingError):
    """A step on the minutes that cannot be taken (the message says why); nothing was changed. `field`: the form
    field the refusal is about, when it is about one (the comment deadline, «frist»)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class MinutesView:
    """The minutes of a meeting as its page shows them."""

    found: MeetingBoard
    versions: tuple[minutes.Version, ...]
    rule: QuorumRule

    @property
    def current(self) -> minutes.Version | None:
        return self.versions[-1] if self.versions else None

    @property
    def approved(self) -> minutes.Version | None:
        """The latest approved version (the minutes in force)."""
        return next((v for v in reversed(self.versions) if v.status is MinutesStatus.APPROVED), None)

    @property
    def draft(self) -> minutes.Content:
        """What the leader's form starts from: the current version, or a first draft from the answers and the
        agenda."""
        with language.speaking(self.found.snapshot.language):
            agenda = meeting_agenda(self.found.snapshot, self.found.meeting, self.found.meeting.date)
            if self.current is not None:
                content = self.current.content
                return replace(content, items=minutes.merged_items(content.items, agenda))
            return minutes.first_draft(self.found.board, agenda)

    @property
    def basis(self) -> str:
        """What the leader's form is opened on (`core.minutes.basis`): a save from a stale form is refused."""
        return minutes.basis(self.current)

    @property
    def board_members(self) -> int:
        return len(self.found.board.members)

    def quorum(self, content: minutes.Content) -> str:
        return minutes.quorum_sentence(content, self.board_members, self.rule)


def view(session: Session, programme: Programme, day: date) -> MinutesView | None:
    found = attendance.meeting_board(session, programme, day)
    if found is None:
        return None
    return MinutesView(found, stored.versions(session, found.meeting.id), attendance.quorum_rule())


def _open(session: Session, slug: str, day: date) -> tuple[MeetingBoard, list[Minutes]]:
    """The meeting and its versions, locked for this unit of work (a second writer waits for this one)."""
    db.begin_writing(session)
    programme = session.exec(select(Programme).where(Programme.slug == slug)).first()
    if programme is None:
        raise MinutesRefused(_("Det finnes ikke noe program med kortnavnet «%(slug)s».") % {"slug": slug})
    found = attendance.meeting_board(session, programme, day)
    if found is None:
        raise MinutesRefused(_("Det er ikke noe styremøte %(day)s.") % {"day": day.isoformat()})
    # the meeting's row is the lock (there are no minutes rows to lock before the first save)
    session.exec(select(BoardMeeting).where(BoardMeeting.id == found.meeting.id).with_for_update()).one()
    return found, stored.rows(session, found.meeting.id, lock=True)


def _current(session: Session, rows: list[Minutes]) -> minutes.Version | None:
    return stored.as_version(session, rows[-1]) if rows else None


def _items(found: MeetingBoard, current: minutes.Version | None) -> tuple[minutes.Item, ...]:
    """The cases the minutes record, their standing items worded in the programme's standard whoever saves (the
    web page, a test, a script): what is recorded is kept as worded then."""
    with language.speaking(found.snapshot.language):
        agenda = meeting_agenda(found.snapshot, found.meeting, found.meeting.date)
        if current is not None:
            return minutes.merged_items(current.content.items, agenda)
        return minutes.starting_items(agenda)


def save(
    engine: Engine,
    slug: str,
    day: date,
    *,
    by: str,
    basis: str,
    present: list[int],
    others: str,
    decisions: Mapping[str, str],
    disqualified: Mapping[str, list[int]],
    today: date,
    now: datetime,
) -> minutes.Version:
    """Record the minutes as the leader wrote them: the draft changed in place, or, when the current version is
    fixed (out for approval, approved), a new version (the one out for approval is withdrawn). Returns the version
    saved."""
    with (
        audit.audited(
            engine, AuditAction.MINUTES_WRITTEN, programme=slug, target=f"styremøte {day.isoformat()}"
        ) as noted,
        db.session_scope(engine) as session,
    ):
        found, rows = _open(session, slug, day)
        problem = minutes.write_problem(found.meeting, today)
        if problem:
            raise MinutesRefused(problem)
        current = _current(session, rows)
        problem = minutes.basis_problem(current, basis)
        if problem:
            raise MinutesRefused(problem)
        others = minutes.cleaned(others)
        items = tuple(
            minutes.Item(
                i.key,
                i.number,
                i.title,
                i.kind,
                i.proposal,
                minutes.cleaned(decisions.get(i.key, i.decision)),
                tuple(dict.fromkeys(disqualified.get(i.key, ()))),
            )
            for i in _items(found, current)
        )
        problem = minutes.content_problem(found.board, present, items, others)
        if problem:
            raise MinutesRefused(problem)
        content = minutes.arrange(found.board, set(present), others, items)
        if current is not None and not current.frozen:
            row = rows[-1]
            row.content, row.written_by, row.written_at = content.as_dict(), normalise(by), now
            session.add(row)
        else:
            if current is not None and current.status is MinutesStatus.APPROVAL:
                rows[-1].status = MinutesStatus.WITHDRAWN
                session.add(rows[-1])
            row = Minutes(
                meeting_id=found.meeting.id,
                version=(current.version + 1) if current else 1,
                status=MinutesStatus.DRAFT,
                content=content.as_dict(),
                written_by=normalise(by),
                written_at=now,
            )
            session.add(row)
        session.flush()
        noted.detail |= {"versjon": row.version}
        return stored.as_version(session, row)


def _leader_and(found: MeetingBoard, people: list[RecipientData], day: date) -> list[RecipientData]:
    return people + [p for p in holders(found.recipients, (Role.PROGRAMME_LEADER.value,), day) if p.email]


def send_for_comments(
    engine: Engine, slug: str, day: date, *, deadline: date | None, today: date, now: datetime
) -> minutes.Version:
    """Send the current draft to the attending members for comments by `deadline` (one message each)."""
    with (
        audit.audited(engine, AuditAction.MINUTES_SENT, programme=slug, target=f"styremøte {day.isoformat()}") as noted,
        db.session_scope(engine) as session,
    ):
        found, rows = _open(session, slug, day)
        current = _current(session, rows)
        problem = minutes.step_problem(current, MinutesStatus.COMMENTS)
        if problem or current is None:
            raise MinutesRefused(problem or _("Det er ikke ført noen protokoll for møtet ennå."))
        problem = minutes.deadline_problem(deadline, today)
        if problem:
            raise MinutesRefused(problem, field="frist")
        row = rows[-1]
        row.status, row.comment_deadline, row.sent_for_comments_at = MinutesStatus.COMMENTS, deadline, now
        session.add(row)
        session.flush()
        version = stored.as_version(session, row)
        people = messages.attendees(version, found.recipients, found.meeting.date)
        planned = messages.rows(
            session, found.snapshot, found.meeting, version, MessageKind.MINUTES_COMMENTS, people, today, now
        )
        insert_new(session, OUTBOX, planned) if planned else None
        noted.detail |= {"versjon": row.version, "til": "kommentar", "frist": str(deadline)}
        return version


def comment(
    engine: Engine, slug: str, day: date, *, email: str, text: str | None, today: date, now: datetime
) -> minutes.Version:
    """An attending member's comment on the draft out for comments (`text` None: no comments)."""
    with audit.audited(
        engine, AuditAction.MINUTES_COMMENTED, programme=slug, target=f"styremøte {day.isoformat()}"
    ) as noted:
        with db.session_scope(engine) as session:
            found, rows = _open(session, slug, day)
            current = _current(session, rows)
            person = found.person_of(email)
            cleaned = minutes.cleaned(text) or None
            problem = minutes.comment_problem(current, person, cleaned, today)
            if problem or current is None or person is None:
                raise MinutesRefused(problem or _("Kommentaren kunne ikke lagres."))
            session.add(
                MinutesComment(
                    minutes_id=current.id,
                    person_id=person,
                    name=current.content.name_of(person),
                    text=cleaned,
                    written_at=now,
                )
            )
            noted.detail |= {"versjon": current.version, "person": person, "ingen": cleaned is None}
        with db.session_scope(engine) as session:
            return stored.as_version(session, session.get(Minutes, current.id))  # type: ignore[arg-type]


def _folder(found: MeetingBoard) -> Path:
    return get_settings().output_dir / found.snapshot.slug / str(found.meeting.date.year)


@contextmanager
def _files_undone_on_failure() -> Iterator[list[Path]]:
    """The files a step writes, removed again when the step fails after writing them (its transaction rolled
    back): a PDF on disk is never one the database does not know."""
    written: list[Path] = []
    try:
        yield written
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _write(path: Path, data: bytes, written: list[Path]) -> str:
    write_atomically(path, data, make_folder=True)
    written.append(path)
    return hashlib.sha256(data).hexdigest()


def send_for_approval(engine: Engine, slug: str, day: date, *, today: date, now: datetime) -> minutes.Version:
    """Fix the current version: write its PDF once (its SHA-256 kept), and send it to the attending members for
    approval."""
    with (
        _files_undone_on_failure() as written,
        audit.audited(engine, AuditAction.MINUTES_SENT, programme=slug, target=f"styremøte {day.isoformat()}") as noted,
        db.session_scope(engine) as session,
    ):
        found, rows = _open(session, slug, day)
        current = _current(session, rows)
        problem = minutes.step_problem(current, MinutesStatus.APPROVAL)
        if problem or current is None:
            raise MinutesRefused(problem or _("Det er ikke ført noen protokoll for møtet ennå."))
        row = rows[-1]
        replaces = _replaces(rows)
        record = document.recorded(
            row.version,
            current.content,
            len(found.board.members),
            attendance.quorum_rule(),
            found.snapshot.timezone,
            replaces=replaces,
        )
        data = document.pdf(found.snapshot, found.meeting.date, record, today)
        path = _folder(found) / f"protokoll-{found.meeting.date.isoformat()}-v{row.version}.pdf"
        row.pdf_sha256 = _write(path, data, written)
        row.pdf_path = str(path)
        row.status, row.sent_for_approval_at = MinutesStatus.APPROVAL, now
        session.add(row)
        session.flush()
        version = stored.as_version(session, row)
        people = messages.attendees(version, found.recipients, found.meeting.date)
        planned = messages.rows(
            session, found.snapshot, found.meeting, version, MessageKind.MINUTES_APPROVAL, people, today, now
        )
        insert_new(session, OUTBOX, planned) if planned else None
        noted.detail |= {"versjon": row.version, "til": "godkjenning", "sha256": row.pdf_sha256}
        return version


def _replaces(rows: list[Minutes]) -> int | None:
    """The approved version the newest one corrects (None: it corrects none)."""
    earlier = [r.version for r in rows[:-1] if r.status is MinutesStatus.APPROVED]
    return earlier[-1] if earlier else None


def approve(
    engine: Engine, slug: str, day: date, *, email: str, method: str, sha256: str, today: date, now: datetime
) -> tuple[minutes.Version, bool]:
    """An attending member's approval of the PDF out for approval (`sha256`: the file they were shown). When it is
    the last one, the approved minutes are written (the same text with the approval page), the decisions go into
    the register, and everyone who attended and the leader are told. Returns the version and whether it is now
    approved."""
    with (
        _files_undone_on_failure() as written,
        audit.audited(
            engine, AuditAction.MINUTES_APPROVED, programme=slug, target=f"styremøte {day.isoformat()}", metode=method
        ) as noted,
        db.session_scope(engine) as session,
    ):
        found, rows = _open(session, slug, day)
        current = _current(session, rows)
        person = found.person_of(email)
        if person is None and current is not None:  # someone who attended but has left the board since
            person = _attendee_by_address(found, current, email)
        problem = minutes.approval_problem(current, person, sha256, found.meeting)
        noted.detail |= {"person": person, "sha256": sha256}
        if problem or current is None or person is None:
            raise MinutesRefused(problem or _("Godkjenningen kunne ikke lagres."))
        attendee = next(p for p in current.content.approvers if p.id == person)
        session.add(
            MinutesApproval(
                minutes_id=current.id,
                person_id=person,
                name=attendee.name,
                role=attendee.role_label,
                approved_at=now,
                method=method,
                sha256=sha256,
            )
        )
        session.flush()
        row = rows[-1]
        version = stored.as_version(session, row)
        done = minutes.complete(version, version.approvals)
        if done:
            _finish(session, found, rows, version, today, now, written)
            version = stored.as_version(session, row)
        noted.detail |= {"versjon": row.version, "godkjent": done}
        return version, done


def _attendee_by_address(found: MeetingBoard, current: minutes.Version, email: str) -> int | None:
    wanted = normalise(email)
    present = {p.id for p in current.content.present}
    return next(
        (p.person_id for p in found.recipients if p.email and normalise(p.email) == wanted and p.person_id in present),
        None,
    )


def _finish(
    session: Session,
    found: MeetingBoard,
    rows: list[Minutes],
    version: minutes.Version,
    today: date,
    now: datetime,
    written: list[Path],
) -> None:
    row = rows[-1]
    record = document.recorded(
        row.version,
        version.content,
        len(found.board.members),
        attendance.quorum_rule(),
        found.snapshot.timezone,
        approvals=version.approvals,
        sha256=row.pdf_sha256,
        replaces=_replaces(rows),
    )
    data = document.pdf(found.snapshot, found.meeting.date, record, today)
    path = _folder(found) / f"protokoll-{found.meeting.date.isoformat()}-v{row.version}-godkjent.pdf"
    row.approved_sha256 = _write(path, data, written)
    row.approved_path = str(path)
    row.status, row.approved_at = MinutesStatus.APPROVED, now
    session.add(row)
    # the decisions as adopted go into the register (the board's own cases; standing items have no case)
    by_number = {i.number: i.decision for i in version.content.items if i.number}
    for case in session.exec(select(BoardCase).where(BoardCase.meeting_id == found.meeting.id)):
        if case.number in by_number and by_number[case.number].strip():
            case.decision = by_number[case.number]
            session.add(case)
    session.flush()
    finished = stored.as_version(session, row)
    people = _leader_and(found, messages.attendees(finished, found.recipients, found.meeting.date), today)
    planned = messages.rows(
        session, found.snapshot, found.meeting, finished, MessageKind.MINUTES_APPROVED, people, today, now
    )
    insert_new(session, OUTBOX, planned) if planned else None


class NotYours(OmstillingError):
    """A version of the minutes not approved, asked for by someone not on the board."""


class FileChanged(OmstillingError):
    """A stored PDF of the minutes no longer matches its recorded SHA-256."""


def pdf(
    engine: Engine, slug: str, day: date, version: int, *, approved: bool, board_only: bool = False
) -> tuple[bytes, str]:
    """The exact PDF of a version (sent for approval, or `approved` with its approval page) and its SHA-256, checked
    against the record: a file changed on disk is refused, never served. `board_only`: the reader is not on the
    board, so a version not approved is refused (`NotYours`)."""
    with db.session_scope(engine) as session:
        programme = session.exec(select(Programme).where(Programme.slug == slug)).first()
        found = attendance.meeting_board(session, programme, day) if programme else None
        row = None
        if found is not None:
            row = next((r for r in stored.rows(session, found.meeting.id) if r.version == version), None)
    path, digest = (
        (row.approved_path, row.approved_sha256)
        if approved and row
        else (row.pdf_path, row.pdf_sha256)
        if row
        else (None, None)
    )
    if not path or not digest or row is None:
        raise MinutesRefused(_("Denne versjonen av protokollen har ingen PDF ennå."))
    if board_only and row.status is not MinutesStatus.APPROVED:
        raise NotYours(_("Utkast til protokoll er for styret og programlederen til protokollen er godkjent."))
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise FileChanged(
            _("PDF-filen til versjon %(version)s av protokollen finnes ikke lenger på serveren.") % {"version": version}
        ) from None
    if hashlib.sha256(data).hexdigest() != digest:
        raise FileChanged(
            _(
                "PDF-filen til versjon %(version)s av protokollen er endret etter at den ble lagret, og vises ikke. "
                "Driftsansvarlig må se på saken."
            )
            % {"version": version}
        )
    return data, digest
