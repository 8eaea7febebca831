"""The board meeting's minutes on its page (issue 25, part 4): the leader records who attended, the decisions as
adopted and who was disqualified; the draft goes to those who attended for comments (a reminder to the silent ones
before the deadline); then for approval, each attending member approving the exact PDF (its SHA-256); approved, the
minutes are a PDF with an approval page and cannot change: a correction is version 2, approved again. Bad input
gets a Norwegian sentence and changes nothing."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import select

from omstilling.config import get_settings
from omstilling.core.enums import MessageKind, MinutesStatus
from omstilling.messaging.outbox import invite
from omstilling.store import db
from omstilling.store.models import BoardCase, Minutes, MinutesApproval, MinutesComment, OutboxMessage
from tests.support.meeting import CHAIR, DEPUTY, LEADER, MEMBERS, PAGE, called_demo, on, text_of
from tests.support.web import COUNTY_OFFICER, csrf_of, sign_in

AFTER = date(2014, 6, 17)


@pytest.fixture
def site(tmp_path, demo_template, smtp, monkeypatch):
    app, engine = called_demo(tmp_path, demo_template, smtp, monkeypatch)
    for email, answer in [
        (CHAIR, "kommer"),
        (MEMBERS[0], "kommer"),
        (MEMBERS[1], "kommer"),
        (MEMBERS[2], "kommer-ikke"),
    ]:
        client = sign_in(TestClient(app), engine, email)
        client.post(f"{PAGE}/svar", data={"csrf": csrf_of(client.get(PAGE).text), "svar": answer})
    on(monkeypatch, AFTER)
    yield app, engine
    engine.dispose()
    get_settings.cache_clear()


def post(client: TestClient, path: str, data: dict | None = None, **kwargs):
    page = client.get(PAGE)
    return client.post(PAGE + path, data={"csrf": csrf_of(page.text)} | (data or {}), **kwargs)


def form_of(page: str) -> dict[str, list[str]]:
    """The leader's minutes form as the page fills it in: the checked boxes and the texts, by name."""
    part = page.split('class="skjema protokoll"')[1].split("</form>")[0]
    found: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", part):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name[1] != "csrf" and ('type="checkbox"' not in tag or " checked" in tag):
            found.setdefault(name[1], []).append(value[1] if value else "")
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', part, re.S):
        found[name] = [text]
    return found


def state(engine):
    with db.session_scope(engine) as session:
        rows = session.exec(select(Minutes).order_by(Minutes.version)).all()
        return [(r.version, r.status, r.pdf_sha256, r.approved_sha256) for r in rows]


