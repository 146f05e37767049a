#!/usr/bin/env bash
# `make bench`: every benchmark recorded in docs/benchmarks.md, one after another (about 15 minutes).
source "$(dirname "$0")/lib.sh"
for bench in agent foreman forward fort start; do
  script="$FERRY_ROOT/scripts/bench-$bench.sh"
  [[ -x "$script" ]] || continue
  say "Benchmark: $bench"
  "$script"
done
