"""Who a sign-in through the organisation's identity provider (OpenID Connect) names, and whether they may come in.

The provider vouches for a person by the claims of its ID token; omstilling knows people by their e-mail address
in the programmes' contact data (`roles.access_for`). So a sign-in is the e-mail claim (`OMSTILLING_OIDC_EMAIL_CLAIM`)
matched without case against that data, at the level of assurance asked for (`OMSTILLING_OIDC_ACR_VALUES`).
Each refusal is a sentence the person reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, func, select

from omstilling.access.roles import Access, access_for, normalise
from omstilling.store.models import Contact


@dataclass(frozen=True)
class Refused:
    """Why a sign-in that the provider accepted does not let the person in: a short `reason` for the records
    (and tests), a Norwegian `title` and `message` for the page."""

    reason: str
    title: str
    message: str
    email: str | None = None


def email_from_claims(claims: Mapping[str, Any], claim: str) -> str | Refused:
    """The address the claims name, or why there is none to use."""
    value = claims.get(claim)
    if not isinstance(value, str) or "@" not in value or len(value.strip()) > 254:
        return Refused(
            "ingen e-post",
            "Innloggingen ga ingen e-postadresse",
            f"Identitetsleverandøren oppga ingen e-postadresse (kravet «{claim}»), og omstilling kjenner "
            "folk på e-postadressen. Be driftsansvarlig sjekke oppsettet (OMSTILLING_OIDC_EMAIL_CLAIM).",
        )
    if claim == "email" and claims.get("email_verified") is False:
        return Refused(
            "e-post ikke bekreftet",
            "E-postadressen er ikke bekreftet",
            "Identitetsleverandøren sier at e-postadressen ikke er bekreftet, så den kan ikke brukes til å logge inn.",
            normalise(value),
        )
    return normalise(value)


def assurance_refused(claims: Mapping[str, Any], accepted: list[str]) -> Refused | None:
    """Whether the level of assurance (`acr`) is one of those `accepted` (nothing to check when none are)."""
    if not accepted or claims.get("acr") in accepted:
        return None
    got = claims.get("acr")
    return Refused(
        "for lavt sikkerhetsnivå",
        "For lavt sikkerhetsnivå",
        f"Innloggingen var på sikkerhetsnivået «{got or 'ikke oppgitt'}», men omstilling krever "
        f"{' eller '.join(f'«{a}»' for a in accepted)}. Logg inn på nytt med en metode på høyt nok nivå.",
    )


def is_known(session: Session, email: str) -> bool:
    """Whether any programme's contact data names `email` (whatever the roles' terms)."""
    return (
        session.exec(select(Contact.id).where(func.lower(func.trim(Contact.email)) == normalise(email))).first()
        is not None
    )


def admit(
    session: Session,
    claims: Mapping[str, Any],
    *,
    email_claim: str,
    accepted_acr: list[str],
    day: date,
    operators: frozenset[str],
) -> Access | Refused:
    """The access of the person the claims name on `day`, or why they may not sign in."""
    found = email_from_claims(claims, email_claim)
    if isinstance(found, Refused):
        return found
    low = assurance_refused(claims, accepted_acr)
    if low is not None:
        return Refused(low.reason, low.title, low.message, found)
    access = access_for(session, found, day, operators)
    if access.anything:
        return access
    if not is_known(session, found) and found not in operators:
        return Refused(
            "ukjent person",
            "Ikke registrert i omstilling",
            f"Identitetsleverandøren kjenner deg som {found}, men denne adressen står ikke hos noe "
            "omstillingsprogram. Be programlederen registrere adressen din, eller logg inn med adressen "
            "programmet har for deg.",
            found,
        )
    return Refused(
        "ingen rolle i dag",
        "Ingen rolle i dag",
        f"Identitetsleverandøren kjenner deg som {found}, men du har ingen rolle i et omstillingsprogram i dag "
        "(en rolle kan ha gått ut). Ta kontakt med programlederen hvis dette er feil.",
        found,
    )
