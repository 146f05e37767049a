#!/usr/bin/env bash
# Forward sync benchmark: ForwardSync workflow vs. a bare client, against the Forward sandbox.
# Usage: scripts/bench-forward.sh [devices=10000] [latencyMs=20] [batchSize=500] [parallelBatches=4]
# BENCH_TIMELINE=1 also prints the first sync's history as a timeline (where the time went).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
find_java
cd "$FERRY_ROOT"
mvn_cmd -q -pl activities -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx2g $(java_runtime_flags) -cp "activities/target/test-classes:activities/target/classes:$(cat activities/target/bench.classpath)" \
  dev.ferry.forward.activity.ForwardSyncBenchmark "$@"
