"""The day's reminders and invitations, planned and sent exactly once; the operator told of failures."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from omstilling import clock
from omstilling.app.drafts import write_report
from omstilling.core.enums import DocumentKind
from omstilling.messaging.outbox import RunSummary, describe, invite, meetings_to_call, remind
from omstilling.messaging.transport import configured_notifier


def send_reminders(
    engine: Engine,
    *,
    as_of: date | None = None,
    dry_run: bool = False,
    digest: bool = False,
    programme: str | None = None,
) -> tuple[RunSummary, bool]:
    """`omstilling remind` and the tick: plan the day's reminders, record them and send what is pending
    through the configured apprise services. Returns the summary and whether a notifier was configured."""
    notifier = None if dry_run else configured_notifier()
    as_of, now = as_of or clock.today(), clock.now()
    # the board pack of each meeting called today, written (or the unchanged version reused) once, before its
    # notices are planned: every notice attaches the same file
    packs = [] if notifier is None else call_meetings(engine, as_of=as_of, programme=programme)
    # meeting invitations and notices first, so that they go out in the same sending round as the reminders
    invited, errors = (
        (0, [])
        if notifier is None
        else invite(engine, as_of=as_of, now=now, notifier=notifier, programme_slug=programme)
    )
    errors = packs + errors
    summary = remind(
        engine, as_of=as_of, now=now, notifier=notifier, dry_run=dry_run, digest=digest, programme_slug=programme
    )
    summary.invitations = invited
    summary.errors = [{"step": "invitasjoner"} | error for error in errors] + summary.errors
    return summary, notifier is not None


def call_meetings(engine: Engine, *, as_of: date, programme: str | None = None) -> list[dict[str, str]]:
    """Write the board pack (`app.drafts.write_report`: unchanged data writes nothing) of each board meeting whose
    notice goes on `as_of` and has not gone; the programmes whose pack could not be written (their notice goes
    without it, and says where the papers will be)."""
    errors = []
    for slug, day in meetings_to_call(engine, as_of=as_of, programme_slug=programme):
        try:
            write_report(engine, slug, DocumentKind.BOARD_PACK, meeting_date=day, today=as_of)
        except Exception as exc:  # noqa: BLE001 (reported; the notice still goes)
            errors.append({"programme": slug, "error": describe(exc), "step": "styrepapirer"})
    return errors


def tell_operator_about_failures(day: date, failures: list[dict[str, str]]) -> str:
    """Send the day's failures to the operator's `drift` channels; say in words what really happened."""
    notifier = configured_notifier()
    channels = notifier.channels_for("drift") if notifier else []
    if notifier is None or not channels:
        return "drift er ikke varslet: ingen kanal er merket drift i apprise-oppsettet"
    subject = f"omstilling: {len(failures)} feil i årshjulet {day.isoformat()}"
    body = "\n".join(f"- {f['program']}: {f['steg']}: {f['feil']}" for f in failures)
    results = [
        notifier.send_channel(tag, subject, body + "\n\nDe andre programmene gikk som vanlig.") for tag in channels
    ]
    sent = sum(r.ok for r in results)
    if sent == len(results):
        return f"drift er varslet ({', '.join(channels)})"
    errors = "; ".join(r.error or "" for r in results if not r.ok)
    return f"varselet til drift kunne ikke sendes ({errors})"


def tell_operator_tick_failed(day: date, reason: str) -> str:
    """The whole daily tick stopped (failed or crashed): the operator's `drift` channels hear it, once, from the
    run's hook; returns what happened, in words."""
    notifier = configured_notifier()
    channels = notifier.channels_for("drift") if notifier else []
    if notifier is None or not channels:
        return "drift er ikke varslet: ingen kanal er merket drift i apprise-oppsettet"
    subject = f"omstilling: den daglige kjøringen av årshjulet {day.isoformat()} stoppet"
    body = (
        f"Den daglige kjøringen {day.isoformat()} stoppet før den var ferdig: {reason}\n\n"
        "Frister, planlagte kjøringer og påminnelser kan mangle for alle programmene til den kjøres igjen "
        "(Prefect: «årshjul/daglig» → Run)."
    )
    results = [notifier.send_channel(tag, subject, body) for tag in channels]
    if all(r.ok for r in results):
        return f"drift er varslet ({', '.join(channels)})"
    return f"varselet til drift kunne ikke sendes ({'; '.join(r.error or '' for r in results if not r.ok)})"
