"""Form errors tied to their fields and announced (issue 27; WCAG 3.3.1, 1.3.1, 4.1.3): for every form a person can
send with a wrong value, the page that answers marks the field invalid (`aria-invalid`), describes it by the message
(`aria-describedby`), and the message is in a region a screen reader announces (`role=alert`); where the page is new,
the field (or, for a refusal not about a field, the message) has the focus. The own words' form (Tekster) is
checked the same way in test_web_texts.py. A refusal that is about no field (a step the minutes cannot take, a
deadline someone else marked) is announced without marking a field."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from omstilling.app.deadlines import mark_deadline
from omstilling.core.enums import DeadlineStatus
from tests.support.meeting import CHAIR, LEADER, MEMBERS, PAGE, called_demo, on
from tests.support.web import OPERATOR, SLUG, csrf_of, make_app, sign_in

DEADLINE = f"/programmer/{SLUG}/frister/soknad-fylket/2014/1"
DATA = f"/programmer/{SLUG}/data"
DOCUMENTS = f"/programmer/{SLUG}/dokumenter"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None
    text: list[str] = field(default_factory=list)

    def says(self) -> str:
        return " ".join("".join(self.text).split())

    def announced(self) -> bool:
        """In a live region: its own role or aria-live, or an ancestor's."""
        at: Element | None = self
        while at is not None:
            if at.attrs.get("role") in ("alert", "status") or at.attrs.get("aria-live") in ("polite", "assertive"):
                return True
            at = at.parent
        return False


