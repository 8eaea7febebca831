"""The workbook round trip on the demo: export, edit as a programme leader would, import; on SQLite and, where
the database matters (writing, all-or-nothing), on PostgreSQL too."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from sqlmodel import Session, func, select

from omstilling.core.periods import Period
from omstilling.core.status import programme_status
from omstilling.errors import RECORD, InputError, Problem
from omstilling.intake.demo import demo_rates, load_demo
from omstilling.intake.workbook import (
    WorkbookInvalid,
    export_csv,
    export_workbook,
    import_workbook,
    programme_records,
)
from omstilling.intake.workbook.columns import SHEETS
from omstilling.intake.workbook.export import write_workbook
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot
from omstilling.store.models import Programme
from tests.support.db import sqlite_engine
from tests.support.workbook import portfolios, records_of

AS_OF_2014 = Period(2014, date(2014, 12, 31))


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory):
    """The demo on SQLite, loaded once for the module, exported to a workbook: (engine, path, records, status)."""
    folder = tmp_path_factory.mktemp("demo-export")
    engine = sqlite_engine(folder)
    db.migrate(engine)
    with db.session_scope(engine) as session:
        programme = load_demo(session).programme
        export_workbook(session, programme, folder / "vestre-toten.xlsx")
        records = programme_records(session, programme)
        status = programme_status(load_snapshot(session, programme), AS_OF_2014)
    yield engine, folder / "vestre-toten.xlsx", records, status
    engine.dispose()


def with_rates(engine):
    """An installation with the ECB's rates the demo's awards are converted at (the operator reads them in with
    `omstilling data kurser` before a programme's awards can be imported: no rate, no award)."""
    with db.session_scope(engine) as session:
        demo_rates(session, "eurofxref-2014-utdrag.csv")
    return engine


def records_in(engine, slug: str = "vestre-toten"):
    with db.session_scope(engine) as session:
        return programme_records(session, choose.programme(session, slug))


def status_in(engine, slug: str = "vestre-toten") -> dict:
    with db.session_scope(engine) as session:
        return programme_status(load_snapshot(session, choose.programme(session, slug)), AS_OF_2014)


def without_meeting_ids(records):
    """Records to compare across databases: meeting IDs are the database's own."""
    meetings = {key: m["date"] for key, m in records["Styremøter"].items()}
    return {
        **records,
        "Styremøter": [{k: v for k, v in m.items() if k != "id"} for m in records["Styremøter"].values()],
        "Saker": [
            {**{k: v for k, v in c.items() if k != "meeting"}, "meeting": meetings[c["meeting"]]}
            for c in records["Saker"].values()
        ],
        "Årshjul": dict(sorted(records["Årshjul"].items())),
    }


def test_the_demo_exported_and_imported_unchanged_changes_nothing(demo_export):
    engine, path, records, _ = demo_export
    with db.session_scope(engine) as session:
        report = import_workbook(session, path)
    assert report.changes == 0
    assert [(s.sheet, len(s.new), len(s.changed)) for s in report.sheets if s.new or s.changed] == []
    assert (
        sum(s.unchanged for s in report.sheets) == sum(len(rows) for rows in records.values()) == 402
    )  # (the årshjul got its register deadline, registerrapport: one row more)
    assert records_in(engine) == records


def test_the_exported_workbook_is_what_a_programme_leader_works_in(demo_export):
    _, path, _, _ = demo_export
    workbook = load_workbook(path)
    assert workbook.sheetnames == [
        "Veiledning",
        "Program",
        "Personer",
        "Innsatsområder",
        "Tiltak",
        "Mål",
        "Budsjett",
        "Prosjekter",
        "Finansiering",
        "Utbetalinger",
        "Resultater",
        "Støtte",
        "Erklæringer",
        "Foretak",
        "Styremøter",
        "Saker",
        "Tekster",
        "Avvik",
        "PSV-indikatorer",
        "PSV",
        "PSV-score",
        "PSV-anbefalinger",
        "Årshjul",
        "Kvoter",
        "Fridager",
        "Lister",
    ]
    assert workbook["Lister"].sheet_state == "hidden"
    projects = workbook["Prosjekter"]
    headers = [cell.value for cell in projects[1]]
    assert headers[:10] == [
        "Prosjektnummer",
        "Tittel",
        "Prosjekteier",
        "Org.nr.",
        "Innsatsområde",
        "Tiltak",
        "Merker",
        "Fase",
        "Status",
        "Tilsagn (kr)",
    ]
    assert all(workbook[name].freeze_panes == "A2" for name in workbook.sheetnames[1:-1])
    assert "vesentlig element" in projects["O1"].comment.text  # Kompetanseheving, explained on the header

    row = next(r for r in projects.iter_rows(min_row=2) if r[0].value == "2014-05")
    cells = dict(zip(headers, row, strict=True))
    assert (cells["Tilsagn (kr)"].value, cells["Tilsagn (kr)"].number_format) == (250_000, '#,##0" kr"')
    assert cells["Vedtaksdato"].value == datetime(2014, 5, 19)
    assert cells["Vedtaksdato"].number_format == "DD.MM.YYYY"
    assert (cells["Fase"].value, cells["Status"].value, cells["Kompetanseheving"].value) == (
        "forprosjekt",
        "avsluttet",
        "Ja",
    )
    assert cells["Prosjektnummer"].number_format == "@"  # "2014-05" stays text when typed anew

    assert all(v.showErrorMessage for v in projects.data_validations.dataValidation)  # Excel refuses bad input
    drop_downs = {str(v.sqref): v.formula1 for v in projects.data_validations.dataValidation}
    assert drop_downs["H2:H1048576"].startswith("='Lister'!$")  # Fase
    assert drop_downs["I2:I1048576"].startswith("='Lister'!$")  # Status
    assert drop_downs["E2:E1048576"] == "='Innsatsområder'!$A$2:$A$5000"
    assert drop_downs["O2:O1048576"] == '"Ja,Nei"'
    roles = {str(v.sqref): v.formula1 for v in workbook["Personer"].data_validations.dataValidation}["B2:B1048576"]
    listed = [cell.value for cell in workbook["Lister"][roles.split("!")[1].replace("$", "").split(":")[0][0]]]
    assert "observatør fra fylkeskommunen" in listed and "prosessveileder" not in listed

    wheel = workbook["Årshjul"]
    psv = next(r for r in wheel.iter_rows(min_row=2, values_only=True) if r[0] == "psv")
    assert psv[7] == (
        "-14: programleder, styreleder, ekstern prosessveileder; -2: programleder, styreleder, ekstern prosessveileder"
    )
    assert psv[8] == time(9, 0)
    assert [cell.value for cell in workbook["Personer"][1]] == [
        "Navn",
        "Rolle",
        "Organisasjon",
        "Fra dato",
        "Til dato",
    ]  # no contact data unless asked
    guide = " ".join(str(c.value) for r in workbook["Veiledning"].iter_rows() for c in r if c.value)
    assert "Møte-ID" in guide and "Importen sletter aldri" in guide


def test_contact_data_is_in_the_workbook_only_when_asked_for(demo_export, tmp_path):
    engine, _, _, _ = demo_export
    with db.session_scope(engine) as session:
        export_workbook(session, choose.programme(session), tmp_path / "med.xlsx", with_contacts=True)
    people = load_workbook(tmp_path / "med.xlsx")["Personer"]
    assert [c.value for c in people[1]][-2:] == ["E-post", "Telefon"]
    assert people["F2"].value == "programleder@example.org"
    with db.session_scope(engine) as session:
        assert import_workbook(session, tmp_path / "med.xlsx").changes == 0


def edit_like_a_programme_leader(path: Path, edited: Path) -> None:
    """A project added (with its financing and the case that granted it), a result changed, a meeting moved."""
    workbook = load_workbook(path)
    workbook["Prosjekter"].append(
        [
            "2014-15",
            "Ny pakkelinje",
            "Toten Emballasje AS",
            None,
            1,
            None,
            None,
            "forstudie",
            "innvilget",
            100_000,
            datetime(2014, 12, 15),
            "29/14",
            datetime(2015, 1, 5),
            None,
            "Ja",
            "Nei",
            "Nei",
        ]
    )
    workbook["Finansiering"].append(["2014-15", "omstillingsprogrammet", 100_000])
    workbook["Finansiering"].append(["2014-15", "egne midler", 60_000])
    workbook["Saker"].append(
        [
            "29/14",
            datetime(2014, 12, 15),
            "Søknad om prosjektstøtte: Ny pakkelinje",
            None,  # Type: blank is a vedtakssak
            "Toten Emballasje AS søker om støtte til en forstudie.",
            "Det innvilges inntil 100 000 kroner i tilskudd.",
            None,
            "2014-15",
        ]
    )
    results = workbook["Resultater"]
    row = next(
        r for r in results.iter_rows(min_row=2) if (r[0].value, r[1].value) == ("2014-05", datetime(2014, 12, 31))
    )
    row[3].value = 12  # Nye arbeidsplasser: 2 → 12
    meetings = workbook["Styremøter"]
    row = next(r for r in meetings.iter_rows(min_row=2) if r[1].value == datetime(2015, 1, 26))
    row[1].value = datetime(2015, 2, 2)  # the cases 01/15 and 02/15 stay as they are: they follow the meeting
    workbook.save(edited)


def test_an_edited_demo_lands_exactly_the_edits_and_the_status_shows_them(demo_engine, demo_export, tmp_path):
    _, path, _, _ = demo_export
    edit_like_a_programme_leader(path, tmp_path / "redigert.xlsx")
    before, status_before = records_in(demo_engine), status_in(demo_engine)

    with db.session_scope(demo_engine) as session:
        dry = import_workbook(session, tmp_path / "redigert.xlsx", dry_run=True)
    assert records_in(demo_engine) == before
    summary = {s.sheet: (len(s.new), len(s.changed)) for s in dry.sheets if s.new or s.changed}
    assert summary == {
        "Prosjekter": (1, 0),
        "Finansiering": (2, 0),
        "Resultater": (0, 1),
        "Styremøter": (0, 1),
        "Saker": (1, 0),
    }
    changed = {s.sheet: s.changed[0].fields for s in dry.sheets if s.changed}
    assert changed == {
        "Resultater": (("Nye arbeidsplasser", "2", "12"),),
        "Styremøter": (("Dato", "26.01.2015", "02.02.2015"),),
    }

    with db.session_scope(demo_engine) as session:
        report = import_workbook(session, tmp_path / "redigert.xlsx")
    assert report.changes == dry.changes == 6
    after = records_in(demo_engine)
    for records in (before, after):  # a case's meeting date is its meeting's: the cases themselves did not change
        for case in records["Saker"].values():
            del case["meeting_date"]
    differences = {
        (name, key)
        for name in after
        for key in after[name].keys() | before[name].keys()
        if after[name].get(key) != before[name].get(key)
    }
    moved = next(key for key, m in before["Styremøter"].items() if m["date"] == date(2015, 1, 26))
    assert differences == {
        ("Prosjekter", ("2014-15",)),
        ("Finansiering", ("2014-15", "program")),
        ("Finansiering", ("2014-15", "egne-midler")),
        ("Saker", ("29/14",)),
        ("Resultater", ("2014-05", date(2014, 12, 31), "sluttrapport", "")),
        ("Styremøter", moved),
    }
    assert [c["number"] for c in after["Saker"].values() if c["meeting"] == moved] == ["01/15", "02/15"]

    status = status_in(demo_engine)
    jobs = {g["key"]: g["actual"] for g in status["goals"]}
    jobs_before = {g["key"]: g["actual"] for g in status_before["goals"]}
    assert jobs["io1-arbeidsplasser-2014"] == jobs_before["io1-arbeidsplasser-2014"] + 10
    granted = {line["label"]: line["granted"] for line in status["budget"]["spending"]}
    granted_before = {line["label"]: line["granted"] for line in status_before["budget"]["spending"]}
    assert granted["Prosjektmidler innsatsområde 1"] == granted_before["Prosjektmidler innsatsområde 1"] + 100_000
    with db.session_scope(demo_engine) as session:
        meetings = load_snapshot(session, choose.programme(session)).meetings
    assert [m.date for m in meetings][-1] == date(2015, 2, 2)
    assert [c.number for c in meetings[-1].cases] == ["01/15", "02/15"]


def test_a_new_programme_comes_entirely_from_a_workbook_wheel_included(engine, demo_export):
    _, path, records, status = demo_export
    with db.session_scope(with_rates(engine)) as session:
        report = import_workbook(session, path)
    assert (report.created, report.programme, report.changes) == (True, "vestre-toten", 402)
    assert status_in(engine) == status
    no_contacts = {key: {**person, "email": None, "phone": None} for key, person in records["Personer"].items()}
    assert without_meeting_ids(records_in(engine)) == without_meeting_ids({**records, "Personer": no_contacts})
    assert len(records_in(engine)["Årshjul"]) == 17  # (registerrapport among them)


def test_a_workbook_that_fails_late_creates_nothing_at_all(demo_export, tmp_path):
    _, path, _, _ = demo_export
    engine = sqlite_engine(tmp_path)
    db.migrate(engine)
    with_rates(engine)
    workbook = load_workbook(path)
    workbook["Fridager"]["C2"] = "hvert år i juli"
    workbook.save(tmp_path / "feil.xlsx")
    with pytest.raises(WorkbookInvalid) as caught, db.session_scope(engine) as session:
        import_workbook(session, tmp_path / "feil.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        (
            'Fridager, rad 2, kolonne «Regel (RRULE)»: "hvert år i juli" — er ikke en RRULE-regel (RFC 5545), '
            "f.eks. FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20"
        )
    ]
    with db.session_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(Programme)).one() == 0


