"""The Prefect flows under one test harness per session (heartbeats off): outputs, artifacts, final states;
and prefect.yaml: entrypoints import, schedules parse, every time zone is Europe/Oslo."""

from __future__ import annotations

import importlib
import json
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

prefect = pytest.importorskip("prefect")

from prefect.client.orchestration import get_client  # noqa: E402
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey  # noqa: E402
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings  # noqa: E402
from prefect.testing.utilities import prefect_test_harness  # noqa: E402

from omstilling.config import get_settings  # noqa: E402
from tests.support.demo import CALLED_AND_APPLICATION, JUNE_2014  # noqa: E402
from tests.support.mail import Inbox, apprise_config, free_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
# the forms leave a None default out of their schema on purpose (flows.felles.form), and pydantic says so
pytestmark = pytest.mark.filterwarnings("ignore:Default value \\(tomt\\) is not JSON serializable")


@pytest.fixture(scope="session")
def harness():
    with prefect_test_harness(server_startup_timeout=90), temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


@pytest.fixture
def demo_settings(tmp_path, demo_template, monkeypatch):
    database = tmp_path / "app.db"
    shutil.copyfile(demo_template, database)
    monkeypatch.setenv("OMSTILLING_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "out"))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def report_deployments(harness):
    """The report deployments of prefect.yaml (each flow's «skriv-<flow>») on a process work pool, as `prefect deploy`
    leaves them; nothing runs them unless a test does (`work_through`)."""
    from prefect.client.schemas.actions import WorkPoolCreate

    from flows.kjoreplan import report_deployment
    from flows.morgen import morgen
    from flows.rapporter import REPORT_FLOWS

    with get_client(sync_client=True) as client:
        client.create_work_pool(WorkPoolCreate(name="omstilling", type="process"))
    for report in [*{id(f): f for f in REPORT_FLOWS.values()}.values(), morgen]:
        report.to_deployment(name=report_deployment(report), work_pool_name="omstilling").apply(
            work_pool_name="omstilling"
        )


@pytest.fixture
def wheel_runs(report_deployments):
    """A clean slate: no runs of the årshjul left from another test (the harness lives for the whole session)."""
    clear_wheel_runs()
    yield
    clear_wheel_runs()


def _wheel_runs(*states):
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
        FlowRunFilterTags,
    )

    from flows.kjoreplan import read_all

    state = FlowRunFilterState(type=FlowRunFilterStateType(any_=list(states))) if states else None
    with get_client(sync_client=True) as client:
        return read_all(client, FlowRunFilter(tags=FlowRunFilterTags(all_=["årshjul"]), state=state))


def clear_wheel_runs() -> None:
    with get_client(sync_client=True) as client:
        for run in _wheel_runs():
            client.delete_flow_run(run.id)


def scheduled() -> list[tuple[str, str, str, dict]]:
    """The årshjul's scheduled runs as the UI lists them: deployment, local time, name, parameters."""
    from prefect.client.schemas.objects import StateType

    with get_client(sync_client=True) as client:
        deployments = {}
        rows = []
        for run in _wheel_runs(StateType.SCHEDULED):
            if run.deployment_id not in deployments:
                deployment = client.read_deployment(run.deployment_id)
                deployments[run.deployment_id] = f"{client.read_flow(deployment.flow_id).name}/{deployment.name}"
            when = run.state.state_details.scheduled_time.astimezone(ZoneInfo("Europe/Oslo"))
            rows.append((deployments[run.deployment_id], when.strftime("%Y-%m-%d %H.%M"), run.name, run.parameters))
    return sorted(rows, key=lambda r: (r[1], r[2]))


def scheduled_documents() -> list[tuple[str, str]]:
    """The documents in the årshjul's scheduled morning runs: the run's local time and the document's title, each
    once."""
    from omstilling.core.runplan import MorningDocument

    documents = [
        (when, MorningDocument.of(entry).title) for _, when, _, p in scheduled() for entry in p.get("documents", [])
    ]
    assert len({title for _, title in documents}) == len(documents), "a document in two runs"
    return sorted(documents)


def work_through(until: datetime) -> list[str]:
    """Be the pool's worker: run every scheduled run of the årshjul due by `until` (the run itself, as a worker
    does); return the names of those that completed."""
    from prefect.client.schemas.objects import StateType
    from prefect.flow_engine import run_flow

    from flows.morgen import morgen

    done = []
    for run in sorted(_wheel_runs(StateType.SCHEDULED), key=lambda r: r.state.state_details.scheduled_time):
        if run.state.state_details.scheduled_time <= until:
            state = run_flow(morgen, flow_run=run, parameters=run.parameters, return_type="state")
            if state.is_completed():
                done.append(run.name)
    return done


def due(until: datetime) -> list:
    """The årshjul's scheduled runs due by `until`."""
    from prefect.client.schemas.objects import StateType

    return [r for r in _wheel_runs(StateType.SCHEDULED) if r.state.state_details.scheduled_time <= until]


def task_states(run_id, count: int) -> dict[str, str]:
    """A run's `count` tasks as the UI's graph shows them, once the server has them all, final: name → state. (Task
    runs reach the server as events, a moment after the run itself.)"""
    import time

    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    for _ in range(60):
        with get_client(sync_client=True) as client:
            tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run_id])))
        if len(tasks) >= count and all(t.state and t.state.is_final() for t in tasks):
            break
        time.sleep(0.5)
    return {t.name: str(t.state_name) for t in tasks}


def versions(engine) -> dict[tuple[str, int, str], list[tuple[int, str, str | None]]]:
    """Every document's records: (kind, year, name) → [(version, format, run id)]."""
    from sqlmodel import select

    from omstilling.store import db
    from omstilling.store.models import DocumentRecord

    found: dict = {}
    with db.session_scope(engine) as session:
        for r in session.exec(select(DocumentRecord).order_by(DocumentRecord.id)):  # type: ignore[arg-type]
            found.setdefault((r.kind.value, r.year, r.name), []).append((r.version, r.format, r.run_id))
    return found


def artifacts(key: str):
    with get_client(sync_client=True) as client:
        return client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))


def test_a_report_flow_writes_the_files_and_shows_the_markdown_as_an_artifact(harness, demo_settings):
    from flows.rapporter import arsrapport

    state = arsrapport(year=2014, formats=["md", "docx"], return_state=True)
    assert state.is_completed()
    paths = state.result()
    assert [Path(p).name for p in paths] == ["arsrapport.md", "arsrapport.docx"]
    (markdown,) = artifacts("arsrapport-vestre-toten-2014")
    assert markdown.type == "markdown" and markdown.data.startswith("# Årsrapport 2014")
    (files,) = artifacts("arsrapport-vestre-toten-2014-filer")
    assert files.type == "table" and "arsrapport.docx" in str(files.data)


