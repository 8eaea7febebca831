"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium) against the web app served by uvicorn
on a random port, with a real SMTP server (aiosmtpd) for the sign-in mail.

They skip, saying why, when Chromium or Playwright is missing; with OMSTILLING_REQUIRE_LOOK=1 they fail instead
(CI sets it once .ci/run has installed Chromium). Screenshots go to OMSTILLING_LOOK_SCREENSHOTS when set (for a
person to look at), else to the test's temporary folder."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("OMSTILLING_REQUIRE_LOOK") == "1":
        raise pytest.UsageError(f"OMSTILLING_REQUIRE_LOOK=1 but {reason}")
    for item in items:
        if "look" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("OMSTILLING_LOOK_SCREENSHOTS") or tmp_path / "skjermbilder")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Served:
    """The app in uvicorn on a thread; `url` is its address."""

    def __init__(self, app, port: int):
        import uvicorn

        self.port = port
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def site(tmp_path, demo_template, smtp, monkeypatch):
    """The demo in a database of the test's own, served with e-mail through the test's SMTP server."""
    from omstilling import db
    from omstilling.config import get_settings
    from tests.web_helpers import add_programmes, make_app

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


from tests.integration.test_reminders import free_port, smtp  # noqa: E402,F401  (smtp: the SMTP server fixture)
