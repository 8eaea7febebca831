"""What the look lane's tests share: a tool it needs (skipped, or failed under OMSTILLING_REQUIRE_LOOK), the app
served in uvicorn on a thread, and signing in by the mailed link."""

from __future__ import annotations

import os
import re
import shutil
import threading
import time

import pytest


def missing(what: str) -> None:
    """Skip (or, under OMSTILLING_REQUIRE_LOOK=1, fail) because a tool the look lane needs is not here."""
    if os.environ.get("OMSTILLING_REQUIRE_LOOK"):
        pytest.fail(f"OMSTILLING_REQUIRE_LOOK is set but {what}")
    pytest.skip(what)


def tool(name: str, package: str) -> str:
    """The path of a program the lane needs (from the Debian package `package`, which .ci/run installs)."""
    found = shutil.which(name)
    if found is None:
        missing(f"`{name}` is not installed (Debian: apt-get install {package})")
    return found


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


def sign_in_by_mail(page, served, inbox, email: str, start: str) -> None:
    page.goto(served.url + start)
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_role("button", name="Send meg en lenke").click()
    page.get_by_role("heading", name="Sjekk e-posten").wait_for()
    mail = None
    for _ in range(200):  # the mail may arrive a moment after the page (a loaded machine)
        mail = next((m for m in reversed(inbox.messages) if m["to"] == [email]), None)
        if mail is not None:
            break
        page.wait_for_timeout(50)
    assert mail is not None, f"no sign-in mail to {email}"
    link = re.search(r"http://127\.0\.0\.1:\d+/inn/\S+", mail["body"])
    assert link is not None, mail["body"]
    page.goto(link.group(0))
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(served.url + start)
