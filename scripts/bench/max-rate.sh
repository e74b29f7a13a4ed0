#!/usr/bin/env bash
# The highest clean rate (no loss, p99 under 100 ms) of one scenario on several servers, found by
# loadgen's --max-rate search over one set of connections, each server started fresh and warmed
# up first. Servers:
#   gateway  the gateway jar on its default store (SQLite under a fresh DATA_DIR)
#   ddblocal the gateway jar with STORE=dynamodb-local (DynamoDB Local in the process)
#   node     the Node `ws` yardstick, ../shared/bench/peer-ws.mjs
#   single   one gateway, clustering off, storing to a DynamoDB Local process of its own
#   fleet2   two clustered gateways storing to that same DynamoDB Local process; loadgen spreads
#            the members over both (the sender lands on the first), so every message crosses
#            the cluster once. `single` vs `fleet2` is the cost of the cluster hop.
#   single-pinned, fleet2-pinned  the same with the same cores for the gateways: the one gateway
#            on cores 0-1 (taskset), each node of the fleet on a core of its own (0 and 1); DynamoDB
#            Local and loadgen are not pinned. After each of these four, the event bus's meters of
#            every gateway (messages and bytes per address) are saved next to the report (.eventbus).
#
#   scripts/bench/max-rate.sh --servers "gateway node" --rooms 1 --members 1000 --start 50 \
#       [--senders 1] [--steps 7] [--duration 10] [--warmup 3] [--warm-seconds 60] \
#       [--source-addresses N] [--label NAME] [--out target/bench/max-rate]
#
# Prints one line per server; the JSON and HTML reports are under --out, with each gateway's
# sentiment (.sentiment), store latency (.store) and event-bus (.eventbus) meters.
# GATEWAY_JAVA_OPTS (default -Xms512m -Xmx512m -XX:+UseParallelGC) and LOADGEN_JAVA_OPTS tune the JVMs;
# GATEWAY_ENV adds settings to every gateway (for example GATEWAY_ENV="SENTIMENT_MODEL=fast").
set -euo pipefail
cd "$(dirname "$0")/../.."
servers="gateway node"; rooms=1; members=1000; senders=1; start=50; steps=7; duration=10; warmup=3
warm_seconds=60; sources=""; label=""; out=target/bench/max-rate
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) servers="$2"; shift 2 ;; --rooms) rooms="$2"; shift 2 ;; --members) members="$2"; shift 2 ;;
    --senders) senders="$2"; shift 2 ;; --start) start="$2"; shift 2 ;; --steps) steps="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;; --warmup) warmup="$2"; shift 2 ;;
    --warm-seconds) warm_seconds="$2"; shift 2 ;; --source-addresses) sources="$2"; shift 2 ;;
    --label) label="$2"; shift 2 ;; --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
label=${label:-r${rooms}m${members}}
bench=${BENCH_DIR:-../shared/bench}
case " $servers " in *" node "*) [ -d "$bench/node_modules" ] || (cd "$bench" && npm install --silent) ;; esac
[ -f loadgen/target/loadgen.jar ] && [ -f gateway/target/gateway.jar ] || ./mvnw -B -q package -DskipTests
mkdir -p "$out"
gateway_opts=${GATEWAY_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}
loadgen_opts=${LOADGEN_JAVA_OPTS:--Xms512m -Xmx2g}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
pids=()

wait_health() {
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$1/health" | grep -q "${2:-serving}" && return; sleep 0.5; done
  echo "nothing healthy on port $1 (logs in $out)" >&2; exit 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Every gateway here may take one sender's full rate.
# cpus: when set, the cores (taskset -c) the next gateway runs on.
gateway() {  # name port [env...]
  local name=$1 port=$2; shift 2
  env PORT="$port" MANAGEMENT_PORT=0 HOST=127.0.0.1 DATA_DIR="$(mktemp -d)" CHAT_RATE_PER_SECOND=100000 CHAT_RATE_BURST=100000 ${GATEWAY_ENV:-} "$@" \
    ${cpus:+taskset -c "$cpus"} java $gateway_opts -jar "${GATEWAY_JAR:-gateway/target/gateway.jar}" > "$out/$label-$name.log" 2>&1 &
  pids+=($!)
}

start_servers() {  # sets urls and server_pid
  case "$1" in
    gateway)
      local p; p=$(free_port); gateway gateway "$p"; server_pid=${pids[-1]}; urls="ws://127.0.0.1:$p/ws"; wait_health "$p" ;;
    ddblocal)
      local p; p=$(free_port); gateway ddblocal "$p" STORE=dynamodb-local; server_pid=${pids[-1]}
      urls="ws://127.0.0.1:$p/ws"; wait_health "$p" ;;
    node)
      local p; p=$(free_port)
      PORT=$p node "$bench/peer-ws.mjs" > "$out/$label-node.log" 2>&1 &
      pids+=($!); server_pid=$!; urls="ws://127.0.0.1:$p/ws"; wait_health "$p" ok ;;
    single|fleet2|single-pinned|fleet2-pinned)
      local d; d=$(free_port)
      java -cp "${GATEWAY_JAR:-gateway/target/gateway.jar}" com.amazonaws.services.dynamodbv2.local.main.ServerRunner \
        -inMemory -port "$d" -disableTelemetry > "$out/$label-$1-dynamodb.log" 2>&1 &
      pids+=($!)
      local ddb=(DYNAMODB_ENDPOINT="http://127.0.0.1:$d" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local)
      local pinned=""; [ "${1%-pinned}" = "$1" ] || pinned=1
      if [ "${1%-pinned}" = single ]; then
        local p; p=$(free_port); cpus=${pinned:+0,1} gateway "$1" "$p" "${ddb[@]}"; server_pid=${pids[-1]}
        urls="ws://127.0.0.1:$p/ws"; wait_health "$p"
      else
        local p1 p2 h1 h2; p1=$(free_port); p2=$(free_port); h1=$(free_port); h2=$(free_port)
        local cluster=(CLUSTER_ENABLED=true CLUSTER_NAME="bench-$$" CLUSTER_MEMBERS="127.0.0.1:$h1,127.0.0.1:$h2")
        cpus=${pinned:+0} gateway "$1-a" "$p1" "${ddb[@]}" "${cluster[@]}" CLUSTER_PORT="$h1"; server_pid=${pids[-1]}
        cpus=${pinned:+1} gateway "$1-b" "$p2" "${ddb[@]}" "${cluster[@]}" CLUSTER_PORT="$h2"
        urls="ws://127.0.0.1:$p1/ws,ws://127.0.0.1:$p2/ws"
        wait_health "$p1" '"clusterNodes":2'; wait_health "$p2" '"clusterNodes":2'
      fi ;;
    *) echo "unknown server $1" >&2; exit 2 ;;
  esac
}

