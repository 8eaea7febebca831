"""The programme status assessment (programstatusvurdering, PSV) by Innovasjon Norge's published method (pure).

The method as Innovasjon Norge describes it (the pages are cited in docs/PSV.md): each October or November the
programme's leadership, the county's and Innovasjon Norge's observers and an external process leader meet for a
day; the programme leader sends a fact sheet (faktaark) at least a week before; the participants agree on one grade
per indicator (1–5) and a verbal conclusion; the process leader's draft report follows within a week. Two forms are
published: the older with 12 indicators (6 about the process, 6 about the effects), the newer with 8 main
indicators (4 + 4). The process indicators weigh most in the first two years of the status period, the effect
indicators after that. A programme may also score on a set of its own (named indicators, the workbook's sheet
PSV-indikatorer).

The indicators' own wording is in Innovasjon Norge's forms, which we have not found published as text: a
published form is therefore held here as what the pages say of it (how many indicators of each kind, and where it
is described); the names a programme scores under are its own data (the sheet PSV-score).

Here: the set a year is scored on, which kind weighs most in a year, the scoring form for a year's meeting, whether
a year's grades fit its set, and the grades across the years (the trend)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from omstilling.core.enums import IndicatorKind, PsvForm
from omstilling.core.language import _, ngettext
from omstilling.core.snapshot import AssessmentData, ProgrammeSnapshot, ScoreData

SOURCES = {
    PsvForm.IN_12: "https://www.innovasjonnorge.no/no/regional-omstilling/verktoy/programstatusvurdering/",
    PsvForm.IN_8: "https://regionalomstilling.innovasjonnorge.no/artikkel/programstatus-vurdering-(psv)",
}
"""Where Innovasjon Norge describes each published form (docs/PSV.md quotes what they say)."""

FIRST_YEARS = 2
"""The process indicators weigh most in this many first years of the status period; the effect indicators after."""


@dataclass(frozen=True)
class IndicatorSet:
    """An indicator set: how many process and effect indicators it has, and, for a programme's own set, the
    indicators by name and kind in their order (a published form's names are the programme's, with its grades)."""

    form: PsvForm
    process: int
    effect: int
    names: tuple[tuple[str, IndicatorKind], ...] = ()

    @property
    def named(self) -> bool:
        return bool(self.names)


PUBLISHED = {
    PsvForm.IN_12: IndicatorSet(PsvForm.IN_12, 6, 6),
    PsvForm.IN_8: IndicatorSet(PsvForm.IN_8, 4, 4),
}


def own_set(snapshot: ProgrammeSnapshot) -> IndicatorSet | None:
    """The programme's own set, from its data (None when it has none)."""
    if not snapshot.indicators:
        return None
    names = tuple((i.name, i.kind) for i in sorted(snapshot.indicators, key=lambda i: i.number))
    process = sum(kind is IndicatorKind.PROCESS for _, kind in names)
    return IndicatorSet(PsvForm.OWN, process, len(names) - process, names)


def indicator_set(snapshot: ProgrammeSnapshot, form: PsvForm) -> IndicatorSet | None:
    """The set of a form: a published one, or the programme's own (None when it has not defined one)."""
    return own_set(snapshot) if form is PsvForm.OWN else PUBLISHED[form]


def _kinds(scores: Sequence[ScoreData]) -> tuple[int, int]:
    process = sum(s.kind is IndicatorKind.PROCESS for s in scores)
    return process, len(scores) - process


def shown_form(snapshot: ProgrammeSnapshot, scores: Sequence[ScoreData]) -> PsvForm | None:
    """The set a year's grades show, when the year does not say: the programme's own when they name exactly its
    indicators, else the published form with as many indicators of each kind (None: neither)."""
    own = own_set(snapshot)
    if own is not None and {(s.indicator, s.kind) for s in scores} == set(own.names):
        return PsvForm.OWN
    counts = _kinds(scores)
    return next((form for form, found in PUBLISHED.items() if (found.process, found.effect) == counts), None)


