"""A document loads only the libraries its formats need (issue 26): `omstilling report` in a fresh interpreter,
and the heavy libraries it left unloaded. A behaviour test, no timing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date

import pytest

from omstilling.core.enums import DocumentKind
from tests.support.layout import publish_demo

HEAVY = ("matplotlib", "pypandoc", "typst", "docx", "prefect", "fastapi", "starlette", "uvicorn", "openpyxl")

PROBE = f"""
import json, sys
from omstilling.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in {set(HEAVY)})))
"""


def loaded_by(tmp_path, demo_template, *args: str) -> set[str]:
    """The heavy libraries `omstilling report ARGS` loaded, in a fresh interpreter, over a copy of the demo."""
    shutil.copyfile(demo_template, tmp_path / "demo.db")
    env = os.environ | {"OMSTILLING_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    command = [sys.executable, "-c", PROBE, "report", *args, "--year", "2014", "--out", str(tmp_path / "out")]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return {name.split(".")[0] for name in json.loads(result.stdout.strip().splitlines()[-1])}


@pytest.mark.parametrize(
    ("kind", "formats", "needed"),
    [
        ("innkalling", "md", set()),  # no chart, no converter
        ("arsrapport", "md", set()),  # its two charts are drawn beside it, as SVG written by hand: no matplotlib
        ("arsrapport", "md,html", set()),  # pandoc is a process: neither pypandoc, Typst nor python-docx
    ],
)
def test_a_report_loads_only_what_its_formats_need(tmp_path, demo_template, kind, formats, needed):
    loaded = loaded_by(tmp_path, demo_template, kind, "--format", formats)
    assert loaded <= needed, f"{kind} {formats} loaded {sorted(loaded - needed)}"
    written = sorted(path.suffix for path in (tmp_path / "out").rglob(f"{kind}*.*") if path.is_file())
    assert written == sorted(f".{fmt}" for fmt in formats.split(","))


def test_each_format_costs_one_pandoc_process_and_no_other(demo_sqlite, tmp_path, monkeypatch):
    """pypandoc's convert_text started two more pandoc processes per conversion (listing pandoc's formats) and,
    on its first, one per place it looked for a pandoc; now HTML, Word and the PDF's Typst source are one each."""
    started: list[list[str]] = []

    class Counted(subprocess.Popen):
        def __init__(self, args, *rest, **options):
            started.append([str(arg) for arg in args])
            super().__init__(args, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", Counted)
    formats = ("md", "html", "docx", "pdf")
    publish_demo(demo_sqlite, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=formats)
    assert sorted(next(arg for arg in command if arg.startswith("--to=")) for command in started) == [
        "--to=docx",
        "--to=html",
        "--to=typst",
    ]


def test_a_chart_is_drawn_only_for_a_document_that_shows_it(demo_sqlite, tmp_path):
    """The notice shows no chart, the board report only the budget's, the annual report both."""

    def charts(kind: DocumentKind, **options) -> list[str]:
        published = publish_demo(demo_sqlite, kind, 2014, date(2014, 12, 31), tmp_path, formats=("md",), **options)
        folder = published.paths[0].with_name(published.paths[0].stem + "-figurer")
        return sorted(path.name for path in folder.glob("*"))

    assert charts(DocumentKind.NOTICE, meeting_date=date(2014, 12, 15)) == []
    assert charts(DocumentKind.BOARD_REPORT, meeting_date=date(2014, 12, 15)) == ["budsjett.svg"]
    assert charts(DocumentKind.ANNUAL_REPORT) == ["arbeidsplasser.svg", "budsjett.svg"]


def test_a_program_that_is_not_pandoc_writes_and_records_nothing(demo_sqlite, tmp_path, monkeypatch):
    """PYPANDOC_PANDOC naming a program that ends well and writes nothing (/bin/true) used to publish an empty
    document and record it, so that the right pandoc afterwards found it unchanged."""
    from sqlmodel import select

    from omstilling.documents import pandoc
    from omstilling.documents.publish import publish
    from omstilling.errors import OmstillingError
    from omstilling.store import choose, db
    from omstilling.store.load import load_snapshot
    from omstilling.store.models import DocumentRecord

    true = shutil.which("true")
    assert true
    monkeypatch.setenv("PYPANDOC_PANDOC", true)
    pandoc.pandoc_path.cache_clear()
    try:
        with pytest.raises(OmstillingError, match="ga et tomt dokument for html"), db.session_scope(demo_sqlite) as s:
            programme = choose.programme(s)
            publish(
                s,
                programme,
                load_snapshot(s, programme),
                DocumentKind.ANNUAL_REPORT,
                2014,
                date(2014, 12, 31),
                out_dir=tmp_path,
                formats=("md", "html"),
            )
    finally:
        pandoc.pandoc_path.cache_clear()
    with db.session_scope(demo_sqlite) as s:
        assert s.exec(select(DocumentRecord)).all() == []
    assert not list(tmp_path.rglob("arsrapport.html"))
