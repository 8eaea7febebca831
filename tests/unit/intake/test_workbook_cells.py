"""Reading and writing single cells, the error lines a programme leader reads, and files that are no workbook."""

from __future__ import annotations

import ast
import inspect
import re
from datetime import date, datetime, time

import pytest

from omstilling.core.enums import MeetingKind, Phase
from omstilling.intake import schemas
from omstilling.intake.workbook.cells import (
    COUNT,
    KRONER,
    YEAR,
    CellError,
    Choice,
    ChoiceList,
    Clock,
    Day,
    Ladder,
    RoleList,
    YesNo,
)
from omstilling.intake.workbook.columns import INSTRUCTIONS, SHEETS
from omstilling.intake.workbook.export import build_workbook
from omstilling.intake.workbook.problems import NO_VALUE, CellProblem
from omstilling.intake.workbook.records import natural
from omstilling.intake.workbook.source import UnreadableFile, read_source


def refusal(kind, raw, from_text: bool = False) -> str:
    with pytest.raises(CellError) as caught:
        kind.read(raw, from_text)
    return str(caught.value)


def test_a_problem_reads_as_sheet_row_column_value_and_what_is_expected():
    problem = CellProblem("Prosjekter", 7, "Tilsagn (kr)", -5, "må være et helt beløp på 0 eller mer")
    assert str(problem) == "Prosjekter, rad 7, kolonne «Tilsagn (kr)»: -5 — må være et helt beløp på 0 eller mer"
    missing = CellProblem("Saker", 3, "Tittel", None, "må fylles ut")
    assert str(missing) == "Saker, rad 3, kolonne «Tittel»: (tom) — må fylles ut"
    assert str(CellProblem("Prosjekter", 1, "Fase", NO_VALUE, "kolonnen mangler")) == (
        "Prosjekter, rad 1, kolonne «Fase»: kolonnen mangler"
    )


def test_kroner_are_whole_and_may_carry_spaces_between_thousands():
    assert KRONER.read(4_000_000) == KRONER.read(4_000_000.0) == KRONER.read("4 000 000") == 4_000_000
    assert KRONER.read("4\u00a0000\u00a0000", from_text=True) == 4_000_000
    assert refusal(KRONER, 12.5) == "må være et helt beløp i kroner, uten øre"
    assert refusal(KRONER, "12,50", from_text=True) == "må være et helt beløp i kroner, uten øre"
    assert refusal(KRONER, "mye") == "er tekst, ikke et tall: skriv et helt beløp i kroner"
    assert refusal(COUNT, True) == "er en sannhetsverdi, ikke et helt tall"
    assert refusal(KRONER, 3_000_000_000) == "er for stort: høyst 2\u00a0147\u00a0483\u00a0647"
    assert KRONER.show(250_000) == "250\u00a0000"
    assert YEAR.show(2014) == "2014"


def test_a_date_is_a_date_cell_in_a_workbook_and_iso_text_in_csv():
    day = Day()
    assert day.read(datetime(2014, 6, 16)) == day.read("2014-06-16", from_text=True) == date(2014, 6, 16)
    assert day.read("16.06.2014", from_text=True) == date(2014, 6, 16)
    assert refusal(day, "2014-06-16") == "er tekst, ikke en dato: skriv en dato i cellen, f.eks. 16.06.2014"
    assert refusal(day, "2014-02-31", from_text=True) == "er ikke en gyldig dato"
    assert refusal(day, "i morgen", from_text=True) == "er ikke en dato: skriv ÅÅÅÅ-MM-DD, f.eks. 2014-06-16"
    assert refusal(day, datetime(2014, 6, 16, 9, 30)) == "har et klokkeslett; skriv bare datoen"
    assert day.text(date(2014, 6, 16)) == "2014-06-16"
    assert day.show(date(2014, 6, 16)) == "16.06.2014"


