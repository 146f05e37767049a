#!/usr/bin/env bash
# Demo hosts for Fort, all on loopback: for each host a key pair, an agent config, a host manifest and a running
# Ferry agent (agent/target/ferry-agent-*-all.jar) serving HTTPS, a tiny web server per declared service, and on
# the beacon a real nginx whose reload goes through the agent (a demo `systemctl` on the beacon agent's PATH runs
# `nginx -s reload` with the demo config) and whose proxy entries the agent checks with `nginx -t` before
# answering. Everything lives in $FERRY_HOME/agents/; `make stop` stops it.
#
# Each host is bootstrapped as an operator would: registered with Ferry (`ferry fort host`), then its agent
# certificate made with `ferry fort agent-cert` (key generated here, only a CSR sent; the cluster CA certifies
# <host>.fort.<domain>), into the agent's `agent-tls` credential root, where Ferry renews it later.
#
# Usage: scripts/demo-agents.sh CLUSTER CLUSTER_FILE [APP_HOSTS=2]   (needs FERRY_URL and FERRY_TOKEN)
#   CLUSTER       the cluster the hosts join
#   CLUSTER_FILE  the agents' cluster file (`ferry fort cluster-file <cluster>`): who may call the agents
# Writes $FERRY_HOME/agents/hosts.tsv: name, agent URL, service address, host public key (one host a line),
# and $FERRY_HOME/agents/cluster-ca.pem, the CA the agents' certificates chain to.
source "$(dirname "$0")/lib.sh"
find_java
CLUSTER=${1:?usage: demo-agents.sh CLUSTER CLUSTER_FILE [APP_HOSTS]}
CLUSTER_FILE=${2:?usage: demo-agents.sh CLUSTER CLUSTER_FILE [APP_HOSTS]}
APP_HOSTS=${3:-2}
FERRY="$FERRY_ROOT/ferry"
AGENT_PORT_BASE=${FERRY_DEMO_AGENT_PORT:-17440}
SERVICE_PORT_BASE=${FERRY_DEMO_SERVICE_PORT:-17500}
BEACON_PORT=${FERRY_DEMO_BEACON_PORT:-18090}
BEACON_TLS_PORT=${FERRY_DEMO_BEACON_TLS_PORT:-18443}
DIR="$FERRY_HOME/agents"
AGENT_JAR="$(ls "$FERRY_ROOT"/agent/target/ferry-agent-*-all.jar 2>/dev/null | head -n1)"
[[ -n "$AGENT_JAR" ]] || die "no agent jar: build first (mvn -pl agent package)"
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || die "nginx is not installed (apt-get install -y nginx)"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
mkdir -p "$DIR" "$FERRY_HOME/pids" "$FERRY_HOME/logs"
: >"$DIR/hosts.tsv"

start_bg() { # pid-name command...
  local name=$1; shift
  nohup "$@" >"$FERRY_HOME/logs/$name.log" 2>&1 &
  echo $! >"$FERRY_HOME/pids/$name.pid"
}

# host NAME INDEX MANIFEST_JSON SERVICE_MANAGER [PROXY_CHECK_JSON]
host() {
  local name=$1 index=$2 manifest=$3 manager=$4 check=${5:-} port=$((AGENT_PORT_BASE + $2)) d="$DIR/$1"
  mkdir -p "$d"
  [[ -f "$d/ssh_host_ed25519_key" ]] || ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$d/ssh_host_ed25519_key"
  cp "$CLUSTER_FILE" "$d/cluster.json"
  echo "$manifest" >"$d/host-manifest.json"
  cat >"$d/agent.json" <<JSON
{"host":"$name","listen":{"address":"127.0.0.1","port":$port},
 "tls":{"certFile":"agent-tls/agent/fullchain.pem","keyFile":"agent-tls/agent/key.pem"},
 "clusterFile":"cluster.json","manifestFile":"host-manifest.json","stateDir":"state","auditLog":"audit.jsonl",
 "credentialTypes":{"oidc":{"root":"fort-auth"},"tls":{"root":"ssl"},
   "git":{"root":"fort-git","manifestService":false},"proxy":{"root":"nginx","manifestService":false${check}},
   "agent-tls":{"root":"agent-tls","manifestService":false}},
 "extraUnits":["nginx"],"serviceManager":"$manager","rejectPreStartTimestamps":false}
JSON
  local url="https://127.0.0.1:$port" public_key
  public_key="$(cut -d' ' -f1,2 "$d/ssh_host_ed25519_key.pub")"
  "$FERRY" fort host "$CLUSTER" "$name" --agent-url "$url" --address 127.0.0.1 --public-key "$public_key" >/dev/null
  "$FERRY" fort agent-cert "$CLUSTER" "$name" --force --ca-file "$DIR/cluster-ca.pem" \
    --cert-file "$d/agent-tls/agent/fullchain.pem" --key-file "$d/agent-tls/agent/key.pem" | sed 's/^/  /'
  local path_prefix=""
  [[ "$manager" == systemd ]] && path_prefix="$d/bin:"
  PATH="$path_prefix$PATH" start_bg "demo-agents-$name" java -Xmx64m -XX:+UseSerialGC -jar "$AGENT_JAR" "$d/agent.json"
  printf '%s\t%s\t127.0.0.1\t%s\n' "$name" "$url" "$public_key" >>"$DIR/hosts.tsv"
}

