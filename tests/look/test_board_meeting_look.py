"""The board meeting of 16 June 2014 from notice to approved minutes (issue 25, «Done when»), with the real SMTP
server and Chromium: the tick's notice reaches the board with the board pack and none of the leader's to-do lines
(its HTML part looked at on a phone); two members answer by the links in it and the chair on the page, which then
says the board will have a quorum; the leader records the minutes, one member comments on a phone, the chair and
two members approve the exact PDF (its SHA-256 in every approval, the approval page in the approved PDF); the
leader's edit after approval is version 2, to be approved again, and version 1's approved PDF stays as it was.
The screenshots (OMSTILLING_LOOK_SCREENSHOTS=folder): the notice at 390 px, the meeting page as a board member on
a phone during comments and approval, and the approved PDF's approval page."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, time

import pytest
from pypdf import PdfReader
from sqlmodel import col, select

from omstilling.access import signin
from omstilling.app import reminders as use_case
from omstilling.config import get_settings
from omstilling.core.enums import MinutesStatus
from omstilling.store import db
from omstilling.store.models import Minutes, MinutesApproval
from tests.support.meeting import CHAIR, DEPUTY, LEADER, MEMBERS, NOTICE_DAY, PAGE, on

pytestmark = pytest.mark.look
PHONE = 390
BOARD = [CHAIR, *MEMBERS, DEPUTY]
CASE = "Sak 16/14"
DECISION = "Styret vedtar forslaget, med den endringen at tilskuddet er 400 000 kr."
CORRECTED = "Styret vedtar forslaget. Tilskuddet er 450 000 kr."
TODO = [  # the leader's to-do lines (`core.reminders`), which the issue found in the board's message
    r"(?i)påminnelse",
    r"\d+ prosjekte?r? mangler",
    r"avvik mangler forklaring",
    r"er ikke registrert",
    r"Avhenger av «",
    r"(?i)utkastet er vedlagt",
]
COMMENT = "Rett navnet på bedriften i sak 16/14."


def tick(monkeypatch, engine, day: date) -> None:
    """The day's run as the tick makes it (notices, the minutes' messages and the reminders, through the outbox)."""
    with monkeypatch.context() as running:
        running.setattr("omstilling.clock.now", lambda: datetime.combine(day, time(5), tzinfo=UTC))
        summary, configured = use_case.send_reminders(engine, as_of=day)
    assert configured and summary.failed == 0 and not summary.errors, summary.as_dict()


def arrived(inbox, since: int, words: str) -> dict[str, object]:
    """The messages since the `since`th whose subject holds `words`, by recipient (one each)."""
    found: dict[str, object] = {}
    for message in inbox.messages[since:]:
        if words in message.subject:
            (to,) = message.to
            assert to not in found, f"two messages «{words}» to {to}"
            found[to] = message
    return found


def signed_in(browser, served, engine, email: str, width: int = 1280):
    """A browser of `email`'s own (a phone at 390 px), signed in by a link as the e-mail would bring it."""
    phone = width < 500
    page = browser.new_page(
        viewport={"width": width, "height": 844 if phone else 900},
        is_mobile=phone,
        device_scale_factor=2 if phone else 1,
    )
    with db.session_scope(engine) as session:
        _, link = signin.create_link(session, email, base_url=served.url, now=signin.utcnow())
    page.goto(link)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    page.goto(served.url + PAGE)
    return page


