# Shared helpers for Ferry's scripts. Source it; do not run it.
set -euo pipefail

FERRY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FERRY_HOME="${FERRY_HOME:-$FERRY_ROOT/.ferry}"
FERRY_CACHE="${FERRY_CACHE:-$HOME/.cache/ferry}"
TEMPORAL_CLI_VERSION="v1.5.1"
TEMPORAL_SERVER_VERSION="v1.29.1" # docker-compose.yml's temporalio/server and admin-tools
TEMPORAL_UI_VERSION="v2.42.1"     # docker-compose.yml's temporalio/ui

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The JDK's feature version (17, 21, 25, ...) of a java binary, or 0.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}

# Exports JAVA_HOME for a JDK >= 21: JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
find_java() {
  local candidate
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" && "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]]; then
    export PATH="$JAVA_HOME/bin:$PATH"; return
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    if [[ -x "$candidate/bin/javac" && "$(java_major "$candidate/bin/java")" -ge 21 ]]; then
      export JAVA_HOME="$candidate" PATH="$candidate/bin:$PATH"; return
    fi
  done
  die "Ferry needs a JDK 21 or newer (found none in JAVA_HOME or /usr/lib/jvm). Install one, e.g. 'apt-get install temurin-21-jdk' or 'openjdk-21-jdk', or set JAVA_HOME."
}

# go_build NAME PACKAGE VERSION: $FERRY_CACHE/bin/NAME, built once with `go install PACKAGE@VERSION` (progress
# every 10 s, log in $FERRY_CACHE/NAME-build.log). Exports nothing; callers export the path they need.
go_build() {
  local name=$1 package=$2 version=$3 target="$FERRY_CACHE/bin/$1"
  [[ -x "$target" ]] && return
  command -v go >/dev/null 2>&1 || die "no '$name' in $FERRY_CACHE/bin and no Go toolchain to build it (need Go >= 1.25)"
  say "Building $name ($package@$version) with go install (first time only; a few minutes)..."
  local staging="$FERRY_CACHE/build/$name" log="$FERRY_CACHE/$name-build.log"
  rm -rf "$staging" && mkdir -p "$staging" "$FERRY_CACHE/bin"
  ( GOBIN="$staging" GOFLAGS=-mod=mod go install -v "$package@$version" >"$log" 2>&1 ) &
  local pid=$! started=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 10
    printf '    ... %ds, %s lines of build output, last: %s\n' "$((SECONDS - started))" \
      "$(wc -l <"$log")" "$(tail -n1 "$log" | cut -c1-80)"
  done
  wait "$pid" || { tail -n 20 "$log" >&2; die "building $name failed; full log: $log"; }
  mv "$staging/$(basename "$package")" "$target" && rm -rf "$staging"
  say "$name built in $((SECONDS - started))s: $target"
}

