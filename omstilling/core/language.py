"""A programme's written standard (målform), bokmål or nynorsk, and the one way every text people read follows it.

Texts are written in bokmål in the code and the templates, marked for translation: `_("…")` in Python,
`{{ _("…") }}` or `{% trans %}…{% endtrans %}` in Jinja2 templates (the environments install this module's
`gettext` and `ngettext`). Nynorsk comes from gettext catalogues (`omstilling/locale/nn/LC_MESSAGES/*.po`, read
with Babel), merged into one. Which standard applies is the current context's (`speaking("nn")`), set where a
text is made for a programme: a document, a message, a page. Bokmål is the msgid itself, so bokmål output is
exactly the text as written.

A missing nynorsk translation is never a silent fallback: it is logged as a warning (the bokmål text is shown, so a
board's papers still go out), and in strict mode, which the tests switch on, it raises `MissingTranslation`.
`tests/unit/core/test_language.py` extracts every marked text and fails on one without a translation."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from omstilling.errors import OmstillingError

if TYPE_CHECKING:
    from babel import Locale

log = logging.getLogger(__name__)

LOCALES = Path(__file__).resolve().parents[1] / "locale"


class WrittenStandard(StrEnum):
    """`Programme.language`: the codes are ISO 639-1 (`nb`, `nn`), the words are what people call them."""

    BOKMAL = "nb"
    NYNORSK = "nn"

    @property
    def word(self) -> str:
        return {"nb": "bokmål", "nn": "nynorsk"}[self.value]

    @property
    def locale(self) -> str:
        """Babel's locale for dates and numbers: `nb_NO`, `nn_NO` ("måndag 16. juni 2014")."""
        return f"{self.value}_NO"

    @classmethod
    def parse(cls, text: str | None) -> WrittenStandard:
        """`bokmål`, `nynorsk`, `nb` or `nn`, in any case, with or without accents (`bokmal`); empty is bokmål."""
        wanted = (text or "").strip().casefold().replace("å", "a")
        if not wanted:
            return cls.BOKMAL
        for member in cls:
            if wanted in (member.value, member.word.replace("å", "a")):
                return member
        raise OmstillingError(f"ukjent målform «{text}»: skriv «bokmål» eller «nynorsk»")


class MissingTranslation(OmstillingError):
    pass


_CURRENT: ContextVar[WrittenStandard] = ContextVar("written_standard", default=WrittenStandard.BOKMAL)
_STRICT = [False]


def current() -> WrittenStandard:
    return _CURRENT.get()


@contextmanager
def speaking(standard: WrittenStandard | str | None) -> Iterator[WrittenStandard]:
    """Within the block, every marked text, date and number is in `standard` (None: bokmål)."""
    chosen = WrittenStandard.parse(standard) if isinstance(standard, str) or standard is None else standard
    token = _CURRENT.set(chosen)
    try:
        yield chosen
    finally:
        _CURRENT.reset(token)


def strict(on: bool = True) -> None:
    """A missing translation raises instead of being logged (the tests switch this on)."""
    _STRICT[0] = on


Key = str | tuple[str, str]  # msgid, or (msgctxt, msgid)


@lru_cache
def catalogue(code: str) -> dict[Key, str | tuple[str, ...]]:
    """Every translation for `code`, from all of its `.po` files (fuzzy and empty ones left out). The same text
    translated two ways in two files is an error: one text, one translation."""
    from babel.messages.pofile import read_po  # only where a translation is looked up

    merged: dict[Key, str | tuple[str, ...]] = {}
    origin: dict[Key, str] = {}
    for path in sorted((LOCALES / code / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=code):
                if not message.id or message.fuzzy:
                    continue
                singular = message.id[0] if isinstance(message.id, tuple | list) else message.id
                key: Key = (message.context, singular) if message.context else singular
                value = tuple(message.string) if isinstance(message.string, tuple | list) else message.string
                if not value or (isinstance(value, tuple) and not all(value)):
                    continue
                if key in merged and merged[key] != value:
                    raise OmstillingError(f"«{singular}» er omsett ulikt i {origin[key]} og {path.name}")
                merged[key] = value
                origin[key] = path.name
    return merged


def _missing(text: str) -> str:
    if _STRICT[0]:
        raise MissingTranslation(f"ingen omsetjing til {current().word} av «{text}»")
    log.warning("no %s translation of %r: shown in bokmål", current().word, text)
    return text


def gettext(text: str) -> str:
    standard = current()
    if standard is WrittenStandard.BOKMAL:
        return text
    found = catalogue(standard.value).get(text)
    if isinstance(found, tuple):
        found = found[0]
    return found if found else _missing(text)


def pgettext(context: str, text: str) -> str:
    """The same bokmål word can need two nynorsk words (`pgettext("tittel", "Styremøte")`)."""
    standard = current()
    if standard is WrittenStandard.BOKMAL:
        return text
    found = catalogue(standard.value).get((context, text))
    if isinstance(found, tuple):
        found = found[0]
    return found if found else _missing(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Both standards have two forms: one, and every other number (0 included)."""
    standard = current()
    if standard is WrittenStandard.BOKMAL:
        return singular if n == 1 else plural
    found = catalogue(standard.value).get(singular)
    if isinstance(found, tuple) and len(found) == 2:
        return found[0] if n == 1 else found[1]
    return _missing(singular if n == 1 else plural)


_ = gettext


def N_(text: str) -> str:
    """Marks a text for the catalogues without translating it: for texts defined once, at import, and translated
    where they are read (the workbook's headers and help: `gettext(column.help)`), as gettext's `N_` does."""
    return text


@lru_cache
def babel_locale(standard: WrittenStandard) -> Locale:
    from babel import Locale  # loaded where a date or number is formatted, not by `omstilling --help`

    return Locale.parse(standard.locale)


def locale() -> Locale:
    """Babel's locale for the current standard."""
    return babel_locale(current())


def install(env: Any, wrap: Callable[[str], str] | None = None) -> None:
    """Give a Jinja2 environment `_`, `gettext`, `ngettext`, `pgettext` and `{% trans %}` in the current standard.
    `wrap` marks a translated text as the template's own (the documents' `MarkdownText`: not escaped as data,
    while the values put into it are); autoescaping environments mark it safe HTML themselves."""
    env.add_extension("jinja2.ext.i18n")
    if wrap is None:
        env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext)
        return
    chosen = wrap
    env.install_gettext_callables(
        lambda text: chosen(gettext(text)),
        lambda singular, plural, n: chosen(ngettext(singular, plural, n)),
        newstyle=True,
        pgettext=lambda context, text: chosen(pgettext(context, text)),
    )
