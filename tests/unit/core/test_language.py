"""The written standard (issue 28): one mechanism, bokmål as written, nynorsk from the catalogues, nothing missing."""

from __future__ import annotations

from datetime import date

import pytest
from jinja2 import Environment

from omstilling.core import formatting, language
from omstilling.core.enums import Role
from omstilling.core.language import MissingTranslation, WrittenStandard, speaking
from omstilling.documents.filters import MarkdownText, escape_markdown
from tests.support.language import marked, missing


def test_every_marked_text_has_a_nynorsk_translation():
    """Extracted from the code and the templates as `pybabel extract` would: a text marked for translation without
    a nynorsk one in omstilling/locale/nn/LC_MESSAGES/*.po fails here, with where it stands."""
    gaps = missing("nn")
    listed = "\n".join(f"{key!r}  ({', '.join(places[:2])})" for key, places in sorted(gaps.items(), key=str))
    assert not gaps, f"{len(gaps)} tekster uten nynorsk:\n{listed}"


def test_no_translation_is_left_over():
    """A translation whose bokmål text is no longer in the code is dead weight that hides a changed text."""
    wanted = set(marked())
    stale = sorted((key for key in language.catalogue("nn") if key not in wanted), key=str)
    assert not stale, f"omsetjingar utan tekst i koden: {stale[:20]}"


def test_bokmal_is_the_text_as_written_and_nynorsk_comes_from_the_catalogue():
    assert language.current() is WrittenStandard.BOKMAL
    assert Role.COUNTY_OBSERVER.label == "observatør fra fylkeskommunen"
    with speaking("nynorsk"):
        assert Role.COUNTY_OBSERVER.label == "observatør frå fylkeskommunen"
        assert formatting.date_with_weekday(date(2014, 6, 16)) == "måndag 16. juni 2014"
    assert formatting.date_with_weekday(date(2014, 6, 16)) == "mandag 16. juni 2014"


def test_a_missing_translation_raises_in_strict_mode_and_is_logged_otherwise(caplog):
    with speaking("nn"):
        with pytest.raises(MissingTranslation, match="ingen omsetjing til nynorsk av «Dette finst ikkje»"):
            language.gettext("Dette finst ikkje")
        language.strict(False)
        try:
            assert language.gettext("Dette finst ikkje") == "Dette finst ikkje"
        finally:
            language.strict(True)
    assert "no nynorsk translation of 'Dette finst ikkje'" in caplog.text


def test_a_template_translates_its_own_text_and_escapes_the_values_put_into_it():
    env = Environment(finalize=escape_markdown)
    language.install(env, MarkdownText)
    template = env.from_string('{{ _("Styret har hatt **%(n)s** møter", n="3*") }}|{{ "*" }}')
    assert template.render() == "Styret har hatt **3\\*** møter|\\*"


@pytest.mark.parametrize(
    ("text", "standard"),
    [("bokmål", "nb"), ("Nynorsk", "nn"), ("nn", "nn"), ("bokmal", "nb"), ("", "nb"), (None, "nb")],
)
def test_the_written_standard_is_read_as_people_write_it(text, standard):
    assert WrittenStandard.parse(text) == standard


def test_an_unknown_written_standard_says_what_it_takes():
    with pytest.raises(Exception, match="ukjent målform «riksmål»: skriv «bokmål» eller «nynorsk»"):
        WrittenStandard.parse("riksmål")


def test_every_translation_keeps_its_placeholders():
    """A translation that loses or misspells a `%(name)s` would raise KeyError where the text is made, in production,
    instead of falling back: each nynorsk text names exactly the placeholders of its bokmål."""
    import re

    from babel.messages.pofile import read_po

    placeholder = re.compile(r"%\((\w+)\)[sd]|%%")
    wrong = []
    for path in sorted((language.LOCALES / "nn" / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if not message.id or not message.string:
                    continue
                ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
                strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
                wanted = set(placeholder.findall(ids[-1])) | set(placeholder.findall(ids[0]))
                for text in strings:
                    if text and set(placeholder.findall(text)) - wanted:
                        wrong.append(f"{path.name}: {ids[0]!r} → {text!r}")
                    if text and len(ids) == 1 and set(placeholder.findall(text)) != wanted:
                        wrong.append(f"{path.name}: {ids[0]!r} → {text!r}")
    assert not wrong, "\n".join(wrong[:20])
