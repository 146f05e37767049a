#!/usr/bin/env bash
# `make stop`: stop every process `make run` or `make run-cluster` started (newest first).
source "$(dirname "$0")/lib.sh"
quiet=${1:-}
shopt -s nullglob
for name in demo-agents sandbox api worker temporal embedded-postgres postgres; do
  for pidfile in "$FERRY_HOME"/pids/$name*.pid; do
    if [[ -z "$quiet" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      say "stopping $(basename "$pidfile" .pid) ($(cat "$pidfile"))"
    fi
    # A postmaster's fast shutdown is SIGINT (SIGTERM waits for every client to leave). The embedded
    # one's Java wrapper stops PostgreSQL from its shutdown hook on SIGTERM; it never sees SIGINT,
    # which a background job ignores.
    stop_pidfile "$pidfile" "$([[ $name == postgres ]] && echo INT || echo TERM)"
  done
done