stop_servers() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
trap stop_servers EXIT

loadgen() {
  # Exit code 1 (no passing rate) is a result here, not an error.
  java $loadgen_opts -jar loadgen/target/loadgen.jar --url "$urls" --rooms "$rooms" --members "$members" \
    --senders "$senders" --size 200 --ramp 2000 --p99-bound-ms 100 ${sources:+--source-addresses "$sources"} \
    --server-pid "$server_pid" "$@" || true
}

for server in $servers; do
  start_servers "$server"
  # Unrecorded: the JIT compiles the hot paths of both JVMs before anything is measured.
  loadgen --rate "$start" --duration "$warm_seconds" --warmup 0 > /dev/null 2>&1
  loadgen --max-rate --max-rate-start "$start" --max-rate-steps "$steps" --duration "$duration" --warmup "$warmup" \
    --report-json "$out/$label-$server.json" --report-html "$out/$label-$server.html" > "$out/$label-$server.txt" 2>&1
  # Which model scored the messages (warm-up included), from the gateway's /metrics before it stops.
  mport=$(grep -o 'Management server .* on [0-9.]*:[0-9]*' "$out/$label-$server.log" 2>/dev/null | tail -1 | sed 's/.*://' || true)
  [ -z "$mport" ] || curl -sf "http://127.0.0.1:$mport/metrics" | grep -E '^pulsechat_sentiment_(scored|fallback)' \
    > "$out/$label-$server.sentiment" || true
  # How long the store took to make each batch durable (a message is delivered only after): SQLite against DynamoDB.
  [ -z "$mport" ] || curl -sf "http://127.0.0.1:$mport/metrics" | grep -E '^pulsechat_store_(flush|batch_size)' \
    > "$out/$label-$server.store" || true
  # The event bus of each gateway of single/fleet2: messages and bytes per address (the cluster hop's frames).
  : > "$out/$label-$server.eventbus"
  for log in "$out/$label-$server"*.log; do
    case "$log" in *dynamodb.log) continue ;; esac
    m=$(grep -o 'Management server .* on [0-9.]*:[0-9]*' "$log" 2>/dev/null | tail -1 | sed 's/.*://' || true)
    [ -z "$m" ] || curl -sf "http://127.0.0.1:$m/metrics" | grep -E '^(vertx_eventbus_|pulsechat_messages_accepted|pulsechat_deliveries|process_cpu_time)' \
      | sed "s|^|$(basename "$log" .log) |" >> "$out/$label-$server.eventbus" || true
  done
  stop_servers
  python3 - "$out/$label-$server.json" "$server" "$rooms" "$members" "$senders" <<'EOF'
import json, sys
path, server, rooms, members, senders = sys.argv[1:]
r = json.load(open(path))
best = max((s for s in r["steps"] if s["pass"]), key=lambda s: s["ratePerSender"], default=None)
def fmt(s):
    cpu = s.get("server", {}).get("cpuSeconds")
    per_m = f'{cpu / (s["received"] / 1e6):.2f}' if cpu and s["received"] else "-"
    return (f'rate/sender {s["ratePerSender"]:g}, {s["deliveriesPerSecond"]:,.0f} deliveries/s, '
            f'p99 {s["latencyMs"]["p99"]:.1f} ms, lost {s["lost"]}, server CPU s/M deliveries {per_m}')
steps = "; ".join(f'{s["ratePerSender"]:g}:{"pass" if s["pass"] else "FAIL"}' for s in r["steps"])
print(f'{server:8} {rooms}x({members}+{senders}) highest clean: {fmt(best) if best else "none"} | steps {steps}')
EOF
  [ ! -s "$out/$label-$server.sentiment" ] || sed 's/^/         /' "$out/$label-$server.sentiment"
done