def fits(page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{what} is {width} px wide on a {PHONE} px phone"


def flash(page) -> str:
    return " ".join(page.locator("p.melding[role=status]").inner_text().split())


def versions(engine) -> list[tuple[int, MinutesStatus]]:
    with db.session_scope(engine) as session:
        return [(m.version, m.status) for m in session.exec(select(Minutes).order_by(col(Minutes.version)))]


def test_a_board_meeting_from_notice_to_approved_minutes_and_a_correction(
    browser, site, screenshots, pdf_text, page_picture, monkeypatch, tmp_path
):
    served, engine, inbox = site
    monkeypatch.setenv("OMSTILLING_BASE_URL", served.url)  # the links in the messages lead to the served app
    get_settings.cache_clear()
    monkeypatch.setattr(use_case, "configured_notifier", lambda: inbox.notifier)

    # 1. the notice day: each board member, the deputy and the leader get the notice, the pack attached
    on(monkeypatch, NOTICE_DAY)
    tick(monkeypatch, engine, NOTICE_DAY)
    notices = arrived(inbox, 0, "Innkalling til styremøte")
    assert set(notices) >= {*BOARD, LEADER}, sorted(notices)
    for to, notice in notices.items():
        assert "16. juni 2014" in notice.subject, notice.subject
        pdfs = [data for name, data in notice.attachments.items() if name.endswith(".pdf")]
        assert len(pdfs) == 1 and pdfs[0].startswith(b"%PDF"), (to, list(notice.attachments))
        said = f"{notice.subject}\n{notice.body}\n{notice.html}"
        for todo in TODO:
            assert not re.search(todo, said), f"the notice to {to} carries the leader's to-do line «{todo}»"
    mail = browser.new_page(viewport={"width": PHONE, "height": 844}, is_mobile=True, device_scale_factor=2)
    mail.set_content(notices[MEMBERS[0]].html)
    fits(mail, "the notice's HTML part")
    mail.screenshot(path=screenshots / "styremote-01-innkalling-390.png", full_page=True)
    mail.close()

    # 2. two members answer by the links in their notice (clicked in its HTML part), the chair on the page
    for member in MEMBERS[:2]:
        links = dict(re.findall(r"^- (Kommer|Kommer ikke|Usikker): (http://\S+)$", notices[member].body, re.M))
        assert set(links) == {"Kommer", "Kommer ikke", "Usikker"}, notices[member].body
        answer = browser.new_page(viewport={"width": PHONE, "height": 844}, is_mobile=True)
        answer.set_content(notices[member].html)
        answer.get_by_role("link", name="Kommer", exact=True).click()
        answer.wait_for_url(links["Kommer"])
        assert answer.locator("main button").all_inner_texts() == ["Lagre: kommer"]  # nothing recorded by opening
        fits(answer, "the answer link's page")
        answer.get_by_role("button", name="Lagre: kommer").click()
        assert "Svaret ditt er lagret: kommer" in answer.locator("#lagret").inner_text()
        answer.close()
    chair = signed_in(browser, served, engine, CHAIR)
    assert chair.locator("#vedtaksfor").inner_text().startswith("Styret blir ikke vedtaksført ennå: 2 av 4")
    chair.get_by_label("Kommer", exact=True).check()
    chair.get_by_role("button", name="Lagre svaret").click()
    assert flash(chair) == "Svaret ditt er lagret: kommer."
    quorum = chair.locator("#vedtaksfor").inner_text()
    assert quorum.startswith("Styret blir vedtaksført: 3 av 4"), quorum

    # 3. the day after the meeting the leader records the minutes and sends the draft for comments
    on(monkeypatch, date(2014, 6, 17))
    leader = signed_in(browser, served, engine, LEADER)
    leader.get_by_role("heading", name="Før protokollen").wait_for()
    form = leader.locator("form.protokoll")
    attended = form.locator("fieldset").first
    for name in ("Leif Waarum", "Styremedlem 1", "Styremedlem 2"):
        attended.get_by_label(name).check()
    for name in ("Styremedlem 3", "Varamedlem 1"):
        attended.get_by_label(name).uncheck()
    form.get_by_label("Andre til stede").fill("Bjørn Iversen (programleder, referent)")
    case = form.locator("fieldset.sak", has=leader.locator("legend", has_text=CASE))
    case.get_by_label("Vedtak").fill(DECISION)
    case.locator("summary", has_text="Inhabil i saken").click()
    case.get_by_label("Styremedlem 2").check()
    form.get_by_role("button", name="Lagre protokollen").click()
    assert flash(leader) == "Protokollen er lagret (versjon 1, utkast).", flash(leader)
    minutes = leader.locator(".protokoll-innhold").inner_text()
    assert DECISION in minutes and "Inhabil: Styremedlem 2" in minutes, minutes
    assert "Forfall: Styremedlem 3" in minutes, minutes
    assert leader.get_by_label("Frist for kommentarer").input_value() == "2014-06-24"
    leader.get_by_role("button", name="Send utkastet til kommentar").click()
    assert flash(leader).startswith("Utkastet er sendt til 3 som var til stede, med frist 24. juni 2014"), flash(leader)
    before = len(inbox.messages)
    tick(monkeypatch, engine, date(2014, 6, 17))
    drafts = arrived(inbox, before, "Utkast til protokoll fra styremøtet")
    assert set(drafts) == {CHAIR, *MEMBERS[:2]}, sorted(drafts)
    assert DECISION in drafts[MEMBERS[0]].body, drafts[MEMBERS[0]].body

    # 4. a member comments on a phone; the leader sends the minutes for approval
    on(monkeypatch, date(2014, 6, 18))
    member = signed_in(browser, served, engine, MEMBERS[0], PHONE)
    assert "til kommentar" in member.locator("#protokoll-status").inner_text()
    fits(member, "the meeting page out for comments")
    member.locator("#protokoll").scroll_into_view_if_needed()
    member.screenshot(path=screenshots / "styremote-02-til-kommentar-390.png", full_page=True)
    member.get_by_label("Din kommentar til utkastet").fill(COMMENT)
    member.get_by_role("button", name="Send kommentaren").click()
    assert flash(member) == "Kommentaren din er lagret."
    assert COMMENT in member.locator("ul.kommentarer").inner_text()
    fits(member, "the meeting page with a comment")
    leader.reload()
    assert COMMENT in leader.locator("ul.kommentarer").inner_text()
    leader.get_by_role("button", name="Send til godkjenning").click()
    assert flash(leader) == "Versjon 1 av protokollen er sendt til godkjenning hos 3 som var til stede.", flash(leader)
    before = len(inbox.messages)
    tick(monkeypatch, engine, date(2014, 6, 18))
    assert set(arrived(inbox, before, "til godkjenning")) == {CHAIR, *MEMBERS[:2]}

    # 5. the chair and two members approve the PDF they are shown: its SHA-256 is in each approval
    on(monkeypatch, date(2014, 6, 19))
    for email in (CHAIR, MEMBERS[1], MEMBERS[0]):
        page = member if email == MEMBERS[0] else signed_in(browser, served, engine, email)
        page.goto(served.url + PAGE)  # (a new load: from the page's «#protokoll» only the fragment would change)
        shown = page.locator("form input[name=sha256]").get_attribute("value")
        assert page.locator("code.sjekksum").inner_text() == shown
        pdf = page.request.get(f"{served.url}{PAGE}/protokoll/v1.pdf")  # as the member, with their session
        assert pdf.ok and hashlib.sha256(pdf.body()).hexdigest() == shown
        if email == MEMBERS[0]:
            fits(page, "the meeting page out for approval")
            box = page.locator("code.sjekksum").bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE, box
            page.screenshot(path=screenshots / "styremote-03-til-godkjenning-390.png", full_page=True)
        page.get_by_role("button", name="Godkjenn protokollen").click()
        assert flash(page).startswith("Du har godkjent versjon 1 av protokollen."), flash(page)
    assert flash(member).endswith("Alle som var til stede har nå godkjent den; protokollen er godkjent.")
    fits(member, "the meeting page approved")
    member.screenshot(path=screenshots / "styremote-04-godkjent-390.png", full_page=True)
    with db.session_scope(engine) as session:
        (row,) = session.exec(select(Minutes)).all()
        approvals = session.exec(select(MinutesApproval)).all()
        assert row.status is MinutesStatus.APPROVED
        assert sorted(a.name for a in approvals) == ["Leif Waarum", "Styremedlem 1", "Styremedlem 2"]
        assert {a.sha256 for a in approvals} == {shown} == {row.pdf_sha256}
        assert {a.method for a in approvals} == {"epost"}
        approved_sha = row.approved_sha256
    approved = member.request.get(f"{served.url}{PAGE}/protokoll/v1-godkjent.pdf")
    assert approved.ok and hashlib.sha256(approved.body()).hexdigest() == approved_sha
    approved_pdf = tmp_path / "protokoll-v1-godkjent.pdf"
    approved_pdf.write_bytes(approved.body())
    last = len(PdfReader(approved_pdf).pages)  # the approval page closes the approved minutes
    assert DECISION in " ".join(pdf_text(approved_pdf).split())
    approval_page = pdf_text(approved_pdf, "-f", str(last), "-l", str(last))
    assert "Godkjenning" in approval_page and shown in re.sub(r"\s", "", approval_page), approval_page
    assert all(name in approval_page for name in ("Leif Waarum", "Styremedlem 1", "Styremedlem 2")), approval_page
    page_picture(approved_pdf, last).save(screenshots / "styremote-05-godkjenningsside.png")
    before = len(inbox.messages)
    tick(monkeypatch, engine, date(2014, 6, 19))
    assert set(arrived(inbox, before, "er godkjent")) == {CHAIR, *MEMBERS[:2], LEADER}

    # 6. the leader corrects the approved minutes: version 2, to be approved again; version 1 stays as approved
    on(monkeypatch, date(2014, 6, 20))
    leader.reload()
    warning = leader.locator("p.melding.advarsel").inner_text()
    assert "blir de versjon 2, som må godkjennes på nytt" in warning, warning
    case.get_by_label("Vedtak").fill(CORRECTED)
    form.get_by_role("button", name="Lagre som versjon 2").click()
    assert flash(leader) == "Protokollen er lagret (versjon 2, utkast).", flash(leader)
    assert versions(engine) == [(1, MinutesStatus.APPROVED), (2, MinutesStatus.DRAFT)]
    leader.get_by_role("button", name="Send til godkjenning").click()
    chair.goto(served.url + PAGE)
    assert "Versjon 2: til godkjenning" in chair.locator("#protokoll-status").inner_text()
    assert chair.get_by_text("ikke godkjent ennå").count() == 3
    assert chair.get_by_role("button", name="Godkjenn protokollen").is_visible()
    assert CORRECTED in chair.locator(".protokoll-innhold").inner_text()
    chair.locator("#protokoll").scroll_into_view_if_needed()
    chair.screenshot(path=screenshots / "styremote-06-versjon-2.png", full_page=True)
    again = chair.request.get(f"{served.url}{PAGE}/protokoll/v1-godkjent.pdf")
    assert again.body() == approved.body()
    with db.session_scope(engine) as session:
        assert len(session.exec(select(MinutesApproval)).all()) == 3  # none carried over to version 2
