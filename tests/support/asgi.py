"""Driving the web app at its ASGI interface, as a server would, one `receive()` at a time: what a test needs to
see how much of a request body the app took in, and when the answer went out (before any background work)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator


class Sent:
    """What one request came to: the status, the headers, the page, how many bytes of the body the app took in,
    and when (time.monotonic()) the last of the answer was sent and the app was done."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes, taken: int, answered: float, done: float):
        self.status, self.headers, self.taken = status, headers, taken
        self.text = body.decode("utf-8", "replace")
        self.answered, self.done = answered, done


def post(app, path: str, chunks: Iterator[bytes], *, kind: str, cookies: str = "", length: int | None = None) -> Sent:
    """POST `chunks` (a body of content type `kind`) to the app."""
    taken = 0
    answered = 0.0

    async def receive():
        nonlocal taken
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        taken += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    messages = []

    async def send(message):
        nonlocal answered
        messages.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            answered = time.monotonic()

    headers = [(b"host", b"testserver"), (b"content-type", kind.encode())]
    if cookies:
        headers.append((b"cookie", cookies.encode()))
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    asyncio.run(app(scope, receive, send))
    done = time.monotonic()
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return Sent(start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body, taken, answered, done)


def cookies_of(client) -> str:
    """A TestClient's cookies as one Cookie header."""
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())
