"""A wheel rule (RFC 5545 RRULE, as the wheel stores it) in Norwegian words, so a programme leader can check a rule
without reading the RFC: `FREQ=YEARLY;BYMONTH=1;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1` → "siste arbeidsdag i januar"
(pure: the rule's text in, words out).

The forms the wheels use are described exactly; any other rule gets "egen regel" and its parts in words as far as
they go, never a wrong sentence. Due dates on a non-working day move to the next working day (see `rules`), so
"arbeidsdag" here means Monday to Friday, as the rule itself says."""

from __future__ import annotations

import re

from omstilling.core.language import _, ngettext

MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
WORKDAYS = ("MO", "TU", "WE", "TH", "FR")
PERIODS = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY")
"""The frequencies the words describe (months are the same words in both written standards)."""


def _weekdays() -> dict[str, str]:
    """The weekdays by their RFC 5545 codes, in the current written standard."""
    return {
        "MO": _("mandag"),
        "TU": _("tirsdag"),
        "WE": _("onsdag"),
        "TH": _("torsdag"),
        "FR": _("fredag"),
        "SA": _("lørdag"),
        "SU": _("søndag"),
    }


def _ordinals() -> dict[int, str]:
    return {
        1: _("første"),
        2: _("andre"),
        3: _("tredje"),
        4: _("fjerde"),
        5: _("femte"),
        -1: _("siste"),
        -2: _("nest siste"),
    }


def _every(frequency: str, interval: int) -> str:
    """ "hvert 2. år: ", "hver 2. måned: " (the gender of the noun) before a rule that skips periods ("" for every
    period)."""
    if interval == 1:
        return ""
    phrases = {
        "YEARLY": _("hvert %(n)s. år: "),
        "MONTHLY": _("hver %(n)s. måned: "),
        "WEEKLY": _("hver %(n)s. uke: "),
        "DAILY": _("hver %(n)s. dag: "),
    }
    return phrases[frequency] % {"n": interval}


def _parts(rule: str) -> dict[str, str]:
    parts = {}
    for item in rule.strip().removeprefix("RRULE:").split(";"):
        if "=" in item:
            key, value = item.split("=", 1)
            parts[key.strip().upper()] = value.strip().upper()
    return parts


def _joined(words: list[str]) -> str:
    return " og ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " og " + words[-1]


def _months(parts: dict[str, str]) -> str | None:
    if "BYMONTH" not in parts:
        return None
    try:
        return _joined([MONTHS[int(m) - 1] for m in parts["BYMONTH"].split(",")])
    except (ValueError, IndexError):
        return None


def _weekday(code: str) -> str | None:
    """ "3WE" → "tredje onsdag", "-1FR" → "siste fredag", "MO" → "mandag"."""
    match = re.fullmatch(r"([+-]?\d+)?(MO|TU|WE|TH|FR|SA|SU)", code)
    if not match:
        return None
    number, day = match.groups()
    weekdays = _weekdays()
    if number is None:
        return weekdays[day]
    ordinal = _ordinals().get(int(number))
    return f"{ordinal} {weekdays[day]}" if ordinal else None


def rule_in_words(rule: str | None) -> str:
    """The rule as a Norwegian phrase ("20. juni", "tredje onsdag i oktober", "siste arbeidsdag i januar",
    "hver dag i juli", "4 dager før første påskedag"), in the current written standard; an empty rule gives ""."""
    if not rule or not rule.strip():
        return ""
    own = _("egen regel (se RRULE)")
    parts = _parts(rule)
    frequency = parts.get("FREQ", "")
    months = _months(parts)
    handled = {
        "FREQ",
        "INTERVAL",
        "BYMONTH",
        "BYDAY",
        "BYMONTHDAY",
        "BYSETPOS",
        "BYEASTER",
        "BYHOUR",
        "BYMINUTE",
        "WKST",
    }
    if set(parts) - handled or frequency not in PERIODS:
        return own
    interval = int(parts.get("INTERVAL", "1")) if parts.get("INTERVAL", "1").isdigit() else 1
    every = _every(frequency, interval)
    where = (
        _(" i %(months)s") % {"months": months} if months else (_(" i hver måned") if frequency == "MONTHLY" else "")
    )
    days = parts.get("BYDAY", "").split(",") if parts.get("BYDAY") else []
    if "BYEASTER" in parts:
        try:
            offset = int(parts["BYEASTER"])
        except ValueError:
            return own
        if offset == 0:
            return every + _("første påskedag")
        count = abs(offset)
        if offset < 0:
            easter = ngettext("%(n)s dag før første påskedag", "%(n)s dager før første påskedag", count)
        else:
            easter = ngettext("%(n)s dag etter første påskedag", "%(n)s dager etter første påskedag", count)
        return every + easter % {"n": count}
    if "BYMONTHDAY" in parts and not days:
        numbers = parts["BYMONTHDAY"].split(",")
        if not all(re.fullmatch(r"-?\d+", n) for n in numbers):
            return own
        if months and frequency == "YEARLY" and numbers == ["-1"]:
            return every + _("siste dag i %(months)s") % {"months": months}
        named = [(_("siste dag") if n == "-1" else f"{n}.") for n in numbers]
        if months and frequency == "YEARLY":
            return every + f"{_joined(named)} {months}"
        return every + _("den %(days)s%(where)s") % {"days": _joined(named), "where": where}
    if days and "BYSETPOS" in parts and sorted(days) == sorted(WORKDAYS):
        try:
            position = int(parts["BYSETPOS"])
        except ValueError:
            return own
        ordinal = _ordinals().get(position)
        if ordinal and "BYMONTHDAY" not in parts:
            return every + _("%(ordinal)s arbeidsdag%(where)s") % {"ordinal": ordinal, "where": where}
        return own
    if days and "BYSETPOS" not in parts and "BYMONTHDAY" not in parts:
        maybe_named = [_weekday(d) for d in days]
        named = [n for n in maybe_named if n is not None]
        if len(named) < len(maybe_named):
            return own
        if frequency == "WEEKLY" or (all(not re.match(r"[+-]?\d", d) for d in days) and not months):
            return every + _("hver %(days)s") % {"days": _joined(named)}
        if all(re.match(r"[+-]?\d", d) for d in days):
            return every + _joined(named) + where
        return every + _("hver %(days)s%(where)s") % {"days": _joined(named), "where": where}
    if frequency == "DAILY" and not days:
        return every + _("hver dag%(where)s") % {"where": where}
    if frequency == "YEARLY" and not days and months is None:
        return every + _("en gang i året")
    return own
