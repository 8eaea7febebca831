"""A company's declaration of other de minimis aid, and organisation numbers that count as one undertaking, recorded
on the page «Bagatellmessig støtte» by the programme leader (or the operator), through `app.stateaid`'s
`record_declaration`, `record_link` and `remove_link`, the functions the workbook's sheets Erklæringer and Foretak
use. As the form «Registrer støtte» (`stateaid_form`): a refusal is tied to its field and the form comes back
filled in (409); what was recorded is said on the page after a redirect."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Depends, Request

from omstilling.app import stateaid
from omstilling.core.language import _
from omstilling.errors import InputError, OmstillingError
from omstilling.web.pages import check_csrf, flash, redirect, user_error, worker
from omstilling.web.routes.stateaid_form import Problems, form_day, refuse, text_problems

router = APIRouter()

ROWS = 3
"""Rows of declared aid the form offers (a declaration with more is for the workbook's sheet Erklæringer)."""
DECLARATION_FIELDS = (
    "e_orgnr",
    "e_dato",
    "e_signert",
    *(f"e_{part}_{n}" for n in range(1, ROWS + 1) for part in ("giver", "ordning", "tildelt", "euro")),
)
LINK_FIELDS = ("k_orgnr", "k_med", "k_hvorfor")
LIMITS = {"e_signert": 200, "k_hvorfor": 300} | {
    f"e_{p}_{n}": 200 for n in range(1, ROWS + 1) for p in ("giver", "ordning")
}
_ORG = re.compile(r"[\s\u00a0]")
ROW_FIELDS = {"grantor": "giver", "scheme": "ordning", "granted_on": "tildelt", "amount_eur": "euro"}


def labels() -> dict[str, str]:
    named = {
        "e_orgnr": _("Foretakets organisasjonsnummer"),
        "e_dato": _("Erklæringen er datert"),
        "e_signert": _("Signert av"),
        "k_orgnr": _("Organisasjonsnummer"),
        "k_med": _("Regnes som ett foretak med"),
        "k_hvorfor": _("Hvorfor (kontroll gjennom stemmer, styre eller avtale)"),
    }
    for n in range(1, ROWS + 1):
        named |= {
            f"e_giver_{n}": _("Støttegiver, rad %(row)s") % {"row": n},
            f"e_ordning_{n}": _("Ordning, rad %(row)s") % {"row": n},
            f"e_tildelt_{n}": _("Dato, rad %(row)s") % {"row": n},
            f"e_euro_{n}": _("Beløp i euro, rad %(row)s") % {"row": n},
        }
    return named


def read_declaration(values: dict[str, str]) -> tuple[dict[str, Any], Problems]:
    """The form's values as `record_declaration`'s arguments (rows left blank are no rows), and what the form itself
    can tell is wrong; the app checks the rest."""
    problems = Problems(DECLARATION_FIELDS, labels)
    text_problems(values, DECLARATION_FIELDS, LIMITS, problems)
    if problems:
        return {}, problems
    if not values.get("e_orgnr"):
        problems.add("e_orgnr", _("oppgi foretakets organisasjonsnummer"))
    declared = form_day(values.get("e_dato", ""), "e_dato", problems)
    if declared is None and "e_dato" not in problems.found:
        problems.add("e_dato", _("oppgi datoen erklæringen er signert"))
    if not values.get("e_signert"):
        problems.add("e_signert", _("oppgi hvem som signerte erklæringen"))
    rows = []
    for n in range(1, ROWS + 1):
        given = {part: values.get(f"e_{part}_{n}", "") for part in ("giver", "ordning", "tildelt", "euro")}
        if not any(given.values()):
            continue
        if not given["giver"]:
            problems.add(f"e_giver_{n}", _("oppgi hvem som ga støtten"))
        granted = form_day(values.get(f"e_tildelt_{n}", ""), f"e_tildelt_{n}", problems)
        if granted is None and f"e_tildelt_{n}" not in problems.found:
            problems.add(f"e_tildelt_{n}", _("oppgi datoen støtten ble gitt"))
        amount = None
        euro = _ORG.sub("", given["euro"]).replace(",", ".")
        try:
            amount = Decimal(euro) if euro else None
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            problems.add(f"e_euro_{n}", _("skriv beløpet i euro som et tall, for eksempel 25 000 eller 25 000,50"))
        elif amount <= 0:
            problems.add(f"e_euro_{n}", _("beløpet må være over 0 euro"))
        elif amount >= Decimal("1e12") or amount != amount.quantize(Decimal("0.01")):
            problems.add(f"e_euro_{n}", _("skriv beløpet i euro med høyst to desimaler og under 1 000 milliarder"))
        rows.append(
            {"grantor": given["giver"], "scheme": given["ordning"], "granted_on": granted, "amount_eur": amount}
        )
    args = {
        "org_number": _ORG.sub("", values.get("e_orgnr", "")),
        "declared_on": declared,
        "signed_by": values.get("e_signert", ""),
        "rows": rows,
    }
    return args, problems


def _app_field(field: str) -> str:
    """An app problem's field (`org_number`, `rows.0.amount_eur`, `rad 2`) as the form's name."""
    found = re.fullmatch(r"rows\.(\d+)\.(\w+)", field) or re.fullmatch(r"rad (\d+)", field)
    if found:
        row = int(found.group(1)) + (1 if field.startswith("rows") else 0)
        part = ROW_FIELDS.get(found.group(2), "euro") if field.startswith("rows") else "euro"
        return f"e_{part}_{row}"
    return {"org_number": "e_orgnr", "declared_on": "e_dato", "signed_by": "e_signert"}.get(field, "e_orgnr")


def _values(form, names: tuple[str, ...]) -> dict[str, str]:
    return {name: str(form.get(name) or "").strip() for name in names}


@router.post("/programmer/{slug}/stotte/erklaering", dependencies=[Depends(check_csrf)])
async def record_declaration(request: Request, slug: str):
    """A company's declaration of the de minimis aid it got from others (none, or up to three rows)."""
    who = worker(request, slug)
    values = _values(await request.form(), DECLARATION_FIELDS)
    args, problems = read_declaration(values)
    not_recorded = _("Erklæringen ble ikke registrert, og ingenting ble lagret. %(problems)s.")
    if problems:
        return refuse(request, who, slug, values, not_recorded % {"problems": problems.listed()}, problems.first)
    try:
        done = stateaid.record_declaration(
            request.app.state.engine,
            slug,
            args["org_number"],
            declared_on=args["declared_on"],
            signed_by=args["signed_by"],
            rows=args["rows"],
            by=who.display_name,
        )
    except InputError as exc:
        found = Problems(DECLARATION_FIELDS, labels)
        for p in exc.problems:
            found.add(_app_field(p.field), p.message)
        return refuse(request, who, slug, values, not_recorded % {"problems": found.listed()}, found.first)
    except OmstillingError as exc:
        return refuse(request, who, slug, values, user_error(exc), "e_orgnr")
    flash(request, done.sentence + (f" {done.warning}" if done.warning else ""), "advarsel" if done.warning else "ok")
    return redirect(f"/programmer/{slug}/stotte#erklaering")


@router.post("/programmer/{slug}/stotte/kobling", dependencies=[Depends(check_csrf)])
async def link(request: Request, slug: str):
    """Two organisation numbers that count as one undertaking (`handling=koble`), or this programme's link taken
    away (`handling=fjern`)."""
    who = worker(request, slug)
    form = await request.form()
    values = _values(form, LINK_FIELDS)
    removing = form.get("handling") == "fjern"
    problems = Problems(LINK_FIELDS, labels)
    text_problems(values, LINK_FIELDS, LIMITS, problems)
    for name in ("k_orgnr", "k_med"):
        if not values[name] and name not in problems.found:
            problems.add(name, _("oppgi organisasjonsnummeret"))
    not_recorded = _("Koblingen ble ikke endret, og ingenting ble lagret. %(problems)s.")
    if problems:
        return refuse(request, who, slug, values, not_recorded % {"problems": problems.listed()}, problems.first)
    first, other = _ORG.sub("", values["k_orgnr"]), _ORG.sub("", values["k_med"])
    engine = request.app.state.engine
    try:
        if removing:
            stateaid.remove_link(engine, slug, first, other, by=who.display_name)
        else:
            new = stateaid.record_link(engine, slug, first, other, why=values["k_hvorfor"], by=who.display_name)
    except InputError as exc:
        found = Problems(LINK_FIELDS, labels)
        for p in exc.problems:
            name = {"org_number": "k_orgnr", "counts_with": "k_med", "why": "k_hvorfor"}.get(p.field, "k_orgnr")
            found.add(name, p.message)
        return refuse(request, who, slug, values, not_recorded % {"problems": found.listed()}, found.first)
    except OmstillingError as exc:
        return refuse(request, who, slug, values, user_error(exc), "k_med")
    pair = {"first": values["k_orgnr"], "other": values["k_med"]}
    if removing:
        said = _("Koblingen mellom org.nr. %(first)s og %(other)s er fjernet.") % pair
    elif new:
        said = _("Org.nr. %(first)s og %(other)s regnes nå som ett foretak i alle programmenes tak.") % pair
    else:
        said = (
            _("Org.nr. %(first)s og %(other)s var allerede registrert som ett foretak; ingenting nytt ble lagret.")
            % pair
        )
    flash(request, said)
    return redirect(f"/programmer/{slug}/stotte#foretak")
