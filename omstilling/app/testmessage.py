"""A short test e-mail to everyone holding a role, through the reminders' set-up; the e-mail and what the form
shows of it in the programme's written standard (issue 28)."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from sqlalchemy.engine import Engine

from omstilling import clock
from omstilling.app.results import Done, cell
from omstilling.core.enums import Role
from omstilling.core.formatting import date_short
from omstilling.core.language import _, speaking
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
        name, standard = programme.name, programme.language
        people = [r for r in load_recipients(session, programme) if r.role == wanted.value and r.holds_on(today)]
    with speaking(standard):
        return _send(notifier, slug, name, wanted, people, today)


def _send(notifier: Any, slug: str, name: str, wanted: Role, people: list[Any], today: date) -> Done:
    """The e-mails and the form's table, in the current written standard (the programme's)."""
    if not people:
        raise NotFound(
            _("ingen har rollen %(role)s i %(slug)s %(day)s")
            % {"role": wanted.label, "slug": slug, "day": date_short(today)}
        )
    subject = _("%(programme)s: testmelding fra omstilling") % {"programme": name}
    sent_word = _("sendt")
    rows = []
    for person in people:
        if not person.email:
            rows.append((person.name, "–", _("ingen e-postadresse registrert")))
            continue
        body = _(
            "Hei %(name)s,\n\ndette er en testmelding fra omstilling til deg som %(role)s i %(programme)s. Kommer den "
            "fram, kommer påminnelsene også fram.\n"
        ) % {"name": person.name, "role": wanted.label, "programme": name}
        html = "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in body.strip().split("\n\n"))
        delivery = notifier.send_email(person.email, subject, body, html=html)
        failed = _("feilet: %(error)s") % {"error": delivery.error}
        rows.append((person.name, person.email, sent_word if delivery.ok else failed))
    sent = sum(1 for _name, _address, result in rows if result == sent_word)
    lines = [
        "# " + _("Testmelding til %(role)s i %(slug)s") % {"role": wanted.label, "slug": slug},
        "",
        _("Emne: %(subject)s") % {"subject": subject},
        "",
        "| " + " | ".join((_("Navn"), _("E-post"), _("Resultat"))) + " |",
        "|:--|:--|:--|",
    ] + [f"| {cell(n)} | {cell(a)} | {cell(r)} |" for n, a, r in rows]
    title = _("Testmelding: %(sent)s av %(count)s sendt") % {"sent": sent, "count": len(rows)}
    return Done(title, "\n".join(lines) + "\n", ok=sent == len(rows))
