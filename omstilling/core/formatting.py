"""Norwegian formatting: numbers with a no-break space, decimal comma, dates; in the current written standard
(`omstilling.core.language`: Babel's nb_NO or nn_NO, "fredag" or "fredag", "mandag" or "måndag")."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from babel.dates import format_date
from babel.numbers import NumberPattern, format_decimal, parse_pattern

from omstilling.core.language import locale

_PATTERNS: dict[int, NumberPattern] = {}
"""Babel's patterns by decimals, parsed once: parsing the locale and the pattern on every call was most of the
time of a page with hundreds of figures (the same call, the same text)."""


def number(value: int | float | Fraction, decimals: int = 0) -> str:
    """`4 000 000`, `5,4` (no-break space U+00A0 between thousands, decimal comma)."""
    if isinstance(value, Fraction):
        value = float(value)
    pattern = _PATTERNS.get(decimals)
    if pattern is None:
        pattern = _PATTERNS.setdefault(decimals, parse_pattern("#,##0" + ("." + "0" * decimals if decimals else "")))
    return format_decimal(value, format=pattern, locale=locale())


def kr(value: int) -> str:
    """An amount in a table: `4 000 000 kr`."""
    return f"{number(value)}\u00a0kr"


def mill_kr(value: int, decimals: int = 1) -> str:
    """`2,5 mill. kr`."""
    return f"{number(Fraction(value, 1_000_000), decimals)}\u00a0mill.\u00a0kr"


def percent(value: Fraction | float | None, decimals: int = 0) -> str:
    """`70 %` (the value is already in per cent)."""
    if value is None:
        return "–"
    return f"{number(value, decimals)}\u00a0%"


def date_long(day: date) -> str:
    """`30. juni 2014`, for running text."""
    return format_date(day, "d. MMMM y", locale=locale())


def date_short(day: date) -> str:
    """`30.06.2014`, for tables."""
    return format_date(day, "dd.MM.y", locale=locale())


def month_name(month: int) -> str:
    """`januar` … `desember`."""
    return format_date(date(2000, month, 1), "LLLL", locale=locale())


def date_with_weekday(day: date) -> str:
    """`fredag 31. januar 2014`."""
    return format_date(day, "EEEE d. MMMM y", locale=locale())
