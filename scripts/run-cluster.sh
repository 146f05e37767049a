#!/usr/bin/env bash
# `make run-cluster`: build Ferry, start the production shape (scripts/cluster.sh: PostgreSQL, the Temporal
# server and Web UI, two workers, two APIs), then demo every flow as `make run` does. `make stop` stops it.
source "$(dirname "$0")/lib.sh"
find_java
ensure_nginx

bash "$FERRY_ROOT/scripts/stop.sh" --quiet
say "Building (mvn package, tests skipped; 'make test' runs them)..."
started=$SECONDS
( cd "$FERRY_ROOT" && mvn_cmd -q -DskipTests package ) || die "build failed"
say "Build finished in $((SECONDS - started))s"

bash "$FERRY_ROOT/scripts/cluster.sh" up || die "the cluster did not start; logs in $FERRY_HOME/logs/"
read -r -a API_PORTS <<<"${FERRY_API_PORTS:-8080 8082}"
read -r -a WORKER_PORTS <<<"${FERRY_WORKER_PORTS:-8081 8083}"
UI_PORT=${TEMPORAL_UI_PORT:-8233}
TEMPORAL_TARGET="127.0.0.1:${TEMPORAL_PORT:-7233}"
export FORWARD_SANDBOX_URL="http://127.0.0.1:${FORWARD_SANDBOX_PORT:-18080}"
export FOREMAN_SANDBOX_URL="http://127.0.0.1:${FOREMAN_SANDBOX_PORT:-18081}"
run_demos "http://127.0.0.1:${API_PORTS[0]}" "$FERRY_HOME/cluster/admin-token"

cat <<INFO

Ferry runs in the production shape. Logs: $FERRY_HOME/logs/   Data: $FERRY_HOME/cluster/   Stop: make stop
  Ferry APIs       $(printf 'http://localhost:%s  ' "${API_PORTS[@]}")(health: /actuator/health, metrics: /actuator/prometheus)
  Ferry workers    $(printf 'http://localhost:%s  ' "${WORKER_PORTS[@]}")(actuator only; both poll task queue 'ferry')
  Temporal server  $TEMPORAL_TARGET, v${TEMPORAL_SERVER_VERSION#v} on PostgreSQL (config deploy/temporal/ferry.yaml,
                   dynamic config deploy/temporal/dynamicconfig.yaml, metrics http://127.0.0.1:${TEMPORAL_METRICS_PORT:-8000}/metrics)
  Temporal Web UI  http://localhost:$UI_PORT  (v${TEMPORAL_UI_VERSION#v}; payloads decoded by the first API's codec endpoint)
  PostgreSQL       127.0.0.1:${FERRY_CLUSTER_PG_PORT:-5434}, databases temporal, temporal_visibility, ferry
                   (passwords in $FERRY_HOME/cluster/*.password)
  Sandboxes        Forward $FORWARD_SANDBOX_URL, Foreman $FOREMAN_SANDBOX_URL
  Admin token      $FERRY_HOME/cluster/admin-token   (export FERRY_TOKEN=\$(cat $FERRY_HOME/cluster/admin-token))
  CLI              FERRY_URL=http://127.0.0.1:${API_PORTS[1]:-${API_PORTS[0]}} ./ferry whoami   (either API answers)
  Temporal CLI     $FERRY_CACHE/bin/temporal workflow list --address $TEMPORAL_TARGET
INFO
