"""Sending messages: a `Notifier` in front of apprise, and a recording fake beside it for tests.

The apprise configuration (a YAML file named by OMSTILLING_APPRISE_CONFIG) says *how* to send: a service tagged
`epost` is the e-mail transport (e.g. `mailtos://user:password@smtp.example.org?from=omstilling@example.org`),
and each person's address (from the database's contact data) is added to it per message. Services tagged with
a role or group (`programleder`, `styreleder`, `styret`, `kommune`, `fylkeskommune`, `drift`) are shared
channels such as Teams or Slack, and get the message for that role. URLs and passwords stay in that file:
they are never written to the database or the logs."""

from __future__ import annotations

import mimetypes
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

import apprise
from apprise.plugins.email import NotifyEmail

from omstilling.errors import OmstillingError

EMAIL_TAG = "epost"
# Roles → the channel tags that also hear about them.
ROLE_CHANNELS = {
    "programleder": ("programleder",),
    "styreleder": ("styreleder", "styret"),
    "styremedlem": ("styret",),
    "varamedlem": ("styret",),
    "kommunekontakt": ("kommune",),
    "observator-fylkeskommune": ("fylkeskommune",),
    "observator-innovasjon-norge": ("innovasjon-norge",),
    "prosessveileder": ("prosessveileder",),
    "drift": ("drift",),
}


@dataclass(frozen=True)
class Delivery:
    ok: bool
    error: str | None = None
    permanent: bool = False  # the server refused for good (SMTP 5xx): trying again will not help


@dataclass(frozen=True)
class Attachment:
    """A file that goes with an e-mail (a document's Word or PDF version, an invitation's .ics)."""

    filename: str
    data: bytes
    mimetype: str = "application/octet-stream"

    @classmethod
    def from_path(cls, path: Path, filename: str | None = None) -> Attachment:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return cls(filename or path.name, path.read_bytes(), kind)


class Notifier(Protocol):
    def send_email(
        self,
        address: str,
        subject: str,
        body: str,
        *,
        html: str | None = None,
        attachments: Sequence[Attachment] = (),
        headers: Mapping[str, str] | None = None,
        calendar: str | None = None,
    ) -> Delivery: ...

    def send_channel(self, tag: str, subject: str, body: str) -> Delivery: ...

    def channels_for(self, role: str) -> list[str]: ...

    @property
    def can_email(self) -> bool: ...

    @property
    def mail_domain(self) -> str: ...

    @property
    def sender_address(self) -> str: ...


def build_email(
    sender: tuple[str | None, str],
    address: str,
    subject: str,
    body: str,
    *,
    html: str | None = None,
    attachments: Sequence[Attachment] = (),
    headers: Mapping[str, str] | None = None,
    calendar: str | None = None,
) -> EmailMessage:
    """The MIME message: the text part exactly as given, the HTML part beside it (multipart/alternative), an
    invitation as a text/calendar part (METHOD from the object) and as an .ics file, then the attachments."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr(sender)
    message["To"] = address
    message["Date"] = formatdate(localtime=False, usegmt=True)
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body, subtype="plain", charset="utf-8", cte="quoted-printable")
    if html is not None:
        message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    if calendar is not None:
        method = next(
            (line.split(":", 1)[1].strip() for line in calendar.splitlines() if line.upper().startswith("METHOD:")),
            "REQUEST",
        )
        message.add_alternative(calendar, subtype="calendar", charset="utf-8", params={"method": method})
        attachments = [*attachments, Attachment("invitasjon.ics", calendar.encode("utf-8"), "application/ics")]
    for attachment in attachments:
        main, _, sub = attachment.mimetype.partition("/")
        message.add_attachment(
            attachment.data, maintype=main, subtype=sub or "octet-stream", filename=attachment.filename
        )
    return message


def smtp_reply(exc: Exception) -> str:
    """What the SMTP server said, in one line, for `last_error` (e.g. `550 5.1.1 mailbox unavailable`)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {reply.decode('utf-8', 'replace') if isinstance(reply, bytes) else reply}"
            for address, (code, reply) in exc.recipients.items()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"SMTP {exc.smtp_code} {reply}".strip()
    if isinstance(exc, ConnectionRefusedError):
        return "SMTP-tjeneren svarer ikke (tilkoblingen ble avvist)"
    if isinstance(exc, TimeoutError):
        return "SMTP-tjeneren svarte ikke i tide"
    return f"{type(exc).__name__}: {exc}".strip()


