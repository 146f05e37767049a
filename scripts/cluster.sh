#!/usr/bin/env bash
# The production shape on one machine, with real parts: PostgreSQL from Debian (fsync on) holding Temporal's
# and Ferry's databases, the Temporal server, its SQL schema tool and its Web UI at docker-compose.yml's
# versions (built from their Go modules), two Ferry workers and two Ferry APIs sharing the task queue and the
# database, and the sandboxes. `make run-cluster` and the fault tests (`make test-cluster`) drive it.
#
# Usage: scripts/cluster.sh up | down | start NAME | stop NAME [SIGNAL]
#   up                start every part that is not running, in order (jars must be built: mvn package)
#   down              stop everything (what `make stop` does)
#   start NAME        start one part and wait until it answers
#   stop NAME [SIG]   stop one part: SIGTERM, or e.g. KILL; PostgreSQL gets SIGINT, its fast shutdown
# NAME: postgres, temporal, temporal-ui, sandbox, worker-1, worker-2, api-1, api-2.
# Ports come from the environment (defaults below are `make run-cluster`'s); the fault tests pick free ones,
# and start extra APIs on another database (FERRY_CLUSTER_DB) with their own token file.
source "$(dirname "$0")/lib.sh"

PG_PORT=${FERRY_CLUSTER_PG_PORT:-5434}
TEMPORAL_PORT=${TEMPORAL_PORT:-7233}
UI_PORT=${TEMPORAL_UI_PORT:-8233}
METRICS_PORT=${TEMPORAL_METRICS_PORT:-8000}
read -r -a API_PORTS <<<"${FERRY_API_PORTS:-8080 8082}"
read -r -a WORKER_PORTS <<<"${FERRY_WORKER_PORTS:-8081 8083}"
FORWARD_SANDBOX_PORT=${FORWARD_SANDBOX_PORT:-18080}
FOREMAN_SANDBOX_PORT=${FOREMAN_SANDBOX_PORT:-18081}
DATA="$FERRY_HOME/cluster"
FERRY_DB=${FERRY_CLUSTER_DB:-ferry}
TOKEN_FILE=${FERRY_BOOTSTRAP_TOKEN_FILE:-$DATA/admin-token} # not make run's: another database
TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"

# PostgreSQL's settings; docker-compose.yml's postgresql command passes the same (DeploymentFilesTest).
# Durability stays on: a database that loses acknowledged commits on power loss is not the production shape.
POSTGRES_SETTINGS=(fsync=on synchronous_commit=on full_page_writes=on max_connections=250)

# PostgreSQL refuses to run as root: as root, its processes run as the Debian package's postgres user.
AS_POSTGRES=()
[[ "$(id -u)" -eq 0 ]] && AS_POSTGRES=(setpriv --reuid=postgres --regid=postgres --init-groups --)

password() { # name: a generated password, kept in $DATA (mode 0600)
  local file="$DATA/$1.password"
  [[ -s "$file" ]] || (umask 077; mkdir -p "$DATA"; head -c 24 /dev/urandom | base64 -w0 | tr '+/' '-_' >"$file")
  cat "$file"
}

