#!/bin/sh
# Brings Temporal's two PostgreSQL databases to the schema of this server version with Temporal's own SQL
# schema tool: a fresh database gets the version table and every versioned step, an older one only the steps
# it lacks, a current one nothing. Run it before starting a new server version (docs/operations.md, Upgrades).
# Used by `make run-cluster` (the tool built from go.temporal.io/server/cmd/tools/sql, the schema from that
# module) and by docker-compose.yml's temporal-schema service (temporalio/admin-tools, schema in /etc/temporal).
set -eu
: "${TEMPORAL_DB_PASSWORD:?set TEMPORAL_DB_PASSWORD}"
tool=${TEMPORAL_SQL_TOOL:-temporal-sql-tool}
schema=${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}
export SQL_PLUGIN=postgres12 SQL_HOST="${TEMPORAL_DB_HOST:-127.0.0.1}" SQL_PORT="${TEMPORAL_DB_PORT:-5432}" \
  SQL_USER="${TEMPORAL_DB_USER:-temporal}" SQL_PASSWORD="$TEMPORAL_DB_PASSWORD"
for pair in "${TEMPORAL_DB_NAME:-temporal}:temporal" "${TEMPORAL_VISIBILITY_DB_NAME:-temporal_visibility}:visibility"; do
  database=${pair%%:*}
  "$tool" --db "$database" setup-schema -v 0.0
  "$tool" --db "$database" update-schema -d "$schema/${pair#*:}/versioned"
done