def test_a_report_for_a_programme_that_does_not_exist_fails_with_a_clear_message(harness, demo_settings):
    from flows.rapporter import soknad

    state = soknad(programme="nordkapp", year=2014, return_state=True)
    assert state.is_failed()
    assert "ingen program med kortnavnet «nordkapp» (finnes: vestre-toten)" in str(state.result(raise_on_failure=False))


def tick_over_smtp(settings: Path, monkeypatch, day: date, extra_config: str = ""):
    """Run the daily tick for `day` with e-mail going to a real SMTP server; the run's state and what arrived."""
    from aiosmtpd.controller import Controller

    from flows.arshjul import arshjul

    inbox, port = Inbox(), free_port()
    config = settings / "apprise.yaml"
    config.write_text(apprise_config(port) + extra_config.replace("{port}", str(port)))
    monkeypatch.setenv("OMSTILLING_APPRISE_CONFIG", str(config))
    get_settings.cache_clear()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        return arshjul(as_of=day, formats=["md"], return_state=True), inbox
    finally:
        controller.stop()


OSLO = ZoneInfo("Europe/Oslo")
SIX_JUNE = datetime(2014, 6, 6, 6, 0, tzinfo=OSLO)


def test_a_tick_schedules_the_coming_year_of_morning_runs_and_a_second_tick_adds_none(
    harness, demo_settings, monkeypatch, wheel_runs
):
    """Issue 15: the årshjul as scheduled runs, twelve months ahead; issue 26: as morning runs, the documents due
    at the same time in one run."""
    state, _ = tick_over_smtp(demo_settings, monkeypatch, date(2014, 8, 4))
    assert state.is_completed()
    runs = scheduled()
    assert state.result()["kjøringer"] == {
        "nye": len(runs),
        "endret": 0,
        "flyttet": 0,
        "prøves igjen": 0,
        "avlyst": 0,
        "uendret": 0,
    }
    assert {deployment for deployment, *_ in runs} == {"morgen/skriv-morgenens-utkast"}
    documents = scheduled_documents()
    assert len(runs) < len(documents)  # a board meeting's report and pack in one run
    # each board meeting also has its pack drafted beside its report, and its draft minutes the day after it
    meetings = [title.split(" · ")[1] for _, title in documents if title.startswith("Rapport til styret")]
    for meeting in meetings:
        report_time = next(w for w, t in documents if t == f"Rapport til styret · {meeting} · vestre-toten")
        assert (report_time, f"Styrepapirer · {meeting} · vestre-toten") in documents
        after = (date.fromisoformat(meeting) + timedelta(days=1)).isoformat()
        minutes = [w for w, t in documents if t == f"Utkast til protokoll · {meeting} · vestre-toten"]
        assert (minutes and minutes[0].startswith(after)) or after > "2015-08-04"
    others = ("Styrepapirer", "Utkast til protokoll")
    assert [(when, title) for when, title in documents if not title.startswith(others)] == [
        ("2014-09-08 06.00", "Rapport til styret · 2014-09-15 · vestre-toten"),
        ("2014-09-17 06.00", "Faktagrunnlag for programstatusvurdering · 2014 · vestre-toten"),
        ("2014-10-13 06.00", "Rapport til styret · 2014-10-20 · vestre-toten"),
        ("2014-10-31 06.00", "Grunnlag for styreseminar · 2014 · vestre-toten"),
        ("2014-11-17 06.00", "Handlingsplan · 2014 · vestre-toten"),
        ("2014-11-21 06.00", "Rapport til styret · 2014-11-28 · vestre-toten"),
        ("2014-12-08 06.00", "Rapport til styret · 2014-12-15 · vestre-toten"),
        ("2015-01-02 06.00", "Årsrapport · 2014 · vestre-toten"),
        ("2015-01-19 06.00", "Rapport til styret · 2015-01-26 · vestre-toten"),
        ("2015-06-02 06.00", "Halvårsrapport · 2015 · vestre-toten"),
    ]
    parameters = {(when, name): p for _, when, name, p in runs}
    assert parameters["2015-01-02 06.00", "Morgen · 2015-01-02 · vestre-toten"] == {
        "day": "2015-01-02",
        "documents": [{"programme": "vestre-toten", "kind": "arsrapport", "year": 2014, "as_of": "2014-12-31"}],
        "formats": ["md"],
    }
    assert parameters["2014-09-08 06.00", "Morgen · 2014-09-08 · vestre-toten"] == {
        "day": "2014-09-08",
        "documents": [
            {"programme": "vestre-toten", "kind": "styrepapirer", "meeting_date": "2014-09-15", "as_of": "2014-09-08"},
            {"programme": "vestre-toten", "kind": "styrerapport", "meeting_date": "2014-09-15", "as_of": "2014-09-08"},
        ],
        "formats": ["md"],  # (the pack keeps its own: the morning's flow asks core.runplan.document_formats)
    }

    again, _ = tick_over_smtp(demo_settings, monkeypatch, date(2014, 8, 4))
    assert again.result()["kjøringer"] == {
        "nye": 0,
        "endret": 0,
        "flyttet": 0,
        "prøves igjen": 0,
        "avlyst": 0,
        "uendret": len(runs),
    }
    assert scheduled() == runs


