#!/usr/bin/env bash
# Benchmark: signed GET /status against the agent jar on loopback, over TLS (a CA-issued certificate, keep-alive)
# and then over plain HTTP, each with the JVM flags and environment of docs/agent/ferry-agent.service.
# Prints, per transport: throughput (closed loop), latency at a fixed rate, and the agent's resident memory
# idle after start, during each phase (max of 200 ms samples) and idle again after the run.
# Usage: scripts/bench-agent.sh [connections] [seconds] [rate]   (SKIP_BUILD=1 reuses the build;
#        TRANSPORTS="tls" runs one; AGENT_JAVA_OPTS adds JVM flags; NMT=1 prints the JVM's memory breakdown)
source "$(dirname "$0")/lib.sh"
find_java
cd "$FERRY_ROOT"
CONNECTIONS=${1:-8}; SECONDS_PER_PHASE=${2:-10}; RATE=${3:-1000}
JAR=agent/target/ferry-agent-0.1.0-SNAPSHOT-all.jar
UNIT=docs/agent/ferry-agent.service
# the load generator runs from the test classes, with the agent's test class path (Jackson databind is a test-only
# dependency: the agent itself reads JSON with jackson-core's streaming API)
BENCH_CP=agent/target/bench-classpath.txt
if [ -z "${SKIP_BUILD:-}" ]; then   # SKIP_BUILD=1 reuses the jar and test classes already built
  mvn_cmd -q -pl agent package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt
fi
[ -f "$BENCH_CP" ] || die "$BENCH_CP missing: run once without SKIP_BUILD"
# the unit's JVM flags (between "java" and "-jar" of ExecStart, continuation lines joined) and its Environment=
JVM_FLAGS=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$UNIT" | sed -n 's/^ExecStart=[^ ]*java \(.*\) -jar .*/\1/p' | tr -s ' ')
UNIT_ENV=$(sed -n 's/^Environment=//p' "$UNIT")
[ -n "$JVM_FLAGS" ] || die "no JVM flags found in $UNIT"
WORK=$(mktemp -d); AGENT_PID=""; SAMPLER_PID=""
trap 'kill $AGENT_PID $SAMPLER_PID 2>/dev/null || true; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
ssh-keygen -q -t ed25519 -N '' -C bench -f "$WORK/bench_key"
cat >"$WORK/cluster.json" <<JSON
{"principals":{"bench":{"publicKey":"$(cat "$WORK/bench_key.pub")","roles":["dev-sandbox"]}}}
JSON
echo '{"apps":[],"aspects":[],"roles":[],"services":[{"name":"git"}]}' >"$WORK/manifest.json"
# a test CA and the agent's certificate, as an operator would make them
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/ca.key" -out "$WORK/ca.pem" \
  -days 2 -subj /CN=bench-ca -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/agent.key" -out "$WORK/agent.csr" \
  -subj /CN=bench 2>/dev/null
printf 'subjectAltName=DNS:bench\nextendedKeyUsage=serverAuth\n' >"$WORK/agent.ext"
openssl x509 -req -in "$WORK/agent.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial -days 2 \
  -extfile "$WORK/agent.ext" -out "$WORK/agent.pem" 2>/dev/null

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$AGENT_PID/status"; }

bench() { # tls|http
  local mode=$1 port transport
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  if [ "$mode" = tls ]; then transport='"tls":{"certFile":"agent.pem","keyFile":"agent.key"}'; else transport='"insecureHttp":true'; fi
  cat >"$WORK/agent.json" <<JSON
{"host":"bench","listen":{"address":"127.0.0.1","port":$port},$transport,
 "clusterFile":"cluster.json","manifestFile":"manifest.json","stateDir":"state","auditLog":"audit-$mode.jsonl",
 "credentialTypes":{"oidc":{"root":"fort-auth"}},"fileReadRoots":[],"serviceManager":"recording",
 "rejectPreStartTimestamps":false}
JSON
  # shellcheck disable=SC2086 # the flags are words
  env $UNIT_ENV java $JVM_FLAGS ${AGENT_JAVA_OPTS:-} -jar "$JAR" "$WORK/agent.json" 2>"$WORK/agent-$mode.err" &
  AGENT_PID=$!
  for _ in $(seq 100); do grep -q listening "$WORK/agent-$mode.err" 2>/dev/null && break; sleep 0.1; done
  grep -q listening "$WORK/agent-$mode.err" || { cat "$WORK/agent-$mode.err"; die "agent did not start"; }
  # idle = settled: the JVM hands its start-up compiler arenas back after ~5 s (RSS at 3 s was 4-6 MB higher)
  sleep 10
  local idle_start; idle_start=$(rss_kb)
  (while kill -0 "$AGENT_PID" 2>/dev/null; do echo "$(date +%s%3N) $(rss_kb)"; sleep 0.2; done) >"$WORK/rss-$mode.txt" 2>/dev/null &
  SAMPLER_PID=$!
  local trust=()
  [ "$mode" = tls ] && trust=("$WORK/ca.pem" bench)
  echo "== $mode: $CONNECTIONS connections, $SECONDS_PER_PHASE s per phase, fixed rate $RATE req/s"
  java -cp "agent/target/test-classes:$JAR:$(cat "$BENCH_CP")" dev.ferry.agent.bench.LoadGenerator "$port" bench "$WORK/bench_key" \
    "$CONNECTIONS" "$SECONDS_PER_PHASE" "$RATE" "${trust[@]}" | tee "$WORK/load-$mode.txt" | grep -v '^phase '
  sleep 6   # past the unit's TrimNativeHeapInterval
  local idle_end; idle_end=$(rss_kb)
  kill "$SAMPLER_PID" 2>/dev/null || true
  local phase max
  for phase in throughput paced; do
    read -r _ _ from to < <(grep "^phase $phase " "$WORK/load-$mode.txt")
    max=$(awk -v f="$from" -v t="$to" '$1>=f && $1<=t && $2>m {m=$2} END {print m+0}' "$WORK/rss-$mode.txt")
    echo "$mode agent RSS during $phase: max $((max / 1024)) MB"
  done
  echo "$mode agent RSS idle: $((idle_start / 1024)) MB 10 s after start, $((idle_end / 1024)) MB after the run (peak $(awk '/^VmHWM/ {print int($2/1024)}' "/proc/$AGENT_PID/status") MB)"
  if [ -n "${NMT:-}" ]; then jcmd "$AGENT_PID" VM.native_memory summary | grep -E '^-|committed=' | head -40; fi
  kill "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true
}

echo "JVM: $(java -version 2>&1 | head -1); flags: $UNIT_ENV $JVM_FLAGS ${AGENT_JAVA_OPTS:-}"
for mode in ${TRANSPORTS:-tls http}; do bench "$mode"; done
echo "load average at the end: $(cut -d" " -f1-3 /proc/loadavg) on $(nproc) cores"
