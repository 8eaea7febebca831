"""The Prefect console as an operator sees it (issue 26, Done when): a real `prefect server start` with its UI, the
two deployments of prefect.yaml it needs («marker-frist/marker-en-frist», «årsrapport/skriv-årsrapport»), a process
worker, and Debian's Chromium through Playwright. It fills the «marker frist» form with «Årsrapport» chosen from
the event list, waits for the run to complete, and takes screenshots of the form, the finished run, and a report
run's graph (task names with æ, ø, å) in both of Prefect's UIs (V1's graph font is ASCII only: «skriv rsrapport»;
V2's draws «skriv årsrapport»). Everything lives in a temporary folder; nothing of `make run` is touched.

With `--morgen` it looks at a morning's run of the årshjul instead (issue 26, item 1): the tick's mirroring schedules
the demo's drafts due on 6 June 2014 (the application, the half-year report, the board report and the board pack
for 16 June: one run, one task per document), the worker runs it, and the screenshots are of its page, its graph in
both UIs and its task runs.

    .venv/bin/python scripts/look-prefect-ui.py [OUT_DIR] [--morgen]   # screenshots to OUT_DIR (default out/look-prefect)

Takes about a minute and a half on a 2-core machine (the server's start, the deploy and two runs on a process
worker are most of it), so it is a script and not part of the look lane, which shares one Prefect test harness
whose server has no UI. Needs `chromium` (Debian) and Playwright (`pip install playwright`). Exits 1 unless the
form's run completes and the marked deadline's sentence shows in the UI."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
CHROMIUM = os.environ.get("OMSTILLING_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"feil: {url} svarte ikke innen {seconds:.0f} s")


def main(out: Path, morning: bool = False) -> int:
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="look-prefect-"))
    port = free_port()
    env = os.environ | {
        "PREFECT_HOME": str(work / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_UI_ENABLED": "true",
        "OMSTILLING_HOME": str(ROOT),
        "OMSTILLING_DATABASE_URL": f"sqlite:///{work / 'app.db'}",
        "OMSTILLING_OUTPUT_DIR": str(work / "out"),
    }
    for name in ("PREFECT_API_AUTH_STRING", "PREFECT_SERVER_API_AUTH_STRING"):
        env.pop(name, None)
    run = lambda *args: subprocess.run(args, env=env, cwd=ROOT, check=True, capture_output=True, text=True)  # noqa: E731
    run(str(BIN / "omstilling"), "init")
    run(str(BIN / "omstilling"), "demo")
    started = []
    try:
        started.append(
            subprocess.Popen(
                [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                env=env,
                cwd=ROOT,
                stdout=open(work / "server.log", "w"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        wait_for(f"http://127.0.0.1:{port}/api/health", 120)
        run(str(BIN / "prefect"), "work-pool", "create", "omstilling", "--type", "process")
        names = ["skriv-morgenens-utkast"] if morning else ["marker-en-frist", "skriv-årsrapport"]
        run(str(BIN / "prefect"), "--no-prompt", "deploy", *(arg for name in names for arg in ("--name", name)))
        started.append(
            subprocess.Popen(
                [str(BIN / "prefect"), "worker", "start", "--pool", "omstilling", "--limit", "2"],
                env=env,
                cwd=ROOT,
                stdout=open(work / "worker.log", "w"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        if morning:
            return drive_morning(f"http://127.0.0.1:{port}", env, out)
        return drive(f"http://127.0.0.1:{port}", env, out)
    except BaseException:
        print((work / "server.log").read_text()[-2000:] if (work / "server.log").exists() else "")
        raise
    finally:
        for process in reversed(started):
            os.killpg(process.pid, signal.SIGINT)
        for process in reversed(started):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        print(f"logger: {work}")


def deployment_id(env: dict, name: str) -> str:
    os.environ.update(env)  # (this process talks to the server it started)
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return str(client.read_deployment_by_name(name).id)


def drive(ui: str, env: dict, out: Path) -> int:
    from playwright.sync_api import sync_playwright

    form = deployment_id(env, "marker-frist/marker-en-frist")
    report = deployment_id(env, "årsrapport/skriv-årsrapport")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="nb-NO")
        page.set_default_timeout(60_000)
        try:
            return _drive(page, ui, form, report, out)
        except BaseException:
            page.screenshot(path=out / "feil.png", full_page=True)
            raise
        finally:
            browser.close()


def _drive(page, ui: str, form: str, report: str, out: Path) -> int:
    from playwright.sync_api import expect

    if True:  # (one block: the form, its run, then a report run and its graph)
        # the form: Deployments → marker-en-frist → Run → Custom run
        page.goto(f"{ui}/deployments/deployment/{form}/run")
        page.get_by_text("programme", exact=True).first.wait_for()
        field(page, "programme").fill("Vestre Toten")
        choose(page, "event", "Årsrapport", out)
        field(page, "year").fill("2014")
        field(page, "by (Optional)").fill("Kari Nordmann")
        page.screenshot(path=out / "1-marker-frist-skjema.png", full_page=True)
        page.get_by_role("button", name="Submit").click()
        # back on the deployment's page: its run, by the name the flow gives it, completes
        run = page.get_by_role("link", name="Marker frist · Årsrapport · 2014 · Vestre Toten")
        expect(run.first).to_be_visible(timeout=120_000)
        expect(page.get_by_text("Completed").first).to_be_visible(timeout=120_000)
        page.screenshot(path=out / "2-marker-frist-fullfort.png", full_page=True)
        run.first.click()
        page.wait_for_url("**/runs/flow-run/**")
        page.get_by_text("Artifacts").first.wait_for()
        time.sleep(2)
        page.screenshot(path=out / "2a-marker-frist-kjoring.png", full_page=True)
        done = page.get_by_text("Completed").count() > 0
        # a report run and its graph
        page.goto(f"{ui}/deployments/deployment/{report}/run")
        page.get_by_text("year (Optional)", exact=True).first.wait_for()
        field(page, "year (Optional)").fill("2014")
        page.get_by_role("button", name="Submit").click()
        run = page.get_by_role("link", name="Årsrapport · 2014 · vestre-toten")
        expect(run.first).to_be_visible(timeout=180_000)
        expect(page.get_by_text("Completed").first).to_be_visible(timeout=180_000)
        run.first.click()
        page.wait_for_url("**/runs/flow-run/**")
        time.sleep(4)  # (the graph draws itself after the page)
        page.screenshot(path=out / "3-arsrapport-graf.png", full_page=True)
        # the same run in Prefect's newer UI (its graph draws text with a font made on demand)
        url = page.url
        page.get_by_text("Switch to V2 UI").click()
        page.wait_for_timeout(3000)
        if "/runs/flow-run/" not in page.url:
            page.goto(url.replace(ui, f"{ui}/v2"))
        time.sleep(5)
        page.screenshot(path=out / "3b-arsrapport-graf-v2.png", full_page=True)
    print(f"skjermbilder: {out}")
    return 0 if done else 1


def drive_morning(ui: str, env: dict, out: Path) -> int:
    """Schedule the demo's morning of 6 June 2014 as the tick does, let the worker run it, and look at it."""
    from datetime import date

    from playwright.sync_api import sync_playwright

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))  # flows/ lives beside the package
    from flows.kjoreplan import mirror_runs
    from flows.morgen import morgen
    from omstilling.app import drafts
    from omstilling.store import db

    day = date(2014, 6, 6)
    planned = [r for r in drafts.plan_runs(db.get_engine(), "vestre-toten", day) if r.day == day]
    mirror_runs(planned, ["vestre-toten"], ["vestre-toten"], morgen, {"formats": ["md", "docx"]})
    run_id = wait_for_wheel_run()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="nb-NO")
        page.set_default_timeout(60_000)
        try:
            page.goto(f"{ui}/runs/flow-run/{run_id}")
            page.get_by_text("Completed").first.wait_for()
            time.sleep(4)  # (the graph draws itself after the page)
            page.screenshot(path=out / "4-morgen-kjoring.png", full_page=True)
            tab = page.get_by_role("tab", name="Task Runs")
            if tab.count():
                tab.first.click()
                time.sleep(2)
                page.screenshot(path=out / "4a-morgen-oppgaver.png", full_page=True)
            page.goto(f"{ui}/v2/runs/flow-run/{run_id}")
            time.sleep(6)
            page.screenshot(path=out / "4b-morgen-graf-v2.png", full_page=True)
        except BaseException:
            page.screenshot(path=out / "feil.png", full_page=True)
            raise
        finally:
            browser.close()
    print(f"skjermbilder: {out}")
    return 0


