"""The årshjul as data (events, quota rules), its dated deadlines, the outbox and document records.

Schema only here: the behaviour lives in `omstilling.core.wheel`, `omstilling.core.reminders` and `omstilling.documents`."""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from omstilling.core.enums import (
    DeadlineStatus,
    DocumentKind,
    EventKind,
    MeetingKind,
    MessageKind,
    OutboxStatus,
    TextSection,
    WheelPhase,
)
from omstilling.store.models.base import enum_field, json_list_field, timestamp_field


class WheelEvent(SQLModel, table=True):
    """One recurring duty of a programme's wheel, with an RFC 5545 RRULE and a reminder ladder.

    `ladder` is a list of steps: {"offset": -28, "roles": ["programleder"]} (negative = days before)."""

    __table_args__ = (
        sa.UniqueConstraint("programme_id", "key"),
        sa.CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0", name="duration_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=60)
    title: str = Field(max_length=200)
    kind: EventKind = enum_field(EventKind)
    rrule: str
    responsible_roles: list[str] = json_list_field()
    document: DocumentKind | None = enum_field(DocumentKind, default=None, nullable=True)
    depends_on: list[str] = json_list_field()
    ladder: list[dict] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    start_time: time | None = None
    duration_minutes: int | None = None
    description: str | None = None
    phase: WheelPhase = enum_field(WheelPhase, default=WheelPhase.EVERY_YEAR)