def test_a_refusal_while_writing_rolls_back_everything_written_before_it(engine, demo_export, monkeypatch):
    """The services check each row once more as it is written; a refusal there still leaves nothing behind."""
    _, path, _, _ = demo_export
    from omstilling.intake.workbook import apply

    def refuse(session, programme, data):
        assert session.get(Programme, programme.id) is not None  # written, and about to be rolled back
        raise InputError("tiltak", [Problem(RECORD, "avvist i testen"), Problem("number", "har feil form", "9.9")])

    monkeypatch.setitem(apply.ADD, "Tiltak", refuse)  # after the programme, its people and focus areas
    with pytest.raises(WorkbookInvalid) as caught, db.session_scope(with_rates(engine)) as session:
        import_workbook(session, path)
    assert [str(p) for p in caught.value.problems] == ["Tiltak, rad 2: avvist i testen; number: «9.9» — har feil form"]
    with db.session_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(Programme)).one() == 0


def test_every_fault_in_a_workbook_is_reported_at_once_and_nothing_is_written(demo_export, tmp_path):
    engine, path, before, _ = demo_export
    workbook = load_workbook(path)
    workbook["Prosjekter"]["J2"] = -5
    workbook["Prosjekter"]["H3"] = "idé"
    workbook["Utbetalinger"]["B4"] = "i går"
    workbook["Resultater"]["D5"] = "tolv"
    workbook["Saker"]["A6"] = "sak 6"
    workbook["Årshjul"]["D2"] = "hver mandag"
    workbook["Resultater"].append(["2014-99", datetime(2014, 6, 1), "sluttrapport", 1])
    workbook.save(tmp_path / "mange-feil.xlsx")
    with pytest.raises(WorkbookInvalid) as caught, db.session_scope(engine) as session:
        import_workbook(session, tmp_path / "mange-feil.xlsx")
    where = [f"{p.sheet} {p.row} {p.column}" for p in caught.value.problems]
    assert where == [
        "Prosjekter 2 Tilsagn (kr)",
        "Prosjekter 3 Fase",
        "Utbetalinger 4 Dato",
        "Resultater 5 Nye arbeidsplasser",
        "Resultater 28 Prosjektnummer",
        "Saker 6 Saksnummer",
        "Årshjul 2 Regel (RRULE)",
    ]
    assert str(caught.value) == "mange-feil.xlsx: 7 feil; ingenting ble importert (databasen er uendret)"
    assert records_in(engine) == before


