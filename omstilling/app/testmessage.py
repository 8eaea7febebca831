"""A short test e-mail to everyone holding a role, through the reminders' set-up."""

from __future__ import annotations

from datetime import date
from html import escape

from sqlalchemy.engine import Engine

from omstilling import clock
from omstilling.app.results import Done, cell
from omstilling.core.enums import Role
from omstilling.core.formatting import date_short
from omstilling.errors import NotFound, OmstillingError
from omstilling.messaging.transport import configured_notifier
from omstilling.store import choose, db
from omstilling.store.load import load_recipients


def send_test_message(engine: Engine, slug: str, role: str, *, today: date | None = None) -> Done:
    """Send a short test e-mail to everyone who holds `role` in the programme today, through the configured
    apprise services (what a reminder would use); returns who got it and what the mail server said."""
    today = today or clock.today()
    try:
        wanted = Role.parse(role)
    except ValueError:
        raise OmstillingError(f"ukjent rolle «{role}» (roller: {', '.join(r.value for r in Role)})") from None
    notifier = configured_notifier()
    if notifier is None or not notifier.can_email:
        raise OmstillingError(
            "ingen e-post er satt opp: sett OMSTILLING_APPRISE_CONFIG (eller "
            "OMSTILLING_APPRISE_SECRET_BLOCK) til et apprise-oppsett med en mailto-tjeneste"
        )
    with db.session_scope(engine) as session:
        programme = choose.programme(session, slug)
        name = programme.name
        people = [r for r in load_recipients(session, programme) if r.role == wanted.value and r.holds_on(today)]
    if not people:
        raise NotFound(f"ingen har rollen {wanted.label} i {slug} {date_short(today)}")
    subject = f"{name}: testmelding fra omstilling"
    rows = []
    for person in people:
        if not person.email:
            rows.append((person.name, "–", "ingen e-postadresse registrert"))
            continue
        body = (
            f"Hei {person.name},\n\ndette er en testmelding fra omstilling til deg som {wanted.label} i "
            f"{name}. Kommer den fram, kommer påminnelsene også fram.\n"
        )
        html = "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in body.strip().split("\n\n"))
        delivery = notifier.send_email(person.email, subject, body, html=html)
        rows.append((person.name, person.email, "sendt" if delivery.ok else f"feilet: {delivery.error}"))
    sent = sum(1 for _, _, result in rows if result == "sendt")
    lines = [
        f"# Testmelding til {wanted.label} i {slug}",
        "",
        f"Emne: {subject}",
        "",
        "| Navn | E-post | Resultat |",
        "|:--|:--|:--|",
    ] + [f"| {cell(n)} | {cell(a)} | {cell(r)} |" for n, a, r in rows]
    return Done(f"Testmelding: {sent} av {len(rows)} sendt", "\n".join(lines) + "\n", ok=sent == len(rows))
