"""A document's title in words (pure): the one home of what a document is called, printed as the document's own
heading, on its PDF's first page, on the web app's Dokumenter page and in what `omstilling report` says it wrote.

A year's document names the year it is about, or the year it is for: the application and the action plan are
written in one year for the next, so the application written in 2014 is «Søknad om omstillingsmidler for 2015».
A meeting's document names the meeting, with its weekday: «Styrepapirer til møtet mandag 16. juni 2014»."""

from __future__ import annotations

from datetime import date

from omstilling.core.enums import DocumentKind
from omstilling.core.formatting import date_with_weekday
from omstilling.core.periods import document_name

_YEAR_TITLES = {
    DocumentKind.ANNUAL_REPORT: "Årsrapport {year}",
    DocumentKind.HALF_YEAR_REPORT: "Halvårsrapport {year}",
    DocumentKind.BOARD_REPORT: "Rapport til styret {year}",
    DocumentKind.APPLICATION: "Søknad om omstillingsmidler for {next}",
    DocumentKind.PSV_FACTS: "Faktagrunnlag for programstatusvurdering {year}",
    DocumentKind.SEMINAR_BASIS: "Grunnlag for styreseminaret {year}",
    DocumentKind.ACTION_PLAN: "Handlingsplan {next}",
    DocumentKind.NOTICE: "Innkalling til styremøte {year}",
    DocumentKind.BOARD_PACK: "Styrepapirer {year}",
    DocumentKind.MINUTES: "Utkast til protokoll {year}",
    DocumentKind.FINAL_REPORT: "Sluttrapport for omstillingsperioden til og med {year}",
}
"""A document about a year (and a meeting's document when no meeting is known)."""

_MEETING_TITLES = {
    DocumentKind.BOARD_REPORT: "Rapport til styremøtet {day}",
    DocumentKind.NOTICE: "Innkalling til styremøte {day}",
    DocumentKind.BOARD_PACK: "Styrepapirer til møtet {day}",
    DocumentKind.MINUTES: "Utkast til protokoll fra styremøtet {day}",
}
"""A meeting's document, `day` the meeting's date with its weekday (`mandag 16. juni 2014`)."""


def document_title(kind: DocumentKind, year: int, meeting_date: date | None = None) -> str:
    """The title of a document of `kind` about `year` (a meeting's document: the meeting on `meeting_date`)."""
    if kind.for_meeting and meeting_date is not None:
        return _MEETING_TITLES[kind].format(day=date_with_weekday(meeting_date))
    return _YEAR_TITLES[kind].format(year=year, next=year + 1)


def meeting_named(kind: DocumentKind, name: str) -> date | None:
    """The meeting a document's name names (`styrerapport-2014-06-16`: 16 June 2014), read back through
    `document_name` so the two cannot say different things; None for a year's document or any other name."""
    if not kind.for_meeting or not name.startswith(f"{kind.value}-"):
        return None
    try:
        day = date.fromisoformat(name.removeprefix(f"{kind.value}-"))
    except ValueError:
        return None
    return day if document_name(kind, day) == name else None


def named_document_title(kind: DocumentKind, year: int, name: str) -> str:
    """The title of a recorded document, from its kind, year and name (as the document records keep them)."""
    return document_title(kind, year, meeting_named(kind, name))
