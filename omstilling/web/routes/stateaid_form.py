"""Registrer støtte: the programme leader (or the operator) records an award of de minimis aid on the page
«Bagatellmessig støtte», through `app.stateaid.record_award`, the same function as the CLI and the workbook.

The form is checked against the ceiling first when asked («Kontroller mot taket», `app.stateaid.check_award`,
nothing written); a refusal is the app's Norwegian sentence with the sum, tied to the field it is about (the flash's
field: `aria-invalid`, `aria-describedby`, focus), the form sent back filled in with status 409 (htmx swaps it too);
an award recorded goes back to the page with its sentence (and the warning near the ceiling) as a flash. The same
form sent twice (a double click, a browser that resends) records once: the second finds the first and says so."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from omstilling.app import stateaid
from omstilling.core.language import _
from omstilling.core.stateaid import AidInstrument, CompanySize, rate_problem
from omstilling.errors import InputError, NotFound, OmstillingError
from omstilling.intake.schemas import LARGEST_KRONER, too_many_kroner, valid_org_number
from omstilling.store import db
from omstilling.web.pages import Visitor, check_csrf, flash, programme_or_404, redirect, user_error, worker

router = APIRouter()

FIELDS = (
    "prosjekt",
    "orgnr",
    "tildelt",
    "belop",
    "brutto",
    "instrument",
    "formal",
    "storrelse",
    "naering",
    "region",
    "kurs",
    "kursdato",
    "kurskilde",
)
"""The form's fields, in the order they stand (the first wrong one gets the focus)."""
APP_FIELDS = {
    "project": "prosjekt",
    "org_number": "orgnr",
    "granted_on": "tildelt",
    "amount_nok": "belop",
    "gross_nok": "brutto",
    "instrument": "instrument",
    "purpose": "formal",
    "recipient_size": "storrelse",
    "industry": "naering",
    "region": "region",
    "rate": "kurs",
    "rate_day": "kursdato",
    "rate_source": "kurskilde",
}
"""The app's names of the fields (`InputError`'s problems) to the form's."""
LIMITS = {"formal": 300, "region": 120, "kurskilde": 120, "naering": 10, "prosjekt": 40}
"""The longest text each text field takes (the app's limits: purpose 300, region 120, a rate's source 120)."""
_CONTROL = re.compile("[\x00-\x1f\x7f\u2028\u2029\ufffe\uffff]")


class Noting(Protocol):
    """Where a form notes what is wrong, by field (either form's `Problems`)."""

    def add(self, name: str, message: str) -> None: ...


def labels() -> dict[str, str]:
    """Each field's label, as the form shows it (and an error names it)."""
    return {
        "prosjekt": _("Prosjekt"),
        "orgnr": _("Organisasjonsnummer"),
        "tildelt": _("Tildelingsdato"),
        "belop": _("Beløp i kroner"),
        "brutto": _("Bruttotilskuddsekvivalent i kroner"),
        "instrument": _("Støtteinstrument"),
        "formal": _("Formål"),
        "storrelse": _("Mottakerens størrelse"),
        "naering": _("Næringskode (NACE)"),
        "region": _("Region"),
        "kurs": _("Eurokurs (kroner per euro)"),
        "kursdato": _("Kursdato"),
        "kurskilde": _("Kilde for kursen"),
    }


@dataclass
class Problems:
    """What is wrong with a form, by field (the form's names), in the order found; the first in the form's `order`
    gets the focus, and each is named by its label (`named`: the form's labels)."""

    order: tuple[str, ...] = FIELDS
    named: Callable[[], dict[str, str]] = labels
    found: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.found.setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.found)

    @property
    def first(self) -> str:
        return min(self.found, key=lambda name: self.order.index(name) if name in self.order else len(self.order))

    def listed(self) -> str:
        """«Label: what is wrong; …», without a closing full stop (the sentence around it has one)."""
        named = self.named()
        return "; ".join(f"{named.get(n, n)}: {m}" for n, messages in self.found.items() for m in messages).rstrip(".")

    def sentence(self) -> str:
        return _("Støtten ble ikke registrert, og ingenting ble lagret. %(problems)s.") % {"problems": self.listed()}


