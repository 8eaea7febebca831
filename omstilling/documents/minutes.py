"""The minutes' PDF (protokoll), from what the leader recorded (`omstilling.core.minutes`): the version sent for
approval, and the approved minutes, which are the same text with an approval page naming each approval and the
SHA-256 of the PDF approved. The same template as the draft minutes (`protokoll.md.j2`), the house's PDF."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from omstilling.config import get_settings
from omstilling.core import language, minutes
from omstilling.core.enums import DocumentKind, QuorumRule, Role
from omstilling.core.formatting import date_long
from omstilling.core.language import _
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.documents.context import build_context
from omstilling.documents.pdf import TitlePage, markdown_to_pdf
from omstilling.documents.render import PAGE_BREAK, environment


def title(meeting_date: date) -> str:
    return _("Protokoll fra styremøtet %(day)s") % {"day": date_long(meeting_date)}


@dataclass(frozen=True)
class Record:
    """A version of the minutes as recorded, to print: its words (the quorum, the roles, how each approved) are
    written when it is printed, in the programme's written standard (`pdf`)."""

    version: int
    content: minutes.Content
    board_members: int
    rule: QuorumRule
    zone: str
    approvals: tuple[minutes.Approval, ...] = ()
    sha256: str | None = None
    replaces: int | None = None

    def printed(self) -> dict[str, Any]:
        """What the template prints of the version (the approval page only with `approvals`), in the current
        written standard."""
        tz = ZoneInfo(self.zone)

        def when(moment: datetime) -> str:
            if moment.tzinfo is None:  # SQLite gives back UTC instants without their zone
                moment = moment.replace(tzinfo=UTC)
            local = moment.astimezone(tz)
            return _("%(day)s kl. %(time)s") % {"day": f"{local:%d.%m.%Y}", "time": f"{local:%H.%M}"}

        content, members, rule = self.content, self.board_members, self.rule
        return {
            "version": self.version,
            "present": [{"name": p.name, "role_label": p.role_label} for p in content.present],
            "absent": [{"name": p.name, "role_label": p.role_label} for p in content.absent],
            "others": content.others,
            "quorum": minutes.quorum_sentence(content, members, rule),
            "cases": [
                {
                    "number": i.number,
                    "title": i.title,
                    "decision": i.decision,
                    "disqualified": [content.name_of(p) for p in i.disqualified],
                    "quorum": minutes.item_quorum(content, i, members, rule),
                }
                for i in content.items
            ],
            "approvals": [
                {"name": a.name, "role": _role(a.role), "when": when(a.approved_at), "method": a.method_label}
                for a in self.approvals
            ],
            "sha256": self.sha256,
            "replaces": self.replaces,
        }


def _role(role: str) -> str:
    """A role as the approval page names it (recorded as the role's label when the approval was made): its label in
    the current written standard (a role the code does not know, as it was recorded)."""
    try:
        return Role.parse(role).label
    except ValueError:
        return role


def recorded(
    version: int,
    content: minutes.Content,
    board_members: int,
    rule: QuorumRule,
    zone: str,
    *,
    approvals: tuple[minutes.Approval, ...] = (),
    sha256: str | None = None,
    replaces: int | None = None,
) -> Record:
    """A version to print (the approval page only with `approvals`)."""
    return Record(version, content, board_members, rule, zone, tuple(approvals), sha256, replaces)


def markdown(snapshot: ProgrammeSnapshot, meeting_date: date, record: Record, made_on: date) -> str:
    """The minutes' Markdown, in the programme's written standard."""
    kind = DocumentKind.MINUTES
    with language.speaking(snapshot.language):
        context = build_context(kind, snapshot, meeting_date.year, meeting_date, meeting_date)
        template = environment(get_settings().templates_dir).get_template(f"{kind.value}.md.j2")
        return template.render(
            **context,
            title=title(meeting_date),
            made_on=made_on,
            charts={},
            recorded=record.printed(),
            page_break=Markup(PAGE_BREAK),
        )


def pdf(snapshot: ProgrammeSnapshot, meeting_date: date, record: Record, made_on: date) -> bytes:
    """The PDF of a version (for approval, or approved with its approval page), in the programme's written
    standard."""
    settings = get_settings()
    with language.speaking(snapshot.language):
        if record.approvals:
            state = _("godkjent")
        else:
            state = _("versjon %(version)s til godkjenning") % {"version": record.version}
        page = TitlePage(
            title(meeting_date),
            snapshot.name,
            _("Styremøte %(day)s") % {"day": date_long(meeting_date)},
            f"{state} · {date_long(made_on)}",
        )
        text = markdown(snapshot, meeting_date, record, made_on)
    with tempfile.TemporaryDirectory() as folder:
        return markdown_to_pdf(text, page, Path(folder), settings.templates_dir, cover=False)
