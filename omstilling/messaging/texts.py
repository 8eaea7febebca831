"""Message texts (Norwegian) from the Jinja2 templates in documents/templates/messages/: for each kind a subject
(`.emne.j2`), the plain text (`.txt.j2`, sent exactly as written), the HTML part (`.html.j2`, inline CSS only,
user text escaped) and, where a channel (Teams, Slack) gets it, Markdown (`.md.j2`).

Every text is written in bokmål and marked for translation (`core.language`); a message is in the written standard
current where it is made. The callers that make a message for one programme make it in that programme's standard
(`with language.speaking(snapshot.language)`: `plan.plan_rows`, `notices`, `invitations`, `minutes`, and the
alerts to a programme's leader); a digest follows its items' programmes (`digest_text`); what only the operator
reads (`alert_sentence`, the failure alert to the `drift` channel) stays bokmål."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, TemplateNotFound
from markupsafe import Markup

from omstilling.config import get_settings
from omstilling.core import language
from omstilling.core.enums import AgendaState, DocumentKind, EventKind, MessageKind, Role
from omstilling.core.formatting import date_long, date_with_weekday
from omstilling.core.language import _
from omstilling.core.periods import report_year
from omstilling.core.reminders import BOARD, PlannedReminder, step_name


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    html: str | None = None
    markdown: str | None = None


def paragraphs(text: str) -> Markup:
    """Plain text as HTML: blank lines part paragraphs, lines starting with "- " make a list (escaped)."""
    parts = []
    for block in text.strip().split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        bullets = [line[2:] for line in lines if line.startswith("- ")]
        rest = [line for line in lines if not line.startswith("- ")]
        if rest:
            parts.append(Markup('<p style="margin:0 0 8px 0;">{}</p>').format(Markup("<br>").join(rest)))
        if bullets:
            items = Markup("").join(Markup("<li>{}</li>").format(b) for b in bullets)
            parts.append(Markup('<ul style="margin:0 0 8px 0;padding-left:22px;">{}</ul>').format(items))
    return Markup("\n").join(parts)


def bold(value: object) -> Markup:
    """A value in bold in the HTML form (escaped), to be put into a translated sentence as its placeholder."""
    return Markup("<strong>{}</strong>").format(value)


@lru_cache
def _environment(folder: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(folder / "messages")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
    )
    env.filters["ukedag_dato"] = date_with_weekday
    env.filters["avsnitt"] = paragraphs
    env.filters["fet"] = bold
    env.globals["written_standard"] = lambda: language.current().value  # <html lang="…">: nb or nn
    language.install(env)
    return env


@lru_cache(maxsize=64)
def _templates(folder: Path, template: str) -> tuple[Template, Template, Template | None, Template | None]:
    """A message kind's templates, looked up once per folder: subject, text, and the HTML and Markdown forms when
    they exist (a missing form was looked for on disk again at every message)."""
    env = _environment(folder)

    def optional(name: str) -> Template | None:
        try:
            return env.get_template(name)
        except TemplateNotFound:
            return None

    return (
        env.get_template(f"{template}.emne.j2"),
        env.get_template(f"{template}.txt.j2"),
        optional(f"{template}.html.j2"),
        optional(f"{template}.md.j2"),
    )


def render(template: str, **values) -> Text:
    """Subject, text, HTML and Markdown of one message (the HTML and Markdown forms when their templates exist)."""
    subject_form, text_form, html_form, md_form = _templates(get_settings().templates_dir, template)
    subject = " ".join(subject_form.render(**values).split())
    html = html_form.render(subject=subject, **values) if html_form is not None else None
    markdown = md_form.render(subject=subject, **values) if md_form is not None else None
    body = text_form.render(**values)
    return Text(subject, body, html, markdown)


def role_label(role: str) -> str:
    if role == "styret":
        return _("styret")
    if role == "deltaker":  # someone a meeting's cancellation reaches who holds no role now
        return _("deltaker")
    return Role(role).label if role in Role._value2member_map_ else role


def _joined(words: list[str]) -> str:
    """ "a", "a og b", "a, b og c" (the same «og» in both standards)."""
    return " og ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " og " + words[-1]


def short_name(municipality: str, name: str) -> str:
    """What the subject starts with, so someone who follows several programmes can tell them apart."""
    return municipality.removesuffix(" kommune") or name


def headline(item: PlannedReminder) -> str:
    """The deadline in a subject: an annual report is named by the year it is about ("Årsrapport 2013"), other
    events by their title."""
    event, occurrence = item.occurrence.event, item.occurrence
    if event.document is DocumentKind.ANNUAL_REPORT and event.kind is EventKind.DEADLINE:
        return _("Årsrapport %(year)s") % {"year": report_year(event.document, occurrence.nominal)}
    return event.title


@dataclass(frozen=True)
class DocumentNote:
    """What a reminder says about its step's document: attached (which formats), too large, or not yet drafted."""

    drafted: bool = False
    attached: str | None = None  # "Word og PDF"
    too_large: str | None = None  # "14 MB"


