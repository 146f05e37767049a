#!/usr/bin/env bash
# `make test`: every test of every module, against a real Temporal dev server and PostgreSQL.
source "$(dirname "$0")/lib.sh"
find_java
ensure_temporal
ensure_nginx
say "Java: $JAVA_HOME; Temporal CLI: $FERRY_TEMPORAL_CLI"
cd "$FERRY_ROOT"
mvn_cmd verify "$@"
