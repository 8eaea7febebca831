"""Typer's own words in Norwegian (omstilling.cli.norsk), in a fresh interpreter. The help's panel titles live in
`typer.rich_utils`, which a command that neither shows help nor fails no longer imports (issue 26): they are set
when Typer imports it, or at once when it was imported first."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

TITLES = "print(r.ARGUMENTS_PANEL_TITLE, r.OPTIONS_PANEL_TITLE, r.COMMANDS_PANEL_TITLE, r.ERRORS_PANEL_TITLE)"


def python(*args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"COLUMNS": "100", "OMSTILLING_DATABASE_URL": "sqlite://"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, check=False)


def test_the_help_has_norwegian_panels():
    result = python("-m", "omstilling.cli", "--help")
    assert result.returncode == 0, result.stderr
    assert "Bruk:" in result.stdout
    assert "─ Valg ─" in result.stdout and "─ Kommandoer ─" in result.stdout


def test_a_usage_error_has_a_norwegian_panel():
    result = python("-m", "omstilling.cli", "report", "arsrapport", "--year", "x")
    assert result.returncode == 2
    assert "─ Feil ─" in result.stderr
    said = " ".join(result.stderr.replace("│", " ").split())
    assert "Ugyldig verdi for '--year': må være et heltall" in said, said  # (pydantic's English: «Input should be …»)


@pytest.mark.parametrize(
    ("code", "why"),
    [
        (
            (
                "import sys; import omstilling.cli; assert 'typer.rich_utils' not in sys.modules; "
                f"import typer.rich_utils as r; {TITLES}"
            ),
            "imported later, as Typer does for help",
        ),
        (f"import typer.rich_utils as r; import omstilling.cli; {TITLES}", "imported before the CLI"),
        (
            (
                "import importlib.util; import omstilling.cli; importlib.util.find_spec('typer.rich_utils'); "
                f"import typer.rich_utils as r; {TITLES}"
            ),
            "looked for first, without importing it (a find_spec used the hook up: the titles stayed English)",
        ),
    ],
)
def test_the_titles_are_set_whenever_typer_imports_them(code, why):
    result = python("-c", code)
    assert result.returncode == 0, f"{why}: {result.stderr}"
    assert result.stdout.split() == ["Argumenter", "Valg", "Kommandoer", "Feil"], why