def reminder_text(
    item: PlannedReminder,
    *,
    programme: str,
    short: str,
    slug: str,
    missing: list[str],
    as_of: date,
    state: AgendaState | None = None,
    document: DocumentNote | None = None,
    action_url: str | None = None,
    documents_url: str | None = None,
) -> Text:
    """Subject, text, HTML and Markdown of one reminder: what is due and when, who is responsible, the step, what
    is missing, the document (attached or where to get it) and what to do."""
    occurrence, event = item.occurrence, item.occurrence.event
    others = [
        role
        for role in dict.fromkeys(item.reminder.roles)
        if role != item.role and not (role == "styret" and item.role in BOARD)
    ]
    note = document or DocumentNote()
    with language.speaking(language.WrittenStandard.BOKMAL):  # the step as the template knows it, whatever its words
        step_key = step_name(item.occurrence, item.reminder)
    return render(
        "paaminnelse",
        name=item.name,
        title=event.title,
        headline=headline(item),
        # a decision's follow-up and an award's report are deadlines to their reader ("frist …"), not a meeting
        kind=EventKind.DEADLINE.value
        if event.kind in (EventKind.FOLLOW_UP, EventKind.AID_REPORT)
        else event.kind.value,
        due=occurrence.due,
        start=occurrence.start.strftime("%H.%M") if occurrence.start else None,
        days=(occurrence.due - as_of).days,
        offset=item.reminder.offset,
        overdue=item.reminder.overdue,
        step=item.step_name,
        step_key=step_key,
        role=role_label(item.role),
        role_key=item.role,
        responsible_here=item.role in event.responsible_roles,
        also=_joined([role_label(role) for role in others]),
        responsible=", ".join(role_label(r) for r in event.responsible_roles),
        programme=programme,
        short=short,
        slug=slug,
        document=DocumentKind(event.document).label if event.document else None,
        drafted=note.drafted,
        attached=note.attached,
        too_large=note.too_large,
        documents_url=documents_url,
        action_url=action_url,
        missing=missing,
        state=state.label if state else None,
        description=event.description,
    )


def _signatures() -> set[str]:
    """A message's last line, «Hilsen omstilling», in each standard (an item of a digest may be in either)."""
    found = set()
    for standard in language.WrittenStandard:
        with language.speaking(standard):
            found.add(_("Hilsen omstilling"))
    return found


def _core(text: Text) -> tuple[str | None, Text]:
    """A message without its greeting ("Hei Bjørn Iversen,") and its signature, and the name it greeted."""
    lines = text.body.strip("\n").splitlines()
    name = None
    if lines and lines[0].startswith("Hei") and lines[0].endswith(","):
        name = lines[0][3:-1].strip() or None
        lines = lines[2:] if len(lines) > 1 and not lines[1].strip() else lines[1:]
    if lines and lines[-1] in _signatures():
        lines = lines[:-1]
    return name, Text(text.subject, "\n".join(lines).strip("\n") + "\n")


def digest_text(
    name: str | None, day: date, items: list[Text], *, programme: str | None = None, short: str | None = None
) -> Text:
    """One message with all of a person's reminders of the day (each without its own greeting and signature).
    When every item is about one programme (their subjects start alike), the digest names it.

    Its own words (the subject, the greeting's line, the signature) are in the standard current where it is made:
    the caller (`delivery.send_pending`) makes it in the standard of the items' programmes when they share one (a
    digest about one programme follows that programme, one about several nynorsk programmes is nynorsk), and in
    bokmål when they are mixed; each item keeps the standard it was written in."""
    cores = [_core(item) for item in items]
    name = name or next((found for found, _text in cores if found), None)
    prefixes = {item.subject.split(": ", 1)[0] for item in items if ": " in item.subject}
    if short is None and len(prefixes) == 1 and all(": " in item.subject for item in items):
        short = prefixes.pop()
    return render(
        "sammendrag",
        name=name,
        day=day,
        count=len(items),
        items=[core for _, core in cores],
        programme=programme or (f"omstilling · {short}" if short else "omstilling"),
        short=short,
    )


def failure_text(items: list[dict], attempts: int, *, programme: str = "omstilling", short: str | None = None) -> Text:
    """The alert about messages given up, in the standard current where it is made: the caller
    (`alerts.queue_alerts`) makes the programme leader's in the programme's standard, and the `drift` channel's,
    which the installation's operator reads, in bokmål. The recipients' roles are named as stored in bokmål (as
    before), in nynorsk by their labels."""
    invitations = all(MessageKind(item["kind"]).for_meeting for item in items)
    if language.current() is not language.WrittenStandard.BOKMAL:
        items = [{**item, "role": role_label(item["role"])} if item.get("role") else item for item in items]
    return render(
        "feil",
        items=items,
        count=len(items),
        attempts=attempts,
        programme=programme,
        short=short,
        invitations=invitations,
    )


