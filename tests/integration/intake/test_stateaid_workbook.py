"""State aid through the programme's workbook (issue 29): the sheets Støtte, Erklæringer and Foretak round-trip; the
import checks the workbook's new awards against the de minimis ceiling in date order, together with every
programme's awards and the declared aid (its own declarations and links included), and refuses the whole import with
each problem at its sheet, row and column, leaving the data as it was; a programme's workbook reaches only its own
projects and links. The demo's 2014 grants are its awards (Toten Trebygg AS: 18 115,94 euro on 17 March 2014)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlmodel import func, select

from omstilling.app import stateaid, workbooks
from omstilling.intake import writes
from omstilling.intake.workbook import WorkbookInvalid
from omstilling.store import choose, db
from omstilling.store.models import AidAward, AidDeclaration, DeclaredAid, Project, UndertakingLink
from tests.support.demo import add_copy

TOTEN_TREBYGG, RAUFOSS_KOMPONENT = "910791907", "910815652"
FIRST_NEW_ROW = 11  # the demo has nine awards: rows 2–10


def exported(engine, tmp_path, slug: str = "vestre-toten"):
    path = tmp_path / f"{slug}.xlsx"
    workbooks.export_workbook(engine, slug, path)
    return path


def edit(path, **sheets: list[list]) -> None:
    """Append rows to sheets (named as keyword arguments: Stotte, Erklaeringer, Foretak, or a cell change as
    Prosjekter=[(row, column, value)])."""
    book = load_workbook(path)
    names = {"Stotte": "Støtte", "Erklaeringer": "Erklæringer", "Foretak": "Foretak"}
    for name, rows in sheets.items():
        if name == "Prosjekter":
            for row, column, value in rows:
                book["Prosjekter"].cell(row, column, value)
            continue
        for row in rows:
            book[names[name]].append(row)
    book.save(path)


def counts(engine) -> tuple[int, int, int, int]:
    with db.session_scope(engine) as session:
        return tuple(
            session.exec(select(func.count()).select_from(table)).one()
            for table in (AidAward, AidDeclaration, DeclaredAid, UndertakingLink)
        )


def problems_of(engine, path, **options) -> list[str]:
    with pytest.raises(WorkbookInvalid) as refused:
        workbooks.import_workbook(engine, path, programme="vestre-toten", confirm=True, **options)
    return [str(p) for p in refused.value.problems]


def test_the_demos_awards_round_trip_unchanged_with_the_rate_and_euro_written_for_people(demo_engine, tmp_path):
    path = exported(demo_engine, tmp_path)
    sheet = load_workbook(path)["Støtte"]
    headers = [c.value for c in sheet[1]]
    assert headers == [
        "Prosjektnummer",
        "Tildelt dato",
        "Org.nr.",
        "Beløp (kr)",
        "Bruttotilskuddsekvivalent (kr)",
        "Instrument",
        "Formål",
        "Størrelse",
        "Næringskode",
        "Region",
        "Oppgitt kurs",
        "Kurs brukt",
        "Kursdato",
        "Beløp (euro)",
    ]
    assert [c.value for c in sheet[2]] == [
        "2014-01",
        datetime(2014, 3, 17),
        TOTEN_TREBYGG,
        150000,
        150000,
        "tilskudd",
        "Produktutvikling",
        "liten bedrift",
        "16.230",
        "Oppland",
        None,
        8.28,
        datetime(2014, 3, 17),
        18115.94,
    ]
    report = workbooks.import_workbook(demo_engine, path, programme="vestre-toten")
    assert report.changes == 0


def test_the_workbooks_awards_are_checked_in_date_order_and_a_refusal_leaves_everything_as_it_was(
    demo_engine, tmp_path
):
    """Omstilling Gjøvik has granted Toten Trebygg the same 18 115,94 euro. The workbook adds 500 000 kroner on
    20 May 2014 (row 11) and 1 000 000 on 19 May (row 12): taken by date, the 19 May one fits (159 149,96 euro in
    all, under Regulation (EU) No 1407/2013's 200 000), the 20 May one, though first in the sheet, does not; the
    project title changed in the same workbook is not written either."""
    add_copy(demo_engine)
    before = counts(demo_engine)
    path = exported(demo_engine, tmp_path)
    edit(
        path,
        Stotte=[["2014-01", date(2014, 5, 20), None, 500_000], ["2014-01", date(2014, 5, 19), None, 1_000_000]],
        Prosjekter=[(3, 2, "En ny tittel")],
    )
    assert problems_of(demo_engine, path) == [
        (
            f"Støtte, rad {FIRST_NEW_ROW}, kolonne «Beløp (kr)»: 500000 — Tilskuddet kan ikke gis som bagatellmessig "
            "støtte: Toten Trebygg AS (org.nr. 910 791 907) har fått 159\u00a0149,96\u00a0euro i bagatellmessig støtte i "
            "regnskapsåret 2014 og de to foregående (fra 1. januar 2012 til 20. mai 2014), og med dette tilskuddet på "
            "61\u00a0455,26\u00a0euro blir summen 220\u00a0605,22\u00a0euro, over taket på 200\u00a0000\u00a0euro over tre "
            "regnskapsår (forordning (EU) nr. 1407/2013 artikkel 3)."
        )
    ]
    assert counts(demo_engine) == before
    with db.session_scope(demo_engine) as session:
        titles = session.exec(select(Project.title).where(Project.title == "En ny tittel")).all()
    assert titles == []


def test_a_grant_near_the_ceiling_is_imported_with_the_warning_said(demo_cli, tmp_path):
    assert demo_cli("export", "bok.xlsx").exit_code == 0
    edit(tmp_path / "bok.xlsx", Stotte=[["2014-01", date(2014, 5, 19), None, 1_400_000]])
    result = demo_cli("import", "bok.xlsx")
    assert result.exit_code == 0, result.output
    assert (
        f"Støtte, rad {FIRST_NEW_ROW}: Obs: med dette tilskuddet har Toten Trebygg AS (org.nr. 910 791 907) fått "
        "190\u00a0201,25\u00a0euro i bagatellmessig støtte i regnskapsåret 2014 og de to foregående"
    ) in " ".join(result.stdout.split(" \n"))
    shown = demo_cli("stotte", "vis", TOTEN_TREBYGG, "--as-of", "2014-05-19")
    assert shown.exit_code == 0, shown.output
    assert (
        "Bagatellmessig støtte til 910 791 907 fra 1. januar 2012 til 19. mai 2014: 190\u00a0201,25\u00a0euro av taket "
        "på 200\u00a0000\u00a0euro; 9\u00a0798,75\u00a0euro er igjen."
    ) in shown.stdout


@pytest.fixture
def gjovik_project(demo_engine):
    """Omstilling Gjøvik, with a project of its own (2015-01) that Vestre Toten does not have."""
    add_copy(demo_engine)
    with db.session_scope(demo_engine) as session:
        writes.add_project(
            session,
            choose.programme(session, "gjovik"),
            {
                "number": "2015-01",
                "title": "Gjøviks eget",
                "owner": "Gjøvik Mek AS",
                "org_number": "910007912",
                "focus_area": 1,
                "phase": "forstudie",
                "status": "innvilget",
                "grant_amount": 100000,
                "decision_date": "2014-05-19",
                "funding": [{"source": "program", "amount": 100000}],
            },
        )
    return demo_engine


def test_a_workbook_that_names_another_programmes_project_writes_nothing(gjovik_project, tmp_path):
    engine = gjovik_project
    before = counts(engine)
    path = exported(engine, tmp_path)
    edit(path, Stotte=[["2015-01", date(2014, 5, 19)]])
    assert problems_of(engine, path) == [
        (
            f'Støtte, rad {FIRST_NEW_ROW}, kolonne «Prosjektnummer»: "2015-01" — prosjekt 2015-01 hører til '
            "programmet «gjovik», ikke «vestre-toten»"
        )
    ]
    assert problems_of(engine, path, name_other_programmes=False) == [
        (
            f'Støtte, rad {FIRST_NEW_ROW}, kolonne «Prosjektnummer»: "2015-01" — programmet har ikke prosjekt 2015-01 '
            "(se arket Prosjekter)"
        )
    ]
    assert counts(engine) == before


def test_a_workbook_may_take_away_its_own_link_but_never_one_another_programme_made(demo_engine, tmp_path):
    add_copy(demo_engine)
    stateaid.record_link(demo_engine, "gjovik", TOTEN_TREBYGG, RAUFOSS_KOMPONENT, by="leder@gjovik.example.org")
    path = exported(demo_engine, tmp_path)
    edit(path, Foretak=[[RAUFOSS_KOMPONENT, TOTEN_TREBYGG, None, "Ja"]])
    assert problems_of(demo_engine, path) == [
        (
            'Foretak, rad 2, kolonne «Fjern»: "Ja" — koblingen er registrert av et annet program, og bare det kan fjerne '
            "den (en kobling legger bare til i summen som teller mot taket)"
        )
    ]
    assert counts(demo_engine)[3] == 1
    own = exported(demo_engine, tmp_path)
    edit(own, Foretak=[["910 815 652", "910 791 907", "samme eier"]])
    workbooks.import_workbook(demo_engine, own, programme="vestre-toten", confirm=True)
    assert counts(demo_engine)[3] == 2
    again = exported(demo_engine, tmp_path)
    assert [c.value for c in load_workbook(again)["Foretak"][2]] == [
        TOTEN_TREBYGG,
        RAUFOSS_KOMPONENT,
        "samme eier",
        "Nei",
    ]
    load = load_workbook(again)
    load["Foretak"].cell(2, 4, "Ja")
    load.save(again)
    workbooks.import_workbook(demo_engine, again, programme="vestre-toten", confirm=True)
    with db.session_scope(demo_engine) as session:
        left = session.exec(select(UndertakingLink)).all()
    assert [(link.org_number, link.counts_with) for link in left] == [(TOTEN_TREBYGG, RAUFOSS_KOMPONENT)]
    assert stateaid.company_aid(demo_engine, TOTEN_TREBYGG, as_of=date(2014, 12, 31)).members == (
        TOTEN_TREBYGG,
        RAUFOSS_KOMPONENT,
    )


DECLARED = [
    [
        TOTEN_TREBYGG,
        date(2014, 5, 18),
        "Kari Nordmann",
        "Innovasjon Norge",
        "Etablerertilskudd",
        date(2013, 2, 1),
        150000,
    ],
    [TOTEN_TREBYGG, date(2014, 5, 18), "Kari Nordmann", "Oppland fylkeskommune", None, date(2014, 5, 16), None, 815050],
]


def test_declared_aid_counts_in_the_same_import_and_nok_is_converted_at_the_rate_of_its_date(demo_engine, tmp_path):
    """815 050 kroner declared as granted on 16 May 2014 is 100 000 euro at the ECB's 8,1505: with the 150 000 euro
    from Innovasjon Norge and the demo's 18 115,94, a grant of 300 000 kroner on 19 May does not fit."""
    before = counts(demo_engine)
    path = exported(demo_engine, tmp_path)
    edit(path, Erklaeringer=DECLARED, Stotte=[["2014-01", date(2014, 5, 19), None, 300_000]])
    (problem,) = problems_of(demo_engine, path)
    assert problem.startswith(f"Støtte, rad {FIRST_NEW_ROW}, kolonne «Beløp (kr)»: 300000 — Tilskuddet kan ikke gis")
    assert "har fått 268\u00a0115,94\u00a0euro" in problem
    assert counts(demo_engine) == before

    path = exported(demo_engine, tmp_path)
    edit(path, Erklaeringer=DECLARED)
    imported = workbooks.import_workbook(demo_engine, path, programme="vestre-toten", confirm=True)
    said = (
        "Erklæringer, rad 2: Obs: med den erklærte støtten har org.nr. 910 791 907 fått 268 115,94 euro i "
        "bagatellmessig støtte som teller mot taket på 200 000 euro (forordning (EU) nr. 1407/2013); summen er over "
        "taket, og ny bagatellmessig støtte til foretaket blir nektet."
    )
    assert [w.replace("\u00a0", " ") for w in imported.warnings] == [said]  # declared aid is a fact: said (defect 10)
    rows = [
        [c.value for c in row]
        for row in load_workbook(exported(demo_engine, tmp_path))["Erklæringer"].iter_rows(min_row=2)
    ]
    assert rows == [
        [
            TOTEN_TREBYGG,
            datetime(2014, 5, 18),
            "Kari Nordmann",
            "Innovasjon Norge",
            "Etablerertilskudd",
            datetime(2013, 2, 1),
            150000,
            None,
        ],
        [
            TOTEN_TREBYGG,
            datetime(2014, 5, 18),
            "Kari Nordmann",
            "Oppland fylkeskommune",
            None,
            datetime(2014, 5, 16),
            100000,
            815050,
        ],
    ]
    assert (
        workbooks.import_workbook(demo_engine, exported(demo_engine, tmp_path), programme="vestre-toten").changes == 0
    )
    assert stateaid.company_aid(demo_engine, TOTEN_TREBYGG, as_of=date(2014, 5, 19)).total == Decimal("268115.94")


def test_a_declaration_is_one_signer_and_either_no_other_aid_or_rows_of_it(demo_engine, tmp_path):
    path = exported(demo_engine, tmp_path)
    edit(
        path,
        Erklaeringer=[
            [TOTEN_TREBYGG, date(2014, 5, 1), "Kari Nordmann"],
            [TOTEN_TREBYGG, date(2014, 5, 1), "Ola Nordmann", "Innovasjon Norge", None, date(2013, 2, 1), 1000],
            [RAUFOSS_KOMPONENT, date(2014, 5, 2), "Per Olsen", "Innovasjon Norge", None, date(2013, 2, 1)],
            [RAUFOSS_KOMPONENT, date(2014, 7, 1), "Per Olsen", "Innovasjon Norge", None, date(2014, 6, 30), None, 5000],
        ],
    )
    assert problems_of(demo_engine, path) == [
        (
            "Erklæringer, rad 2, kolonne «Støttegiver»: (tom) — erklæringen har rader med støtte fra andre; en rad uten "
            "støttegiver sier at den ikke har det"
        ),
        (
            'Erklæringer, rad 3, kolonne «Signert av»: "Ola Nordmann" — samme erklæring (org.nr. og dato) er signert av '
            "«Kari Nordmann» på rad 2"
        ),
        "Erklæringer, rad 4, kolonne «Beløp (euro)»: (tom) — oppgi beløpet i euro eller i kroner",
        (
            "Erklæringer, rad 5, kolonne «Beløp (kr)»: 5000 — ingen eurokurs for 30. juni 2014 eller de 7 dagene før: "
            "les inn Den europeiske sentralbankens referansekurser (omstilling data kurser FIL) eller oppgi kursen for "
            "tilskuddet"
        ),
    ]


def test_an_award_without_a_rate_names_the_cell_and_an_entered_rate_is_kept(demo_engine, tmp_path):
    path = exported(demo_engine, tmp_path)
    edit(path, Stotte=[["2013-09", date(2014, 6, 30)]])
    assert problems_of(demo_engine, path) == [
        (
            f"Støtte, rad {FIRST_NEW_ROW}, kolonne «Oppgitt kurs»: (tom) — ingen eurokurs for 30. juni 2014 eller de 7 "
            "dagene før: les inn Den europeiske sentralbankens referansekurser (omstilling data kurser FIL) eller oppgi "
            "kursen for tilskuddet"
        )
    ]
    path = exported(demo_engine, tmp_path)
    edit(path, Stotte=[["2013-09", date(2014, 6, 30), None, None, None, None, None, None, None, None, "8,15"]])
    workbooks.import_workbook(demo_engine, path, programme="vestre-toten", confirm=True)
    award = stateaid.award_of(demo_engine, "vestre-toten", "2013-09")
    assert (award.nok_per_eur, award.rate_source, award.amount_eur) == (
        Decimal("8.15"),
        f"oppgitt av {award.recorded_by}",
        Decimal("22085.89"),
    )
    assert (
        workbooks.import_workbook(demo_engine, exported(demo_engine, tmp_path), programme="vestre-toten").changes == 0
    )


def test_a_nynorsk_programmes_refused_award_is_said_in_nynorsk(demo_engine, tmp_path):
    add_copy(demo_engine, language="nn")
    path = exported(demo_engine, tmp_path, "gjovik")
    edit(path, Stotte=[["2014-01", date(2014, 5, 19), None, 2_500_000]])
    with pytest.raises(WorkbookInvalid) as refused:
        workbooks.import_workbook(demo_engine, path, programme="gjovik", confirm=True)
    assert [str(p) for p in refused.value.problems] == [
        (
            f"Støtte, rad {FIRST_NEW_ROW}, kolonne «Beløp (kr)»: 2500000 — Tilskotet kan ikkje bli gitt som "
            "bagatellmessig støtte: Toten Trebygg AS (org.nr. 910 791 907) har fått 36\u00a0231,88\u00a0euro i "
            "bagatellmessig støtte i rekneskapsåret 2014 og dei to føregåande (frå 1. januar 2012 til 19. mai 2014), og "
            "med dette tilskotet på 307\u00a0295,19\u00a0euro blir summen 343\u00a0527,07\u00a0euro, over taket på "
            "200\u00a0000\u00a0euro over tre rekneskapsår (forordning (EU) nr. 1407/2013 artikkel 3)."
        )
    ]


def test_declared_kroner_over_the_databases_largest_are_refused_with_the_awards_sentence(demo_engine, tmp_path):
    """Issue 29, brief G: 3 000 000 000 kroner declared on the sheet Erklæringer is more than the database's
    integer column holds (PostgreSQL refused it with a crash); it is refused, tied to its cell, as an award's is."""
    before = counts(demo_engine)
    path = exported(demo_engine, tmp_path)
    row = [TOTEN_TREBYGG, date(2014, 5, 18), "Kari Nordmann", "Oppland fylkeskommune", None, date(2014, 5, 16)]
    edit(path, Erklaeringer=[[*row, None, 3_000_000_000]])
    problems = [p.replace("\u00a0", " ") for p in problems_of(demo_engine, path)]
    said = "Erklæringer, rad 2, kolonne «Beløp (kr)»: 3000000000 — er for stort: høyst 2 147 483 647"
    assert said in problems, problems
    assert counts(demo_engine) == before
