#!/usr/bin/env bash
# Fan-out benchmark: one room of N members, one sender at each rate, against the gateway and the
# Node `ws` yardstick (../shared/bench/peer-ws.mjs), measured by ../shared/bench/loadgen.mjs on
# this machine. Prints one JSON line per run and a table at the end.
#
#   scripts/bench/fanout.sh [--servers "gateway gateway:nio gateway:epoll gateway:io_uring node"] [--rates "100 125 150"] [--subs 1000] [--runs 1]
#                           [--duration 15] [--warmup 5] [--out target/bench/fanout.jsonl] [--loaded-room]
#                           [--warm-seconds 45] [--external-dynamodb] [--trace] [--extra "LOADGEN OPTIONS"]
#
# --external-dynamodb: DynamoDB Local runs as a process of its own (from the gateway jar) and the
# gateway uses it through DYNAMODB_ENDPOINT, as it would use DynamoDB in AWS; the measured CPU is
# then the gateway's alone, without the database's.
#
# gateway:<transport> runs the gateway with TRANSPORT=<transport> (plain `gateway` takes the default, auto);
# GATEWAY_ENV adds settings to it (for example GATEWAY_ENV="SENTIMENT_MODEL=fast").
# Each JSON line also carries the machine's 1-minute load average before and after the run and, in
# `threads`, the server's user and system CPU seconds per kind of thread over the measured window
# (from /proc/<pid>/task/*/stat, sampled from the start of the window, when loadgen says it measures, to its end).
#
# --trace: gateways run with CHAT_DELIVERY_TRACE=true, and each JSON line carries in `stages` the
# delivery path's stages over the measured window (scripts/bench/lib/trace-stages.py: the
# score, store, release, handoff, write, flush, sent; count, mean, p50, p99 in ms).
#
# --loaded-room: the gateway is restarted on its data after the warm-up run, so the room is loaded
# from storage with history, and every new message costs a storage lookup of its clientMsgId.
set -euo pipefail
cd "$(dirname "$0")/../.."
servers="gateway node"; rates="100 125 150"; subs=1000; runs=1; duration=15; warmup=5; loaded=""; warm_seconds=45; external=""; extra=""; trace=""
out=target/bench/fanout.jsonl
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) servers="$2"; shift 2 ;; --rates) rates="$2"; shift 2 ;; --subs) subs="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;; --duration) duration="$2"; shift 2 ;; --warmup) warmup="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;; --loaded-room) loaded=1; shift ;; --warm-seconds) warm_seconds="$2"; shift 2 ;; --external-dynamodb) external=1; shift ;; --trace) trace=1; shift ;; --extra) extra="$2"; shift 2 ;; *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
bench=${BENCH_DIR:-../shared/bench}
[ -d "$bench/node_modules" ] || (cd "$bench" && npm install --silent)
# GATEWAY_JAR: a copy of the jar, so that a build meanwhile cannot replace it under a running benchmark.
jar=${GATEWAY_JAR:-gateway/target/gateway.jar}
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests
mkdir -p "$(dirname "$out")"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
java_opts=${GATEWAY_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}

start_server() {
  local transport=${1#gateway:}
  [ "$transport" != "$1" ] || transport=""
  case "$1" in
    gateway*)
      [ -n "${keep_data:-}" ] || data=$(mktemp -d)
      # The benchmark lifts the per-connection send limit so that one sender can drive the room.
      endpoint=""
      if [ -n "$external" ]; then
        if [ -z "${ddb_pid:-}" ]; then
          java -cp "$jar" com.amazonaws.services.dynamodbv2.local.main.ServerRunner \
            -port 19800 -dbPath "$data" -sharedDb -disableTelemetry > target/bench/dynamodb.log 2>&1 &
          ddb_pid=$!
          sleep 3
        fi
        endpoint=http://127.0.0.1:19800
      fi
      port=$(free_port)
      mport=$(free_port)
      env TRANSPORT=$transport DYNAMODB_ENDPOINT=$endpoint PORT=$port MANAGEMENT_PORT=$mport CHAT_DELIVERY_TRACE=$([ -n "$trace" ] && echo true || echo false) HOST=127.0.0.1 DATA_DIR="$data" CHAT_RATE_PER_SECOND=100000 CHAT_RATE_BURST=100000 ${GATEWAY_ENV:-} \
        java $java_opts -jar "$jar" > target/bench/gateway.log 2>&1 &
      pid=$!
      for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && return; sleep 0.5; done
      echo "gateway did not start (target/bench/gateway.log)" >&2; exit 1 ;;
    node)
      port=$(free_port)
      PORT=$port node "$bench/peer-ws.mjs" > target/bench/node.log 2>&1 &
      pid=$!
      sleep 1 ;;
  esac
}

stop_server() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap '[ -n "${ddb_pid:-}" ] && kill "$ddb_pid" 2>/dev/null || true' EXIT

