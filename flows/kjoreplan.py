"""The tick's Prefect side of the run plan (`omstilling.core.runplan`): make the scheduled morning runs of the
årshjul mirror it. The database stays the one source; this only reads and writes Prefect.

- the plan's documents become morning runs (`morning_runs`): those due at the same time together, shared out over as
  many runs as the morning deployment's work pool runs at once (its concurrency limit; `MORNING_LANES` without one);
- a morning run that Prefect lacks is created, scheduled, under its key (a second tick finds it and adds nothing);
  the new runs are created together, a hundred at a call, through the server's bulk route;
- a scheduled morning run whose documents changed (one more due, one written by hand or no longer due) gives way to
  the one that replaces it at the same time: the old one never started, so it is deleted, and the new one counts as
  changed; one whose parameters or name changed under the same key is moved (deleted and made again);
- one whose earlier run failed or crashed is scheduled again (its logs stay); one cancelled earlier comes back;
- a scheduled run the plan no longer has, with nothing in its place at its time (a changed rule, a moved meeting,
  an ended programme, a document written by hand), is cancelled, with the reason as its state message. The
  per-document runs of earlier versions are replaced or cancelled the same way.
A programme whose plan failed this time keeps its documents in the mornings they stood in. Runs that are pending or
running are left alone. Only runs tagged `årshjul` are ever touched."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from prefect import Flow
from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.actions import DeploymentFlowRunCreate
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterId,
    FlowRunFilterIdempotencyKey,
    FlowRunFilterState,
    FlowRunFilterStateType,
    FlowRunFilterTags,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.exceptions import ObjectNotFound
from prefect.states import Cancelled, Scheduled, State, to_state_create

from omstilling.core.runplan import (
    MORNING_LANES,
    WHEEL_TAG,
    MorningDocument,
    MorningRun,
    PlannedRun,
    morning_runs,
)
from omstilling.errors import OmstillingError

PAGE = 200
BULK = 100  # the most runs Prefect's server creates in one call (BULK_CREATE_LIMIT)
ATTEMPTS = 5
NO_LONGER = (
    "Årshjulet har ikke lenger denne kjøringen: regelen, møtedatoen eller statusperioden er endret, "
    "eller dokumentet er allerede laget."
)


@dataclass
class Mirrored:
    """What one mirroring did, as rows a person can read (for the tick's artifact) and counts."""

    created: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    moved: list[dict] = field(default_factory=list)
    retried: list[dict] = field(default_factory=list)
    cancelled: list[dict] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "nye": len(self.created),
            "endret": len(self.changed),
            "flyttet": len(self.moved),
            "prøves igjen": len(self.retried),
            "avlyst": len(self.cancelled),
            "uendret": self.unchanged,
        }

    def rows(self) -> list[dict]:
        return [
            row | {"endring": change}
            for change, rows in (
                ("ny", self.created),
                ("endret", self.changed),
                ("flyttet", self.moved),
                ("prøves igjen", self.retried),
                ("avlyst", self.cancelled),
            )
            for row in rows
        ]


OWN_NAMES = {"morgen": "skriv-morgenens-utkast"}


def report_deployment(flow: Flow) -> str:
    """A report flow's deployment, named for what it does («skriv-årsrapport»; prefect.yaml has one per flow; the
    morning's drafts: «skriv-morgenens-utkast»)."""
    return OWN_NAMES.get(flow.name, f"skriv-{flow.name}")


def deployment_name(flow: Flow) -> str:
    return f"{flow.name}/{report_deployment(flow)}"


def _deployment(client: SyncPrefectClient, flow: Flow):
    name = deployment_name(flow)
    try:
        return client.read_deployment_by_name(name)
    except ObjectNotFound:
        raise OmstillingError(
            f"Prefect har ingen deployment «{name}»: kjør «prefect --no-prompt deploy --all» "
            "fra mappen med prefect.yaml (make run gjør det)"
        ) from None


