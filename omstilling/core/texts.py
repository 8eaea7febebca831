"""The programme leader's own words in a document (pure): which sections of which document kind a person must
write, where a written section is kept (the document it belongs to), and which are still unwritten.

A section is kept per document: kind, year and name, as the document records name it (`document_name`), so the
board report's text for the meeting of 16.06.2014 belongs to `styrerapport-2014-06-16` whether it is printed in
the board report or in the board pack for that meeting. Regenerating a draft keeps it; the draft prints it in every
format, and a section nobody has written says so in the draft and stands on the leader's checklist (the reminder
for the document's deadline and the Frister page), never as a note to the leader in a paper for the board."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from omstilling.core import indicators as ind
from omstilling.core.enums import DocumentKind, GoalMetric, MeetingStatus, TextSection
from omstilling.core.formatting import date_short, number
from omstilling.core.language import _
from omstilling.core.periods import document_name
from omstilling.core.snapshot import OwnTextData, ProgrammeSnapshot

_REPORT = (TextSection.SUMMARY, TextSection.QUALITATIVE, TextSection.DEVIATIONS, TextSection.WAY_FORWARD)
SECTIONS: dict[DocumentKind, tuple[TextSection, ...]] = {
    DocumentKind.ANNUAL_REPORT: _REPORT,
    DocumentKind.HALF_YEAR_REPORT: _REPORT,
    DocumentKind.BOARD_REPORT: (TextSection.SUMMARY, TextSection.DEVIATIONS),
    DocumentKind.APPLICATION: (TextSection.SUMMARY, TextSection.WAY_FORWARD),
    DocumentKind.FINAL_REPORT: (TextSection.SUMMARY, TextSection.QUALITATIVE, TextSection.WAY_FORWARD),
}
"""The sections a person writes, per document kind (in the order the document prints them)."""

BODY_LIMIT = 20_000
"""The longest text a section takes, in characters (about eight pages)."""


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def body_problem(body: str) -> str | None:
    """Why a text cannot be kept as written, or None: longer than `BODY_LIMIT`, or holding a control character no
    keyboard types (a vertical tab, NUL: a workbook cell cannot hold it, so a round trip would change the text, and
    a Word file cannot hold it at all). Line breaks and tabs are text."""
    if len(body) > BODY_LIMIT:
        return _("teksten er %(length)s tegn; den kan være høyst %(limit)s tegn") % {
            "length": number(len(body)),
            "limit": number(BODY_LIMIT),
        }
    if odd := sorted({f"U+{ord(c):04X}" for c in body if _CONTROL.match(c)}):
        return _("teksten har tegn som ikke kan lagres (%(characters)s)") % {"characters": ", ".join(odd)}
    return None


def home_problem(
    kind: DocumentKind,
    year: int,
    meeting_date: date | None,
    status_years: tuple[int, int],
    meetings: Iterable[tuple[date, MeetingStatus]],
    where_meetings: str = "",
) -> tuple[str, str] | None:
    """Why a text cannot be kept for this document of the programme, as (field, message), or None: the year must
    be in the status period, and a meeting's document must name a meeting of the programme that is not cancelled.
    The one rule for the web app's page (`app.texts`), a text written alone (`intake.writes.put_leader_text`) and a
    workbook's rows (its checks); `where_meetings` says where the meetings are listed ("se arket Styremøter")."""
    meetings = list(meetings)
    first, last = status_years
    if not first <= year <= last:
        return "year", _("%(year)s er utenfor programmets statusperiode (%(first)s–%(last)s)") % {
            "year": year,
            "first": first,
            "last": last,
        }
    if not kind.for_meeting or meeting_date is None:
        return None
    statuses = [status for day, status in meetings if day == meeting_date]
    if not statuses:
        days = sorted({day for day, status in meetings if day.year == meeting_date.year})
        held = ", ".join(date_short(day) for day in days)
        year_of = {"year": meeting_date.year, "days": held}
        known = _("styremøtene i %(year)s: %(days)s") % year_of if days else _("ingen styremøter i %(year)s") % year_of
        where = f"; {where_meetings}" if where_meetings else ""
        return "meeting_date", _("programmet har ikke styremøte denne datoen (%(known)s%(where)s)") % {
            "known": known,
            "where": where,
        }
    if all(status is MeetingStatus.CANCELLED for status in statuses):
        return "meeting_date", _("møtet %(day)s er avlyst; et avlyst møte får ingen «%(kind)s»") % {
            "day": date_short(meeting_date),
            "kind": kind.label,
        }
    return None


@dataclass(frozen=True)
class TextHome:
    """The document a section's text belongs to: the board pack's texts are its board report's."""

    kind: DocumentKind
    year: int
    name: str


def home(kind: DocumentKind, year: int, meeting_date: date | None) -> TextHome:
    """Where the texts of a document of `kind` are kept (the board pack keeps none of its own: it prints its
    board report's)."""
    owner = DocumentKind.BOARD_REPORT if kind is DocumentKind.BOARD_PACK else kind
    if owner.for_meeting and meeting_date:
        year = meeting_date.year
    return TextHome(owner, year, document_name(owner, meeting_date))


def sections(kind: DocumentKind) -> tuple[TextSection, ...]:
    """The sections of `kind` a person writes (none for the notice, the minutes and the fact sheets)."""
    owner = DocumentKind.BOARD_REPORT if kind is DocumentKind.BOARD_PACK else kind
    return SECTIONS.get(owner, ())


def written(
    snapshot: ProgrammeSnapshot, kind: DocumentKind, year: int, meeting_date: date | None
) -> dict[TextSection, OwnTextData]:
    """The sections written for the document, by section (blank texts count as unwritten)."""
    where = home(kind, year, meeting_date)
    return {
        t.section: t
        for t in snapshot.texts
        if (t.kind, t.year, t.name) == (where.kind, where.year, where.name) and t.body.strip()
    }


def needed(
    snapshot: ProgrammeSnapshot, kind: DocumentKind, year: int, as_of: date, meeting_date: date | None = None
) -> tuple[TextSection, ...]:
    """The sections the document asks a person for, on `as_of`: the assessment of qualitative goals only when the
    year has such goals, the comment on deviations only when there are deviations."""
    wanted = []
    for section in sections(kind):
        if section is TextSection.QUALITATIVE and not any(
            g.metric is GoalMetric.QUALITATIVE and g.period_start <= year <= g.period_end for g in snapshot.goals
        ):
            continue
        if section is TextSection.DEVIATIONS and not ind.deviations(snapshot, year, as_of):
            continue
        wanted.append(section)
    return tuple(wanted)


def unwritten(
    snapshot: ProgrammeSnapshot, kind: DocumentKind, year: int, as_of: date, meeting_date: date | None = None
) -> tuple[TextSection, ...]:
    """The sections the document needs that nobody has written yet."""
    done = written(snapshot, kind, year, meeting_date)
    return tuple(s for s in needed(snapshot, kind, year, as_of, meeting_date) if s not in done)