def outbox(engine, kind: MessageKind) -> list[str]:
    with db.session_scope(engine) as session:
        return sorted(m.recipient for m in session.exec(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def test_minutes_from_draft_to_approval_and_a_correction(site, tmp_path):
    app, engine = site
    leader = sign_in(TestClient(app), engine, LEADER)
    page = leader.get(PAGE).text
    assert "Før protokollen" in page
    form = form_of(page)
    # the first draft: those who answered «kommer» are present, each decision as proposed
    names = dict(re.findall(r'name="til_stede" value="(\d+)"[^>]*> ([^<(]+) \(', page))
    present = {names[i].strip() for i in form["til_stede"]}
    assert len(present) == 3
    keys = form["sak"]
    case = next(k for k in keys if "/" in k and "vedtak-" + k in form and form["vedtak-" + k][0])
    form["vedtak-" + case] = ["Styret vedtar forslaget, med den endringen at tilskuddet er 400 000 kr."]
    someone = form["til_stede"][1]
    form["inhabil-" + case] = [someone]
    form["andre"] = ["Kari Programleder (referent)"]
    saved = post(leader, "/protokoll", form)
    assert saved.status_code == 200 and "Protokollen er lagret (versjon 1, utkast)" in text_of(saved.text)
    assert state(engine) == [(1, MinutesStatus.DRAFT, None, None)]
    page = leader.get(PAGE).text
    agenda = text_of(page.split('id="saksliste"')[1].split('id="protokoll"')[0])
    assert "Vedtak:" not in agenda  # the agenda and the draft never show two different decisions for one case
    text = text_of(page)
    assert (
        "400 000 kr" in text and "Inhabil:" in text and "Styret var vedtaksført: 3 av 4 medlemmer var til stede" in text
    )

    # out for comments: the three who attended, nobody else
    sent = post(leader, "/protokoll/til-kommentar", {"frist": "2014-06-24"})
    assert "med frist 24. juni 2014" in text_of(sent.text), text_of(sent.text)[:500]
    assert outbox(engine, MessageKind.MINUTES_COMMENTS) == sorted([CHAIR, MEMBERS[0], MEMBERS[1]])
    member = sign_in(TestClient(app), engine, MEMBERS[0])
    assert "Din kommentar til utkastet" in member.get(PAGE).text
    said = post(member, "/protokoll/kommentar", {"kommentar": "Rett navnet på bedriften i sak 16/14."})
    assert "Kommentaren din er lagret" in text_of(said.text)
    absent = sign_in(TestClient(app), engine, MEMBERS[2])
    refused = post(absent, "/protokoll/kommentar", {"kommentar": "Jeg var ikke der"})
    assert refused.status_code == 400
    assert "Bare de som var til stede på møtet, kan kommentere protokollen. Ingenting ble endret." in text_of(
        refused.text
    )
    with db.session_scope(engine) as session:
        assert [c.text for c in session.exec(select(MinutesComment))] == ["Rett navnet på bedriften i sak 16/14."]
    # the day before the deadline, the tick reminds the two who have not answered, once
    for _ in range(2):
        invite(engine, as_of=date(2014, 6, 23), now=datetime(2014, 6, 23, 5, tzinfo=UTC), notifier=None)
    assert outbox(engine, MessageKind.MINUTES_REMINDER) == sorted([CHAIR, MEMBERS[1]])

    # out for approval: the PDF is fixed, its SHA-256 kept
    post(leader, "/protokoll/til-godkjenning")
    ((_, status, sha, _),) = state(engine)
    assert status is MinutesStatus.APPROVAL and len(sha) == 64
    pdf = leader.get(f"{PAGE}/protokoll/v1.pdf")
    assert pdf.status_code == 200 and hashlib.sha256(pdf.content).hexdigest() == sha
    words = " ".join(" ".join(p.extract_text() for p in PdfReader(__import__("io").BytesIO(pdf.content)).pages).split())
    assert "Protokoll fra styremøtet 16. juni 2014" in words and "400 000 kr" in words
    assert outbox(engine, MessageKind.MINUTES_APPROVAL) == sorted([CHAIR, MEMBERS[0], MEMBERS[1]])
    # the county reads the programme, but a draft is the board's until it is approved
    county = sign_in(TestClient(app), engine, COUNTY_OFFICER)
    assert county.get(f"{PAGE}/protokoll/v1.pdf").status_code == 403
    assert "400 000 kr" not in county.get(PAGE).text and "Den vises her når den er godkjent" in text_of(
        county.get(PAGE).text
    )

    # bad approvals change nothing
    assert "Du var ikke til stede" in text_of(post(absent, "/protokoll/godkjenn", {"sha256": sha}).text)
    chair = sign_in(TestClient(app), engine, CHAIR)
    stale = post(chair, "/protokoll/godkjenn", {"sha256": "0" * 64})
    assert stale.status_code == 400 and "Protokollen er endret siden du åpnet den" in text_of(stale.text)
    deputy = sign_in(TestClient(app), engine, DEPUTY)
    assert post(deputy, "/protokoll/godkjenn", {"sha256": sha}).status_code == 400
    with db.session_scope(engine) as session:
        assert session.exec(select(MinutesApproval)).all() == []

    # the chair and the two members approve the PDF they were shown
    for client in (chair, member, sign_in(TestClient(app), engine, MEMBERS[1])):
        shown = re.search(r'name="sha256" value="([0-9a-f]{64})"', client.get(PAGE).text)[1]
        assert shown == sha
        done = post(client, "/protokoll/godkjenn", {"sha256": shown})
        assert "Du har godkjent versjon 1 av protokollen" in text_of(done.text)
    assert "protokollen er godkjent" in text_of(done.text)
    again = post(chair, "/protokoll/godkjenn", {"sha256": sha})
    assert again.status_code == 400 and "Du har allerede godkjent versjon 1" in text_of(again.text)
    ((_, status, _, approved_sha),) = state(engine)
    assert status is MinutesStatus.APPROVED
    with db.session_scope(engine) as session:
        approvals = session.exec(select(MinutesApproval)).all()
        assert (
            len(approvals) == 3
            and {a.sha256 for a in approvals} == {sha}
            and {a.method for a in approvals} == {"epost"}
        )
        decided = session.exec(select(BoardCase).where(BoardCase.number == case)).one()
        assert decided.decision == "Styret vedtar forslaget, med den endringen at tilskuddet er 400 000 kr."
    agenda = text_of(leader.get(PAGE).text.split('id="saksliste"')[1].split('id="protokoll"')[0])
    assert "Vedtak: Styret vedtar forslaget, med den endringen at tilskuddet er 400 000 kr." in agenda
    final = leader.get(f"{PAGE}/protokoll/v1-godkjent.pdf")
    assert county.get(f"{PAGE}/protokoll/v1-godkjent.pdf").content == final.content
    assert county.get(f"{PAGE}/protokoll/v1.pdf").status_code == 200  # approved: the file approved is theirs too
    assert hashlib.sha256(final.content).hexdigest() == approved_sha
    words = " ".join(
        " ".join(p.extract_text() for p in PdfReader(__import__("io").BytesIO(final.content)).pages).split()
    )
    assert "Godkjenning" in words and sha[:32] in words.replace(" ", "")
    assert outbox(engine, MessageKind.MINUTES_APPROVED) == sorted([CHAIR, LEADER, MEMBERS[0], MEMBERS[1]])

    # approved, it cannot change: the leader's edit is version 2, which needs approving again
    page = leader.get(PAGE).text
    assert "Lagre som versjon 2" in page
    form = form_of(page)
    form["vedtak-" + case] = ["Styret vedtar forslaget. Tilskuddet er 450 000 kr."]
    post(leader, "/protokoll", form)
    assert [(v, s) for v, s, _, _ in state(engine)] == [(1, MinutesStatus.APPROVED), (2, MinutesStatus.DRAFT)]
    assert hashlib.sha256(leader.get(f"{PAGE}/protokoll/v1-godkjent.pdf").content).hexdigest() == approved_sha
    post(leader, "/protokoll/til-godkjenning")
    v2 = state(engine)[1]
    assert v2[1] is MinutesStatus.APPROVAL and v2[2] != sha
    assert "ikke godkjent ennå" in chair.get(PAGE).text

    # a PDF changed on disk is never served
    with db.session_scope(engine) as session:
        path = Path(session.exec(select(Minutes).where(Minutes.version == 2)).one().pdf_path)
    path.write_bytes(path.read_bytes() + b"%")
    tampered = leader.get(f"{PAGE}/protokoll/v2.pdf")
    assert tampered.status_code == 409 and "endret etter at den ble lagret" in text_of(tampered.text)


def test_minutes_are_the_leaders_to_write_and_wait_for_the_meeting(site, monkeypatch):
    app, engine = site
    member = sign_in(TestClient(app), engine, CHAIR)
    assert "Før protokollen" not in member.get(PAGE).text
    forbidden = post(member, "/protokoll", {"til_stede": [], "sak": []}, follow_redirects=False)
    assert forbidden.status_code == 403
    on(monkeypatch, date(2014, 6, 15))
    leader = sign_in(TestClient(app), engine, LEADER)
    early = post(leader, "/protokoll", {"andre": "x"})
    assert early.status_code == 400 and "Protokollen føres etter møtet" in text_of(early.text)
    assert state(engine) == []