def invitation_text(
    *,
    name: str | None,
    programme: str,
    short: str,
    summary: str,
    starts: datetime,
    ends: datetime,
    location: str | None,
    agenda: list[str],
    sequence: int,
    cancelled: bool,
    removed: bool = False,
) -> Text:
    """The e-mail that carries a meeting invitation (its .ics goes with it): an invitation, a change, a
    cancellation, or (`removed`) the news that the meeting is no longer the recipient's (they left the role)."""
    return render(
        "invitasjon",
        name=name,
        programme=programme,
        short=short,
        summary=summary,
        day=starts.date(),
        start=starts.strftime("%H.%M"),
        end=ends.strftime("%H.%M"),
        location=location,
        agenda=agenda,
        sequence=sequence,
        cancelled=cancelled,
        removed=removed,
    )


def alert_sentence(summary: dict) -> str:
    """What really happened to the alerts about messages given up (from `RunSummary.as_dict()`). Bokmål always: a
    run's summary over every programme, read by the installation's operator (the command line, the flow's
    problems), never by a programme's people."""
    alerts = summary["alerts"]
    if not alerts["queued"] and not alerts["sent"]:
        return (
            f"{summary['gave_up']} meldinger (påminnelser eller invitasjoner) ble gitt opp, og ingen kunne "
            "varsles: det finnes verken en drift-kanal i apprise-oppsettet eller en programleder med e-postadresse."
        )
    told = f"{alerts['sent']} av {alerts['queued']} varsler er sendt til drift og programleder"
    if alerts["failed"]:
        told += f", {alerts['failed']} varsler kunne heller ikke sendes"
    return f"{summary['gave_up']} meldinger (påminnelser eller invitasjoner) ble gitt opp etter flere forsøk; {told}."


def _when(starts: datetime) -> str:
    """`mandag 16. juni 2014 kl. 13.00` (`måndag` in nynorsk: the date follows the current standard; «kl.» is both's)."""
    return f"{date_with_weekday(starts.date())} kl. {starts.strftime('%H.%M')}"


def notice_text(
    *,
    name: str | None,
    programme: str,
    short: str,
    title: str,
    starts: datetime,
    ends: datetime,
    location: str | None,
    agenda: dict | None,
    url: str | None,
    document: DocumentNote | None = None,
    was: tuple[datetime, str | None] | None = None,
    cancelled: bool = False,
    answers: list[tuple[str, str]] | None = None,
    called_in_for: str | None = None,
    timed: bool = True,
) -> Text:
    """A board meeting's notice (`timed`: the meeting has a start time; without one the calendar's default time is
    never given as the meeting's) (`agenda`: `core.meeting_agenda`'s parts; `document`: the pack), or its
    correction: moved (`was`: the time and place the notice named) or `cancelled`. No checklist: it is the board's."""
    changes = []
    if was is not None:
        if (was[0].date(), was[0].strftime("%H.%M")) != (starts.date(), starts.strftime("%H.%M")):
            changes.append((_("Tid"), _when(was[0]), _when(starts)))
        if was[1] != location:
            unknown = _("ikke oppgitt")
            changes.append((_("Sted"), was[1] or unknown, location or unknown))
    note = document or DocumentNote()
    return render(
        "innkalling",
        name=name,
        programme=programme,
        short=short,
        title=title,
        kind=title.lower(),
        when=_when(starts)
        if timed
        else _("%(day)s, klokkeslett ikke fastsatt") % {"day": date_with_weekday(starts.date())},
        end=ends.strftime("%H.%M") if timed else None,
        location=location,
        agenda=agenda,
        url=url,
        attached=note.attached,
        too_large=note.too_large,
        changes=changes,
        corrected=was is not None,
        cancelled=cancelled,
        answers=answers or [],
        called_in_for=called_in_for,
    )


MINUTES_STEPS = ("kommentar", "purring", "godkjenning", "godkjent")
"""The minutes' four messages: the draft out for comments, the reminder to comment, out for approval, approved."""


def minutes_text(
    step: str,
    *,
    name: str | None,
    programme: str,
    short: str,
    day: date,
    version: int,
    url: str | None,
    deadline: date | None = None,
    items: list[dict] | None = None,
    approvers: list[str] | None = None,
) -> Text:
    """One of the minutes' messages (`MINUTES_STEPS`) to a member who attended (the decisions listed when the draft
    goes out and when it goes for approval)."""
    if step not in MINUTES_STEPS:
        raise ValueError(step)
    return render(
        "protokoll",
        step=step,
        name=name,
        programme=programme,
        short=short,
        day=date_long(day),
        version=version,
        url=url,
        deadline=date_long(deadline) if deadline else "",
        deadline_long=date_with_weekday(deadline) if deadline else "",
        items=items or [],
        approvers=_joined(approvers or []),
    )
