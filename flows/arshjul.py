"""The daily tick of the årshjul: the only schedule that decides anything. It reads each programme's wheel from
the database (there is no second copy of it in prefect.yaml), drafts the documents that are due by running the
report flows, and plans and sends the reminders."""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact

from flows.felles import artifact_key, engine, today_in_oslo
from flows.rapporter import ALL_FORMATS, BY_KIND, Format, styrerapport
from omstilling import jobs
from omstilling.config import get_settings
from omstilling.models import DocumentKind
from omstilling.notify import notifier_from_settings
from omstilling.outbox import remind


@task(name="materialiser frister", retries=2, retry_delay_seconds=10)
def materialise_deadlines(slug: str, as_of: date) -> dict[str, int]:
    """This year's and next year's deadlines, written idempotently."""
    return jobs.materialise_deadlines(engine(), slug, as_of)


@task(name="sjekk styremøtekravet")
def check_quotas(as_of: date) -> list[dict]:
    warnings = jobs.check_quotas(engine(), as_of)
    logger = get_run_logger()
    for w in warnings:
        logger.warning("%s: %s – %s (%s av minst %s)", w["programme"], w["period"], w["state"], w["counted"],
                       w["minimum"])
    return warnings


@task(name="finn dokumenter som skal lages")
def documents_due(slug: str, as_of: date) -> list[dict]:
    return [{"kind": d.kind.value, "year": d.year, "as_of": d.as_of, "meeting_date": d.meeting_date,
             "reason": d.reason} for d in jobs.documents_to_write(engine(), slug, as_of)]


@task(name="send påminnelser", retries=3, retry_delay_seconds=[30, 120, 600])
def send_reminders(as_of: date, dry_run: bool, digest: bool) -> dict:
    """Plan and send the day's reminders; the outbox makes a retry send nothing twice."""
    notifier = None if dry_run else notifier_from_settings(get_settings().apprise_config)
    summary = remind(engine(), as_of=as_of, now=jobs.local_now(), notifier=notifier, dry_run=dry_run,
                     digest=digest)
    return summary.as_dict()


@flow(name="årshjul", flow_run_name="årshjul-{as_of}", log_prints=True)
def arshjul(as_of: date | None = None, dry_run: bool = False, digest: bool = False,
            formats: list[Format] = ALL_FORMATS) -> dict:
    """Daglig kjøring av årshjulet: frister, styremøtekrav, utkast til dokumenter og påminnelser."""
    day = as_of or today_in_oslo()
    slugs = jobs.programmes(engine())
    for slug in slugs:
        materialise_deadlines(slug, day)
    warnings = check_quotas(day)
    written = []
    for slug in slugs:
        for due in documents_due(slug, day):
            kind = DocumentKind(due["kind"])
            if dry_run:
                written.append({"programme": slug, "dokument": kind.value, "år": due["year"], "grunn": due["reason"]})
                continue
            if kind is DocumentKind.BOARD_REPORT:
                paths = styrerapport(meeting_date=due["meeting_date"], programme=slug, as_of=day, formats=formats)
            else:
                paths = BY_KIND[kind](programme=slug, year=due["year"], as_of=due["as_of"], formats=formats)
            written.append({"programme": slug, "dokument": kind.value, "år": due["year"], "grunn": due["reason"],
                            "filer": len(paths)})
    summary = send_reminders(day, dry_run, digest)
    rows = [{"program": p["programme"], "frist": p["due"], "hendelse": p["title"], "trinn": p["step_name"],
             "til": p["role"]} for p in summary["planned"]]
    create_table_artifact(table=rows or [{"melding": f"Ingen påminnelser {day.isoformat()}"}],
                          key=artifact_key("paaminnelser", day),
                          description=(f"Påminnelser {day.isoformat()}: " + (
                              f"prøvekjøring, {len(rows)} ville blitt sendt" if dry_run else
                              f"{summary['new']} nye, {summary['sent']} sendt, {summary['failed']} feilet, "
                              f"{summary['waiting']} venter")))
    if summary["gave_up"]:
        raise RuntimeError(f"{summary['gave_up']} påminnelser kunne ikke sendes etter flere forsøk "
                           "(er e-postserveren nede?); driftsansvarlig og programleder er varslet")
    return {"dato": day.isoformat(), "dokumenter": written, "påminnelser": {k: summary[k] for k in
            ("new", "sent", "failed", "waiting")}, "kvoter i fare": warnings}