def form_for(snapshot: ProgrammeSnapshot, year: int) -> PsvForm:
    """The set a year is scored on: the year's own choice (the sheet PSV's «Indikatorsett»); else what its grades
    show; else the set of the latest year before it; else the programme's own set when it has one; else Innovasjon
    Norge's newer form (8 main indicators)."""
    held = sorted((a for a in snapshot.assessments if a.year <= year), key=lambda a: a.year, reverse=True)
    for assessment in held:
        if assessment.form is not None and (assessment.form is not PsvForm.OWN or snapshot.indicators):
            return assessment.form
        shown = shown_form(snapshot, assessment.scores) if assessment.scores else None
        if shown is not None:
            return shown
    return PsvForm.OWN if snapshot.indicators else PsvForm.IN_8


def emphasis(snapshot: ProgrammeSnapshot, year: int) -> IndicatorKind:
    """The kind of indicator that weighs most in `year`: the process indicators in the first two years of the
    status period, the effect indicators after that (as the published method says)."""
    return IndicatorKind.PROCESS if year < snapshot.status_start_year + FIRST_YEARS else IndicatorKind.EFFECT


def counted(process: int, effect: int) -> dict[str, str]:
    """«1 prosessindikator», «4 effektindikatorer»: a count of each kind with its noun (for `process` and `effect`
    in a sentence)."""
    return {
        "process": ngettext("%(n)s prosessindikator", "%(n)s prosessindikatorer", process) % {"n": process},
        "effect": ngettext("%(n)s effektindikator", "%(n)s effektindikatorer", effect) % {"n": effect},
    }


def grade_problem(chosen: IndicatorSet, scores: Sequence[tuple[str, IndicatorKind]]) -> str | None:
    """Why a year's grades do not fit the set it is scored on (None: they do), in the current written standard: a
    published form by how many of each kind it has, the programme's own by its indicators' names and kinds."""
    if not chosen.named:
        process = sum(kind is IndicatorKind.PROCESS for _, kind in scores)
        effect = len(scores) - process
        if (process, effect) == (chosen.process, chosen.effect):
            return None
        return _("karakterene har %(process)s og %(effect)s, men %(form)s har %(want_process)s og %(want_effect)s") % {
            **counted(process, effect),
            "form": chosen.form.label,
            "want_process": chosen.process,
            "want_effect": chosen.effect,
        }
    wanted = dict(chosen.names)
    given = dict(scores)
    unknown = [name for name in given if name not in wanted]
    if unknown:
        return _("%(names)s er ikke blant programmets egne indikatorer (arket PSV-indikatorer)") % {
            "names": ", ".join(f"«{n}»" for n in unknown)
        }
    wrong = [name for name, kind in given.items() if wanted[name] is not kind]
    if wrong:
        return _("%(names)s har en annen type på arket PSV-indikatorer") % {"names": ", ".join(f"«{n}»" for n in wrong)}
    missing = [name for name in wanted if name not in given]
    if missing:
        return _("karakter mangler for %(names)s (programmets egne indikatorer, arket PSV-indikatorer)") % {
            "names": ", ".join(f"«{n}»" for n in missing)
        }
    return None


def _latest_scored(snapshot: ProgrammeSnapshot, before: int, form: PsvForm) -> AssessmentData | None:
    """The latest year before `before` that was scored on `form`."""
    found = [a for a in snapshot.assessments if a.year < before and a.scores and form_for(snapshot, a.year) is form]
    return max(found, key=lambda a: a.year, default=None)