def test_a_moved_board_meeting_changes_its_mornings_and_an_ended_programme_has_none(
    harness, demo_settings, monkeypatch, wheel_runs
):
    import sqlalchemy as sa

    tick_over_smtp(demo_settings, monkeypatch, date(2014, 8, 4))
    database = sa.create_engine(f"sqlite:///{demo_settings / 'app.db'}")

    def move_meeting(before: str, after: str) -> dict:
        with database.begin() as connection:
            connection.execute(sa.text("UPDATE boardmeeting SET date = :a WHERE date = :b"), {"a": after, "b": before})
        state, _ = tick_over_smtp(demo_settings, monkeypatch, date(2014, 8, 4))
        assert state.is_completed(), state.message
        return state.result()["kjøringer"]

    def morning_of(day: str) -> list[str]:
        return [title for when, title in scheduled_documents() if when.startswith(day)]

    # 15 September → 22nd: its report and pack move from the 8th to the 15th, its minutes from the 16th to the 23rd
    # (mornings of their own: the old two are cancelled, two new ones made)
    moved = move_meeting("2014-09-15", "2014-09-22")
    assert (moved["avlyst"], moved["nye"], moved["endret"]) == (2, 2, 0)
    assert morning_of("2014-09-15") == [
        "Rapport til styret · 2014-09-22 · vestre-toten",
        "Styrepapirer · 2014-09-22 · vestre-toten",
    ]
    assert morning_of("2014-09-08") == [] and morning_of("2014-09-23") == [
        "Utkast til protokoll · 2014-09-22 · vestre-toten"
    ]
    # → 24th: its report and pack are due on the 17th, the morning of the programme status facts: a document more
    # due that morning changes its run (the old one, never started, gives way)
    moved = move_meeting("2014-09-22", "2014-09-24")
    assert (moved["avlyst"], moved["nye"], moved["endret"]) == (2, 1, 1)
    assert morning_of("2014-09-17") == [
        "Faktagrunnlag for programstatusvurdering · 2014 · vestre-toten",
        "Rapport til styret · 2014-09-24 · vestre-toten",
        "Styrepapirer · 2014-09-24 · vestre-toten",
    ]
    # and back: a document no longer due that morning changes it again
    moved = move_meeting("2014-09-24", "2014-09-15")
    assert (moved["avlyst"], moved["nye"], moved["endret"]) == (1, 2, 1)
    assert morning_of("2014-09-17") == ["Faktagrunnlag for programstatusvurdering · 2014 · vestre-toten"]
    from prefect.client.schemas.objects import StateType

    # cancelled: the mornings of the meeting on the 22nd (the 15th, the 23rd) and the 25th's minutes; the 8th's and
    # 16th's came back under their keys, and the runs that gave way were deleted (they never started)
    assert len(_wheel_runs(StateType.CANCELLED)) == 3

    with database.begin() as connection:  # the status period ends with 2013: the programme is over
        connection.execute(sa.text("UPDATE programme SET status_end_year = 2013"))
    database.dispose()
    state, _ = tick_over_smtp(demo_settings, monkeypatch, date(2014, 8, 4))
    assert state.is_completed()
    assert scheduled() == []
    cancelled = _wheel_runs(StateType.CANCELLED)
    assert cancelled and all("Årshjulet har ikke lenger denne kjøringen" in r.state.message for r in cancelled)


def test_a_programme_whose_plan_failed_keeps_its_documents_where_they_stood_and_the_pool_sets_the_lanes(
    harness, demo_settings, wheel_runs
):
    from prefect.client.schemas.actions import WorkPoolUpdate

    from flows.kjoreplan import mirror_runs
    from flows.morgen import morgen
    from omstilling.app import drafts
    from omstilling.core.enums import DocumentKind
    from omstilling.core.runplan import MorningDocument
    from omstilling.store import db

    plan = drafts.plan_runs(db.get_engine(), "vestre-toten", date(2014, 8, 4))
    annual = next(run for run in plan if run.kind is DocumentKind.ANNUAL_REPORT)
    copies = [
        MorningDocument.of(annual.document.entry() | {"programme": f"p{n}"}).planned(annual.day, annual.start)
        for n in range(5)
    ]
    everyone = ["vestre-toten", *(c.programme for c in copies)]
    first = mirror_runs(plan + copies, everyone, everyone, morgen)
    morning = [(name, len(p["documents"])) for _, when, name, p in scheduled() if when.startswith("2015-01-02")]
    # six programmes on 2 January: over two runs (the pool sets no limit)
    assert morning == [
        ("Morgen · 2015-01-02 · 3 programmer · 1 av 2", 3),
        ("Morgen · 2015-01-02 · 3 programmer · 2 av 2", 3),
    ]
    standing = scheduled()
    # vestre-toten's plan failed this time, p0's document was written by hand: vestre-toten's documents stay
    again = mirror_runs([c for c in copies if c.programme != "p0"], everyone[1:], everyone, morgen)
    assert again.counts()["avlyst"] == 0 and again.counts()["endret"] == 1
    assert [r for r in scheduled() if not r[1].startswith("2015-01-02")] == [
        r for r in standing if not r[1].startswith("2015-01-02")
    ]
    assert len(scheduled_documents()) == len(plan) + 4
    # the pool runs three at once: the morning is shared out over three runs
    with get_client(sync_client=True) as client:
        client.update_work_pool("omstilling", WorkPoolUpdate(concurrency_limit=3))
    try:
        three = mirror_runs(plan + copies[1:], everyone, everyone, morgen)
    finally:
        with get_client(sync_client=True) as client:
            client.update_work_pool("omstilling", WorkPoolUpdate(concurrency_limit=None))
    assert three.counts()["endret"] == 3 and three.counts()["avlyst"] == 0
    assert sorted(len(p["documents"]) for _, when, _, p in scheduled() if when.startswith("2015-01-02")) == [1, 2, 2]
    assert first.counts()["nye"] == len(standing)  # (every run the first time was new)


def test_the_workers_draft_on_the_day_and_the_tick_after_them_tells_the_board_its_papers_are_ready(
    harness, demo_settings, monkeypatch, wheel_runs
):
    from flows.kjoreplan import mirror_runs
    from flows.morgen import morgen
    from omstilling.app import drafts
    from omstilling.store import db

    day = date(2014, 6, 6)
    # what the tick before left standing: the application and half-year drafts (due since 23 May and 2 June, never
    # written in this database) and the board pack for 16 June, all due by 06.00 today: one morning's run
    engine = db.get_engine()
    mirror_runs(
        drafts.plan_runs(engine, "vestre-toten", day), ["vestre-toten"], ["vestre-toten"], morgen, {"formats": ["md"]}
    )
    (run,) = due(SIX_JUNE)
    assert work_through(SIX_JUNE) == ["Morgen · 2014-06-06 · vestre-toten"]
    # each document a task of its own, named for it, with its own state
    assert task_states(run.id, 4) == {
        "skriv halvårsrapport 2014 · vestre-toten": "Completed",
        "skriv rapport til styret 2014-06-16 · vestre-toten": "Completed",
        "skriv styrepapirer 2014-06-16 · vestre-toten": "Completed",
        "skriv søknad til fylkeskommunen 2014 · vestre-toten": "Completed",
    }
    # each recorded once, with the morning's run
    assert {doc: {(v, r) for v, _, r in rows} for doc, rows in versions(engine).items()} == {
        ("halvarsrapport", 2014, "halvarsrapport"): {(1, str(run.id))},
        ("styrerapport", 2014, "styrerapport-2014-06-16"): {(1, str(run.id))},
        ("styrepapirer", 2014, "styrepapirer-2014-06-16"): {(1, str(run.id))},
        ("soknad", 2014, "soknad"): {(1, str(run.id))},
    }
    pack = demo_settings / "out" / "vestre-toten" / "2014" / "styrerapport-2014-06-16.md"
    assert pack.exists()
    (markdown,) = artifacts("halvarsrapport-vestre-toten-2014")
    assert markdown.task_run_id is not None  # shown by the document's own task

    state, inbox = tick_over_smtp(demo_settings, monkeypatch, day)
    assert state.is_completed()
    result = state.result()
    assert result["dokumenter"] == []  # all drafted already: the records decide, nothing is planned again
    assert result["kjøringer"]["nye"] == 0 and result["kjøringer"]["avlyst"] == 0
    assert result["påminnelser"]["sent"] == 8  # the notices (the board and the leader) and the application's two
    assert sorted(a for m in inbox.reminders() for a in m.to) == CALLED_AND_APPLICATION
    # Issue 11, case 12: the meeting is on the wheel, and the board hears that its papers are drafted (a week
    # before 16 June is Whit Monday: both happen on Friday 6 June).
    notice = next(m for m in inbox.reminders() if m.to == ["styremedlem1@example.org"])
    assert notice.subject == "Vestre Toten: Innkalling til styremøte mandag 16. juni 2014 kl. 13.00"
    # the board's papers go with the notice, as one PDF
    assert "Styrepapirene er vedlagt (PDF)." in notice.body.splitlines()
    assert notice.attachments["styrepapirer-2014-06-16.pdf"].startswith(b"%PDF")
    (table,) = artifacts("paaminnelser-2014-06-06")
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert [(r["hendelse"], r["til"]) for r in rows] == [
        ("Søknad til fylkeskommunen om midler for neste år", "programleder"),
        ("Søknad til fylkeskommunen om midler for neste år", "kommunekontakt"),
    ]  # the board's message of the day is the notice, not a reminder (issue 25)
    # a late run of a drafted document drafts nothing again
    from flows.rapporter import styrerapport

    assert (
        styrerapport(meeting_date=date(2014, 6, 16), programme="vestre-toten", formats=["md"], only_if_missing=True)
        == []
    )


