#!/usr/bin/env bash
# Memory per idle connection: 10,000 members join one room and stay idle. Reports, for the
# gateway, heap used after a full GC (before connecting and with every connection open) and,
# for the gateway and the Node yardstick, RSS before connecting and with every connection open.
#
#   scripts/bench/idle-memory.sh [--servers "gateway node"] [--conns 10000] [--out target/bench/idle.jsonl]
#
# GATEWAY_ENV adds settings to the gateway (for example GATEWAY_ENV="TRANSPORT=nio"); with every
# connection open, the gateway's live-object histogram (jmap -histo:live) is saved next to --out.
set -euo pipefail
cd "$(dirname "$0")/../.."
servers="gateway node"; conns=10000; out=target/bench/idle.jsonl
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) servers="$2"; shift 2 ;; --conns) conns="$2"; shift 2 ;; --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
bench=${BENCH_DIR:-../shared/bench}
[ -d "$bench/node_modules" ] || (cd "$bench" && npm install --silent)
# GATEWAY_JAR: a copy of the jar, so that a build meanwhile cannot replace it under a running benchmark.
jar=${GATEWAY_JAR:-gateway/target/gateway.jar}
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests
mkdir -p "$(dirname "$out")"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
java_opts=${GATEWAY_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}

heap_used_kib() {  # heap in use after a full GC, in KiB
  jcmd "$1" GC.run >/dev/null
  # Sum the "used" of the heap's generations (ParallelGC prints young and old, G1 one line).
  jcmd "$1" GC.heap_info | awk '/total/ && /used/ && !/Metaspace/ {
      for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub(/K,?/, "", v); sum += v } }
    END { print sum }'
}
rss_kib() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }

for server in $servers; do
  data=$(mktemp -d)
  port=$(free_port)
  if [ "$server" = gateway ]; then
    env PORT=$port MANAGEMENT_PORT=0 HOST=127.0.0.1 DATA_DIR="$data" ${GATEWAY_ENV:-} java $java_opts -jar "$jar" > target/bench/idle-gateway.log 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
    sleep 2
    heap_before=$(heap_used_kib "$pid")
    # With -XX:NativeMemoryTracking=summary in GATEWAY_JAVA_OPTS, the JVM's native memory by category too.
    case "$java_opts" in *NativeMemoryTracking*) jcmd "$pid" VM.native_memory summary > "${out%.*}-nmt-before.txt" || true ;; esac
  else
    PORT=$port node "$bench/peer-ws.mjs" > target/bench/idle-node.log 2>&1 &
    pid=$!
    sleep 1
    heap_before=""
  fi
  rss_before=$(rss_kib "$pid")
  node "$bench/loadgen.mjs" --url "ws://127.0.0.1:$port/ws" --rooms 1 --subs "$conns" --senders 0 \
    --duration 25 --warmup 0 --src-count 4 --conns-per-sec 2000 --server-pid "$pid" --label "$server" \
    --compact > target/bench/idle-loadgen.json 2>/dev/null &
  lg=$!
  # Wait until every connection has joined, then measure while they sit idle.
  for _ in $(seq 1 240); do
    n=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
    [ "$n" -ge "$conns" ] && break
    sleep 0.5
  done
  sleep 5
  rss_open=$(rss_kib "$pid")
  heap_open=""
  if [ "$server" = gateway ]; then
    heap_open=$(heap_used_kib "$pid"); rss_open=$(rss_kib "$pid")
    jmap -histo:live "$pid" | head -60 > "${out%.*}-histogram.txt" || true
    case "$java_opts" in *NativeMemoryTracking*) jcmd "$pid" VM.native_memory summary > "${out%.*}-nmt-open.txt" || true ;; esac
  fi
  wait "$lg" || true
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  line=$(JAR_USED="$jar" JAVA_OPTS_USED="$java_opts" node -e '
    const [server, conns, hb, ho, rb, ro] = process.argv.slice(1);
    const lg = JSON.parse(require("fs").readFileSync("target/bench/idle-loadgen.json", "utf8"));
    const per = (a, b) => a && b ? +(((+b) - (+a)) * 1024 / (+conns)).toFixed(0) : null;
    console.log(JSON.stringify({ server, javaOpts: server === "gateway" ? process.env.JAVA_OPTS_USED : undefined,
      env: server === "gateway" ? process.env.GATEWAY_ENV || undefined : undefined,
      jar: server === "gateway" ? process.env.JAR_USED : undefined,
      connections: lg.connections, heapKiBBefore: hb ? +hb : null,
      heapKiBOpen: ho ? +ho : null, heapBytesPerConnection: per(hb, ho), rssKiBBefore: +rb, rssKiBOpen: +ro,
      rssBytesPerConnection: per(rb, ro), loadgenRss: lg.server && lg.server.rssKiB }));
  ' "$server" "$conns" "$heap_before" "$heap_open" "$rss_before" "$rss_open")
  echo "$line" | tee -a "$out"
done
