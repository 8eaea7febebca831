"""The HTML part of each kind of e-mail, as Chromium lays it out (a mail client's rendering engine): separate
paragraphs, the due date in bold, what is missing as a list, the invitation's time. Screenshots are kept in the
test's folder (or OMSTILLING_SHOTS_DIR) for a person to look at."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from aiosmtpd.controller import Controller

from omstilling.messaging.outbox import invite, remind
from omstilling.messaging.transport import AppriseNotifier
from tests.support.mail import Inbox, apprise_config, free_port


@pytest.fixture
def received(demo_sqlite):
    """A day's reminders (3 January 2014: the annual report's first reminder), an autumn digest, and the
    invitations of May 2014 (the nearest meeting on 1 May, the next on 2 May: one new meeting a day), as they
    arrived at a real SMTP server."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    notifier = AppriseNotifier(apprise_config(port))
    try:
        remind(demo_sqlite, as_of=date(2014, 1, 3), now=datetime(2014, 1, 3, 7, tzinfo=UTC), notifier=notifier)
        for day in (date(2014, 5, 1), date(2014, 5, 2)):
            now = datetime.combine(day, time(5), tzinfo=UTC)
            invite(demo_sqlite, as_of=day, now=now, notifier=notifier)
            remind(demo_sqlite, as_of=day, now=now, notifier=notifier)
        remind(
            demo_sqlite,
            as_of=date(2014, 10, 1),
            now=datetime(2014, 10, 1, 5, tzinfo=UTC),
            notifier=notifier,
            digest=True,
        )
    finally:
        controller.stop()
    return inbox


def laid_out(page, html: str, shot) -> list[dict]:
    page.set_content(html)
    page.screenshot(path=str(shot), full_page=True)
    return page.eval_on_selector_all(
        "p, li",
        "els => els.map(e => ({tag: e.tagName, text: e.innerText, top: e.getBoundingClientRect().top, "
        "height: e.getBoundingClientRect().height}))",
    )


def test_a_reminder_shows_separate_paragraphs_a_bold_date_and_a_list(page, received, shots):
    reminder = next(m for m in received.reminders() if "Første påminnelse: Årsrapport 2013" in m.subject)
    blocks = laid_out(page, reminder.html, shots / "paaminnelse.png")
    paragraphs = [b for b in blocks if b["tag"] == "P"]
    assert len(paragraphs) >= 5
    tops = [b["top"] for b in paragraphs]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # one under the other, not one run-on block
    assert paragraphs[0]["text"] == "Hei Bjørn Iversen,"
    # the paragraph's own style, as the client applies it (brief D: once escaped twice, `style=&#34;…&#34;`, and lost)
    spacing = page.eval_on_selector_all("p", "ps => ps.slice(0, 4).map(p => getComputedStyle(p).margin)")
    assert spacing == ["0px 0px 12px"] * 4, spacing
    assert all(b["height"] < 120 for b in paragraphs)  # short paragraphs, none swallowing the message
    items = [b["text"] for b in blocks if b["tag"] == "LI"]
    assert items == [
        "9 prosjekter mangler rapporterte arbeidsplasser for 2013",
        "1 avvik mangler forklaring",
        (
            "Ikke skrevet ennå: programleders sammendrag, vurdering av de kvalitative målene, kommentar til avvikene "
            "og veien videre"
        ),
    ]
    weight = page.eval_on_selector("strong", "e => getComputedStyle(e).fontWeight")
    assert int(weight) >= 700 and page.inner_text("strong") == "fredag 31. januar 2014"


def test_the_invitation_and_the_digest_read_as_paragraphs_too(page, received, shots):
    invitation = next(m for m in received.invitations() if "16. juni" in m.subject)
    blocks = laid_out(page, invitation.html, shots / "invitasjon.png")
    assert "Du er invitert til «Styremøte» mandag 16. juni 2014 kl. 13.00–16.00, Vestre Toten rådhus." in [
        b["text"] for b in blocks
    ]
    digest = next(m for m in received.reminders() if m.subject.startswith("Vestre Toten: Årshjulet"))
    blocks = laid_out(page, digest.html, shots / "sammendrag.png")
    assert len([b for b in blocks if b["tag"] == "P"]) >= 6


def test_every_kind_of_e_mail_has_no_axe_violations_and_reads_at_390_px(browser, received, demo_sqlite):
    """Issue 27: the HTML part of each kind of e-mail as it arrived (a reminder, an invitation, a digest) and the
    notice and the four messages of the minutes: axe-core finds nothing (language, headings in order, contrast at
    least 4.5:1, link names), and at 390 px nothing scrolls sideways."""
    from axe_playwright_python.sync_playwright import Axe

    from omstilling.messaging.texts import minutes_text

    parts = {m.subject: m.html for m in received.messages if m.html}
    for step in ("kommentar", "purring", "godkjenning", "godkjent"):
        text = minutes_text(
            step,
            name="Kari Nordmann",
            programme="Omstillingsprogrammet i Vestre Toten",
            short="Vestre Toten",
            day=date(2014, 6, 16),
            version=1,
            url="https://omstilling.example.no/programmer/vestre-toten/moter/2014-06-16#protokoll",
            deadline=date(2014, 6, 24),
            items=[{"number": "16/14", "title": "Søknad til fylket", "decision": "Vedtatt.\nMed endring."}],
            approvers=["Leif Waarum", "Styremedlem 1"],
        )
        parts[text.subject] = text.html
    assert len(parts) >= 7, sorted(parts)
    axe = Axe()
    page = browser.new_page(viewport={"width": 390, "height": 900}, is_mobile=True)
    broken = []
    for subject, html in parts.items():
        page.set_content(html)
        found = axe.run(page).response
        broken += [f"{subject}: {v['id']} ({v['impact']})" for v in found["violations"]]
        if page.evaluate("document.documentElement.scrollWidth") > 390:
            broken.append(f"{subject}: scrolls sideways at 390 px")
    page.close()
    assert broken == [], "\n".join(broken)


@pytest.mark.parametrize("width", [320, 390])
def test_no_e_mail_scrolls_sideways_on_a_phone(browser, demo_snapshot, shots, width):
    """Brief D, item 2: a digest with a deadline's action link (a long address in the text) widened the column to
    420 px, and the phone scrolled sideways. Every message kind in each of its cases (reminders with their button,
    digests with the link, failures, invitations, notices, the minutes' messages) fits 320 and 390 px."""
    from tests.support.texts import messages

    parts = {name: html for name, html in messages(demo_snapshot).items() if name.endswith(".html")}
    assert "https://omstilling.example.org/programmer/" in parts["sammendrag.html"]  # the action link is there
    page = browser.new_page(viewport={"width": width, "height": 900}, is_mobile=True)
    wide = []
    for name, html in sorted(parts.items()):
        page.set_content(html)
        scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll > client:
            wide.append(f"{name}: {scroll} px in {client}")
        if name.startswith("sammendrag"):
            page.screenshot(path=str(shots / f"{name[:-5]}-{width}.png"), full_page=True)
    page.close()
    assert wide == [], "\n".join(wide)
