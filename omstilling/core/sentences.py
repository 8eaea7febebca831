"""Sentences built from facts (pure): each summary sentence a document says about figures has one builder here,
with a case for each shape the facts can take (the programme's target or some focus areas'; one area or several;
none, one or many), so that no figure is said twice and every case reads as Norwegian a person would write.

The documents' templates call these through filters (`omstilling.documents.filters`); the every-figure check
(`tests/integration/documents/test_every_figure.py`) builds the expected sentences with them from the figures
builder's values, and `tests/unit/core/test_sentences.py` reads each case as a person would."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from omstilling.core.formatting import date_long, kr, number, percent


def _count(n: int, one: str, many: str) -> str:
    return f"{number(n)} {one if n == 1 else many}"


def listed(items: Sequence[str]) -> str:
    """`1`, `1 og 2`, `1, 2 og 3`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def jobs_phrase(new: int, secured: int) -> str:
    """New and secured jobs as a noun phrase: `15 nye og sikrede arbeidsplasser (6 nye og 9 sikrede)`,
    `1 ny arbeidsplass`, `9 sikrede arbeidsplasser`; no part that is zero is named."""
    if new and secured:
        parts = f"{_count(new, 'ny', 'nye')} og {_count(secured, 'sikret', 'sikrede')}"
        return f"{number(new + secured)} nye og sikrede arbeidsplasser ({parts})"
    if new:
        return _count(new, "ny arbeidsplass", "nye arbeidsplasser")
    if secured:
        return _count(secured, "sikret arbeidsplass", "sikrede arbeidsplasser")
    return "ingen nye eller sikrede arbeidsplasser"


def companies_phrase(count: int) -> str:
    return _count(count, "ny bedrift", "nye bedrifter") if count else "ingen nye bedrifter"


@dataclass(frozen=True)
class JobsTarget:
    """The year's target for new and secured jobs: the programme's (`areas` empty), or the sum of some focus
    areas' own targets, with the jobs those areas' projects reported (`reported`)."""

    target: int
    areas: tuple[int, ...] = ()
    reported: int = 0


def _target_sentence(target: JobsTarget, total: int) -> str:
    goal = f"{number(target.target)} nye og sikrede arbeidsplasser"
    if not target.areas:
        return f"Målet for året er {goal}."
    whose = "innsatsområde " + listed([str(a) for a in target.areas])
    together = " til sammen" if len(target.areas) > 1 else ""
    if not total:
        return f"Målet for året, {goal}, gjelder {whose}{together}."
    if target.reported == total:
        which = "alle arbeidsplassene er" if total > 1 else "arbeidsplassen er"
        return f"Målet for året, {goal}, gjelder {whose}{together}, og {which} rapportert der."
    if not target.reported:
        return f"Målet for året, {goal}, gjelder {whose}{together}, der prosjektene ikke har rapportert noen ennå."
    return (
        f"Målet for året, {goal}, gjelder {whose}{together}, der prosjektene har rapportert {number(target.reported)}."
    )


def year_results(
    year: int, new: int, secured: int, companies: int, target: JobsTarget | None, as_of: date | None = None
) -> str:
    """What the projects reported in `year` (up to `as_of` when given), and the year's target, in one or two
    sentences."""
    per = f" per {date_long(as_of)}" if as_of else ""
    total = new + secured
    if total and companies:
        said = f"Prosjektene har{per} rapportert {jobs_phrase(new, secured)} og {companies_phrase(companies)} i {year}."
    elif total:
        said = f"Prosjektene har{per} rapportert {jobs_phrase(new, secured)} i {year}, men ingen nye bedrifter."
    elif companies:
        said = (
            f"Prosjektene har{per} rapportert {companies_phrase(companies)} i {year}, men ingen nye eller sikrede "
            "arbeidsplasser."
        )
    else:
        said = f"Det er ikke rapportert nye eller sikrede arbeidsplasser eller nye bedrifter i {year}{per}."
    return said if target is None else f"{said} {_target_sentence(target, total)}"


def since_start(start: int, new: int, secured: int, companies: int) -> str:
    """What the projects have reported since the programme started."""
    total = new + secured
    if total and companies:
        return (
            f"Siden starten i {start} er det rapportert {jobs_phrase(new, secured)} og {companies_phrase(companies)}."
        )
    if total:
        return f"Siden starten i {start} er det rapportert {jobs_phrase(new, secured)}, men ingen nye bedrifter."
    if companies:
        return (
            f"Siden starten i {start} er det rapportert {companies_phrase(companies)}, men ingen nye eller sikrede "
            "arbeidsplasser."
        )
    return f"Siden starten i {start} er det ikke rapportert arbeidsplasser eller nye bedrifter."


# --- Budget lines off their budget ----------------------------------------------------------------------------


def against_budget(budget: int, figure: int) -> str:
    """How a figure stands against its budget, in the direction the figure shows: `260 000 kr (11 %) over
    budsjettet`, `370 000 kr (15 %) under budsjettet`, `som budsjettert`, `ikke budsjettert`."""
    off = figure - budget
    if not off:
        return "som budsjettert"
    if not budget:
        return "ikke budsjettert"
    part = Fraction(100 * abs(off), budget)
    share = percent(part) if part >= Fraction(1, 2) else f"under {percent(1)}"  # never "(0 %)" for a real difference
    return f"{kr(abs(off))} ({share}) {'over' if off > 0 else 'under'} budsjettet"


def spending_deviation(label: str, budget: int, *, accounts: int | None, granted: int | None, year: int) -> str:
    """A spending line off its budget, said in the direction the figure that decides it shows: the accounts
    (regnskap) once they are recorded for a year that is over, else what was granted; for a project line with
    accounts, what was granted in the year is said too, in its own direction (money granted in earlier years is
    paid and spent in this one, so the two may point different ways)."""
    if accounts is not None:
        word = "overforbruk" if accounts > budget else "underforbruk"
        text = (
            f"{label}: {word} etter regnskapet, {against_budget(budget, accounts)} "
            f"(budsjett {kr(budget)}, regnskap {kr(accounts)})."
        )
        if granted is not None:
            text += f" Innvilget i {year}: {kr(granted)}, {against_budget(budget, granted)}."
        return text
    assert granted is not None, "a deviation is decided by the accounts or by what was granted"
    word = "overforbruk" if granted > budget else "underforbruk"
    return f"{label}: {word} i tilsagn, {against_budget(budget, granted)} (budsjett {kr(budget)}, innvilget {kr(granted)})."