def lanes(client: SyncPrefectClient, work_pool: str | None) -> int:
    """How many runs a busy morning is shared out over: as many as the work pool runs at once (its concurrency
    limit), or `MORNING_LANES` when it sets none."""
    if not work_pool:
        return MORNING_LANES
    try:
        limit = client.read_work_pool(work_pool).concurrency_limit
    except ObjectNotFound:
        return MORNING_LANES
    return limit if limit else MORNING_LANES


def read_all(client: SyncPrefectClient, flow_run_filter: FlowRunFilter) -> list[FlowRun]:
    runs: list[FlowRun] = []
    while True:
        page = client.read_flow_runs(flow_run_filter=flow_run_filter, limit=PAGE, offset=len(runs))
        runs += page
        if len(page) < PAGE:
            return runs


def _row(run: MorningRun | FlowRun, when) -> dict:
    row = {"kjøring": run.name, "tidspunkt": when.isoformat(timespec="minutes") if when else ""}
    if isinstance(run, MorningRun):
        row["dokumenter"] = len(run.documents)
    return row


def scheduled_time(run: FlowRun) -> datetime | None:
    return run.state.state_details.scheduled_time if run.state else None


def kept_documents(run: FlowRun, programmes: set[str]) -> list[PlannedRun]:
    """The documents of `programmes` in a scheduled morning run, as the plan had them (for a programme whose plan
    failed this time: its documents stay in their morning)."""
    parameters = run.parameters or {}
    start = scheduled_time(run)
    kept = []
    for entry in parameters.get("documents") or []:
        if isinstance(entry, dict) and entry.get("programme") in programmes and start is not None:
            try:
                document = MorningDocument.of(entry)
                day = date.fromisoformat(str(parameters["day"]))
            except (KeyError, ValueError, TypeError):
                continue
            kept.append(document.planned(day, start))
    return kept


def _create(plan: MorningRun, parameters: dict) -> dict:
    """A planned run as the JSON of one `DeploymentFlowRunCreate` (what `create_flow_run_from_deployment` sends)."""
    return DeploymentFlowRunCreate(
        parameters=parameters,
        state=to_state_create(Scheduled(scheduled_time=plan.start)),
        tags=list(plan.tags),
        name=plan.name,
        idempotency_key=plan.key,
    ).model_dump(mode="json", exclude_unset=True)


def create_in_bulk(client: SyncPrefectClient, runs: Mapping[UUID, list[dict]]) -> None:
    """Create the runs of each deployment through the server's bulk route, `BULK` at a call (Prefect 3.9's client
    has no method for it). The server creates each under its idempotency key as the single route does (a key it
    already has gives back that run), so a run it refused (on SQLite, a write that found the database locked) is
    simply asked for again, up to `ATTEMPTS` times; one still refused fails the mirroring, named with the reason."""
    refused: list[str] = []
    for deployment, creates in runs.items():
        pending = list(creates)
        for attempt in range(ATTEMPTS):
            failed = []
            for start in range(0, len(pending), BULK):
                chunk = pending[start : start + BULK]
                response = client.request(
                    "POST",
                    "/deployments/{id}/create_flow_run/bulk",  # type: ignore[arg-type]  # not among the client's routes
                    path_params={"id": deployment},
                    json=chunk,
                )
                response.raise_for_status()
                results = list(zip(chunk, response.json()["results"], strict=True))
                failed += [(create, result.get("error")) for create, result in results if result["status"] != "CREATED"]
                # the server reports each run as it went; read them back, so a run reported created in a
                # transaction that did not last is asked for again too
                created = {UUID(r["flow_run_id"]): c for c, r in results if r["status"] == "CREATED"}
                if created:
                    found = client.read_flow_runs(
                        flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=list(created))), limit=len(created)
                    )
                    lost = set(created) - {run.id for run in found}
                    failed += [(created[run_id], "ikke lagret") for run_id in lost]
            if not failed:
                break
            pending = [create for create, _ in failed]
            time.sleep(0.2 * (attempt + 1))
        else:
            refused += [f"«{create['name']}»: {str(error).splitlines()[0]}" for create, error in failed]
    if refused:
        raise OmstillingError("Prefect laget ikke disse kjøringene: " + "; ".join(refused))


