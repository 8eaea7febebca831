"""The command as people run it: `omstilling` (the installed script, `omstilling.cli:main`) in a process of its own.
The process leaves its objects to the operating system at exit (`gc.freeze` in `main`): what it wrote must be whole
and recorded, its exit status and its Norwegian error line as before."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile

from pypdf import PdfReader


def run(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"OMSTILLING_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    script = "from omstilling.cli import main; main()"
    return subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, check=False)


def test_a_report_from_a_process_of_its_own_is_whole_and_recorded(tmp_path, demo_template):
    shutil.copyfile(demo_template, tmp_path / "demo.db")
    out = tmp_path / "ut"
    done = run(tmp_path, "report", "arsrapport", "--year", "2014", "--format", "md,docx,pdf", "--out", str(out))
    assert done.returncode == 0, done.stderr
    folder = out / "vestre-toten" / "2014"
    assert done.stdout.split() == [str(folder / f"arsrapport.{fmt}") for fmt in ("md", "docx", "pdf")]
    assert "versjon 1" in done.stderr
    assert "## " in (folder / "arsrapport.md").read_text()
    with zipfile.ZipFile(folder / "arsrapport.docx") as docx:
        assert docx.testzip() is None and "word/document.xml" in docx.namelist()
    assert "Årsrapport 2014" in PdfReader(folder / "arsrapport.pdf").pages[0].extract_text()
    with sqlite3.connect(tmp_path / "demo.db") as db:
        recorded = db.execute("SELECT format FROM documentrecord WHERE kind = 'arsrapport' ORDER BY format").fetchall()
    assert recorded == [("docx",), ("md",), ("pdf",)]


def test_a_command_that_fails_says_so_in_one_line_and_exits_with_1(tmp_path, demo_template):
    shutil.copyfile(demo_template, tmp_path / "demo.db")
    done = run(tmp_path, "status", "--programme", "finnes-ikke")
    assert done.returncode == 1
    assert done.stderr.strip() == "feil: ingen program med kortnavnet «finnes-ikke» (finnes: vestre-toten)"
