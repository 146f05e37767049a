#!/usr/bin/env bash
# Forward demo: a profile for the local Forward sandbox, then a sample deployment synced end to end.
# Needs the stack from `make run` (FERRY_URL, FERRY_TOKEN exported) and the sandbox on 127.0.0.1:18080.
set -euo pipefail
FERRY_ROOT="${FERRY_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
ferry="$FERRY_ROOT/ferry"
FORWARD_URL="${FORWARD_SANDBOX_URL:-http://127.0.0.1:18080}"

# Profile: create once, then keep it current (re-running the demo is fine).
if ! "$ferry" forward profile create demo-sandbox --base-url "$FORWARD_URL" \
    --username demo-key --password demo-secret --default 2>/dev/null; then
  "$ferry" forward profile update demo-sandbox --base-url "$FORWARD_URL" \
    --username demo-key --password demo-secret --default
fi
"$ferry" forward profile test demo-sandbox

inventory="$(mktemp)"
trap 'rm -f "$inventory"' EXIT
cat > "$inventory" <<'JSON'
{
  "deploymentType": "netlab-c9s",
  "devices": [
    {"name": "spine1", "kind": "eos",  "host": "spine1.lab-demo.svc.cluster.local"},
    {"name": "spine2", "kind": "eos",  "host": "spine2.lab-demo.svc.cluster.local"},
    {"name": "leaf1",  "kind": "nxos", "host": "leaf1.lab-demo.svc.cluster.local"},
    {"name": "leaf2",  "kind": "iosv", "host": "leaf2.lab-demo.svc.cluster.local"},
    {"name": "edge1",  "kind": "vmx",  "host": "edge1.lab-demo.svc.cluster.local", "port": 22},
    {"name": "fw1",    "kind": "some-new-nos", "host": "fw1.lab-demo.svc.cluster.local",
     "username": "ops", "password": "demo-device-password"}
  ],
  "linuxHosts": [
    {"name": "h1", "kind": "linux", "host": "h1.lab-demo.svc.cluster.local"}
  ]
}
JSON

"$ferry" forward sync --workspace demo --deployment lab-demo --inventory "$inventory" --wait
"$ferry" forward status --workspace demo --deployment lab-demo
