"""A review of issue 28 (nynorsk): what a nynorsk programme's people still meet that is not in their written
standard, or that the mechanism gets wrong. Each test fails today for the defect its reason names, and is marked
`xfail(strict=True)`, so the suite stays green and a fix makes it pass (then take the mark away)."""

from __future__ import annotations

import html
import re
import shutil
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from omstilling.app.drafts import write_document
from omstilling.core import language
from omstilling.core.agenda import event_rule_in_words
from omstilling.core.enums import DocumentKind, EventKind
from omstilling.core.language import WrittenStandard, speaking
from omstilling.intake.workbook import export_workbook
from omstilling.store import choose, db
from tests.support.demo import add_copy
from tests.support.meeting import LEADER, NOTICE_DAY, on
from tests.support.nynorsk import bokmal_words
from tests.support.web import make_app, sign_in

NN = "gjovik"


def seen(page: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def language_of(page: str) -> str:
    found = re.search(r'<html lang="?(\w+)"?>', page)
    assert found, page[:200]
    return found[1]


@pytest.fixture
def site(tmp_path, demo_template, monkeypatch):
    """The demo (bokmål) and a copy of it set to nynorsk, on the notice day of the meeting of 16 June 2014."""
    shutil.copyfile(demo_template, tmp_path / "demo.db")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    add_copy(engine, language=WrittenStandard.NYNORSK)
    on(monkeypatch, NOTICE_DAY)
    yield make_app(engine, tmp_path), engine
    engine.dispose()


def test_a_corrected_nynorsk_translation_reaches_a_draft_already_recorded(demo_sqlite, tmp_path, monkeypatch):
    add_copy(demo_sqlite, language=WrittenStandard.NYNORSK)
    again = dict(formats=["md"], out_dir=tmp_path / "ut", made_on=date(2015, 1, 5))
    first = write_document(demo_sqlite, NN, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), **again)
    (path,) = first.paths
    assert "\n## Samandrag\n" in path.read_text()

    # the language reviewer corrects one word in the catalogue (as commit be19f9f did for «tilsegn»)
    locales = tmp_path / "locale"
    shutil.copytree(language.LOCALES, locales)
    po = locales / "nn" / "LC_MESSAGES" / "dokument_a.po"
    entry = 'msgid "Sammendrag"\nmsgstr "Samandrag"\n'
    assert entry in po.read_text()
    po.write_text(po.read_text().replace(entry, 'msgid "Sammendrag"\nmsgstr "Oppsummering"\n'))
    monkeypatch.setattr(language, "LOCALES", locales)
    language.catalogue.cache_clear()
    try:
        second = write_document(demo_sqlite, NN, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), **again)
        assert "\n## Oppsummering\n" in second.markdown  # the document as it now renders
        assert "\n## Oppsummering\n" in path.read_text()  # … is not what stands on disk
    finally:
        language.catalogue.cache_clear()


def test_the_rule_in_words_of_a_nynorsk_programmes_workbook_is_nynorsk(demo_sqlite, tmp_path):
    add_copy(demo_sqlite, language=WrittenStandard.NYNORSK)
    path = tmp_path / "gjovik.xlsx"
    with db.session_scope(demo_sqlite) as session:
        export_workbook(session, choose.programme(session, NN), path)
    sheet = load_workbook(path)["Årshjul"]
    headers = [cell.value for cell in sheet[1]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    words = headers.index("Regel i ord")
    rule = headers.index("Regel (RRULE)")
    with speaking(WrittenStandard.NYNORSK):
        board = event_rule_in_words(EventKind.BOARD_MEETING, "")
        conference = event_rule_in_words(EventKind.MEETING, rows["omstillingskonferanse"][rule])
    assert "tysdag" in conference
    found = {key: row[words] for key, row in rows.items() if row[words] and bokmal_words(row[words])}
    assert (rows["styremote"][words], rows["omstillingskonferanse"][words], found) == (board, conference, {})


def test_an_unforeseen_error_on_a_nynorsk_programmes_page_is_told_in_nynorsk(site, monkeypatch):
    app, engine = site
    client = sign_in(TestClient(app, raise_server_exceptions=False), engine, LEADER)
    assert language_of(client.get(f"/programmer/{NN}/frister").text) == "nn"

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("omstilling.web.views.overview", broken)
    page = client.get(f"/programmer/{NN}")
    assert page.status_code == 500
    assert (language_of(page.text), bokmal_words(seen(page.text))) == ("nn", set())


def test_a_forged_answer_link_does_not_tell_a_nynorsk_programme_from_one_that_does_not_exist(site):
    app, _engine = site
    client = TestClient(app)  # nobody signed in, and no notice: a made-up token
    nynorsk = client.get(f"/programmer/{NN}/moter/2014-06-16/svar/AAAA")
    unknown = client.get("/programmer/finst-ikkje/moter/2014-06-16/svar/AAAA")
    assert nynorsk.status_code == unknown.status_code == 400
    assert (language_of(nynorsk.text), seen(nynorsk.text)) == (language_of(unknown.text), seen(unknown.text))
