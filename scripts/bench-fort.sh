#!/usr/bin/env bash
# Fort benchmark: N simulated hosts in steady state (one cycle's wall time and Temporal actions), then M hosts
# gaining a public OIDC service (time until all are fulfilled). Figures: docs/benchmarks-fort.md.
# Usage: scripts/bench-fort.sh [hosts=1000] [changed=50] [steady-cycles=5]
source "$(dirname "$0")/lib.sh"
find_java
ensure_temporal
cd "$FERRY_ROOT"
say "Building the worker and its test classes..."
mvn_cmd -q -pl worker -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
say "Running the Fort benchmark..."
exec java -Xmx2g $(java_runtime_flags) -Dferry.temporal.cli="$FERRY_TEMPORAL_CLI" \
  -cp "worker/target/test-classes:worker/target/classes:$(cat worker/target/bench.classpath)" \
  dev.ferry.worker.fort.FortBenchmark "${1:-1000}" "${2:-50}" "${3:-5}"
