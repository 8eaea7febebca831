"""The tick's Prefect side of the run plan (`omstilling.core.runplan`): make the scheduled runs of the report
deployments mirror it. The database stays the one source; this only reads and writes Prefect.

- a planned run that Prefect lacks is created, scheduled, under its key (a second tick finds it and adds nothing);
  the new runs of a deployment are created together, a hundred at a call, through the server's bulk route;
- one whose time, parameters or name changed is moved: the old scheduled run is deleted and made again under the
  same key (a run that never started has no history to keep, and Prefect's expected start follows);
- one whose earlier run failed or crashed is scheduled again (its logs stay); one cancelled earlier comes back;
- a scheduled run the plan no longer has (a changed rule, a moved meeting, an ended programme, a document written
  by hand) is cancelled, with the reason as its state message.
Runs that are pending or running are left alone. Only runs tagged `årshjul` are ever touched."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
from prefect.states import Cancelled, Scheduled, to_state_create

from omstilling.core.enums import DocumentKind
from omstilling.core.runplan import WHEEL_TAG, PlannedRun
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
    moved: list[dict] = field(default_factory=list)
    retried: list[dict] = field(default_factory=list)
    cancelled: list[dict] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "nye": len(self.created),
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
                ("flyttet", self.moved),
                ("prøves igjen", self.retried),
                ("avlyst", self.cancelled),
            )
            for row in rows
        ]


def report_deployment(flow: Flow) -> str:
    """A report flow's deployment, named for what it does («skriv-årsrapport»; prefect.yaml has one per flow)."""
    return f"skriv-{flow.name}"


def deployment_name(flow: Flow) -> str:
    return f"{flow.name}/{report_deployment(flow)}"


def _deployment_ids(
    client: SyncPrefectClient, flows: Mapping[DocumentKind, Flow], kinds: Iterable[DocumentKind]
) -> dict[DocumentKind, UUID]:
    ids = {}
    for kind in set(kinds):
        name = deployment_name(flows[kind])
        try:
            ids[kind] = client.read_deployment_by_name(name).id
        except ObjectNotFound:
            raise OmstillingError(
                f"Prefect har ingen deployment «{name}»: kjør «prefect --no-prompt deploy --all» "
                "fra mappen med prefect.yaml (make run gjør det)"
            ) from None
    return ids


def read_all(client: SyncPrefectClient, flow_run_filter: FlowRunFilter) -> list[FlowRun]:
    runs: list[FlowRun] = []
    while True:
        page = client.read_flow_runs(flow_run_filter=flow_run_filter, limit=PAGE, offset=len(runs))
        runs += page
        if len(page) < PAGE:
            return runs


def _row(run: PlannedRun | FlowRun, when) -> dict:
    return {"kjøring": run.name, "tidspunkt": when.isoformat(timespec="minutes") if when else ""}


def _create(plan: PlannedRun, parameters: dict) -> dict:
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
    flows: Mapping[DocumentKind, Flow],
    extra_parameters: Mapping[str, object] | None = None,
) -> Mirrored:
    """Make Prefect's årshjul runs of `programmes` mirror `planned` (see the module's rules). Scheduled runs of
    programmes no longer in the database (not in `known`) are cancelled too; those of a programme whose plan
    failed this time (in `known`, not in `programmes`) are left as they are."""
    done = Mirrored()
    mirrored, known = set(programmes), set(known)
    wanted = {run.key: run for run in planned}
    with get_client(sync_client=True) as client:
        deployments = _deployment_ids(client, flows, (run.kind for run in planned))
        scheduled = read_all(
            client,
            FlowRunFilter(
                tags=FlowRunFilterTags(all_=[WHEEL_TAG]),
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])),
            ),
        )
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
        by_key |= {run.idempotency_key: run for run in others if run.deployment_id in deployments.values()}

        to_create: dict[UUID, list[dict]] = {}
        for key, plan in wanted.items():
            # a document with formats of its own (the board pack: PDF; the draft minutes: Word) keeps them
            extra = {} if plan.kind.has_own_formats else extra_parameters
            parameters = plan.parameters | dict(extra or {})
            existing = by_key.get(key)
            state = Scheduled(scheduled_time=plan.start)
            if existing is None or existing.state_type is StateType.CANCELLED:
                if existing is not None:
                    client.delete_flow_run(existing.id)
                to_create.setdefault(deployments[plan.kind], []).append(_create(plan, parameters))
                done.created.append(_row(plan, plan.start))
            elif existing.state_type is StateType.SCHEDULED:
                if (
                    existing.state.state_details.scheduled_time == plan.start
                    and existing.parameters == parameters
                    and existing.name == plan.name
                ):
                    done.unchanged += 1
                    continue
                client.delete_flow_run(existing.id)
                to_create.setdefault(deployments[plan.kind], []).append(_create(plan, parameters))
                done.moved.append(
                    _row(plan, plan.start)
                    | {"før": existing.state.state_details.scheduled_time.isoformat(timespec="minutes")}
                )
            elif existing.state_type in (StateType.FAILED, StateType.CRASHED):
                client.update_flow_run(existing.id, parameters=parameters, name=plan.name)
                client.set_flow_run_state(existing.id, state, force=True)
                done.retried.append(_row(plan, plan.start))
            else:  # pending, running, or completed (the records will say; the next plan will know)
                done.unchanged += 1
        create_in_bulk(client, to_create)

        for run in scheduled:
            programme = (run.parameters or {}).get("programme")
            if run.idempotency_key in wanted or (programme in known and programme not in mirrored):
                continue
            client.set_flow_run_state(run.id, Cancelled(message=NO_LONGER), force=True)
            done.cancelled.append(_row(run, run.state.state_details.scheduled_time))
    return done
