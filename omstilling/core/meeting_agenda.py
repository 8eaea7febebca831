"""A board meeting's agenda as meeting practice orders it (pure): the standing items (the notice and agenda, the
minutes of the previous meeting), the cases the board decides (vedtakssaker), the cases it is told about
(orienteringssaker), and eventuelt last; each case with its number, title, background and proposed decision.

The one home of that order: the board papers (`omstilling.documents.context.board_meeting_context`: the notice,
the board report, the pack, the draft minutes) and the notice e-mail (`omstilling.messaging.notices`) both read it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from omstilling.core.enums import CaseKind, MeetingStatus
from omstilling.core.formatting import date_long
from omstilling.core.language import _
from omstilling.core.snapshot import CaseData, MeetingData, ProgrammeSnapshot


def briefing_proposal() -> str:
    """A briefing case's proposed decision when it has none of its own, in the current written standard."""
    return _("Styret tar saken til orientering.")


def previous_meeting(snapshot: ProgrammeSnapshot, meeting_date: date) -> date | None:
    """The last meeting held or planned (not cancelled) before `meeting_date`."""
    earlier = [m for m in snapshot.meetings if m.date < meeting_date and m.status is not MeetingStatus.CANCELLED]
    return earlier[-1].date if earlier else None


def meeting_agenda(snapshot: ProgrammeSnapshot, meeting: MeetingData | None, meeting_date: date) -> dict[str, Any]:
    """The agenda in its parts: `cases` (every registered case by number), `standing`, `decisions`, `briefings`
    and `any_other`, each case a dict (number, title, proposal, decision, background, kind, kind_label)."""
    previous = previous_meeting(snapshot, meeting_date)
    cases = [_case(c) for c in sorted(meeting.cases, key=_case_order)] if meeting else []
    # the standing items: the programme's own cases for them when it registers them, else the usual wording
    notice = next((c for c in cases if _is(c, "godkjenning av innkalling")), None)
    minutes = next((c for c in cases if _is(c, "godkjenning av protokoll")), None)
    any_other = next((c for c in cases if str(c["title"]).strip(" .:").casefold() == "eventuelt"), None)
    standing = [
        notice or _standing(_("Godkjenning av innkalling og saksliste"), _("Innkalling og saksliste godkjennes."))
    ]
    if minutes or previous:
        day = {"day": date_long(previous) if previous else ""}
        standing.append(
            minutes
            or _standing(
                _("Godkjenning av protokoll fra styremøtet %(day)s") % day,
                _("Protokollen fra styremøtet %(day)s godkjennes.") % day,
            )
        )
    others = [c for c in cases if c is not notice and c is not minutes and c is not any_other]
    return {
        "cases": cases,
        "standing": standing,
        "decisions": [c for c in others if c["kind"] == CaseKind.DECISION.value],
        "briefings": [c for c in others if c["kind"] == CaseKind.BRIEFING.value],
        "any_other": any_other or _standing(_("Eventuelt"), None),
    }


def in_order(parts: dict[str, Any]) -> list[dict[str, Any]]:
    """The agenda's items in the order the meeting takes them (standing, decisions, briefings, eventuelt)."""
    return [*parts["standing"], *parts["decisions"], *parts["briefings"], parts["any_other"]]


def _standing(title: str, proposal: str | None) -> dict[str, Any]:
    """A standing item the programme has not registered as a case of its own: no number, a decision case."""
    return {
        "number": None,
        "title": title,
        "proposal": proposal,
        "decision": None,
        "background": None,
        "kind": CaseKind.DECISION.value,
        "kind_label": CaseKind.DECISION.label,
    }


def _is(case: dict[str, Any], title: str) -> bool:
    """Whether a registered case is one of the standing approvals (by how its title begins: "Godkjenning av
    innkalling og saksliste", "Godkjenning av protokoll …"); eventuelt is a case titled just that ("Eventuelt
    salg av aksjer …" is a case of its own)."""
    return bool(str(case["title"]).strip().casefold().startswith(title))


def _case(case: CaseData) -> dict[str, Any]:
    """A case as the meeting's papers print it: a briefing case without a proposal of its own is proposed taken
    to the board's notice."""
    found = asdict(case) | {"kind": case.kind.value, "kind_label": case.kind.label}
    if case.kind is CaseKind.BRIEFING and not case.proposal:
        found["proposal"] = briefing_proposal()
    return found


def _case_order(case: CaseData) -> tuple[int, int, str]:
    """Cases by their number "NN/YY": the year, then the running number (10/14 after 9/14)."""
    running, _, year = case.number.partition("/")
    return (int(year) if year.isdigit() else 0, int(running) if running.isdigit() else 0, case.number)
