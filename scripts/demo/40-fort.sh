#!/usr/bin/env bash
# Fort demo: register a cluster, start demo agents (scripts/demo-agents.sh), run a reconcile cycle and show what
# the providers delivered: OIDC credentials, certificates, a Forgejo token, the beacon's nginx entries.
# Needs FERRY_URL and FERRY_TOKEN (make run exports them). Starts the pocket-id and Forgejo sandboxes if absent.
source "$(dirname "$0")/../lib.sh"
find_java
FERRY="$FERRY_ROOT/ferry"
CLUSTER=${FERRY_DEMO_CLUSTER:-demo}
POCKET_ID_PORT=${FERRY_DEMO_POCKET_ID_PORT:-18082}
FORGEJO_PORT=${FERRY_DEMO_FORGEJO_PORT:-18083}
BEACON_PORT=${FERRY_DEMO_BEACON_PORT:-18090}
BEACON_TLS_PORT=${FERRY_DEMO_BEACON_TLS_PORT:-18443}
DIR="$FERRY_HOME/agents"
PROXY_ROOT="$DIR/beacon/nginx" # the beacon agent's proxy root (scripts/demo-agents.sh)
mkdir -p "$DIR" "$FERRY_HOME/pids" "$FERRY_HOME/logs"
SANDBOX_JAR="$(ls "$FERRY_ROOT"/sandbox/target/ferry-sandbox-*-all.jar | head -n1)"

sandbox() { # name port main-class args...
  local name=$1 port=$2 main=$3; shift 3
  if ! curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    nohup java -Xmx64m -cp "$SANDBOX_JAR" "$main" "$port" "$@" >"$FERRY_HOME/logs/sandbox-$name.log" 2>&1 &
    echo $! >"$FERRY_HOME/pids/sandbox-$name.pid"
    for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
  fi
}
(umask 077; [[ -s "$DIR/pocket-id-key" ]] || head -c 18 /dev/urandom | base64 >"$DIR/pocket-id-key"
 [[ -s "$DIR/forgejo-password" ]] || head -c 18 /dev/urandom | base64 >"$DIR/forgejo-password")
sandbox pocket-id "$POCKET_ID_PORT" dev.ferry.sandbox.pocketid.PocketIdSandbox "$(cat "$DIR/pocket-id-key")"
sandbox forgejo "$FORGEJO_PORT" dev.ferry.sandbox.forgejo.ForgejoSandbox "$(cat "$DIR/forgejo-password")"

say "Registering cluster '$CLUSTER' (Ferry creates its signing key and a certificate authority constrained to demo.test)"
existing="$("$FERRY" fort show "$CLUSTER" -o json 2>/dev/null || true)"
if [[ -n "$existing" ]] && [[ "$(jq -r '"\(.beaconTlsPort) \(.beaconProxyRoot)"' <<<"$existing")" != "$BEACON_TLS_PORT $PROXY_ROOT" ]]; then
  # registered by an older demo (before the beacon served HTTPS): register it again
  curl -sf -X DELETE -H "Authorization: Bearer $FERRY_TOKEN" "$FERRY_URL/api/fort/clusters/$CLUSTER" >/dev/null
  existing=""
fi
if [[ -z "$existing" ]]; then
  "$FERRY" fort create "$CLUSTER" --domain demo.test \
    --pocket-id-url "http://127.0.0.1:$POCKET_ID_PORT" --pocket-id-key-file "$DIR/pocket-id-key" \
    --forgejo-url "http://127.0.0.1:$FORGEJO_PORT" --forgejo-user forge-admin \
    --forgejo-password-file "$DIR/forgejo-password" \
    --beacon beacon --beacon-port "$BEACON_PORT" --beacon-tls-port "$BEACON_TLS_PORT" \
    --beacon-proxy-root "$PROXY_ROOT" --interval 60 --removal-grace 300 \
    | jq '{name, domain, signingPrincipal, signingPublicKey, hasPocketIdKey, hasForgejoPassword, scheduleId}'
fi
say "host2 deploys from git (its manifest asks for a read-write token): put it on the cluster's write allow-list"
"$FERRY" fort providers "$CLUSTER" --git-write-host host2 -o json | jq -c '{gitWriteHosts}'
"$FERRY" fort show "$CLUSTER" -o json | jq -r .caCertificatePem >"$DIR/cluster-ca.pem"
"$FERRY" fort cluster-file "$CLUSTER" >"$DIR/cluster.json"

