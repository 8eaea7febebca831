"""Sending messages: a `Notifier` in front of apprise, and a recording fake beside it for tests.

The apprise configuration (a YAML file named by OMSTILLING_APPRISE_CONFIG) says *how* to send: a service tagged
`epost` is the e-mail transport (e.g. `mailtos://user:password@smtp.example.org?from=omstilling@example.org`),
and each person's address (from the database's contact data) is added to it per message. Services tagged with
a role or group (`programleder`, `styreleder`, `styret`, `kommune`, `fylkeskommune`, `drift`) are shared
channels such as Teams or Slack, and get the message for that role. URLs and passwords stay in that file:
they are never written to the database or the logs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

import apprise

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


class Notifier(Protocol):
    def send_email(self, address: str, subject: str, body: str) -> Delivery: ...

    def send_channel(self, tag: str, subject: str, body: str) -> Delivery: ...

    def channels_for(self, role: str) -> list[str]: ...

    @property
    def can_email(self) -> bool: ...


class AppriseNotifier:
    """Sends through apprise; one apprise call per recipient, so a failure is always one recipient's."""

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

    def channels_for(self, role: str) -> list[str]:
        present = {str(t) for service in self._services for t in service.tags}
        return [tag for tag in ROLE_CHANNELS.get(role, (role,)) if tag in present and tag != EMAIL_TAG]

    def send_email(self, address: str, subject: str, body: str) -> Delivery:
        transports = self._tagged(EMAIL_TAG)
        if not transports:
            return Delivery(False, f"no e-mail service tagged '{EMAIL_TAG}' in the apprise configuration")
        single = apprise.Apprise()
        for transport in transports:
            url = transport.url(privacy=False)
            single.add(f"{url}{'&' if '?' in url else '?'}to={quote(address)}")
        return self._notify(single, subject, body)

    def send_channel(self, tag: str, subject: str, body: str) -> Delivery:
        single = apprise.Apprise()
        for service in self._tagged(tag):
            single.add(service.url(privacy=False))
        return self._notify(single, subject, body)

    @staticmethod
    def _notify(target: apprise.Apprise, subject: str, body: str) -> Delivery:
        try:
            ok = target.notify(body=body, title=subject)
        except Exception as exc:  # a plugin that raises must not stop the other recipients
            return Delivery(False, type(exc).__name__)
        return Delivery(True) if ok else Delivery(False, "tjenesten tok ikke imot meldingen (se loggen til apprise)")


@dataclass
class RecordingNotifier:
    """A notifier for tests and dry runs: keeps what it was asked to send; can be told to fail."""

    channels: tuple[str, ...] = ()
    failing: bool = False
    sent: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def can_email(self) -> bool:
        return True

    def channels_for(self, role: str) -> list[str]:
        return [tag for tag in ROLE_CHANNELS.get(role, (role,)) if tag in self.channels]

    def send_email(self, address: str, subject: str, body: str) -> Delivery:
        return self._record(address, subject, body)

    def send_channel(self, tag: str, subject: str, body: str) -> Delivery:
        return self._record(f"kanal:{tag}", subject, body)

    def _record(self, to: str, subject: str, body: str) -> Delivery:
        if self.failing:
            return Delivery(False, "the test notifier is failing")
        self.sent.append((to, subject, body))
        return Delivery(True)


def notifier_from_settings(config: Path | None) -> Notifier | None:
    """The configured notifier, or None when reminders are not set up (then nothing is sent)."""
    return AppriseNotifier.from_file(config) if config else None
