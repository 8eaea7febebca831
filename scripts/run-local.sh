#!/usr/bin/env bash
# Runs omstilling on this machine: the app database (SQLite) with the demo programme, a local Prefect server
# (SQLite, no analytics, nothing needs the network), a process work pool, the deployments from prefect.yaml,
# a worker and the web app (WEB_PORT, default 8000). Ctrl-C stops everything. `--smoke` starts it all, runs one
# report and one daily tick through the API, waits for the worker to draft what the tick scheduled, and stops.
# The Prefect server's own database is PostgreSQL when PREFECT_SERVER_DATABASE_CONNECTION_URL says so
# (postgresql+asyncpg://user@host:5432/name; the database is created if missing), as in production.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
export OMSTILLING_HOME="$PWD"
export PREFECT_HOME="${PREFECT_HOME:-$PWD/.prefect}"
export PREFECT_API_URL="http://127.0.0.1:${PREFECT_PORT:-4200}/api"
export PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 PREFECT_UI_ENABLED=true
# The newer UI by default: the older one's run graph draws task names in an ASCII-only font («skriv rsrapport»).
export PREFECT_SERVER_UI_V2_ENABLED="${PREFECT_SERVER_UI_V2_ENABLED:-true}"
export PREFECT_SERVER_API_PORT="${PREFECT_PORT:-4200}"
# Flow-run retention: the server's vacuum deletes runs (and their logs and artifacts) ended more than 400 days ago.
export PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED="${PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED:-events,flow_runs}"
export PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD="${PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD:-34560000}"
WEB_PORT="${WEB_PORT:-8000}"
export OMSTILLING_BASE_URL="${OMSTILLING_BASE_URL:-http://127.0.0.1:$WEB_PORT}"
SMOKE=${1:-}
pids=()

stop() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo "Stopper omstilling (webapp, arbeider og Prefect-server)…"
    for pid in "${pids[@]}"; do kill -INT -- "-$pid" 2>/dev/null || true; done
    for _ in $(seq 1 20); do
      alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ $alive = 0 ] && break
      sleep 0.5
    done
    for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  fi
  exit "${1:-0}"
}
trap 'stop 0' INT TERM
trap 'stop $?' EXIT

"$BIN/omstilling" init
"$BIN/omstilling" demo
"$BIN/omstilling" status
mkdir -p "$PREFECT_HOME"
# The Prefect UI and API are the operator's console (it can start any flow, read every artifact): the open-source
# server has one shared basic-auth string and no roles, so it never runs without one. Made once per checkout
# (.prefect/ui-innlogging, readable by the owner only) unless PREFECT_SERVER_API_AUTH_STRING is given.
if [ -z "${PREFECT_SERVER_API_AUTH_STRING:-}" ]; then
  auth_file="$PREFECT_HOME/ui-innlogging"
  if [ ! -s "$auth_file" ]; then
    (umask 077 && "$BIN/python" -c "import secrets; print('drift:' + secrets.token_urlsafe(24))" >"$auth_file")
  fi
  PREFECT_SERVER_API_AUTH_STRING="$(cat "$auth_file")"
  export PREFECT_SERVER_API_AUTH_STRING
fi
export PREFECT_API_AUTH_STRING="${PREFECT_API_AUTH_STRING:-$PREFECT_SERVER_API_AUTH_STRING}"
if [[ "${PREFECT_SERVER_DATABASE_CONNECTION_URL:-}" == postgresql* ]]; then
  "$BIN/python" - <<'PY' || { echo "feil: fant ikke PostgreSQL for Prefect-serveren (PREFECT_SERVER_DATABASE_CONNECTION_URL)"; exit 1; }
import asyncio, os
from urllib.parse import urlsplit

import asyncpg  # (a Prefect dependency)

parts = urlsplit(os.environ["PREFECT_SERVER_DATABASE_CONNECTION_URL"].replace("+asyncpg", ""))
name = parts.path.lstrip("/")


async def ensure() -> None:
    connection = await asyncpg.connect(parts._replace(path="/postgres").geturl(), timeout=10)
    try:
        if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await connection.execute(f'CREATE DATABASE "{name}"')
            print(f"Opprettet databasen «{name}» for Prefect-serveren.")
    finally:
        await connection.close()

asyncio.run(ensure())
print(f"Prefect-serveren bruker PostgreSQL (databasen «{name}» på {parts.hostname}).")
PY
fi
setsid "$BIN/prefect" server start --host 127.0.0.1 --port "${PREFECT_PORT:-4200}" >"$PREFECT_HOME/server.log" 2>&1 &
pids+=($!)
echo "Starter Prefect-serveren (logg: $PREFECT_HOME/server.log)…"
for _ in $(seq 1 120); do
  if "$BIN/python" -c "import urllib.request,sys; urllib.request.urlopen('$PREFECT_API_URL/health', timeout=2)" 2>/dev/null; then
    break
  fi
  sleep 1
done
"$BIN/python" -c "import urllib.request; urllib.request.urlopen('$PREFECT_API_URL/health', timeout=2)" \
  || { echo "feil: Prefect-serveren startet ikke; se $PREFECT_HOME/server.log"; exit 1; }
