#!/usr/bin/env bash
# Key rotation: put the new key first in FERRY_SECRET_KEYS, run this, then drop the old key.
source "$(dirname "$0")/lib.sh"
find_java
if [[ -z "${FERRY_SECRET_KEYS:-}" && -s "$FERRY_HOME/secret-keys" ]]; then export FERRY_SECRET_KEYS="$(cat "$FERRY_HOME/secret-keys")"; fi
export FERRY_JDBC_URL="${FERRY_JDBC_URL:-jdbc:postgresql://127.0.0.1:${FERRY_PG_PORT:-5433}/postgres}"
API_JAR="$(ls "$FERRY_ROOT"/api/target/ferry-api-*-SNAPSHOT.jar 2>/dev/null | head -n1)"
[[ -n "$API_JAR" ]] || die "build first: make build"
java $(java_runtime_flags) -Dloader.main=dev.ferry.api.admin.ReencryptSecretsCommand -Dlogging.level.root=WARN -jar "$API_JAR"
