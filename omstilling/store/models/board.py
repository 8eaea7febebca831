"""The board's year: meetings and cases, status assessments (PSV) with the programme's own indicators, and
deviations."""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from omstilling.core.enums import (
    AnsweredVia,
    Attendance,
    CaseKind,
    DeviationStatus,
    FollowUpStatus,
    IndicatorKind,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    PsvForm,
)
from omstilling.store.models.base import enum_field, timestamp_field


class BoardMeeting(SQLModel, table=True):
    """A board meeting (styremøte) or the board seminar."""

    __table_args__ = (sa.UniqueConstraint("programme_id", "date", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    date: date
    kind: MeetingKind = enum_field(MeetingKind)
    status: MeetingStatus = enum_field(MeetingStatus)
    start_time: time | None = None
    location: str | None = Field(default=None, max_length=200)


class BoardCase(SQLModel, table=True):
    """A case (sak) on a meeting's agenda, numbered "NN/YY" within the programme; its decision may carry a
    follow-up, which becomes a deadline with reminders (the wheel's `vedtak` event)."""

    __table_args__ = (sa.UniqueConstraint("programme_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    meeting_id: int = Field(foreign_key="boardmeeting.id", index=True, ondelete="CASCADE")
    number: str = Field(max_length=10)
    title: str = Field(max_length=300)
    proposal: str | None = None  # forslag til vedtak, as the notice and the draft minutes print it
    decision: str | None = None
    project_id: int | None = Field(default=None, foreign_key="project.id", ondelete="SET NULL")
    # A decision to follow up (vedtaksoppfølging): what, the role responsible, and by when (all or none).
    follow_up: str | None = None
    follow_up_role: str | None = Field(default=None, max_length=60)
    follow_up_due: date | None = None
    kind: CaseKind = enum_field(CaseKind, default=CaseKind.DECISION)  # vedtakssak or orienteringssak
    background: str | None = None  # the case's background (saksframstilling), printed before the proposal


class StatusAssessment(SQLModel, table=True):
    """A year's programstatusvurdering (PSV)."""

    __table_args__ = (sa.UniqueConstraint("programme_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    year: int
    meeting_date: date | None = None
    facilitator: str | None = Field(default=None, max_length=200)
    summary: str | None = None
    form: PsvForm | None = enum_field(PsvForm, default=None, nullable=True)  # the indicator set it is scored on
    conclusion: str | None = None  # the verbal conclusion the participants agreed on


class PsvIndicator(SQLModel, table=True):
    """One indicator of the programme's own PSV set (the workbook's sheet PSV-indikatorer), in its order."""

    __table_args__ = (
        sa.UniqueConstraint("programme_id", "name"),
        sa.UniqueConstraint("programme_id", "number"),
        sa.CheckConstraint("number > 0", name="number_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    number: int
    name: str = Field(max_length=200)
    kind: IndicatorKind = enum_field(IndicatorKind)
    description: str | None = None


class IndicatorScore(SQLModel, table=True):
    """One indicator's agreed score (1–5) in a PSV, with its justification."""

    __table_args__ = (
        sa.UniqueConstraint("assessment_id", "indicator"),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="statusassessment.id", index=True, ondelete="CASCADE")
    indicator: str = Field(max_length=200)
    kind: IndicatorKind = enum_field(IndicatorKind)
    score: int
    justification: str | None = None


class Recommendation(SQLModel, table=True):
    """A PSV recommendation, and how it was followed up."""

    __table_args__ = (
        sa.UniqueConstraint("assessment_id", "number"),
        sa.CheckConstraint("number > 0", name="number_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="statusassessment.id", index=True, ondelete="CASCADE")
    number: int
    text: str
    follow_up: str | None = None
    status: FollowUpStatus = enum_field(FollowUpStatus)


class Deviation(SQLModel, table=True):
    """An avvik: a goal or budget line off its target beyond tolerance, with cause and corrective action."""

    __table_args__ = (sa.UniqueConstraint("programme_id", "subject", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    subject: str = Field(max_length=300)
    period: str = Field(max_length=20)
    goal_id: int | None = Field(default=None, foreign_key="goal.id", ondelete="SET NULL")
    budget_line_id: int | None = Field(default=None, foreign_key="budgetline.id", ondelete="SET NULL")
    cause: str | None = None
    action: str | None = None
    status: DeviationStatus = enum_field(DeviationStatus)


class MeetingAnswer(SQLModel, table=True):
    """A board member's or deputy's answer to a meeting's notice (the latest one counts), given by the signed link
    in the notice or on the meeting page; on a member's row who cannot come, the deputy called in for them, by whom
    and when (`omstilling.core.attendance` decides what the answers mean)."""

    __table_args__ = (sa.UniqueConstraint("meeting_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="boardmeeting.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    answer: Attendance = enum_field(Attendance)
    via: AnsweredVia = enum_field(AnsweredVia)
    answered_at: datetime = timestamp_field(nullable=False)
    deputy_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    called_in_by: str | None = Field(default=None, max_length=254)
    called_in_at: datetime | None = timestamp_field()


class Minutes(SQLModel, table=True):
    """One version of a board meeting's minutes (protokoll), as the programme leader records it on the meeting page
    (`omstilling.core.minutes` holds the rules, `omstilling.app.minutes` the steps). `content` is what the minutes
    say: who attended and who sent apologies, and per case its decision as adopted and who was disqualified
    (inhabil). Sent for approval, the version's PDF is written once and its SHA-256 kept (`pdf_sha256`): every
    approval names it. Approved, nothing of the version changes; a correction is a new version with a new round."""

    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "version"),
        sa.CheckConstraint("version > 0", name="version_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="boardmeeting.id", index=True, ondelete="CASCADE")
    version: int = 1
    status: MinutesStatus = enum_field(MinutesStatus, default=MinutesStatus.DRAFT)
    content: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    written_by: str = Field(max_length=254)
    written_at: datetime = timestamp_field(nullable=False)
    comment_deadline: date | None = None
    sent_for_comments_at: datetime | None = timestamp_field()
    sent_for_approval_at: datetime | None = timestamp_field()
    approved_at: datetime | None = timestamp_field()
    pdf_path: str | None = None  # the exact PDF sent for approval
    pdf_sha256: str | None = Field(default=None, max_length=64)
    approved_path: str | None = None  # the approved minutes: the same text with the approval page
    approved_sha256: str | None = Field(default=None, max_length=64)


class MinutesComment(SQLModel, table=True):
    """An attending member's comment on a version of the minutes, or their word that they have none (`text` None)."""

    id: int | None = Field(default=None, primary_key=True)
    minutes_id: int = Field(foreign_key="minutes.id", index=True, ondelete="CASCADE")
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True, ondelete="SET NULL")
    name: str = Field(max_length=200)
    text: str | None = None
    written_at: datetime = timestamp_field(nullable=False)


class MinutesApproval(SQLModel, table=True):
    """An attending member's approval of one version of the minutes: who, when, how they had signed in, and the
    SHA-256 of the exact PDF they approved (the version's `pdf_sha256`). Kept when the person is erased (the name
    stays, as it does in approved minutes)."""

    __table_args__ = (sa.UniqueConstraint("minutes_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    minutes_id: int = Field(foreign_key="minutes.id", index=True, ondelete="CASCADE")
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True, ondelete="SET NULL")
    name: str = Field(max_length=200)
    role: str = Field(max_length=60)
    approved_at: datetime = timestamp_field(nullable=False)
    method: str = Field(max_length=40)
    sha256: str = Field(max_length=64)
