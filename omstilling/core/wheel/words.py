"""A wheel rule (RFC 5545 RRULE, as the wheel stores it) in Norwegian words, so a programme leader can check a rule
without reading the RFC: `FREQ=YEARLY;BYMONTH=1;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1` → "siste arbeidsdag i januar"
(pure: the rule's text in, words out).

The forms the wheels use are described exactly; any other rule gets "egen regel" and its parts in words as far as
they go, never a wrong sentence. Due dates on a non-working day move to the next working day (see `rules`), so
"arbeidsdag" here means Monday to Friday, as the rule itself says."""

from __future__ import annotations

import re

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
WEEKDAYS = {
    "MO": "mandag",
    "TU": "tirsdag",
    "WE": "onsdag",
    "TH": "torsdag",
    "FR": "fredag",
    "SA": "lørdag",
    "SU": "søndag",
}
WORKDAYS = ("MO", "TU", "WE", "TH", "FR")
ORDINALS = {1: "første", 2: "andre", 3: "tredje", 4: "fjerde", 5: "femte", -1: "siste", -2: "nest siste"}
PERIODS = {"YEARLY": "år", "MONTHLY": "måned", "WEEKLY": "uke", "DAILY": "dag"}


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
    if number is None:
        return WEEKDAYS[day]
    ordinal = ORDINALS.get(int(number))
    return f"{ordinal} {WEEKDAYS[day]}" if ordinal else None


def rule_in_words(rule: str | None) -> str:
    """The rule as a Norwegian phrase ("20. juni", "tredje onsdag i oktober", "siste arbeidsdag i januar",
    "hver dag i juli", "4 dager før første påskedag"); an empty rule gives ""."""
    if not rule or not rule.strip():
        return ""
    parts = _parts(rule)
    frequency = parts.get("FREQ", "")
    months = _months(parts)
    interval = int(parts.get("INTERVAL", "1")) if parts.get("INTERVAL", "1").isdigit() else 1
    every = "" if interval == 1 else f"hvert {interval}. {PERIODS.get(frequency, 'gang')}: "
    where = f" i {months}" if months else (" i hver måned" if frequency == "MONTHLY" else "")
    days = parts.get("BYDAY", "").split(",") if parts.get("BYDAY") else []
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
        return "egen regel (se RRULE)"
    if "BYEASTER" in parts:
        try:
            offset = int(parts["BYEASTER"])
        except ValueError:
            return "egen regel (se RRULE)"
        if offset == 0:
            return every + "første påskedag"
        count = abs(offset)
        return every + f"{count} {'dag' if count == 1 else 'dager'} {'før' if offset < 0 else 'etter'} første påskedag"
    if "BYMONTHDAY" in parts and not days:
        numbers = parts["BYMONTHDAY"].split(",")
        if not all(re.fullmatch(r"-?\d+", n) for n in numbers):
            return "egen regel (se RRULE)"
        named = [("siste dag" if n == "-1" else f"{n}.") for n in numbers]
        if months and frequency == "YEARLY":
            if named == ["siste dag"]:
                return every + f"siste dag i {months}"
            return every + f"{_joined(named)} {months}"
        return every + f"den {_joined(named)}{where}"
    if days and "BYSETPOS" in parts and sorted(days) == sorted(WORKDAYS):
        try:
            position = int(parts["BYSETPOS"])
        except ValueError:
            return "egen regel (se RRULE)"
        ordinal = ORDINALS.get(position)
        if ordinal and "BYMONTHDAY" not in parts:
            return every + f"{ordinal} arbeidsdag{where}"
        return "egen regel (se RRULE)"
    if days and "BYSETPOS" not in parts and "BYMONTHDAY" not in parts:
        maybe_named = [_weekday(d) for d in days]
        named = [n for n in maybe_named if n is not None]
        if len(named) < len(maybe_named):
            return "egen regel (se RRULE)"
        if frequency == "WEEKLY" or (all(not re.match(r"[+-]?\d", d) for d in days) and not months):
            return every + "hver " + _joined(named)
        if all(re.match(r"[+-]?\d", d) for d in days):
            return every + _joined(named) + where
        return every + "hver " + _joined(named) + where
    if frequency == "DAILY" and not days:
        return every + "hver dag" + where
    if frequency == "YEARLY" and not days and months is None:
        return every + "en gang i året"
    return "egen regel (se RRULE)"