class CountedCalls:
    """The Prefect API calls the client sends, by method and path with the ids left out."""

    def __init__(self, monkeypatch):
        import re

        from prefect.client.base import PrefectHttpxSyncClient

        self.calls: list[str] = []
        self.sizes: list[int] = []  # how many runs each bulk call carried
        send = PrefectHttpxSyncClient.send

        def counted(client, request, *args, **kwargs):
            path = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "{id}", request.url.path.split("/api", 1)[-1])
            self.calls.append(f"{request.method} {path}")
            if path.endswith("/bulk"):
                self.sizes.append(len(json.loads(request.content)))
            return send(client, request, *args, **kwargs)

        monkeypatch.setattr(PrefectHttpxSyncClient, "send", counted)

    def count(self, call: str) -> int:
        return sum(1 for c in self.calls if c == call)


def test_the_tick_creates_its_runs_in_bulk_at_most_a_hundred_a_call_under_the_same_keys(
    harness, demo_settings, monkeypatch, wheel_runs
):
    """Issue 26, item 3: one call per hundred runs, not one per run; the keys stay the same from one tick to the
    next."""
    from dataclasses import replace

    from flows.kjoreplan import mirror_runs
    from flows.morgen import morgen
    from omstilling.app import drafts
    from omstilling.core.enums import DocumentKind
    from omstilling.core.runplan import MorningDocument, morning_runs
    from omstilling.store import db

    day = date(2014, 8, 4)
    plan = drafts.plan_runs(db.get_engine(), "vestre-toten", day)
    annual = next(run for run in plan if run.kind is DocumentKind.ANNUAL_REPORT)
    # 250 programmes' annual reports (copies of the demo's, each its own programme's) on 250 mornings of their own,
    # and the demo's year
    copies = [
        replace(
            MorningDocument.of(annual.document.entry() | {"programme": f"program-{n}"}).planned(
                annual.day, annual.start
            ),
            start=annual.start + timedelta(days=n + 1),
        )
        for n in range(250)
    ]
    names = [f"program-{n}" for n in range(250)] + ["vestre-toten"]
    mornings = morning_runs(copies + plan)
    calls = CountedCalls(monkeypatch)
    done = mirror_runs(copies + plan, names, names, morgen, {"formats": ["md"]})
    assert len(done.created) == len(mornings) > 250
    assert calls.count("POST /deployments/{id}/create_flow_run") == 0
    assert calls.count("POST /flow_runs/filter") <= len(calls.sizes) + 4  # each bulk call read back once
    # in calls of 100, 100 and the rest. On the harness's SQLite a run the server found the database locked for is
    # asked for again, alone: a few more calls
    assert calls.count("POST /deployments/{id}/create_flow_run/bulk") == len(calls.sizes)
    assert calls.sizes.count(100) >= 2 and len(mornings) - 200 in calls.sizes and max(calls.sizes) == 100
    assert sum(calls.sizes) >= len(mornings)
    assert 3 <= len(calls.sizes) <= 3 + 8
    standing = _wheel_runs()
    assert sorted(r.idempotency_key for r in standing) == sorted(m.key for m in mornings)
    assert {r.name for r in standing} == {m.name for m in mornings}

    # a second mirroring finds them all and creates nothing; one created again under its key is the same run
    calls.calls.clear()
    again = mirror_runs(copies + plan, names, names, morgen, {"formats": ["md"]})
    assert (
        again.counts()["uendret"] == len(mornings) and calls.count("POST /deployments/{id}/create_flow_run/bulk") == 0
    )
    from flows.kjoreplan import _create, _deployment, create_in_bulk

    with get_client(sync_client=True) as client:
        deployment = _deployment(client, morgen).id
        create_in_bulk(client, {deployment: [_create(mornings[0], mornings[0].parameters | {"formats": ["md"]})]})
    assert len(_wheel_runs()) == len(standing)


