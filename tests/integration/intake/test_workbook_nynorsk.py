"""A nynorsk programme's workbook (issue 28): its sheets, headers, help and instructions are nynorsk; the import
reads sheet names and headers in either standard whatever the programme's, and tells a nynorsk programme its
problems in nynorsk; «Målform» goes out as «bokmål»/«nynorsk» and comes back as words or codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from omstilling.core.language import WrittenStandard, speaking
from omstilling.intake.workbook import WorkbookInvalid, export_workbook, import_workbook
from omstilling.intake.workbook.columns import BY_NAME, SHEETS
from omstilling.intake.workbook.export import write_workbook
from omstilling.intake.workbook.records import programme_records
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot
from omstilling.store.models import Programme
from tests.support.demo import add_copy
from tests.support.nynorsk import bokmal_words, data_strings

NYNORSK_SHEETS = [
    "Program",
    "Personar",
    "Innsatsområde",
    "Tiltak",
    "Mål",
    "Budsjett",
    "Prosjekt",
    "Finansiering",
    "Utbetalingar",
    "Resultat",
    "Støtte",
    "Erklæringar",
    "Føretak",
    "Styremøte",
    "Saker",
    "Tekstar",
    "Avvik",
    "PSV-indikatorar",
    "PSV",
    "PSV-score",
    "PSV-tilrådingar",
    "Årshjul",
    "Kvotar",
    "Fridagar",
]


@pytest.fixture
def engine(demo_sqlite):
    """The demo (bokmål, vestre-toten) and a second programme set to nynorsk (gjovik)."""
    add_copy(demo_sqlite, language=WrittenStandard.NYNORSK)
    return demo_sqlite


def export(engine, slug: str, path: Path, standard: str | None = None) -> Path:
    """The programme's workbook as its own standard writes it, or as `standard` would (an old export)."""
    with db.session_scope(engine) as session:
        programme = choose.programme(session, slug)
        if standard is None:
            export_workbook(session, programme, path, with_contacts=True)
        else:
            with speaking(standard):
                write_workbook(programme_records(session, programme), path, with_contacts=True, title=programme.name)
    return path


def check(engine, path: Path, slug: str, **options):
    with db.session_scope(engine) as session:
        return import_workbook(session, path, programme=slug, **options)


def language_of(engine, slug: str) -> WrittenStandard:
    with db.session_scope(engine) as session:
        return WrittenStandard(session.exec(select(Programme.language).where(Programme.slug == slug)).one())


def test_a_nynorsk_programmes_workbook_has_nynorsk_sheets_headers_help_and_instructions(engine, tmp_path):
    path = export(engine, "gjovik", tmp_path / "gjovik.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Rettleiing", *NYNORSK_SHEETS, "Lister"]
    guide = workbook["Rettleiing"]
    assert guide["A1"].value == "Arbeidsbok for Omstilling Gjøvik"
    assert guide["A3"].value == "Slik bruker du arbeidsboka"
    assert guide["A4"].value.startswith("• Kvart ark har éin type opplysningar. Første rad er overskriftene")
    assert [c.value for c in workbook["Prosjekt"][1]][:3] == ["Prosjektnummer", "Tittel", "Prosjekteigar"]
    assert workbook["Prosjekt"]["J1"].value == "Tilsegn (kr)"
    assert workbook["Prosjekt"]["J1"].comment.text == (
        "Støtte frå programmet; lik linja til programmet på arket Finansiering. Tom gir 0.\n\n"
        "Format: eit heilt beløp i kroner, utan øre."
    )
    assert workbook["Personar"]["B2"].value == "programleiar"  # the choices in nynorsk, as the drop-down lists them

    with db.session_scope(engine) as session:
        data = data_strings(load_snapshot(session, choose.programme(session, "gjovik")))
    told = [cell.value for row in guide.iter_rows() for cell in row if isinstance(cell.value, str)]
    for sheet in workbook.worksheets[1:-1]:
        told += [sheet.title] + [c.value for c in sheet[1]] + [c.comment.text for c in sheet[1] if c.comment]
        told += [v.error for v in sheet.data_validations.dataValidation]
    told += [c.value for row in workbook["Lister"].iter_rows() for c in row if isinstance(c.value, str)]
    assert len(told) > 600
    found = {text: bokmal_words(text, data) for text in told if bokmal_words(text, data)}
    assert found == {}


def test_the_bokmal_demos_workbook_keeps_its_bokmal_names(engine, tmp_path):
    workbook = load_workbook(export(engine, "vestre-toten", tmp_path / "demo.xlsx"))
    assert workbook.sheetnames == ["Veiledning", *(sheet.name for sheet in SHEETS), "Lister"]
    assert workbook["Prosjekter"]["J1"].value == "Tilsagn (kr)"
    assert workbook["Program"]["J1"].value == "Målform"
    assert workbook["Program"]["J2"].value == "bokmål"


