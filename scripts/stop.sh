#!/usr/bin/env bash
# `make stop`: stop every process `make run` started (newest first).
source "$(dirname "$0")/lib.sh"
quiet=${1:-}
shopt -s nullglob
for name in demo-agents sandbox api worker temporal postgres; do
  for pidfile in "$FERRY_HOME"/pids/$name*.pid; do
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      [[ -n "$quiet" ]] || say "stopping $(basename "$pidfile" .pid) ($pid)"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
done
