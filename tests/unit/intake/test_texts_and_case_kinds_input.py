"""The input of a case's kind and background and of a text of the programme leader's (issue 24), as plain data:
the input models, the cell kinds and how a long text is shown in a problem or a summary."""

from __future__ import annotations

from datetime import date

import pytest

from omstilling.core.enums import CaseKind, DocumentKind, MeetingStatus, TextSection
from omstilling.core.texts import home_problem as text_home_problem
from omstilling.errors import InputError
from omstilling.intake.schemas import CaseIn, LeaderTextIn, validate
from omstilling.intake.workbook.cells import PROSE
from omstilling.intake.workbook.columns import CASES, TEXTS
from omstilling.intake.workbook.problems import show_value


def test_a_case_is_a_decision_unless_it_says_it_is_a_briefing_by_value_or_label():
    assert CaseIn(number="05/14", title="Søknad").kind is CaseKind.DECISION
    assert CaseIn(number="04/14", title="Prosjektrapportering", kind="orientering").kind is CaseKind.BRIEFING
    briefing = CaseIn(number="04/14", title="Orientering", kind="Orienteringssak", background="  Status.  ")
    assert (briefing.kind, briefing.background) == (CaseKind.BRIEFING, "Status.")
    with pytest.raises(InputError) as caught:
        validate(CaseIn, {"number": "04/14", "title": "Sak", "kind": "drøftingssak"})
    assert [str(p) for p in caught.value.problems] == ["kind: «drøftingssak» — må være en av: vedtak eller orientering"]


def test_a_board_pack_text_is_kept_as_its_board_report_s_named_by_the_meeting():
    text = LeaderTextIn(
        kind="styrepapirer", year=2014, meeting_date=date(2014, 6, 16), section="kommentar til avvikene", body="Tekst"
    )
    assert (text.kind, text.section, text.name) == (
        DocumentKind.BOARD_REPORT,
        TextSection.DEVIATIONS,
        "styrerapport-2014-06-16",
    )
    assert LeaderTextIn(kind="halvårsrapport", year=2014, section="veien videre").name == "halvarsrapport"


@pytest.mark.parametrize(
    "data, problem",
    [
        (
            {"kind": "soknad", "year": 2014, "section": "avvik"},
            (
                "section: «søknad til fylkeskommunen» har ikke delen «kommentar til avvikene»; den har: programleders "
                "sammendrag, veien videre"
            ),
        ),
        (
            {"kind": "protokoll", "year": 2014, "meeting_date": date(2014, 6, 16), "section": "sammendrag"},
            (
                "kind: «utkast til protokoll» har ingen tekster programleder skriver; det har: årsrapport, "
                "halvårsrapport, rapport til styret, søknad til fylkeskommunen, sluttrapport"
            ),
        ),
        (
            {"kind": "arsrapport", "year": 2014, "section": "sammendrag", "body": "x" * 20_001},
            "body: teksten er 20\u00a0001 tegn; den kan være høyst 20\u00a0000 tegn",
        ),
    ],
)
def test_a_text_for_a_section_its_document_lacks_or_too_long_is_refused_in_words(data, problem):
    with pytest.raises(InputError) as caught:
        validate(LeaderTextIn, data)
    found = caught.value.problems[0]
    assert f"{found.field}: {found.message}" == problem


def test_a_text_s_document_must_be_in_the_status_period_and_its_meeting_not_cancelled():
    meetings = [(date(2014, 6, 16), MeetingStatus.HELD), (date(2014, 9, 15), MeetingStatus.CANCELLED)]
    board_report = DocumentKind.BOARD_REPORT
    assert text_home_problem(board_report, 2014, date(2014, 6, 16), (2010, 2015), meetings) is None
    assert text_home_problem(board_report, 2014, date(2014, 9, 15), (2010, 2015), meetings) == (
        "meeting_date",
        "møtet 15.09.2014 er avlyst; et avlyst møte får ingen «rapport til styret»",
    )
    assert text_home_problem(DocumentKind.ANNUAL_REPORT, 2009, None, (2010, 2015), meetings) == (
        "year",
        "2009 er utenfor programmets statusperiode (2010–2015)",
    )


def test_a_long_text_is_wrapped_in_its_cells_and_shortened_where_it_is_shown():
    assert CASES.column("background").kind.wrap and TEXTS.column("body").kind.wrap
    assert not CASES.column("title").kind.wrap
    assert PROSE.show("Første linje.\nAndre linje.") == "Første linje. Andre linje."
    assert PROSE.show("ord " * 40) == ("ord " * 15).strip() + "…"
    assert show_value("kort") == '"kort"'
    assert show_value("a" * 201) == f'"{"a" * 60}…" (201 tegn)'


def test_the_texts_sheet_is_keyed_by_document_year_meeting_and_section_and_shows_its_writer_only_with_contacts():
    assert TEXTS.key_headers == "Dokument + År + Møte + Del"
    assert [c.header for c in TEXTS.visible(with_contacts=False)] == [
        "Dokument",
        "År",
        "Møte",
        "Del",
        "Tekst",
        "Sist endret",
    ]
    assert TEXTS.column("written_by").private and TEXTS.column("written_by").derived