@lru_cache(maxsize=2)
def _tls(verify: bool) -> ssl.SSLContext:
    """A TLS context (loading the system's certificates takes ~80 ms: made once, and only when TLS is used)."""
    context = ssl.create_default_context()
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _send_smtp(transport: NotifyEmail, message: EmailMessage, address: str) -> Delivery:
    """Deliver one message over the SMTP server an apprise `mailto(s)://` URL names (host, port, TLS mode and
    login as apprise read them), so the text part, the Message-ID and the SMTP reply stay ours."""
    timeout = getattr(transport, "socket_connect_timeout", 15) or 15
    try:
        if transport.secure_mode == "ssl":
            server = smtplib.SMTP_SSL(
                transport.smtp_host, transport.port, timeout=timeout, context=_tls(bool(transport.verify_certificate))
            )
        else:
            server = smtplib.SMTP(transport.smtp_host, transport.port, timeout=timeout)
        with server:
            if transport.secure_mode == "starttls":
                server.starttls(context=_tls(bool(transport.verify_certificate)))
            if transport.user and transport.password:
                server.login(transport.user, transport.password)
            server.send_message(message, from_addr=transport.from_addr[1], to_addrs=[address])
    except (OSError, smtplib.SMTPException) as exc:
        codes = (
            [code for code, _ in exc.recipients.values()]
            if isinstance(exc, smtplib.SMTPRecipientsRefused)
            else [exc.smtp_code]
            if isinstance(exc, smtplib.SMTPResponseException)
            else []
        )
        return Delivery(False, smtp_reply(exc), permanent=bool(codes) and all(500 <= c < 600 for c in codes))
    return Delivery(True)


