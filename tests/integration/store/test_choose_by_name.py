"""A programme named loosely (by its name or municipality, any case or accent) is found when one fits; when two fit
(two programmes in one municipality) the person is told which, never given one of them (issue 26's forms, the
command line and the web app share `store.choose`)."""

from __future__ import annotations

import pytest

from omstilling.errors import NotFound
from omstilling.store import choose, db
from omstilling.store.models import Programme


def add(engine, slug: str, name: str, municipality: str) -> None:
    with db.session_scope(engine) as session:
        session.add(
            Programme(
                slug=slug,
                name=name,
                municipality=municipality,
                county="Nordland fylkeskommune",
                county_short="NFK",
                status_start_year=2020,
                status_end_year=2025,
            )
        )


def test_a_name_two_programmes_fit_names_both_and_picks_neither(demo_sqlite):
    add(demo_sqlite, "heroy", "Omstilling Herøy", "Herøy kommune")
    add(demo_sqlite, "heroy-nordland", "Omstilling Herøy i Nordland", "Herøy kommune")
    with db.session_scope(demo_sqlite) as session:
        with pytest.raises(NotFound) as caught:
            choose.programme(session, "herøy kommune")
        assert str(caught.value) == (
            "«herøy kommune» passer på flere program: heroy (Omstilling Herøy), "
            "heroy-nordland (Omstilling Herøy i Nordland); bruk kortnavnet"
        )
        assert choose.programme(session, "heroy").slug == "heroy"  # the short name itself is exact
        assert choose.programme(session, "omstilling herøy i nordland").slug == "heroy-nordland"
        assert choose.programme(session, "VESTRE TOTEN").slug == "vestre-toten"
