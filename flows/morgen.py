"""A morning's drafts in one run (issue 26): the documents the årshjul has due at the same time, written one after
another in one process, one task per document. The tick schedules these runs (`omstilling.core.runplan.morning_runs`,
`flows/kjoreplan.py`); a worker's process then pays its start once for many documents instead of once for each.

Each document keeps what its own run gave it: its task (named for the document and programme, tagged with the
programme when the programme has a concurrency limit, so the limit holds), its record with this run's id, its
artifacts, and exactly
once: a document already recorded is not written again (the records decide, as for `only_if_missing`), so a run
retried after a crash writes only what it had not. One document that fails does not stop the others; the run
then ends Failed, naming each one that failed and why, and the tick drafts those again."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from datetime import date
from typing import Any

from prefect import flow, get_run_logger, tags, task
from prefect.states import Failed, State

from flows.felles import Blank, engine, form, retry_unless_user_error
from flows.utkast import Format, show, write
from omstilling.app import drafts
from omstilling.core.runplan import MorningDocument, document_formats


@task(name="skriv utkast", retries=2, retry_delay_seconds=[5, 30], retry_condition_fn=retry_unless_user_error)
def draft(document: MorningDocument, formats: list[str] | None) -> dict | None:
    """Write one document of the morning unless it is recorded already (then None); show it as artifacts."""
    if drafts.already_written(engine(), document.programme, document.kind, document.year, document.meeting_date):
        print(f"{document.title}: allerede laget, ingen nytt utkast.")
        return None
    result = write(
        document.programme,
        document.kind,
        None if document.meeting_date else document.year,
        document.as_of,
        document.meeting_date,
        formats,
    )
    try:
        show(document.programme, document.kind, result)
    except Exception as exc:  # noqa: BLE001 (the document is written and recorded; its picture in Prefect is not)
        get_run_logger().warning("%s: artefaktene ble ikke laget: %s", document.title, exc)
    return {key: result[key] for key in ("paths", "changed", "version")}


def limited(programmes: Iterable[str]) -> set[str] | None:
    """Which of `programmes` have a concurrency limit on their tag (`prefect concurrency-limit create <programme> 2`;
    `make run` makes one for each). Only those documents' tasks carry the programme's tag: a tagged task asks the
    server for a slot before it starts, limit or none, and that costs about a second a document on a busy server.
    None when the limits cannot be read (then every task is tagged, as before)."""
    from prefect.client.orchestration import get_client

    wanted, found, page = set(programmes), set(), 200
    try:
        with get_client(sync_client=True) as client:
            for offset in range(0, 100 * page, page):
                limits = client.read_concurrency_limits(limit=page, offset=offset)
                found |= {limit.tag for limit in limits if limit.tag in wanted}
                if len(limits) < page:
                    break
    except Exception as exc:  # noqa: BLE001 (tagging every task is the safe side)
        get_run_logger().warning("Fant ikke programmenes grenser for samtidighet (%s): alle oppgavene merkes.", exc)
        return None
    return found


def task_name(document: MorningDocument) -> str:
    """«skriv årsrapport 2014 · vestre-toten»: which document, for which programme."""
    return f"skriv {document.kind.label} {document.meeting_date or document.year} · {document.programme}"


@form
@flow(name="morgen", log_prints=True)
def morgen(day: date, documents: list[dict[str, Any]], formats: list[Format] | Blank = None) -> dict | State:
    """Morgenens utkast fra årshjulet: dokumentene som skal lages samtidig, ett etter ett i samme kjøring, hvert
    som en egen oppgave. Et dokument som allerede er laget, skrives ikke igjen. Årshjulet planlegger disse
    kjøringene selv; kjør den for hånd bare for å prøve igjen.

    Args:
        day: Dagen utkastene gjelder (morgenen de ble planlagt til).
        documents: Dokumentene: program, kind (f.eks. arsrapport), year eller meeting_date, og as_of.
        formats: Formatene: md (Markdown), html, docx (Word), pdf. Tomt: hvert dokuments vanlige formater
            (styrepapirene og protokollen har alltid sine egne).
    """
    written: list[str] = []
    already: list[str] = []
    failed: list[str] = []
    limits = limited(str(entry.get("programme")) for entry in documents if isinstance(entry, dict))
    for entry in documents:
        try:
            document = MorningDocument.of(entry)
        except (KeyError, ValueError, TypeError, AttributeError):
            failed.append(f"«{entry}» er ikke et dokument")
            continue
        tagged = limits is None or document.programme in limits
        with tags(document.programme) if tagged else nullcontext():  # the programme's limit holds its documents
            state = draft.with_options(task_run_name=task_name(document))(
                document, document_formats(document.kind, formats), return_state=True
            )
        if state.is_completed():
            (written if state.result() else already).append(document.title)
        else:
            failed.append(f"{document.title}: {state.result(raise_on_failure=False)}")
    print(f"Morgen {day.isoformat()}: {len(written)} skrevet, {len(already)} allerede laget, {len(failed)} feilet.")
    if failed:
        return Failed(message=f"{len(failed)} av {len(documents)} utkast feilet: " + "; ".join(failed))
    return {"dag": day.isoformat(), "skrevet": written, "allerede laget": already}