class AppriseNotifier:
    """Sends through the services of an apprise configuration; one call per recipient, so a failure is always
    one recipient's. E-mail over an SMTP service (`mailto://`, `mailtos://`) is built here and sent to the server
    that URL names: apprise's own e-mail builder replaces the text part with a conversion of the HTML and adds a
    random Message-ID, and we need both to be ours. Other e-mail services get apprise's HTML message."""

    def __init__(self, config_text: str):
        config = apprise.AppriseConfig()
        if not config.add_config(config_text, format="yaml"):
            raise OmstillingError("apprise-konfigurasjonen kunne ikke leses (forventet apprise-YAML)")
        self._services = apprise.Apprise()
        self._services.add(config)
        if not len(self._services):
            raise OmstillingError("apprise-konfigurasjonen har ingen tjenester")

    @classmethod
    def from_file(cls, path: Path) -> AppriseNotifier:
        try:
            return cls(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise OmstillingError(f"kan ikke lese apprise-konfigurasjonen {path}: {exc.strerror}") from None

    def _tagged(self, tag: str) -> list:
        return [service for service in self._services if tag in {str(t) for t in service.tags}]

    @property
    def can_email(self) -> bool:
        return bool(self._tagged(EMAIL_TAG))

    @property
    def sender_address(self) -> str:
        """The address e-mail comes from (an invitation's organizer)."""
        for transport in self._tagged(EMAIL_TAG):
            sender = getattr(transport, "from_addr", None)
            if sender and "@" in sender[1]:
                return sender[1]
        return "omstilling@omstilling.invalid"

    @property
    def mail_domain(self) -> str:
        """The sender's domain: the right-hand side of every Message-ID we make."""
        return self.sender_address.rsplit("@", 1)[1]

    def channels_for(self, role: str) -> list[str]:
        present = {str(t) for service in self._services for t in service.tags}
        return [tag for tag in ROLE_CHANNELS.get(role, (role,)) if tag in present and tag != EMAIL_TAG]

    def send_email(
        self,
        address: str,
        subject: str,
        body: str,
        *,
        html: str | None = None,
        attachments: Sequence[Attachment] = (),
        headers: Mapping[str, str] | None = None,
        calendar: str | None = None,
    ) -> Delivery:
        transports = self._tagged(EMAIL_TAG)
        if not transports:
            return Delivery(False, f"ingen e-posttjeneste merket «{EMAIL_TAG}» i apprise-oppsettet")
        results = []
        for transport in transports:
            if isinstance(transport, NotifyEmail):
                sender = (transport.from_addr[0] or None, transport.from_addr[1])
                message = build_email(
                    sender,
                    address,
                    subject,
                    body,
                    html=html,
                    attachments=attachments,
                    headers={**transport.headers, **(headers or {})},
                    calendar=calendar,
                )
                results.append(_send_smtp(transport, message, address))
            else:  # another e-mail service: apprise's HTML message, the invitation as an .ics file
                single = apprise.Apprise()
                url = transport.url(privacy=False)
                single.add(f"{url}{'&' if '?' in url else '?'}to={quote(address)}")
                files = [*attachments] + (
                    [Attachment("invitasjon.ics", calendar.encode("utf-8"), "text/calendar")]
                    if calendar is not None
                    else []
                )
                results.append(
                    self._notify(
                        single, subject, html or body, files, body_format=apprise.NotifyFormat.HTML if html else None
                    )
                )
        failed = [r for r in results if not r.ok]
        return failed[0] if failed else Delivery(True)

    def send_channel(self, tag: str, subject: str, body: str) -> Delivery:
        single = apprise.Apprise()
        for service in self._tagged(tag):
            single.add(service.url(privacy=False))
        return self._notify(single, subject, body, body_format=apprise.NotifyFormat.MARKDOWN)

    @staticmethod
    def _notify(
        target: apprise.Apprise, subject: str, body: str, attachments: Sequence[Attachment] = (), *, body_format=None
    ) -> Delivery:
        import tempfile

        try:
            with tempfile.TemporaryDirectory() as folder:
                paths = []
                for attachment in attachments:
                    path = Path(folder) / attachment.filename
                    path.write_bytes(attachment.data)
                    paths.append(str(path))
                ok = target.notify(
                    body=body,
                    title=subject,
                    body_format=body_format,
                    attach=apprise.AppriseAttachment(paths) if paths else None,
                )
        except Exception as exc:  # noqa: BLE001 (a plugin that raises must not stop the other recipients)
            return Delivery(False, f"{type(exc).__name__}: {exc}")
        return Delivery(True) if ok else Delivery(False, "tjenesten tok ikke imot meldingen (se loggen til apprise)")


@dataclass
class RecordingNotifier:
    """A notifier for tests and dry runs: keeps what it was asked to send; can be told to fail."""

    channels: tuple[str, ...] = ()
    failing: bool = False
    sent: list[tuple[str, str, str]] = field(default_factory=list)
    extras: list[dict] = field(default_factory=list)

    @property
    def can_email(self) -> bool:
        return True

    @property
    def sender_address(self) -> str:
        return "omstilling@example.org"

    @property
    def mail_domain(self) -> str:
        return "example.org"

    def channels_for(self, role: str) -> list[str]:
        return [tag for tag in ROLE_CHANNELS.get(role, (role,)) if tag in self.channels]

    def send_email(
        self,
        address: str,
        subject: str,
        body: str,
        *,
        html: str | None = None,
        attachments: Sequence[Attachment] = (),
        headers: Mapping[str, str] | None = None,
        calendar: str | None = None,
    ) -> Delivery:
        return self._record(
            address,
            subject,
            body,
            html=html,
            attachments=[a.filename for a in attachments],
            headers=dict(headers or {}),
            calendar=calendar,
        )

    def send_channel(self, tag: str, subject: str, body: str) -> Delivery:
        return self._record(f"kanal:{tag}", subject, body)

    def _record(self, to: str, subject: str, body: str, **extra) -> Delivery:
        if self.failing:
            return Delivery(False, "the test notifier is failing")
        self.sent.append((to, subject, body))
        self.extras.append({"to": to, **extra})
        return Delivery(True)


def notifier_from_settings(config: Path | None, secret_block: str | None = None) -> Notifier | None:
    """The configured notifier, or None when reminders are not set up (then nothing is sent): from the Prefect
    Secret block `secret_block` when one is named, else from the file `config`."""
    if secret_block:
        return AppriseNotifier(apprise_config_from_secret(secret_block))
    return AppriseNotifier.from_file(config) if config else None


def configured_notifier() -> Notifier | None:
    """The notifier the settings name (OMSTILLING_APPRISE_SECRET_BLOCK, else OMSTILLING_APPRISE_CONFIG)."""
    from omstilling.config import get_settings

    settings = get_settings()
    return notifier_from_settings(settings.apprise_config, settings.apprise_secret_block)


def apprise_config_from_secret(name: str) -> str:
    """The apprise YAML held by a Prefect Secret block (a text, or a mapping written out as YAML). The value is
    never logged."""
    import yaml
    from prefect.blocks.system import Secret

    try:
        value = Secret.load(name).get()
    except ValueError:
        raise OmstillingError(
            f"fant ikke Prefect-hemmeligheten «{name}» (OMSTILLING_APPRISE_SECRET_BLOCK): opprett "
            "den under Blocks → Secret med apprise-oppsettet, eller fjern innstillingen"
        ) from None
    return value if isinstance(value, str) else yaml.safe_dump(value, allow_unicode=True)
