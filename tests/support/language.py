"""Every text marked for translation in the code and the templates, as Babel's extraction finds it (what
`pybabel extract` would), with where it stands; and the nynorsk catalogue's gaps."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from babel.messages.extract import extract_from_dir

from omstilling.core import enums, language

ROOT = Path(__file__).resolve().parents[2] / "omstilling"
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
JINJA = {
    "extensions": "jinja2.ext.i18n",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "keep_trailing_newline": "true",
    "newstyle_gettext": "true",
}
METHODS = [("**.py", "python"), ("**/templates/**.j2", "jinja2"), ("**/templates/**.html", "jinja2")]


def marked() -> dict[language.Key, list[str]]:
    """msgid (or (msgctxt, msgid)) → the places it is marked; every LabelledEnum member's label counts as marked."""
    found: dict[language.Key, list[str]] = defaultdict(list)
    for filename, lineno, message, _comments, context in extract_from_dir(
        ROOT, METHODS, {"**/templates/**.j2": JINJA, "**/templates/**.html": JINJA}, keywords=KEYWORDS
    ):
        singular = message[0] if isinstance(message, tuple) else message
        if not singular:
            continue
        found[(context, singular) if context else singular].append(f"{filename}:{lineno}")
    _import_core()
    for enum in _labelled(enums.LabelledEnum):
        for member in enum:
            found[member._bokmal].append(f"core/enums.py:{enum.__name__}.{member.name}")
    return dict(found)


def _import_core() -> None:
    """Every module of the pure core, so that every LabelledEnum (some live beside their rules, as
    `core.stateaid`'s) is a subclass the walk below finds."""
    import importlib
    import pkgutil

    import omstilling.core

    for module in pkgutil.walk_packages(omstilling.core.__path__, "omstilling.core."):
        importlib.import_module(module.name)


def _labelled(base: type) -> list[type]:
    found = []
    for sub in base.__subclasses__():
        found.append(sub)
        found.extend(_labelled(sub))
    return found


def missing(code: str = "nn") -> dict[language.Key, list[str]]:
    have = language.catalogue(code)
    return {key: places for key, places in marked().items() if key not in have}