say "Starting demo agents over TLS (each registered, its certificate from the cluster CA; they trust Ferry's key)"
# no scheduled cycle between a host's registration and its agent's start
"$FERRY" fort schedule "$CLUSTER" pause >/dev/null
bash "$FERRY_ROOT/scripts/demo-agents.sh" "$CLUSTER" "$DIR/cluster.json" 2
"$FERRY" fort schedule "$CLUSTER" resume >/dev/null
while IFS=$'\t' read -r name url _ _; do
  # what Ferry's agent client checks: the chain leads to the cluster CA and the certificate names the host
  printf '  %-7s %s  %s\n' "$name" "$url" "$(openssl s_client -connect "${url#https://}" \
    -servername "$name.fort.demo.test" -verify_hostname "$name.fort.demo.test" -CAfile "$DIR/cluster-ca.pem" \
    </dev/null 2>/dev/null | grep -m1 'Verify return code')"
done <"$DIR/hosts.tsv"
"$FERRY" fort host "$CLUSTER" ghost --agent-url https://127.0.0.1:9 \
  --public-key "$(cut -f4 "$DIR/hosts.tsv" | head -n1)" # a host that is down: reported, never blocking

say "Running a reconcile cycle"
"$FERRY" fort cycle "$CLUSTER" --wait
"$FERRY" fort hosts "$CLUSTER"

say "Delivered files (secrets shown only by size)"
for f in "$DIR"/host*/fort-auth/*/* "$DIR"/host*/ssl/*/* "$DIR"/host*/fort-git/*/*; do
  printf '  %-70s %5d bytes\n' "${f#$FERRY_HOME/}" "$(stat -c %s "$f")"
done
echo "  host1 wiki client-id: $(cat "$DIR/host1/fort-auth/wiki/client-id")"
openssl x509 -in "$DIR/host1/ssl/wiki/fullchain.pem" -noout -subject -issuer -enddate -ext subjectAltName 2>/dev/null \
  | sed 's/^/  /' || true
echo "  signals on host1: $(jq -r '"\(.unit) \(.action)"' "$DIR/host1/state/signals.log" | paste -sd, -)"

say "Beacon proxy configuration (written through the beacon's agent, checked with nginx -t, then nginx reloaded)"
cat "$DIR"/beacon/nginx/*/server.conf | sed 's/^/  /'
for fqdn in wiki.demo.test git.demo.test; do
  echo "  curl http://$fqdn:$BEACON_PORT/  ->  $(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' \
    --resolve "$fqdn:$BEACON_PORT:127.0.0.1" "http://$fqdn:$BEACON_PORT/")"
  echo "  curl --cacert cluster-ca.pem https://$fqdn:$BEACON_TLS_PORT/  ->  $(curl -sS --cacert "$DIR/cluster-ca.pem" \
    --resolve "$fqdn:$BEACON_TLS_PORT:127.0.0.1" "https://$fqdn:$BEACON_TLS_PORT/")"
done
"$FERRY" fort refusals "$CLUSTER" # declarations a cycle refused (none in the demo manifests)

say "A second cycle changes nothing"
"$FERRY" fort cycle "$CLUSTER" --wait
"$FERRY" fort audit "$CLUSTER" --limit 12

say "Renewing host1's agent certificate through its agent (as a cycle does before expiry)"
served_serial() { openssl s_client -connect "127.0.0.1:$1" </dev/null 2>/dev/null | openssl x509 -noout -serial; }
port1="$(awk -F'\t' '$1 == "host1" {print $2}' "$DIR/hosts.tsv")"; port1="${port1##*:}"
echo "  before: $(served_serial "$port1")"
"$FERRY" fort rotate "$CLUSTER" host1 --service agent --wait >/dev/null
sleep 3 # the agent re-reads its certificate files every 2 s
echo "  after:  $(served_serial "$port1")"

say "Web UI"
for host in host1 host2; do
  "$FERRY" workflow show "fort-host/$CLUSTER/$host" | tail -n1
done
"$FERRY" fort schedule "$CLUSTER" | jq '{scheduleId, paused, nextRuns}'
