"""Matching what a person typed against names and keys: case, accents, æ/ø/å and punctuation aside."""

from __future__ import annotations

import re
import unicodedata

_NORWEGIAN = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def loose(text: str) -> str:
    """ "Vestre Toten", "vestre-toten" and "VESTRE  TOTEN" → "vestre-toten"; "Årsrapport" and "arsrapport" →
    "arsrapport"; "Møre og Romsdal" → "more-og-romsdal" (the short names' own spelling of æ, ø, å)."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_NORWEGIAN))
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_NORWEGIAN)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
