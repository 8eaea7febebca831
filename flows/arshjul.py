"""The daily tick of the årshjul: the only schedule that decides anything. It reads each programme's wheel from
the database (there is no second copy of it in prefect.yaml), makes the scheduled morning runs (`flows/morgen.py`:
the drafts due at the same time, several documents to a run) mirror the coming twelve months of drafts (any worker
of the pool runs them on their day, at 06.00, before the tick's reminders), and plans and sends the reminders."""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.logging.loggers import flow_run_logger
from prefect.runtime import flow_run

from flows.felles import Blank, artifact_key, engine, form, retry_unless_user_error, run_name
from flows.handlinger import publish_status_page
from flows.kjoreplan import Mirrored, mirror_runs
from flows.morgen import morgen
from flows.rapporter import Format
from omstilling import clock
from omstilling.app import audit, deadlines, drafts, programmes, reminders
from omstilling.core.runplan import PlannedRun
from omstilling.messaging.outbox import describe
from omstilling.messaging.texts import alert_sentence


@task(
    name="materialiser frister",
    task_run_name="materialiser frister · {slug}",
    retries=2,
    retry_delay_seconds=10,
    retry_condition_fn=retry_unless_user_error,
)
def materialise_deadlines(slug: str, as_of: date) -> dict[str, int]:
    """This year's and next year's deadlines, written idempotently."""
    return deadlines.materialise_deadlines(engine(), slug, as_of)


@task(name="sjekk styremøtekravet", task_run_name="sjekk styremøtekravet {as_of}")
def check_quotas(as_of: date) -> list[dict]:
    warnings = deadlines.check_quotas(engine(), as_of)
    logger = get_run_logger()
    for w in warnings:
        logger.warning(
            "%s: %s – %s (%s av minst %s)", w["programme"], w["period"], w["state"], w["counted"], w["minimum"]
        )
    return warnings


@task(name="planlegg kjøringer", task_run_name="planlegg kjøringer · {slug}")
def plan_runs(slug: str, as_of: date) -> list[PlannedRun]:
    """The report runs the programme's wheel wants for the next twelve months (the database decides)."""
    return drafts.plan_runs(engine(), slug, as_of)


@task(
    name="speil årshjulet i Prefect",
    task_run_name="speil årshjulet i Prefect {as_of}",
    retries=2,
    retry_delay_seconds=10,
    retry_condition_fn=retry_unless_user_error,
)
def mirror(
    as_of: date, planned: list[PlannedRun], programmes: list[str], known: list[str], formats: list[Format] | None
) -> Mirrored:
    """Create the missing scheduled morning runs, change or move those whose drafts changed, cancel those the wheel
    no longer has."""
    return mirror_runs(planned, programmes, known, morgen, {"formats": formats} if formats else {})


@task(
    name="send påminnelser",
    task_run_name="send påminnelser {as_of}",
    retries=3,
    retry_delay_seconds=[30, 120, 600],
    retry_condition_fn=retry_unless_user_error,
)
def send_reminders(as_of: date, dry_run: bool, digest: bool) -> dict:
    """Plan and send the day's reminders (the same job as `omstilling remind`); the outbox makes a retry send
    nothing twice."""
    summary, _configured = reminders.send_reminders(engine(), as_of=as_of, dry_run=dry_run, digest=digest)
    return summary.as_dict()


@task(name="rydd logg og meldingstekster", task_run_name="rydd logg og meldingstekster")
def purge() -> str:
    """The audit trail kept for OMSTILLING_AUDIT_DAYS, the outbox's texts for OMSTILLING_MESSAGE_BODY_DAYS."""
    return audit.purge(engine()).sentence


def _tick_name() -> str:
    return run_name(
        "Årshjul",
        flow_run.parameters.get("as_of") or clock.today(),
        "prøvekjøring" if flow_run.parameters.get("dry_run") else None,
    )


@task(name="varsle drift", task_run_name="varsle drift om {count} feil")
def tell_operator(day: date, count: int, failures: list[dict]) -> str:
    """The operator's `drift` channel hears which programmes failed, and why; returns what happened."""
    return reminders.tell_operator_about_failures(day, failures)


class TickReported(RuntimeError):
    """The tick ends failed over problems it has told the `drift` channel about itself (no second message)."""


def tell_drift_the_tick_stopped(flow, run, state) -> None:
    """on_failure / on_crashed: the `drift` channel hears, once, that the tick stopped, and why (unless the
    tick already told it: `TickReported`)."""
    try:
        state.result(raise_on_failure=True)
        reason = state.message or state.name
    except TickReported:
        return
    except BaseException as exc:  # noqa: BLE001 (whatever stopped the tick is what drift must hear)
        reason = describe(exc) if isinstance(exc, Exception) else (state.message or state.name)
    if run.parameters.get("dry_run"):
        return
    day = run.parameters.get("as_of") or clock.today()
    told = reminders.tell_operator_tick_failed(date.fromisoformat(str(day)), reason)
    flow_run_logger(run, flow).error("Årshjulet stoppet: %s (%s)", reason, told)


