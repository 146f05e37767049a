#!/usr/bin/env bash
# Benchmark: signed GET /status against the agent jar on loopback.
# Prints throughput, latency at a fixed rate (default 1000 req/s) and the agent's resident memory.
# Usage: agent/bench.sh [connections] [seconds] [rate]      (any directory; SKIP_BUILD=1 to reuse the build)
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${1:-8}; SECONDS_PER_PHASE=${2:-10}; RATE=${3:-1000}
JAR=agent/target/ferry-agent-0.1.0-SNAPSHOT-all.jar
if [ -z "${SKIP_BUILD:-}" ]; then   # SKIP_BUILD=1 reuses the jar and test classes already built
  mvn -B -q -pl agent package -DskipTests
fi
WORK=$(mktemp -d); trap 'kill "$AGENT_PID" 2>/dev/null || true; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
ssh-keygen -q -t ed25519 -N '' -C bench -f "$WORK/bench_key"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$WORK/cluster.json" <<JSON
{"principals":{"bench":{"publicKey":"$(cat "$WORK/bench_key.pub")","roles":["dev-sandbox"]}}}
JSON
echo '{"apps":[],"aspects":[],"roles":[],"services":[{"name":"git"}]}' >"$WORK/manifest.json"
cat >"$WORK/agent.json" <<JSON
{"host":"bench","listen":{"address":"127.0.0.1","port":$PORT},
 "clusterFile":"cluster.json","manifestFile":"manifest.json","stateDir":"state","auditLog":"audit.jsonl",
 "credentialTypes":{"oidc":{"root":"fort-auth"}},"fileReadRoots":[],"serviceManager":"recording",
 "rejectPreStartTimestamps":false}
JSON
# the JVM flags and malloc setting of docs/agent/ferry-agent.service
MALLOC_ARENA_MAX=2 java -Xms32m -Xmx64m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=48m -XX:TrimNativeHeapInterval=5000 \
  ${AGENT_JAVA_OPTS:-} -jar "$JAR" "$WORK/agent.json" 2>"$WORK/agent.err" &
AGENT_PID=$!
for _ in $(seq 50); do grep -q listening "$WORK/agent.err" 2>/dev/null && break; sleep 0.2; done
java -cp "agent/target/test-classes:$JAR" dev.ferry.agent.bench.LoadGenerator "$PORT" bench "$WORK/bench_key" \
  "$CONNECTIONS" "$SECONDS_PER_PHASE" "$RATE"
echo "load average during run: $(cut -d" " -f1-3 /proc/loadavg) on $(nproc) cores"
echo "agent memory: $(grep -E 'VmRSS' /proc/$AGENT_PID/status | tr -s ' ') (peak $(grep VmHWM /proc/$AGENT_PID/status | awk '{print $2, $3}'))"
echo "audit lines written: $(wc -l <"$WORK/audit.jsonl")"
if [ -n "${NMT:-}" ]; then jcmd "$AGENT_PID" VM.native_memory summary | grep -E '^-|committed=' | head -40; fi
