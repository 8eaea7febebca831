"""Signing in through the organisation's identity provider in a real browser (Chromium): the button on the
sign-in page, the provider's own page (the local OpenID provider's form), and back in omstilling on the page the
person was going to; then logging out, after which the page asks for sign-in again."""

from __future__ import annotations

import re

import pytest

from tests.support.web import SLUG

pytestmark = pytest.mark.look
DEADLINES = f"/programmer/{SLUG}/frister"


def test_a_leader_signs_in_through_the_organisations_provider_in_chromium(browser, oidc_site, screenshots):
    served, _, provider = oidc_site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served.url + DEADLINES)
    assert "/logg-inn" in page.url
    button = page.get_by_role("link", name="Logg inn med Vestre Toten kommune")
    page.screenshot(path=screenshots / "oidc-01-logg-inn.png", full_page=True)
    button.click()
    page.wait_for_url(re.compile(re.escape(provider.issuer) + r"/oauth2/authorize\?"))
    asked = provider.requests_to("/oauth2/authorize")[-1]
    assert asked["code_challenge_method"] == "S256" and asked["state"] and asked["nonce"]
    page.locator('input[name="sub"]').fill("programleder@example.org")  # the provider knows them by this
    page.screenshot(path=screenshots / "oidc-02-leverandor.png", full_page=True)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(served.url + DEADLINES)
    page.get_by_role("heading", name="Frister").first.wait_for()
    assert page.locator(".topp .navn").inner_text() == "Bjørn Iversen"
    page.screenshot(path=screenshots / "oidc-03-innlogget.png", full_page=True)

    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(served.url + "/logg-inn")
    page.get_by_text("Du er logget ut.").wait_for()
    page.goto(served.url + DEADLINES)
    assert "/logg-inn" in page.url