for server in $servers; do
  start_server "$server"
  # An unrecorded run first: the JVM spends several CPU-seconds compiling the hot paths (C2),
  # which would otherwise be billed to the first measured rates.
  first_rate=${rates%% *}
  warm() {
    node "$bench/loadgen.mjs" --url "ws://127.0.0.1:$port/ws" --rooms 1 --subs "$subs" --senders 1 \
      --rate "$first_rate" --size 200 --duration "$warm_seconds" --warmup 5 --run-id "warm$1$server" $extra --compact > /dev/null 2>&1 || true
  }
  warm 1
  if [ "${server%%:*}" = gateway ] && [ -n "$loaded" ]; then
    stop_server
    keep_data=1 start_server "$server"
    warm 2
  fi
  for rate in $rates; do
    for run in $(seq 1 "$runs"); do
      load_before=$(cut -d' ' -f1 /proc/loadavg)
      # Per-thread CPU (and, with --trace, the delivery stages) over the measured window.
      stages_on=""; [ -n "$trace" ] && [ "${server%%:*}" = gateway ] && stages_on=1
      snap() {
        [ -z "$stages_on" ] || curl -s "http://127.0.0.1:$mport/metrics" > "target/bench/stages-$1.txt" &
        python3 scripts/bench/lib/thread-cpu.py snap "$pid" > "target/bench/threads-$1.json"
        wait
      }
      rm -f target/bench/stages-0.txt target/bench/stages-1.txt
      # The window opens when loadgen says it measures (its progress on stderr), after the ramp and the warm-up.
      progress=target/bench/loadgen-progress.log; : > "$progress"
      ( for _ in $(seq 1 1200); do grep -q "measuring for" "$progress" && break; sleep 0.2; done
        snap 0; sleep "$duration"; snap 1 ) &
      sampler=$!
      json=$(node "$bench/loadgen.mjs" --url "ws://127.0.0.1:$port/ws" --rooms 1 --subs "$subs" --senders 1 \
        --rate "$rate" --size 200 --duration "$duration" --warmup "$warmup" --server-pid "$pid" \
        --label "$server${loaded:+ (room loaded from storage)}${external:+ (DynamoDB Local in its own process)}" --run-id "${server/:/}$rate$run" $extra --compact 2>"$progress")
      wait "$sampler" || true
      threads=$(python3 scripts/bench/lib/thread-cpu.py diff target/bench/threads-0.json target/bench/threads-1.json 2>/dev/null || echo null)
      stages=null
      [ -z "$stages_on" ] || stages=$(python3 scripts/bench/lib/trace-stages.py diff target/bench/stages-0.txt target/bench/stages-1.txt 2>/dev/null || echo null)
      json=$(node -e 'const r = JSON.parse(process.argv[1]); r.loadAvg1m = [+process.argv[2], +process.argv[3]];
        r.threads = JSON.parse(process.argv[4]); const st = JSON.parse(process.argv[5]); if (st) r.stages = st;
        console.log(JSON.stringify(r))' "$json" "$load_before" "$(cut -d' ' -f1 /proc/loadavg)" "$threads" "$stages")
      echo "$json" >> "$out"
      echo "$json"
    done
  done
  stop_server
done

node -e '
const fs = require("fs");
const rows = fs.readFileSync(process.argv[1], "utf8").trim().split("\n").map(l => JSON.parse(l));
console.log("| server | target deliveries/s | received/s | lost | p99 ms | pass | CPU s per M deliveries | other CPU % | load avg |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const c = r.config || {}, s = r.server || {};
  const target = (c.ratePerSender || 0) * (c.sendersPerRoom || 0) * (c.subsPerRoom || 0);
  console.log(`| ${r.label} | ${target} | ${Math.round(r.deliveriesPerSec||0)} | ${r.lost} | ${r.latencyMs && r.latencyMs.p99} | ${r.pass} | ${s.cpuSecPerMillionDeliveries} | ${r.otherProcs && r.otherProcs.cpuPctWindow} | ${(r.loadAvg1m || []).join("-")} |`);
}
console.log("\nWhere the CPU goes (CPU s in the window, user / system, per kind of thread):");
for (const r of rows.filter(r => r.threads)) {
  const parts = Object.entries(r.threads).slice(0, 6).map(([k, v]) => `${k} ${v.user}/${v.sys}`);
  console.log(`- ${r.label} at ${(r.config || {}).ratePerSender}/s: ${parts.join(", ")}`);
}
const traced = rows.filter(r => r.stages);
if (traced.length) {
  console.log("\nDelivery stages (CHAT_DELIVERY_TRACE), p50 / p99 ms (count):");
  for (const r of traced) {
    const parts = Object.entries(r.stages).map(([k, v]) => `${k} ${v.p50_ms} / ${v.p99_ms} (${v.n})`);
    console.log(`- ${r.label} at ${(r.config || {}).ratePerSender}/s, client p50 ${r.latencyMs && r.latencyMs.p50}: ${parts.join(", ")}`);
  }
}' "$out"
