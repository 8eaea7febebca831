"""The board's cases as vedtakssaker and orienteringssaker with their background, and the programme leader's own
words per document section, through the workbook (issue 24): the sheet Saker's columns Type and Bakgrunn, the
sheet Tekster; checked row by row and written all or nothing, by the one who imports."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import col, select

from omstilling.app.workbooks import import_workbook as import_as_the_app
from omstilling.core.enums import CaseKind, DocumentKind, TextSection
from omstilling.intake import writes
from omstilling.intake.workbook import WorkbookInvalid, export_workbook, import_workbook
from omstilling.store import audit, choose, db
from omstilling.store.models import BoardCase, BoardMeeting, LeaderText

NOW = datetime(2014, 6, 10, 8, 30, tzinfo=UTC)
SUMMARY = "Første halvår har gitt flere nye prosjekter enn noe halvår før.\nArbeidsplassene kommer senere."


def export(engine, path: Path, *, with_contacts: bool = False) -> Path:
    with db.session_scope(engine) as session:
        export_workbook(session, choose.programme(session), path, with_contacts=with_contacts)
    return path


def run(engine, path: Path, **options):
    with db.session_scope(engine) as session:
        return import_workbook(session, path, **options)


def texts_in(engine) -> list[tuple]:
    with db.session_scope(engine) as session:
        return [
            (t.kind, t.year, t.name, t.section, t.body, t.written_by, t.written_at.replace(tzinfo=UTC))
            for t in session.exec(select(LeaderText).order_by(col(LeaderText.id)))
        ]


def cases_in(engine) -> dict[str, tuple]:
    with db.session_scope(engine) as session:
        return {c.number: (c.kind, c.background) for c in session.exec(select(BoardCase))}


def headers(sheet) -> list[str]:
    return [c.value for c in sheet[1]]


def put_texts(path: Path, rows: list[list], saved: Path | None = None) -> Path:
    workbook = load_workbook(path)
    for row in rows:
        workbook["Tekster"].append(row)
    workbook.save(saved or path)
    return saved or path


def refused(engine, path: Path) -> list[str]:
    with pytest.raises(WorkbookInvalid) as caught:
        run(engine, path, written_by="leder@example.org", now=NOW)
    return [str(p) for p in caught.value.problems]


def test_the_cases_kinds_and_backgrounds_and_the_texts_go_out_and_come_back_unchanged(demo_sqlite, tmp_path):
    with db.session_scope(demo_sqlite) as session:
        writes.put_leader_text(
            session,
            choose.programme(session),
            {"kind": "halvarsrapport", "year": 2014, "section": "sammendrag", "body": SUMMARY},
            written_by="programleder@example.org",
            now=NOW,
        )
    path = export(demo_sqlite, tmp_path / "ut.xlsx")
    workbook = load_workbook(path)
    cases = workbook["Saker"]
    assert headers(cases)[:6] == ["Saksnummer", "Møtedato", "Tittel", "Type", "Bakgrunn", "Forslag til vedtak"]
    row = next(r for r in cases.iter_rows(min_row=2) if r[0].value == "18/14")
    assert (row[2].value, row[3].value) == ("Økonomirapport per 31. mai 2014", "orienteringssak")
    assert row[4].value.startswith("Per 31. mai er det gitt tilsagn om 1 580 000 kroner")
    assert row[4].alignment.wrap_text and cases.column_dimensions["E"].alignment.wrap_text
    texts = workbook["Tekster"]
    assert headers(texts) == ["Dokument", "År", "Møte", "Del", "Tekst", "Sist endret"]  # who wrote it: a contact
    assert [[c.value for c in r] for r in texts.iter_rows(min_row=2)] == [
        ["halvårsrapport", 2014, None, "programleders sammendrag", SUMMARY, datetime(2014, 6, 10)]
    ]
    assert texts["E2"].alignment.wrap_text
    before = texts_in(demo_sqlite)

    report = run(demo_sqlite, path, written_by="noen@example.org", now=datetime(2015, 1, 1, tzinfo=UTC))
    assert report.changes == 0
    assert {s.sheet: s.unchanged for s in report.sheets}["Tekster"] == 1
    assert texts_in(demo_sqlite) == before  # nobody rewrote the text: its writer and time stand


def test_a_text_written_in_the_workbook_is_kept_as_written_by_the_one_who_imported_it(demo_engine, tmp_path):
    path = put_texts(
        export(demo_engine, tmp_path / "ut.xlsx"),
        [
            ["halvårsrapport", 2014, None, "programleders sammendrag", SUMMARY],
            ["styrepapirer", 2014, datetime(2014, 6, 16), "kommentar til avvikene", "Arbeidsplassene ligger etter."],
            ["årsrapport", 2014, None, "veien videre", None],  # blank: stays unwritten, nothing is kept
        ],
    )
    dry = run(demo_engine, path, dry_run=True)
    assert [(c.label, c.is_new) for s in dry.sheets if s.sheet == "Tekster" for c in s.new] == [
        ("halvårsrapport 2014: programleders sammendrag", True),
        ("rapport til styret 16.06.2014: kommentar til avvikene", True),
    ]
    assert texts_in(demo_engine) == []

    with audit.acting_as("programleder@example.org", "web"):
        import_as_the_app(demo_engine, path, confirm=True)
    written = texts_in(demo_engine)
    assert [t[:5] for t in written] == [
        (DocumentKind.HALF_YEAR_REPORT, 2014, "halvarsrapport", TextSection.SUMMARY, SUMMARY),
        (
            DocumentKind.BOARD_REPORT,  # the board pack prints its board report's texts, and keeps none of its own
            2014,
            "styrerapport-2014-06-16",
            TextSection.DEVIATIONS,
            "Arbeidsplassene ligger etter.",
        ),
    ]
    assert {t[5] for t in written} == {"programleder@example.org"}

    workbook = load_workbook(export(demo_engine, tmp_path / "igjen.xlsx", with_contacts=True))
    rows = {r[3].value: r for r in workbook["Tekster"].iter_rows(min_row=2)}
    assert rows["kommentar til avvikene"][5].value == "programleder@example.org"  # Skrevet av
    rows["kommentar til avvikene"][4].value = "Arbeidsplassene kommer når prosjektene er avsluttet."
    rows["programleders sammendrag"][4].value = None  # emptied: the section stands as unwritten again
    workbook.save(tmp_path / "igjen.xlsx")
    report = run(demo_engine, tmp_path / "igjen.xlsx", written_by="styreleder@example.org", now=NOW)
    assert [(c.label, c.fields) for s in report.sheets for c in s.changed] == [
        (
            "halvårsrapport 2014: programleders sammendrag",
            (("Tekst", "Første halvår har gitt flere nye prosjekter enn noe halvår…", "(tom)"),),
        ),
        (
            "rapport til styret 16.06.2014: kommentar til avvikene",
            (("Tekst", "Arbeidsplassene ligger etter.", "Arbeidsplassene kommer når prosjektene er avsluttet."),),
        ),
    ]
    after = texts_in(demo_engine)
    assert [(t[2], t[4], t[5], t[6]) for t in after] == [  # the emptied one is gone: unwritten again
        (
            "styrerapport-2014-06-16",
            "Arbeidsplassene kommer når prosjektene er avsluttet.",
            "styreleder@example.org",
            NOW,
        )
    ]
    assert run(demo_engine, tmp_path / "igjen.xlsx", written_by="styreleder@example.org").changes == 0


def test_a_text_for_a_section_its_document_does_not_have_is_refused_where_it_stands(demo_engine, tmp_path):
    path = export(demo_engine, tmp_path / "ut.xlsx")
    workbook = load_workbook(path)
    cases = workbook["Saker"]
    row = next(r for r in cases.iter_rows(min_row=2) if r[0].value == "16/14")
    row[headers(cases).index("Type")].value = "orienteringssak"  # a good edit: written with the rest, or not at all
    workbook.save(path)
    put_texts(
        path,
        [
            ["halvårsrapport", 2014, None, "veien videre", "Videreføringen er hovedsaken høsten 2014."],
            ["rapport til styret", 2014, datetime(2014, 6, 16), "veien videre", "Mer av det samme."],
            ["innkalling til styremøte", 2014, datetime(2014, 6, 16), "sammendrag", "Velkommen."],
            ["halvårsrapport", 2014, None, "forord", "Tekst."],
        ],
    )
    before = cases_in(demo_engine)
    assert refused(demo_engine, path) == [
        (
            'Tekster, rad 3, kolonne «Del»: "veien videre" — «rapport til styret» har ikke delen «veien videre»; den '
            "har: programleders sammendrag, kommentar til avvikene"
        ),
        (
            'Tekster, rad 4, kolonne «Dokument»: "innkalling til styremøte" — «innkalling til styremøte» har ingen '
            "tekster programleder skriver; det har: årsrapport, halvårsrapport, rapport til styret, søknad til "
            "fylkeskommunen, sluttrapport"
        ),
        (
            'Tekster, rad 5, kolonne «Del»: "forord" — ukjent del; velg en av: programleders sammendrag, vurdering av '
            "de kvalitative målene, kommentar til avvikene, veien videre"
        ),
    ]
    assert texts_in(demo_engine) == [] and cases_in(demo_engine) == before


def test_a_text_longer_than_the_limit_is_refused_and_told_by_its_start_and_length(demo_sqlite, tmp_path):
    long = "Programmet " + "x" * 19_990
    assert len(long) == 20_001
    path = put_texts(export(demo_sqlite, tmp_path / "ut.xlsx"), [["årsrapport", 2014, None, "sammendrag", long]])
    assert refused(demo_sqlite, path) == [
        (
            f'Tekster, rad 2, kolonne «Tekst»: "Programmet {"x" * 49}…" (20\u00a0001 tegn) — teksten er 20\u00a0001 tegn; '
            "den kan være høyst 20\u00a0000 tegn"
        )
    ]
    path = put_texts(path, [], tmp_path / "kort.xlsx")
    workbook = load_workbook(path)
    workbook["Tekster"]["E2"] = long[:20_000]
    workbook.save(path)
    assert run(demo_sqlite, path, written_by="leder@example.org", now=NOW).changes == 1


@pytest.mark.parametrize(
    "row, message",
    [
        (
            ["rapport til styret", 2014, datetime(2014, 6, 17), "sammendrag", "Tekst."],
            (
                "Tekster, rad 2, kolonne «Møte»: 17.06.2014 — programmet har ikke styremøte denne datoen (styremøtene i "
                "2014: 27.01.2014, 17.03.2014, 19.05.2014, 16.06.2014, 15.09.2014, 20.10.2014, 28.11.2014, 15.12.2014; "
                "se arket Styremøter)"
            ),
        ),
        (
            ["rapport til styret", 2014, None, "sammendrag", "Tekst."],
            "Tekster, rad 2, kolonne «Møte»: (tom) — «rapport til styret» gjelder ett styremøte: skriv møtets dato",
        ),
        (
            ["rapport til styret", 2015, datetime(2014, 6, 16), "sammendrag", "Tekst."],
            "Tekster, rad 2, kolonne «År»: 2015 — møtet 16.06.2014 er i 2014, ikke i 2015",
        ),
        (
            ["halvårsrapport", 2014, datetime(2014, 6, 16), "sammendrag", "Tekst."],
            (
                "Tekster, rad 2, kolonne «Møte»: 16.06.2014 — «halvårsrapport» gjelder et år, ikke et møte: la "
                "møtedatoen stå tom"
            ),
        ),
        (
            ["årsrapport", 2016, None, "sammendrag", "Tekst."],
            "Tekster, rad 2, kolonne «År»: 2016 — 2016 er utenfor programmets statusperiode (2010–2015)",
        ),
    ],
)
def test_a_text_must_belong_to_a_document_the_programme_has(demo_sqlite, tmp_path, row, message):
    path = put_texts(export(demo_sqlite, tmp_path / "ut.xlsx"), [row])
    assert refused(demo_sqlite, path) == [message]


def test_a_board_report_text_for_a_cancelled_meeting_is_refused_also_when_the_workbook_cancels_it(
    demo_sqlite, tmp_path
):
    workbook = load_workbook(export(demo_sqlite, tmp_path / "ut.xlsx"))
    meetings = workbook["Styremøter"]
    row = next(r for r in meetings.iter_rows(min_row=2) if r[1].value == datetime(2015, 1, 26))
    row[headers(meetings).index("Status")].value = "avlyst"
    workbook["Tekster"].append(["rapport til styret", 2015, datetime(2015, 1, 26), "sammendrag", "Tekst."])
    workbook.save(tmp_path / "avlyst.xlsx")
    assert refused(demo_sqlite, tmp_path / "avlyst.xlsx") == [
        "Tekster, rad 2, kolonne «Møte»: 26.01.2015 — møtet 26.01.2015 er avlyst; et avlyst møte får ingen «rapport til styret»"
    ]


def test_a_workbook_from_before_the_case_types_and_texts_still_imports(demo_sqlite, tmp_path):
    """No Type or Bakgrunn column on Saker, no sheet Tekster: the stored kinds and backgrounds stand, a new case
    is a vedtakssak without background."""
    workbook = load_workbook(export(demo_sqlite, tmp_path / "ut.xlsx"))
    del workbook["Tekster"]
    cases = workbook["Saker"]
    cases.delete_cols(headers(cases).index("Type") + 1, 2)
    assert headers(cases)[:4] == ["Saksnummer", "Møtedato", "Tittel", "Forslag til vedtak"]
    cases.append(["03/15", datetime(2015, 1, 26), "Eventuelt"])
    workbook.save(tmp_path / "gammel.xlsx")
    before = cases_in(demo_sqlite)

    report = run(demo_sqlite, tmp_path / "gammel.xlsx")
    assert [(s.sheet, len(s.new), len(s.changed)) for s in report.sheets if s.new or s.changed] == [("Saker", 1, 0)]
    assert "Tekster" not in [s.sheet for s in report.sheets]
    assert cases_in(demo_sqlite) == {**before, "03/15": (CaseKind.DECISION, None)}
    assert before["18/14"][0] is CaseKind.BRIEFING and before["18/14"][1]


def test_the_case_type_and_the_texts_document_and_section_are_drop_downs(demo_sqlite, tmp_path):
    workbook = load_workbook(export(demo_sqlite, tmp_path / "ut.xlsx"))

    def listed(sheet: str, letter: str) -> list[str]:
        rules = {str(v.sqref): v for v in workbook[sheet].data_validations.dataValidation}
        rule = rules[f"{letter}2:{letter}1048576"]
        assert rule.type == "list" and rule.showErrorMessage
        column = rule.formula1.split("!")[1].replace("$", "").split(":")[0][0]
        return [c.value for c in workbook["Lister"][column][1:] if c.value is not None]

    assert listed("Saker", "D") == ["vedtakssak", "orienteringssak"]
    assert listed("Tekster", "A") == [
        "årsrapport",
        "halvårsrapport",
        "rapport til styret",
        "søknad til fylkeskommunen",
        "sluttrapport",
    ]
    assert listed("Tekster", "D") == [
        "programleders sammendrag",
        "vurdering av de kvalitative målene",
        "kommentar til avvikene",
        "veien videre",
    ]
    assert "innkalling til styremøte" in listed("Årshjul", "F")  # the wheel's documents: all of them, still
    guide = " ".join(str(c.value) for r in workbook["Veiledning"].iter_rows() for c in r if c.value)
    assert "Tøm cellen Tekst for å ta bort en tekst" in guide
    assert "rapport til styret: programleders sammendrag, kommentar til avvikene" in guide  # the column Del's help


def test_a_meeting_written_alone_keeps_its_cases_kinds_and_backgrounds(demo_sqlite):
    with db.session_scope(demo_sqlite) as session:
        writes.add_meeting(
            session,
            choose.programme(session),
            {
                "date": date(2015, 3, 16),
                "cases": [
                    {
                        "number": "03/15",
                        "title": "Orientering fra programleder",
                        "kind": "orienteringssak",
                        "background": "Status i prosjektene.",
                    },
                    {"number": "04/15", "title": "Handlingsplan 2015 – revisjon"},
                ],
            },
        )
    cases = cases_in(demo_sqlite)
    assert (cases["03/15"], cases["04/15"]) == (
        (CaseKind.BRIEFING, "Status i prosjektene."),
        (CaseKind.DECISION, None),
    )
    with db.session_scope(demo_sqlite) as session:
        assert session.exec(select(BoardMeeting).where(BoardMeeting.date == date(2015, 3, 16))).one()


def test_a_meetings_texts_do_not_stop_the_next_round_trip_once_the_meeting_is_cancelled(demo_sqlite, tmp_path):
    """A text written for the board report of 15.09.2014, then the meeting cancelled in the workbook (the Tekster
    row left as it was exported): the import goes through, and from then on an unchanged export imports again
    (it used to refuse every later import: «møtet er avlyst»). The text stays in the database, printed nowhere."""
    from omstilling.app.texts import write_texts

    write_texts(
        demo_sqlite,
        None,
        DocumentKind.BOARD_REPORT,
        2014,
        {TextSection.SUMMARY: "September-møtets orientering."},
        by="leder@example.org",
        meeting_date=date(2014, 9, 15),
    )
    first = load_workbook(export(demo_sqlite, tmp_path / "ut.xlsx"))
    assert any(r[4].value == "September-møtets orientering." for r in first["Tekster"].iter_rows(min_row=2))
    meetings = first["Styremøter"]
    row = next(r for r in meetings.iter_rows(min_row=2) if r[1].value == datetime(2014, 9, 15))
    row[headers(meetings).index("Status")].value = "avlyst"
    tekster = first["Tekster"]
    for r in list(tekster.iter_rows(min_row=2)):
        if r[4].value == "September-møtets orientering.":
            tekster.delete_rows(r[0].row)
    first.save(tmp_path / "avlyst.xlsx")
    run(demo_sqlite, tmp_path / "avlyst.xlsx", written_by="leder@example.org", now=NOW)

    again = export(demo_sqlite, tmp_path / "igjen.xlsx")
    assert not any(
        r[4].value == "September-møtets orientering." for r in load_workbook(again)["Tekster"].iter_rows(min_row=2)
    )
    run(demo_sqlite, again, written_by="leder@example.org", now=NOW)  # no refusal
    assert any(t[4] == "September-møtets orientering." for t in texts_in(demo_sqlite))