def test_a_morning_run_retried_after_a_crash_between_two_documents_writes_each_once(harness, demo_settings, wheel_runs):
    """The records, not Prefect, keep a document once: the run crashed after its first document; the tick puts the
    rest in a morning of their own, and the crashed run retried (Prefect's Retry, a worker that picks it up again)
    writes nothing twice."""
    from prefect.client.schemas.objects import StateType
    from prefect.flow_engine import run_flow
    from prefect.states import Scheduled

    from flows.kjoreplan import mirror_runs
    from flows.morgen import morgen
    from omstilling.app import drafts
    from omstilling.store import db

    class PowerCut(BaseException):
        """The machine stops: not an error the run could handle."""

    day, engine = date(2014, 6, 6), db.get_engine()
    mirror_runs(
        drafts.plan_runs(engine, "vestre-toten", day), ["vestre-toten"], ["vestre-toten"], morgen, {"formats": ["md"]}
    )
    (run,) = due(SIX_JUNE)
    asked, real = [], drafts.already_written

    def power_cut_before_the_second(*args, **kwargs):
        asked.append(args)
        if len(asked) == 2:
            raise PowerCut
        return real(*args, **kwargs)

    import omstilling.app.drafts

    original, omstilling.app.drafts.already_written = omstilling.app.drafts.already_written, power_cut_before_the_second
    try:
        with pytest.raises(PowerCut):
            run_flow(morgen, flow_run=run, parameters=run.parameters, return_type="state")
    finally:
        omstilling.app.drafts.already_written = original
    with get_client(sync_client=True) as client:
        assert client.read_flow_run(run.id).state_type is StateType.CRASHED
    assert list(versions(engine)) == [("halvarsrapport", 2014, "halvarsrapport")]  # the first, and only it

    # the next tick: the three still missing, in a morning of their own
    done = mirror_runs(
        drafts.plan_runs(engine, "vestre-toten", day), ["vestre-toten"], ["vestre-toten"], morgen, {"formats": ["md"]}
    )
    assert done.counts()["nye"] == 1
    (rest,) = due(SIX_JUNE)
    assert len(rest.parameters["documents"]) == 3
    # the crashed run retried first: it writes the other three; then the tick's run finds them written
    with get_client(sync_client=True) as client:
        client.set_flow_run_state(run.id, Scheduled(), force=True)
        retried = client.read_flow_run(run.id)
    assert run_flow(morgen, flow_run=retried, parameters=retried.parameters, return_type="state").is_completed()
    assert work_through(SIX_JUNE) == [rest.name]
    assert list(task_states(rest.id, 3).values()) == ["Completed"] * 3  # (each found its document written)
    records = versions(engine)
    assert len(records) == 4
    for document, rows in records.items():
        assert {(version, run_id) for version, _, run_id in rows} == {(1, str(run.id))}, document  # each format
        assert len(rows) == len({fmt for _, fmt, _ in rows}), document  # once
    # and a new tick has nothing left for that morning
    assert not [d for d in drafts.plan_runs(engine, "vestre-toten", day) if d.day == day]


def test_a_programmes_concurrency_limit_holds_its_documents_in_a_morning_run(harness, demo_settings, wheel_runs):
    """A task tagged with its programme asks the server for a slot: only a programme with a limit is tagged."""
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.kjoreplan import mirror_runs
    from flows.morgen import morgen
    from omstilling.app import drafts
    from omstilling.store import db

    def task_tags(run_id, count: int) -> list[set[str]]:
        task_states(run_id, count)  # (once the server has them all)
        with get_client(sync_client=True) as client:
            tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run_id])))
        return [set(task.tags) for task in tasks]

    engine = db.get_engine()
    mirror_runs(drafts.plan_runs(engine, "vestre-toten", date(2014, 6, 6)), ["vestre-toten"], ["vestre-toten"], morgen)
    (run,) = due(SIX_JUNE)
    with get_client(sync_client=True) as client:
        client.create_concurrency_limit(tag="vestre-toten", concurrency_limit=1)
    try:
        assert work_through(SIX_JUNE) == [run.name]
    finally:
        with get_client(sync_client=True) as client:
            client.delete_concurrency_limit_by_tag("vestre-toten")
    assert [("vestre-toten" in tags) for tags in task_tags(run.id, 4)] == [True] * 4
    # without a limit, the tasks go without the tag (and without asking the server for a slot)
    with get_client(sync_client=True) as client:
        client.set_flow_run_state(run.id, prefect.states.Scheduled(scheduled_time=SIX_JUNE), force=True)
    assert work_through(SIX_JUNE) == [run.name]
    assert sorted(("vestre-toten" in tags) for tags in task_tags(run.id, 8)) == [False] * 4 + [True] * 4


def test_a_document_that_fails_fails_its_task_and_the_morning_not_the_others_and_is_drafted_again(
    harness, demo_settings, monkeypatch, wheel_runs
):
    from flows.kjoreplan import mirror_runs
    from flows.morgen import morgen
    from omstilling.app import drafts
    from omstilling.core.enums import DocumentKind
    from omstilling.errors import OmstillingError
    from omstilling.store import db

    day, engine = date(2014, 6, 6), db.get_engine()
    mirror_runs(
        drafts.plan_runs(engine, "vestre-toten", day), ["vestre-toten"], ["vestre-toten"], morgen, {"formats": ["md"]}
    )
    (run,) = due(SIX_JUNE)
    real = drafts.write_report

    def refuse_the_application(engine, slug, kind, **kwargs):
        if kind is DocumentKind.APPLICATION:
            raise OmstillingError("søknaden mangler budsjettet for neste år")
        return real(engine, slug, kind, **kwargs)

    monkeypatch.setattr(drafts, "write_report", refuse_the_application)
    assert work_through(SIX_JUNE) == []
    with get_client(sync_client=True) as client:
        failed = client.read_flow_run(run.id)
    assert failed.state.is_failed()
    assert failed.state.message == (
        "1 av 4 utkast feilet: Søknad til fylkeskommunen · 2014 · vestre-toten: "
        "søknaden mangler budsjettet for neste år"
    )
    states = task_states(run.id, 4)
    assert states.pop("skriv søknad til fylkeskommunen 2014 · vestre-toten") == "Failed"  # (no retry: the data)
    assert set(states.values()) == {"Completed"} and len(states) == 3
    assert len(versions(engine)) == 3
    # the tick drafts it again, in a morning of its own
    monkeypatch.setattr(drafts, "write_report", real)
    done = mirror_runs(
        drafts.plan_runs(engine, "vestre-toten", day), ["vestre-toten"], ["vestre-toten"], morgen, {"formats": ["md"]}
    )
    assert done.counts()["nye"] == 1
    assert work_through(SIX_JUNE) == ["Morgen · 2014-06-06 · vestre-toten"]
    assert len(versions(engine)) == 4


def test_runs_and_tasks_are_named_in_norwegian_by_programme_and_date(harness, demo_settings):
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.arshjul import arshjul
    from flows.rapporter import arsrapport

    report = arsrapport(year=2014, formats=["md"], return_state=True)  # (the only programme: named all the same)
    tick = arshjul(as_of=date(2014, 8, 4), dry_run=True, formats=["md"], return_state=True)
    assert report.is_completed() and tick.is_completed()
    with get_client(sync_client=True) as client:
        report_run = client.read_flow_run(report.state_details.flow_run_id)
        tick_run = client.read_flow_run(tick.state_details.flow_run_id)
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[tick_run.id])))
    assert report_run.name == "Årsrapport · 2014 · vestre-toten"
    assert tick_run.name == "Årshjul · 2014-08-04 · prøvekjøring"
    names = {t.name for t in tasks}
    assert "send påminnelser 2014-08-04" in names
    assert "sjekk styremøtekravet 2014-08-04" in names
    assert "materialiser frister · vestre-toten" in names