def scoring_form(snapshot: ProgrammeSnapshot, year: int) -> dict[str, Any]:
    """The scoring form for the year's meeting, as the PSV basis lays it out before the meeting: the set the year
    is scored on, the kind that weighs most, and one row per indicator with its grade the last time the set was
    used and the year's grade once it is recorded. A published form's indicators are named as the programme named
    them the last time it used the form; before that, by kind and number («Prosessindikator 1»)."""
    form = form_for(snapshot, year)
    chosen = indicator_set(snapshot, form) or PUBLISHED[PsvForm.IN_8]
    previous = _latest_scored(snapshot, year, form)
    current = next((a for a in snapshot.assessments if a.year == year), None)
    this_year = {s.indicator: s.score for s in current.scores} if current else {}
    before = {s.indicator: s.score for s in previous.scores} if previous else {}
    if chosen.named:
        names = list(chosen.names)
        descriptions = {i.name: i.description for i in snapshot.indicators}
    elif previous is not None:
        names = [
            (s.indicator, s.kind) for s in sorted(previous.scores, key=lambda s: s.kind is not IndicatorKind.PROCESS)
        ]
        descriptions = {}
    else:
        names = [(_("Prosessindikator %(n)s") % {"n": n}, IndicatorKind.PROCESS) for n in range(1, chosen.process + 1)]
        names += [(_("Effektindikator %(n)s") % {"n": n}, IndicatorKind.EFFECT) for n in range(1, chosen.effect + 1)]
        descriptions = {}
    weighs = emphasis(snapshot, year)
    return {
        "year": year,
        "year_number": year - snapshot.status_start_year + 1,
        "form": form.value,
        "form_label": chosen.form.label,
        "source": SOURCES.get(form),
        "process": chosen.process,
        "effect": chosen.effect,
        "named": chosen.named or previous is not None,
        "emphasis": weighs.value,
        "first_years": FIRST_YEARS,
        "previous_year": previous.year if previous else None,
        "rows": [
            {
                "indicator": name,
                "kind": kind.value,
                "kind_label": kind.label,
                "description": descriptions.get(name),
                "previous": before.get(name),
                "score": this_year.get(name),
            }
            for name, kind in names
        ],
    }


def average(scores: Sequence[int]) -> Fraction | None:
    """The mean of some grades to one decimal, as it is shown (3,25 → 3,3; half up, as Norwegian reports round):
    the words said about a change compare what the reader sees."""
    if not scores:
        return None
    return Fraction(math.floor(Fraction(sum(scores), len(scores)) * 10 + Fraction(1, 2)), 10)


def trend(snapshot: ProgrammeSnapshot, year: int) -> dict[str, Any]:
    """The grades across the years up to `year`: one row per indicator (process first) with its grade per year,
    the mean of each kind per year, and per kind its first and last year with grades, for the sentence on how it
    went (`omstilling.core.sentences.psv_change`)."""
    held = sorted((a for a in snapshot.assessments if a.year <= year and a.scores), key=lambda a: a.year)
    years = [a.year for a in held]
    rows: dict[str, dict[str, Any]] = {}
    for assessment in held:
        for score in assessment.scores:
            row = rows.setdefault(
                score.indicator,
                {"indicator": score.indicator, "kind": score.kind.value, "kind_label": score.kind.label, "scores": {}},
            )
            row["scores"][assessment.year] = score.score
    ordered = sorted(rows.values(), key=lambda r: r["kind"] != IndicatorKind.PROCESS.value)
    for row in ordered:
        row["by_year"] = [row["scores"].get(y) for y in years]
    means = [
        {
            "year": a.year,
            "form_label": form_for(snapshot, a.year).label,
            "process": average([s.score for s in a.scores if s.kind is IndicatorKind.PROCESS]),
            "effect": average([s.score for s in a.scores if s.kind is IndicatorKind.EFFECT]),
        }
        for a in held
    ]
    changes = []
    for kind, key in ((IndicatorKind.PROCESS, "process"), (IndicatorKind.EFFECT, "effect")):
        found = [(m["year"], m[key]) for m in means if m[key] is not None]
        if len(found) >= 2:
            (first_year, first), (last_year, last) = found[0], found[-1]
            changes.append(
                {"kind": kind.value, "first_year": first_year, "first": first, "last_year": last_year, "last": last}
            )
    return {"year": year, "years": years, "rows": ordered, "means": means, "changes": changes}
