#!/usr/bin/env bash
# Foreman inventory benchmark: 50,000 sandbox hosts at 100 ms per request, sequential vs parallel paging.
# Usage: scripts/bench-foreman.sh [hosts] [latency-ms] [per-page] [parallel-pages]   Results: docs/benchmarks-foreman.md
source "$(dirname "$0")/lib.sh"
find_java
cd "$FERRY_ROOT"
say "Building activities and its test classes..."
mvn_cmd -q -pl activities -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
say "Running (a few minutes: every variant runs 3 times)..."
java -Xmx1g $(java_runtime_flags) -cp "activities/target/test-classes:activities/target/classes:$(cat activities/target/bench.classpath)" \
  dev.ferry.foreman.activity.ForemanInventoryBenchmark "${1:-50000}" "${2:-100}" "${3:-1000}" "${4:-8}" \
  | grep -v -E '^[0-9:.]+ \[' # drop embedded PostgreSQL's start-up chatter
