"""What is missing for a deadline names the sections of its document the programme leader has not written yet
(pure: the demo as a snapshot, texts added in memory). The agenda takes what is missing from there, so the Frister
page, the deadline's page and the reminders all say it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from omstilling.core.agenda import agenda
from omstilling.core.enums import DocumentKind, MeetingStatus, TextSection
from omstilling.core.reminders import missing
from omstilling.core.snapshot import OwnTextData
from omstilling.core.wheel import WorkCalendar, occurrences

SEEN = date(2014, 6, 10)
HALF_YEAR_LINE = (
    "Ikke skrevet ennå: programleders sammendrag, vurdering av de kvalitative målene, kommentar til avvikene "
    "og veien videre"
)


def text(kind: DocumentKind, year: int, name: str, section: TextSection, body: str = "Skrevet.") -> OwnTextData:
    return OwnTextData(kind, year, name, section, body, "Programleder", datetime(2014, 6, 1, 8, tzinfo=UTC))


def occurrence_of(snapshot, key: str, year: int, number: int = 1):
    event = next(e for e in snapshot.wheel_events if e.key == key)
    return next(o for o in occurrences(event, year, WorkCalendar.of(snapshot)) if o.number == number)


def meeting_occurrence(snapshot, day: date):
    meeting = next(m for m in snapshot.meetings if m.date == day)
    return occurrence_of(snapshot, "styremote", day.year, meeting.id)


def text_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("Ikke skrevet ennå")]


def test_the_half_year_report_lacks_every_section_until_the_leader_writes_them_and_the_fact_sheet_none(
    demo_snapshot,
):
    snapshot = replace(demo_snapshot, texts=())
    assert text_lines(missing(snapshot, occurrence_of(snapshot, "halvarsrapport", 2014), SEEN)) == [HALF_YEAR_LINE]
    facts = occurrence_of(snapshot, "psv-faktagrunnlag", 2014)  # a document without the leader's own words
    assert missing(snapshot, facts, date(2014, 10, 1)) and text_lines(missing(snapshot, facts, date(2014, 10, 1))) == []


def test_a_written_section_leaves_the_list_and_all_written_leaves_no_line(demo_snapshot):
    half = occurrence_of(demo_snapshot, "halvarsrapport", 2014)
    some = replace(
        demo_snapshot,
        texts=(
            text(DocumentKind.HALF_YEAR_REPORT, 2014, "halvarsrapport", TextSection.SUMMARY),
            text(DocumentKind.HALF_YEAR_REPORT, 2014, "halvarsrapport", TextSection.QUALITATIVE),
            text(DocumentKind.HALF_YEAR_REPORT, 2014, "halvarsrapport", TextSection.DEVIATIONS),
        ),
    )
    assert text_lines(missing(some, half, SEEN)) == ["Ikke skrevet ennå: veien videre"]

    everything = replace(
        some, texts=(*some.texts, text(DocumentKind.HALF_YEAR_REPORT, 2014, "halvarsrapport", TextSection.WAY_FORWARD))
    )
    assert text_lines(missing(everything, half, SEEN)) == []


def test_a_blank_text_or_another_years_text_does_not_count_as_written(demo_snapshot):
    half = occurrence_of(demo_snapshot, "halvarsrapport", 2014)
    snapshot = replace(
        demo_snapshot,
        texts=(
            text(DocumentKind.HALF_YEAR_REPORT, 2014, "halvarsrapport", TextSection.WAY_FORWARD, "  \n "),
            text(DocumentKind.HALF_YEAR_REPORT, 2013, "halvarsrapport", TextSection.SUMMARY),
            text(DocumentKind.ANNUAL_REPORT, 2014, "arsrapport", TextSection.QUALITATIVE),
        ),
    )
    assert text_lines(missing(snapshot, half, SEEN)) == [HALF_YEAR_LINE]


def test_the_annual_report_due_in_january_asks_for_the_texts_of_the_year_before(demo_snapshot):
    report = occurrence_of(demo_snapshot, "arsrapport", 2014)  # due 31 January 2014: the report for 2013
    written = replace(
        demo_snapshot,
        texts=tuple(
            text(DocumentKind.ANNUAL_REPORT, 2013, "arsrapport", s)
            for s in (TextSection.SUMMARY, TextSection.QUALITATIVE, TextSection.DEVIATIONS, TextSection.WAY_FORWARD)
        ),
    )
    assert text_lines(missing(replace(demo_snapshot, texts=()), report, date(2014, 1, 20)))
    assert text_lines(missing(written, report, date(2014, 1, 20))) == []


def test_a_board_meetings_papers_lack_its_board_reports_texts_until_written_for_that_meeting(demo_snapshot):
    june = meeting_occurrence(demo_snapshot, date(2014, 6, 16))
    assert text_lines(missing(replace(demo_snapshot, texts=()), june, SEEN)) == [
        "Ikke skrevet ennå: programleders sammendrag og kommentar til avvikene"
    ]
    # the board pack prints its board report's texts: written for the meeting of 16 June, not for another
    other_meeting = replace(
        demo_snapshot,
        texts=(text(DocumentKind.BOARD_REPORT, 2014, "styrerapport-2014-09-15", TextSection.SUMMARY),),
    )
    assert text_lines(missing(other_meeting, june, SEEN)) == [
        "Ikke skrevet ennå: programleders sammendrag og kommentar til avvikene"
    ]
    this_meeting = replace(
        demo_snapshot,
        texts=(text(DocumentKind.BOARD_REPORT, 2014, "styrerapport-2014-06-16", TextSection.SUMMARY),),
    )
    assert text_lines(missing(this_meeting, june, SEEN)) == ["Ikke skrevet ennå: kommentar til avvikene"]
    # a cancelled meeting has no papers, so nothing to write
    cancelled = replace(
        this_meeting,
        meetings=tuple(
            replace(m, status=MeetingStatus.CANCELLED) if m.date == date(2014, 6, 16) else m
            for m in demo_snapshot.meetings
        ),
    )
    assert text_lines(missing(cancelled, june, SEEN)) == []


def test_the_agenda_and_so_the_frister_page_and_the_reminders_say_it_and_stop_once_written(demo_snapshot):
    empty = replace(demo_snapshot, texts=())
    item = agenda(empty, 2014, SEEN).find("halvarsrapport", 2014, 1)
    assert item is not None and HALF_YEAR_LINE in item.missing
    written = replace(
        demo_snapshot,
        texts=tuple(
            text(DocumentKind.HALF_YEAR_REPORT, 2014, "halvarsrapport", s)
            for s in (TextSection.SUMMARY, TextSection.QUALITATIVE, TextSection.DEVIATIONS, TextSection.WAY_FORWARD)
        ),
    )
    item = agenda(written, 2014, SEEN).find("halvarsrapport", 2014, 1)
    assert item is not None and not text_lines(list(item.missing))