def test_malform_goes_out_as_a_word_and_comes_back_as_a_word_or_a_code(engine, tmp_path):
    path = export(engine, "gjovik", tmp_path / "gjovik.xlsx")
    workbook = load_workbook(path)
    assert workbook["Program"]["J1"].value == "Målform"
    assert workbook["Program"]["J2"].value == "nynorsk"
    rule = next(v for v in workbook["Program"].data_validations.dataValidation if "J2" in str(v.sqref))
    assert rule.formula1 == '"bokmål,nynorsk"'
    assert check(engine, path, "gjovik", dry_run=True).changes == 0  # the round trip changes nothing

    for written, standard in (("nb", "nb"), ("Nynorsk", "nn"), ("bokmål", "nb"), ("nn", "nn"), (None, "nb")):
        before = language_of(engine, "gjovik")
        workbook["Program"]["J2"] = written
        workbook.save(path)
        report = check(engine, path, "gjovik")
        assert language_of(engine, "gjovik") == standard, written
        assert report.language == before  # what the import said, it said in the standard the programme had

    workbook["Program"]["J2"] = "riksmål"
    workbook.save(path)
    with pytest.raises(WorkbookInvalid) as refused:
        check(engine, path, "gjovik", dry_run=True)
    assert [str(p) for p in refused.value.problems] == [
        'Program, rad 2, kolonne «Målform»: "riksmål" — ukjent målform; skriv bokmål eller nynorsk'
    ]  # bokmål: the programme is bokmål again (the blank cell above)


@pytest.mark.parametrize(("slug", "written_in"), [("vestre-toten", "nn"), ("gjovik", "nb")])
def test_a_workbook_in_the_other_standard_imports_as_it_is(engine, tmp_path, slug, written_in):
    """A nynorsk municipality may fill in an old bokmål workbook, and a bokmål one a nynorsk workbook: the sheet
    names, the headers and the choices («programleiar», «hovudprosjekt») are read in either standard."""
    path = export(engine, slug, tmp_path / "annen.xlsx", standard=written_in)
    names = load_workbook(path).sheetnames
    assert ("Prosjekt" in names) == (written_in == "nn") and ("Prosjekter" in names) == (written_in == "nb")
    before = language_of(engine, slug)
    report = check(engine, path, slug, dry_run=True)
    assert report.changes == 0 and report.ignored == []
    assert {sheet.name for sheet in report.sheets} == set(BY_NAME)
    report = check(engine, path, slug)
    assert report.changes == 0 and language_of(engine, slug) == before


def _bad_grant(path: Path, sheet: str) -> None:
    workbook = load_workbook(path)
    workbook[sheet]["J2"] = "mange"
    workbook.save(path)


def test_a_bad_cell_is_told_in_nynorsk_to_a_nynorsk_programme_whatever_the_workbook_is_written_in(engine, tmp_path):
    for written_in, sheet in ((None, "Prosjekt"), ("nb", "Prosjekter")):
        path = export(engine, "gjovik", tmp_path / f"feil-{written_in}.xlsx", standard=written_in)
        _bad_grant(path, sheet)
        with pytest.raises(WorkbookInvalid) as refused:
            check(engine, path, "gjovik", dry_run=True)
        assert str(refused.value) == f"feil-{written_in}.xlsx: 1 feil; ingenting vart importert (databasen er uendra)"
        (problem,) = refused.value.problems
        assert (problem.sheet, problem.row, problem.column) == ("Prosjekt", 2, "Tilsegn (kr)")
        assert problem.message == "er tekst, ikkje eit tal: skriv eit heilt beløp i kroner"
        assert str(problem) == (
            'Prosjekt, rad 2, kolonne «Tilsegn (kr)»: "mange" — er tekst, ikkje eit tal: skriv eit heilt beløp i kroner'
        )
        assert bokmal_words(str(problem)) == set()

    path = export(engine, "vestre-toten", tmp_path / "feil-bokmal.xlsx", standard="nn")
    _bad_grant(path, "Prosjekt")
    with pytest.raises(WorkbookInvalid) as refused:
        check(engine, path, "vestre-toten", dry_run=True)
    assert [str(p) for p in refused.value.problems] == [
        'Prosjekter, rad 2, kolonne «Tilsagn (kr)»: "mange" — er tekst, ikke et tall: skriv et helt beløp i kroner'
    ]


def test_the_checks_across_sheets_speak_nynorsk_too(engine, tmp_path):
    path = export(engine, "gjovik", tmp_path / "gjovik.xlsx")
    workbook = load_workbook(path)
    workbook["Prosjekt"]["E2"] = 9  # a focus area the programme does not have
    workbook["Styremøte"]["B2"] = None  # a required cell left blank
    workbook.save(path)
    with pytest.raises(WorkbookInvalid) as refused:
        check(engine, path, "gjovik", dry_run=True)
    told = [str(p) for p in refused.value.problems]
    assert told == [
        "Prosjekt, rad 2, kolonne «Innsatsområde»: 9 — programmet har ikkje innsatsområde 9 (det har 1, 2, 3)",
        "Styremøte, rad 2, kolonne «Dato»: (tom) — må fyllast ut: ein dato (dd.mm.åååå)",
    ]
