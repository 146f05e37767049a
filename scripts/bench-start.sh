#!/usr/bin/env bash
# Start latency: a Forward sync started through the API beside a bare WorkflowClient.start of the same
# workflow with the same options, at concurrency 1 and 50. Figures: docs/benchmarks-start.md.
# Usage: scripts/bench-start.sh [--cluster] [starts-at-1=200] [starts-at-50=1000] [rounds=3]
#   (SKIP_BUILD=1 reuses the build)
#   default    against a Temporal dev server and an embedded PostgreSQL the benchmark starts
#   --cluster  against the production shape's Temporal server on PostgreSQL (scripts/cluster.sh, fsync
#              on), with Ferry's database on that PostgreSQL too; no worker runs, so nothing but starts
#   FERRY_BENCH_TEMPORAL_TARGET, FERRY_BENCH_JDBC_URL (FERRY_BENCH_DB_USER, FERRY_BENCH_DB_PASSWORD):
#              against that Temporal server and that (empty) database instead, e.g. on other hosts
source "$(dirname "$0")/lib.sh"
find_java
ensure_temporal
cd "$FERRY_ROOT"
cluster=""
if [[ "${1:-}" == "--cluster" ]]; then
  cluster=1
  shift
fi
if [[ -z "${SKIP_BUILD:-}" ]]; then
  say "Building the API and its test classes..."
  mvn_cmd -q -pl api -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
if [[ -n "$cluster" ]]; then
  say "Starting the production shape's PostgreSQL and Temporal server (scripts/cluster.sh)..."
  bash scripts/cluster.sh start postgres || die "PostgreSQL did not start: $FERRY_HOME/logs/"
  bash scripts/cluster.sh start temporal || die "the Temporal server did not start: $FERRY_HOME/logs/"
  trap 'bash scripts/cluster.sh stop temporal; bash scripts/cluster.sh stop postgres' EXIT
  ensure_postgresql
  database="ferry_bench_$(date +%s)"
  PGPASSWORD="$(cat "$FERRY_HOME/cluster/postgres.password")" "$PG_BIN/psql" -q -h 127.0.0.1 \
    -p "${FERRY_CLUSTER_PG_PORT:-5434}" -U postgres -d postgres \
    -c "CREATE DATABASE $database OWNER ferry" || die "cannot create the benchmark's database"
  export FERRY_BENCH_TEMPORAL_TARGET="127.0.0.1:${TEMPORAL_PORT:-7233}"
  export FERRY_BENCH_JDBC_URL="jdbc:postgresql://127.0.0.1:${FERRY_CLUSTER_PG_PORT:-5434}/$database"
  export FERRY_BENCH_DB_USER=ferry
  FERRY_BENCH_DB_PASSWORD="$(cat "$FERRY_HOME/cluster/ferry.password")"
  export FERRY_BENCH_DB_PASSWORD
fi
say "Running the start-latency benchmark..."
java -Xmx2g ${FERRY_BENCH_CLIENT_JAVA_OPTS:-} $(java_runtime_flags) -Dferry.temporal.cli="$FERRY_TEMPORAL_CLI" \
  -cp "api/target/test-classes:api/target/classes:$(cat api/target/bench.classpath)" \
  dev.ferry.api.StartLatencyBenchmark "${1:-200}" "${2:-1000}" "${3:-3}"
