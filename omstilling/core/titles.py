"""A document's title in words (pure): the one home of what a document is called, printed as the document's own
heading, on its PDF's first page, on the web app's Dokumenter page and in what `omstilling report` says it wrote.

A year's document names the year it is about, or the year it is for: the application and the action plan are
written in one year for the next, so the application written in 2014 is «Søknad om omstillingsmidler for 2015».
A meeting's document names the meeting, with its weekday: «Styrepapirer til møtet mandag 16. juni 2014»."""

from __future__ import annotations

from datetime import date

from omstilling.core.enums import DocumentKind
from omstilling.core.formatting import date_with_weekday
from omstilling.core.language import _
from omstilling.core.periods import document_name


def _year_title(kind: DocumentKind, year: int) -> str:
    """A document about a year (and a meeting's document when no meeting is known), in the current written
    standard (`omstilling.core.language`)."""
    titles = {
        DocumentKind.ANNUAL_REPORT: _("Årsrapport %(year)s"),
        DocumentKind.HALF_YEAR_REPORT: _("Halvårsrapport %(year)s"),
        DocumentKind.BOARD_REPORT: _("Rapport til styret %(year)s"),
        DocumentKind.APPLICATION: _("Søknad om omstillingsmidler for %(next)s"),
        DocumentKind.PSV_FACTS: _("Faktagrunnlag for programstatusvurdering %(year)s"),
        DocumentKind.SEMINAR_BASIS: _("Grunnlag for styreseminaret %(year)s"),
        DocumentKind.ACTION_PLAN: _("Handlingsplan %(next)s"),
        DocumentKind.NOTICE: _("Innkalling til styremøte %(year)s"),
        DocumentKind.BOARD_PACK: _("Styrepapirer %(year)s"),
        DocumentKind.MINUTES: _("Utkast til protokoll %(year)s"),
        DocumentKind.FINAL_REPORT: _("Sluttrapport for omstillingsperioden til og med %(year)s"),
        DocumentKind.FINAL_EVALUATION: _("Datagrunnlag for sluttevalueringen, omstillingsperioden til og med %(year)s"),
    }
    return titles[kind] % {"year": year, "next": year + 1}


def _meeting_title(kind: DocumentKind, meeting_date: date) -> str:
    """A meeting's document, named by the meeting's date with its weekday (`mandag 16. juni 2014`)."""
    titles = {
        DocumentKind.BOARD_REPORT: _("Rapport til styremøtet %(day)s"),
        DocumentKind.NOTICE: _("Innkalling til styremøte %(day)s"),
        DocumentKind.BOARD_PACK: _("Styrepapirer til møtet %(day)s"),
        DocumentKind.MINUTES: _("Utkast til protokoll fra styremøtet %(day)s"),
    }
    return titles[kind] % {"day": date_with_weekday(meeting_date)}


def document_title(kind: DocumentKind, year: int, meeting_date: date | None = None) -> str:
    """The title of a document of `kind` about `year` (a meeting's document: the meeting on `meeting_date`), in the
    current written standard."""
    if kind.for_meeting and meeting_date is not None:
        return _meeting_title(kind, meeting_date)
    return _year_title(kind, year)


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
