#!/usr/bin/env bash
# `make run`: build Ferry and start the whole local system in the background, then demo every flow.
# Everything lives under .ferry/ (data, logs, keys, pids); `make stop` stops it.
source "$(dirname "$0")/lib.sh"
find_java
ensure_temporal
ensure_nginx

API_PORT="${FERRY_API_PORT:-8080}"
WORKER_PORT="${FERRY_WORKER_PORT:-8081}"
PG_PORT="${FERRY_PG_PORT:-5433}"
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
UI_PORT="${TEMPORAL_UI_PORT:-8233}"
mkdir -p "$FERRY_HOME/logs" "$FERRY_HOME/pids"

"$FERRY_ROOT/scripts/stop.sh" --quiet

say "Building (mvn package, tests skipped; 'make test' runs them)..."
started=$SECONDS
( cd "$FERRY_ROOT" && mvn_cmd -q -DskipTests package ) || die "build failed"
say "Build finished in $((SECONDS - started))s"
API_JAR="$(ls "$FERRY_ROOT"/api/target/ferry-api-*-SNAPSHOT.jar | head -n1)"
WORKER_JAR="$(ls "$FERRY_ROOT"/worker/target/ferry-worker-*-SNAPSHOT.jar | head -n1)"

ensure_local_keys

if [[ -z "${FERRY_JDBC_URL:-}" ]]; then
  # Another checkout's PostgreSQL on the port would be taken for ours, with its users and secrets.
  ! (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null \
    || die "port $PG_PORT is in use (another Ferry's PostgreSQL? run 'make stop' there, or set FERRY_PG_PORT)"
  say "Starting embedded PostgreSQL on 127.0.0.1:$PG_PORT (data in $FERRY_HOME/postgres)"
  start_bg embedded-postgres java -Dloader.main=dev.ferry.platform.db.EmbeddedPostgresMain \
    -Dferry.pg.data="$FERRY_HOME/postgres" -Dferry.pg.port="$PG_PORT" -jar "$API_JAR"
  export FERRY_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
  wait_for "PostgreSQL" "grep -q postgres.ready '$FERRY_HOME/logs/embedded-postgres.log'" 120
fi

say "Starting the Temporal dev server (gRPC :$TEMPORAL_PORT, Web UI :$UI_PORT, SQLite in $FERRY_HOME/temporal.db)"
sa_flags=(); for sa in "${FERRY_SEARCH_ATTRIBUTES[@]}"; do sa_flags+=(--search-attribute "$sa"); done
start_bg temporal "$FERRY_TEMPORAL_CLI" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$UI_PORT" \
  --db-filename "$FERRY_HOME/temporal.db" "${sa_flags[@]}" \
  --ui-codec-endpoint "http://localhost:$API_PORT/codec/ui/$FERRY_UI_CODEC_KEY" --log-level warn \
  --dynamic-config-value system.enableActivityEagerExecution=true
export TEMPORAL_TARGET="127.0.0.1:$TEMPORAL_PORT"
wait_for "Temporal" "'$FERRY_TEMPORAL_CLI' operator cluster health --address $TEMPORAL_TARGET | grep -q SERVING" 120
# a dev server database from an older checkout lacks search attributes added since: register what is missing
TEMPORAL_CLI="$FERRY_TEMPORAL_CLI" TEMPORAL_ADDRESS="$TEMPORAL_TARGET" sh "$FERRY_ROOT/deploy/temporal/setup-namespace.sh" >/dev/null

start_sandboxes "${FORWARD_SANDBOX_PORT:-18080}" "${FOREMAN_SANDBOX_PORT:-18081}"

JAVA_OPTS=(-Xmx512m -XX:+UseSerialGC $(java_runtime_flags))
say "Starting the Ferry worker (:$WORKER_PORT) and API (:$API_PORT)"
FERRY_WORKER_PORT=$WORKER_PORT start_bg worker java "${JAVA_OPTS[@]}" -jar "$WORKER_JAR"
FERRY_API_PORT=$API_PORT FERRY_BOOTSTRAP_TOKEN_FILE="$FERRY_HOME/admin-token" TEMPORAL_UI_URL="http://localhost:$UI_PORT" \
  start_bg api java "${JAVA_OPTS[@]}" -jar "$API_JAR"
wait_for "worker health" "curl -fs http://127.0.0.1:$WORKER_PORT/actuator/health | grep -q '\"status\":\"UP\"'" 180
# DEGRADED (HTTP 200) means a configured Foreman failed its connection test: the API itself serves.
wait_for "API health" "curl -fs http://127.0.0.1:$API_PORT/actuator/health | grep -Eq '\"status\":\"(UP|DEGRADED)\"'" 180

run_demos "http://127.0.0.1:$API_PORT" "$FERRY_HOME/admin-token"

cat <<INFO

Ferry is running. Logs: $FERRY_HOME/logs/   Stop: make stop
  Temporal Web UI  http://localhost:$UI_PORT
  Ferry API        http://localhost:$API_PORT        (health: /actuator/health)
  Swagger UI       http://localhost:$API_PORT/swagger-ui.html
  Sandboxes        Forward $FORWARD_SANDBOX_URL, Foreman $FOREMAN_SANDBOX_URL
  Admin token      $FERRY_HOME/admin-token   (export FERRY_TOKEN=\$(cat $FERRY_HOME/admin-token))
  CLI              ./ferry whoami
  Temporal CLI     $FERRY_TEMPORAL_CLI workflow list --address $TEMPORAL_TARGET
INFO
