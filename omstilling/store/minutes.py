"""A meeting's minutes as stored (`Minutes`, `MinutesComment`, `MinutesApproval`), read into the pure core's terms
(`omstilling.core.minutes.Version`)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from omstilling.core import minutes
from omstilling.store.models import Minutes, MinutesApproval, MinutesComment
from omstilling.store.models.base import stored_id


def as_version(session: Session, row: Minutes) -> minutes.Version:
    rid = stored_id(row)
    comments = session.exec(
        select(MinutesComment).where(MinutesComment.minutes_id == rid).order_by(col(MinutesComment.id))
    )
    approvals = session.exec(
        select(MinutesApproval).where(MinutesApproval.minutes_id == rid).order_by(col(MinutesApproval.id))
    )
    return minutes.Version(
        rid,
        row.version,
        row.status,
        minutes.Content.of(row.content),
        row.comment_deadline,
        row.pdf_sha256,
        row.approved_sha256,
        row.approved_at,
        tuple(minutes.Comment(c.person_id, c.name, c.text, c.written_at) for c in comments),
        tuple(minutes.Approval(a.person_id, a.name, a.role, a.approved_at, a.method, a.sha256) for a in approvals),
    )


def rows(session: Session, meeting_id: int, *, lock: bool = False) -> list[Minutes]:
    """The meeting's versions, oldest first (`lock`: held for this unit of work, so two writers take turns)."""
    query = select(Minutes).where(Minutes.meeting_id == meeting_id).order_by(col(Minutes.version))
    return list(session.exec(query.with_for_update() if lock else query))


def versions(session: Session, meeting_id: int) -> tuple[minutes.Version, ...]:
    return tuple(as_version(session, r) for r in rows(session, meeting_id))