def _kroner(text: str, name: str, problems: Problems) -> int | None:
    """Whole kroner, as written: «150 000», «150.000» and «1.500.000» (a point between thousands), «150 000 kr»,
    «150 000,-». A decimal part («1500.50», «25000,00») is refused, never read as thousands."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).removesuffix("kr").removesuffix(",-")
    if not cleaned:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    if re.fullmatch(r"-?\d*[.,]\d*", cleaned) and re.search(r"\d", cleaned):
        problems.add(name, _("skriv hele kroner, uten øre (for eksempel 1 500, ikke 1 500,50)"))
        return None
    if not re.fullmatch(r"-?\d+", cleaned):
        problems.add(name, _("skriv beløpet i hele kroner, for eksempel 150 000"))
        return None
    amount = int(cleaned)
    if amount < 0:
        problems.add(name, _("beløpet kan ikke være negativt"))
    elif amount > LARGEST_KRONER:
        problems.add(name, too_many_kroner())
    else:
        return amount
    return None


def text_problems(values: dict[str, str], names: tuple[str, ...], limits: dict[str, int], problems: Noting) -> None:
    """Each text field no longer than its limit (40 unless `limits` says), and without control characters."""
    for name in names:
        text, limit = values.get(name, ""), limits.get(name, 40)
        if len(text) > limit:
            problems.add(name, _("er for lang: høyst %(limit)s tegn") % {"limit": limit})
        elif _CONTROL.search(text):
            problems.add(name, _("har kontrolltegn som ikke kan lagres"))


def form_day(text: str, name: str, problems: Noting) -> date | None:
    """A date field: ISO (what a browser's date field sends), within the years omstilling shows; blank is none."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        problems.add(name, _("er ikke en dato på formen 2014-06-16"))
        return None
    if not 1900 <= day.year <= 2100:
        problems.add(name, _("er utenfor årene omstilling viser (1900–2100)"))
        return None
    return day


def read_form(values: dict[str, str]) -> tuple[dict[str, Any], Problems]:
    """The form's values as `record_award`'s arguments, and what is wrong with them that the form itself can tell
    (the app checks the rest: the project, the rate, the ceiling). A blank field is left out: the app takes the
    project's organisation number, decision date and grant."""
    problems = Problems()
    text_problems(values, FIELDS, LIMITS, problems)
    if problems:
        return {}, problems
    args: dict[str, Any] = {}
    org = re.sub(r"[\s\u00a0]", "", values.get("orgnr", ""))
    if org:
        if not valid_org_number(org):
            problems.add(
                "orgnr",
                _("«%(org)s» er ikke et gyldig organisasjonsnummer (9 siffer med kontrollsiffer)")
                % {"org": values["orgnr"]},
            )
        args["org_number"] = org
    args["granted_on"] = form_day(values.get("tildelt", ""), "tildelt", problems)
    args["amount_nok"] = _kroner(values.get("belop", ""), "belop", problems)
    args["gross_nok"] = _kroner(values.get("brutto", ""), "brutto", problems)
    instrument = values.get("instrument") or AidInstrument.GRANT.value
    if instrument not in {i.value for i in AidInstrument}:
        problems.add("instrument", _("velg tilskudd, lån eller garanti"))
    args["instrument"] = instrument
    size = values.get("storrelse", "")
    if size and size not in {s.value for s in CompanySize}:
        problems.add("storrelse", _("velg liten, mellomstor eller stor bedrift"))
    args["recipient_size"] = size or None
    args["purpose"] = values.get("formal", "")
    args["industry"] = values.get("naering") or None
    args["region"] = values.get("region") or None
    rate_text = re.sub(r"[\s\u00a0]", "", values.get("kurs", "")).replace(",", ".")
    if rate_text:
        try:
            rate = Decimal(rate_text)
        except InvalidOperation:
            problems.add("kurs", _("skriv kursen som et tall, for eksempel 8,2800"))
        else:
            if wrong := rate_problem(rate):  # the app's range and sentence (core.stateaid.RATE_RANGE)
                problems.add("kurs", wrong)
            args["rate"] = rate
        args["rate_day"] = form_day(values.get("kursdato", ""), "kursdato", problems)
        args["rate_source"] = values.get("kurskilde") or None
    elif values.get("kursdato") or values.get("kurskilde"):
        problems.add("kurs", _("oppgi kursen, eller la også kursdato og kilde stå tomme"))
    return {k: v for k, v in args.items() if v is not None and v != ""}, problems


def form_context(request: Request, who: Visitor, programme, **shown: Any) -> dict[str, Any]:
    """What stotte.html needs for the form «Registrer støtte» (none of it for someone who may not record)."""
    if not who.access.can_work(programme.slug):
        return {"award_form": None}
    choices = stateaid.award_choices(request.app.state.engine, programme.slug)
    return {
        "award_form": {
            "open": [c for c in choices if c.open],
            "awarded": [c for c in choices if not c.open],
            "values": dict.fromkeys(FIELDS, "") | (shown.get("values") or {}),
            "checked": shown.get("checked"),
            "labels": labels(),
            "instruments": [(i.value, i.label) for i in AidInstrument],
            "sizes": [(s.value, s.label) for s in CompanySize],
            "action": f"/programmer/{programme.slug}/stotte/tildeling",
        }
    }


def _again(request: Request, who: Visitor, slug: str, values: dict[str, str], status: int, **shown: Any) -> Response:
    from omstilling.web.routes.stateaid import aid_page_response

    with db.session_scope(request.app.state.engine) as session:
        programme = programme_or_404(session, slug)
    return aid_page_response(request, who, programme, status=status, values=values, **shown)


def refuse(request: Request, who: Visitor, slug: str, values: dict[str, str], message: str, name: str) -> Response:
    flash(request, message, "feil", field=name)
    return _again(request, who, slug, values, 409)


def _recorded_before(request: Request, slug: str, project: str, args: dict[str, Any], by: str) -> bool:
    """The same award is already recorded by the same person (the form sent twice)."""
    awards = [a for a in stateaid.programme_awards(request.app.state.engine, slug) if a.project == project]
    for a in awards:
        if a.recorded_by != by or ("granted_on" in args and a.granted_on != args["granted_on"]):
            continue
        if "org_number" in args and a.org_number != args["org_number"]:
            continue
        if "amount_nok" in args and a.amount_nok != args["amount_nok"]:
            continue
        return True
    return False


@router.post("/programmer/{slug}/stotte/tildeling", dependencies=[Depends(check_csrf)])
async def record_award(request: Request, slug: str):
    """«Kontroller mot taket» (`handling=kontroller`): what the ceiling says, nothing written; «Registrer støtte»:
    the award recorded, or refused with the field it is about."""
    who = worker(request, slug)
    form = await request.form()
    values = {name: str(form.get(name) or "").strip() for name in FIELDS}
    checking = form.get("handling") == "kontroller"
    args, problems = read_form(values)
    project = values["prosjekt"]
    if not project:
        problems.add("prosjekt", _("velg prosjektet støtten gis til"))
    if problems:
        return refuse(request, who, slug, values, problems.sentence(), problems.first)
    engine = request.app.state.engine
    try:
        if checking:
            checked = stateaid.check_award(engine, slug, project, by=who.display_name, **args)
        else:
            recorded = stateaid.record_award(engine, slug, project, by=who.display_name, **args)
    except stateaid.AidRefused as exc:
        return refuse(
            request, who, slug, values, _("%(why)s Ingenting ble lagret.") % {"why": user_error(exc)}, "belop"
        )
    except InputError as exc:
        if not checking and _recorded_before(request, slug, project, args, who.display_name):
            flash(
                request,
                _(
                    "Støtten til prosjekt %(project)s er allerede registrert (skjemaet ble sendt to ganger); ingenting "
                    "nytt ble lagret."
                )
                % {"project": project},
            )
            return redirect(f"/programmer/{slug}/stotte#prosjekt-{project}")
        found = Problems()
        for p in exc.problems:
            found.add(APP_FIELDS.get(p.field, "prosjekt"), p.message)
        return refuse(request, who, slug, values, found.sentence(), found.first)
    except NotFound as exc:
        return refuse(request, who, slug, values, user_error(exc), "prosjekt")
    except OmstillingError as exc:
        return refuse(request, who, slug, values, user_error(exc), "prosjekt")
    if checking:
        return _again(request, who, slug, values, 200, checked=checked)
    said = recorded.sentence + (f" {recorded.warning}" if recorded.warning else "")
    flash(request, said, "advarsel" if recorded.warning else "ok")
    return redirect(f"/programmer/{slug}/stotte#prosjekt-{recorded.award.project}")