def test_the_demo_as_csv_files_builds_the_same_programme(demo_export, tmp_path):
    source_engine, _, _, status = demo_export
    engine = sqlite_engine(tmp_path)
    db.migrate(engine)
    with_rates(engine)
    with db.session_scope(source_engine) as session:
        export_csv(session, choose.programme(session), tmp_path / "csv", with_contacts=True)
    assert sorted(p.stem for p in (tmp_path / "csv").glob("*.csv")) == sorted(s.name for s in SHEETS)
    with db.session_scope(engine) as session:
        assert import_workbook(session, tmp_path / "csv").created
    assert status_in(engine) == status
    assert without_meeting_ids(records_in(engine)) == without_meeting_ids(records_in(source_engine))


def test_a_bad_cell_in_a_csv_file_is_named_like_one_in_a_workbook(demo_export, tmp_path):
    engine, _, records, _ = demo_export
    (tmp_path / "Utbetalinger.csv").write_text(
        "Prosjektnummer;Dato;Type;Beløp (kr)\n2014-05;2014-06-09;utbetaling;125000\n2014-05;2014-13-01;;5\n",
        encoding="utf-8",
    )
    with pytest.raises(WorkbookInvalid) as caught, db.session_scope(engine) as session:
        import_workbook(session, tmp_path / "Utbetalinger.csv")
    assert [str(p) for p in caught.value.problems] == [
        'Utbetalinger, rad 3, kolonne «Dato»: "2014-13-01" — er ikke en gyldig dato'
    ]
    assert records_in(engine) == records


