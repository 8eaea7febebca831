"""What every page shares: the templates (autoescaped, with the Norwegian filters), who is asking, the errors a
visitor can meet as Norwegian pages, and the checks each route starts with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlmodel import Session, select

from omstilling import clock
from omstilling.access.roles import NOBODY, Access, access_for, normalise
from omstilling.access.sessions import Ended
from omstilling.config import answer_key, get_settings
from omstilling.core import formatting, language
from omstilling.core.enums import AuditAction, Role
from omstilling.core.language import WrittenStandard, _
from omstilling.errors import OmstillingError
from omstilling.messaging.links import read_answer_token
from omstilling.store import audit, db
from omstilling.store.models import Programme
from omstilling.web.security import csrf_matches, end_session

TEMPLATES = Path(__file__).parent / "templates"


class PageError(Exception):
    """An error a visitor meets, shown as a Norwegian page with this HTTP status."""

    def __init__(self, status: int, title: str, message: str):
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


class SignInNeeded(Exception):
    """Nobody is signed in: go to the sign-in page, and come back here after."""

    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


def forbidden() -> PageError:
    return PageError(403, _("Ingen tilgang"), _("Du har ikke tilgang til denne siden med rollene du har i dag."))


def not_found(message: str | None = None) -> PageError:
    return PageError(404, _("Finnes ikke"), message if message is not None else _("Siden finnes ikke."))


def _datetime_local(value: datetime | None, zone: str | None = None) -> str:
    """An instant as the programme's people read it: in the programme's time zone (`zone`, from
    `Programme.timezone`), else the installation's (`omstilling.clock.zone`)."""
    if value is None:
        return "–"
    if value.tzinfo is None:  # SQLite gives back UTC instants without their zone
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    local = value.astimezone(ZoneInfo(zone) if zone else clock.zone())
    return f"{formatting.date_short(local.date())} kl.\u00a0{local:%H.%M}"


def _problem_text(problem) -> str:
    """A workbook problem without its place (the table's columns say that): the value, then what is wrong."""
    from omstilling.intake.workbook.problems import NO_VALUE, show_value

    if problem.value is NO_VALUE:
        return problem.message
    return f"{show_value(problem.value)} — {problem.message}"


def _none(filter_):
    return lambda value, *args: "–" if value is None else filter_(value, *args)


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        kr=_none(formatting.kr),
        number=_none(formatting.number),
        pct=_none(formatting.percent),
        date_long=_none(formatting.date_long),
        date_short=_none(formatting.date_short),
        weekday_date=_none(formatting.date_with_weekday),
        when=_datetime_local,
        ratio=lambda v: "–" if v is None else formatting.number(v, 1),
        problem_text=_problem_text,
        role_label=lambda r: Role(r).label if r in Role._value2member_map_ else r,
    )
    language.install(env)
    return env


ENV = environment()


@dataclass(frozen=True)
class Visitor:
    """Who is asking: their session and what they may do today."""

    session: dict[str, Any]
    access: Access

    @property
    def signed_in(self) -> bool:
        return self.access.anything

    @property
    def display_name(self) -> str:
        return self.access.name or ("drift" if self.access.operator else self.access.email)


def engine_of(request: Request):
    return request.app.state.engine


def visitor(request: Request) -> Visitor:
    """The visitor of this request (their roles looked up on today's date). Someone signed in who has no role
    left today has their session ended here, at once."""
    session = request.state.session
    live = getattr(request.state, "web_session", None)
    if live is None:
        return Visitor(session, NOBODY)
    found = _access_today(request, live.email)
    if not found.anything:
        end_session(request, Ended.NO_ROLE)
        audit.record(
            engine_of(request),
            AuditAction.SIGN_OUT,
            target=live.email,
            who=live.email,
            source=client_address(request),
            detail={"grunn": Ended.NO_ROLE.value},
        )
        return Visitor(request.state.session, NOBODY)
    audit.act_as(found.email, request.client.host if request.client else "ukjent")  # who the audit trail names
    return Visitor(session, found)


def _access_today(request: Request, email: str) -> Access:
    """What `email` may do today, looked up once per request (the written standard is chosen from it before the
    route asks who the visitor is)."""
    known = getattr(request.state, "access_today", None)
    if known is not None and known.email == normalise(email):
        return known
    with db.session_scope(engine_of(request)) as s:
        found = access_for(s, email, clock.today(), request.app.state.settings.operator_emails)
    request.state.access_today = found
    return found


PROGRAMME_PATH = re.compile(r"^/programmer/(?P<slug>[^/]+)(?P<rest>/.*)?$")
ANSWER_LINK = re.compile(r"^/moter/[^/]+/svar/(?P<token>[^/]+)$")
"""An answer link from a notice (`/programmer/{slug}/moter/{day}/svar/{token}`): its signed token is the authority,
no sign-in."""


