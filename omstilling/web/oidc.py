"""Signing in through the organisation's identity provider: OpenID Connect's authorization code flow with PKCE
(S256), state and nonce, through Authlib's Starlette client.

The flow's state (state, nonce, PKCE verifier, where the person was going) waits in the browser's signed
pre-sign-in cookie between the two legs; the redirect URI is built from OMSTILLING_BASE_URL, never from the
request. Who may come in is `omstilling.access.identity.admit`; every way it can fail is a `Failed` with a
Norwegian sentence for the page and a short reason for the records."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import httpx
from authlib.integrations.base_client.errors import MismatchingStateError
from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import Request
from joserfc.errors import JoseError
from starlette.responses import RedirectResponse

from omstilling.config import Settings, links_base
from omstilling.web.pages import PageError

log = logging.getLogger(__name__)

CALLBACK = "/logg-inn/oidc/svar"
"""Where the provider sends the person back (register `<base url>/logg-inn/oidc/svar` with the provider)."""
TIMEOUT = 10.0


class Failed(PageError):
    """The sign-in went wrong before the provider's answer could be trusted: a page for the person, a short
    `reason` for the records."""

    def __init__(self, status: int, reason: str, title: str, message: str):
        super().__init__(status, title, message)
        self.reason = reason


def _again(text: str) -> str:
    return f"{text} Ingenting er endret; start innloggingen på nytt fra innloggingssiden."


class Provider:
    """The configured OpenID provider (its discovery document is read on first use and kept)."""

    def __init__(self, settings: Settings):
        self.issuer = (settings.oidc_issuer or "").strip()
        self.name = settings.oidc_name
        self.email_claim = settings.oidc_email_claim.strip()
        self.accepted_acr = (settings.oidc_acr_values or "").split()
        self.redirect_uri = links_base(settings) + CALLBACK
        self.client: Any = OAuth().register(
            "oidc",
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret,
            server_metadata_url=self.issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": settings.oidc_scopes, "code_challenge_method": "S256", "timeout": TIMEOUT},
        )

    async def _metadata(self) -> dict[str, Any]:
        try:
            metadata: dict[str, Any] = await self.client.load_server_metadata()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("identitetsleverandøren %s svarer ikke: %s", self.issuer, exc)
            raise Failed(
                502,
                "leverandøren svarer ikke",
                "Identitetsleverandøren svarer ikke",
                "Identitetsleverandøren svarer ikke akkurat nå. Prøv igjen om litt.",
            ) from None
        if str(metadata.get("issuer", "")).rstrip("/") != self.issuer.rstrip("/"):
            log.error(
                "utsteder i oppdagelsesdokumentet (%s) er ikke OMSTILLING_OIDC_ISSUER (%s)",
                metadata.get("issuer"),
                self.issuer,
            )
            raise Failed(
                502,
                "feil utsteder",
                "Innlogging er feil satt opp",
                "Identitetsleverandøren oppgir en annen utsteder enn den omstilling er satt opp med. "
                "Be driftsansvarlig sjekke OMSTILLING_OIDC_ISSUER.",
            )
        return metadata

    async def begin(self, request: Request) -> RedirectResponse:
        """Send the person to the provider. `request.scope["session"]` must be the browser's session data."""
        await self._metadata()
        extra = {"ui_locales": "nb"}
        if self.accepted_acr:
            extra["acr_values"] = " ".join(self.accepted_acr)
        try:
            response: RedirectResponse = await self.client.authorize_redirect(request, self.redirect_uri, **extra)
        except httpx.HTTPError:
            raise Failed(
                502,
                "leverandøren svarer ikke",
                "Identitetsleverandøren svarer ikke",
                "Identitetsleverandøren svarer ikke akkurat nå. Prøv igjen om litt.",
            ) from None
        response.status_code = 303
        return response

    async def finish(self, request: Request) -> Mapping[str, Any]:
        """The claims of the person the provider sends back (the ID token checked: signature, issuer, audience,
        expiry, nonce), after the state matched this browser and the code was exchanged with the PKCE verifier."""
        await self._metadata()
        try:
            token = await self.client.authorize_access_token(request)
        except MismatchingStateError:
            raise Failed(
                400,
                "feil state",
                "Innloggingen kunne ikke fullføres",
                _again(
                    "Svaret fra identitetsleverandøren hører ikke til en innlogging startet i denne nettleseren "
                    "(eller innloggingen ble startet for lenge siden)."
                ),
            ) from None
        except OAuthError as exc:
            raise self._refused_by_provider(exc) from None
        except JoseError as exc:
            log.warning("ID-tokenet fra %s ble ikke godtatt: %s", self.issuer, exc)
            raise Failed(
                400,
                "ugyldig id-token",
                "Innloggingen kunne ikke bekreftes",
                _again("Svaret fra identitetsleverandøren kunne ikke bekreftes (ID-tokenet var ugyldig)."),
            ) from None
        except httpx.HTTPError:
            raise Failed(
                502,
                "leverandøren svarer ikke",
                "Identitetsleverandøren svarer ikke",
                "Identitetsleverandøren svarer ikke akkurat nå. Prøv igjen om litt.",
            ) from None
        claims = token.get("userinfo")
        if not claims:
            raise Failed(
                400,
                "ingen id-token",
                "Innloggingen kunne ikke bekreftes",
                _again(
                    "Identitetsleverandøren sendte ikke noe ID-token (sjekk at OMSTILLING_OIDC_SCOPES har med openid)."
                ),
            )
        claims = dict(claims)
        if self.email_claim not in claims:
            claims = await self._with_userinfo(token, claims)
        return claims

    async def _with_userinfo(self, token: Mapping[str, Any], claims: dict[str, Any]) -> dict[str, Any]:
        """The ID token's claims and the userinfo endpoint's, when the e-mail claim is only there (the same
        subject, or nothing is taken from it)."""
        metadata = await self._metadata()
        if not metadata.get("userinfo_endpoint"):
            return claims
        try:
            more = dict(await self.client.userinfo(token=token))
        except (httpx.HTTPError, OAuthError, ValueError):
            log.warning("kunne ikke lese userinfo fra %s", self.issuer)
            return claims
        return {**more, **claims} if more.get("sub") == claims.get("sub") else claims

    @staticmethod
    def _refused_by_provider(exc: OAuthError) -> Failed:
        error = str(getattr(exc, "error", "") or "ukjent")
        if error == "invalid_grant":
            return Failed(
                400,
                "koden ble avvist",
                "Innloggingen kunne ikke fullføres",
                _again(
                    "Identitetsleverandøren godtok ikke innloggingskoden: den er allerede brukt, er utløpt eller "
                    "hører til en annen innlogging."
                ),
            )
        if error in ("access_denied", "login_required", "consent_required", "interaction_required"):
            return Failed(
                400,
                f"avbrutt hos leverandøren ({error})",
                "Innloggingen ble avbrutt",
                _again(f"Innloggingen ble avbrutt hos identitetsleverandøren ({error})."),
            )
        log.warning("identitetsleverandøren svarte med en feil: %s %s", error, getattr(exc, "description", ""))
        return Failed(
            400,
            f"feil fra leverandøren ({error})",
            "Innloggingen kunne ikke fullføres",
            _again(f"Identitetsleverandøren svarte med en feil ({error})."),
        )
