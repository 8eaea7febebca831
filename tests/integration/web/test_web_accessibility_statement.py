"""Tilgjengelighetserklæring (issue 27, part 3): the statement of accessibility, open to everyone (signed in or not),
linked from every page's footer, listing what is checked and what is known not to meet the standard."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.support.web import COUNTY_OFFICER, OPERATOR, make_app, sign_in


@pytest.mark.parametrize(
    "who", [None, "programleder@example.org", "styremedlem1@example.org", COUNTY_OFFICER, OPERATOR]
)
def test_the_statement_is_open_to_everyone_and_says_what_is_known_not_to_meet_the_standard(demo_sqlite, tmp_path, who):
    from tests.support.web import add_programmes

    add_programmes(demo_sqlite)
    client = TestClient(make_app(demo_sqlite, tmp_path))
    if who:
        sign_in(client, demo_sqlite, who)
    page = client.get("/tilgjengelighet")
    assert page.status_code == 200
    assert "<h1>Tilgjengelighetserklæring</h1>" in page.text and "WCAG 2.1 nivå AA" in page.text
    assert "<h2>Kjente mangler</h2>" in page.text and "uutilsynet.no" in page.text
    if who:
        assert 'href="/tilgjengelighet"' in client.get("/").text  # the footer links it