def page_standard(request: Request) -> WrittenStandard:
    """The written standard of this request's page, chosen once per request (`app.written_standard`) before the
    route runs, so its title, its messages and the library's refusals it shows are made in it too (issue 28): a page
    about one programme is in the programme's målform for a visitor who may read the programme, and an answer link
    from a notice for whoever holds it (the notice came in that målform). Everything else is bokmål: signing in, the
    county's page, the operator's pages, and a refusal to someone who may not read the programme (an unknown
    programme and a forbidden one look alike)."""
    found = PROGRAMME_PATH.match(request.url.path)
    if found is None:
        return WrittenStandard.BOKMAL
    slug = found["slug"]
    live = getattr(request.state, "web_session", None)
    link = ANSWER_LINK.match(found["rest"] or "")
    # an answer link counts only when its token is signed: a made-up one must not tell that a programme exists
    by_link = link is not None and _signed_answer(link["token"])
    if not by_link and (live is None or not _access_today(request, live.email).can_read(slug)):
        return WrittenStandard.BOKMAL
    with db.session_scope(engine_of(request)) as s:
        standard = s.exec(select(Programme.language).where(Programme.slug == slug)).first()
    return WrittenStandard(standard) if standard else WrittenStandard.BOKMAL


def _signed_answer(token: str) -> bool:
    key = answer_key(get_settings())
    return bool(key) and read_answer_token(key, token) is not None


def client_address(request: Request) -> str:
    return request.client.host if request.client else "ukjent"


def signed_in(request: Request) -> Visitor:
    found = visitor(request)
    if not found.signed_in:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInNeeded(path)
    return found


def programme_or_404(session: Session, slug: str) -> Programme:
    programme = session.exec(select(Programme).where(Programme.slug == slug)).first()
    if programme is None:
        raise not_found(_("Det finnes ikke noe program med kortnavnet «%(slug)s».") % {"slug": slug})
    return programme


def reader(request: Request, slug: str) -> Visitor:
    """A visitor who may read programme `slug` (unknown programmes look the same as forbidden ones, except to
    the operator)."""
    found = signed_in(request)
    if not found.access.can_read(slug):
        raise forbidden()
    return found


def operator(request: Request) -> Visitor:
    """A visitor who is an operator (OMSTILLING_OPERATORS): the operator's pages (the log, the sessions)."""
    found = signed_in(request)
    if not found.access.operator:
        raise forbidden()
    return found


def worker(request: Request, slug: str) -> Visitor:
    """A visitor who may work on programme `slug`: its programme leader, or an operator."""
    found = signed_in(request)
    if not found.access.can_work(slug):
        raise (
            forbidden()
            if not found.access.can_read(slug)
            else PageError(
                403,
                _("Bare for programlederen"),
                _("Bare programlederen (eller drift) kan gjøre dette for programmet."),
            )
        )
    return found


async def check_csrf(request: Request) -> None:
    """Every form posts the session's CSRF token; a form from elsewhere (or an expired session) is refused."""
    form = await request.form()
    if not csrf_matches(request.state.session, form.get("csrf")):
        raise PageError(
            400,
            _("Skjemaet er utløpt"),
            _(
                "Skjemaet kunne ikke sendes (det var utløpt eller kom fra en annen side). "
                "Last siden på nytt og prøv igjen; ingenting ble endret."
            ),
        )


def flash(request: Request, message: str, kind: str = "ok", field: str | None = None) -> None:
    """A message shown once, on the next page; `field` names the form field an error is about (its `name`), which
    the page marks invalid and describes by the message (`_melding.html`'s id «melding»)."""
    request.state.session["f"] = [kind, message, *([field] if field else [])]
    request.state.session_changed = True


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    session = request.state.session
    message = session.pop("f", None)
    if message:
        request.state.session_changed = True
    who = values.pop("who", None) or getattr(request.state, "visitor", None)
    html = ENV.get_template(template).render(
        request=request,
        csrf=session["c"],
        flash=message,
        who=who,
        today=clock.today(),
        lang=language.current().value,  # `<html lang>`: the written standard the page is in
        **values,
    )
    return HTMLResponse(html, status_code=status)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def parse_day(value: str | None, what: str = "dag") -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise PageError(
            400,
            _("Ugyldig dato"),
            _("«%(value)s» er ikke en dato på formen 2014-06-16 (%(what)s).") % {"value": value, "what": what},
        ) from None
    if not 1900 <= day.year <= 2100:  # as parse_year: a wheel of year 9999 cannot even be drawn
        raise PageError(
            400,
            _("Ugyldig dato"),
            _("«%(value)s» er utenfor årene omstilling viser (1900–2100) (%(what)s).") % {"value": value, "what": what},
        )
    return day


def parse_year(value: str | None) -> int | None:
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 4) or not 1900 <= int(value) <= 2100:
        raise PageError(400, _("Ugyldig år"), _("«%(value)s» er ikke et år (for eksempel 2014).") % {"value": value})
    return int(value)


def user_error(exc: OmstillingError) -> str:
    """An error from the library, as the one Norwegian sentence it already is (it may start with a file name,
    so its case is left alone)."""
    return str(exc)