# a web server answering "hello from NAME" on PORT
service() {
  local name=$1 port=$2 d="$DIR/www/$1"
  mkdir -p "$d"
  echo "hello from $name" >"$d/index.html"
  start_bg "demo-agents-www-$name" python3 -m http.server "$port" --bind 127.0.0.1 --directory "$d"
}

manifest() { # [git-access] then name:port:visibility:sso ...
  local git=$1; shift
  local services="" sep=""
  for s in "$@"; do
    IFS=: read -r n p v m <<<"$s"
    services+="$sep{\"name\":\"$n\",\"port\":$p,\"visibility\":\"$v\",\"sso\":{\"mode\":\"$m\"}}"; sep=","
  done
  local git_json=""
  [[ -n "$git" ]] && git_json=",\"gitToken\":{\"access\":\"$git\"}"
  echo "{\"apps\":[],\"aspects\":[],\"roles\":[],\"services\":[$services]$git_json}"
}

# The beacon: nginx (daemon off, own prefix) including one server block per public service entry.
B="$DIR/beacon"
mkdir -p "$B/bin" "$B/nginx-prefix/logs" "$B/nginx"
user_line=""; [[ "$(id -u)" == 0 ]] && user_line="user root;"
cat >"$B/nginx-prefix/nginx.conf" <<CONF
$user_line
daemon off;
worker_processes 1;
pid $B/nginx-prefix/nginx.pid;
error_log $B/nginx-prefix/logs/error.log warn;
events { worker_connections 256; }
http {
    access_log $B/nginx-prefix/logs/access.log;
    client_body_temp_path $B/nginx-prefix/client_body;
    proxy_temp_path $B/nginx-prefix/proxy;
    fastcgi_temp_path $B/nginx-prefix/fastcgi;
    uwsgi_temp_path $B/nginx-prefix/uwsgi;
    scgi_temp_path $B/nginx-prefix/scgi;
    server { listen $BEACON_PORT default_server; return 404; }
    include $B/nginx/*/server.conf;
}
CONF
cat >"$B/bin/systemctl" <<SH
#!/usr/bin/env bash
# Demo stand-in for systemctl on the beacon: "reload nginx.service" reloads the demo nginx; the rest is logged.
echo "\$(date -Is) systemctl \$*" >>"$B/systemctl.log"
if [[ "\$1" == reload && "\${@: -1}" == nginx.service ]]; then
  exec "$NGINX" -p "$B/nginx-prefix" -c "$B/nginx-prefix/nginx.conf" -s reload
fi
SH
chmod +x "$B/bin/systemctl"
start_bg demo-agents-nginx "$NGINX" -p "$B/nginx-prefix" -c "$B/nginx-prefix/nginx.conf"
# the beacon's agent runs nginx -t on every proxy change and undoes one that fails
host beacon 0 "$(manifest "" )" systemd \
  ",\"check\":[\"$NGINX\",\"-t\",\"-q\",\"-p\",\"$B/nginx-prefix\",\"-c\",\"$B/nginx-prefix/nginx.conf\"]"

# App hosts: host1 runs a public wiki with OIDC; host2 a public git service with OIDC and a Forgejo token;
# further hosts an internal service.
for i in $(seq 1 "$APP_HOSTS"); do
  port=$((SERVICE_PORT_BASE + i))
  case $i in
    1) service wiki "$port"; host "host$i" "$i" "$(manifest "" "wiki:$port:public:oidc")" recording ;;
    2) service git "$port"; host "host$i" "$i" "$(manifest rw "git:$port:public:oidc")" recording ;;
    *) service "app$i" "$port"; host "host$i" "$i" "$(manifest "" "app$i:$port:vpn:none")" recording ;;
  esac
done

for name in $(cut -f1 "$DIR/hosts.tsv"); do
  for _ in $(seq 1 50); do
    grep -q "listening" "$FERRY_HOME/logs/demo-agents-$name.log" 2>/dev/null && break
    sleep 0.2
  done
  grep -q "listening" "$FERRY_HOME/logs/demo-agents-$name.log" || die "agent $name did not start: $FERRY_HOME/logs/demo-agents-$name.log"
done
say "Started $(wc -l <"$DIR/hosts.tsv") demo agents (hosts in $DIR/hosts.tsv), beacon nginx on 127.0.0.1:$BEACON_PORT (HTTP, redirects) and :$BEACON_TLS_PORT (HTTPS)"
