#!/usr/bin/env bash
# The load generator's own ceiling: how many deliveries a second loadgen.jar can receive and time
# on this machine. It aims one room of M members and one sender at a cheap server (the Node `ws`
# yardstick, ../shared/bench/peer-ws.mjs) and/or the gateway jar, stepping the rate, and prints
# per step the deliveries a second asked for and received, p99, and the loadgen's CPU per million
# deliveries. Where received/s stops following the target while the server still has CPU to
# spare, the loadgen is the limit.
#
#   scripts/bench/loadgen-ceiling.sh [--servers "node gateway"] [--members 1000] [--rates "50 100 200"]
#                                    [--duration 10] [--warmup 3] [--event-loops N] [--out target/bench/loadgen-ceiling.jsonl]
#
# LOADGEN_JAVA_OPTS (default -Xms256m -Xmx1g) and GATEWAY_JAVA_OPTS tune the two JVMs.
set -euo pipefail
cd "$(dirname "$0")/../.."
servers="node gateway"; members=1000; rates="50 100 200"; duration=10; warmup=3; loops=""
out=target/bench/loadgen-ceiling.jsonl
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) servers="$2"; shift 2 ;; --members) members="$2"; shift 2 ;; --rates) rates="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;; --warmup) warmup="$2"; shift 2 ;; --event-loops) loops="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;; *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
bench=${BENCH_DIR:-../shared/bench}
case " $servers " in *" node "*) [ -d "$bench/node_modules" ] || (cd "$bench" && npm install --silent) ;; esac
[ -f loadgen/target/loadgen.jar ] && [ -f gateway/target/gateway.jar ] || ./mvnw -B -q package -DskipTests
mkdir -p "$(dirname "$out")" target/bench
: > "$out"
port=19082
loadgen_opts=${LOADGEN_JAVA_OPTS:--Xms256m -Xmx1g}
gateway_opts=${GATEWAY_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

start_server() {
  case "$1" in
    gateway)
      data=$(mktemp -d)
      # One sender must be able to drive the room: lift the per-connection send limit.
      PORT=$port MANAGEMENT_PORT=0 HOST=127.0.0.1 DATA_DIR="$data" CHAT_RATE_PER_SECOND=100000 CHAT_RATE_BURST=100000 \
        java $gateway_opts -jar gateway/target/gateway.jar > target/bench/ceiling-gateway.log 2>&1 &
      pid=$! ;;
    node)
      PORT=$port node "$bench/peer-ws.mjs" > target/bench/ceiling-node.log 2>&1 &
      pid=$! ;;
  esac
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && return; sleep 0.5; done
  echo "$1 did not start (see target/bench/ceiling-$1.log)" >&2; exit 1
}
stop_server() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap 'stop_server' EXIT

loadgen() {
  # Exit code 1 (a failed step) is a result here, not an error.
  java $loadgen_opts -jar loadgen/target/loadgen.jar --url "ws://127.0.0.1:$port/ws" --rooms 1 \
    --members "$members" --senders 1 --size 200 ${loops:+--event-loops "$loops"} "$@" > /dev/null 2>&1 || true
}

for server in $servers; do
  start_server "$server"
  # An unrecorded run first, so JIT compilation of both JVMs is not billed to the first rate.
  loadgen --rate "${rates%% *}" --duration 5 --warmup 2 --drain 2 --run-id "warm$server"
  for rate in $rates; do
    json=target/bench/ceiling-$server-$rate.json
    loadgen --rate "$rate" --duration "$duration" --warmup "$warmup" --server-pid "$pid" \
      --run-id "c$server$rate" --report-json "$json"
    node -e 'const [f, s] = process.argv.slice(1); const r = JSON.parse(require("fs").readFileSync(f, "utf8"));
      console.log(JSON.stringify({server: s, ...r}));' "$json" "$server" >> "$out"
  done
  stop_server
done

node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(l => JSON.parse(l));
console.log("| server | rate/s | target deliveries/s | received/s | lost | p99 ms | pass | loadgen CPU % | loadgen CPU s per M deliveries | server CPU % |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const s = r.summary || {}, c = r.scenario, lg = s.loadgen || {}, sv = s.server || {};
  const target = c.rate * c.senders * (c.members + c.senders);
  const perM = s.received ? (lg.cpuSeconds / s.received * 1e6).toFixed(2) : "-";
  console.log(`| ${r.server} | ${c.rate} | ${target} | ${Math.round(s.deliveriesPerSecond || 0)} | ${s.lost} | ${s.latencyMs && s.latencyMs.p99} | ${r.verdict.pass} | ${lg.cpuPercent} | ${perM} | ${sv.cpuPercent} |`);
}' "$out"