def add_broken_programme(database) -> None:
    """A second programme whose closed days leave no working day (written past the validation, as an old
    database might hold it)."""
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO programme (slug, name, municipality, county, county_short, status_start_year, "
                "status_end_year, timezone) VALUES ('brudd', 'Omstilling Brudd', 'Brudd kommune', 'Vestfylket', "
                "'VF', 2012, 2017, 'Europe/Oslo')"
            )
        )
        pid = connection.execute(sa.text("SELECT id FROM programme WHERE slug = 'brudd'")).scalar()
        connection.execute(
            sa.text(
                "INSERT INTO wheelevent (programme_id, key, title, kind, rrule, responsible_roles, depends_on, ladder, "
                "document) VALUES (:p, 'soknad', 'Søknad', 'frist', 'FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20', "
                "'[\"programleder\"]', '[]', '[{\"offset\": -14, \"roles\": [\"programleder\"]}]', 'soknad')"
            ),
            {"p": pid},
        )
        connection.execute(
            sa.text(
                "INSERT INTO closedday (programme_id, key, title, rrule) VALUES (:p, 'alt', 'Alle hverdager', "
                "'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR')"
            ),
            {"p": pid},
        )
    engine.dispose()


def test_one_failing_programme_is_reported_and_the_others_get_their_runs_and_reminders(
    harness, demo_settings, monkeypatch, wheel_runs
):
    """Issue 11, case 10: the tick isolates programmes."""
    add_broken_programme(demo_settings / "app.db")
    state, inbox = tick_over_smtp(
        demo_settings, monkeypatch, date(2014, 6, 6), "  - json://127.0.0.1:9/drift:\n      - tag: drift\n"
    )
    assert state.is_failed()
    message = str(state.result(raise_on_failure=False))
    assert "feil for brudd" in message and "de andre programmene gikk som vanlig" in message
    assert "varselet til drift kunne ikke sendes" in message  # nothing listens on the drift channel: said so
    # vestre-toten's runs stand scheduled and its reminders went out all the same
    assert ("2014-06-06 06.00", "Rapport til styret · 2014-06-16 · vestre-toten") in scheduled_documents()
    assert sorted(a for m in inbox.reminders() for a in m.to) == CALLED_AND_APPLICATION
    (table,) = artifacts("feil-2014-06-06")
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert {(r["program"], r["steg"]) for r in rows} == {
        ("brudd", "frister"),
        ("brudd", "planlegg kjøringer"),
        ("brudd", "statusside"),
        ("brudd", "invitasjoner"),
    }
    assert all("ingen arbeidsdag" in r["feil"] for r in rows)


DRIFT = (
    "  - mailto://127.0.0.1:{port}?from=omstilling@example.org&to=drift@example.org&mode=insecure&format=text:\n"
    "      - tag: drift\n"
)


def to_drift(inbox) -> list:
    return [m for m in inbox.messages if m.to == ["drift@example.org"]]


def test_the_drift_channel_hears_once_when_the_tick_fails_or_stops(harness, demo_settings, monkeypatch, wheel_runs):
    """Issue 15: a failed tick tells `drift` once: itself when a programme failed, its hook when it stopped."""
    add_broken_programme(demo_settings / "app.db")
    state, inbox = tick_over_smtp(demo_settings, monkeypatch, date(2014, 6, 6), DRIFT)
    assert state.is_failed() and "drift er varslet (drift)" in str(state.result(raise_on_failure=False))
    (told,) = to_drift(inbox)
    assert told.subject == "omstilling: 4 feil i årshjulet 2014-06-06"

    monkeypatch.setenv("OMSTILLING_DATABASE_URL", f"sqlite:///{demo_settings / 'borte' / 'app.db'}")
    state, inbox = tick_over_smtp(demo_settings, monkeypatch, date(2014, 6, 7), DRIFT)
    assert state.is_failed()
    (told,) = to_drift(inbox)
    assert told.subject == "omstilling: den daglige kjøringen av årshjulet 2014-06-07 stoppet"
    assert "unable to open database file" in told.body


def test_the_simulation_flow_summarises_a_month(harness, demo_settings):
    from flows.simuler import simuler

    summary = simuler(start=date(2014, 6, 1), end=date(2014, 6, 30), out_dir=str(demo_settings / "sim"))
    assert summary["reminders_by_role"] == JUNE_2014
    # the minutes of 19 May are caught up on the first day; those of 16 June follow the day after
    assert [d["kind"] for d in summary["documents"]] == [
        "soknad",
        "protokoll",
        "halvarsrapport",
        "styrerapport",
        "styrepapirer",
        "protokoll",
    ]


def deployments() -> list[dict]:
    return yaml.safe_load((ROOT / "prefect.yaml").read_text())["deployments"]


def test_every_deployment_entrypoint_imports_a_flow():
    for deployment in deployments():
        path, name = deployment["entrypoint"].split(":")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        assert isinstance(getattr(module, name), prefect.Flow), deployment["entrypoint"]


def test_every_schedule_parses_and_runs_in_oslo_time():
    from prefect.client.schemas.schedules import CronSchedule

    scheduled = [s for d in deployments() for s in d.get("schedules", [])]
    assert scheduled, "the daily tick must be scheduled"
    for schedule in scheduled:
        assert schedule["timezone"] == "Europe/Oslo"
        parsed = CronSchedule(cron=schedule["cron"], timezone=schedule["timezone"])
        hour = int(schedule["cron"].split()[1])
        assert not 2 <= hour < 3, "nothing between 02:00 and 03:00 local time"
        assert parsed.cron == schedule["cron"]


def test_only_the_daily_tick_is_scheduled():
    scheduled = [d["entrypoint"] for d in deployments() if d.get("schedules")]
    assert scheduled == ["flows/arshjul.py:arshjul"]


def run_logs(state) -> str:
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    with get_client(sync_client=True) as client:
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[state.state_details.flow_run_id]))
        )
    return "\n".join(log.message for log in logs)


def test_the_operators_forms_mark_a_deadline_and_say_so_and_refuse_a_second_time(harness, demo_settings):
    from flows.handlinger import OTHER_EVENT, marker_frist

    state = marker_frist(
        programme="Vestre Toten",  # the name, as a person writes it, not the short name
        event="Årsrapport",  # chosen from the form's list: the event whose document is the annual report
        year=2014,
        status="utført",
        by="Kari",
        note="Sendt fylket",
        return_state=True,
    )
    assert state.is_completed()
    assert state.result().startswith("Fristen «Årsrapport for fjoråret» ")
    assert state.result().endswith("er nå utført. Påminnelsene stopper.")
    (page,) = artifacts("frist-vestre-toten-arsrapport-2014")
    assert "Markert av Kari" in page.data and "Merknad: Sendt fylket" in page.data
    assert "Omstillingsprogrammet i Vestre Toten. Markert av Kari" in page.data  # the name, not «vestre-toten»
    assert page.description.endswith("(Omstillingsprogrammet i Vestre Toten)")
    again = marker_frist(
        programme="VESTRE-TOTEN", event=OTHER_EVENT, other_event="arsrapport", year=2014, by="Kari", return_state=True
    )
    assert again.is_failed()
    assert "«arsrapport» 2014 er allerede utført av Kari; ingenting ble endret" in str(
        again.result(raise_on_failure=False)
    )
    unknown = marker_frist(
        programme="vestre-toten", event=OTHER_EVENT, other_event="arsrapprot", year=2014, by="Kari", return_state=True
    )
    assert "ingen hendelse «arsrapprot» i årshjulet" in str(unknown.result(raise_on_failure=False))


