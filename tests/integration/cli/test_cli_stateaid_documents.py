"""`omstilling stotte brev|erklaering|register` (issue 29): the grant letter, the declaration form and the register
export written where the documents go, what is said about them, and a refusal that writes nothing."""

from __future__ import annotations

from openpyxl import load_workbook

from omstilling.cli.stotte import stotte


def test_the_state_aid_commands_have_help_text(cli):
    for name in ("brev", "erklaering", "register"):
        command = next(c for c in stotte.registered_commands if c.name == name)
        assert command.callback.__doc__, name
        assert cli("stotte", name, "--help").exit_code == 0


def test_the_grant_letter_is_written_for_a_project(demo_cli, tmp_path):
    result = demo_cli("stotte", "brev", "2014-01", "--date", "2014-03-20")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "ut" / "vestre-toten" / "2014" / "stotte"
    assert (folder / "tilsagnsbrev-2014-01.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / "tilsagnsbrev-2014-01.docx").exists()
    assert "Tilsagn om tilskudd til prosjekt 2014-01:" in result.output
    markdown = demo_cli("stotte", "brev", "2014-01", "--format", "md", "--date", "2014-03-20")
    assert markdown.exit_code == 0
    text = (folder / "tilsagnsbrev-2014-01.md").read_text()
    assert "**Dato:** 20. mars 2014" in text


def test_a_letter_for_a_project_without_an_award_is_refused_and_nothing_is_written(demo_cli, tmp_path):
    result = demo_cli("stotte", "brev", "2014-06")
    assert result.exit_code == 1
    assert "prosjekt 2014-06 har ingen registrert bagatellmessig støtte; registrer tildelingen først" in result.output
    assert "(omstilling stotte tildel 2014-06)" in result.output
    assert not (tmp_path / "ut").exists()


def test_the_declaration_form_is_written_for_a_company_or_blank(demo_cli, tmp_path):
    result = demo_cli("stotte", "erklaering", "--org-number", "910791907", "--date", "2014-03-01")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "ut" / "vestre-toten" / "2014" / "stotte"
    assert sorted(p.name for p in folder.iterdir()) == ["egenerklaering-910791907.docx", "egenerklaering-910791907.pdf"]
    blank = demo_cli("stotte", "erklaering", "--format", "pdf", "--date", "2014-03-01")
    assert blank.exit_code == 0 and (folder / "egenerklaering.pdf").exists()


def test_the_register_export_says_which_awards_must_be_reported_by_when(demo_cli, tmp_path, monkeypatch):
    from omstilling.config import get_settings

    monkeypatch.setenv("OMSTILLING_REGISTER_THRESHOLD_EUR", "30000")
    get_settings.cache_clear()  # (the fixture clears it again after the test)
    result = demo_cli("stotte", "register", "--year", "2014")
    assert result.exit_code == 0, result.output
    assert (
        "9 tildelinger, 3 skal rapporteres: 2014-04 innen 17.09.2014, 2014-11 innen 17.09.2014, "
        "2014-05 innen 19.11.2014." in result.output
    )
    folder = tmp_path / "ut" / "vestre-toten" / "2014" / "stotte"
    sheet = load_workbook(folder / "register-2014.xlsx")["Tildelinger"]
    assert sheet.max_row == 10
    assert (folder / "register-2014.csv").read_bytes().startswith("\ufeffStøttegiver;Kommune;".encode())
    wrong = demo_cli("stotte", "register", "--format", "pdf")
    assert wrong.exit_code == 1 and "ukjent format «pdf»: velg blant xlsx, csv" in wrong.output
