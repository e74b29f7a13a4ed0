#!/usr/bin/env bash
# What SENTIMENT_MODEL=auto does under load: the same fixed-rate loadgen scenario against a fresh
# gateway in each mode, then the share of messages each model scored (from /metrics) and the
# end-to-end latency loadgen measured; auto's added latency is its p50/p99 minus fast's.
#
#   scripts/bench/sentiment-modes.sh [--modes "fast auto"] [--rooms 100] [--members 50] [--rate 2] \
#       [--duration 10] [--warmup 3] [--out target/bench/sentiment-modes]
set -euo pipefail
cd "$(dirname "$0")/../.."
modes="fast auto"; rooms=100; members=50; rate=2; duration=10; warmup=3; out=target/bench/sentiment-modes
while [ $# -gt 0 ]; do
  case "$1" in
    --modes) modes="$2"; shift 2 ;; --rooms) rooms="$2"; shift 2 ;; --members) members="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;; --duration) duration="$2"; shift 2 ;; --warmup) warmup="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f loadgen/target/loadgen.jar ] && [ -f gateway/target/gateway.jar ] || ./mvnw -B -q package -DskipTests
mkdir -p "$out"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
for mode in $modes; do
  port=$(free_port); mport=$(free_port)
  data=$(mktemp -d)
  SENTIMENT_MODEL=$mode PORT=$port MANAGEMENT_PORT=$mport HOST=127.0.0.1 DATA_DIR="$data" \
    CHAT_RATE_PER_SECOND=1000 CHAT_RATE_BURST=1000 \
    java -Xms512m -Xmx512m -XX:+UseParallelGC -jar gateway/target/gateway.jar >"$out/gateway-$mode.log" 2>&1 &
  gw=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
  java -Xms512m -Xmx2g -jar loadgen/target/loadgen.jar --url "ws://127.0.0.1:$port/ws" --rooms "$rooms" \
    --members "$members" --senders 1 --rate "$rate" --duration "$duration" --warmup "$warmup" \
    --server-pid "$gw" --report-json "$out/$mode.json" >"$out/loadgen-$mode.txt" 2>&1 || true
  curl -s "http://127.0.0.1:$mport/metrics" | grep -E '^pulsechat_sentiment_(scored|fallback)_total' >"$out/metrics-$mode.txt" || true
  kill "$gw"; wait "$gw" 2>/dev/null || true
  rm -rf "$data"
  # the step table and the verdict; awk rather than grep | head, which fails the pipeline on SIGPIPE
  echo "== $mode"; awk '/^step|^ +[0-9]+ |^verdict/' "$out/loadgen-$mode.txt"; cat "$out/metrics-$mode.txt"
done