def test_the_form_marks_an_award_reported_to_the_register(harness, demo_settings, monkeypatch):
    """Issue 29, item 4: «Rapportering til Registeret for offentlig støtte» with the project marks its award's deadline
    done, and the award reported today, through the same function as the command line and the web app."""
    import sqlite3

    from flows.handlinger import marker_frist
    from omstilling import clock

    monkeypatch.setenv("OMSTILLING_REGISTER_THRESHOLD_EUR", "30000")  # the demo's awards are all under 100 000 euro
    get_settings.cache_clear()
    state = marker_frist(
        programme="vestre-toten",
        event="Rapportering til Registeret for offentlig støtte",
        year=2014,
        by="Kari",
        project="2014-04",
        return_state=True,
    )
    assert state.is_completed(), state
    assert state.result().startswith(
        "Fristen «Rapportering til Registeret for offentlig støtte» 17.09.2014 er nå utført"
    )
    with sqlite3.connect(demo_settings / "app.db") as connection:
        reported = connection.execute(
            "SELECT a.reported_on FROM aidaward a JOIN project p ON p.id = a.project_id WHERE p.number = '2014-04'"
        ).fetchone()[0]
    assert reported == clock.today().isoformat()


def test_the_form_marks_one_of_a_projects_two_awards_by_its_grant_date(harness, demo_settings, monkeypatch):
    """Review of issue 29, defect 5: project 2014-12 with awards of 17 March and 20 October 2014 (both over the
    30 000 euro set here): the form's «granted» names the March one, which alone is reported; without it, refused."""
    import sqlite3

    from flows.handlinger import marker_frist
    from omstilling import clock
    from omstilling.app import stateaid
    from omstilling.store import db

    monkeypatch.setenv("OMSTILLING_REGISTER_THRESHOLD_EUR", "30000")
    get_settings.cache_clear()
    engine = db.make_engine(f"sqlite:///{demo_settings / 'app.db'}")
    for day in (date(2014, 3, 17), date(2014, 10, 20)):
        stateaid.record_award(
            engine, "vestre-toten", "2014-12", by="K", granted_on=day, org_number="974760606", amount_nok=300_000
        )
    engine.dispose()
    form = {"programme": "vestre-toten", "event": "Rapportering til Registeret for offentlig støtte", "by": "Kari"}
    refused = marker_frist(**form, year=2014, project="2014-12", return_state=True)
    assert "har flere tildelinger (17.03.2014, 20.10.2014)" in str(refused.result(raise_on_failure=False))
    state = marker_frist(**form, year=2014, project="2014-12", granted=date(2014, 3, 17), return_state=True)
    assert state.is_completed(), state
    with sqlite3.connect(demo_settings / "app.db") as connection:
        reported = connection.execute(
            "SELECT a.granted_on, a.reported_on FROM aidaward a JOIN project p ON p.id = a.project_id "
            "WHERE p.number = '2014-12'"
        ).fetchall()
    assert dict(reported) == {"2014-03-17": clock.today().isoformat(), "2014-10-20": None}


def test_a_wrong_value_in_a_form_fails_the_run_with_a_norwegian_message_and_no_traceback(harness, demo_settings):
    """Issue 26: the state says what is wrong, in Norwegian; the run's log has no Python traceback."""
    from flows.handlinger import OTHER_EVENT, marker_frist
    from flows.rapporter import soknad

    nothing = marker_frist(programme="vestre toten", event=OTHER_EVENT, year=2014, by="Kari", return_state=True)
    unknown = marker_frist(programme="Nordkapp", event="Årsrapport", year=2014, by="Kari", return_state=True)
    nobody = marker_frist(programme="vestre-toten", event="Styremøte", year=2014, return_state=True)
    report = soknad(programme="nordkapp", year=2014, return_state=True)
    assert [s.is_failed() for s in (nothing, unknown, nobody, report)] == [True] * 4
    assert nothing.message == (
        "velg fristen i lista «event», eller velg «Annen hendelse» og skriv hendelsens nøkkel eller tittel i "
        "«other_event»; ingenting ble endret"
    )
    assert unknown.message == "ingen program med kortnavnet «Nordkapp» (finnes: vestre-toten)"
    assert nobody.message == "ugyldig frist: markert av: oppgi hvem som markerer fristen; ingenting ble endret"
    assert report.message == "ingen program med kortnavnet «nordkapp» (finnes: vestre-toten)"
    for state in (nothing, unknown, nobody, report):
        assert "Traceback" not in run_logs(state) and "Encountered exception" not in run_logs(state)
    # values Prefect's own check refused in English (through the API or `prefect deployment run -p`): Norwegian,
    # and a choice typed any case or accent is the choice
    wrong = [
        marker_frist(programme="vestre-toten", event="Årsrapport", year="tjuefjorten", by="Kari", return_state=True),
        marker_frist(
            programme="vestre-toten", event="Årsrapport", year=2014, status="ferdig", by="K", return_state=True
        ),
        marker_frist(
            programme="vestre-toten", event="Styremøte", year=2014, due="2014-02-30", by="Kari", return_state=True
        ),
    ]
    assert [s.message for s in wrong] == [
        "year må være et helt tall, ikke «tjuefjorten».",
        "«ferdig» er ikke et av valgene for status: utført, hoppet over, åpen.",
        "due må være en dato (ÅÅÅÅ-MM-DD), ikke «2014-02-30».",
    ]
    typed = marker_frist(programme="vestre-toten", event="årsrapport", year=2014, by="Kari", return_state=True)
    assert typed.is_completed(), typed.message


