#!/usr/bin/env bash
# One loadgen scenario file against the gateway and the Node `ws` yardstick
# (../shared/bench/peer-ws.mjs), one after the other in one run, each server started fresh and
# warmed up with an unrecorded run of the same scenario first. Prints a line per server and the
# gateway/Node ratios; the JSON, HTML and text reports are under --out.
#
#   scripts/bench/scenario.sh --scenario loadgen/scenarios/shapes.json [--warm-seconds 30] \
#       [--label NAME] [--out target/bench/scenario]
#
# The scenario file must not name a url; --server-pid and the report paths are added here.
# GATEWAY_JAVA_OPTS (default -Xms512m -Xmx512m -XX:+UseParallelGC), LOADGEN_JAVA_OPTS and
# GATEWAY_ENV (for example GATEWAY_ENV="SENTIMENT_MODEL=fast") tune the runs; GATEWAY_JAR and
# LOADGEN_JAR (default: the ones ./mvnw package builds) run other builds. A scenario of several
# room shapes also prints each shape's line per server and the ratios by shape.
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario=""; warm_seconds=30; label=""; out=target/bench/scenario
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) scenario="$2"; shift 2 ;; --warm-seconds) warm_seconds="$2"; shift 2 ;;
    --label) label="$2"; shift 2 ;; --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$scenario" ] || { echo "--scenario FILE is required" >&2; exit 2; }
label=${label:-$(basename "$scenario" .json)}
bench=${BENCH_DIR:-../shared/bench}
[ -d "$bench/node_modules" ] || (cd "$bench" && npm install --silent)
gateway_jar=${GATEWAY_JAR:-gateway/target/gateway.jar}
loadgen_jar=${LOADGEN_JAR:-loadgen/target/loadgen.jar}
[ -f "$loadgen_jar" ] && [ -f "$gateway_jar" ] || ./mvnw -B -q package -DskipTests
mkdir -p "$out"
gateway_opts=${GATEWAY_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}
loadgen_opts=${LOADGEN_JAVA_OPTS:--Xms512m -Xmx2g}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
server_pid=""

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_health() {
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$1/health" | grep -q "$2" && return; sleep 0.5; done
  echo "nothing healthy on port $1 (logs in $out)" >&2; exit 1
}
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}
trap stop_server EXIT

for server in gateway node; do
  port=$(free_port)
  if [ "$server" = gateway ]; then
    # The send limit lifted, as for every server here, so a sender may take the scenario's rate.
    env PORT="$port" MANAGEMENT_PORT=0 HOST=127.0.0.1 DATA_DIR="$(mktemp -d)" CHAT_RATE_PER_SECOND=100000 \
      CHAT_RATE_BURST=100000 ${GATEWAY_ENV:-} java $gateway_opts -jar "$gateway_jar" \
      > "$out/$label-gateway.log" 2>&1 &
    server_pid=$!; wait_health "$port" serving
  else
    PORT=$port node "$bench/peer-ws.mjs" > "$out/$label-node.log" 2>&1 &
    server_pid=$!; wait_health "$port" ok
  fi
  run() { java $loadgen_opts -jar "$loadgen_jar" --scenario "$scenario" --url "ws://127.0.0.1:$port/ws" \
    --server-pid "$server_pid" "$@" || true; }
  run --duration "$warm_seconds" --warmup 0 --threshold 'p99<600s' > /dev/null 2>&1
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  run --report-json "$out/$label-$server.json" --report-html "$out/$label-$server.html" > "$out/$label-$server.txt" 2>&1
  echo "$load" > "$out/$label-$server.load"
  stop_server
done

python3 - "$out" "$label" <<'EOF'
import json, sys
out, label = sys.argv[1:]
rows = {}
for server in ("gateway", "node"):
    r = json.load(open(f"{out}/{label}-{server}.json"))
    s = r["steps"][0]
    c = r["connections"]["connectPhase"]
    cpu = s.get("server", {}).get("cpuSeconds")
    rows[server] = dict(pass_=r["verdict"]["pass"], dps=s["deliveriesPerSecond"], p50=s["latencyMs"]["p50"],
                        p99=s["latencyMs"]["p99"], lost=s["lost"], cpu=cpu / (s["received"] / 1e6) if cpu and s["received"] else None,
                        cjps=c.get("joinsPerSecond"), cp99=c["latencyMs"]["p99"],
                        load=open(f"{out}/{label}-{server}.load").read().strip())
    v = rows[server]
    cpu_text = f'{v["cpu"]:.2f}' if v["cpu"] else "-"
    print(f'{server:8} {"PASS" if v["pass_"] else "FAIL"} {v["dps"]:,.0f} deliveries/s, p50 {v["p50"]:.1f} ms,'
          f' p99 {v["p99"]:.1f} ms, lost {v["lost"]}, server CPU s per million deliveries {cpu_text},'
          f' connect {v["cjps"] or 0:,.0f} joins/s (p99 {v["cp99"]:.1f} ms), load average {v["load"]}')
g, n = rows["gateway"], rows["node"]
ratio = lambda a, b: f"{a / b:.2f}x" if a and b else "-"
print(f'gateway / node: deliveries/s {ratio(g["dps"], n["dps"])}, p99 {ratio(g["p99"], n["p99"])},'
      f' CPU per delivery {ratio(g["cpu"], n["cpu"])}, connect joins/s {ratio(g["cjps"], n["cjps"])}')
# A scenario of several room shapes: each shape's own deliveries and latency, side by side.
shapes = {}
for server in ("gateway", "node"):
    r = json.load(open(f"{out}/{label}-{server}.json"))
    for sh in r["steps"][0].get("shapes", []):
        shapes.setdefault(sh["shape"], {})[server] = sh
for shape, by in shapes.items():
    for server in ("gateway", "node"):
        sh = by.get(server)
        if sh:
            l = sh["latencyMs"]
            print(f'  {server:8} rooms {sh["rooms"]}x{shape}: {sh["deliveriesPerSecond"]:,.0f} deliveries/s, lost {sh["lost"]},'
                  f' p50 {l["p50"]:.1f} ms, p90 {l["p90"]:.1f} ms, p99 {l["p99"]:.1f} ms, p99.9 {l["p999"]:.1f} ms')
    if "gateway" in by and "node" in by:
        gl, nl = by["gateway"]["latencyMs"], by["node"]["latencyMs"]
        print(f'  gateway / node, rooms of {shape}: p50 {ratio(gl["p50"], nl["p50"])}, p99 {ratio(gl["p99"], nl["p99"])},'
              f' p99.9 {ratio(gl["p999"], nl["p999"])}')
EOF
