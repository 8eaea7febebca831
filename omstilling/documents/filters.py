"""Jinja2 filters for Norwegian documents, and the Markdown escaping every value passes through."""

from __future__ import annotations

import re
from datetime import date, time
from fractions import Fraction

from markupsafe import Markup

from omstilling.core import formatting, sentences
from omstilling.core.language import _

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$&!@])")  # @ would be a citation


class MarkdownText(Markup):
    """A template's own translated text (`{{ _("…") }}`, `{% trans %}`): printed as written, while every value put
    into it (`%(name)s`) is escaped as data, exactly as `{{ value }}` would be."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: object) -> MarkdownText:
        return s if isinstance(s, MarkdownText) else cls(escape_markdown(s))


def escape_markdown(value: object) -> str:
    """Every `{{ value }}` in a template passes through here: user text can never become Markdown or HTML.

    Markup (text a template or filter marked as safe) passes unchanged; None is never printed."""
    if value is None:
        return missing()
    if isinstance(value, Markup):
        return str(value)
    text = str(value)
    text = " ".join(text.split()) if "\n" in text else text
    return _SPECIAL.sub(r"\\\1", text)


_BULLET = re.compile(r"^\s*[-*•]\s+")
_ENUMERATOR = re.compile(r"^(\(?)(\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+)([.)])(?=\s|$)")


def _line(text: str) -> str:
    """One line of a person's own text, escaped so that it can never open a block: a list ("- ", "1.", "a)",
    "(1)"), a rule ("---"), a definition (": "), a heading or a quote; "--" stays two hyphens."""
    out = escape_markdown(text.strip())
    out = _ENUMERATOR.sub(lambda m: (m[1] and "\\(") + m[2] + "\\" + m[3], out, count=1)
    if out[:1] in "-+:=":
        out = "\\" + out
    return re.sub(r"(?<=-)-", r"\\-", out)


def paragraphs(text: str | None) -> Markup:
    """A person's own text as Markdown (`{{ own.body | avsnitt }}`): a blank line starts a paragraph and a line
    break stays a line break; a paragraph whose every line starts with "-", "*" or "•" is a bulleted list;
    everything else is escaped, so the text can never become markup or structure it did not ask for."""
    if not text:
        return Markup("")
    blocks = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            blocks.append("\n".join("- " + _line(_BULLET.sub("", line, count=1)) for line in lines))
        else:
            blocks.append("\\\n".join(_line(line) for line in lines))
    return Markup("\n\n".join(blocks))


def after_label(text: str | None) -> Markup:
    """A person's text after a bold label ("**Forslag til vedtak:** …"): on the label's line when it is one line,
    else below it, its line breaks and paragraphs kept (`avsnitt`)."""
    if text and "\n" in text.strip():
        return Markup("\n\n") + paragraphs(text)
    return Markup(_line(text or ""))


def missing() -> str:
    """What a figure that is not there prints as: «ikke rapportert» (in the current written standard)."""
    return _("ikke rapportert")


def _number(value: int | float | Fraction | None, decimals: int = 0) -> str:
    return missing() if value is None else formatting.number(value, decimals)


def kr(value: int | None) -> str:
    """For tables: `2 400 000 kr`."""
    return missing() if value is None else formatting.kr(value)


def kroner(value: int | None) -> str:
    """For running text: `2 400 000 kroner`."""
    return missing() if value is None else f"{formatting.number(value)}\u00a0kroner"


def mill(value: int | None, decimals: int = 1) -> str:
    return missing() if value is None else formatting.mill_kr(value, decimals)


def pct(value: Fraction | float | None, decimals: int = 0) -> str:
    return "–" if value is None else formatting.percent(value, decimals)


def ratio(value: Fraction | None) -> str:
    return "–" if value is None else formatting.number(value, 1)


def dato(value: date | None) -> str:
    return _("ikke fastsatt") if value is None else formatting.date_long(value)


def kdato(value: date | None) -> str:
    return "–" if value is None else formatting.date_short(value)


_LIGHT_CLASSES = {"grønn": "gronn", "gul": "gul", "rød": "rod"}


def weekday(value: date | None) -> str:
    """`mandag 16. juni 2014`."""
    return _("ikke fastsatt") if value is None else formatting.date_with_weekday(value)


def clock(value: time | None) -> str:
    """`kl. 13.00` (Norwegian writes the time with a full stop)."""
    return _("klokkeslett ikke fastsatt") if value is None else f"kl. {value.hour:02d}.{value.minute:02d}"


def light(value: str | None) -> str:
    """A traffic light as a marked word: `[Grønn]{.lys .gronn custom-style="Lys grønn"}`. The word stays (a grey
    print still reads); the table filter colours the cell in HTML and PDF, and word.py in Word."""
    if value is None:
        return "–"
    css = _LIGHT_CLASSES.get(value.lower())
    if css is None:
        return escape_markdown(value.capitalize())
    word = {"gronn": _("Grønn"), "gul": _("Gul"), "rod": _("Rød")}[css]  # the word in the written standard
    return Markup(f'[{word}]{{.lys .{css} custom-style="Lys {value.lower()}"}}')


def goal_figure(value: int | Fraction | None, unit: str) -> str:
    """A goal's target or actual, in its unit: `15,2 mill. kr`, `79 %`, `38`."""
    if value is None:
        return missing()
    if unit == "kr":
        return formatting.mill_kr(round(value), 1)
    if unit == "%":
        return formatting.percent(value)
    return formatting.number(round(value) if isinstance(value, Fraction) else value)


