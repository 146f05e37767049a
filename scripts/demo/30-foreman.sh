#!/usr/bin/env bash
# Demo: Foreman. Configures the sandbox Foreman, tests the connection, lists hosts and hypervisors.
# Run by `make run` with FERRY_URL and FERRY_TOKEN (admin) exported.
source "$(dirname "$0")/../lib.sh"
FERRY="$FERRY_ROOT/ferry"
FOREMAN_URL="${FOREMAN_SANDBOX_URL:-http://127.0.0.1:${FOREMAN_SANDBOX_PORT:-18081}}"
NAME="sandbox-foreman"

# run.sh starts the sandbox; when this demo runs alone, start one (make stop stops it).
if ! curl -fs "$FOREMAN_URL/api/ping" >/dev/null 2>&1; then
  jar="$(ls "$FERRY_ROOT"/sandbox/target/ferry-sandbox-*-all.jar 2>/dev/null | head -n1)"
  [[ -n "$jar" ]] || die "no Foreman sandbox at $FOREMAN_URL and no sandbox jar to start one (make build)"
  say "Starting the Foreman sandbox on $FOREMAN_URL"
  mkdir -p "$FERRY_HOME/logs" "$FERRY_HOME/pids"
  nohup java -jar "$jar" --foreman-port "${FOREMAN_URL##*:}" --forward-port 0 >"$FERRY_HOME/logs/sandbox-foreman.log" 2>&1 &
  echo $! >"$FERRY_HOME/pids/sandbox-foreman.pid"
  for _ in $(seq 1 60); do curl -fs "$FOREMAN_URL/api/ping" >/dev/null 2>&1 && break; sleep 0.5; done
fi

say "Foreman configuration '$NAME' -> $FOREMAN_URL (user admin, token demo-token)"
if "$FERRY" foreman list | grep -q "^$NAME "; then
  "$FERRY" foreman update "$NAME" --url "$FOREMAN_URL" --username admin --token demo-token
else
  "$FERRY" foreman create --name "$NAME" --url "$FOREMAN_URL" --username admin --token demo-token
fi

say "Connection test (GET /api/status, then the permissions the inventory needs)"
"$FERRY" foreman test "$NAME"

say "Hosts (first 10; the first call collects the inventory through a workflow)"
"$FERRY" foreman hosts "$NAME" --refresh --limit 10

say "Hosts matching a Foreman search, passed through: os = Debian"
"$FERRY" foreman hosts "$NAME" --search "os = Debian" --limit 5

say "Hypervisors (compute resources and bare-metal hosts)"
"$FERRY" foreman hypervisors "$NAME" | head -n 12

id="$("$FERRY" foreman list | awk -v name="$NAME" '$1 == name {getline; print $2}')"
ui="${TEMPORAL_UI_URL:-http://localhost:${TEMPORAL_UI_PORT:-8233}}"
say "Temporal Web UI: the inventory run  $ui/namespaces/default/workflows/foreman-inventory%2F$id"
say "                 every Foreman run  $ui/namespaces/default/workflows?query=FerryForemanConfig%3D%22$id%22"
