#!/bin/sh
# Creates the roles and databases of a Ferry installation on a fresh PostgreSQL; running it again only
# resets the two passwords. Temporal's role owns its two databases (the schema tool then fills them), Ferry's
# role owns Ferry's (Flyway fills it when the API or a worker starts).
# Used by `make run-cluster` (scripts/cluster.sh) and, in docker-compose.yml, as the postgres image's
# /docker-entrypoint-initdb.d script. Connects with libpq's PG* variables (there: the image's superuser).
set -eu
: "${TEMPORAL_DB_PASSWORD:?set TEMPORAL_DB_PASSWORD}" "${FERRY_DB_PASSWORD:?set FERRY_DB_PASSWORD}"
export PGUSER="${PGUSER:-${POSTGRES_USER:-postgres}}"
# Passwords come from the environment (\getenv), never from the command line, so `ps` shows none.
psql -v ON_ERROR_STOP=1 -q -d postgres <<'SQL'
\getenv temporal_password TEMPORAL_DB_PASSWORD
\getenv ferry_password FERRY_DB_PASSWORD
SELECT 'CREATE ROLE temporal LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'temporal') \gexec
SELECT 'CREATE ROLE ferry LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ferry') \gexec
ALTER ROLE temporal PASSWORD :'temporal_password';
ALTER ROLE ferry PASSWORD :'ferry_password';
SELECT 'CREATE DATABASE temporal OWNER temporal'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'temporal') \gexec
SELECT 'CREATE DATABASE temporal_visibility OWNER temporal'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'temporal_visibility') \gexec
SELECT 'CREATE DATABASE ferry OWNER ferry'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'ferry') \gexec
SQL