# The directory of a Go module in the module cache, downloaded when missing (schema files, UI config).
go_module_dir() { # module version
  (cd / && go mod download -json "$1@$2") | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

# Exports FERRY_TEMPORAL_CLI: a temporal on PATH, else the cached build, else builds it with go install.
ensure_temporal() {
  if [[ -n "${FERRY_TEMPORAL_CLI:-}" && -x "$FERRY_TEMPORAL_CLI" ]]; then return; fi
  if command -v temporal >/dev/null 2>&1; then
    export FERRY_TEMPORAL_CLI="$(command -v temporal)"; return
  fi
  go_build temporal github.com/temporalio/cli/cmd/temporal "$TEMPORAL_CLI_VERSION"
  export FERRY_TEMPORAL_CLI="$FERRY_CACHE/bin/temporal"
}

# The production shape (make run-cluster, make test-cluster): the Temporal server and its SQL schema tool at
# docker-compose.yml's server version, the Web UI server at its UI version (DeploymentFilesTest keeps them
# equal). Exports TEMPORAL_SERVER_BIN, TEMPORAL_SQL_TOOL, TEMPORAL_SCHEMA_DIR (PostgreSQL v12 schemas of that
# server), TEMPORAL_UI_BIN and TEMPORAL_UI_ROOT (the UI module, whose config/docker.yaml reads the environment).
ensure_temporal_cluster() {
  local server=${TEMPORAL_SERVER_VERSION#v} ui=${TEMPORAL_UI_VERSION#v}
  go_build "temporal-server-$server" go.temporal.io/server/cmd/server "$TEMPORAL_SERVER_VERSION"
  go_build "temporal-sql-tool-$server" go.temporal.io/server/cmd/tools/sql "$TEMPORAL_SERVER_VERSION"
  go_build "temporal-ui-server-$ui" github.com/temporalio/ui-server/v2/cmd/server "$TEMPORAL_UI_VERSION"
  export TEMPORAL_SERVER_BIN="$FERRY_CACHE/bin/temporal-server-$server"
  export TEMPORAL_SQL_TOOL="$FERRY_CACHE/bin/temporal-sql-tool-$server"
  export TEMPORAL_UI_BIN="$FERRY_CACHE/bin/temporal-ui-server-$ui"
  local module
  module="$(go_module_dir go.temporal.io/server "$TEMPORAL_SERVER_VERSION")"
  [[ -d "$module/schema/postgresql/v12" ]] || die "no PostgreSQL schema in the Temporal server module ($module)"
  export TEMPORAL_SCHEMA_DIR="$module/schema/postgresql/v12"
  TEMPORAL_UI_ROOT="$(go_module_dir github.com/temporalio/ui-server/v2 "$TEMPORAL_UI_VERSION")"
  [[ -f "$TEMPORAL_UI_ROOT/config/docker.yaml" ]] || die "no config/docker.yaml in the UI server module"
  export TEMPORAL_UI_ROOT
}

# PostgreSQL from Debian (the newest installed major), installed when missing. Exports PG_BIN.
ensure_postgresql() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  if [[ -z "$bin" ]]; then
    [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is needed: apt-get install postgresql"
    say "Installing PostgreSQL from Debian..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
      || die "installing PostgreSQL failed"
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
  fi
  export PG_BIN="$bin"
}

# nginx (Debian's) is the beacon's reverse proxy in the Fort demo and tests; install it when missing.
ensure_nginx() {
  command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] && return
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "Installing nginx from Debian (the Fort beacon's reverse proxy)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null \
      || die "installing nginx failed"
  else
    die "nginx is needed for the Fort beacon: apt-get install nginx"
  fi
}

# Ferry's search attributes as name=type (deploy/temporal/search-attributes, kept in step with
# FerrySearchAttributes.java by a test): the dev server's --search-attribute flags.
mapfile -t FERRY_SEARCH_ATTRIBUTES < <(grep -v '^#' "$FERRY_ROOT/deploy/temporal/search-attributes")

# Secret keys and the Web UI's codec key: generated once per checkout for local use (production passes
# FERRY_SECRET_KEYS and FERRY_UI_CODEC_KEY itself). Exports both.
ensure_local_keys() {
  local key_file="$FERRY_HOME/secret-keys" codec_file="$FERRY_HOME/ui-codec-key"
  mkdir -p "$FERRY_HOME"
  if [[ -z "${FERRY_SECRET_KEYS:-}" ]]; then
    if [[ ! -s "$key_file" ]]; then
      (umask 077; echo "dev1:$(head -c 32 /dev/urandom | base64 -w0)" >"$key_file")
      say "Generated a local development secret key in $key_file (keep it: it opens the stored secrets)"
    fi
    export FERRY_SECRET_KEYS="$(cat "$key_file")"
  fi
  [[ -s "$codec_file" ]] || (umask 077; head -c 24 /dev/urandom | base64 -w0 | tr '+/' '-_' >"$codec_file")
  export FERRY_UI_CODEC_KEY="${FERRY_UI_CODEC_KEY:-$(cat "$codec_file")}"
}

# start_bg NAME COMMAND...: runs COMMAND in the background, output in $FERRY_HOME/logs/NAME.log (the previous
# run's in NAME.log.1), pid in $FERRY_HOME/pids/NAME.pid (what `make stop` reads).
start_bg() {
  local name=$1 log="$FERRY_HOME/logs/$1.log"; shift
  mkdir -p "$FERRY_HOME/logs" "$FERRY_HOME/pids"
  [[ -f "$log" ]] && mv "$log" "$log.1"
  nohup "$@" >"$log" 2>&1 &
  echo $! >"$FERRY_HOME/pids/$name.pid"
}

# wait_for WHAT PROBE [TIMEOUT]: evaluates PROBE every second until it succeeds.
wait_for() {
  local what=$1 probe=$2 timeout=${3:-120} t=0
  printf '    waiting for %s' "$what"
  until eval "$probe" >/dev/null 2>&1; do
    sleep 1; t=$((t + 1)); printf '.'
    ((t < timeout)) || { echo; die "$what did not come up in ${timeout}s; see $FERRY_HOME/logs/"; }
  done
  echo " up (${t}s)"
}

# start_sandboxes FORWARD_PORT FOREMAN_PORT: the Forward and Foreman stand-ins (docs/sandbox.md), waited for;
# exports FORWARD_SANDBOX_URL and FOREMAN_SANDBOX_URL.
start_sandboxes() {
  local jar
  jar="$(ls "$FERRY_ROOT"/sandbox/target/ferry-sandbox-*-all.jar 2>/dev/null | head -n1)"
  [[ -n "$jar" ]] || die "no sandbox jar: build first (mvn -DskipTests package)"
  say "Starting the sandboxes: Forward :$1, Foreman :$2 (local stand-ins; see docs/sandbox.md)"
  start_bg sandbox java -Xmx256m -jar "$jar" --forward-port "$1" --foreman-port "$2"
  wait_for "sandboxes" "curl -fs -u demo-key:demo-secret http://127.0.0.1:$1/api/version && curl -fs -u admin:demo-token http://127.0.0.1:$2/api/status" 60
  export FORWARD_SANDBOX_URL="http://127.0.0.1:$1" FOREMAN_SANDBOX_URL="http://127.0.0.1:$2"
}

# run_demos API_URL TOKEN_FILE: every scripts/demo/*.sh against that API as the first admin (its token in
# TOKEN_FILE); exports FERRY_URL and FERRY_TOKEN.
run_demos() {
  export FERRY_URL="$1" FERRY_TOKEN="$(cat "$2")"
  local demo
  for demo in "$FERRY_ROOT"/scripts/demo/*.sh; do
    [[ -e "$demo" ]] || continue
    say "Demo: $(basename "$demo" .sh)"
    bash "$demo" || die "demo $(basename "$demo") failed"
  done
}

# stop_pidfile FILE [SIGNAL]: signals the process (TERM by default), waits up to 15 s, then kills it.
stop_pidfile() {
  local pidfile=$1 signal=${2:-TERM} pid
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -s "$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# gRPC's shaded Netty uses Unsafe and native loading; allow it instead of warning at every start (JDK 24+).
java_runtime_flags() {
  if [[ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]]; then
    echo "--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
  fi
}

mvn_cmd() {
  # Maven 3.8's bundled Guava pokes sun.misc.Unsafe; quiet the JDK 24+ warning about it.
  if [[ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
  command -v mvn >/dev/null 2>&1 || die "Maven is not installed (apt-get install maven)"
  mvn -B --no-transfer-progress "$@"
}