class Page(HTMLParser):
    """The elements of a page, each with its attributes and its text (enough HTML for the app's own pages)."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, self.open[-1] if self.open else None)
        self.elements.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        for element in self.open:
            element.text.append(data)

    def by_id(self, wanted: str) -> Element:
        found = [e for e in self.elements if e.attrs.get("id") == wanted]
        assert len(found) == 1, f"{len(found)} elements with id «{wanted}»"
        return found[0]

    def all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        """The elements with these attributes (and this tag)."""
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag) and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]


def tied(html: str, message: str, *, focus: bool = True, **field_attrs: str) -> list[Element]:
    """Each field with `field_attrs` is invalid and described by an announced element that says `message`; with
    `focus`, the first of them has the focus when the page opens. Returns the fields."""
    page = Page(html)
    fields = page.all(**field_attrs)
    assert fields, f"no field {field_attrs}"
    for found in fields:
        assert found.attrs.get("aria-invalid") == "true", found.attrs
        described = [page.by_id(i) for i in found.attrs.get("aria-describedby", "").split()]
        telling = [d for d in described if message in d.says()]
        assert telling, f"{field_attrs} is described by {[d.says() for d in described]}, not «{message}»"
        assert all(d.announced() for d in telling), [d.attrs for d in telling]
    assert ("autofocus" in fields[0].attrs) == focus, fields[0].attrs
    assert len(page.all(autofocus="")) == (1 if focus else 0)
    return fields


@pytest.fixture
def site(demo_sqlite, tmp_path):
    from tests.support.web import add_programmes

    add_programmes(demo_sqlite)
    return make_app(demo_sqlite, tmp_path, base_url="http://testserver"), demo_sqlite


def test_a_sign_in_address_that_is_none(site):
    app, _ = site
    client = TestClient(app)
    page = client.post("/logg-inn", data={"csrf": csrf_of(client.get("/logg-inn").text), "epost": "ikke en adresse"})
    assert page.status_code == 400
    tied(page.text, "Skriv e-postadressen din, for eksempel navn@kommune.no.", id="epost")


def test_a_deadline_note_that_is_too_long_and_a_deadline_marked_meanwhile(site):
    app, engine = site
    client = sign_in(TestClient(app), engine, LEADER)
    page = client.post(
        DEADLINE, data={"csrf": csrf_of(client.get(DEADLINE).text), "handling": "utfort", "notat": "x" * 2001}
    )
    assert page.status_code == 409
    tied(page.text, "merknad: er for lang: høyst 2 000 tegn", id="notat")
    # marked by someone else meanwhile: about no field; the message is announced and takes the focus (htmx swaps it in)
    form = client.get(DEADLINE).text
    mark_deadline(engine, SLUG, "soknad-fylket", 2014, DeadlineStatus.DONE, by="Kari", now=datetime.now(UTC))
    page = client.post(DEADLINE, data={"csrf": csrf_of(form), "handling": "utfort", "notat": "Sendt"})
    assert page.status_code == 409
    shown = Page(page.text)
    said = shown.by_id("feil")
    assert said.attrs.get("role") == "alert" and "er allerede utført av Kari" in said.says()
    assert "autofocus" in said.attrs and said.attrs.get("tabindex") == "-1"
    assert shown.all(id="notat") == [] or "aria-invalid" not in shown.by_id("notat").attrs


def test_a_file_that_is_no_workbook_and_a_workbook_with_errors(site):
    app, engine = site
    client = sign_in(TestClient(app), engine, LEADER)

    def upload(content: bytes, name: str):
        return client.post(
            f"{DATA}/provekjoring",
            data={"csrf": csrf_of(client.get(DATA).text)},
            files={"fil": (name, content, "application/octet-stream")},
        )

    tied(upload(b"Prosjektnummer;Tittel\n", "data.csv").text, "er ikke en Excel-arbeidsbok", focus=False, id="fil")
    workbook = load_workbook(io.BytesIO(client.get(f"{DATA}/arbeidsbok.xlsx").content))
    workbook["Prosjekter"]["J7"] = -5
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = upload(buffer.getvalue(), "feil.xlsx")
    assert page.status_code == 422
    tied(page.text, "feil.xlsx: 1 feil; ingenting ble importert", focus=False, id="fil")


def test_a_draft_without_a_format_or_a_meeting(site):
    app, engine = site
    client = sign_in(TestClient(app), engine, LEADER)
    csrf = csrf_of(client.get(DOCUMENTS).text)
    sent = client.post(
        f"{DOCUMENTS}/utkast", data={"csrf": csrf, "dokument": "arsrapport", "valgt": "arsrapport", "aar": "2014"}
    )
    boxes = tied(sent.text, "kryss av for minst ett format", type="checkbox", name="format")
    assert len(boxes) == 3  # Word, PDF, HTML: each invalid and described, the first with the focus
    sent = client.post(
        f"{DOCUMENTS}/utkast",
        data={"csrf": csrf, "dokument": "styrerapport", "valgt": "styrerapport", "mote": "", "format": "html"},
    )
    tied(sent.text, "Utkastet ble ikke laget:", id="mote")


def test_the_operators_log_with_dates_the_wrong_way_round_and_an_export_of_no_address(site):
    app, engine = site
    client = sign_in(TestClient(app), engine, OPERATOR)
    page = client.get("/drift/logg?fra=2014-06-02&til=2014-06-01")
    assert page.status_code == 400
    tied(page.text, "fra-datoen 2014-06-02 er etter til-datoen 2014-06-01", focus=False, type="date")
    assert len(Page(page.text).all(type="date")) == 2  # both dates
    assert Page(client.get("/drift/logg?fra=2014-06-01").text).all(**{"aria-invalid": "true"}) == []
    sent = client.post(
        "/drift/personer/eksport", data={"csrf": csrf_of(client.get("/drift/logg").text), "epost": "ikke"}
    )
    tied(sent.text, "Ingenting ble eksportert: «ikke» er ikke en e-postadresse", id="epost")


def test_a_comment_deadline_that_is_not_after_today_is_refused_at_the_date_field(
    tmp_path, demo_template, smtp, monkeypatch
):
    app, engine = called_demo(tmp_path, demo_template, smtp, monkeypatch)
    try:
        for email in (CHAIR, *MEMBERS[:2]):
            client = sign_in(TestClient(app), engine, email)
            client.post(f"{PAGE}/svar", data={"csrf": csrf_of(client.get(PAGE).text), "svar": "kommer"})
        on(monkeypatch, date(2014, 6, 17))
        leader = sign_in(TestClient(app), engine, LEADER)
        page = leader.get(PAGE).text
        form = Page(page)
        decisions = {
            e.attrs["name"]: "Vedtatt." for e in form.all(tag="textarea") if e.attrs["id"].startswith("vedtak")
        }
        saved = leader.post(
            f"{PAGE}/protokoll",
            data={
                "csrf": csrf_of(page),
                "grunnlag": "ny",
                "til_stede": [e.attrs["value"] for e in form.all(name="til_stede") if "checked" in e.attrs],
                "sak": [e.attrs["value"] for e in form.all(name="sak")],
            }
            | decisions,
        )
        assert "Protokollen er lagret (versjon 1, utkast)." in saved.text, saved.text[-3000:]
        for day, message in (
            ("2014-06-17", "Fristen for kommentarer må være etter i dag (17. juni 2014)."),
            ("2014-12-24", "Fristen for kommentarer kan være høyst"),
            ("", "Velg en frist for kommentarer."),
        ):
            sent = leader.post(f"{PAGE}/protokoll/til-kommentar", data={"csrf": csrf_of(saved.text), "frist": day})
            assert sent.status_code == 200 and sent.url.path == PAGE, sent.text[-2500:]
            tied(sent.text, f"Protokollen ble ikke sendt: {message}", id="frist")
            # said at the field, inside its form, and not a second time at the top
            assert Page(sent.text).by_id("melding").parent.tag == "form"
        assert "til kommentar" not in Page(sent.text).by_id("protokoll-status").says()
    finally:
        engine.dispose()
