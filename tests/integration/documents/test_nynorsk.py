"""A nynorsk programme reads nynorsk (issue 28): a second programme (not the demo), set to nynorsk, gets every
document kind, every message kind in every form, and a simulated year's reminders and notices without one
bokmål-only word form (the programme's own data taken out: its titles and names are its own words), with dates
through Babel's nn ("måndag 16. juni 2014")."""

from __future__ import annotations

from sqlmodel import select

from omstilling.core.language import WrittenStandard
from omstilling.store import db
from omstilling.store.load import load_snapshot
from omstilling.store.models import Programme
from tests.support.demo import add_copy
from tests.support.nynorsk import bokmal_words, data_strings
from tests.support.texts import every_text


def test_every_text_of_a_nynorsk_programme_is_nynorsk(demo_sqlite, tmp_path):
    add_copy(demo_sqlite, language=WrittenStandard.NYNORSK)
    with db.session_scope(demo_sqlite) as session:
        programme = session.exec(select(Programme).where(Programme.slug == "gjovik")).one()
        snapshot = load_snapshot(session, programme)
    assert snapshot.language is WrittenStandard.NYNORSK
    made = every_text(demo_sqlite, snapshot, tmp_path)
    data = data_strings(snapshot)
    found = {name: sorted(words) for name, text in made.items() if (words := bokmal_words(text, data))}
    assert not found, f"bokmål i {len(found)} av {len(made)} tekster: {dict(list(found.items())[:8])}"
    annual = made["dokument-arsrapport.md"]
    assert "Årsrapport" in annual
    assert any("måndag" in text or "tysdag" in text or "onsdag" in text for text in made.values())
