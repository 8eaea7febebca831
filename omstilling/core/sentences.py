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
from omstilling.core.language import _, ngettext


def listed(items: Sequence[str]) -> str:
    """`1`, `1 og 2`, `1, 2 og 3` (the same word in both written standards)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def jobs_phrase(new: int, secured: int) -> str:
    """New and secured jobs as a noun phrase: `15 nye og sikrede arbeidsplasser (6 nye og 9 sikrede)`,
    `1 ny arbeidsplass`, `9 sikrede arbeidsplasser`; no part that is zero is named."""
    if new and secured:
        return _("%(total)s nye og sikrede arbeidsplasser (%(new)s og %(secured)s)") % {
            "total": number(new + secured),
            "new": ngettext("%(n)s ny", "%(n)s nye", new) % {"n": number(new)},
            "secured": ngettext("%(n)s sikret", "%(n)s sikrede", secured) % {"n": number(secured)},
        }
    if new:
        return ngettext("%(n)s ny arbeidsplass", "%(n)s nye arbeidsplasser", new) % {"n": number(new)}
    if secured:
        return ngettext("%(n)s sikret arbeidsplass", "%(n)s sikrede arbeidsplasser", secured) % {"n": number(secured)}
    return _("ingen nye eller sikrede arbeidsplasser")


def companies_phrase(count: int) -> str:
    if not count:
        return _("ingen nye bedrifter")
    return ngettext("%(n)s ny bedrift", "%(n)s nye bedrifter", count) % {"n": number(count)}


@dataclass(frozen=True)
class JobsTarget:
    """The year's target for new and secured jobs: the programme's (`areas` empty), or the sum of some focus
    areas' own targets, with the jobs those areas' projects reported (`reported`)."""

    target: int
    areas: tuple[int, ...] = ()
    reported: int = 0


def _target_sentence(target: JobsTarget, total: int) -> str:
    goal = _("%(n)s nye og sikrede arbeidsplasser") % {"n": number(target.target)}
    if not target.areas:
        return _("Målet for året er %(goal)s.") % {"goal": goal}
    listing = listed([str(a) for a in target.areas])
    whose = ngettext("innsatsområde %(areas)s", "innsatsområde %(areas)s til sammen", len(target.areas)) % {
        "areas": listing
    }
    said = {"goal": goal, "areas": whose}
    if not total:
        return _("Målet for året, %(goal)s, gjelder %(areas)s.") % said
    if target.reported == total:
        return (
            ngettext(
                "Målet for året, %(goal)s, gjelder %(areas)s, og arbeidsplassen er rapportert der.",
                "Målet for året, %(goal)s, gjelder %(areas)s, og alle arbeidsplassene er rapportert der.",
                total,
            )
            % said
        )
    if not target.reported:
        return _("Målet for året, %(goal)s, gjelder %(areas)s, der prosjektene ikke har rapportert noen ennå.") % said
    return _("Målet for året, %(goal)s, gjelder %(areas)s, der prosjektene har rapportert %(reported)s.") % (
        said | {"reported": number(target.reported)}
    )


def year_results(
    year: int, new: int, secured: int, companies: int, target: JobsTarget | None, as_of: date | None = None
) -> str:
    """What the projects reported in `year` (up to `as_of` when given), and the year's target, in one or two
    sentences."""
    total = new + secured
    facts: dict[str, object] = {"year": year, "day": date_long(as_of) if as_of else ""}
    if total:
        facts["jobs"] = jobs_phrase(new, secured)
    if companies:
        facts["companies"] = companies_phrase(companies)
    if total and companies:
        said = (
            _("Prosjektene har per %(day)s rapportert %(jobs)s og %(companies)s i %(year)s.")
            if as_of
            else _("Prosjektene har rapportert %(jobs)s og %(companies)s i %(year)s.")
        )
    elif total:
        said = (
            _("Prosjektene har per %(day)s rapportert %(jobs)s i %(year)s, men ingen nye bedrifter.")
            if as_of
            else _("Prosjektene har rapportert %(jobs)s i %(year)s, men ingen nye bedrifter.")
        )
    elif companies:
        said = (
            _(
                "Prosjektene har per %(day)s rapportert %(companies)s i %(year)s, men ingen nye eller sikrede "
                "arbeidsplasser."
            )
            if as_of
            else _("Prosjektene har rapportert %(companies)s i %(year)s, men ingen nye eller sikrede arbeidsplasser.")
        )
    else:
        said = (
            _("Det er ikke rapportert nye eller sikrede arbeidsplasser eller nye bedrifter i %(year)s per %(day)s.")
            if as_of
            else _("Det er ikke rapportert nye eller sikrede arbeidsplasser eller nye bedrifter i %(year)s.")
        )
    said %= facts
    return said if target is None else f"{said} {_target_sentence(target, total)}"


def since_start(start: int, new: int, secured: int, companies: int) -> str:
    """What the projects have reported since the programme started."""
    total = new + secured
    facts: dict[str, object] = {"start": start}
    if total:
        facts["jobs"] = jobs_phrase(new, secured)
    if companies:
        facts["companies"] = companies_phrase(companies)
    if total and companies:
        return _("Siden starten i %(start)s er det rapportert %(jobs)s og %(companies)s.") % facts
    if total:
        return _("Siden starten i %(start)s er det rapportert %(jobs)s, men ingen nye bedrifter.") % facts
    if companies:
        return (
            _("Siden starten i %(start)s er det rapportert %(companies)s, men ingen nye eller sikrede arbeidsplasser.")
            % facts
        )
    return _("Siden starten i %(start)s er det ikke rapportert arbeidsplasser eller nye bedrifter.") % facts


# --- Budget lines off their budget ----------------------------------------------------------------------------


def against_budget(budget: int, figure: int) -> str:
    """How a figure stands against its budget, in the direction the figure shows: `260 000 kr (11 %) over
    budsjettet`, `370 000 kr (15 %) under budsjettet`, `som budsjettert`, `ikke budsjettert`."""
    off = figure - budget
    if not off:
        return _("som budsjettert")
    if not budget:
        return _("ikke budsjettert")
    part = Fraction(100 * abs(off), budget)
    # never "(0 %)" for a real difference
    share = percent(part) if part >= Fraction(1, 2) else _("under %(percent)s") % {"percent": percent(1)}
    said = {"amount": kr(abs(off)), "share": share}
    return (
        _("%(amount)s (%(share)s) over budsjettet") if off > 0 else _("%(amount)s (%(share)s) under budsjettet")
    ) % said


def spending_deviation(label: str, budget: int, *, accounts: int | None, granted: int | None, year: int) -> str:
    """A spending line off its budget, said in the direction the figure that decides it shows: the accounts
    (regnskap) once they are recorded for a year that is over, else what was granted; for a project line with
    accounts, what was granted in the year is said too, in its own direction (money granted in earlier years is
    paid and spent in this one, so the two may point different ways)."""
    if accounts is not None:
        said = {
            "label": label,
            "against": against_budget(budget, accounts),
            "budget": kr(budget),
            "accounts": kr(accounts),
        }
        text = (
            _("%(label)s: overforbruk etter regnskapet, %(against)s (budsjett %(budget)s, regnskap %(accounts)s).")
            if accounts > budget
            else _(
                "%(label)s: underforbruk etter regnskapet, %(against)s (budsjett %(budget)s, regnskap %(accounts)s)."
            )
        ) % said
        if granted is not None:
            text += " " + _("Innvilget i %(year)s: %(granted)s, %(against)s.") % {
                "year": year,
                "granted": kr(granted),
                "against": against_budget(budget, granted),
            }
        return text
    assert granted is not None, "a deviation is decided by the accounts or by what was granted"
    said = {"label": label, "against": against_budget(budget, granted), "budget": kr(budget), "granted": kr(granted)}
    return (
        _("%(label)s: overforbruk i tilsagn, %(against)s (budsjett %(budget)s, innvilget %(granted)s).")
        if granted > budget
        else _("%(label)s: underforbruk i tilsagn, %(against)s (budsjett %(budget)s, innvilget %(granted)s).")
    ) % said


# --- The PSV grades across the years ---------------------------------------------------------------------------


def psv_change(kind: str, first_year: int, first: Fraction, last_year: int, last: Fraction) -> str:
    """How one kind of PSV indicator went from its first year with grades to its last, by the mean grade as it is
    shown (one decimal, `omstilling.core.psv.average`): `Prosessindikatorene har i snitt gått opp fra 2,8 i 2012 til
    3,8 i 2013.` A whole sentence for each kind and direction (the words differ in nynorsk)."""
    said = {"first_year": first_year, "first": number(first, 1), "last_year": last_year, "last": number(last, 1)}
    process = kind == "prosess"
    if last > first:
        text = (
            _("Prosessindikatorene har i snitt gått opp fra %(first)s i %(first_year)s til %(last)s i %(last_year)s.")
            if process
            else _(
                "Effektindikatorene har i snitt gått opp fra %(first)s i %(first_year)s til %(last)s i %(last_year)s."
            )
        )
    elif last < first:
        text = (
            _("Prosessindikatorene har i snitt gått ned fra %(first)s i %(first_year)s til %(last)s i %(last_year)s.")
            if process
            else _(
                "Effektindikatorene har i snitt gått ned fra %(first)s i %(first_year)s til %(last)s i %(last_year)s."
            )
        )
    else:
        text = (
            _("Prosessindikatorene har i snitt ligget på %(last)s både i %(first_year)s og i %(last_year)s.")
            if process
            else _("Effektindikatorene har i snitt ligget på %(last)s både i %(first_year)s og i %(last_year)s.")
        )
    return text % said
