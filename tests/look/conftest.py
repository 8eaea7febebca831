"""Documents laid out as a reader sees them: LibreOffice lays out the Word files, pdftoppm draws the pages.

These tests skip, saying why, when `soffice` or `pdftoppm`/`pdftotext` are missing (Debian:
libreoffice-writer-nogui, poppler-utils); with OMSTILLING_REQUIRE_LOOK=1 (as CI sets it) they fail instead."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REQUIRED = os.environ.get("OMSTILLING_REQUIRE_LOOK") == "1"


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        reason = f"`{name}` is not installed (Debian: apt-get install {package})"
        if REQUIRED:
            pytest.fail(f"OMSTILLING_REQUIRE_LOOK=1 but {reason}")
        pytest.skip(reason)
    return path


@pytest.fixture
def word_to_pdf(tmp_path):
    """Lay out a DOCX with LibreOffice, as a Word reader would see it; returns the PDF. Each test has its own
    LibreOffice profile, so tests (and other users on the machine) never share one."""
    soffice = tool("soffice", "libreoffice-writer-nogui")

    def convert(docx: Path) -> Path:
        out = tmp_path / "libreoffice"
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), str(docx)], check=True, timeout=240,
                       capture_output=True)
        pdf = out / f"{docx.stem}.pdf"
        assert pdf.exists(), f"LibreOffice wrote no PDF for {docx.name}"
        return pdf

    return convert


@pytest.fixture
def pdf_text():
    pdftotext = tool("pdftotext", "poppler-utils")

    def text(pdf: Path, *options: str) -> str:
        return subprocess.run([pdftotext, *options, str(pdf), "-"], check=True, capture_output=True,
                              text=True, timeout=60).stdout

    return text


@pytest.fixture
def page_picture(tmp_path):
    """A page of a PDF as an RGB picture at 72 dpi (one pixel a point, as pdftotext -bbox measures)."""
    pdftoppm = tool("pdftoppm", "poppler-utils")

    def draw(pdf: Path, page: int):
        from PIL import Image

        stem = tmp_path / f"{pdf.stem}-{page}"
        subprocess.run([pdftoppm, "-r", "72", "-f", str(page), "-l", str(page), "-singlefile", "-png", str(pdf),
                        str(stem)], check=True, timeout=60)
        return Image.open(f"{stem}.png").convert("RGB")

    return draw