def wait_for_wheel_run(seconds: float = 300) -> str:
    """The morning's run, once the worker has run it to the end (its id)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags

    deadline = time.monotonic() + seconds
    with get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=["årshjul"])))
            if runs and all(r.state and r.state.is_final() for r in runs):
                (run,) = runs
                print(f"{run.name}: {run.state_name} ({run.state.message if run.state else ''})")
                return str(run.id)
            time.sleep(2)
    raise SystemExit(f"feil: morgenens kjøring ble ikke ferdig innen {seconds:.0f} s")


def field(page, label: str):
    """The form's box under a parameter's heading (the UI does not tie the heading to the box as a label)."""
    return page.locator(
        f"xpath=//*[normalize-space(text())='{label}']/following::*[self::input or self::textarea][1]"
    ).first


def choose(page, label: str, value: str, out: Path) -> None:
    """Pick `value` from the form's list for a parameter (the UI's own list box: a button that opens options)."""
    button = page.locator(
        f"xpath=//*[normalize-space(text())='{label}']/following::button[contains(@class,'p-select-button')][1]"
    ).first
    button.focus()
    button.press("Enter")
    page.wait_for_timeout(500)
    if not page.get_by_text(value, exact=True).count():
        button.press("ArrowDown")
        page.wait_for_timeout(500)
    page.screenshot(path=out / "1a-marker-frist-liste.png")
    page.get_by_text(value, exact=True).first.click()


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--morgen"]
    sys.exit(main(Path(arguments[0]) if arguments else ROOT / "out" / "look-prefect", "--morgen" in sys.argv[1:]))
