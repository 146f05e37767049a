#!/bin/sh
# Creates Ferry's namespace and registers Ferry's search attributes (search-attributes, next to this file) on a
# running Temporal server; what exists already is kept. Used by `make run-cluster` (scripts/cluster.sh) and by
# docker-compose.yml's temporal-setup service (temporalio/admin-tools).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cli=${TEMPORAL_CLI:-temporal}
namespace=${TEMPORAL_NAMESPACE:-default}
set -- --address "${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
if ! "$cli" operator namespace describe "$@" --namespace "$namespace" >/dev/null 2>&1; then
  "$cli" operator namespace create "$@" --namespace "$namespace" --retention "${TEMPORAL_RETENTION:-7d}"
fi
# a new namespace reaches the frontend's namespace cache within its refresh interval (10 s)
tries=0
until "$cli" operator search-attribute list "$@" --namespace "$namespace" >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "namespace $namespace not served after 60 s" >&2; exit 1; }
  sleep 1
done
registered=$("$cli" operator search-attribute list "$@" --namespace "$namespace")
grep -v '^#' "$here/search-attributes" | while IFS== read -r name type; do
  [ -n "$name" ] || continue
  if ! printf '%s\n' "$registered" | grep -qw "$name"; then
    "$cli" operator search-attribute create "$@" --namespace "$namespace" --name "$name" --type "$type"
  fi
done
