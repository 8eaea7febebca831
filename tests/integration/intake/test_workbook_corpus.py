"""A corpus of broken workbooks, each with one fault: each is refused with one line naming the sheet, row and
column, the value and what is expected, and the database is left exactly as it was.

The workbooks are made here with openpyxl from the demo's records (only the sheets a fault needs, to keep the
suite fast); no binary file is kept in the repository."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl.workbook import Workbook

from omstilling.intake import writes
from omstilling.intake.demo import load_demo
from omstilling.intake.workbook import (
    WorkbookInvalid,
    build_workbook,
    import_workbook,
    programme_records,
)
from omstilling.store import choose, db
from tests.support.db import sqlite_engine

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """The demo on SQLite, and a second programme (Nabovik) whose project and meeting rows can be pointed at."""
    engine = sqlite_engine(tmp_path_factory.mktemp("corpus"))
    db.migrate(engine)
    with db.session_scope(engine) as session:
        load_demo(session)
        nabovik = writes.create_programme(
            session,
            {
                "slug": "nabovik",
                "name": "Omstilling Nabovik",
                "municipality": "Nabovik kommune",
                "county": "Nordfylket",
                "county_short": "NF",
                "status_start_year": 2014,
                "status_end_year": 2019,
            },
        )
        writes.add_focus_area(session, nabovik, {"number": 1, "name": "Reiseliv"})
        writes.add_project(
            session,
            nabovik,
            {
                "number": "N-01",
                "title": "Hytteutleie",
                "owner": "Nabo AS",
                "focus_area": 1,
                "phase": "forstudie",
                "status": "sokt",
            },
        )
        meeting = writes.add_meeting(session, nabovik, {"date": "2014-03-03"})
        records = programme_records(session, choose.programme(session, "vestre-toten"))
    yield engine, records, meeting.id
    engine.dispose()


def row_of(workbook: Workbook, sheet: str, **match) -> int:
    """The number of the first row whose cells under the given headers hold the given values."""
    worksheet = workbook[sheet]
    headers = [cell.value for cell in worksheet[1]]
    for row in range(2, worksheet.max_row + 1):
        cells = {h: worksheet.cell(row, i + 1).value for i, h in enumerate(headers)}
        if all(cells[h.replace("_", " ")] == v for h, v in match.items()):
            return row
    raise LookupError(f"no row in {sheet} with {match}")


def put(workbook: Workbook, sheet: str, row: int, header: str, value: object, number_format: str = "") -> int:
    worksheet = workbook[sheet]
    column = [cell.value for cell in worksheet[1]].index(header) + 1
    cell = worksheet.cell(row, column)
    cell.value = value  # (worksheet.cell(…, value=None) would leave the old value)
    cell.number_format = number_format or cell.number_format
    return row


def append(workbook: Workbook, sheet: str, values: dict[str, object]) -> int:
    worksheet = workbook[sheet]
    headers = [cell.value for cell in worksheet[1]]
    worksheet.append([values.get(h) for h in headers])
    return worksheet.max_row


def project(workbook: Workbook, number: str = "2014-05") -> int:
    return row_of(workbook, "Prosjekter", Prosjektnummer=number)


def payment(workbook: Workbook) -> int:
    return row_of(workbook, "Utbetalinger", Prosjektnummer="2014-05")


@dataclass(frozen=True)
class Fault:
    """One fault: the sheets it needs, how to make it (returns the row it is on), the line it must give."""

    name: str
    sheets: tuple[str, ...]
    make: Callable[[Workbook], int]
    line: str  # "{row}" stands for the row the fault is on
    programme: str | None = None


FAULTS = [
    Fault(
        "an unknown focus area",
        ("Prosjekter",),
        lambda wb: put(wb, "Prosjekter", project(wb), "Innsatsområde", 9),
        "Prosjekter, rad {row}, kolonne «Innsatsområde»: 9 — programmet har ikke innsatsområde 9 (det har 1, 2, 3)",
    ),
    Fault(
        "an unknown strategy",
        ("Prosjekter",),
        lambda wb: put(wb, "Prosjekter", project(wb), "Tiltak", "3.9.9"),
        'Prosjekter, rad {row}, kolonne «Tiltak»: "3.9.9" — programmet har ikke tiltak 3.9.9 (se arket Tiltak)',
    ),
    Fault(
        "a strategy of another focus area",
        ("Prosjekter",),
        lambda wb: put(wb, "Prosjekter", project(wb), "Tiltak", "3.2.1"),
        'Prosjekter, rad {row}, kolonne «Tiltak»: "3.2.1" — tiltak 3.2.1 hører til innsatsområde 2, ikke 1',
    ),
    Fault(
        "a negative grant",
        ("Prosjekter",),
        lambda wb: put(wb, "Prosjekter", project(wb), "Tilsagn (kr)", -5),
        "Prosjekter, rad {row}, kolonne «Tilsagn (kr)»: -5 — må være et helt beløp på 0 eller mer",
    ),
    Fault(
        "a negative payment",
        ("Utbetalinger",),
        lambda wb: put(wb, "Utbetalinger", payment(wb), "Beløp (kr)", -100),
        "Utbetalinger, rad {row}, kolonne «Beløp (kr)»: -100 — må være et helt beløp over 0",
    ),
    Fault(
        "kroner with øre",
        ("Finansiering",),
        lambda wb: put(wb, "Finansiering", row_of(wb, "Finansiering", Prosjektnummer="2014-05"), "Beløp (kr)", 12.5),
        "Finansiering, rad {row}, kolonne «Beløp (kr)»: 12,5 — må være et helt beløp i kroner, uten øre",
    ),
    Fault(
        "a date that is not a date",
        ("Utbetalinger",),
        lambda wb: put(wb, "Utbetalinger", payment(wb), "Dato", "31.02.2014"),
        'Utbetalinger, rad {row}, kolonne «Dato»: "31.02.2014" — er tekst, ikke en dato: skriv en dato i cellen, '
        "f.eks. 16.06.2014",
    ),
    Fault(
        "a number in a date column",
        ("Resultater",),
        lambda wb: put(wb, "Resultater", 2, "Dato", 41640, "General"),
        "Resultater, rad {row}, kolonne «Dato»: 41640 — er et tall, ikke en dato: skriv en dato, f.eks. 16.06.2014",
    ),
    Fault(
        "text where a number belongs",
        ("Resultater",),
        lambda wb: put(wb, "Resultater", 3, "Nye arbeidsplasser", "tolv"),
        'Resultater, rad {row}, kolonne «Nye arbeidsplasser»: "tolv" — er tekst, ikke et tall: skriv et helt tall',
    ),
    Fault(
        "a project number twice",
        ("Prosjekter",),
        lambda wb: append(
            wb,
            "Prosjekter",
            {
                "Prosjektnummer": "2014-05",
                "Tittel": "Kopi",
                "Prosjekteier": "X AS",
                "Innsatsområde": 1,
                "Fase": "forstudie",
                "Status": "søkt",
            },
        ),
        'Prosjekter, rad {row}, kolonne «Prosjektnummer»: "2014-05" — samme Prosjektnummer som rad {first}; '
        "hver rad må ha sin egen nøkkel",
    ),
    Fault(
        "a payment key twice",
        ("Utbetalinger",),
        lambda wb: put(wb, "Utbetalinger", payment(wb) + 1, "Dato", datetime(2014, 6, 9)),
        'Utbetalinger, rad {row}, kolonne «Prosjektnummer»: "2014-05" — samme Prosjektnummer + Dato + Type + Referanse som rad '
        "{previous}; hver rad må ha sin egen nøkkel",
    ),
    Fault(
        "a missing required cell",
        ("Prosjekter",),
        lambda wb: put(wb, "Prosjekter", project(wb), "Tittel", None),
        "Prosjekter, rad {row}, kolonne «Tittel»: (tom) — må fylles ut: tekst",
    ),
    Fault(
        "a missing required column",
        ("Prosjekter",),
        lambda wb: wb["Prosjekter"].delete_cols(8) or 1,
        "Prosjekter, rad 1, kolonne «Fase»: kolonnen mangler; den er påkrevd",
    ),
    Fault(
        "an unknown column",
        ("Prosjekter",),
        lambda wb: put(wb, "Prosjekter", 1, "Tilsagn (kr)", "Tilsagn kr"),
        "Prosjekter, rad 1, kolonne «Tilsagn kr»: ukjent kolonne; arket har disse: «Prosjektnummer»",
    ),
    Fault(
        "a payment above its grant",
        ("Utbetalinger",),
        lambda wb: put(wb, "Utbetalinger", payment(wb), "Beløp (kr)", 1_000_000),
        f"Utbetalinger, rad {{row}}, kolonne «Beløp (kr)»: 1000000 — samlet utbetalt til prosjekt 2014-05 blir "
        f"1{NBSP}000{NBSP}000{NBSP}kr, mer enn tilsagnet på 250{NBSP}000{NBSP}kr",
    ),
    Fault(
        "money returned before it was paid",
        ("Utbetalinger",),
        lambda wb: append(
            wb,
            "Utbetalinger",
            {
                "Prosjektnummer": "2014-05",
                "Dato": datetime(2014, 1, 2),
                "Type": "tilbakeførte midler",
                "Beløp (kr)": 10,
            },
        ),
        "Utbetalinger, rad {row}, kolonne «Beløp (kr)»: 10 — mer tilbakeført enn de 0"
        + NBSP
        + "kr som er utbetalt til prosjekt 2014-05 før denne datoen",
    ),
    Fault(
        "a payment on another programme's project",
        ("Utbetalinger",),
        lambda wb: append(
            wb, "Utbetalinger", {"Prosjektnummer": "N-01", "Dato": datetime(2014, 5, 2), "Beløp (kr)": 10}
        ),
        'Utbetalinger, rad {row}, kolonne «Prosjektnummer»: "N-01" — prosjekt N-01 hører til programmet «nabovik», '
        "ikke «vestre-toten»",
    ),
    Fault(
        "another programme's meeting",
        ("Styremøter",),
        lambda wb: put(wb, "Styremøter", 2, "Møte-ID", NABOVIK_MEETING),
        "Styremøter, rad {row}, kolonne «Møte-ID»: {meeting} — møtet hører til programmet «nabovik», "
        "ikke «vestre-toten»",
    ),
    Fault(
        "a workbook for another programme",
        ("Program",),
        lambda wb: put(wb, "Program", 2, "Kortnavn", "nabovik"),
        'Program, rad {row}, kolonne «Kortnavn»: "nabovik" — arbeidsboka gjelder et annet program enn '
        "«vestre-toten» (--programme)",
        programme="vestre-toten",
    ),
    Fault(
        "an unknown meeting ID",
        ("Styremøter",),
        lambda wb: put(wb, "Styremøter", 3, "Møte-ID", 99_999),
        "Styremøter, rad {row}, kolonne «Møte-ID»: 99999 — ukjent møte-ID; la cellen stå tom for nye møter",
    ),
    Fault(
        "two meetings of one kind on one day",
        ("Styremøter",),
        lambda wb: put(wb, "Styremøter", 3, "Dato", datetime(2014, 1, 27)),
        "Styremøter, rad {row}, kolonne «Dato»: 27.01.2014 — et ordinært styremøte står alt på denne datoen (rad 2)",
    ),
    Fault(
        "an unknown role",
        ("Personer",),
        lambda wb: put(wb, "Personer", 2, "Rolle", "kasserer"),
        'Personer, rad {row}, kolonne «Rolle»: "kasserer" — ukjent rolle; velg en av: programleder, styreleder',
    ),
    Fault(
        "a case number that is not one",
        ("Saker",),
        lambda wb: put(wb, "Saker", 2, "Saksnummer", "sak 5"),
        'Saker, rad {row}, kolonne «Saksnummer»: "sak 5" — et saksnummer skrives løpenummer/år, f.eks. 05/14',
    ),
    Fault(
        "a case number Excel made a date",
        ("Saker",),
        lambda wb: put(wb, "Saker", 2, "Saksnummer", datetime(2014, 1, 1)),
        "Saker, rad {row}, kolonne «Saksnummer»: 01.01.2014 — Excel har gjort teksten om til en dato; formater "
        "cellen som tekst og skriv den på nytt",
    ),
    Fault(
        "a case on a day without a meeting",
        ("Saker",),
        lambda wb: put(wb, "Saker", 2, "Møtedato", datetime(2014, 8, 1)),
        "Saker, rad {row}, kolonne «Møtedato»: 01.08.2014 — ingen styremøte denne datoen (se arket Styremøter)",
    ),
    Fault(
        "a case numbered for another year",
        ("Saker",),
        lambda wb: put(wb, "Saker", 2, "Saksnummer", "40/13"),
        'Saker, rad {row}, kolonne «Saksnummer»: "40/13" — saksnummeret er fra et annet år enn møtet (27.01.2014)',
    ),
    Fault(
        "a rule that is not an RRULE",
        ("Årshjul",),
        lambda wb: put(wb, "Årshjul", 2, "Regel (RRULE)", "hver mandag"),
        'Årshjul, rad {row}, kolonne «Regel (RRULE)»: "hver mandag" — er ikke en RRULE-regel (RFC 5545), '
        "f.eks. FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20",
    ),
    Fault(
        "a closed day rule that closes every weekday",
        ("Fridager",),
        lambda wb: append(
            wb,
            "Fridager",
            {"Nøkkel": "alt", "Tittel": "Alle hverdager", "Regel (RRULE)": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
        ),
        'Fridager, rad {row}, kolonne «Regel (RRULE)»: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" — fridagene gir mer enn '
        "60 dager på rad uten arbeidsdag (fra 2010-01-01); da finnes det ingen dag å legge fristene på",
    ),
    Fault(
        "closed days that together leave no working day for two months",
        ("Fridager",),
        lambda wb: append(
            wb, "Fridager", {"Nøkkel": "august", "Tittel": "August", "Regel (RRULE)": "FREQ=DAILY;BYMONTH=8"}
        ),
        'Fridager, rad {row}, kolonne «Regel (RRULE)»: "FREQ=DAILY;BYMONTH=8" — sammen med de andre fridagene: '
        "fridagene gir mer enn 60 dager på rad uten arbeidsdag",
    ),
    Fault(
        "a reminder step without its colon",
        ("Årshjul",),
        lambda wb: put(wb, "Årshjul", 2, "Påminnelser", "-28 programleder; 0: styreleder"),
        'Årshjul, rad {row}, kolonne «Påminnelser»: "-28 programleder; 0: styreleder" — «-28 programleder» er ikke '
        "et trinn: skriv «dager: roller», f.eks. «-14: programleder»",
    ),
    Fault(
        "a dependency on an unknown event",
        ("Årshjul",),
        lambda wb: put(
            wb, "Årshjul", row_of(wb, "Årshjul", Nøkkel="psv"), "Avhenger av", "psv-faktagrunnlag, budsjett"
        ),
        'Årshjul, rad {row}, kolonne «Avhenger av»: "psv-faktagrunnlag, budsjett" — ukjent hendelse budsjett '
        "(bruk nøkler fra arket Årshjul)",
    ),
    Fault(
        "dependencies in a circle",
        ("Årshjul",),
        lambda wb: put(wb, "Årshjul", row_of(wb, "Årshjul", Nøkkel="psv-faktagrunnlag"), "Avhenger av", "psv-rapport"),
        'Årshjul, rad {row}, kolonne «Avhenger av»: "psv-rapport" — avhengighetene går i ring: '
        "psv-faktagrunnlag → psv-rapport → psv → psv-faktagrunnlag",
    ),
    Fault(
        "a goal that ends before it starts",
        ("Mål",),
        lambda wb: put(wb, "Mål", row_of(wb, "Mål", Nøkkel="kompetanse"), "Til år", 2012),
        "Mål, rad {row}, kolonne «Til år»: 2012 — perioden kan ikke slutte før den begynner",
    ),
    Fault(
        "focus-area money without a focus area",
        ("Budsjett",),
        lambda wb: put(wb, "Budsjett", 5, "Innsatsområde", None),
        "Budsjett, rad {row}, kolonne «Innsatsområde»: (tom) — oppgi innsatsområde når, og bare når, kategorien er "
        "«prosjektmidler innsatsområde»",
    ),
    Fault(
        "a project that ends before it starts",
        ("Prosjekter",),
        lambda wb: put(wb, "Prosjekter", project(wb), "Sluttdato", datetime(2013, 1, 1)),
        "Prosjekter, rad {row}, kolonne «Sluttdato»: 01.01.2013 — prosjektet kan ikke slutte før det starter",
    ),
    Fault(
        "an organisation number with a wrong check digit",
        ("Prosjekter",),
        lambda wb: put(wb, "Prosjekter", project(wb), "Org.nr.", "123456789"),
        'Prosjekter, rad {row}, kolonne «Org.nr.»: "123456789" — er ikke et gyldig organisasjonsnummer '
        "(9 siffer med kontrollsiffer)",
    ),
    Fault(
        "a programme share that is not the grant",
        ("Finansiering",),
        lambda wb: put(
            wb,
            "Finansiering",
            row_of(wb, "Finansiering", Prosjektnummer="2014-05", Kilde="omstillingsprogrammet"),
            "Beløp (kr)",
            240_000,
        ),
        f"Finansiering, rad {{row}}, kolonne «Beløp (kr)»: 240000 — prosjekt 2014-05: omstillingsprogrammets andel "
        f"(240{NBSP}000{NBSP}kr) må være lik tilsagnet (250{NBSP}000{NBSP}kr) (tilsagnet står på arket Prosjekter)",
    ),
    Fault(
        "a quota period that does not divide the year",
        ("Kvoter",),
        lambda wb: put(wb, "Kvoter", 2, "Måneder per periode", 5),
        "Kvoter, rad {row}, kolonne «Måneder per periode»: 5 — må være en av: 1, 2, 3, 4, 6 eller 12",
    ),
    Fault(
        "a plan year long ago",
        ("Tiltak",),
        lambda wb: put(wb, "Tiltak", 2, "År", 1890),
        "Tiltak, rad {row}, kolonne «År»: 1890 — må være 1990 eller senere",
    ),
    Fault(
        "a yes/no that is neither",
        ("Prosjekter",),
        lambda wb: put(wb, "Prosjekter", project(wb), "Kompetanseheving", "kanskje"),
        'Prosjekter, rad {row}, kolonne «Kompetanseheving»: "kanskje" — skriv Ja eller Nei',
    ),
    Fault(
        "a granted project without its decision date",
        ("Prosjekter",),
        lambda wb: put(wb, "Prosjekter", project(wb), "Vedtaksdato", None),
        "Prosjekter, rad {row}, kolonne «Vedtaksdato»: (tom) — et innvilget prosjekt trenger vedtaksdato",
    ),
]
NABOVIK_MEETING = 0  # set from the fixture: the id of Nabovik's meeting


def broken_workbook(records, fault: Fault, folder: Path) -> tuple[Path, int, Workbook]:
    """A workbook holding the Program sheet and the sheets the fault needs (an import reads only the sheets a
    file has), with the fault made; the row it is on."""
    kept = (*fault.sheets, "Program")
    workbook = build_workbook({name: rows if name in kept else {} for name, rows in records.items()})
    for name in workbook.sheetnames:
        if name not in kept:
            del workbook[name]
    row = fault.make(workbook)
    path = folder / "broken.xlsx"
    workbook.save(path)
    return path, row, workbook


def test_the_corpus_has_at_least_twenty_faults_of_every_kind_the_issue_names():
    assert len(FAULTS) >= 20
    assert len({f.name for f in FAULTS}) == len(FAULTS)


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_a_broken_workbook_is_refused_with_one_line_naming_sheet_row_and_column(database, fault, tmp_path):
    global NABOVIK_MEETING
    engine, records, NABOVIK_MEETING = database
    path, row, workbook = broken_workbook(records, fault, tmp_path)
    with pytest.raises(WorkbookInvalid) as caught, db.session_scope(engine) as session:
        import_workbook(session, path, programme=fault.programme)
    lines = [str(problem) for problem in caught.value.problems]
    first = row_of(workbook, "Prosjekter", Prosjektnummer="2014-05") if "Prosjekter" in fault.sheets else None
    expected = fault.line.format(row=row, previous=row - 1, first=first, meeting=NABOVIK_MEETING)
    assert len(lines) == 1, lines
    assert lines[0].startswith(expected), lines[0]
    assert str(caught.value) == "broken.xlsx: 1 feil; ingenting ble importert (databasen er uendret)"
    with db.session_scope(engine) as session:
        assert programme_records(session, choose.programme(session, "vestre-toten")) == records