@form
@flow(
    name="årshjul",
    flow_run_name=_tick_name,
    log_prints=True,
    on_failure=[tell_drift_the_tick_stopped],
    on_crashed=[tell_drift_the_tick_stopped],
)
def arshjul(
    as_of: date | Blank = None, dry_run: bool = False, digest: bool = False, formats: list[Format] | Blank = None
) -> dict:
    """Daglig kjøring av årshjulet: frister, styremøtekrav, planlagte kjøringer av dokumentene, påminnelser og
    opprydding (gamle hendelser i loggen og gamle meldingstekster).

    Dokumentene de neste tolv månedene står som planlagte kjøringer av rapportene (kl. 06.00 på dagen utkastet
    skal lages); endres en regel, en møtedato eller statusperioden, flyttes eller avlyses de. Hvert program
    kjøres for seg: feiler ett, meldes det (tabell i Prefect og drift-kanalen), og de andre går videre.

    Args:
        as_of: Dagen årshjulet kjøres for. Tomt: i dag (Europe/Oslo).
        dry_run: Prøvekjøring: vis hva som ville skjedd, uten å sende noe eller endre kjøringene.
        digest: Samle hver mottakers påminnelser i én e-post.
        formats: Formatene de planlagte årsdokumentene skrives i: md (Markdown), html, docx (Word), pdf. Tomt:
            hvert dokuments vanlige formater (styrepapirene og protokollen har alltid sine egne).
    """
    day = as_of or clock.today()
    slugs = programmes.slugs(engine())
    failures: list[dict] = []

    def attempt(slug: str, step: str, call):
        try:
            return call()
        except Exception as exc:  # noqa: BLE001 (one programme's failure must not stop the others)
            get_run_logger().error("%s: %s feilet: %s", slug, step, exc)
            failures.append({"program": slug, "steg": step, "feil": describe(exc)})
            return None

    for slug in slugs:
        attempt(slug, "frister", lambda slug=slug: materialise_deadlines(slug, day))
    warnings = check_quotas(day)
    planned: list[PlannedRun] = []
    planned_for = []
    for slug in slugs:
        runs = attempt(slug, "planlegg kjøringer", lambda slug=slug: plan_runs(slug, day))
        if runs is not None:
            planned += runs
            planned_for.append(slug)
    due_today = [
        {"programme": r.programme, "dokument": r.kind.value, "år": r.year, "grunn": r.reason, "kjøring": r.name}
        for r in planned
        if r.day == day
    ]
    runs_done = None
    if not dry_run:
        runs_done = attempt(
            "alle", "kjøringer i Prefect", lambda: mirror(day, planned, planned_for, slugs, list(formats or []))
        )
        if runs_done is not None:
            counts = runs_done.counts()
            create_table_artifact(
                table=runs_done.rows() or [{"melding": f"Ingen endringer i de planlagte kjøringene {day.isoformat()}"}],
                key=artifact_key("kjoringer", day),
                description=f"Årshjulets kjøringer {day.isoformat()}: "
                + ", ".join(f"{v} {k}" for k, v in counts.items()),
            )
    summary = send_reminders(day, dry_run, digest)
    for slug in slugs:
        attempt(slug, "statusside", lambda slug=slug: publish_status_page(slug, day))
    if not dry_run:
        attempt("alle", "opprydding", purge)
    failures += [
        {"program": e["programme"], "steg": e.get("step", "påminnelser"), "feil": e["error"]} for e in summary["errors"]
    ]
    rows = [
        {
            "program": p["programme"],
            "frist": p["due"],
            "hendelse": p["title"],
            "trinn": p["step_name"],
            "til": p["role"],
        }
        for p in summary["planned"]
    ]
    create_table_artifact(
        table=rows or [{"melding": f"Ingen påminnelser {day.isoformat()}"}],
        key=artifact_key("paaminnelser", day),
        description=(
            f"Påminnelser {day.isoformat()}: "
            + (
                f"prøvekjøring, {len(rows)} ville blitt sendt"
                if dry_run
                else f"{summary['new']} nye, {summary['sent']} sendt, {summary['failed']} feilet, "
                f"{summary['waiting']} venter"
            )
        ),
    )
    problems = []
    if failures:
        told = tell_operator(day, len(failures), failures) if not dry_run else "prøvekjøring: drift er ikke varslet"
        create_table_artifact(
            table=failures, key=artifact_key("feil", day), description=f"Feil i årshjulet {day.isoformat()}: {told}"
        )
        failed = sorted({f["program"] for f in failures})
        problems.append(f"{len(failures)} feil for {', '.join(failed)} ({told}); de andre programmene gikk som vanlig")
    if summary["gave_up"]:
        problems.append(alert_sentence(summary) + " Er e-postserveren nede?")
    if problems:
        raise TickReported(" ".join(problems))
    return {
        "dato": day.isoformat(),
        "dokumenter": due_today,
        "kjøringer": runs_done.counts() if runs_done else None,
        "påminnelser": {k: summary[k] for k in ("new", "sent", "failed", "waiting")},
        "kvoter i fare": warnings,
    }
