"""Every message's HTML part is markup a mail client can read (brief D, item 1): no attribute escaped twice. A
reminder's paragraphs once read `<p style=&#34;margin:0 0 12px 0;&#34;>`: the client lost the paragraph's spacing
and could show the attribute's text. Each message kind in each of its cases (reminders, digests, failures,
invitations, notices, the minutes' messages), in bokmål and nynorsk."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from omstilling.core.language import WrittenStandard
from tests.support.texts import messages

# an escaped quote inside a tag: `&#34;`, `&quot;`, or either escaped once more
ESCAPED_QUOTE = re.compile(r"<[^<>]*(?:&#34;|&#39;|&quot;|&amp;quot;|&amp;#34;)[^<>]*>")


class Tags(HTMLParser):
    """Each start tag's name and attributes, as a mail client reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def html_parts(snapshot) -> dict[str, str]:
    return {name: text for name, text in messages(snapshot).items() if name.endswith(".html")}


@pytest.mark.parametrize("standard", [WrittenStandard.BOKMAL, WrittenStandard.NYNORSK])
def test_no_message_has_an_attribute_escaped_twice(demo_snapshot, standard):
    parts = html_parts(replace(demo_snapshot, language=standard))
    kinds = {name.split("-")[0].split(".")[0] for name in parts}
    assert kinds >= {"paaminnelse", "sammendrag", "feil", "invitasjon", "innkalling", "protokoll"}
    for name, html in parts.items():
        assert not ESCAPED_QUOTE.search(html), f"{name}: {ESCAPED_QUOTE.search(html).group(0)}"
        parser = Tags()
        parser.feed(html)
        for tag, attrs in parser.tags:
            for attribute, value in attrs:
                # an attribute escaped twice reads as `style="&quot;margin:0"` plus stray attributes `0;"`
                assert re.fullmatch(r"[a-z-]+", attribute), f"{name}: <{tag}> has a stray attribute {attribute!r}"
                assert '"' not in (value or ""), f"{name}: <{tag} {attribute}={value!r}>"


def test_a_reminders_paragraphs_have_their_spacing(demo_snapshot):
    """The style the client applies: each paragraph of the first reminder is spaced 12 px below."""
    parser = Tags()
    parser.feed(html_parts(demo_snapshot)["paaminnelse-forste.html"])
    styles = [dict(attrs).get("style") for tag, attrs in parser.tags if tag == "p"]
    assert styles.count("margin:0 0 12px 0;") >= 4, styles