def mirror_runs(
    planned: list[PlannedRun],
    programmes: Iterable[str],
    known: Iterable[str],
    morning: Flow,
    extra_parameters: Mapping[str, object] | None = None,
) -> Mirrored:
    """Make Prefect's årshjul runs of `programmes` mirror `planned`, as morning runs of the flow `morning` (see the
    module's rules). Scheduled runs of programmes no longer in the database (not in `known`) are cancelled too;
    the documents of a programme whose plan failed this time (in `known`, not in `programmes`) stay where they
    stood."""
    done = Mirrored()
    mirrored, known = set(programmes), set(known)
    failed_plans = known - mirrored
    with get_client(sync_client=True) as client:
        deployment = _deployment(client, morning)
        scheduled = read_all(
            client,
            FlowRunFilter(
                tags=FlowRunFilterTags(all_=[WHEEL_TAG]),
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])),
            ),
        )
        kept = [
            document
            for run in scheduled
            if run.deployment_id == deployment.id
            for document in kept_documents(run, failed_plans)
        ]
        mornings = morning_runs(
            [run for run in planned if run.programme in mirrored] + kept, lanes(client, deployment.work_pool_name)
        )
        wanted = {run.key: run for run in mornings}
        by_key = {run.idempotency_key: run for run in scheduled}
        others = (
            read_all(
                client,
                FlowRunFilter(
                    idempotency_key=FlowRunFilterIdempotencyKey(any_=[k for k in wanted if k not in by_key]),
                    tags=FlowRunFilterTags(all_=[WHEEL_TAG]),
                ),
            )
            if set(wanted) - set(by_key)
            else []
        )
        by_key |= {run.idempotency_key: run for run in others if run.deployment_id == deployment.id}

        # what the plan no longer has: given way to a new morning run at its time, or cancelled
        gone = [
            run
            for run in scheduled
            if run.idempotency_key not in wanted
            and not (run.deployment_id != deployment.id and (run.parameters or {}).get("programme") in failed_plans)
        ]
        gone_at = {scheduled_time(run) for run in gone}

        creates: list[dict] = []
        for key, plan in wanted.items():
            parameters = plan.parameters | dict(extra_parameters or {})
            existing = by_key.get(key)
            state: State = Scheduled(scheduled_time=plan.start)
            if existing is None or existing.state_type is StateType.CANCELLED:
                if existing is not None:
                    client.delete_flow_run(existing.id)
                creates.append(_create(plan, parameters))
                (done.changed if plan.start in gone_at else done.created).append(_row(plan, plan.start))
            elif existing.state_type is StateType.SCHEDULED:
                before = scheduled_time(existing)
                if before == plan.start and existing.parameters == parameters and existing.name == plan.name:
                    done.unchanged += 1
                    continue
                client.delete_flow_run(existing.id)
                creates.append(_create(plan, parameters))
                done.moved.append(
                    _row(plan, plan.start) | {"før": (before or plan.start).isoformat(timespec="minutes")}
                )
            elif existing.state_type in (StateType.FAILED, StateType.CRASHED):
                client.update_flow_run(existing.id, parameters=parameters, name=plan.name)
                client.set_flow_run_state(existing.id, state, force=True)
                done.retried.append(_row(plan, plan.start))
            else:  # pending, running, or completed (the records will say; the next plan will know)
                done.unchanged += 1
        create_in_bulk(client, {deployment.id: creates} if creates else {})

        replaced_at = {plan.start for plan in mornings}
        for run in gone:
            when = scheduled_time(run)
            if when in replaced_at:
                client.delete_flow_run(run.id)  # (it never started: the morning run at its time replaces it)
                continue
            client.set_flow_run_state(run.id, Cancelled(message=NO_LONGER), force=True)
            done.cancelled.append(_row(run, when))
    return done