class ClosedDay(SQLModel, table=True):
    """Days a programme does not work beyond weekends and public holidays (e.g. 24 December, July), as an RRULE."""

    __table_args__ = (sa.UniqueConstraint("programme_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=60)
    title: str = Field(max_length=200)
    rrule: str


class QuotaRule(SQLModel, table=True):
    """ "At least N meetings of these kinds in each period", e.g. 3 board meetings per half-year."""

    __table_args__ = (
        sa.UniqueConstraint("programme_id", "key"),
        sa.CheckConstraint("minimum > 0", name="minimum_positive"),
        sa.CheckConstraint("months_per_period IN (1, 2, 3, 4, 6, 12)", name="period_divides_year"),
        sa.CheckConstraint("notice_days >= 0", name="notice_days_non_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=60)
    title: str = Field(max_length=200)
    minimum: int
    months_per_period: int = 6
    meeting_kinds: list[MeetingKind] = json_list_field()
    notice_days: int = 7
    description: str | None = None


class Deadline(SQLModel, table=True):
    """One dated occurrence of a wheel event (materialised per year), and whether it is done."""

    __table_args__ = (sa.UniqueConstraint("event_id", "year", "occurrence"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    event_id: int = Field(foreign_key="wheelevent.id", index=True, ondelete="CASCADE")
    year: int
    occurrence: int = 1
    due_date: date = Field(index=True)
    status: DeadlineStatus = enum_field(DeadlineStatus, default=DeadlineStatus.OPEN)
    closed_by: str | None = Field(default=None, max_length=200)
    closed_at: datetime | None = timestamp_field()
    note: str | None = None


class Invitation(SQLModel, table=True):
    """A meeting as its participants' calendars know it: the iCalendar UID (the feed's), what was last announced,
    and the SEQUENCE of that announcement. A moved meeting is announced again with SEQUENCE + 1; a cancelled one
    gets a CANCEL. The messages themselves are outbox rows (`OutboxMessage.invitation_id`)."""

    __table_args__ = (sa.UniqueConstraint("programme_id", "uid"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    uid: str = Field(max_length=200)
    meeting_id: int | None = Field(default=None, foreign_key="boardmeeting.id", ondelete="SET NULL")
    summary: str = Field(max_length=300)
    location: str | None = Field(default=None, max_length=200)
    starts_at: datetime = timestamp_field(nullable=False)
    ends_at: datetime = timestamp_field(nullable=False)
    sequence: int = 0
    cancelled: bool = False
    updated_at: datetime = timestamp_field(nullable=False, default_now=True)
    # what the board meeting's notice said (`omstilling.messaging.notices`): None until the meeting is called, then
    # the step of the last notice (0) or correction; the time and place it named (the time None: cancellation told)
    notice_step: int | None = None
    notice_starts_at: datetime | None = timestamp_field()
    notice_location: str | None = Field(default=None, max_length=200)


class OutboxMessage(SQLModel, table=True):
    """A planned message, written before it is sent: unique on (deadline, kind, step, recipient), or for a message
    about a meeting on (invitation, kind, step, recipient). The kind says what the step is: a reminder's ladder step,
    the invitation's SEQUENCE (an announcement, a cancellation, a removal), the id of the first row an alert tells
    about (so a later give-up of the same step gets an alert of its own).

    `recipient` is an e-mail address, or `kanal:<tag>` for a shared channel (Teams, Slack …). A sender claims a
    row by setting `claim_token` and `claimed_until` in one UPDATE, so two processes never send the same row.
    `body` is the plain text (Markdown for a channel), `html` the e-mail's HTML part, `document` the document to
    attach ({"kind", "year", "name"}: its latest version when sent), `ics` an invitation's calendar object."""

    __table_args__ = (
        sa.UniqueConstraint("deadline_id", "kind", "step", "recipient"),
        sa.UniqueConstraint("invitation_id", "kind", "step", "recipient"),
        sa.CheckConstraint("attempts >= 0", name="attempts_non_negative"),
        sa.CheckConstraint("deadline_id IS NOT NULL OR invitation_id IS NOT NULL", name="about_something"),
    )

    id: int | None = Field(default=None, primary_key=True)
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id", index=True, ondelete="CASCADE")
    invitation_id: int | None = Field(default=None, foreign_key="invitation.id", index=True, ondelete="CASCADE")
    kind: MessageKind = enum_field(MessageKind)
    step: int
    recipient: str = Field(max_length=254)
    subject: str
    body: str
    html: str | None = None
    document: dict | None = Field(default=None, sa_column=sa.Column(sa.JSON, nullable=True))
    ics: str | None = None
    role: str = Field(default="", max_length=60)
    status: OutboxStatus = enum_field(OutboxStatus, default=OutboxStatus.PENDING, index=True)
    attempts: int = 0
    last_error: str | None = None
    planned_for: date
    created_at: datetime = timestamp_field(nullable=False, default_now=True)
    next_attempt_at: datetime | None = timestamp_field()
    claimed_until: datetime | None = timestamp_field()
    claim_token: str | None = Field(default=None, max_length=40)
    sent_at: datetime | None = timestamp_field()


class DocumentRecord(SQLModel, table=True):
    """One file of one version of a document: where, from which data (fingerprint) and template, by which run.

    A document is (programme, kind, year, name); its versions count per document, whatever formats each run
    wrote, and the unique key lets only one run write a version (see `omstilling.documents.publish`)."""

    __table_args__ = (sa.UniqueConstraint("programme_id", "kind", "year", "name", "version", "format"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    kind: DocumentKind = enum_field(DocumentKind)
    year: int
    name: str = Field(max_length=80)
    version: int = 1
    format: str = Field(max_length=8)
    as_of: date
    path: str
    fingerprint: str = Field(max_length=64)
    template_version: str = Field(max_length=64)
    run_id: str | None = Field(default=None, max_length=64)
    created_at: datetime = timestamp_field(nullable=False, default_now=True)


class LeaderText(SQLModel, table=True):
    """A section of one document in the programme leader's own words (`omstilling.core.texts`): the document by
    kind, year and name, as its records name it; kept across regenerations, with who wrote it last and when."""

    __table_args__ = (sa.UniqueConstraint("programme_id", "kind", "year", "name", "section"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    kind: DocumentKind = enum_field(DocumentKind)
    year: int
    name: str = Field(max_length=80)
    section: TextSection = enum_field(TextSection)
    body: str
    written_by: str = Field(max_length=254)
    written_at: datetime = timestamp_field(nullable=False, default_now=True)