def plural(count: int, one: str, many: str) -> str:
    """`{{ n | flertall("prosjekt", "prosjekter") }}`: the words as the template gives them, in no written standard
    of their own; the shipped templates mark whole sentences with `ngettext` instead (the forms differ in nynorsk)."""
    return f"{formatting.number(count)} {one if count == 1 else many}"


def _jobs_target(jobs: dict) -> sentences.JobsTarget | None:
    if jobs.get("target") is None:
        return None
    return sentences.JobsTarget(jobs["target"], tuple(jobs.get("target_areas") or ()), jobs.get("target_jobs") or 0)


def year_results(jobs: dict, companies: dict, year: int, as_of: date | None = None) -> str:
    """`{{ jobs | aarsresultat(companies, year, as_of) }}`: the year's jobs and companies and the year's target,
    from the figures builder's `jobs` and `companies` (`omstilling.core.sentences.year_results`)."""
    found = jobs["year"]
    return sentences.year_results(year, found["new"], found["secured"], companies["year"], _jobs_target(jobs), as_of)


def since_start(jobs: dict, companies: dict, start: int) -> str:
    """`{{ jobs | siden_start(companies, programme.status_start_year) }}`."""
    found = jobs["cumulative"]
    return sentences.since_start(start, found["new"], found["secured"], companies["cumulative"])


def psv_change(change: dict) -> str:
    """`{{ c | psv_endring }}`: how one kind of PSV indicator went, from the builder's `psv_trend.changes`
    (`omstilling.core.sentences.psv_change`)."""
    return sentences.psv_change(
        change["kind"], change["first_year"], change["first"], change["last_year"], change["last"]
    )


FILTERS = {
    "kr": kr,
    "kroner": kroner,
    "mill": mill,
    "num": _number,
    "pct": pct,
    "ratio": ratio,
    "dato": dato,
    "kdato": kdato,
    "lys": light,
    "ukedag": weekday,
    "klokke": clock,
    "maltall": goal_figure,
    "flertall": plural,
    "aarsresultat": year_results,
    "avsnitt": paragraphs,
    "etter_etikett": after_label,
    "arbeidsplasser": sentences.jobs_phrase,
    "bedrifter": sentences.companies_phrase,
    "siden_start": since_start,
    "psv_endring": psv_change,
}
