#!/usr/bin/env bash
# Runs omstilling on this machine: the app database (SQLite) with the demo programme, a local Prefect server
# (SQLite, no analytics, nothing needs the network), a process work pool, the deployments from prefect.yaml,
# a worker and the web app (WEB_PORT, default 8000). Ctrl-C stops everything. `--smoke` starts it all, runs one report through the API and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
export OMSTILLING_HOME="$PWD"
export PREFECT_HOME="${PREFECT_HOME:-$PWD/.prefect}"
export PREFECT_API_URL="http://127.0.0.1:${PREFECT_PORT:-4200}/api"
export PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 PREFECT_UI_ENABLED=true
export PREFECT_SERVER_API_PORT="${PREFECT_PORT:-4200}"
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
"$BIN/prefect" --no-prompt deploy --all >"$PREFECT_HOME/deploy.log" 2>&1 \
  || { echo "feil: prefect deploy feilet; se $PREFECT_HOME/deploy.log"; exit 1; }
setsid "$BIN/prefect" worker start --pool omstilling >"$PREFECT_HOME/worker.log" 2>&1 &
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
  Prefect:           http://127.0.0.1:${PREFECT_PORT:-4200}
  Webappen:          http://127.0.0.1:$WEB_PORT
                     (logg inn: $BIN/omstilling login-link programleder@example.org, og åpne lenken)
  Daglig kjøring:    «årshjul/daglig» kl. 06.30 (Europe/Oslo)
  En rapport nå:     i Prefect, Deployments → «årsrapport/manuell» → Run → Custom run (f.eks. year 2014),
                     eller: $BIN/prefect deployment run 'årsrapport/manuell' --param year=2014
  Dokumenter:        $PWD/out/
Ctrl-C stopper alt.
TEXT

if [ "$SMOKE" = "--smoke" ]; then
  # One report through the API, as a user would start it from the UI; fails unless the run completes.
  "$BIN/python" - <<'PY'
from prefect.deployments import run_deployment
run = run_deployment("årsrapport/manuell", parameters={"year": 2014, "formats": ["md"]}, timeout=300)
print(f"røyktest: kjøringen {run.name} endte {run.state.type.value}")
raise SystemExit(0 if run.state.is_completed() else 1)
PY
  exit $?
fi
wait "${pids[@]}"