"$BIN/prefect" work-pool inspect omstilling >/dev/null 2>&1 || "$BIN/prefect" work-pool create omstilling --type process >/dev/null
# At most WORK_POOL_LIMIT runs at once over all the pool's workers, and PROGRAMME_LIMIT documents at once per
# programme (a tag-based limit on its short name: the report flows and the morning runs tag the task that writes
# the document). The tick shares a busy morning's drafts out over WORK_POOL_LIMIT runs.
"$BIN/prefect" work-pool set-concurrency-limit omstilling "${WORK_POOL_LIMIT:-4}" >/dev/null
for slug in $("$BIN/python" -c "from omstilling.app import programmes; from omstilling.store import db; print(' '.join(programmes.slugs(db.get_engine())))"); do
  "$BIN/prefect" concurrency-limit create "$slug" "${PROGRAMME_LIMIT:-2}" >/dev/null
done
"$BIN/prefect" --no-prompt deploy --all >"$PREFECT_HOME/deploy.log" 2>&1 \
  || { echo "feil: prefect deploy feilet; se $PREFECT_HOME/deploy.log"; exit 1; }
# At most WORKER_LIMIT runs at once on this machine (a busy day of the årshjul can schedule many at 06.00).
setsid "$BIN/prefect" worker start --pool omstilling --limit "${WORKER_LIMIT:-2}" >"$PREFECT_HOME/worker.log" 2>&1 &
pids+=($!)
setsid "$BIN/omstilling" web --host 127.0.0.1 --port "$WEB_PORT" >"$PREFECT_HOME/web.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  "$BIN/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$WEB_PORT/logg-inn', timeout=2)" \
    2>/dev/null && break
  sleep 0.5
done
"$BIN/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$WEB_PORT/logg-inn', timeout=2)" \
  || { echo "feil: webappen startet ikke; se $PREFECT_HOME/web.log"; exit 1; }

cat <<TEXT

omstilling kjører.
  Prefect:           http://127.0.0.1:${PREFECT_PORT:-4200}  (driftens konsoll, bare for driftsansvarlig; den
                     spør om hele innloggingsstrengen: ${auth_file:-PREFECT_SERVER_API_AUTH_STRING})
  Webappen:          http://127.0.0.1:$WEB_PORT
                     (logg inn: $BIN/omstilling login-link programleder@example.org, og åpne lenken)
  Daglig kjøring:    «årshjul/daglig» kl. 06.30 (Europe/Oslo); den planlegger dokumentene som morgenkjøringer
                     (Runs → Upcoming, og under «skriv-morgenens-utkast»: dokumentene som skal lages samme
                     morgen, ett per oppgave)
  Skjemaer:          «marker-frist», «importer-arbeidsbok», «eksporter-arbeidsbok», «send-testmelding»,
                     «statusside» (Deployments → f.eks. «marker-en-frist» → Run → Custom run)
  En rapport nå:     i Prefect, Deployments → «skriv-årsrapport» → Run → Custom run (f.eks. year 2014),
                     eller: $BIN/prefect deployment run 'årsrapport/skriv-årsrapport' --param year=2014
  Dokumenter:        $PWD/out/
Ctrl-C stopper alt.
TEXT

if [ "$SMOKE" = "--smoke" ]; then
  # One report and one daily tick through the API, as a user would start them from the UI; then the worker
  # drafts what the tick scheduled (the demo's dates are long past, so they are all due at once). Fails unless
  # every run completes.
  "$BIN/python" - <<'PY'
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags
from prefect.deployments import run_deployment

started = datetime.now(UTC)
run = run_deployment("årsrapport/skriv-årsrapport", parameters={"year": 2014, "formats": ["md"]}, timeout=300)
print(f"røyktest: kjøringen {run.name} endte {run.state.type.value}")
if not run.state.is_completed():
    raise SystemExit(1)
tick = run_deployment("årshjul/daglig", parameters={"as_of": "2014-06-06", "formats": ["md"]}, timeout=300)
print(f"røyktest: kjøringen {tick.name} endte {tick.state.type.value}")
if not tick.state.is_completed():
    raise SystemExit(1)
OSLO = ZoneInfo("Europe/Oslo")
wheel = FlowRunFilter(tags=FlowRunFilterTags(all_=["årshjul"]))
with get_client(sync_client=True) as client:
    for _ in range(450):  # the runs this tick created or scheduled again (a Prefect database may hold older ones)
        runs = [r for r in client.read_flow_runs(flow_run_filter=wheel, limit=200) if r.updated >= started]
        if all(r.state.is_final() for r in runs):
            break
        time.sleep(2)
for r in sorted(runs, key=lambda r: r.expected_start_time):
    print(f"røyktest: {r.expected_start_time.astimezone(OSLO):%Y-%m-%d %H.%M} {r.name}: {r.state.name}")
print(f"røyktest: {len(runs)} kjøringer fra årshjulet")
raise SystemExit(0 if all(r.state.is_completed() for r in runs) else 1)
PY
  exit $?
fi
wait "${pids[@]}"
