"""A real SMTP server for tests (aiosmtpd on 127.0.0.1), and each message as a mail client sees it: the text
part, the HTML part, the attachments, the headers."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def apprise_config(port: int) -> str:
    """An apprise configuration whose e-mail service is the test server on `port`."""
    return f"""
urls:
  - mailto://127.0.0.1:{port}?from=omstilling@example.org&mode=insecure:
      - tag: epost
"""


@dataclass
class Received:
    """One message as it arrived."""

    to: list[str]
    subject: str
    body: str  # the text/plain part, decoded
    html: str | None
    calendar: str | None
    attachments: dict[str, bytes]
    headers: dict[str, str]
    raw: bytes = field(repr=False, default=b"")

    def __getitem__(self, name: str):
        """`message["subject"]` reads as `message.subject`."""
        return getattr(self, name)

    @property
    def is_invitation(self) -> bool:
        return self.calendar is not None


def parse(raw: bytes, to: list[str]) -> Received:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    calendar = next((part for part in message.walk() if part.get_content_type() == "text/calendar"), None)
    attachments = {
        part.get_filename(): part.get_payload(decode=True) for part in message.iter_attachments() if part.get_filename()
    }
    return Received(
        to=to,
        subject=str(message["Subject"]).strip(),  # (as a mail client shows a folded subject)
        body=text.get_content().replace("\r\n", "\n") if text else "",
        html=html.get_content() if html else None,
        calendar=calendar.get_content() if calendar else None,
        attachments=attachments,
        headers={k: str(v) for k, v in message.items()},
        raw=raw,
    )


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages: list[Received] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(parse(envelope.content, list(envelope.rcpt_tos)))
        return "250 OK"

    def reminders(self) -> list[Received]:
        return [m for m in self.messages if not m.is_invitation]

    def invitations(self) -> list[Received]:
        return [m for m in self.messages if m.is_invitation]
