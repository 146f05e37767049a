#!/usr/bin/env bash
# Start latency: a Forward sync started through the API beside a bare WorkflowClient.start of the same
# workflow with the same options, at concurrency 1 and 50. Figures: docs/benchmarks-start.md.
# Usage: scripts/bench-start.sh [starts-at-1=200] [starts-at-50=1000] [rounds=3] (SKIP_BUILD=1 reuses the build)
source "$(dirname "$0")/lib.sh"
find_java
ensure_temporal
cd "$FERRY_ROOT"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  say "Building the API and its test classes..."
  mvn_cmd -q -pl api -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
say "Running the start-latency benchmark..."
exec java -Xmx2g $(java_runtime_flags) -Dferry.temporal.cli="$FERRY_TEMPORAL_CLI" \
  -cp "api/target/test-classes:api/target/classes:$(cat api/target/bench.classpath)" \
  dev.ferry.api.StartLatencyBenchmark "${1:-200}" "${2:-1000}" "${3:-3}"
