"""Hypothesis strategies for a workbook's rows: projects with their payments and results, each valid as the
input models take it, and the records a workbook is built from."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from omstilling.core.enums import PaymentKind, Phase, ProjectStatus, ResultSource
from omstilling.intake.schemas import PaymentIn, ProjectIn, ResultIn
from omstilling.intake.workbook.columns import BY_NAME, SHEETS
from omstilling.intake.workbook.records import key_of

# What a cell can hold: no control characters (an .xlsx cannot), no surrogates or non-characters.
LETTERS = st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp"))
NUMBER = st.text(alphabet="0123456789-/ABCxyz", min_size=1, max_size=12).map(str.strip).filter(bool)


def text(max_size: int, alphabet=LETTERS) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=1, max_size=max_size).map(str.strip).filter(bool)


def _check_digit(digits: list[int]) -> int:
    remainder = sum(d * w for d, w in zip(digits, (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    return 0 if remainder == 0 else 11 - remainder


# Valid Norwegian organisation numbers: eight digits and their modulus-11 check digit (never 10).
ORG_NUMBERS = (
    st.lists(st.integers(0, 9), min_size=8, max_size=8)
    .filter(lambda d: _check_digit(d) != 10)
    .map(lambda d: "".join(map(str, d)) + str(_check_digit(d)))
)


DAYS = st.dates(date(1995, 1, 1), date(2030, 12, 31))
MONEY = st.integers(0, 10**9)
TAGS = st.lists(
    text(20, st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp"), blacklist_characters=",")),
    max_size=3,
    unique=True,
)


@st.composite
def projects(draw) -> dict:
    start = draw(st.none() | DAYS)
    end = draw(st.none() | st.dates(start or date(1995, 1, 1), date(2031, 12, 31)))
    status = draw(st.sampled_from(ProjectStatus))
    data = {
        "number": draw(NUMBER),
        "title": draw(text(60)),
        "owner": draw(text(40)),
        "org_number": draw(st.none() | ORG_NUMBERS),
        "focus_area": draw(st.integers(1, 9)),
        "strategy": draw(st.none() | st.from_regex(r"\A[1-9](\.[1-9]){0,2}\Z")),
        "tags": draw(TAGS),
        "phase": draw(st.sampled_from(Phase)),
        "status": status,
        "grant_amount": draw(MONEY),
        "decision_date": draw(DAYS if status.supported else st.none() | DAYS),
        "decision_case": draw(st.none() | st.from_regex(r"\A[0-9]{1,3}/[0-9]{2}\Z")),
        "start_date": start,
        "end_date": end,
        "competence_building": draw(st.booleans()),
        "regional_cooperation": draw(st.booleans()),
        "network_project": draw(st.booleans()),
    }
    return ProjectIn.model_validate(data).model_dump(exclude={"funding"})


def payments(number: str) -> st.SearchStrategy[dict]:
    return st.builds(
        lambda day, kind, amount, note: PaymentIn.model_validate(
            {"project": number, "date": day, "kind": kind, "amount": amount, "note": note}
        ).model_dump(),
        DAYS,
        st.sampled_from(PaymentKind),
        st.integers(1, 10**8),
        st.none() | text(80),
    )


def results(number: str) -> st.SearchStrategy[dict]:
    return st.builds(
        lambda day, source, counts, revenue, note: ResultIn.model_validate(
            {
                "project": number,
                "date": day,
                "source": source,
                "new_jobs": counts[0],
                "secured_jobs": counts[1],
                "new_companies": counts[2],
                "extra_revenue": revenue,
                "note": note,
            }
        ).model_dump(),
        DAYS,
        st.sampled_from(ResultSource),
        st.tuples(*[st.integers(0, 500)] * 3),
        MONEY,
        st.none() | text(80),
    )


@st.composite
def portfolios(draw, with_payments: bool = True) -> dict[str, list[dict]]:
    """Projects with some payments and results, unique by their keys as the sheets key them."""
    found = draw(st.lists(projects(), min_size=1, max_size=4, unique_by=lambda p: p["number"]))
    paid, reported = [], []
    for project in found:
        paid += draw(
            st.lists(
                payments(project["number"]),
                max_size=2 if with_payments else 0,
                unique_by=lambda p: (p["date"], p["kind"]),
            )
        )
        reported += draw(st.lists(results(project["number"]), max_size=2, unique_by=lambda r: (r["date"], r["source"])))
    if not with_payments:
        return {"Prosjekter": found, "Resultater": reported}
    return {"Prosjekter": found, "Utbetalinger": paid, "Resultater": reported}


def records_of(portfolio: dict[str, list[dict]]) -> dict[str, dict]:
    records = {sheet.name: {} for sheet in SHEETS}
    for name, rows in portfolio.items():
        records[name] = {key_of(BY_NAME[name], row): row for row in rows}
    return records
