"""The minutes' PDF (protokoll), from what the leader recorded (`omstilling.core.minutes`): the version sent for
approval, and the approved minutes, which are the same text with an approval page naming each approval and the
SHA-256 of the PDF approved. The same template as the draft minutes (`protokoll.md.j2`), the house's PDF."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from omstilling.config import get_settings
from omstilling.core import minutes
from omstilling.core.enums import DocumentKind, QuorumRule
from omstilling.core.formatting import date_long
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.documents.context import build_context
from omstilling.documents.pdf import TitlePage, markdown_to_pdf
from omstilling.documents.render import PAGE_BREAK, environment


def title(meeting_date: date) -> str:
    return f"Protokoll fra styremøtet {date_long(meeting_date)}"


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
) -> dict[str, Any]:
    """What the template prints of a version (the approval page only with `approvals`)."""
    tz = ZoneInfo(zone)

    def when(moment: datetime) -> str:
        if moment.tzinfo is None:  # SQLite gives back UTC instants without their zone
            moment = moment.replace(tzinfo=UTC)
        local = moment.astimezone(tz)
        return f"{local:%d.%m.%Y} kl. {local:%H.%M}"

    return {
        "version": version,
        "present": [{"name": p.name, "role_label": p.role_label} for p in content.present],
        "absent": [{"name": p.name, "role_label": p.role_label} for p in content.absent],
        "others": content.others,
        "quorum": minutes.quorum_sentence(content, board_members, rule),
        "cases": [
            {
                "number": i.number,
                "title": i.title,
                "decision": i.decision,
                "disqualified": [content.name_of(p) for p in i.disqualified],
                "quorum": minutes.item_quorum(content, i, board_members, rule),
            }
            for i in content.items
        ],
        "approvals": [
            {"name": a.name, "role": a.role, "when": when(a.approved_at), "method": a.method_label} for a in approvals
        ],
        "sha256": sha256,
        "replaces": replaces,
    }


def markdown(snapshot: ProgrammeSnapshot, meeting_date: date, record: dict[str, Any], made_on: date) -> str:
    kind = DocumentKind.MINUTES
    context = build_context(kind, snapshot, meeting_date.year, meeting_date, meeting_date)
    template = environment(get_settings().templates_dir).get_template(f"{kind.value}.md.j2")
    return template.render(
        **context, title=title(meeting_date), made_on=made_on, charts={}, recorded=record, page_break=Markup(PAGE_BREAK)
    )


def pdf(snapshot: ProgrammeSnapshot, meeting_date: date, record: dict[str, Any], made_on: date) -> bytes:
    """The PDF of a version (for approval, or approved with its approval page)."""
    settings = get_settings()
    state = "godkjent" if record["approvals"] else f"versjon {record['version']} til godkjenning"
    page = TitlePage(
        title(meeting_date), snapshot.name, f"Styremøte {date_long(meeting_date)}", f"{state} · {date_long(made_on)}"
    )
    with tempfile.TemporaryDirectory() as folder:
        return markdown_to_pdf(
            markdown(snapshot, meeting_date, record, made_on), page, Path(folder), settings.templates_dir, cover=False
        )
