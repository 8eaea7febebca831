"""De minimis aid (bagatellmessig støtte), in one home: the regulation that applied on a grant date with its ceiling
and window, the single undertaking, the exchange rate of the grant date, and when an award must be reported to the
register.

The rules (docs/STATE_AID.md cites them), as data (`REGULATIONS`): the one in force on an award's grant date decides
its ceiling and window, and its sum counts every de minimis aid in that window, under whichever regulation it was
granted (`regulation_for`, `check`):
- Commission Regulation (EU) 2023/2831, in the EEA: at most EUR 300 000 of de minimis aid to one *single
  undertaking* over any period of three years (art. 3(2)); the aid is granted when the undertaking gets the legal
  right to it, whatever the date of payment (art. 3(4)); an award that would take the sum over the ceiling may not
  be given under the regulation at all, not even the part below it (art. 3(7)).
- Before it Commission Regulation (EU) No 1407/2013 (art. 3(2): EUR 200 000 over the fiscal year concerned and the
  two previous fiscal years; art. 3(4) and 3(7) as above) and, before that, Commission Regulation (EC) No 1998/2006
  (art. 2(2): EUR 200 000 over three fiscal years). A Norwegian company's fiscal year is the calendar year.
- A single undertaking is every enterprise linked to another by control (art. 2(2)): here, the organisation numbers
  the programmes have linked (`links`), taken together across links of links.
- An amount in NOK is converted at the rate of the grant date: the European Central Bank's reference rate, which is
  not published on weekends and TARGET holidays, so the last one published before the grant date is taken, and
  none older than `RATE_STALE_DAYS`.
- Registeret for offentlig støtte (Brønnøysundregistrene): an award at or over a threshold (today EUR 100 000) is
  reported within a deadline (today six months after the grant date); both are settings, so the proposed rule (every
  award within 20 working days) is a change of settings.

Amounts in EUR are `Decimal`s to the cent (rounded half up, as a bank rounds); NOK amounts are whole kroner. Pure:
no clock, no database; the callers bring every award of the installation and the company's declared aid."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from omstilling.core.enums import LabelledEnum
from omstilling.core.formatting import date_long, number
from omstilling.core.language import _
from omstilling.core.wheel.workdays import WorkCalendar

CEILING_EUR = Decimal(300_000)
"""Regulation (EU) 2023/2831 art. 3(2)."""
OLD_CEILING_EUR = Decimal(200_000)
"""Regulations (EU) No 1407/2013 art. 3(2) and (EC) No 1998/2006 art. 2(2)."""
WARNING_SHARE = Decimal("0.8")
"""A grant that brings the sum to this share of the ceiling is recorded with a warning (a setting)."""
RATE_STALE_DAYS = 7
"""A rate older than this before the grant date is no rate: the grant is refused until one is entered."""
YEARS = 3
CENT = Decimal("0.01")
RATE_RANGE = (Decimal(4), Decimal(20))
"""The NOK per euro a rate may be (both ends included): the ECB's rate for NOK has stayed between 7,2 and 12,3 since
1999. Outside it a rate is a slip (1 000, «1e3», 0,0001) that would shrink or swell an award many times over."""


class AidSource(StrEnum):
    GRANTED = "tildelt"  # by a programme in this installation
    DECLARED = "erklaert"  # by another body, declared by the company


@dataclass(frozen=True)
class Aid:
    """One award of de minimis aid to the enterprise `org_number`, granted on `granted`, worth `eur`."""

    org_number: str
    granted: date
    eur: Decimal
    grantor: str
    source: AidSource = AidSource.GRANTED
    reference: str = ""  # the project's number, or the declared row's scheme


def org_number_text(org_number: str) -> str:
    """`910 007 912`, as the Brønnøysund registers print it."""
    digits = re.sub(r"\D", "", org_number)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 9 else org_number


def eur_text(amount: Decimal) -> str:
    """`300 000 euro`, `12 345,67 euro`: whole euros without decimals."""
    decimals = 0 if amount == amount.to_integral_value() else 2
    return f"{number(float(amount), decimals)}\u00a0euro"


def rate_problem(nok_per_eur: Decimal) -> str | None:
    """What is wrong with a rate of NOK per euro, entered or read (outside `RATE_RANGE`, or not a number), or None."""
    low, high = RATE_RANGE
    if nok_per_eur.is_finite() and low <= nok_per_eur <= high:
        return None
    written = f"{nok_per_eur:f}"
    if "." in written:  # 1000,0000 is said as 1000; 0,0001 as it is
        written = written.rstrip("0").rstrip(".")
    return _("%(rate)s kroner per euro er ikke en rimelig eurokurs: kursen må være mellom %(low)s og %(high)s") % {
        "rate": written.replace(".", ","),
        "low": low,
        "high": high,
    }


def to_eur(nok: int, nok_per_eur: Decimal) -> Decimal:
    if nok_per_eur <= 0:
        raise ValueError("an exchange rate is positive")
    return (Decimal(nok) / nok_per_eur).quantize(CENT, rounding=ROUND_HALF_UP)


# --- Single undertakings --------------------------------------------------------------------------------------


def single_undertaking(org_number: str, links: Iterable[tuple[str, str]]) -> frozenset[str]:
    """Every organisation number that counts as one undertaking with `org_number`: linked directly, or through
    links of links (a parent, its subsidiaries, their subsidiaries)."""
    neighbours: dict[str, set[str]] = {}
    for a, b in links:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    found, todo = {org_number}, [org_number]
    while todo:
        for other in neighbours.get(todo.pop(), ()):
            if other not in found:
                found.add(other)
                todo.append(other)
    return frozenset(found)


# --- The regulations and their windows --------------------------------------------------------------------------


def window(granted: date) -> tuple[date, date]:
    """The three years that end on the grant date, both ends included: from the day after the same date three
    years before (a grant of 1 March 2017 looks back to 2 March 2014; 29 February 2016 to 1 March 2013). Regulation
    (EU) 2023/2831's rolling window; `Regulation.window` gives each regulation's."""
    return granted - relativedelta(years=YEARS) + timedelta(days=1), granted


class AidBasis(LabelledEnum):
    """The legal basis of an award (the register's «hjemmel»): the de minimis regulation in force on its grant date
    (`regulation_for`)."""

    DE_MINIMIS = ("bagatell", "bagatellmessig støtte, forordning (EU) 2023/2831")
    DE_MINIMIS_2013 = ("bagatell-1407", "bagatellmessig støtte, forordning (EU) nr. 1407/2013")
    DE_MINIMIS_2006 = ("bagatell-1998", "bagatellmessig støtte, forordning (EF) nr. 1998/2006")


@dataclass(frozen=True)
class Regulation:
    """One de minimis regulation as it applied in Norway: its name as the documents cite it, the first grant date
    it applied to, its ceiling, whether its window is the fiscal year of the grant and the two before it (1407/2013,
    1998/2006) or any three years (2023/2831), the article that sets the ceiling, and where it is published."""

    basis: AidBasis
    name: str
    """«forordning (EU) 2023/2831»: the citation, the same in both written standards."""
    applies_from: date
    ceiling_eur: Decimal
    fiscal_years: bool
    article: str
    """The article of the ceiling: «3» (2023/2831, 1407/2013), «2» (1998/2006)."""
    address: str

    @property
    def commission_name(self) -> str:
        """«kommisjonsforordning (EU) 2023/2831», as a letter names it first."""
        return f"kommisjons{self.name}"

    def window(self, granted: date) -> tuple[date, date]:
        """The period whose aid counts with an award granted on `granted`, ending on that day: the fiscal year of
        the grant and the two before it from their first day (calendar years: a grant of 31 December 2014 counts
        aid from 1 January 2012), or the three years that end on the grant date (`window`)."""
        if self.fiscal_years:
            return date(granted.year - 2, 1, 1), granted
        return window(granted)


REGULATIONS: tuple[Regulation, ...] = (
    Regulation(
        AidBasis.DE_MINIMIS_2006,
        "forordning (EF) nr. 1998/2006",
        date(2007, 1, 1),
        OLD_CEILING_EUR,
        True,
        "2",
        "http://data.europa.eu/eli/reg/2006/1998/oj",
    ),
    Regulation(
        AidBasis.DE_MINIMIS_2013,
        "forordning (EU) nr. 1407/2013",
        date(2014, 1, 1),
        OLD_CEILING_EUR,
        True,
        "3",
        "http://data.europa.eu/eli/reg/2013/1407/oj",
    ),
    Regulation(
        AidBasis.DE_MINIMIS,
        "forordning (EU) 2023/2831",
        date(2024, 1, 1),
        CEILING_EUR,
        False,
        "3",
        "http://data.europa.eu/eli/reg/2023/2831/oj",
    ),
)
"""The de minimis regulations by the first grant date each applied to (the defaults: the dates they applied from in
the EU, see docs/STATE_AID.md; the setting OMSTILLING_DE_MINIMIS_FROM moves them, `regulations`)."""
_KEYS = {"1998/2006": AidBasis.DE_MINIMIS_2006, "1407/2013": AidBasis.DE_MINIMIS_2013, "2023/2831": AidBasis.DE_MINIMIS}


def regulations(applies_from: str | None = None, ceiling: Decimal | None = None) -> tuple[Regulation, ...]:
    """`REGULATIONS` with the settings': `applies_from` «1407/2013=2014-01-01, 2023/2831=2024-01-01» moves the
    first grant dates of those named (ValueError, in Norwegian, for anything else); `ceiling` is 2023/2831's."""
    moved: dict[AidBasis, date] = {}
    for part in (applies_from or "").split(","):
        if not part.strip():
            continue
        key, _sep, day = part.partition("=")
        basis = _KEYS.get(key.strip())
        if basis is None or not _sep:
            raise ValueError(
                f"«{part.strip()}»: skriv forordning=dato, f.eks. «1407/2013=2014-01-01» "
                f"(forordningene er {', '.join(_KEYS)})"
            )
        try:
            moved[basis] = date.fromisoformat(day.strip())
        except ValueError:
            raise ValueError(f"«{part.strip()}»: «{day.strip()}» er ikke en dato (ÅÅÅÅ-MM-DD)") from None
    found = tuple(
        replace(
            r,
            applies_from=moved.get(r.basis, r.applies_from),
            ceiling_eur=ceiling if ceiling is not None and r.basis is AidBasis.DE_MINIMIS else r.ceiling_eur,
        )
        for r in REGULATIONS
    )
    days = [r.applies_from for r in found]
    if days != sorted(days) or len(set(days)) != len(days):
        raise ValueError("forordningene må gjelde fra hver sin dato, i rekkefølgen 1998/2006, 1407/2013, 2023/2831")
    return found


def regulation_for(granted: date, rules: Sequence[Regulation] = REGULATIONS) -> Regulation:
    """The regulation in force on a grant date: the last one that applied from that day or before (a grant before
    the first is judged by the first)."""
    found = rules[0]
    for rule in rules:
        if rule.applies_from <= granted:
            found = rule
    return found


def grant_date_problem(granted: date, today: date, rules: Sequence[Regulation] = REGULATIONS) -> str | None:
    """What is wrong with an award's grant date, or None: a day to come (aid is granted when the undertaking gets
    the legal right to it, so it cannot be recorded before), or a day before the first regulation modelled (older
    aid was granted under other rules, e.g. Regulation (EC) No 69/2001 with a ceiling of 100 000 euro)."""
    if granted > today:
        return _(
            "tildelingsdatoen %(day)s er ikke kommet ennå; støtten registreres når foretaket har fått rett til den"
        ) % {"day": date_long(granted)}
    first = rules[0]
    if granted < first.applies_from:
        return _(
            "tildelingsdatoen %(day)s er før %(first)s, da %(regulation)s begynte å gjelde; eldre støtte ble gitt "
            "etter andre regler, og omstilling kan ikke regne taket for den"
        ) % {"day": date_long(granted), "first": date_long(first.applies_from), "regulation": first.name}
    return None


def regulation_of(basis: AidBasis, rules: Sequence[Regulation] = REGULATIONS) -> Regulation:
    """The regulation an award's basis names."""
    return next(r for r in rules if r.basis is basis)


@dataclass(frozen=True)
class Verdict:
    """What the ceiling says of a new award: the sum before it (in the window, for the single undertaking), the
    sum with it, refused or warned, and the sentence that says so; `regulation` is the rule of the window that
    decided (the new award's, or a later award's a late entry would break)."""

    before: Decimal
    after: Decimal
    ceiling: Decimal
    refused: bool
    warned: bool
    counted: tuple[Aid, ...]
    message: str | None
    regulation: Regulation = REGULATIONS[-1]


def check(
    new: Aid,
    earlier: Iterable[Aid],
    *,
    links: Iterable[tuple[str, str]] = (),
    company: str | None = None,
    ceiling: Decimal | None = None,
    warning_share: Decimal = WARNING_SHARE,
    rules: Sequence[Regulation] = REGULATIONS,
) -> Verdict:
    """The ceiling for `new`: every other award (`earlier`, compared by identity, never by value: two programmes of
    the same name may each grant the same amount on the same day) (granted in the installation, or declared) to any enterprise of
    its single undertaking, in EUR, over the window of the regulation in force on `new`'s grant date (`rules`),
    whatever regulation the others were granted under. An award dated before others already recorded (a late
    entry) must also keep each of their windows under their ceilings: every window of a later award that holds
    `new`'s date is checked too, and the one that is worst off decides. `company` names the enterprise in the
    sentence; `ceiling`, when given, is the ceiling of every window (else each regulation's own)."""
    members = single_undertaking(new.org_number, links)
    same = [a for a in earlier if a.org_number in members and a is not new]  # by identity: two awards may be alike
    ends = sorted(
        {new.granted}
        | {
            a.granted
            for a in same
            if new.granted < a.granted and regulation_for(a.granted, rules).window(a.granted)[0] <= new.granted
        }
    )
    worst: tuple[Decimal, Decimal, date, Regulation, tuple[Aid, ...]] | None = None
    for end in ends:
        rule = regulation_for(end, rules)
        limit = ceiling if ceiling is not None else rule.ceiling_eur
        start = rule.window(end)[0]
        counted = tuple(sorted((a for a in same if start <= a.granted <= end), key=lambda a: (a.granted, a.grantor)))
        total = sum((a.eur for a in counted), Decimal(0)) + new.eur
        if worst is None or total - limit > worst[0] - worst[1]:
            worst = (total, limit, end, rule, counted)
    assert worst is not None  # the window that ends on the grant date always holds it
    after, limit, end, rule, counted = worst
    before = after - new.eur
    facts = {
        "who": f"{company} (org.nr. {org_number_text(new.org_number)})"
        if company
        else f"org.nr. {org_number_text(new.org_number)}",
        "start": date_long(rule.window(end)[0]),
        "end": date_long(end),
        "year": end.year,
        "before": eur_text(before),
        "new": eur_text(new.eur),
        "after": eur_text(after),
        "ceiling": eur_text(limit),
        "left": eur_text(limit - after),
        "regulation": rule.name,
        "article": rule.article,
    }
    linked = len(members) > 1  # (whole sentences for each: the programme's written standard may order them otherwise)
    if after > limit:
        return Verdict(before, after, limit, True, False, counted, _refusal(rule, linked) % facts, rule)
    if after >= limit * warning_share:
        return Verdict(before, after, limit, False, True, counted, _warning(rule, linked) % facts, rule)
    return Verdict(before, after, limit, False, False, counted, None, rule)


def _refusal(rule: Regulation, linked: bool) -> str:
    if rule.fiscal_years:
        return (
            _(
                "Tilskuddet kan ikke gis som bagatellmessig støtte: %(who)s og foretak som regnes som ett foretak med "
                "det har fått %(before)s i bagatellmessig støtte i regnskapsåret %(year)s og de to foregående (fra "
                "%(start)s til %(end)s), og med dette tilskuddet på %(new)s blir summen %(after)s, over taket på "
                "%(ceiling)s over tre regnskapsår (%(regulation)s artikkel %(article)s)."
            )
            if linked
            else _(
                "Tilskuddet kan ikke gis som bagatellmessig støtte: %(who)s har fått %(before)s i bagatellmessig "
                "støtte i regnskapsåret %(year)s og de to foregående (fra %(start)s til %(end)s), og med dette "
                "tilskuddet på %(new)s blir summen %(after)s, over taket på %(ceiling)s over tre regnskapsår "
                "(%(regulation)s artikkel %(article)s)."
            )
        )
    return (
        _(
            "Tilskuddet kan ikke gis som bagatellmessig støtte: %(who)s og foretak som regnes som ett foretak med "
            "det har fått %(before)s i bagatellmessig støtte i perioden fra %(start)s til %(end)s, og med dette "
            "tilskuddet på %(new)s blir summen %(after)s, over taket på %(ceiling)s (forordning (EU) 2023/2831 "
            "artikkel 3)."
        )
        if linked
        else _(
            "Tilskuddet kan ikke gis som bagatellmessig støtte: %(who)s har fått %(before)s i bagatellmessig "
            "støtte i perioden fra %(start)s til %(end)s, og med dette tilskuddet på %(new)s blir summen "
            "%(after)s, over taket på %(ceiling)s (forordning (EU) 2023/2831 artikkel 3)."
        )
    )


def _warning(rule: Regulation, linked: bool) -> str:
    if rule.fiscal_years:
        return (
            _(
                "Obs: med dette tilskuddet har %(who)s og foretak som regnes som ett foretak med det fått %(after)s i "
                "bagatellmessig støtte i regnskapsåret %(year)s og de to foregående (fra %(start)s til %(end)s); "
                "taket er %(ceiling)s over tre regnskapsår (%(regulation)s), og %(left)s er igjen."
            )
            if linked
            else _(
                "Obs: med dette tilskuddet har %(who)s fått %(after)s i bagatellmessig støtte i regnskapsåret "
                "%(year)s og de to foregående (fra %(start)s til %(end)s); taket er %(ceiling)s over tre "
                "regnskapsår (%(regulation)s), og %(left)s er igjen."
            )
        )
    return (
        _(
            "Obs: med dette tilskuddet har %(who)s og foretak som regnes som ett foretak med det fått %(after)s i "
            "bagatellmessig støtte i perioden fra %(start)s til %(end)s; taket er %(ceiling)s, og %(left)s er "
            "igjen."
        )
        if linked
        else _(
            "Obs: med dette tilskuddet har %(who)s fått %(after)s i bagatellmessig støtte i perioden fra "
            "%(start)s til %(end)s; taket er %(ceiling)s, og %(left)s er igjen."
        )
    )


# --- Exchange rates -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    day: date
    nok_per_eur: Decimal
    source: str


class RateMissing(ValueError):
    """No rate on or within `RATE_STALE_DAYS` before a grant date; the message says what to do."""


def rate_for(granted: date, rates: Mapping[date, Rate] | Sequence[Rate], stale_days: int = RATE_STALE_DAYS) -> Rate:
    """The rate of the grant date, or the last one published before it (none on weekends and bank holidays), no
    older than `stale_days`."""
    by_day = rates if isinstance(rates, Mapping) else {r.day: r for r in rates}
    for back in range(stale_days + 1):
        found = by_day.get(granted - timedelta(days=back))
        if found is not None:
            return found
    raise RateMissing(
        _(
            "ingen eurokurs for %(day)s eller de %(days)s dagene før: les inn Den europeiske sentralbankens "
            "referansekurser (omstilling data kurser FIL) eller oppgi kursen for tilskuddet"
        )
        % {"day": date_long(granted), "days": stale_days}
    )


_ECB_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def ecb_rates(
    csv_text: str, currency: str = "NOK", source: str = "ECB", *, today: date | None = None
) -> tuple[list[Rate], list[str]]:
    """The rates for `currency` in the European Central Bank's reference-rate file (`eurofxref-hist.csv` or
    `eurofxref.csv`: a header `Date,USD,JPY,…,NOK,…`, one row per publishing day, "N/A" where none): the rates,
    and the problems (a row that cannot be read, by its line number): a day that is no date, a Saturday or Sunday
    (the ECB publishes none), a day after `today`, a rate outside `RATE_RANGE`. A file without the currency's column
    is one problem."""
    lines = [line for line in csv_text.replace("\r\n", "\n").split("\n") if line.strip()]
    if not lines:
        return [], ["fila er tom"]
    header = [cell.strip() for cell in lines[0].split(",")]
    if currency not in header or header[0] != "Date":
        return [], [f"fila har ingen kolonne «{currency}» etter «Date» (er det referansekursfila fra ECB?)"]
    column = header.index(currency)
    rates: list[Rate] = []
    problems: list[str] = []
    for number_, line in enumerate(lines[1:], start=2):
        cells = [cell.strip() for cell in line.split(",")]
        if len(cells) <= column or not _ECB_DATE.match(cells[0]):
            problems.append(f"linje {number_}: kan ikke leses")
            continue
        if cells[column] in ("N/A", ""):
            continue
        try:
            day = date.fromisoformat(cells[0])
        except ValueError:
            problems.append(f"linje {number_}: «{cells[0]}» er ikke en dato")
            continue
        try:
            value = Decimal(cells[column])
        except (ValueError, ArithmeticError):
            problems.append(f"linje {number_}: «{cells[column]}» er ikke en kurs")
            continue
        if day.weekday() >= 5:
            weekday = ("lørdag", "søndag")[day.weekday() - 5]
            problems.append(f"linje {number_}: {cells[0]} er en {weekday}; ECB publiserer ingen kurser i helgene")
            continue
        if today is not None and day > today:
            problems.append(f"linje {number_}: {cells[0]} er ikke kommet ennå")
            continue
        low, high = RATE_RANGE
        if not value.is_finite() or value <= 0 or (currency == "NOK" and not low <= value <= high):
            problems.append(
                f"linje {number_}: «{cells[column]}» er ikke en rimelig kurs for {currency} "
                f"(NOK: mellom {low} og {high} kroner per euro)"
            )
            continue
        rates.append(Rate(day, value, source))
    return rates, problems


# --- The register ---------------------------------------------------------------------------------------------

DEADLINE_MOST = {"måneder": 60, "virkedager": 1000}
"""The longest reporting deadline a setting may give (five years; about four years of working days)."""


@dataclass(frozen=True)
class ReportingRule:
    """When an award goes to Registeret for offentlig støtte: at or over `threshold_eur`, within `months` after the
    grant date, or within `working_days` (the proposed rule: every award, 20 working days) when that is set."""

    threshold_eur: Decimal = Decimal(100_000)
    months: int | None = 6
    working_days: int | None = None

    def applies(self, eur: Decimal) -> bool:
        return eur >= self.threshold_eur

    def deadline(self, granted: date, calendar: WorkCalendar | None = None) -> date:
        if self.working_days is not None:
            calendar = calendar or WorkCalendar()
            day, left = granted, self.working_days
            while left:
                day += timedelta(days=1)
                if calendar.is_working_day(day):
                    left -= 1
            return day
        return granted + relativedelta(months=self.months or 0)

    @classmethod
    def parse(cls, threshold_eur: str | int | Decimal, deadline: str) -> ReportingRule:
        """`deadline`: «6 måneder» or «20 virkedager» (the settings' words)."""
        match = re.fullmatch(r"\s*(\d+)\s*(måneder|måned|mnd|virkedager|virkedag)\s*", deadline.casefold())
        if not match:
            raise ValueError(f"fristen for rapportering «{deadline}»: skriv f.eks. «6 måneder» eller «20 virkedager»")
        count = int(match[1])
        threshold = Decimal(str(threshold_eur))
        most = DEADLINE_MOST["virkedager" if match[2].startswith("virkedag") else "måneder"]
        if not 1 <= count <= most:
            raise ValueError(
                f"fristen for rapportering «{deadline}»: høyst {DEADLINE_MOST['måneder']} måneder eller "
                f"{DEADLINE_MOST['virkedager']} virkedager, og minst 1"
            )
        if match[2].startswith("virkedag"):
            return cls(threshold, None, count)
        return cls(threshold, count, None)


# --- What an award is -----------------------------------------------------------------------------------------


class AidInstrument(LabelledEnum):
    """How the aid is given (the register's «støtteinstrument»)."""

    GRANT = ("tilskudd", "tilskudd")
    LOAN = ("lan", "lån")
    GUARANTEE = ("garanti", "garanti")


class CompanySize(LabelledEnum):
    """The recipient's size (the register's «størrelse på mottaker»)."""

    SMALL = ("liten", "liten bedrift")
    MEDIUM = ("mellomstor", "mellomstor bedrift")
    LARGE = ("stor", "stor bedrift")
