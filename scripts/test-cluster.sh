#!/usr/bin/env bash
# `make test-cluster`: the fault tests (module cluster/, Maven profile `cluster`) against the production shape of
# scripts/cluster.sh, which the tests start on free ports under cluster/target/cluster-home and stop at the end.
# Builds what they start (the Temporal binaries once, the jars every time); prints each fault's healing time.
source "$(dirname "$0")/lib.sh"
find_java
ensure_temporal
ensure_temporal_cluster
ensure_postgresql
ensure_nginx
say "Java: $JAVA_HOME; Temporal server: $TEMPORAL_SERVER_BIN; PostgreSQL: $PG_BIN"
cd "$FERRY_ROOT"
rm -f cluster/target/heal-times.txt
started=$SECONDS
# every module is packaged (the cluster starts the jars), but only the cluster module's tests run
mvn_cmd -Pcluster verify -Dtest='dev.ferry.cluster.*Test' -Dsurefire.failIfNoSpecifiedTests=false "$@"
say "Fault tests passed in $((SECONDS - started))s (build included). Healing times:"
cat cluster/target/heal-times.txt
