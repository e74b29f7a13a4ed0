#!/usr/bin/env bash
# Idle connections held by a fleet on this machine, and what each costs: N clustered gateways
# (one is a fleet of one) sharing a DynamoDB Local process, and K loadgen processes whose members
# join R rooms, spread over every gateway and over several source addresses, then stay idle.
# A process may hold at most `ulimit -Hn` descriptors here (20,000), hence several of each for
# 50,000 connections. Reports per gateway: connections, heap in use after a full GC and RSS,
# before connecting and with every connection open, and the cost per connection.
#
#   scripts/bench/idle-fleet.sh [--nodes 3] [--conns 50000] [--loadgens 3] [--rooms 10]
#                               [--source-addresses 4] [--hold 30] [--out target/bench/idle-fleet]
#
# GATEWAY_JAVA_OPTS defaults to a fixed, pre-touched 512 MB heap, so RSS shows what connections add.
set -euo pipefail
cd "$(dirname "$0")/../.."
nodes=3; conns=50000; loadgens=3; rooms=10; sources=4; hold=30; out=target/bench/idle-fleet
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes="$2"; shift 2 ;; --conns) conns="$2"; shift 2 ;; --loadgens) loadgens="$2"; shift 2 ;;
    --rooms) rooms="$2"; shift 2 ;; --source-addresses) sources="$2"; shift 2 ;; --hold) hold="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;; *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f loadgen/target/loadgen.jar ] && [ -f gateway/target/gateway.jar ] || ./mvnw -B -q package -DskipTests
mkdir -p "$out"
gateway_opts=${GATEWAY_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
pids=()
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
heap_used_kib() {
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/total/ && /used/ && !/Metaspace/ {
      for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub(/K,?/, "", v); sum += v } } END { print sum }'
}
rss_kib() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
open_sockets() { ls -l "/proc/$1/fd" 2>/dev/null | grep -c socket || true; }

ddb=$(free_port)
java -cp gateway/target/gateway.jar com.amazonaws.services.dynamodbv2.local.main.ServerRunner -inMemory -port "$ddb" \
  -disableTelemetry > "$out/dynamodb.log" 2>&1 &
pids+=($!)
hz_members=""; ports=(); mgmt=(); hz=()
for i in $(seq 1 "$nodes"); do p=$(free_port); hz+=("$p"); hz_members+="${hz_members:+,}127.0.0.1:$p"; done
gw=()
for i in $(seq 1 "$nodes"); do
  p=$(free_port); ports+=("$p"); m=$(free_port); mgmt+=("$m")
  env PORT="$p" MANAGEMENT_PORT="$m" HOST=127.0.0.1 DATA_DIR="$(mktemp -d)" DYNAMODB_ENDPOINT="http://127.0.0.1:$ddb" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local CLUSTER_ENABLED=true CLUSTER_NAME="idle-$$" \
    CLUSTER_PORT="${hz[$((i-1))]}" CLUSTER_MEMBERS="$hz_members" \
    java $gateway_opts -jar gateway/target/gateway.jar > "$out/gateway-$i.log" 2>&1 &
  pids+=($!); gw+=($!)
done
urls=""
for p in "${ports[@]}"; do
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$p/health" | grep -q "\"clusterNodes\":$nodes" && break; sleep 0.5; done
  urls+="${urls:+,}ws://127.0.0.1:$p/ws"
done
sleep 3
declare -A heap_before rss_before
for g in "${gw[@]}"; do heap_before[$g]=$(heap_used_kib "$g"); rss_before[$g]=$(rss_kib "$g"); done

per_loadgen=$(( conns / loadgens )); per_room=$(( per_loadgen / rooms ))
lg=()
for k in $(seq 1 "$loadgens"); do
  java -Xms256m -Xmx2g -jar loadgen/target/loadgen.jar --url "$urls" --rooms "$rooms" --members "$per_room" \
    --senders 0 --room-prefix "idle$k-" --ramp 1500 --source-addresses "$sources" --duration "$hold" --warmup 0 \
    --connect-timeout 60 --report-json "$out/loadgen-$k.json" > "$out/loadgen-$k.txt" 2>&1 &
  pids+=($!); lg+=($!)
done
# Measure while every loadgen holds its connections: after the ramp, before the hold ends.
total=$(( per_room * rooms * loadgens ))
for _ in $(seq 1 600); do
  n=0; for g in "${gw[@]}"; do n=$(( n + $(open_sockets "$g") )); done
  [ "$n" -ge "$total" ] && break; sleep 1
done
sleep 5
echo "fleet of $nodes holding connections from $loadgens loadgen processes ($rooms rooms each, $sources source addresses):"
sum_conns=0
for i in "${!gw[@]}"; do
  g=${gw[$i]}; c=$(curl -s "http://127.0.0.1:${mgmt[$i]}/metrics" | awk '/^pulsechat_connections_open / { print int($2) }')
  h=$(heap_used_kib "$g"); r=$(rss_kib "$g")
  sum_conns=$(( sum_conns + ${c:-0} ))
  python3 -c "
c=${c:-0}; hb=${heap_before[$g]}; h=$h; rb=${rss_before[$g]}; r=$r
print(f'  gateway {$i+1}: {c:,} connections, heap {hb/1024:.0f} -> {h/1024:.0f} MiB ({(h-hb)*1024/max(c,1)/1000:.1f} KB/conn), RSS {rb/1024:.0f} -> {r/1024:.0f} MiB ({(r-rb)*1024/max(c,1)/1000:.1f} KB/conn)')"
done
echo "  total: $sum_conns connections open (asked for $total)"
for k in "${lg[@]}"; do wait "$k" || true; done
grep -h '^connections:' "$out"/loadgen-*.txt || true