@pytest.fixture(scope="module")
def empty_sqlite(tmp_path_factory):
    engine = sqlite_engine(tmp_path_factory.mktemp("generated"))
    db.migrate(engine)
    yield engine
    engine.dispose()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(portfolios(with_payments=False))
def test_generated_rows_round_trip_through_the_database(empty_sqlite, tmp_path, portfolio):
    """Rows → workbook → a new programme in the database → the same rows out again (then rolled back)."""
    for project in portfolio["Prosjekter"]:
        project.update(focus_area=1, strategy=None)
    records = records_of(portfolio)
    records["Program"] = {
        ("generert",): {
            "slug": "generert",
            "name": "Generert",
            "municipality": "K",
            "county": "F",
            "county_short": "F",
            "status_start_year": 2014,
            "status_end_year": 2019,
            "timezone": "Europe/Oslo",
        }
    }
    records["Innsatsområder"] = {(1,): {"number": 1, "name": "Nyskaping", "description": None}}
    write_workbook(records, tmp_path / "generert.xlsx")
    with Session(empty_sqlite) as session:
        report = import_workbook(session, tmp_path / "generert.xlsx")
        stored = programme_records(session, choose.programme(session, "generert"))
        session.rollback()
    assert report.created
    assert (stored["Prosjekter"], stored["Resultater"]) == (records["Prosjekter"], records["Resultater"])
