# Shared helpers for Ferry's scripts. Source it; do not run it.
set -euo pipefail

FERRY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FERRY_HOME="${FERRY_HOME:-$FERRY_ROOT/.ferry}"
FERRY_CACHE="${FERRY_CACHE:-$HOME/.cache/ferry}"
TEMPORAL_CLI_VERSION="v1.5.1"

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

# Exports FERRY_TEMPORAL_CLI: a temporal on PATH, else the cached build, else builds it with go install.
ensure_temporal() {
  if [[ -n "${FERRY_TEMPORAL_CLI:-}" && -x "$FERRY_TEMPORAL_CLI" ]]; then return; fi
  if command -v temporal >/dev/null 2>&1; then
    export FERRY_TEMPORAL_CLI="$(command -v temporal)"; return
  fi
  local cached="$FERRY_CACHE/bin/temporal"
  if [[ ! -x "$cached" ]]; then
    command -v go >/dev/null 2>&1 || die "no 'temporal' CLI and no Go toolchain to build it (need Go >= 1.25)"
    say "Building the Temporal CLI $TEMPORAL_CLI_VERSION with go install (first time only; a few minutes)..."
    mkdir -p "$FERRY_CACHE/bin"
    local log="$FERRY_CACHE/temporal-build.log"
    ( GOBIN="$FERRY_CACHE/bin" GOFLAGS=-mod=mod go install -v "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" >"$log" 2>&1 ) &
    local pid=$! started=$SECONDS
    while kill -0 "$pid" 2>/dev/null; do
      sleep 10
      printf '    ... %ds, %s lines of build output, last: %s\n' "$((SECONDS - started))" \
        "$(wc -l <"$log")" "$(tail -n1 "$log" | cut -c1-80)"
    done
    wait "$pid" || { tail -n 20 "$log" >&2; die "building the Temporal CLI failed; full log: $log"; }
    say "Temporal CLI built in $((SECONDS - started))s: $cached"
  fi
  export FERRY_TEMPORAL_CLI="$cached"
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

# Ferry's search attributes, as the dev server's --search-attribute flags. Kept in step with
# FerrySearchAttributes.java by a test.
FERRY_SEARCH_ATTRIBUTES=(
  FerryOwner=Keyword FerryWorkspace=Keyword FerryDeployment=Keyword FerryDeploymentType=Keyword
  FerryForwardNetworkId=Keyword FerryForemanConfig=Keyword FerryCluster=Keyword FerryHost=Keyword
  FerryOutcome=Keyword FerryUnreachableHosts=KeywordList FerryRefusedHosts=KeywordList
)

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