# The data directory; as root it must be reachable by the postgres user, else it lives in that user's home.
pg_data() {
  local dir="$DATA/postgres"
  if [[ ${#AS_POSTGRES[@]} -gt 0 && ! -e "$dir" ]] && ! "${AS_POSTGRES[@]}" test -x "$DATA"; then
    local home="/var/lib/postgresql/ferry-$(printf '%s' "$DATA" | md5sum | cut -c1-12)"
    mkdir -p "$home" && chown postgres:postgres "$home" && ln -sfn "$home" "$dir"
  fi
  echo "$dir"
}

init_postgres() {
  local data pwfile
  data="$(pg_data)"
  [[ -s "$data/PG_VERSION" ]] && return
  say "Creating a PostgreSQL cluster ($PG_BIN) in $data"
  mkdir -p "$data" && chmod 700 "$data"
  pwfile="$(mktemp)"
  password postgres >"$pwfile"
  if [[ ${#AS_POSTGRES[@]} -gt 0 ]]; then chown -R postgres:postgres "$data/" "$pwfile"; fi
  "${AS_POSTGRES[@]}" "$PG_BIN/initdb" -D "$data/" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$FERRY_HOME/logs/initdb.log" 2>&1 || die "initdb failed: $FERRY_HOME/logs/initdb.log"
  rm -f "$pwfile"
}

start_postgres() {
  init_postgres
  local settings=() setting
  for setting in "${POSTGRES_SETTINGS[@]}"; do settings+=(-c "$setting"); done
  start_bg postgres "${AS_POSTGRES[@]}" "$PG_BIN/postgres" -D "$(pg_data)/" -p "$PG_PORT" \
    -c listen_addresses=127.0.0.1 -c unix_socket_directories= "${settings[@]}"
  wait_for "PostgreSQL :$PG_PORT" "'$PG_BIN/pg_isready' -q -h 127.0.0.1 -p $PG_PORT" 60
  PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres PGPASSWORD="$(password postgres)" PATH="$PG_BIN:$PATH" \
    TEMPORAL_DB_PASSWORD="$(password temporal)" FERRY_DB_PASSWORD="$(password ferry)" \
    sh "$FERRY_ROOT/deploy/postgresql/create-databases.sh" || die "creating the databases failed"
}

temporal_env() { # the environment deploy/temporal/*.sh and ferry.yaml read
  echo TEMPORAL_DB_HOST=127.0.0.1 TEMPORAL_DB_PORT="$PG_PORT" TEMPORAL_DB_PASSWORD="$(password temporal)" \
    TEMPORAL_FRONTEND_PORT="$TEMPORAL_PORT" TEMPORAL_BIND_IP=127.0.0.1 TEMPORAL_BROADCAST_ADDRESS=127.0.0.1 \
    TEMPORAL_METRICS_PORT="$METRICS_PORT" \
    TEMPORAL_DYNAMIC_CONFIG="$FERRY_ROOT/deploy/temporal/dynamicconfig.yaml" TEMPORAL_LOG_LEVEL=warn
}

start_temporal() {
  env $(temporal_env) TEMPORAL_SQL_TOOL="$TEMPORAL_SQL_TOOL" TEMPORAL_SCHEMA_DIR="$TEMPORAL_SCHEMA_DIR" \
    sh "$FERRY_ROOT/deploy/temporal/setup-schema.sh" >"$FERRY_HOME/logs/temporal-schema.log" 2>&1 \
    || die "Temporal's schema setup failed: $FERRY_HOME/logs/temporal-schema.log"
  start_bg temporal env $(temporal_env) "$TEMPORAL_SERVER_BIN" --root "$FERRY_ROOT" --config deploy/temporal \
    --env ferry --allow-no-auth start
  wait_for "Temporal server $TEMPORAL_ADDRESS" \
    "'$FERRY_TEMPORAL_CLI' operator cluster health --address $TEMPORAL_ADDRESS | grep -q SERVING" 120
  TEMPORAL_CLI="$FERRY_TEMPORAL_CLI" TEMPORAL_ADDRESS="$TEMPORAL_ADDRESS" \
    sh "$FERRY_ROOT/deploy/temporal/setup-namespace.sh" >"$FERRY_HOME/logs/temporal-setup.log" 2>&1 \
    || die "creating the namespace or search attributes failed: $FERRY_HOME/logs/temporal-setup.log"
}

start_temporal_ui() {
  # the UI module's config/docker.yaml, the file the temporalio/ui image renders, reads these variables
  start_bg temporal-ui env TEMPORAL_ADDRESS="$TEMPORAL_ADDRESS" TEMPORAL_UI_PORT="$UI_PORT" \
    TEMPORAL_CORS_ORIGINS="http://localhost:$UI_PORT" \
    TEMPORAL_CODEC_ENDPOINT="http://localhost:${API_PORTS[0]}/codec/ui/$FERRY_UI_CODEC_KEY" \
    "$TEMPORAL_UI_BIN" --root "$TEMPORAL_UI_ROOT" --config config --env docker start
  wait_for "Temporal Web UI :$UI_PORT" "curl -fs http://127.0.0.1:$UI_PORT/" 60
}

ferry_env() { # what every worker and API reads
  echo FERRY_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$FERRY_DB" FERRY_DB_USER=ferry \
    FERRY_DB_PASSWORD="$(password ferry)" TEMPORAL_TARGET="$TEMPORAL_ADDRESS" \
    SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT=5000
}

start_ferry() { # worker-N | api-N
  local kind=${1%-*} n=${1##*-} port
  [[ $kind == worker ]] && port=${WORKER_PORTS[$((n - 1))]:-} || port=${API_PORTS[$((n - 1))]:-}
  [[ -n "$port" ]] || die "no port for $1"
  local jar
  jar="$(ls "$FERRY_ROOT/$kind/target/ferry-$kind-"*-SNAPSHOT.jar 2>/dev/null | head -n1)"
  [[ -n "$jar" ]] || die "no $kind jar: build first (mvn -DskipTests package)"
  start_bg "$1" env $(ferry_env) FERRY_WORKER_PORT="$port" FERRY_API_PORT="$port" \
    FERRY_BOOTSTRAP_TOKEN_FILE="$TOKEN_FILE" TEMPORAL_UI_URL="http://localhost:$UI_PORT" \
    java -Xmx512m -XX:+UseSerialGC $(java_runtime_flags) -jar "$jar"
}

# Waits until the part is healthy. A process that exits meanwhile (e.g. Temporal too slow to answer its first
# call on a loaded machine) is started again, at most three times, as an orchestrator's restart policy would.
wait_ferry() { # worker-N | api-N
  local kind=${1%-*} n=${1##*-} port restarts=0 t=0
  [[ $kind == worker ]] && port=${WORKER_PORTS[$((n - 1))]} || port=${API_PORTS[$((n - 1))]}
  printf '    waiting for %s :%s' "$1" "$port"
  # an API is DEGRADED (HTTP 200) when a configured Foreman failed its connection test; it still serves
  until curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -Eq '"status":"(UP|DEGRADED)"'; do
    if ! running "$1"; then
      ((restarts < 3)) || { echo; die "$1 exited $restarts times; see $FERRY_HOME/logs/$1.log*"; }
      restarts=$((restarts + 1))
      printf ' exited, starting it again (%d)' "$restarts"
      start_ferry "$1"
    fi
    sleep 1; t=$((t + 1)); printf '.'
    ((t < 300)) || { echo; die "$1 did not come up in 300s; see $FERRY_HOME/logs/$1.log"; }
  done
  echo " up (${t}s)"
}

running() { [[ -f "$FERRY_HOME/pids/$1.pid" ]] && kill -0 "$(cat "$FERRY_HOME/pids/$1.pid")" 2>/dev/null; }

start_part() {
  case $1 in
    postgres) start_postgres ;;
    temporal) start_temporal ;;
    temporal-ui) start_temporal_ui ;;
    sandbox) start_sandboxes "$FORWARD_SANDBOX_PORT" "$FOREMAN_SANDBOX_PORT" ;;
    worker-[0-9] | api-[0-9]) start_ferry "$1" && wait_ferry "$1" ;;
    *) die "unknown part '$1'" ;;
  esac
}

prepare() {
  find_java
  ensure_temporal
  ensure_temporal_cluster
  ensure_postgresql
  ensure_local_keys
  mkdir -p "$DATA" "$FERRY_HOME/logs" "$FERRY_HOME/pids"
}

up() {
  local part ferry=()
  for part in postgres temporal temporal-ui sandbox; do running "$part" || start_part "$part"; done
  # every worker and API at once, as a rolling deployment would not: they race for Flyway's lock
  for ((n = 1; n <= ${#WORKER_PORTS[@]}; n++)); do ferry+=("worker-$n"); done
  for ((n = 1; n <= ${#API_PORTS[@]}; n++)); do ferry+=("api-$n"); done
  for part in "${ferry[@]}"; do running "$part" || start_ferry "$part"; done
  for part in "${ferry[@]}"; do wait_ferry "$part"; done
}

case ${1:-} in
  up) prepare && up ;;
  down) bash "$FERRY_ROOT/scripts/stop.sh" ;;
  start) [[ -n "${2:-}" ]] || die "usage: cluster.sh start NAME"; prepare && start_part "$2" ;;
  stop)
    [[ -n "${2:-}" ]] || die "usage: cluster.sh stop NAME [SIGNAL]"
    signal=${3:-TERM}; [[ $2 == postgres && $signal == TERM ]] && signal=INT
    stop_pidfile "$FERRY_HOME/pids/$2.pid" "$signal" ;;
  *) die "usage: cluster.sh up | down | start NAME | stop NAME [SIGNAL]" ;;
esac