def test_a_choice_takes_the_norwegian_label_or_the_slug_and_names_the_labels_when_wrong():
    phase = Choice(enum=Phase, what="fase")
    assert phase.read("Forprosjekt") is phase.read("forprosjekt") is Phase.PRE_PROJECT
    assert refusal(phase, "idé") == "ukjent fase; velg en av: forstudie, forprosjekt, hovedprosjekt"
    assert phase.write(Phase.MAIN_PROJECT) == "hovedprosjekt"
    kinds = ChoiceList(enum=MeetingKind, what="møtetype")
    assert kinds.read("ordinært styremøte, seminar") == [MeetingKind.ORDINARY, MeetingKind.SEMINAR]
    assert kinds.write([MeetingKind.ORDINARY, MeetingKind.SEMINAR]) == "ordinært styremøte, styreseminar"


def test_yes_and_no_are_words_or_excels_true_and_false():
    yes_no = YesNo()
    assert [yes_no.read(v) for v in ("Ja", "nei", True, "x", 0)] == [True, False, True, True, False]
    assert refusal(yes_no, "kanskje") == "skriv Ja eller Nei"


def test_roles_in_one_cell_take_labels_slugs_and_the_whole_board():
    roles = RoleList()
    assert roles.read("programleder, observatør fra fylkeskommunen, styret") == [
        "programleder",
        "observator-fylkeskommune",
        "styret",
    ]
    assert roles.write(["programleder", "observator-innovasjon-norge"]) == (
        "programleder, observatør fra Innovasjon Norge"
    )
    assert refusal(roles, "programleder, kasserer").startswith("ukjent rolle «kasserer»; velg blant: programleder")


def test_a_reminder_ladder_is_written_and_read_as_days_and_roles():
    ladder = Ladder()
    steps = [
        {"offset": -28, "roles": ["programleder"]},
        {"offset": 0, "roles": ["programleder", "styreleder"]},
        {"offset": 7, "roles": ["styret"]},
    ]
    text = "-28: programleder; 0: programleder, styreleder; +7: styret"
    assert ladder.write(steps) == text
    assert ladder.read(text) == ladder.read("-28:programleder;0: programleder,styreleder; 7: styret;") == steps
    assert refusal(ladder, "-14 programleder") == (
        "«-14 programleder» er ikke et trinn: skriv «dager: roller», f.eks. «-14: programleder»"
    )


def test_case_and_strategy_numbers_sort_as_people_count():
    assert sorted(["10/14", "02/14", "01/15"], key=natural) == ["02/14", "10/14", "01/15"]
    assert sorted(["3.1.10", "3.1.2", "3.2"], key=natural) == ["3.1.2", "3.1.10", "3.2"]


ENGLISH = re.compile(r"\b(the|a|an|is|are|not|must|cannot|needs?|use|expected|one of|should|each|give)\b")