def test_the_forms_offer_choices_and_need_no_type_toggle():
    """Issue 26: every deployed flow's form: no field that is "integer or null" (Prefect's form then asks which
    type before anything can be typed); the event and the status are lists; the year says which year it is."""
    from prefect.utilities.callables import parameter_schema

    for deployment in deployments():
        path, name = deployment["entrypoint"].split(":")
        flow = getattr(importlib.import_module(path.removesuffix(".py").replace("/", ".")), name)
        schema = parameter_schema(flow).model_dump()
        for field, prop in schema["properties"].items():
            assert "anyOf" not in prop, (deployment["name"], field, prop)
            # a null default would be filled in, and the form would refuse it ("None is not of type 'string'")
            assert prop.get("default", "") is not None, (deployment["name"], field, prop)
    from flows.handlinger import marker_frist
    from flows.rapporter import arsrapport

    form = parameter_schema(marker_frist).model_dump()
    event = form["properties"]["event"]
    assert "Årsrapport" in event["enum"] and "Styremøte" in event["enum"]
    assert form["properties"]["status"]["enum"] == ["utført", "hoppet over", "åpen"]
    assert "årsrapporten for 2013 har frist i januar 2014" in form["properties"]["year"]["description"]
    report = parameter_schema(arsrapport).model_dump()
    assert report["properties"]["year"]["type"] == "integer"
    assert report["properties"]["year"]["description"].startswith("Året rapporten gjelder")


def test_every_deployment_is_named_for_what_it_does():
    names = [d["name"] for d in deployments()]
    assert len(set(names)) == len(names), names
    assert not {"manuell", "skjema"} & set(names)


def test_a_workbook_goes_out_and_comes_back_through_the_forms_dry_run_first(harness, demo_settings):
    from openpyxl import load_workbook

    from flows.handlinger import eksporter_arbeidsbok, importer_arbeidsbok

    assert eksporter_arbeidsbok(programme="vestre-toten").startswith("Arbeidsbok for vestre-toten")
    path = demo_settings / "out" / "vestre-toten" / "arbeidsbok-vestre-toten.xlsx"
    book = load_workbook(path)
    assert book["Program"]["B1"].value == "Navn"
    book["Program"]["B2"].value = "Omstilling Vestre Toten"
    book.save(path)

    assert importer_arbeidsbok(path=str(path)) == "Prøvekjøring, ingenting er skrevet: 1 endring"
    (table,) = artifacts("import-arbeidsbok")
    assert "Navn: Omstillingsprogrammet i Vestre Toten → Omstilling Vestre Toten" in table.data
    assert "Kjør skjemaet igjen med «confirm»" in table.data
    assert importer_arbeidsbok(path=str(path), confirm=True) == "Importert: 1 endring"
    assert importer_arbeidsbok(path=str(path)) == "Ingen endringer"  # it was written
    missing = importer_arbeidsbok(path=str(demo_settings / "borte.xlsx"), return_state=True)
    assert "borte.xlsx: filen finnes ikke" in str(missing.result(raise_on_failure=False))


def test_a_test_message_reaches_everyone_in_the_role_and_the_status_page_is_published(
    harness, demo_settings, monkeypatch
):
    from aiosmtpd.controller import Controller
    from prefect.blocks.system import Secret

    from flows.handlinger import send_testmelding, statusside

    inbox, port = Inbox(), free_port()
    # the apprise configuration from a Prefect Secret block, not a file on the worker
    Secret(value=apprise_config(port)).save("apprise-test", overwrite=True)
    monkeypatch.setenv("OMSTILLING_APPRISE_SECRET_BLOCK", "apprise-test")
    monkeypatch.setenv("OMSTILLING_APPRISE_CONFIG", str(demo_settings / "finnes-ikke.yaml"))
    get_settings.cache_clear()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        result = send_testmelding(programme="vestre-toten", role="styremedlem")
    finally:
        controller.stop()
    assert result == "Testmelding: 3 av 3 sendt"
    assert sorted(a for m in inbox.messages for a in m.to) == [
        "styremedlem1@example.org",
        "styremedlem2@example.org",
        "styremedlem3@example.org",
    ]
    assert inbox.messages[0].subject == "Omstillingsprogrammet i Vestre Toten: testmelding fra omstilling"

    assert statusside(programme="vestre-toten", as_of=date(2014, 8, 4)) == ["vestre-toten"]
    page = max(artifacts("status-vestre-toten"), key=lambda a: a.created)  # (each tick adds a version too)
    assert page.data.startswith("# Omstillingsprogrammet i Vestre Toten: status 04.08.2014")
    assert "| 15.09.2014 | Styremøte | planlagt | 13 prosjekter mangler rapporterte arbeidsplasser" in page.data
    assert "| 30.06.2014 | Halvårsrapport med avviksrapport | forfalt |" in page.data  # past due, still open
    assert "| 2. halvår 2014 | minst 3 | 0 | 4 | i rute |" in page.data


def test_every_document_kind_has_a_report_deployment_for_the_arshjul_to_schedule():
    from flows import rapporter
    from flows.kjoreplan import report_deployment
    from omstilling.core.enums import DocumentKind

    entrypoints = {(d["entrypoint"], d["name"]) for d in deployments()}
    for kind in DocumentKind:
        report = rapporter.REPORT_FLOWS[kind]
        name = next(n for n, value in vars(rapporter).items() if value is report)
        assert (f"flows/rapporter.py:{name}", report_deployment(report)) in entrypoints, kind


def test_a_form_left_without_a_programme_says_which_field_to_fill_in_when_there_are_several(harness, demo_settings):
    """'One programme or all' has one home (store.choose); each way in words the hint: the CLI names --programme,
    a Prefect form its field (the report flows used to answer 'velg ett med --programme' in the UI)."""
    from flows.handlinger import eksporter_arbeidsbok
    from flows.rapporter import arsrapport

    add_broken_programme(demo_settings / "app.db")
    for state in (arsrapport(year=2014, return_state=True), eksporter_arbeidsbok(return_state=True)):
        assert state.is_failed()
        message = str(state.result(raise_on_failure=False))
        assert message == "databasen har flere program (brudd, vestre-toten): velg ett i feltet «programme»"


def test_what_the_flows_do_is_recorded_as_prefect_and_the_daily_tick_purges_the_old_trail(
    harness, demo_settings, monkeypatch, wheel_runs
):
    from flows.handlinger import marker_frist
    from omstilling.app.audit import events
    from omstilling.store import audit, db

    engine = db.get_engine()
    audit.record(
        engine, "frist-markert", who="gammel@example.org", at=datetime.now(ZoneInfo("UTC")) - timedelta(days=731)
    )
    assert marker_frist(
        programme="vestre-toten", event="Årsrapport", year=2014, by="Kari", return_state=True
    ).is_completed()
    state, _inbox = tick_over_smtp(demo_settings, monkeypatch, date(2014, 6, 6))
    assert state.is_completed(), state.message
    trail = events(engine, per_page=None).events
    assert [(e.actor, e.source, e.outcome) for e in trail if e.action == "frist-markert"] == [
        ("prefect:marker-frist", "prefect", "ok")
    ]  # the one older than OMSTILLING_AUDIT_DAYS is gone
    assert [(e.actor, e.detail["hendelser"]) for e in trail if e.action == "opprydding"] == [("prefect:årshjul", 1)]
