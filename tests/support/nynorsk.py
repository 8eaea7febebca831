"""What a nynorsk text must not hold: word forms that are bokmål only (issue 28), and the programme's own data taken
out first (its project titles, names and own texts are its own words, in whatever standard it wrote them)."""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterable

from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.documents.filters import escape_markdown

BOKMAL_ONLY = frozenset(
    """
    ikke hva hvis hvem hvor hvordan hvilke hvilken hver hvert noen noe mye være vært fra jeg dere bare nå
    ble hilsen vennlig tidligere senere selv hele flere kommer gjør sier disse uten hun
    leder ledere lederen påminnelse påminnelser påminnelsen gjelder tilskudd regnskap regnskapet midler
    eier eiere ansatte virksomhet virksomheten arbeidsplasser prosjekter sikrede tiltakene møtene
    frister fristene følger søker ennå også
    """.split()  # noqa: SIM905 (a list of words reads best as words)
)
"""Forms the 2012 nynorsk norm does not have (or, for «også», that our nynorsk writes as «òg»:
docs/NYNORSK.md)."""

_WORD = re.compile(r"[A-Za-zÆØÅæøåÉéÒòÈèÂâ]+")


def data_strings(snapshot: ProgrammeSnapshot) -> list[str]:
    """Every text value in the programme's data, longest first (so a title is taken out before a word inside it),
    also as the documents quote it: without its last full stop (the seminar basis quotes goals, strategies and
    recommendations so) and in lower case (the action plan lists the quotas so)."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            if len(value) > 1:
                found.add(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for item in dataclasses.fields(value):
                walk(getattr(value, item.name))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, Iterable) and not isinstance(value, bytes):
            for item in value:
                walk(item)

    walk(snapshot)
    # a phrase only in lower case (a single word of the data's, lower-cased, could hide the template's own word)
    quoted = {value.rstrip(".") for value in found} | {value.lower() for value in found if " " in value.strip()}
    return sorted(found | {value for value in quoted if len(value) > 1}, key=len, reverse=True)


def without_data(text: str, data: list[str]) -> str:
    for value in data:
        for form in {value, escape_markdown(value), html.escape(value), html.escape(value, quote=False)}:
            text = text.replace(form, " ")
    return text


def bokmal_words(text: str, data: list[str] = ()) -> set[str]:  # type: ignore[assignment]
    """The bokmål-only words in `text`, once the programme's own data is taken out."""
    return {word.casefold() for word in _WORD.findall(without_data(text, list(data)))} & BOKMAL_ONLY