def _text(node: ast.AST) -> str:
    """The literal text of a message expression (an f-string's fixed parts; both arms of a conditional)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(part) for part in node.values)
    if isinstance(node, ast.IfExp):
        return f"{_text(node.body)} / {_text(node.orelse)}"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_") and node.args:
        return _text(node.args[0])  # a text marked for translation (issue 28): its bokmål as written
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # "field: " + _("…")
        return _text(node.left) + _text(node.right)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):  # _("… %(name)s …") % {…}
        return _text(node.left)
    if isinstance(node, ast.FunctionDef) and node.body:
        return _text(node.body[-1].value) if isinstance(node.body[-1], ast.Return) else ""
    return ""


def test_every_rule_of_the_input_models_speaks_norwegian_so_the_workbook_shows_it_as_it_is():
    """The rules' messages reach programme leaders unchanged (after the field name a model-level rule starts with),
    and so do the Norwegian words for pydantic's own messages."""
    messages = []
    for node in ast.walk(ast.parse(inspect.getsource(schemas))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            messages.append(_text(node.exc.args[0]))
        elif isinstance(node, ast.Return | ast.Assign | ast.Lambda):  # _rrule_problem, CASE_NUMBER_FORM, BUILT_IN
            messages.append(_text(node.body if isinstance(node, ast.Lambda) else node.value))
    rules = [m.split(": ", 1)[1] if re.match(r"^[a-z_.]+: ", m) else m for m in messages if m.strip()]
    assert len(rules) >= 40
    assert [rule for rule in rules if ENGLISH.search(rule)] == []
    assert "perioden kan ikke slutte før den begynner" in rules


def test_the_columns_a_sheet_requires_are_the_fields_its_input_model_requires():
    for sheet in SHEETS:
        fields = sheet.model.model_fields
        assert sheet.column(sheet.key[0]) is not None, sheet.name
        for column in sheet.columns:
            if column.field in fields:
                assert column.required == fields[column.field].is_required(), (sheet.name, column.header)
        without_column = {name for name in fields if sheet.column(name) is None}
        assert without_column <= {"funding", "cases", "scores", "recommendations"}, (
            sheet.name,
            without_column,
        )  # own sheets


def test_the_instructions_sheet_explains_every_column_of_every_sheet():
    workbook = build_workbook({sheet.name: {} for sheet in SHEETS}, with_contacts=True)
    listed = {(row[0], row[1]) for row in workbook[INSTRUCTIONS].iter_rows(values_only=True) if row[0] and row[1]}
    expected = {(sheet.name, column.header) for sheet in SHEETS for column in sheet.columns}
    assert expected <= listed
    assert workbook.sheetnames[0] == INSTRUCTIONS
    assert workbook.sheetnames[1:-1] == [sheet.name for sheet in SHEETS]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "filen er tom; forventet en Excel-arbeidsbok (.xlsx)"),
        (
            b"Prosjektnummer;Tittel\n2014-01;Ny linje\n",
            (
                "ikke en Excel-arbeidsbok (.xlsx): filen er en tekst- eller CSV-fil; lagre den som .xlsx, eller bruk "
                "CSV-filer som heter det samme som arkene (Prosjekter.csv)"
            ),
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(64),
            (
                "arbeidsboka er passordbeskyttet; fjern passordet i Excel (Fil › Informasjon › Beskytt arbeidsbok) og "
                "lagre den på nytt"
            ),
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024),
            "en gammel Excel 97–2003-arbeidsbok (.xls); lagre den som .xlsx og prøv igjen",
        ),
        (
            b"PK\x03\x04" + bytes(100),  # zipfile's own English words are not for the user
            "ikke en Excel-arbeidsbok (.xlsx) som kan leses: filen er skadet eller ikke en arbeidsbok",
        ),
    ],
    ids=["empty", "csv renamed", "password-protected", "old xls", "damaged zip"],
)
def test_a_file_that_is_no_workbook_gets_one_clear_line(tmp_path, content, message):
    path = tmp_path / "data.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as caught:
        read_source(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


def test_csv_files_are_read_with_semicolons_or_commas_in_utf8_or_windows_1252(tmp_path):
    (tmp_path / "Prosjekter.csv").write_bytes("Prosjektnummer;Tittel\n2014-01;Nyskaping på Raufoss\n".encode("cp1252"))
    (tmp_path / "Saker.csv").write_text('\ufeffSaksnummer,Tittel\n01/14,"Årsrapport, 2013"\n', encoding="utf-8")
    sheets = {sheet.name: sheet for sheet in read_source(tmp_path)}
    assert sheets["Prosjekter"].rows == [(2, ["2014-01", "Nyskaping på Raufoss"])]
    assert sheets["Saker"].headers == ["Saksnummer", "Tittel"]
    assert sheets["Saker"].rows == [(2, ["01/14", "Årsrapport, 2013"])]
    assert all(sheet.from_text for sheet in sheets.values())


def test_a_folder_without_csv_files_says_what_it_expected(tmp_path):
    with pytest.raises(UnreadableFile) as caught:
        read_source(tmp_path)
    assert str(caught.value) == f"{tmp_path}: mappen har ingen .csv-filer (én per ark, f.eks. Prosjekter.csv)"


def test_a_time_of_day_is_read_from_a_time_cell_or_text():
    assert Clock().read(time(9, 0)) == Clock().read("09:00", True) == Clock().read("9.00") == time(9)
    assert refusal(Clock(), "25:00") == "er ikke et klokkeslett: skriv tt:mm, f.eks. 09:00"
