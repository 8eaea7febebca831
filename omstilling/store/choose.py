"""Which programme a caller means: one home for "the one named, or the only one" and "the one named, or all".

The command line, the web app and the Prefect flows and forms all choose through here, so a name that does not
exist or a database of several programmes is answered the same way everywhere. What a person should do about an
ambiguous choice depends on where they are (an option on the command line, a field in a form): the exception
carries the programmes, and each way in words the hint (`AmbiguousProgramme.hint`)."""

from __future__ import annotations

from sqlmodel import Session, select

from omstilling.core.language import _
from omstilling.core.words import loose
from omstilling.errors import AmbiguousProgramme, NotFound
from omstilling.store.models import Programme, Project


def _known(session: Session) -> list[str]:
    return list(session.exec(select(Programme.slug).order_by(Programme.slug)))


def _by_name(session: Session, text: str) -> Programme | None:
    """The one programme whose short name, name or municipality `text` is, case, accents and punctuation aside
    ("Vestre Toten", "VESTRE-TOTEN", "Omstillingsprogrammet i Vestre Toten"); None when none is. When several are
    (two programmes in one municipality), the person is told which, never given one of them."""
    wanted = loose(text)
    found = [
        p
        for p in session.exec(select(Programme).order_by(Programme.slug)).all()
        if wanted in (loose(p.slug), loose(p.name), loose(p.municipality or ""))
    ]
    if len(found) > 1:
        which = ", ".join(f"{p.slug} ({p.name})" for p in found)
        raise NotFound(f"«{text}» passer på flere program: {which}; bruk kortnavnet")
    return found[0] if found else None


def programme(session: Session, slug: str | None = None) -> Programme:
    """The programme named by `slug` (its short name, or its name or municipality written any way), or the only
    one when `slug` is None or blank."""
    slug = (slug or "").strip() or None
    if slug is not None:
        found = session.exec(select(Programme).where(Programme.slug == slug)).first() or _by_name(session, slug)
        if found is None:
            raise NotFound(f"ingen program med kortnavnet «{slug}» (finnes: {', '.join(_known(session)) or 'ingen'})")
        return found
    first_two = session.exec(select(Programme).order_by(Programme.slug).limit(2)).all()
    if not first_two:
        raise NotFound("databasen har ingen program ennå: kjør `omstilling demo` eller importer en arbeidsbok")
    if len(first_two) > 1:
        raise AmbiguousProgramme(_known(session))
    return first_two[0]


def programmes(session: Session, slug: str | None = None) -> list[Programme]:
    """The programme named by `slug` (which must exist), or every programme when `slug` is None or blank, in the
    order of their short names."""
    if (slug or "").strip():
        return [programme(session, slug)]
    return list(session.exec(select(Programme).order_by(Programme.slug)).all())


def project(session: Session, programme: Programme, number: str) -> Project:
    """The programme's project of that number (spaces around it ignored); another programme's is never reached."""
    number = number.strip()
    found = session.exec(select(Project).where(Project.programme_id == programme.id, Project.number == number)).first()
    if found is None:
        raise NotFound(_("programmet har ikke prosjekt %(number)s") % {"number": number})
    return found
