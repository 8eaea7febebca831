"""The pure core in nynorsk (issue 28): the words a programme's people read from the core — status words, the
agenda's titles, the meeting's standing items, the quorum sentences, the wheel's text list and rules in words, the
status page and the calendar feed — in the programme's written standard, from omstilling/locale/nn/kjerne.po;
and no bokmål-only word form in that catalogue. No database: the programme is built by hand."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from babel.messages.pofile import read_po

from omstilling.core import attendance, minutes
from omstilling.core.agenda import agenda
from omstilling.core.enums import (
    AgendaState,
    AnsweredVia,
    Attendance,
    CaseKind,
    DeviationStatus,
    DocumentKind,
    EventKind,
    MeetingKind,
    MeetingStatus,
    QuorumRule,
)
from omstilling.core.indicators import deviations
from omstilling.core.language import LOCALES, WrittenStandard, speaking
from omstilling.core.meeting_agenda import meeting_agenda
from omstilling.core.reminders import RecipientData
from omstilling.core.snapshot import (
    CaseData,
    DeviationData,
    LadderStep,
    MeetingData,
    ProgrammeSnapshot,
    QuotaData,
    WheelEventData,
)
from omstilling.core.statuspage import status_page
from omstilling.core.wheel.view import wheel_as_list
from omstilling.core.wheel.words import rule_in_words
from omstilling.wheel.calendar_feed import build_calendar
from tests.support.nynorsk import BOKMAL_ONLY, bokmal_words

CATALOGUE = LOCALES / "nn" / "LC_MESSAGES" / "kjerne.po"
JANUARY = MeetingData(1, date(2014, 1, 27), MeetingKind.ORDINARY, MeetingStatus.HELD, "Rådhuset")
JUNE = MeetingData(
    2,
    date(2014, 6, 16),
    MeetingKind.ORDINARY,
    MeetingStatus.PLANNED,
    "Rådhuset",
    (
        CaseData("12/14", "Status for næringsarbeidet", None, None, kind=CaseKind.BRIEFING),
        CaseData("13/14", "Tilskott til Raufoss Testsenter", None, None, "Styret løyver 300 000 kr."),
    ),
)
EVENTS = (
    WheelEventData(
        1,
        "arsrapport",
        "Årsrapport for fjoråret",
        EventKind.DEADLINE,
        "FREQ=YEARLY;BYMONTH=2;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        ("programleder",),
        DocumentKind.ANNUAL_REPORT,
        ladder=(LadderStep(-28, ("programleder",)), LadderStep(0, ("programleder", "styreleder"))),
    ),
    WheelEventData(
        2,
        "psv",
        "Programstatusvurdering",
        EventKind.MEETING,
        "FREQ=YEARLY;BYMONTH=10;BYDAY=3WE",
        ("programleder", "styreleder"),
        None,
        ladder=(LadderStep(-14, ("programleder",)),),
    ),
)


def programme(language: WrittenStandard) -> ProgrammeSnapshot:
    return ProgrammeSnapshot(
        1,
        "testvik",
        "Omstillingsprogrammet i Testvik",
        "Testvik kommune",
        "Testfylke",
        "TF",
        2013,
        2016,
        "Europe/Oslo",
        meetings=(JANUARY, JUNE),
        wheel_events=EVENTS,
        quotas=(QuotaData("styremote", "Styremøte kvart halvår", 3, 6, (MeetingKind.ORDINARY,), 7),),
        deviations=(DeviationData("Kommunikasjonsplanen", "2014", None, None, DeviationStatus.OPEN),),
        language=language,
    )


NYNORSK = programme(WrittenStandard.NYNORSK)
BOKMAL = programme(WrittenStandard.BOKMAL)


def test_a_deadline_past_its_day_is_forfallen_and_a_notice_day_reads_in_nynorsk():
    with speaking(NYNORSK.language):
        seen = agenda(NYNORSK, 2014, date(2014, 3, 10))
        report = next(i for i in seen.items if i.key == "arsrapport")
        notice = next(i for i in seen.items if i.key == "innkalling" and i.meeting_id == 2)
        psv = next(i for i in seen.items if i.key == "psv")
        assert (report.state, report.status) == (AgendaState.OVERDUE, "forfallen")
        assert notice.title == "Innkalling til styremøte 16.06.2014"
        assert notice.description == "Siste dag for å sende innkallinga med 7 dagars varsel."
        assert notice.rule_text == "innkallingsfristen før kvart styremøte"
        assert (psv.status, psv.rule_text) == ("kommande", "tredje onsdag i oktober")
    assert agenda(NYNORSK, 2014, date(2014, 3, 10)).overdue[0].status == "forfalt"  # outside: bokmål


def test_the_standing_items_and_a_briefing_case_read_in_nynorsk():
    with speaking("nn"):
        parts = meeting_agenda(NYNORSK, JUNE, JUNE.date)
    notice, last_minutes = parts["standing"]
    assert (notice["title"], notice["proposal"]) == (
        "Godkjenning av innkalling og saksliste",
        "Innkalling og saksliste blir godkjende.",
    )
    assert (last_minutes["title"], last_minutes["proposal"]) == (
        "Godkjenning av protokoll frå styremøtet 27. januar 2014",
        "Protokollen frå styremøtet 27. januar 2014 blir godkjend.",
    )
    assert [(c["number"], c["proposal"], c["kind_label"]) for c in parts["briefings"]] == [
        ("12/14", "Styret tek saka til orientering.", "orienteringssak")
    ]
    assert parts["any_other"]["title"] == "Eventuelt"


def test_the_quorum_sentences_read_in_nynorsk():
    present = tuple(minutes.Person(n, f"Medlem {n}", "styremedlem") for n in (1, 2))
    content = minutes.Content(present, (), "", ())
    board = tuple(
        RecipientData(f"Medlem {n}", "styreleder" if n == 1 else "styremedlem", f"{n}@x", date(2013, 1, 1), None, n)
        for n in range(1, 6)
    )
    answers = tuple(
        attendance.AnswerData(n, Attendance.COMING, AnsweredVia.LINK, datetime(2014, 6, 6, tzinfo=UTC))
        for n in (1, 2, 3)
    )
    with speaking("nn"):
        held = minutes.quorum_sentence(content, 5, QuorumRule.MORE_THAN_HALF)
        coming = attendance.board(board, JUNE.date, answers, QuorumRule.MORE_THAN_HALF).quorum.sentence
        refused = attendance.answer_problem(
            JUNE, attendance.board(board, JUNE.date, (), QuorumRule.MORE_THAN_HALF), 1, "kanskje", JUNE.date
        )
    assert held == (
        "Styret var ikkje vedtaksført: 2 av 5 medlemmer var til stades, og 3 måtte vere til stades "
        "(meir enn halvparten)."
    )
    assert coming == (
        "Styret blir vedtaksført: 3 av 5 medlemmer kjem etter svara så langt (meir enn halvparten må kome, 3)."
    )
    assert refused == "«kanskje» er ikkje eit svar: vel kjem, kjem ikkje eller usikker."
    assert minutes.quorum_sentence(content, 5, QuorumRule.MORE_THAN_HALF).startswith("Styret var ikke vedtaksført")


def test_the_wheels_text_list_of_a_nynorsk_programme_is_nynorsk_without_being_asked():
    listed = wheel_as_list(NYNORSK, 2014, date(2014, 3, 10))
    assert listed == [
        ("februar", ["28.02 Årsrapport for fjoråret · forfallen"]),
        ("oktober", ["15.10 Programstatusvurdering · kommande"]),
    ]
    assert wheel_as_list(BOKMAL, 2014, date(2014, 3, 10))[0] == ("februar", ["28.02 Årsrapport for fjoråret · forfalt"])


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=MO", "kvar måndag"),
        ("FREQ=MONTHLY;BYDAY=-1TU", "siste tysdag i kvar månad"),
        ("FREQ=YEARLY;BYMONTH=1;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "siste arbeidsdag i januar"),
        ("FREQ=YEARLY;INTERVAL=2;BYMONTH=5;BYMONTHDAY=1", "kvart 2. år: 1. mai"),
        ("FREQ=YEARLY;BYEASTER=-4", "4 dagar før første påskedag"),
        ("FREQ=DAILY;BYMONTH=7", "kvar dag i juli"),
        ("FREQ=YEARLY", "ein gong i året"),
        ("FREQ=YEARLY;BYWEEKNO=20", "eigen regel (sjå RRULE)"),
    ],
)
def test_a_rule_reads_in_nynorsk_words(rule, words):
    with speaking("nn"):
        assert rule_in_words(rule) == words


def test_the_status_page_of_a_nynorsk_programme_is_nynorsk_with_nynorsk_dates():
    page = status_page(NYNORSK, JUNE.date)
    assert "Statusperiode 2013–2016. Sett frå måndag 16. juni 2014." in page
    assert "## Neste 60 dagar" in page
    assert "| 1. halvår 2014 | minst 3 | 1 | 1 | i fare |" in page
    assert "## Opne avvik" in page and "| Kommunikasjonsplanen | 2014 | Kommunikasjonsplanen | nei |" in page
    assert not bokmal_words(page, ["Omstillingsprogrammet i Testvik", "Kommunikasjonsplanen"])
    assert "Sett fra mandag 16. juni 2014." in status_page(BOKMAL, JUNE.date)


def test_an_open_deviation_needs_explaining_in_either_standard():
    """Its status is a word in the standard («open» in nynorsk); whether it is open is its key's."""
    with speaking("nn"):
        found = deviations(NYNORSK, 2014, JUNE.date)
    assert [(d.status, d.status_key, d.needs_explanation) for d in found] == [("open", "apen", True)]


def test_the_calendar_feed_of_a_nynorsk_programme_is_nynorsk():
    feed = build_calendar(NYNORSK, 2014, as_of=date(2014, 3, 10), stamp=datetime(2014, 3, 10, tzinfo=UTC))
    text = feed.decode().replace("\r\n ", "")
    assert "Ansvarleg: programleiar." in text
    assert "Påminning: Årsrapport for fjoråret – frist 28. februar 2014" in text
    assert not bokmal_words(text.replace("\\n", " ").replace("\\,", ","), ["Årsrapport for fjoråret"])


def test_no_core_text_in_nynorsk_holds_a_bokmal_only_word_and_each_keeps_its_placeholders():
    with CATALOGUE.open("rb") as handle:
        messages = [m for m in read_po(handle, locale="nn") if m.id]
    assert len(messages) > 300
    wrong = {}
    for message in messages:
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        texts = message.string if isinstance(message.string, tuple | list) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)s", ids[0]))
        for text in texts:
            words = {w.casefold() for w in re.findall(r"[A-Za-zÆØÅæøå]+", text)} & BOKMAL_ONLY
            if words or set(re.findall(r"%\(\w+\)s", text)) != wanted:
                wrong[ids[0]] = (text, sorted(words))
    assert not wrong, wrong
