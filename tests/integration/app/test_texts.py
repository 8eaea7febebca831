"""The programme leader's own words (`omstilling.app.texts`): a document's sections read and written, checked all
at once (the kind has the section, a year of the status period, a meeting the board holds, at most BODY_LIMIT
characters), kept with who wrote them and when, an unchanged text writing nothing, an emptied one removed; each
write in the audit trail. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from omstilling.app.texts import BODY_LIMIT, document_texts, write_texts
from omstilling.core.enums import AuditAction, DocumentKind, TextSection
from omstilling.errors import InputError, OmstillingError
from omstilling.store import db
from omstilling.store.models import AuditEvent, LeaderText

SLUG = "vestre-toten"
TODAY = date(2014, 6, 10)
NOW = datetime(2014, 6, 10, 9, 30, tzinfo=UTC)
LATER = datetime(2014, 6, 11, 14, 0, tzinfo=UTC)


def rows(engine) -> list[tuple]:
    with db.session_scope(engine) as session:
        return [
            (t.kind, t.year, t.name, t.section, t.body, t.written_by, t.written_at.replace(tzinfo=None))
            for t in session.exec(select(LeaderText).order_by(col(LeaderText.id)))
        ]


def events(engine) -> list[AuditEvent]:
    with db.session_scope(engine) as session:
        return list(
            session.exec(select(AuditEvent).where(AuditEvent.action == "tekst-skrevet").order_by(col(AuditEvent.id)))
        )


def write(engine, bodies, kind=DocumentKind.HALF_YEAR_REPORT, year=2014, now=NOW, **options):
    return write_texts(engine, SLUG, kind, year, bodies, by="Programleder Per", today=TODAY, now=now, **options)


def test_a_written_section_is_kept_with_who_wrote_it_and_when_and_read_back(demo_engine):
    saved = write(demo_engine, {TextSection.WAY_FORWARD: "  Vi satser på industrien.\r\n\r\nOg reiselivet.  "})
    assert saved.changed == (TextSection.WAY_FORWARD,) and saved.sentence == "Teksten er lagret: veien videre."
    assert rows(demo_engine) == [
        (
            DocumentKind.HALF_YEAR_REPORT,
            2014,
            "halvarsrapport",
            TextSection.WAY_FORWARD,
            "Vi satser på industrien.\n\nOg reiselivet.",
            "Programleder Per",
            datetime(2014, 6, 10, 9, 30),
        )
    ]
    read = document_texts(demo_engine, SLUG, DocumentKind.HALF_YEAR_REPORT, 2014, today=TODAY)
    assert read.title == "Halvårsrapport 2014"
    assert [(s.section, s.needed, s.written) for s in read.sections] == [
        (TextSection.SUMMARY, True, False),
        (TextSection.QUALITATIVE, True, False),
        (TextSection.DEVIATIONS, True, False),
        (TextSection.WAY_FORWARD, True, True),
    ]
    way = read.sections[-1]
    assert (way.body, way.written_by) == ("Vi satser på industrien.\n\nOg reiselivet.", "Programleder Per")
    assert read.unwritten == (TextSection.SUMMARY, TextSection.QUALITATIVE, TextSection.DEVIATIONS)


def test_the_same_text_again_writes_nothing_and_keeps_who_and_when(demo_engine):
    write(demo_engine, {"veien-videre": "Vi satser på industrien."})
    again = write(demo_engine, {"veien-videre": "Vi satser på industrien.\n"}, now=LATER)
    assert again.changed == () and again.sentence == "Teksten er uendret: ingenting nytt ble lagret."
    assert [r[-1] for r in rows(demo_engine)] == [datetime(2014, 6, 10, 9, 30)]
    changed = write(demo_engine, {"veien-videre": "Vi satser på reiselivet."}, now=LATER)
    assert changed.changed == (TextSection.WAY_FORWARD,)
    assert [(r[4], r[-1]) for r in rows(demo_engine)] == [("Vi satser på reiselivet.", datetime(2014, 6, 11, 14))]


def test_an_emptied_section_removes_its_text(demo_engine):
    write(demo_engine, {"sammendrag": "Et godt halvår.", "veien-videre": "Videre."})
    emptied = write(demo_engine, {"sammendrag": "   ", "veien-videre": "Videre."}, now=LATER)
    assert emptied.removed == (TextSection.SUMMARY,) and emptied.sentence == "Tømt: programleders sammendrag."
    assert [r[3] for r in rows(demo_engine)] == [TextSection.WAY_FORWARD]


def test_a_text_longer_than_the_limit_is_refused_with_every_problem_and_nothing_is_written(demo_engine):
    write(demo_engine, {"sammendrag": "Før."})
    with pytest.raises(InputError) as refused:
        write(
            demo_engine,
            {"sammendrag": "Etter.", "veien-videre": "x" * (BODY_LIMIT + 1), "avvik": "y" * (BODY_LIMIT + 5)},
            now=LATER,
        )
    assert str(refused.value) == (
        "ugyldig programleders tekst: veien videre: teksten er 20\u00a0001 tegn; den kan være høyst 20\u00a0000 tegn; "
        "kommentar til avvikene: teksten er 20\u00a0005 tegn; den kan være høyst 20\u00a0000 tegn"
    )
    assert [r[4] for r in rows(demo_engine)] == ["Før."]  # the summary that was fine is not written either
    assert write(demo_engine, {"veien-videre": "x" * BODY_LIMIT}).changed == (TextSection.WAY_FORWARD,)


def test_a_section_the_kind_does_not_have_is_refused(demo_engine):
    with pytest.raises(InputError, match="kommentar til avvikene: søknad til fylkeskommunen har ikke denne delen"):
        write(demo_engine, {"avvik": "Avvik."}, kind=DocumentKind.APPLICATION)
    with pytest.raises(InputError, match="seksjon: «forord» — finnes ikke"):
        write(demo_engine, {"forord": "Forord."})
    with pytest.raises(OmstillingError, match="innkalling til styremøte har ingen tekst programlederen skriver selv"):
        write(demo_engine, {"sammendrag": "Innkalling."}, kind=DocumentKind.NOTICE, meeting_date=date(2014, 6, 16))
    assert rows(demo_engine) == []


def test_a_year_outside_the_status_period_is_refused(demo_engine):
    with pytest.raises(
        OmstillingError, match=r"2016 er utenfor programmets statusperiode \(2010–2015\); ingenting ble lagret"
    ):
        write(demo_engine, {"sammendrag": "For sent."}, year=2016)
    assert rows(demo_engine) == []


def test_a_text_for_a_cancelled_meeting_or_a_day_without_one_is_refused(demo_engine):
    with demo_engine.begin() as connection:
        connection.execute(sa.text("UPDATE boardmeeting SET status = 'avlyst' WHERE date = '2014-10-20'"))
    with pytest.raises(
        OmstillingError, match=r"møtet 20\.10\.2014 er avlyst; et avlyst møte får ingen «rapport til styret»"
    ):
        write(demo_engine, {"sammendrag": "Avlyst."}, kind=DocumentKind.BOARD_REPORT, meeting_date=date(2014, 10, 20))
    with pytest.raises(
        OmstillingError, match=r"programmet har ikke styremøte denne datoen \(styremøtene i 2014: 27.01.2014"
    ):
        write(demo_engine, {"sammendrag": "Ingen."}, kind=DocumentKind.BOARD_REPORT, meeting_date=date(2014, 10, 21))
    assert rows(demo_engine) == []


def test_the_board_packs_texts_are_its_board_reports_for_the_same_meeting(demo_engine):
    june = date(2014, 6, 16)
    saved = write(demo_engine, {"sammendrag": "Til styret."}, kind=DocumentKind.BOARD_PACK, meeting_date=june)
    assert (saved.document.kind, saved.document.name) == (DocumentKind.BOARD_REPORT, "styrerapport-2014-06-16")
    assert [r[:4] for r in rows(demo_engine)] == [
        (DocumentKind.BOARD_REPORT, 2014, "styrerapport-2014-06-16", TextSection.SUMMARY)
    ]
    read = document_texts(demo_engine, SLUG, DocumentKind.BOARD_REPORT, 2014, meeting_date=june, today=TODAY)
    assert (
        read.sections[0].body == "Til styret."
        and read.title
        == document_texts(demo_engine, SLUG, DocumentKind.BOARD_PACK, 2014, meeting_date=june, today=TODAY).title
    )


def test_each_write_is_in_the_audit_trail_with_its_sections_but_never_the_text(demo_engine):
    write(demo_engine, {"veien-videre": "Hemmelig plan."})
    with pytest.raises(InputError):
        write(demo_engine, {"veien-videre": "x" * (BODY_LIMIT + 1)})
    ok, failed = events(demo_engine)
    assert (ok.action, ok.programme, ok.target, ok.outcome) == (
        AuditAction.TEXT_WRITTEN.value,
        SLUG,
        "halvarsrapport 2014 halvarsrapport",
        "ok",
    )
    assert ok.detail == {
        "by": "Programleder Per",
        "seksjoner": ["veien-videre"],
        "endret": ["veien-videre"],
        "tomt": [],
    }
    assert failed.outcome == "feilet" and "20 001 tegn" in failed.detail["feil"]
    assert not any("Hemmelig" in str(e.detail) for e in (ok, failed))


def test_a_control_character_no_keyboard_types_is_refused_line_breaks_and_tabs_are_kept(demo_engine):
    """A vertical tab or NUL pasted into a text: a workbook cell cannot hold it (an unchanged round trip would
    rewrite the text and its writer) and a Word file cannot either."""
    with pytest.raises(InputError) as refused:
        write(demo_engine, {"sammendrag": "Punkt én\x0bpunkt to\x00"})
    assert "teksten har tegn som ikke kan lagres (U+0000, U+000B)" in str(refused.value)
    assert rows(demo_engine) == []
    assert write(demo_engine, {"sammendrag": "Linje én\r\n\tlinje to"}).changed == (TextSection.SUMMARY,)
    assert [r[4] for r in rows(demo_engine)] == ["Linje én\n\tlinje to"]
