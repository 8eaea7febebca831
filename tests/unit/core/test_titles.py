"""A document's title in words, from one home (`core.titles`): the year a year's document is about or for, and a
meeting's document named by the meeting, weekday and all. And a 'which meeting' refusal that leaves it to each way
in to say how a meeting is chosen."""

from __future__ import annotations

from datetime import date

import pytest

from omstilling.core.enums import DocumentKind
from omstilling.core.periods import MeetingNeeded, document_name, document_period
from omstilling.core.titles import document_title, meeting_named, named_document_title

MONDAY = date(2014, 6, 16)


def test_a_years_document_names_the_year_it_is_about_or_for():
    titles = {kind: document_title(kind, 2014) for kind in DocumentKind if not kind.for_meeting}
    assert titles == {
        DocumentKind.ANNUAL_REPORT: "Årsrapport 2014",
        DocumentKind.HALF_YEAR_REPORT: "Halvårsrapport 2014",
        # written in 2014 for the next year: the application applies for 2015, the plan is 2015's
        DocumentKind.APPLICATION: "Søknad om omstillingsmidler for 2015",
        DocumentKind.PSV_FACTS: "Faktagrunnlag for programstatusvurdering 2014",
        DocumentKind.SEMINAR_BASIS: "Grunnlag for styreseminaret 2014",
        DocumentKind.ACTION_PLAN: "Handlingsplan 2015",
        DocumentKind.FINAL_REPORT: "Sluttrapport for omstillingsperioden til og med 2014",
        DocumentKind.FINAL_EVALUATION: "Datagrunnlag for sluttevalueringen, omstillingsperioden til og med 2014",
    }


def test_a_meetings_document_names_the_meeting_with_its_weekday():
    titles = {kind: document_title(kind, 2014, MONDAY) for kind in DocumentKind if kind.for_meeting}
    assert titles == {
        DocumentKind.BOARD_REPORT: "Rapport til styremøtet mandag 16. juni 2014",
        DocumentKind.NOTICE: "Innkalling til styremøte mandag 16. juni 2014",
        DocumentKind.BOARD_PACK: "Styrepapirer til møtet mandag 16. juni 2014",
        DocumentKind.MINUTES: "Utkast til protokoll fra styremøtet mandag 16. juni 2014",
    }
    assert (
        document_title(DocumentKind.NOTICE, 2014, date(2014, 11, 28))
        == "Innkalling til styremøte fredag 28. november 2014"
    )


def test_a_meetings_document_without_a_meeting_and_a_years_document_with_one_still_read_as_words():
    assert document_title(DocumentKind.BOARD_PACK, 2014) == "Styrepapirer 2014"
    assert document_title(DocumentKind.ANNUAL_REPORT, 2014, MONDAY) == "Årsrapport 2014"  # a year's document


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_a_recorded_document_is_titled_from_its_name_as_when_it_was_written(kind):
    """The Dokumenter page has a document's kind, year and name (`styrepapirer-2014-06-16`), not its meeting."""
    name = document_name(kind, MONDAY)
    assert meeting_named(kind, name) == (MONDAY if kind.for_meeting else None)
    assert named_document_title(kind, 2014, name) == document_title(kind, 2014, MONDAY)


@pytest.mark.parametrize(
    "name",
    ["styrepapirer", "styrepapirer-2014-13-01", "styrepapirer-20140616", "innkalling-2014-06-16", "styrepapirer-x"],
)
def test_a_name_that_is_not_a_meetings_document_names_no_meeting(name):
    assert meeting_named(DocumentKind.BOARD_PACK, name) is None


def test_a_which_meeting_refusal_lists_the_meetings_and_leaves_the_how_to_the_way_in(demo_snapshot):
    """Before: "…: oppgi --meeting eller --year", a command line's options, also on the web page and in the flows."""
    after_the_end = date(2026, 12, 5)
    with pytest.raises(MeetingNeeded) as refused:
        document_period(demo_snapshot, DocumentKind.BOARD_PACK, after_the_end)
    said = str(refused.value)
    assert said.startswith("ingen styremøter på eller etter 2015-12-31 (møtene i 2015: 2015-01-26)")
    assert "--" not in said and not refused.value.year_given
    told = refused.value.with_hint("velg møtet under «Styremøte»")
    assert str(told) == f"{refused.value.reason}: velg møtet under «Styremøte»"

    with pytest.raises(MeetingNeeded) as none_held:  # minutes for a year whose meetings are all still to come
        document_period(demo_snapshot, DocumentKind.MINUTES, date(2014, 1, 2), year=2014)
    assert none_held.value.year_given and "--" not in str(none_held.value)
    assert "møtene i 2014: 2014-01-27" in str(none_held.value)
