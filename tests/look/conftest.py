"""The look lane: what people see, laid out by the programs they see it in (Chromium for web pages and the HTML
part of e-mail; LibreOffice for Word documents; poppler for PDF pages). Slow, so in its own lane (`-m look`),
which CI runs. A missing tool skips these tests with the reason, unless OMSTILLING_REQUIRE_LOOK=1 (CI), where it
fails them."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.look import Served, missing, tool
from tests.support.mail import free_port

CHROMIUM = os.environ.get("OMSTILLING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.look)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium, driven by Playwright (its own browser download is not reachable here)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed (pip install '.[test]')")
    if not Path(CHROMIUM).exists():
        missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, tmp_path) -> Iterator:
    context = browser.new_context(viewport={"width": 800, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shots(request) -> Path:
    """Where screenshots go: OMSTILLING_SHOTS_DIR, or the test's own temporary folder."""
    folder = Path(os.environ.get("OMSTILLING_SHOTS_DIR") or request.getfixturevalue("tmp_path")) / "skjermbilder"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def word_to_pdf(tmp_path):
    """Lay out a DOCX with LibreOffice, as a Word reader would see it; returns the PDF. Each test has its own
    LibreOffice profile, so tests (and other users on the machine) never share one."""
    soffice = tool("soffice", "libreoffice-writer-nogui")

    def convert(docx: Path) -> Path:
        out = tmp_path / "libreoffice"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(docx),
            ],
            check=True,
            timeout=240,
            capture_output=True,
        )
        pdf = out / f"{docx.stem}.pdf"
        assert pdf.exists(), f"LibreOffice wrote no PDF for {docx.name}"
        return pdf

    return convert


@pytest.fixture
def pdf_text():
    pdftotext = tool("pdftotext", "poppler-utils")

    def text(pdf: Path, *options: str) -> str:
        return subprocess.run(
            [pdftotext, *options, str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
        ).stdout

    return text


@pytest.fixture
def page_picture(tmp_path):
    """A page of a PDF as an RGB picture at 72 dpi (one pixel a point, as pdftotext -bbox measures)."""
    pdftoppm = tool("pdftoppm", "poppler-utils")

    def draw(pdf: Path, page: int):
        from PIL import Image

        stem = tmp_path / f"{pdf.stem}-{page}"
        subprocess.run(
            [pdftoppm, "-r", "72", "-f", str(page), "-l", str(page), "-singlefile", "-png", str(pdf), str(stem)],
            check=True,
            timeout=60,
        )
        return Image.open(f"{stem}.png").convert("RGB")

    return draw


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("OMSTILLING_LOOK_SCREENSHOTS") or tmp_path / "skjermbilder")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def site(tmp_path, demo_template, smtp, monkeypatch):
    """The demo in a database of the test's own, served with e-mail through the test's SMTP server."""
    from omstilling.config import get_settings
    from omstilling.store import db
    from tests.support.web import add_programmes, make_app

    shutil.copyfile(demo_template, tmp_path / "demo.db")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    add_programmes(engine)
    config = tmp_path / "apprise.yaml"
    config.write_text(smtp.config)
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "out"))  # where "lag nytt utkast" writes
    get_settings.cache_clear()
    port = free_port()  # first: the app's base URL (in the sign-in mail) names it
    app = make_app(engine, tmp_path, apprise_config=config, base_url=f"http://127.0.0.1:{port}")
    with Served(app, port) as served:
        yield served, engine, smtp
    get_settings.cache_clear()
    engine.dispose()


@pytest.fixture
def oidc_site(tmp_path, demo_template, oidc_provider):
    """The demo served with sign-in through the local OpenID provider (`oidc_provider`) beside the e-mail link."""
    from omstilling.store import db
    from tests.support.web import make_app

    shutil.copyfile(demo_template, tmp_path / "demo.db")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    port = free_port()  # first: the redirect URI the provider sends people back to names it
    app = make_app(engine, tmp_path, base_url=f"http://127.0.0.1:{port}", **oidc_provider.settings())
    with Served(app, port) as served:
        yield served, engine, oidc_provider
    engine.dispose()
